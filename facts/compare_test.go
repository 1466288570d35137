package facts

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storywatch/storywatch"
)

// -update-compare rewrites the golden change lists (so does -update when
// another test file of the package defines it).
var cmpUpdateFlag = flag.Bool("update-compare", false, "rewrite testdata/compare golden files")

func cmpUpdate() bool {
	if *cmpUpdateFlag {
		return true
	}
	if f := flag.Lookup("update"); f != nil {
		return f.Value.String() == "true"
	}
	return false
}

var p = storywatch.Ptr[string]

func fig(k storywatch.FigureKind, v int, approx storywatch.Approx) storywatch.Figure {
	return storywatch.Figure{Kind: k, Value: storywatch.Ptr(v), Approx: approx, Evidence: fmt.Sprintf("%s %d.", k, v)}
}

func person(name string, role string, age int) storywatch.Person {
	ps := storywatch.Person{Role: role, Evidence: name + " evidence."}
	if name != "" {
		ps.Name = p(name)
	}
	if age > 0 {
		ps.Age = storywatch.Ptr(age)
	}
	return ps
}

// summaries lists "kind: summary" of each change, the compact form the
// tests assert.
func summaries(cs []storywatch.Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c.Kind) + ": " + c.Summary
	}
	return out
}

func TestCompareFacts(t *testing.T) {
	v1 := storywatch.Version{Headline: "Four killed in attack", Paragraphs: []string{"Four people died. Twenty were hurt."}}
	v2 := storywatch.Version{Headline: "Five killed in attack", Paragraphs: []string{"Five people died. Thirty were hurt."}}
	desc := func(ps storywatch.Person, d string) storywatch.Person { ps.Description = p(d); return ps }
	nat := func(ps storywatch.Person, n string) storywatch.Person { ps.Nationality = p(n); return ps }
	status := func(ps storywatch.Person, s string) storywatch.Person { ps.Status = p(s); return ps }
	atLeast4 := fig(storywatch.Killed, 4, storywatch.AtLeast)
	rangeFig := storywatch.Figure{Kind: storywatch.Injured, Min: storywatch.Ptr(20), Max: storywatch.Ptr(30), Approx: storywatch.Range}
	hedged := fig(storywatch.Killed, 4, storywatch.Exact)
	hedged.Hedge = p("reportedly")
	withAttacker := fig(storywatch.Killed, 5, storywatch.Exact)
	withAttacker.IncludesPerpetrator = storywatch.Ptr(true)
	sourceOnly := fig(storywatch.Injured, 20, storywatch.Exact)
	sourceOnly.AttributedTo = p("NHS")
	sourceOnly.Evidence = "a different sentence"

	tests := []struct {
		name   string
		pf, cf storywatch.Facts
		want   []string
	}{
		{"figures", storywatch.Facts{Figures: []storywatch.Figure{
			fig(storywatch.Killed, 4, storywatch.Exact), fig(storywatch.Injured, 20, storywatch.Exact), fig(storywatch.Missing, 3, storywatch.Exact)}},
			storywatch.Facts{Figures: []storywatch.Figure{
				fig(storywatch.Injured, 30, storywatch.Exact), fig(storywatch.Killed, 5, storywatch.Exact), fig(storywatch.Arrested, 1, storywatch.Exact)}},
			[]string{
				"figure_changed: killed 4 → 5 (+1)",
				"figure_changed: injured 20 → 30 (+10)",
				"figure_removed: figure dropped: missing 3",
				"figure_added: new figure: arrested 1",
			}},
		{"qualifiers and revisions", storywatch.Facts{Figures: []storywatch.Figure{atLeast4, rangeFig, fig(storywatch.Hospitalized, 79, storywatch.Exact)}},
			storywatch.Facts{Figures: []storywatch.Figure{fig(storywatch.Killed, 5, storywatch.Exact), fig(storywatch.Injured, 29, storywatch.About), fig(storywatch.Hospitalized, 71, storywatch.Exact)}},
			[]string{
				"figure_changed: killed at least 4 → 5 (+1)",
				"figure_changed: injured between 20 and 30 → about 29",
				"figure_changed: hospitalized 79 → 71 (−8)",
			}},
		{"hedge dropped, attacker counted, new source ignored",
			storywatch.Facts{Figures: []storywatch.Figure{hedged, fig(storywatch.Injured, 20, storywatch.Exact)}},
			storywatch.Facts{Figures: []storywatch.Figure{withAttacker, sourceOnly}},
			[]string{"figure_changed: killed 4 (reportedly) → 5 (including the attacker) (+1)"}},
		{"victim named, then age added",
			storywatch.Facts{People: []storywatch.Person{desc(person("", storywatch.RoleVictim, 0), "police officer")}},
			storywatch.Facts{People: []storywatch.Person{desc(person("PC Keith Palmer", storywatch.RoleVictim, 0), "police officer")}},
			[]string{"person_identified: victim identified: PC Keith Palmer, police officer"}},
		{"age added then corrected", storywatch.Facts{People: []storywatch.Person{person("Keith Palmer", storywatch.RoleVictim, 0)}},
			storywatch.Facts{People: []storywatch.Person{person("Palmer", storywatch.RoleVictim, 48)}},
			[]string{"person_updated: age of Keith Palmer: 48"}},
		{"corrected age", storywatch.Facts{People: []storywatch.Person{person("Keith Palmer", storywatch.RoleVictim, 43)}},
			storywatch.Facts{People: []storywatch.Person{status(person("PC Keith Palmer", storywatch.RoleVictim, 48), "dead")}},
			[]string{"person_updated: age of PC Keith Palmer 43 → 48", "person_updated: status of PC Keith Palmer: dead"}},
		{"unnamed suspect named", storywatch.Facts{People: []storywatch.Person{
			desc(person("", storywatch.RoleSuspect, 52), "man"), person("Keith Palmer", storywatch.RoleVictim, 48)}},
			storywatch.Facts{People: []storywatch.Person{
				person("Keith Palmer", storywatch.RoleVictim, 48), nat(person("Khalid Masood", storywatch.RolePerpetrator, 52), "British")}},
			[]string{"person_identified: attacker identified: Khalid Masood, 52, British"}},
		{"unnamed suspect, age contradicts: not the same person", storywatch.Facts{People: []storywatch.Person{
			person("", storywatch.RoleSuspect, 52), person("", storywatch.RoleSuspect, 30)}},
			storywatch.Facts{People: []storywatch.Person{person("Khalid Masood", storywatch.RoleSuspect, 52), person("", storywatch.RoleSuspect, 30)}},
			[]string{"person_identified: suspect identified: Khalid Masood, 52"}},
		{"spelling variants and accents", storywatch.Facts{People: []storywatch.Person{
			person("Aysha Frade", storywatch.RoleVictim, 43), person("Khalid Massood", storywatch.RoleSuspect, 52), person("Kurt Cochran", storywatch.RoleVictim, 54)}},
			storywatch.Facts{People: []storywatch.Person{
				person("Aisha Fradé", storywatch.RoleVictim, 43), person("Khalid Masood", storywatch.RoleSuspect, 52), person("Mr. Cochran", storywatch.RoleVictim, 54)}},
			[]string{"person_updated: name of Aysha Frade → Aisha Fradé", "person_updated: name of Khalid Massood → Khalid Masood"}},
		{"different first names are different people", storywatch.Facts{People: []storywatch.Person{person("Keith Palmer", storywatch.RoleVictim, 48)}},
			storywatch.Facts{People: []storywatch.Person{person("Jane Palmer", storywatch.RoleWitness, 0)}},
			[]string{"person_identified: witness named: Jane Palmer", "person_removed: no longer mentioned: Keith Palmer (victim)"}},
		{"role and nationality", storywatch.Facts{People: []storywatch.Person{person("Khalid Masood", storywatch.RoleSuspect, 52)}},
			storywatch.Facts{People: []storywatch.Person{nat(person("Khalid Masood", storywatch.RolePerpetrator, 0), "British")}},
			[]string{"person_updated: role of Khalid Masood suspect → perpetrator", "person_updated: nationality of Khalid Masood: British"}},
		{"claims", storywatch.Facts{Claims: []storywatch.Claim{{Kind: storywatch.ClaimAttributed, Actor: "Islamic State", By: p("police")}}},
			storywatch.Facts{Claims: []storywatch.Claim{
				{Kind: storywatch.ClaimResponsibility, Actor: "Islamic State", Hedge: p("no evidence of links")},
				{Kind: storywatch.ClaimResponsibility, Actor: "islamic state"}}},
			[]string{"claim_added: responsibility claimed by Islamic State (no evidence of links)",
				"claim_removed: claim dropped: attack attributed to Islamic State by police"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summaries(CompareFacts(v1, v2, tt.pf.Normalize(), tt.cf.Normalize()))
			want := append([]string{"text_changed: 3 sentences changed, +3/−3 words", `headline_changed: headline: "Four killed in attack" → "Five killed in attack"`}, tt.want...)
			if !slices.Equal(got, want) {
				t.Errorf("changes\n got %q\nwant %q", got, want)
			}
		})
	}
}

func TestCompareFactsFields(t *testing.T) {
	v1 := storywatch.Version{Headline: "H", Paragraphs: []string{"Four people died."}}
	v2 := storywatch.Version{Headline: "H", Paragraphs: []string{"Five people died."}}
	cs := CompareFacts(v1, v2,
		storywatch.Facts{Figures: []storywatch.Figure{fig(storywatch.Killed, 4, storywatch.Exact)}},
		storywatch.Facts{Figures: []storywatch.Figure{fig(storywatch.Killed, 5, storywatch.Exact)}})
	if len(cs) != 2 {
		t.Fatalf("got %q", summaries(cs))
	}
	text, f := cs[0], cs[1]
	if st, ok := text.New.(storywatch.DiffStats); !ok || st.SentencesChanged != 1 || *text.Field != "text" {
		t.Errorf("text_changed carries %#v", text.New)
	}
	if *f.Field != "killed" || f.Delta == nil || *f.Delta != 1 || *f.EvidenceOld != "killed 4." || *f.EvidenceNew != "killed 5." {
		t.Errorf("figure change %+v", f)
	}
	if f.Old.(storywatch.Figure).Value == nil || f.FromVersion != nil || f.ToVersion != 0 || !f.At.IsZero() {
		t.Errorf("figure change %+v", f)
	}
}

func TestCompareTypoOnly(t *testing.T) {
	v1 := storywatch.Version{Headline: "H", Paragraphs: []string{"Police said the attacker was shot dead by an armed offcer."}}
	v2 := storywatch.Version{Headline: "H", Paragraphs: []string{"Police said the attacker was shot dead by an armed officer."}}
	f := storywatch.Facts{Figures: []storywatch.Figure{fig(storywatch.Killed, 4, storywatch.Exact)}}
	got := summaries(CompareFacts(v1, v2, f, f))
	if want := []string{"text_changed: 1 sentence changed, +1/−1 words"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCompareCorrectionAndSilentEdit(t *testing.T) {
	t0 := time.Date(2017, 3, 22, 16, 0, 0, 0, time.UTC)
	t1 := t0.Add(time.Hour)
	base := storywatch.Version{Headline: "H", Paragraphs: []string{"Four people died."}}
	with := func(f func(*storywatch.Version)) storywatch.Version {
		v := base
		v.Paragraphs = slices.Clone(base.Paragraphs)
		f(&v)
		return v
	}
	tests := []struct {
		name      string
		prev, cur storywatch.Version
		want      []string
	}{
		{"meta correction", base, with(func(v *storywatch.Version) {
			v.Paragraphs[0] = "Four people died on Wednesday."
			v.Meta.Correction = "An earlier version gave the wrong day."
		}), []string{"text_changed: 1 sentence changed, +2/−0 words", "correction_added: correction: An earlier version gave the wrong day."}},
		{"correction paragraph", base, with(func(v *storywatch.Version) {
			v.Paragraphs = append(v.Paragraphs, "Correction: this article originally misspelled the officer's name.")
		}), []string{"text_changed: 1 sentence added, +8/−0 words", "correction_added: correction: Correction: this article originally misspelled the officer's name."}},
		{"silent edit: modified unchanged", with(func(v *storywatch.Version) { v.Meta.Modified = &t0 }), with(func(v *storywatch.Version) {
			v.Meta.Modified = &t0
			v.Paragraphs[0] = "Three people died."
		}), []string{"text_changed: 1 sentence changed, +1/−1 words", "silent_edit: silent edit: text changed but modified time 2017-03-22T16:00:00Z did not"}},
		{"silent edit: updated line unchanged", with(func(v *storywatch.Version) { v.Meta.UpdatedLine = "Updated 16:00 GMT" }), with(func(v *storywatch.Version) {
			v.Meta.UpdatedLine = "Updated 16:00 GMT"
			v.Paragraphs[0] = "Three people died."
		}), []string{"text_changed: 1 sentence changed, +1/−1 words", `silent_edit: silent edit: text changed but updated line "Updated 16:00 GMT" did not`}},
		{"announced edit", with(func(v *storywatch.Version) { v.Meta.Modified = &t0 }), with(func(v *storywatch.Version) {
			v.Meta.Modified = &t1
			v.Paragraphs[0] = "Three people died."
		}), []string{"text_changed: 1 sentence changed, +1/−1 words"}},
		{"no metadata at all: nothing to call silent", base, with(func(v *storywatch.Version) { v.Paragraphs[0] = "Three people died." }),
			[]string{"text_changed: 1 sentence changed, +1/−1 words"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summaries(CompareFacts(tt.prev, tt.cur, storywatch.Facts{}, storywatch.Facts{}))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestNameScore(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"Keith Palmer", "PC Keith Palmer", true},
		{"Palmer", "Keith Palmer", true},
		{"Keith Palmer's", "Keith Palmer", true},
		{"K. Palmer", "Keith Palmer", true},
		{"Aysha Frade", "Aisha Fradé", true},
		{"Khalid Massood", "Khalid Masood", true},
		{"Mohammed Ali", "Muhammed Ali", true},
		{"Keith Palmer", "Jane Palmer", false},
		{"Kurt Cochran", "Melissa Cochran", false},
		{"Keith Palmer", "Khalid Masood", false},
		{"Police Constable Keith Palmer", "Keith Palmer", true},
	}
	for _, tt := range tests {
		if got := cmpNameScore(tt.a, tt.b) > 0; got != tt.same {
			t.Errorf("cmpNameScore(%q, %q) = %v, want same=%v", tt.a, tt.b, cmpNameScore(tt.a, tt.b), tt.same)
		}
	}
}

// loadVersion reads a version from the text format of testdata/compare
// (see its README.md).
func loadVersion(t *testing.T, path string, n int) storywatch.Version {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v := storywatch.Version{N: n}
	head, body, _ := strings.Cut(strings.ReplaceAll(string(raw), "\r\n", "\n"), "\n\n")
	for line := range strings.SplitSeq(head, "\n") {
		key, val, ok := strings.Cut(line, ": ")
		if !ok {
			t.Fatalf("%s: bad header line %q", path, line)
		}
		switch key {
		case "headline":
			v.Headline = val
		case "standfirst":
			v.Standfirst = val
		case "updated":
			v.Meta.UpdatedLine = val
		case "correction":
			v.Meta.Correction = val
		case "live":
			v.Meta.LiveBlog = val == "true"
		case "modified":
			tm, err := time.Parse(time.RFC3339, val)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			v.Meta.Modified = &tm
		default:
			t.Fatalf("%s: unknown header %q", path, key)
		}
	}
	for block := range strings.SplitSeq(body, "\n\n") {
		block = strings.TrimSpace(block)
		if block == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(block, "## "); ok {
			line, para, _ := strings.Cut(rest, "\n")
			timeText, title, _ := strings.Cut(line, " | ")
			e := storywatch.Entry{TimeText: strings.TrimSpace(timeText), Title: strings.TrimSpace(title)}
			if para = strings.TrimSpace(para); para != "" {
				e.Paragraphs = append(e.Paragraphs, para)
			}
			v.Entries = append(v.Entries, e)
			continue
		}
		if k := len(v.Entries); k > 0 {
			v.Entries[k-1].Paragraphs = append(v.Entries[k-1].Paragraphs, block)
		} else {
			v.Paragraphs = append(v.Paragraphs, block)
		}
	}
	return v
}

var cmpExtractDrift = flag.Bool("extract-drift", false, "TestCompareExtractDrift: compare with facts.Extract instead of the reference facts")

// story is one versioned story of testdata/compare with the reference
// facts of each version (vN.facts.json: what Extract should find).
type story struct {
	name     string
	versions []storywatch.Version
	facts    []storywatch.Facts
}

func loadStories(t *testing.T) []story {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join("testdata", "compare", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []story
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		st := story{name: filepath.Base(dir)}
		for n := 1; ; n++ {
			path := filepath.Join(dir, fmt.Sprintf("v%d.txt", n))
			if _, err := os.Stat(path); err != nil {
				break
			}
			st.versions = append(st.versions, loadVersion(t, path, n))
			raw, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("v%d.facts.json", n)))
			if err != nil {
				t.Fatal(err)
			}
			var f storywatch.Facts
			if err := json.Unmarshal(raw, &f); err != nil {
				t.Fatalf("%s v%d.facts.json: %v", dir, n, err)
			}
			st.facts = append(st.facts, f.Normalize())
		}
		if len(st.versions) < 3 {
			t.Fatalf("%s has %d versions, want at least 3", dir, len(st.versions))
		}
		out = append(out, st)
	}
	if len(out) < 6 {
		t.Fatalf("%d stories, want at least 6", len(out))
	}
	return out
}

// changeList renders the changes between neighbouring versions as in the
// .golden files.
func changeList(st story, facts func(i int) storywatch.Facts) string {
	var b strings.Builder
	for i := 1; i < len(st.versions); i++ {
		fmt.Fprintf(&b, "v%d → v%d\n", i, i+1)
		for _, c := range CompareFacts(st.versions[i-1], st.versions[i], facts(i-1), facts(i)) {
			field := ""
			if c.Field != nil {
				field = " [" + *c.Field + "]"
			}
			fmt.Fprintf(&b, "  %s%s: %s\n", c.Kind, field, c.Summary)
		}
	}
	return b.String()
}

// TestCompareGolden checks the exact change list between every pair of
// neighbouring versions of the stories in testdata/compare against
// <story>.golden, using the reference facts so the expectation does not
// move with Extract's heuristics.
func TestCompareGolden(t *testing.T) {
	for _, st := range loadStories(t) {
		t.Run(st.name, func(t *testing.T) {
			got := changeList(st, func(i int) storywatch.Facts { return st.facts[i] })
			golden := filepath.Join("testdata", "compare", st.name+".golden")
			if cmpUpdate() {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update-compare)", err)
			}
			if got != string(want) {
				t.Errorf("changes differ from %s\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}

// TestCompareExtractDrift runs the same stories through the real Extract
// and reports where the change lists differ from the golden ones: each
// difference is an Extract gap (or a reference to revisit). Opt-in with
// -extract-drift while Extract is being tuned.
func TestCompareExtractDrift(t *testing.T) {
	if !*cmpExtractDrift {
		t.Skip("opt-in: go test ./facts -run TestCompareExtractDrift -extract-drift")
	}
	for _, st := range loadStories(t) {
		t.Run(st.name, func(t *testing.T) {
			got := changeList(st, func(i int) storywatch.Facts { return Extract(st.versions[i]) })
			want, err := os.ReadFile(filepath.Join("testdata", "compare", st.name+".golden"))
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("with Extract\n--- got\n%s--- want (reference facts)\n%s", got, want)
			}
		})
	}
}
