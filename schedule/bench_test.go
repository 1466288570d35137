package schedule

import (
	"fmt"
	"testing"
	"time"

	"github.com/storywatch/storywatch"
)

// Next runs after every check; it must stay far below a fetch's cost.
func BenchmarkPolicyNext(b *testing.B) {
	now := time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ name, spec string }{
		{"adaptive", ""},
		{"cron", "*/10 * * * *"},
		{"cron_tz", "CRON_TZ=Europe/London 30 1 * * *"},
		{"every", "@every 15m"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			p, err := NewPolicy(PolicyOptions{})
			if err != nil {
				b.Fatal(err)
			}
			s := storywatch.Story{URL: "https://news.example/2026/05/10/story", Schedule: tc.spec, AddedAt: now.Add(-30 * time.Hour)}
			c := storywatch.Check{Outcome: storywatch.OutcomeUnchanged}
			b.ReportAllocs()
			for b.Loop() {
				p.Next(s, c, time.Time{}, now)
			}
		})
	}
}

func BenchmarkSpread(b *testing.B) {
	now := time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)
	for _, n := range []int{200, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				Spread(n, now, time.Second, 30*time.Minute)
			}
		})
	}
}
