package facts

import (
	"strings"
	"testing"
	"time"

	"github.com/storywatch/storywatch"
)

// versionFromText builds a version from free text: the first line is the
// headline, blank lines separate paragraphs, "@ " lines start live entries.
func versionFromText(s string) storywatch.Version {
	var v storywatch.Version
	head, body, _ := strings.Cut(s, "\n")
	v.Headline = head
	for _, p := range strings.Split(body, "\n\n") {
		if strings.HasPrefix(p, "@ ") {
			t, rest, _ := strings.Cut(p[2:], "\n")
			v.Entries = append(v.Entries, storywatch.Entry{TimeText: t, Paragraphs: []string{rest}})
			continue
		}
		v.Paragraphs = append(v.Paragraphs, p)
	}
	return v
}

func FuzzExtract(f *testing.F) {
	for _, a := range loadCorpus(f, "dev")[:10] {
		f.Add(a.version.Headline + "\n" + strings.Join(a.version.Paragraphs, "\n\n"))
	}
	f.Add("Mr. U.S. St. Dr. a.a.a.a.a. 1,2,3 between 1 and and at least at least")
	f.Add(strings.Repeat("A man was shot. ", 50) + strings.Repeat("Two men, including 3 including 4 ", 30))
	f.Fuzz(func(t *testing.T, s string) {
		facts := Extract(versionFromText(s))
		if facts.Figures == nil || facts.People == nil || facts.Claims == nil || facts.Mentions == nil {
			t.Fatal("nil list")
		}
		seen := map[storywatch.FigureKind]bool{}
		for _, fig := range facts.Figures {
			if seen[fig.Kind] {
				t.Fatalf("two %s figures", fig.Kind)
			}
			seen[fig.Kind] = true
		}
	})
}

// hostileInputs are 1 MB texts shaped to provoke quadratic behaviour.
func hostileInputs() map[string]string {
	const mb = 1 << 20
	fill := func(unit string) string { return strings.Repeat(unit, mb/len(unit)+1)[:mb] }
	return map[string]string{
		"prose":     fill("Two men were wounded and a third died at the scene, police said. The victim was named as John Smith, 34. "),
		"names":     fill("Sgt Anna Maria Lopez Garcia said "),
		"dots":      fill("a."),
		"numbers":   fill("1,200 including 3 "),
		"caps":      fill("ALPHA Beta Gamma Delta "),
		"people":    fill("A man was arrested. A woman was injured. He died. "),
		"one-block": "Headline\n\n" + fill("and "),
	}
}

func TestExtractHostileInputIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("1 MB inputs")
	}
	for name, in := range hostileInputs() {
		start := time.Now()
		Extract(versionFromText("Headline\n" + in))
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("%s: %v for 1 MB", name, d)
		}
		t.Logf("%s: %v", name, time.Since(start))
	}
}
