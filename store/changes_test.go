package store

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/diff"
)

// Changes that lean on the version (object references, evidence flags,
// dictionary matches) and changes that do not (no version, odd
// from/to/at, values that are no facts object) read back exactly, through
// Changes, Versions and Checks, across full copies and deltas.
func TestChangesRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, filepath.Join(t.TempDir(), "s.db"), WithFullCopyEvery(4))
	id := addStory(t, db, "https://news.example/changes")
	var (
		want         []storywatch.Change
		wantByVer    = map[int][]storywatch.Change{}
		checks       []storywatch.Check
		prevFacts    *storywatch.Facts
		prevHeadline string
		prevV        *storywatch.Version
	)
	for k, v := range storyChain(7, 11) {
		f := richFacts(k, v)
		chs := richChanges(k, prevFacts, f)
		if k > 0 && k%3 != 2 { // the statistics of the texts: recomputed, not stored
			st := diff.Versions(*prevV, *v).Stats
			chs[0].New, chs[0].Summary = st, diff.Summary(st)
		}
		prevV = v
		if k > 0 { // values that are the headlines of the versions: references
			chs = append(chs, storywatch.Change{Kind: storywatch.HeadlineChanged, Field: storywatch.Ptr("headline"),
				Summary: fmt.Sprintf("headline: %q → %q", prevHeadline, v.Headline), Old: prevHeadline, New: v.Headline,
				EvidenceOld: storywatch.Ptr(prevHeadline), EvidenceNew: storywatch.Ptr(v.Headline)})
		}
		prevHeadline = v.Headline
		switch k {
		case 3: // after a suspect version: from an older version, at another time
			chs[0].FromVersion = storywatch.Ptr(1)
			chs[0].At = v.FetchedAt.Add(-time.Minute)
		case 5: // values and evidence found nowhere in the facts
			chs = append(chs, storywatch.Change{Kind: storywatch.FigureChanged, Summary: "odd",
				Old: storywatch.Figure{Kind: storywatch.Missing, Evidence: "nowhere"}, EvidenceOld: storywatch.Ptr("elsewhere"),
				New: map[string]any{"evidence": 3}, EvidenceNew: storywatch.Ptr("3")},
				storywatch.Change{Kind: storywatch.Revert, Old: 1 << 60, New: []any{nil, "ü", 1.5}, Field: storywatch.Ptr("")},
				// Summaries cut into templates, or not: values inside one
				// another, a value missing, control bytes of the template.
				storywatch.Change{Kind: storywatch.HeadlineChanged, Summary: `headline: "Fire" → "Fire kills 2"`,
					Old: "Fire", New: "Fire kills 2", EvidenceOld: storywatch.Ptr("Fire")},
				storywatch.Change{Kind: storywatch.HeadlineChanged, Summary: `headline: "Fire kills 2" → "Fire"`,
					Old: "Fire kills 2", New: "Fire", EvidenceNew: storywatch.Ptr("Fire kills")},
				storywatch.Change{Kind: storywatch.PersonUpdated, Summary: "status a", Old: "a", New: "b"},
				storywatch.Change{Kind: storywatch.PersonUpdated, Summary: "odd \x01 a → b \x02", Old: "a", New: "b"},
				storywatch.Change{Kind: storywatch.PersonUpdated, Summary: "a → b", Old: "a\x02", New: "b"})
		}
		c, err := db.RecordCheck(ctx, storywatch.CheckRecord{
			Check:   storywatch.Check{StoryID: id, At: v.FetchedAt, Outcome: storywatch.OutcomeChanged},
			Version: v, Facts: f, Changes: chs})
		if err != nil {
			t.Fatal(err)
		}
		checks = append(checks, c)
		want = append(want, c.Changes...)
		wantByVer[*c.Version] = c.Changes
		prevFacts = f
		if k == 8 { // a check without a version: the story is gone
			at := v.FetchedAt.Add(time.Minute)
			c, err := db.RecordCheck(ctx, storywatch.CheckRecord{
				Check:   storywatch.Check{StoryID: id, At: at, Outcome: storywatch.OutcomeError, HTTPStatus: 410},
				Changes: []storywatch.Change{{Kind: storywatch.StoryGone, Summary: "story gone (HTTP 410)", At: at.Add(-time.Second)}}})
			if err != nil {
				t.Fatal(err)
			}
			checks = append(checks, c)
			want = append(want, c.Changes...)
		}
	}
	// Which statistics were left out to be recomputed: those of the texts
	// from n-1 to n in a delta, and no others.
	var derived []int
	err := db.walk(ctx, db.r, id, 1, len(wantByVer), func(d *decoded) error {
		var recs []changeRec
		if len(d.changes) > 0 {
			if err := json.Unmarshal(d.changes, &recs); err != nil {
				return err
			}
		}
		for _, r := range recs {
			if r.Same&statsDerived != 0 {
				derived = append(derived, d.n)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Of the versions given the texts' statistics (2, 4, 5, 7, 8, 10, 11):
	// 5 is a key (an anchor every 4), 4's change is from version 1.
	if want := []int{2, 7, 8, 10, 11}; fmt.Sprint(derived) != fmt.Sprint(want) {
		t.Errorf("versions with recomputed statistics = %v, want %v", derived, want)
	}
	got, err := db.Changes(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if canonJSON(t, got) != canonJSON(t, want) {
		t.Errorf("Changes:\n got %s\nwant %s", canonJSON(t, got), canonJSON(t, want))
	}
	vis, err := db.Versions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, vi := range vis {
		if canonJSON(t, vi.Changes) != canonJSON(t, wantByVer[vi.N]) {
			t.Errorf("version %d changes:\n got %s\nwant %s", vi.N, canonJSON(t, vi.Changes), canonJSON(t, wantByVer[vi.N]))
		}
	}
	for _, limit := range []int{0, 1, 3} {
		cs, err := db.Checks(ctx, id, limit)
		if err != nil {
			t.Fatal(err)
		}
		w := checks
		if limit > 0 {
			w = checks[len(checks)-limit:]
		}
		if canonJSON(t, cs) != canonJSON(t, w) {
			t.Errorf("Checks(%d):\n got %s\nwant %s", limit, canonJSON(t, cs), canonJSON(t, w))
		}
	}
}

// canonJSON is v's JSON with object keys sorted: values read back are maps,
// values written were structs.
func canonJSON(t *testing.T, v any) string {
	t.Helper()
	var x any
	if err := json.Unmarshal([]byte(mustJSON(t, v)), &x); err != nil {
		t.Fatal(err)
	}
	return mustJSON(t, x)
}

// A text_changed stored without its summary reads it back from
// diff.Summary. If this test fails, diff.Summary renders differently now and
// rows written before would read back another summary than they were
// given: keep the old rendering in the store for summaryRendered and give
// the new one a flag of its own.
func TestRenderedSummaryFrozen(t *testing.T) {
	for _, tc := range []struct {
		stats storywatch.DiffStats
		want  string
	}{
		{storywatch.DiffStats{}, "no text change"},
		{storywatch.DiffStats{SentencesChanged: 1, WordsAdded: 2, WordsRemoved: 1}, "1 sentence changed, +2/−1 words"},
		{storywatch.DiffStats{SentencesChanged: 4, SentencesAdded: 1, WordsAdded: 27, WordsRemoved: 6, EditRatio: 0.0352},
			"4 sentences changed, 1 added, +27/−6 words"},
		{storywatch.DiffStats{SentencesAdded: 2, SentencesRemoved: 3, SentencesMoved: 1, WordsAdded: 40},
			"2 sentences added, 3 removed, 1 moved, +40/−0 words"},
		{storywatch.DiffStats{SentencesMoved: 1}, "1 sentence moved"},
	} {
		raw, err := json.Marshal(tc.stats)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := renderedSummary(raw); !ok || got != tc.want {
			t.Errorf("%s: rendered %q (%v), want %q", raw, got, ok, tc.want)
		}
	}
}

var update = flag.Bool("update", false, "rewrite golden files")

// Statistics left out as statsDerived are recomputed by diff.Versions on
// every read. If this test fails, diff.Versions finds other statistics now
// and rows written before would read back other statistics than they were
// given: keep the old diff for statsDerived (or store those statistics)
// and give the new one a flag of its own; do not just -update.
func TestDerivedStatsFrozen(t *testing.T) {
	chain := storyChain(3, 12)
	chain[5].Paragraphs = append(chain[5].Paragraphs[1:], chain[5].Paragraphs[0]) // a move
	chain[8].Paragraphs = nil                                                     // everything removed
	var b strings.Builder
	for i := 1; i < len(chain); i++ {
		prev, err := json.Marshal(docOf(chain[i-1]))
		if err != nil {
			t.Fatal(err)
		}
		cur, err := json.Marshal(docOf(chain[i]))
		if err != nil {
			t.Fatal(err)
		}
		st, ok, err := derivedStats(prev, cur)
		if err != nil || !ok {
			t.Fatalf("versions %d→%d: %v, %v", i, i+1, ok, err)
		}
		fmt.Fprintf(&b, "%d→%d %s\n", i, i+1, st)
	}
	golden := filepath.Join("testdata", "derived_stats.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("derived statistics changed:\n got %s\nwant %s", b.String(), want)
	}
}

// Texts too long to diff again on every read keep their statistics.
func TestDerivedStatsBounded(t *testing.T) {
	long := []byte(`{"h":"` + strings.Repeat("word ", maxDerivedText/5) + `"}`)
	if _, ok, err := derivedStats(long, []byte(`{"h":"x"}`)); ok || err != nil {
		t.Errorf("derivedStats of %d bytes = %v, %v; want not derived", len(long), ok, err)
	}
}
