package schedule

import (
	"strings"
	"testing"
	"time"

	"github.com/storywatch/storywatch"
)

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestParseSpec(t *testing.T) {
	for _, tc := range []struct {
		spec    string
		wantErr string
	}{
		{spec: "adaptive"},
		{spec: "*/10 * * * *"},
		{spec: "@every 15m"},
		{spec: "@hourly"},
		{spec: "@daily"},
		{spec: "CRON_TZ=Europe/London 30 1 * * *"},
		{spec: "TZ=America/New_York 0 9 * * 1-5"},
		{spec: "TZ=UTC\t0 9 * * *"},
		{spec: "", wantErr: "empty"},
		{spec: "TZ=UTC", wantErr: "followed by a space"},
		{spec: "CRON_TZ=UTC", wantErr: "followed by a space"},
		{spec: "TZ=0", wantErr: "followed by a space"},
		{spec: "CRON_TZ=Mars/Olympus 0 9 * * *", wantErr: "bad location"},
		{spec: "0 0 30 2 *", wantErr: "never fires"},
		{spec: "*/10 * * *", wantErr: "expected exactly 5 fields"},
		{spec: "0 */10 * * * *", wantErr: "expected exactly 5 fields"},
		{spec: "@fortnightly", wantErr: "unrecognized descriptor"},
		{spec: "61 * * * *", wantErr: "above maximum"},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			sp, err := ParseSpec(tc.spec)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("ParseSpec(%q): %v", tc.spec, err)
				}
				if sp.Adaptive != (tc.spec == Adaptive) || (!sp.Adaptive && sp.Cron == nil) {
					t.Fatalf("ParseSpec(%q) = %+v", tc.spec, sp)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("ParseSpec(%q) error = %v, want it to contain %q", tc.spec, err, tc.wantErr)
			}
			if ValidSpec(tc.spec) == nil {
				t.Fatalf("ValidSpec(%q) accepted what ParseSpec rejects", tc.spec)
			}
		})
	}
}

// Specs without a zone are UTC whatever the machine's zone.
func TestParseSpecDefaultsToUTC(t *testing.T) {
	sp, err := ParseSpec("0 9 * * *")
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 6, 1, 0, 0, 0, 0, time.FixedZone("X", 5*3600))
	if got, want := sp.Next(from).UTC(), time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("next = %s, want %s", got, want)
	}
}

// DST transitions in specs with a time zone: every fire time, in UTC.
func TestSpecNextDST(t *testing.T) {
	for _, tc := range []struct {
		name, spec, from string
		want             []string
	}{
		{
			// London springs forward at 01:00 GMT on 29 March 2026: 01:30
			// does not exist that day. robfig/cron alone skips the day; we
			// fire at 02:30 BST (01:30Z) instead.
			name: "spring forward skipped hour", spec: "CRON_TZ=Europe/London 30 1 * * *", from: "2026-03-28T02:00:00Z",
			want: []string{"2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z"},
		},
		{
			name: "spring forward 9am", spec: "CRON_TZ=America/New_York 0 9 * * *", from: "2026-03-07T15:00:00Z",
			want: []string{"2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z"},
		},
		{
			name: "fall back 9am", spec: "CRON_TZ=America/New_York 0 9 * * *", from: "2026-10-31T14:00:00Z",
			want: []string{"2026-11-01T14:00:00Z", "2026-11-02T14:00:00Z"},
		},
		{
			// The repeated 01:xx hour: robfig/cron fires in both; kept.
			name: "fall back repeated hour", spec: "TZ=Europe/London 30 1 * * *", from: "2026-10-24T02:00:00Z",
			want: []string{"2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-26T01:30:00Z"},
		},
		{
			name: "every 30 minutes across fall back", spec: "CRON_TZ=Europe/London */30 * * * *", from: "2026-10-25T00:20:00Z",
			want: []string{"2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z", "2026-10-25T02:00:00Z"},
		},
		{
			name: "every 30 minutes across spring forward", spec: "CRON_TZ=Europe/London */30 * * * *", from: "2026-03-29T00:20:00Z",
			want: []string{"2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z"},
		},
		{
			name: "descriptor in a zone", spec: "CRON_TZ=Europe/London @daily", from: "2026-03-28T12:00:00Z",
			want: []string{"2026-03-29T00:00:00Z", "2026-03-29T23:00:00Z"},
		},
		{
			name: "every is zone-free", spec: "@every 15m", from: "2026-03-29T00:50:00Z",
			want: []string{"2026-03-29T01:05:00Z", "2026-03-29T01:20:00Z"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sp, err := ParseSpec(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			at := mustTime(t, tc.from)
			for i, w := range tc.want {
				at = sp.Next(at)
				if want := mustTime(t, w); !at.Equal(want) {
					t.Fatalf("fire %d = %s, want %s", i, at.UTC().Format(time.RFC3339), w)
				}
			}
		})
	}
}

func TestPolicyNextAdaptive(t *testing.T) {
	p, err := NewPolicy(PolicyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	now := mustTime(t, "2026-05-10T12:00:00Z")
	ok := storywatch.Check{Outcome: storywatch.OutcomeUnchanged}
	for _, tc := range []struct {
		name    string
		added   time.Duration // before now
		changed time.Duration // before now; 0 = never changed
		every   time.Duration
		state   storywatch.StoryState
	}{
		{"just added", 0, 0, 5 * time.Minute, storywatch.StateActive},
		{"added 2h ago", 2 * time.Hour, 0, 5 * time.Minute, storywatch.StateActive},
		{"added 5h ago", 5 * time.Hour, 0, 15 * time.Minute, storywatch.StateQuiet},
		{"added 2 days ago", 48 * time.Hour, 0, time.Hour, storywatch.StateQuiet},
		{"added 10 days ago", 240 * time.Hour, 0, 6 * time.Hour, storywatch.StateQuiet},
		{"added 20 days ago", 480 * time.Hour, 0, 24 * time.Hour, storywatch.StateQuiet},
		{"added 31 days ago", 744 * time.Hour, 0, 0, storywatch.StateStopped},
		{"old story changed just now", 744 * time.Hour, time.Nanosecond, 5 * time.Minute, storywatch.StateActive},
		{"old story changed 4 days ago", 744 * time.Hour, 96 * time.Hour, 6 * time.Hour, storywatch.StateQuiet},
		{"changed exactly 3h ago", 10 * time.Hour, 3 * time.Hour, 15 * time.Minute, storywatch.StateQuiet},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := storywatch.Story{URL: "https://news.example/" + tc.name, AddedAt: now.Add(-tc.added)}
			if tc.changed > 0 {
				s.LastChangedAt = storywatch.Ptr(now.Add(-tc.changed))
			}
			next, state := p.Next(s, ok, time.Time{}, now)
			if state != tc.state {
				t.Fatalf("state = %s, want %s", state, tc.state)
			}
			if tc.every == 0 {
				return
			}
			// The story's slot: at least half an interval away, at most one
			// and a half, at the URL's fixed phase.
			if d := next.Sub(now); d <= tc.every/2 || d > tc.every*3/2 {
				t.Fatalf("next in %s, want within (%s, %s]", d, tc.every/2, tc.every*3/2)
			}
			if phase := time.Duration(next.UnixNano() % int64(tc.every)); phase != jitter(s.URL, tc.every) {
				t.Fatalf("phase %s, want the URL's %s", phase, jitter(s.URL, tc.every))
			}
		})
	}
}

// A story keeps its phase: checked on time, the interval is exact; checked
// late, the next slot does not drift.
func TestPolicySlotsKeepPhase(t *testing.T) {
	p, _ := NewPolicy(PolicyOptions{})
	s := storywatch.Story{URL: "https://news.example/phase", AddedAt: mustTime(t, "2026-05-10T12:00:00Z")}
	ok := storywatch.Check{Outcome: storywatch.OutcomeUnchanged}
	first, _ := p.Next(s, ok, time.Time{}, s.AddedAt)
	second, _ := p.Next(s, ok, time.Time{}, first)
	if second.Sub(first) != 5*time.Minute {
		t.Fatalf("on-time interval %s, want 5m", second.Sub(first))
	}
	late, _ := p.Next(s, ok, time.Time{}, first.Add(90*time.Second))
	if !late.Equal(second) {
		t.Fatalf("after a late check next = %s, want the same slot %s", late, second)
	}
}

func TestPolicyNextErrors(t *testing.T) {
	p, err := NewPolicy(PolicyOptions{GoneAfter: 3})
	if err != nil {
		t.Fatal(err)
	}
	now := mustTime(t, "2026-05-10T12:00:00Z")
	young := now.Add(-time.Hour)
	httpErr := func(status int, class string) storywatch.Check {
		return storywatch.Check{Outcome: storywatch.OutcomeError, HTTPStatus: status, Error: &storywatch.CheckError{Class: class}}
	}
	for _, tc := range []struct {
		name       string
		added      time.Time
		errs       int
		check      storywatch.Check
		retryAfter time.Duration
		minDelay   time.Duration // next - now lies in [minDelay, minDelay*1.1)
		state      storywatch.StoryState
	}{
		{"first network error", young, 1, httpErr(0, storywatch.ErrClassNetwork), 0, 5 * time.Minute, storywatch.StateActive},
		{"third error doubles twice", young, 3, httpErr(503, storywatch.ErrClassHTTP), 0, 20 * time.Minute, storywatch.StateActive},
		{"backoff is capped", young, 12, httpErr(0, storywatch.ErrClassTimeout), 0, 6 * time.Hour, storywatch.StateActive},
		{"failing after about three days", young, 20, httpErr(0, storywatch.ErrClassTimeout), 0, 6 * time.Hour, storywatch.StateFailing},
		{"never more often than healthy", now.Add(-10 * 24 * time.Hour), 1, httpErr(500, storywatch.ErrClassHTTP), 0, 6 * time.Hour, storywatch.StateQuiet},
		{"404 twice is not gone yet", young, 2, httpErr(404, storywatch.ErrClassHTTP), 0, 10 * time.Minute, storywatch.StateActive},
		{"404 three times is gone", young, 3, httpErr(404, storywatch.ErrClassHTTP), 0, -1, storywatch.StateGone},
		{"410 class gone", young, 5, httpErr(410, storywatch.ErrClassGone), 0, -1, storywatch.StateGone},
		{"long Retry-After wins", young, 1, httpErr(429, storywatch.ErrClassRateLimited), 3 * time.Hour, 3 * time.Hour, storywatch.StateActive},
		{"short Retry-After loses to backoff", young, 4, httpErr(429, storywatch.ErrClassRateLimited), time.Minute, 40 * time.Minute, storywatch.StateActive},
		{"erroring story ages out", now.Add(-40 * 24 * time.Hour), 2, httpErr(0, storywatch.ErrClassNetwork), 0, -1, storywatch.StateStopped},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := storywatch.Story{URL: "https://news.example/" + tc.name, AddedAt: tc.added, ConsecutiveErrors: tc.errs}
			var ra time.Time
			if tc.retryAfter > 0 {
				ra = now.Add(tc.retryAfter)
			}
			next, state := p.Next(s, tc.check, ra, now)
			if state != tc.state {
				t.Fatalf("state = %s, want %s", state, tc.state)
			}
			if tc.minDelay < 0 {
				return
			}
			if d := next.Sub(now); d < tc.minDelay || d >= tc.minDelay+tc.minDelay/10+time.Nanosecond {
				t.Fatalf("next in %s, want [%s, %s]", d, tc.minDelay, tc.minDelay+tc.minDelay/10)
			}
		})
	}
}

func TestPolicySpecResolution(t *testing.T) {
	p, err := NewPolicy(PolicyOptions{
		Default: "@every 2h",
		Events:  map[string]string{"quake": "*/10 * * * *", "blank": ""},
	})
	if err != nil {
		t.Fatal(err)
	}
	now := mustTime(t, "2026-05-10T12:03:00Z")
	ok := storywatch.Check{Outcome: storywatch.OutcomeChanged}
	for _, tc := range []struct {
		name   string
		story  storywatch.Story
		window [2]string // next lies in [from, to)
	}{
		{"default", storywatch.Story{URL: "https://a.example/1"}, [2]string{"2026-05-10T13:03:00Z", "2026-05-10T15:03:00Z"}},
		{"event", storywatch.Story{URL: "https://a.example/2", Event: "quake"}, [2]string{"2026-05-10T12:10:00Z", "2026-05-10T12:10:30Z"}},
		{"event without spec uses default", storywatch.Story{URL: "https://a.example/3", Event: "blank"}, [2]string{"2026-05-10T13:03:00Z", "2026-05-10T15:03:00Z"}},
		{"story wins over event", storywatch.Story{URL: "https://a.example/4", Event: "quake", Schedule: "@hourly"}, [2]string{"2026-05-10T13:00:00Z", "2026-05-10T13:00:30Z"}},
		{"story adaptive over cron default", storywatch.Story{URL: "https://a.example/5", Schedule: "adaptive", AddedAt: now}, [2]string{"2026-05-10T12:05:30Z", "2026-05-10T12:10:31Z"}},
		{"bad stored spec falls back", storywatch.Story{URL: "https://a.example/6", Schedule: "TZ=UTC"}, [2]string{"2026-05-10T13:03:00Z", "2026-05-10T15:03:00Z"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			next, state := p.Next(tc.story, ok, time.Time{}, now)
			if state != storywatch.StateActive {
				t.Fatalf("state = %s", state)
			}
			if next.Before(mustTime(t, tc.window[0])) || !next.Before(mustTime(t, tc.window[1])) {
				t.Fatalf("next = %s, want in [%s, %s)", next.Format(time.RFC3339Nano), tc.window[0], tc.window[1])
			}
		})
	}
}

// Jitter depends on the URL only, so a restart keeps every story's slot,
// and stories sharing a cron spec do not all start on one second.
func TestCronJitterSpreadsStories(t *testing.T) {
	p, _ := NewPolicy(PolicyOptions{Default: "*/10 * * * *"})
	now := mustTime(t, "2026-05-10T12:03:00Z")
	seconds := map[int]bool{}
	for i := range 100 {
		s := storywatch.Story{URL: "https://news.example/story/" + strings.Repeat("x", i)}
		a, _ := p.Next(s, storywatch.Check{Outcome: storywatch.OutcomeUnchanged}, time.Time{}, now)
		b, _ := p.Next(s, storywatch.Check{Outcome: storywatch.OutcomeUnchanged}, time.Time{}, now)
		if !a.Equal(b) {
			t.Fatal("jitter is not deterministic")
		}
		seconds[a.Second()] = true
	}
	if len(seconds) < 20 {
		t.Fatalf("100 stories start on only %d distinct seconds", len(seconds))
	}
}

func TestNewPolicyRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts PolicyOptions
		want string
	}{
		{"bad default", PolicyOptions{Default: "every hour"}, "default schedule"},
		{"bad event", PolicyOptions{Events: map[string]string{"quake": "TZ=UTC"}}, "event quake"},
		{"tiers out of order", PolicyOptions{Tiers: []Tier{{Until: 2 * time.Hour, Every: time.Minute}, {Until: time.Hour, Every: time.Hour}}}, "tier 1"},
		{"backoff cap below base", PolicyOptions{ErrorBackoff: time.Hour, MaxBackoff: time.Minute}, "max backoff"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewPolicy(tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// A tier with Every 0 stops the story early.
func TestPolicyZeroTierStops(t *testing.T) {
	p, err := NewPolicy(PolicyOptions{Tiers: []Tier{{Until: time.Hour, Every: time.Minute}, {Until: 2 * time.Hour, Every: 0}, {Until: 3 * time.Hour, Every: time.Hour}}})
	if err != nil {
		t.Fatal(err)
	}
	now := mustTime(t, "2026-05-10T12:00:00Z")
	_, state := p.Next(storywatch.Story{URL: "https://x.example/", AddedAt: now.Add(-90 * time.Minute)}, storywatch.Check{Outcome: storywatch.OutcomeUnchanged}, time.Time{}, now)
	if state != storywatch.StateStopped {
		t.Fatalf("state = %s, want stopped", state)
	}
}

func TestSpreadAfterSixHoursDowntime(t *testing.T) {
	now := mustTime(t, "2026-05-10T18:00:00Z")
	// 200 stories on 5-minute slots missed six hours of checks.
	got := Spread(200, now, time.Second, 30*time.Minute)
	if len(got) != 200 || !got[0].Equal(now) {
		t.Fatalf("spread starts at %v with %d times", got[0], len(got))
	}
	perSecond := map[int64]int{}
	for i, at := range got {
		if i > 0 && !at.After(got[i-1]) {
			t.Fatalf("times not increasing at %d", i)
		}
		perSecond[at.Unix()]++
	}
	if last := got[199].Sub(now); last != 199*time.Second {
		t.Fatalf("last check %s after restart, want 199s", last)
	}
	// Ten thousand stories are squeezed into the window, still in order.
	big := Spread(10000, now, time.Second, 30*time.Minute)
	if last := big[len(big)-1].Sub(now); last > 30*time.Minute {
		t.Fatalf("spread over %s, want at most 30m", last)
	}
	if Spread(0, now, time.Second, time.Minute) != nil {
		t.Fatal("Spread(0) not empty")
	}
}

func TestPolicyPlanned(t *testing.T) {
	now := mustTime(t, "2026-05-10T12:03:00Z")
	s := storywatch.Story{URL: "https://a.example/p", AddedAt: now.Add(-time.Hour)}
	before, _ := NewPolicy(PolicyOptions{})
	after, _ := NewPolicy(PolicyOptions{Default: "@daily"})
	if d := before.Planned(s, now).Sub(now); d > 8*time.Minute {
		t.Fatalf("adaptive plan in %s", d)
	}
	if got := after.Planned(s, now); got.Before(mustTime(t, "2026-05-11T00:00:00Z")) || got.After(mustTime(t, "2026-05-11T00:00:30Z")) {
		t.Fatalf("daily plan at %s", got)
	}
}
