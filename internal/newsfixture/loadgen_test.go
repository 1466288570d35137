package newsfixture

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestLoadMixedDeterministic: revision r of a story is a function of
// (seed, story, r) alone, whatever rounds led to it.
func TestLoadMixedDeterministic(t *testing.T) {
	for _, i := range []int{0, 7, 8, 9, 42} {
		a, ka := loadArticleMixed(3, i, 12, loadMarkup(i))
		b, kb := loadArticleMixed(3, i, 12, loadMarkup(i))
		if !reflect.DeepEqual(a, b) || !slices.Equal(ka, kb) {
			t.Errorf("story %d: two renders of revision 12 differ", i)
		}
		if c, _ := loadArticleMixed(4, i, 12, loadMarkup(i)); loadText(c) == loadText(a) {
			t.Errorf("story %d: seeds 3 and 4 give the same text", i)
		}
	}
	l := NewLoadSite(LoadOptions{Stories: 60, Seed: 3, MixedEdits: true})
	for range 6 {
		l.Edit(40)
	}
	for i := range l.Len() {
		want, kinds := loadArticleMixed(3, i, l.Revision(i), loadMarkup(i))
		if got := l.Article(i); !reflect.DeepEqual(got, want) {
			t.Errorf("story %d at revision %d: the site's article differs from a fresh render", i, l.Revision(i))
		}
		if got := l.EditKinds(i); len(got) != len(kinds) {
			t.Errorf("story %d: %d edit kinds for %d revisions", i, len(got), l.Revision(i))
		}
	}
	// Without the option the site serves the breaking-news updates.
	plain := NewLoadSite(LoadOptions{Stories: 3, Seed: 3})
	plain.Edit(100)
	if !reflect.DeepEqual(plain.Article(1), loadArticle(3, 1, 1, loadMarkup(1))) || plain.EditKinds(1) != nil {
		t.Error("MixedEdits off: articles are not the breaking-news updates")
	}
}

// TestLoadMixedKinds: every kind of edit occurs, about as often as the
// mix says, and the headline changes in about a third of revisions.
func TestLoadMixedKinds(t *testing.T) {
	const stories, revs = 400, 10
	count := map[loadEditKind]int{}
	headlines := 0
	for i := range stories {
		_, kinds := loadArticleMixed(5, i, revs, loadMarkup(i))
		for _, k := range kinds {
			count[k]++
		}
		prev, _ := loadArticleMixed(5, i, 0, loadMarkup(i))
		for r := 1; r <= revs; r++ {
			a, _ := loadArticleMixed(5, i, r, loadMarkup(i))
			if a.Headline != prev.Headline {
				headlines++
			}
			prev = a
		}
	}
	for _, e := range loadEditMix {
		got := float64(count[e.kind]) * 100 / (stories * revs)
		// Corrections and removals with nothing left fall back to rewording.
		if got < float64(e.percent)-4 || got > float64(e.percent)+5 {
			t.Errorf("%s: %.1f %% of revisions, want about %d %%", e.kind, got, e.percent)
		}
	}
	if got := float64(headlines) * 100 / (stories * revs); got < 28 || got > 42 {
		t.Errorf("headline changed in %.1f %% of revisions, want about a third", got)
	}
}

// TestLoadMixedChanges: every revision changes the text, in every markup.
func TestLoadMixedChanges(t *testing.T) {
	for i := range 100 {
		prev, _ := loadArticleMixed(6, i, 0, loadMarkup(i))
		for r := 1; r <= 30; r++ {
			a, kinds := loadArticleMixed(6, i, r, loadMarkup(i))
			if loadText(a) == loadText(prev) {
				t.Errorf("story %d (%s) revision %d (%s) left the text as it was", i, loadMarkup(i), r, kinds[r-1])
			}
			if a.UpdatedLine == "" {
				t.Errorf("story %d revision %d: no Updated line", i, r)
			}
			prev = a
		}
	}
}

var loadFigure = regexp.MustCompile(`(?i)\b([0-9]+|no one|one|two|three|four|five|six|seven|eight|nine)\b`)

func loadFigures(s string) []string {
	fs := loadFigure.FindAllString(strings.ToLower(s), -1)
	slices.Sort(fs)
	return fs
}

// TestLoadMixedFigures: rewordings and corrections keep every figure of
// the text; quotes and background paragraphs add none (live blogs aside,
// whose new entries carry a time).
func TestLoadMixedFigures(t *testing.T) {
	seen := map[loadEditKind]int{}
	for i := range 150 {
		prev, _ := loadArticleMixed(8, i, 0, loadMarkup(i))
		for r := 1; r <= 15; r++ {
			a, kinds := loadArticleMixed(8, i, r, loadMarkup(i))
			k := kinds[r-1]
			check := k == editReword || k == editCorrection ||
				(k == editQuote || k == editBackground) && loadMarkup(i) != LiveBlog
			if check {
				seen[k]++
				if got, want := loadFigures(loadText(a)), loadFigures(loadText(prev)); !slices.Equal(got, want) {
					t.Errorf("story %d revision %d (%s) changed the figures:\n%s\n---\n%s", i, r, k, loadText(prev), loadText(a))
				}
			}
			prev = a
		}
	}
	for _, k := range []loadEditKind{editReword, editCorrection, editQuote, editBackground} {
		if seen[k] == 0 {
			t.Errorf("no %s revision checked", k)
		}
	}
}

// TestLoadMixedRewordings: each rewording rule reads well on its own:
// clause moves keep names capitalised, swaps match whole words only.
func TestLoadMixedRewordings(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Roads will stay closed, Ashford council said.", "Ashford council said roads will stay closed."},
		{"Three people died after a fire, the emergency services said.", "The emergency services said three people died after a fire."},
		{"At least 4 were hurt. 12 people were injured, a spokesperson for the trust said.", "At least 4 were hurt. A spokesperson for the trust said 12 people were injured."},
		{"Amira Barker was there, the police said.", ""},
		{`"We ran," said Ben Usher, 40.`, ""},
	}
	for _, tt := range tests {
		if got := loadMoveClause(tt.in); got != tt.want {
			t.Errorf("loadMoveClause(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := loadReplace("nearby, near the near", "near", "close to", 1); got != "nearby, near the close to" {
		t.Errorf("loadReplace: %q", got)
	}
}

// TestLoadMixedPages: the site serves mixed revisions as pages.
func TestLoadMixedPages(t *testing.T) {
	l := NewLoadSite(LoadOptions{Stories: 10, Seed: 9, MixedEdits: true, NoChurn: true})
	h := l.Handler()
	before := make([]string, l.Len())
	for i := range before {
		before[i] = loadGet(t, h, LoadPath(i), nil).Body.String()
	}
	l.Edit(100)
	for i := range before {
		body := loadGet(t, h, LoadPath(i), nil).Body.String()
		if body == before[i] {
			t.Errorf("story %d: page unchanged after an edit", i)
		}
		if a := l.Article(i); l.Markup(i) != JSONLDOnly && !strings.Contains(body, esc(a.Headline)) {
			t.Errorf("story %d: page lacks the headline %q", i, a.Headline)
		}
	}
}
