package tracker_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/internal/newsfixture"
	"github.com/storywatch/storywatch/schedule"
	"github.com/storywatch/storywatch/scraper"
	"github.com/storywatch/storywatch/store"
	"github.com/storywatch/storywatch/tracker"
)

// env is a tracker over a real SQLite store, the real scraper and the
// fixture site.
type env struct {
	t    *testing.T
	site *newsfixture.Site
	db   *store.DB
	tr   *tracker.Tracker
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	site := newsfixture.New(newsfixture.Options{})
	t.Cleanup(site.Close)
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "sw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	sc := scraper.New(scraper.Options{PerHostDelay: -1, Retries: -1, Timeout: 5 * time.Second}, db)
	t.Cleanup(sc.Close)
	policy, err := schedule.NewPolicy(schedule.PolicyOptions{GoneAfter: 2})
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, site: site, db: db, tr: &tracker.Tracker{Store: db, Fetcher: sc, Extractor: sc, Planner: policy}}
}

func (e *env) add(path string) string {
	e.t.Helper()
	u := e.site.URL() + path
	if _, err := e.db.AddStories(context.Background(), []store.NewStory{{URL: u, Source: storywatch.SourceCLI}}); err != nil {
		e.t.Fatal(err)
	}
	return u
}

// check runs one check of the story at u and returns it.
func (e *env) check(u string) storywatch.Check {
	e.t.Helper()
	s, err := e.db.Story(context.Background(), u)
	if err != nil {
		e.t.Fatal(err)
	}
	c, err := e.tr.Check(context.Background(), s)
	if err != nil {
		e.t.Fatalf("check %s: %v", u, err)
	}
	return c
}

func kinds(cs []storywatch.Change) []string {
	var out []string
	for _, c := range cs {
		out = append(out, string(c.Kind))
	}
	return out
}

func TestEditMakesOneVersionChurnMakesNone(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{newsfixture.PathWestminster, newsfixture.PathHarbourFire, newsfixture.PathLiveBlog, newsfixture.PathBridge} {
		t.Run(strings.Trim(path, "/"), func(t *testing.T) {
			u := e.add(path)
			c := e.check(u)
			if c.Outcome != storywatch.OutcomeChanged || c.Version == nil || *c.Version != 1 {
				t.Fatalf("first check: %+v", c)
			}
			for i := 0; i < 3; i++ {
				if c := e.check(u); c.Outcome != storywatch.OutcomeUnchanged && c.Outcome != storywatch.OutcomeNotModified {
					t.Fatalf("churn check %d: outcome %s %+v", i, c.Outcome, c.Error)
				}
			}
			if err := e.site.SetVersion(path, 2); err != nil {
				t.Fatal(err)
			}
			c = e.check(u)
			if c.Outcome != storywatch.OutcomeChanged || *c.Version != 2 {
				t.Fatalf("after edit: %+v", c)
			}
			if len(c.Changes) == 0 || c.Changes[0].FromVersion == nil || *c.Changes[0].FromVersion != 1 || c.Changes[0].ToVersion != 2 {
				t.Fatalf("changes not linked to versions: %+v", c.Changes)
			}
			found := false
			for _, ch := range c.Changes {
				found = found || ch.Kind == storywatch.TextChanged
			}
			if !found {
				t.Fatalf("no text_changed in %v", kinds(c.Changes))
			}
			if c := e.check(u); c.Outcome == storywatch.OutcomeChanged {
				t.Fatalf("re-check after edit made another version")
			}
			s, _ := e.db.Story(context.Background(), u)
			if s.Versions != 2 {
				t.Fatalf("story has %d versions", s.Versions)
			}
		})
	}
}

func TestFlipFlopIsARevert(t *testing.T) {
	e := newEnv(t)
	u := e.add(newsfixture.PathWestminster)
	e.check(u)
	e.site.SetVersion(newsfixture.PathWestminster, 2)
	e.check(u)
	e.site.SetVersion(newsfixture.PathWestminster, 1)
	c := e.check(u)
	if c.Outcome != storywatch.OutcomeChanged || *c.Version != 3 {
		t.Fatalf("flip back: %+v", c)
	}
	if got := kinds(c.Changes); len(got) != 1 || got[0] != string(storywatch.Revert) {
		t.Fatalf("flip back changes = %v, want only revert", got)
	}
	vs, err := e.db.Versions(context.Background(), c.StoryID)
	if err != nil {
		t.Fatal(err)
	}
	if vs[2].RevertOf == nil || *vs[2].RevertOf != 1 {
		t.Fatalf("v3 revert_of = %v, want 1", vs[2].RevertOf)
	}
}

func TestSuspectVersionIsNotNews(t *testing.T) {
	e := newEnv(t)
	path := newsfixture.PathWestminster
	u := e.add(path)
	e.check(u)
	good, _ := e.site.Current(path)
	// The article turns into a consent wall: a broken page, not an edit.
	e.site.Edit(path, func(a *newsfixture.Article) {
		a.Standfirst = ""
		a.Paragraphs = []string{"We value your privacy. Please accept cookies to continue reading."}
	})
	c := e.check(u)
	if c.Outcome != storywatch.OutcomeChanged {
		t.Fatalf("consent wall: %+v", c)
	}
	if got := kinds(c.Changes); len(got) != 1 || got[0] != string(storywatch.SuspectVersion) {
		t.Fatalf("consent wall changes = %v, want only suspect_version", got)
	}
	// The page comes back with a real edit: diffed against v1, not the wall.
	e.site.Edit(path, func(a *newsfixture.Article) {
		*a = good
		a.Paragraphs = append(append([]string(nil), good.Paragraphs...), "Parliament will sit as normal on Thursday, the Leader of the House said.")
	})
	c = e.check(u)
	if c.Outcome != storywatch.OutcomeChanged || *c.Version != 3 {
		t.Fatalf("after recovery: %+v", c)
	}
	for _, ch := range c.Changes {
		if ch.FromVersion == nil || *ch.FromVersion != 1 {
			t.Fatalf("change %s diffed against v%v, want v1", ch.Kind, ch.FromVersion)
		}
	}
	vs, _ := e.db.Versions(context.Background(), c.StoryID)
	if !vs[1].Suspect || vs[2].Suspect {
		t.Fatalf("suspect flags: v2 %v v3 %v", vs[1].Suspect, vs[2].Suspect)
	}
}

func TestErrorsAreRecordedAndGoneStoriesEnd(t *testing.T) {
	e := newEnv(t)
	u := e.add("/no/such/story")
	c := e.check(u)
	if c.Outcome != storywatch.OutcomeError || c.Error == nil || c.HTTPStatus != 404 {
		t.Fatalf("404 check: %+v", c)
	}
	s, _ := e.db.Story(context.Background(), u)
	if s.ConsecutiveErrors != 1 || s.State == storywatch.StateGone {
		t.Fatalf("after one 404: errors %d state %s", s.ConsecutiveErrors, s.State)
	}
	c = e.check(u)
	s, _ = e.db.Story(context.Background(), u)
	if s.State != storywatch.StateGone {
		t.Fatalf("after two 404s state = %s, want gone", s.State)
	}
	if got := kinds(c.Changes); len(got) != 1 || got[0] != string(storywatch.StoryGone) {
		t.Fatalf("gone changes = %v", got)
	}
	checks, err := e.db.Checks(context.Background(), s.ID, 10)
	if err != nil || len(checks) != 2 {
		t.Fatalf("checks recorded: %d, %v", len(checks), err)
	}
}

func TestStoreFailureIsARunFailure(t *testing.T) {
	e := newEnv(t)
	u := e.add(newsfixture.PathWestminster)
	s, _ := e.db.Story(context.Background(), u)
	e.db.Close()
	if _, err := e.tr.Check(context.Background(), s); err == nil {
		t.Fatal("check on a closed store succeeded")
	}
}
