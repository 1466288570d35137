package facts

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/storywatch/storywatch"
)

// article is one corpus file: the version to extract from and its gold facts.
type article struct {
	name    string
	style   string
	version storywatch.Version
	gold    storywatch.Facts
}

// parseArticle reads the corpus format described in testdata/README.md.
func parseArticle(name, text string) (article, error) {
	a := article{name: name}
	body, goldText, ok := strings.Cut(text, "\n=== GOLD\n")
	if !ok {
		return a, fmt.Errorf("%s: no === GOLD section", name)
	}
	if err := json.Unmarshal([]byte(goldText), &a.gold); err != nil {
		return a, fmt.Errorf("%s: gold: %w", name, err)
	}
	v := &a.version
	var day time.Time
	var entry *storywatch.Entry
	var para []string
	flush := func() {
		if len(para) == 0 {
			return
		}
		p := strings.Join(para, " ")
		para = nil
		if entry != nil {
			entry.Paragraphs = append(entry.Paragraphs, p)
		} else {
			v.Paragraphs = append(v.Paragraphs, p)
		}
	}
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	header := true
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " ")
		if header {
			key, val, found := strings.Cut(line, ": ")
			switch {
			case found && key == "HEADLINE":
				v.Headline = val
				continue
			case found && key == "STANDFIRST":
				v.Standfirst = val
				continue
			case found && key == "PUBLISHED":
				t, err := time.Parse(time.RFC3339, val)
				if err != nil {
					return a, fmt.Errorf("%s: published: %w", name, err)
				}
				v.Meta.Published = &t
				day = t
				continue
			case found && key == "LIVE":
				v.Meta.LiveBlog = val == "yes"
				continue
			case found && key == "STYLE":
				a.style = val
				continue
			case line == "":
				continue
			}
			header = false
		}
		switch {
		case strings.HasPrefix(line, "@ "):
			flush()
			mark := strings.TrimSpace(line[2:])
			v.Entries = append(v.Entries, storywatch.Entry{})
			entry = &v.Entries[len(v.Entries)-1]
			if mark == "KEY POINTS" {
				entry.KeyPoints = true
				entry.Title = "Key points"
				continue
			}
			entry.TimeText = mark
			if m, ok := clockMinutes(mark); ok && !day.IsZero() {
				t := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC).Add(time.Duration(m) * time.Minute)
				entry.Time = &t
			}
		case line == "":
			flush()
		default:
			para = append(para, line)
		}
	}
	flush()
	return a, nil
}

func loadCorpus(t testing.TB, dir string) []article {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []article
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, err := parseArticle(filepath.Base(f), string(b))
		if err != nil {
			t.Fatal(err)
		}
		// Re-derive entry pointers after appends moved the slice.
		out = append(out, a)
	}
	return out
}

// scores are the corpus metrics of the issue.
type scores struct {
	figRight, figTotal, figFalse int
	pTP, pFP, pFN                int // people on (name, role), unnamed matched by role
	nTP, nFP, nFN                int // named people only
	ageRight, ageTotal           int
	natRight, natTotal           int
	cTP, cFP, cFN                int
	problems                     []string
}

func f1(tp, fp, fn int) float64 {
	if tp == 0 {
		if fp == 0 && fn == 0 {
			return 1
		}
		return 0
	}
	p := float64(tp) / float64(tp+fp)
	r := float64(tp) / float64(tp+fn)
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func eqPtr(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func show(f storywatch.Figure) string {
	s := func(p *int) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p)
	}
	return fmt.Sprintf("%s=%s[%s..%s]%s", f.Kind, s(f.Value), s(f.Min), s(f.Max), f.Approx)
}

func (sc *scores) add(a article, got storywatch.Facts) {
	bad := func(format string, args ...any) {
		sc.problems = append(sc.problems, a.name+": "+fmt.Sprintf(format, args...))
	}
	// Figures: per gold kind, exact value or min/max for ranges and vague ones.
	for _, g := range a.gold.Figures {
		sc.figTotal++
		f, ok := got.Figure(g.Kind)
		switch {
		case !ok:
			bad("figure %s missing (gold %s)", g.Kind, show(g))
		case g.Value != nil && eqPtr(f.Value, g.Value), g.Value == nil && eqPtr(f.Min, g.Min) && eqPtr(f.Max, g.Max) && f.Value == nil:
			sc.figRight++
		default:
			bad("figure %s = %s, gold %s  | %s", g.Kind, show(f), show(g), f.Evidence)
		}
	}
	for _, f := range got.Figures {
		if _, ok := a.gold.Figure(f.Kind); !ok {
			sc.figFalse++
			bad("false figure %s  | %s", show(f), f.Evidence)
		}
	}
	// People: named matched on (name, role); unnamed on role, one to one.
	key := func(p storywatch.Person) string {
		n := "<unnamed>"
		if p.Name != nil {
			n = *p.Name
		}
		return n + "|" + p.Role
	}
	goldBy := map[string][]storywatch.Person{}
	for _, p := range a.gold.People {
		goldBy[key(p)] = append(goldBy[key(p)], p)
	}
	used := map[string]int{}
	for _, p := range got.People {
		k := key(p)
		if used[k] < len(goldBy[k]) {
			g := goldBy[k][used[k]]
			used[k]++
			sc.pTP++
			if p.Name != nil {
				sc.nTP++
				if g.Age != nil {
					sc.ageTotal++
					if eqPtr(p.Age, g.Age) {
						sc.ageRight++
					} else {
						bad("age of %s = %v, gold %d", k, deref(p.Age), *g.Age)
					}
				}
				if g.Nationality != nil {
					sc.natTotal++
					if p.Nationality != nil && *p.Nationality == *g.Nationality {
						sc.natRight++
					} else {
						bad("nationality of %s = %v, gold %s", k, derefS(p.Nationality), *g.Nationality)
					}
				}
			}
			continue
		}
		sc.pFP++
		if p.Name != nil {
			sc.nFP++
		}
		bad("false person %s  | %s", k, p.Evidence)
	}
	for k, gs := range goldBy {
		for i := used[k]; i < len(gs); i++ {
			sc.pFN++
			if gs[i].Name != nil {
				sc.nFN++
			}
			bad("missed person %s", k)
		}
	}
	// Claims on (kind, actor).
	ck := func(c storywatch.Claim) string { return c.Kind + "|" + c.Actor }
	gc := map[string]int{}
	for _, c := range a.gold.Claims {
		gc[ck(c)]++
	}
	for _, c := range got.Claims {
		if gc[ck(c)] > 0 {
			gc[ck(c)]--
			sc.cTP++
			continue
		}
		sc.cFP++
		bad("false claim %s  | %s", ck(c), c.Evidence)
	}
	for k, n := range gc {
		sc.cFN += n
		for ; n > 0; n-- {
			bad("missed claim %s", k)
		}
	}
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func derefS(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func (sc *scores) report(t *testing.T, label string, n int) {
	t.Logf("%s (%d articles): figures %.3f (%d/%d, %d false) | people F1 %.3f (named only %.3f) | age %.3f (%d) | nationality %.3f (%d) | claims F1 %.3f",
		label, n, ratio(sc.figRight, sc.figTotal), sc.figRight, sc.figTotal, sc.figFalse,
		f1(sc.pTP, sc.pFP, sc.pFN), f1(sc.nTP, sc.nFP, sc.nFN),
		ratio(sc.ageRight, sc.ageTotal), sc.ageTotal, ratio(sc.natRight, sc.natTotal), sc.natTotal,
		f1(sc.cTP, sc.cFP, sc.cFN))
	sort.Strings(sc.problems)
	for _, p := range sc.problems {
		t.Log("  " + p)
	}
}

// figureAccuracy counts a false figure as a wrong one, so reporting kinds
// that gold lacks costs as much as missing them.
func (sc *scores) figureAccuracy() float64 {
	return ratio(sc.figRight, sc.figTotal+sc.figFalse)
}

func runCorpus(t *testing.T, dir string) *scores {
	arts := loadCorpus(t, dir)
	if len(arts) == 0 {
		t.Fatalf("no articles in testdata/%s", dir)
	}
	sc := &scores{}
	for _, a := range arts {
		sc.add(a, Extract(a.version))
	}
	sc.report(t, dir, len(arts))
	return sc
}

func TestCorpus(t *testing.T) {
	for _, dir := range []string{"dev", "heldout", "heldout2", "heldout3"} {
		t.Run(dir, func(t *testing.T) {
			sc := runCorpus(t, dir)
			if dir != "dev" {
				// Measured and reported only: it stands for the unseen articles.
				return
			}
			if got := sc.figureAccuracy(); got < 0.95 {
				t.Errorf("figure accuracy %.3f < 0.95", got)
			}
			if got := f1(sc.pTP, sc.pFP, sc.pFN); got < 0.90 {
				t.Errorf("people F1 %.3f < 0.90", got)
			}
			if got := f1(sc.cTP, sc.cFP, sc.cFN); got < 0.85 {
				t.Errorf("claims F1 %.3f < 0.85", got)
			}
		})
	}
}
