package facts

import (
	"fmt"
	"testing"

	"github.com/storywatch/storywatch"
)

// TestCompareFactsDrift scores Extract against the hand-written reference
// facts of every version of the testdata/compare stories with the corpus
// metrics. The change-list drift test hides differences that do not change
// between versions; this one counts every wrong figure, person and claim.
// Opt-in with -extract-drift, like TestCompareExtractDrift.
func TestCompareFactsDrift(t *testing.T) {
	if !*cmpExtractDrift {
		t.Skip("opt-in: go test ./facts -run TestCompareFactsDrift -extract-drift -v")
	}
	sc := &scores{}
	n := 0
	for _, st := range loadStories(t) {
		for i, v := range st.versions {
			name := fmt.Sprintf("%s/v%d", st.name, i+1)
			got := Extract(v)
			sc.add(article{name: name, version: v, gold: st.facts[i]}, got)
			sc.problems = append(sc.problems, detailDrift(name, got, st.facts[i])...)
			n++
		}
	}
	sc.report(t, "compare", n)
	t.Logf("drift: %d differences", len(sc.problems))
}

// detailDrift lists what the corpus scorer does not look at: status and
// description of matched named people, and includes_perpetrator.
func detailDrift(name string, got, gold storywatch.Facts) []string {
	var out []string
	str := func(p *string) string {
		if p == nil {
			return "<nil>"
		}
		return *p
	}
	for _, g := range gold.People {
		if g.Name == nil {
			continue
		}
		for _, p := range got.People {
			if p.Name == nil || *p.Name != *g.Name || p.Role != g.Role {
				continue
			}
			if str(p.Status) != str(g.Status) {
				out = append(out, fmt.Sprintf("%s: status of %s = %s, gold %s", name, *g.Name, str(p.Status), str(g.Status)))
			}
			if str(p.Description) != str(g.Description) {
				out = append(out, fmt.Sprintf("%s: description of %s = %s, gold %s", name, *g.Name, str(p.Description), str(g.Description)))
			}
		}
	}
	if g, ok := gold.Figure("killed"); ok {
		if f, ok := got.Figure("killed"); ok {
			b := func(p *bool) string {
				if p == nil {
					return "<nil>"
				}
				return fmt.Sprint(*p)
			}
			if b(f.IncludesPerpetrator) != b(g.IncludesPerpetrator) {
				out = append(out, fmt.Sprintf("%s: includes_perpetrator = %s, gold %s", name, b(f.IncludesPerpetrator), b(g.IncludesPerpetrator)))
			}
		}
	}
	return out
}
