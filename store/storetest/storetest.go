// Package storetest is the conformance suite every store.Store passes.
package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/store"
)

// Run runs the suite; open returns a new, empty store for each subtest and
// registers its Close with t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"AddStories", testAddStories},
		{"AddStoriesAllOrNothing", testAddAllOrNothing},
		{"RemoveAndReactivate", testRemoveReactivate},
		{"StoryAliases", testAliases},
		{"StoriesFilter", testStoriesFilter},
		{"SyncConfigStories", testSyncConfig},
		{"RecordCheckVersions", testRecordVersions},
		{"RecordCheckRoundTrip", testRoundTrip},
		{"RecordCheckWithoutVersion", testRecordNoVersion},
		{"RecordCheckAtomic", testAtomic},
		{"RecordCheckUnknownStory", testRecordUnknown},
		{"LongChainExact", testLongChain},
		{"SuspectAndHash", testSuspectHash},
		{"HashPrefixCollision", testHashCollision},
		{"VersionIsItsCheck", testVersionIsItsCheck},
		{"Checks", testChecks},
		{"ClaimDue", testClaimDue},
		{"ClaimDueConcurrent", testClaimConcurrent},
		{"ReleaseLeases", testReleaseLeases},
		{"RecordCheckKeepsStopped", testKeepsStopped},
		{"RescheduleOldestDue", testReschedule},
		{"Robots", testRobots},
		{"Stats", testStats},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			if err := s.Ping(context.Background()); err != nil {
				t.Fatalf("Ping: %v", err)
			}
			tt.fn(t, s)
		})
	}
}

// RunShared checks what two handles on one database (two instances of the
// daemon) must guarantee: a due story is leased to one of them only.
func RunShared(t *testing.T, open func(t *testing.T) (store.Store, store.Store)) {
	t.Run("ClaimDueTwoInstances", func(t *testing.T) {
		a, b := open(t)
		mustAdd(t, a, urls(40)...)
		claimRace(t, []store.Store{a, b, a, b})
	})
}

var base = time.Date(2017, 3, 22, 15, 10, 0, 0, time.UTC)

func urls(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("https://news.example/story/%03d", i)
	}
	return out
}

func mustAdd(t *testing.T, s store.Store, us ...string) []storywatch.Story {
	t.Helper()
	ctx := context.Background()
	var ns []store.NewStory
	for _, u := range us {
		ns = append(ns, store.NewStory{URL: u, Source: storywatch.SourceCLI})
	}
	if _, err := s.AddStories(ctx, ns); err != nil {
		t.Fatalf("AddStories: %v", err)
	}
	var out []storywatch.Story
	for _, u := range us {
		st, err := s.Story(ctx, u)
		if err != nil {
			t.Fatalf("Story(%s): %v", u, err)
		}
		out = append(out, st)
	}
	return out
}

func jsonEqual(t *testing.T, what string, want, got any) {
	t.Helper()
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatalf("%s: marshal want: %v", what, err)
	}
	g, err := json.Marshal(got)
	if err != nil {
		t.Fatalf("%s: marshal got: %v", what, err)
	}
	if !bytes.Equal(w, g) {
		t.Errorf("%s differs:\nwant %s\n got %s", what, w, g)
	}
}

func testAddStories(t *testing.T, s store.Store) {
	ctx := context.Background()
	before := time.Now().Add(-time.Second)
	res, err := s.AddStories(ctx, []store.NewStory{
		{URL: "https://a.example/1", Event: "ev", Schedule: "*/10 * * * *", Selector: "article", Source: storywatch.SourceCLI},
		{URL: "https://a.example/2", NoRobots: true, Source: storywatch.SourceCLI},
	})
	if err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, "first add", []store.AddResult{{URL: "https://a.example/1", Added: true}, {URL: "https://a.example/2", Added: true}}, res)
	st, err := s.Story(ctx, "https://a.example/1")
	if err != nil {
		t.Fatal(err)
	}
	if st.State != storywatch.StateActive || st.Source != storywatch.SourceCLI || st.Event != "ev" ||
		st.Schedule != "*/10 * * * *" || st.Selector != "article" || st.Versions != 0 || st.LastCheckedAt != nil {
		t.Errorf("new story = %+v", st)
	}
	if st.NextCheckAt.Before(before) || st.NextCheckAt.After(time.Now().Add(time.Second)) || !st.NextCheckAt.Equal(st.AddedAt) {
		t.Errorf("new story not due at once: added %v next %v", st.AddedAt, st.NextCheckAt)
	}
	if st.LatestFigures == nil {
		t.Errorf("LatestFigures is nil, want empty list")
	}
	st2, _ := s.Story(ctx, "https://a.example/2")
	if !st2.NoRobots {
		t.Errorf("NoRobots lost")
	}
	// Again: a no-op, except for fields that differ.
	res, err = s.AddStories(ctx, []store.NewStory{
		{URL: "https://a.example/1", Source: storywatch.SourceCLI},
		{URL: "https://a.example/2", Event: "other", Source: storywatch.SourceCLI},
	})
	if err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, "second add", []store.AddResult{{URL: "https://a.example/1"}, {URL: "https://a.example/2", Updated: true}}, res)
	all, err := s.Stories(ctx, store.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 {
		t.Fatalf("%d stories after re-adding, want 2", len(all))
	}
	if all[0].Event != "ev" || all[1].Event != "other" {
		t.Errorf("events = %q, %q", all[0].Event, all[1].Event)
	}
}

func testAddAllOrNothing(t *testing.T, s store.Store) {
	ctx := context.Background()
	_, err := s.AddStories(ctx, []store.NewStory{
		{URL: "https://a.example/ok", Source: storywatch.SourceCLI},
		{URL: "", Source: storywatch.SourceCLI},
	})
	if err == nil {
		t.Fatal("AddStories with an empty URL succeeded")
	}
	all, _ := s.Stories(ctx, store.StoryFilter{})
	if len(all) != 0 {
		t.Errorf("failed AddStories left %d stories", len(all))
	}
}

func testRemoveReactivate(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustAdd(t, s, "https://a.example/r")
	if err := s.RemoveStory(ctx, "https://a.example/r"); err != nil {
		t.Fatal(err)
	}
	st, _ := s.Story(ctx, "https://a.example/r")
	if st.State != storywatch.StateStopped {
		t.Errorf("state after remove = %s", st.State)
	}
	if err := s.RemoveStory(ctx, "https://a.example/none"); !errors.Is(err, storywatch.ErrNotFound) {
		t.Errorf("RemoveStory(unknown) = %v, want ErrNotFound", err)
	}
	if _, err := s.Story(ctx, "https://a.example/none"); !errors.Is(err, storywatch.ErrNotFound) {
		t.Errorf("Story(unknown) = %v, want ErrNotFound", err)
	}
	res, err := s.AddStories(ctx, []store.NewStory{{URL: "https://a.example/r", Source: storywatch.SourceCLI}})
	if err != nil {
		t.Fatal(err)
	}
	if !res[0].Reactivated || res[0].Added {
		t.Errorf("re-add of stopped story = %+v", res[0])
	}
	st2, _ := s.Story(ctx, "https://a.example/r")
	if st2.State != storywatch.StateActive || st2.ID != st.ID {
		t.Errorf("after reactivation: %+v", st2)
	}
}

func testAliases(t *testing.T, s store.Store) {
	ctx := context.Background()
	st := mustAdd(t, s, "https://a.example/short")[0]
	_, err := s.RecordCheck(ctx, storywatch.CheckRecord{
		Check: storywatch.Check{StoryID: st.ID, At: base, Outcome: storywatch.OutcomeUnchanged, HTTPStatus: 200},
		Story: storywatch.StoryUpdate{FinalURL: "https://a.example/news/long-slug", CanonicalURL: "https://a.example/canonical",
			NextCheckAt: base.Add(time.Hour)},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"https://a.example/short", "https://a.example/news/long-slug", "https://a.example/canonical"} {
		got, err := s.Story(ctx, u)
		if err != nil || got.ID != st.ID {
			t.Errorf("Story(%s) = #%d, %v; want #%d", u, got.ID, err, st.ID)
		}
	}
	// The URL as added wins over another story's alias.
	other := mustAdd(t, s, "https://a.example/canonical")[0]
	if got, _ := s.Story(ctx, "https://a.example/canonical"); got.ID != other.ID {
		t.Errorf("Story(url as added of #%d) found #%d", other.ID, got.ID)
	}
	if err := s.RemoveStory(ctx, "https://a.example/news/long-slug"); err != nil {
		t.Errorf("RemoveStory(final URL): %v", err)
	}
	if got, _ := s.Story(ctx, "https://a.example/short"); got.State != storywatch.StateStopped {
		t.Errorf("remove by alias: state %s", got.State)
	}
}

func testStoriesFilter(t *testing.T, s store.Store) {
	ctx := context.Background()
	_, err := s.AddStories(ctx, []store.NewStory{
		{URL: "https://a.example/3", Event: "x", Source: storywatch.SourceCLI},
		{URL: "https://a.example/1", Event: "y", Source: storywatch.SourceCLI},
		{URL: "https://a.example/2", Event: "x", Source: storywatch.SourceCLI},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveStory(ctx, "https://a.example/1"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		f    store.StoryFilter
		want []string
	}{
		{store.StoryFilter{}, []string{"https://a.example/3", "https://a.example/1", "https://a.example/2"}},
		{store.StoryFilter{Event: "x"}, []string{"https://a.example/3", "https://a.example/2"}},
		{store.StoryFilter{States: []storywatch.StoryState{storywatch.StateStopped}}, []string{"https://a.example/1"}},
		{store.StoryFilter{States: []storywatch.StoryState{storywatch.StateActive, storywatch.StateQuiet}, Event: "x"},
			[]string{"https://a.example/3", "https://a.example/2"}},
		{store.StoryFilter{Event: "none"}, []string{}},
	}
	for _, c := range cases {
		got, err := s.Stories(ctx, c.f)
		if err != nil {
			t.Fatal(err)
		}
		var us []string
		for _, st := range got {
			us = append(us, st.URL)
		}
		if strings.Join(us, " ") != strings.Join(c.want, " ") {
			t.Errorf("Stories(%+v) = %v, want %v", c.f, us, c.want)
		}
	}
}

func testSyncConfig(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustAdd(t, s, "https://a.example/cli", "https://a.example/both")
	list := []store.NewStory{
		{URL: "https://a.example/c1", Event: "e", ConfigLine: 10},
		{URL: "https://a.example/c2", ConfigLine: 14},
		{URL: "https://a.example/both", Event: "from-config", ConfigLine: 18},
	}
	wrote, err := s.SyncConfigStories(ctx, "h1", list)
	if err != nil || !wrote {
		t.Fatalf("first sync = %v, %v", wrote, err)
	}
	if wrote, err := s.SyncConfigStories(ctx, "h1", list); err != nil || wrote {
		t.Fatalf("sync with same hash = %v, %v; want false", wrote, err)
	}
	all, _ := s.Stories(ctx, store.StoryFilter{})
	if len(all) != 4 {
		t.Fatalf("%d stories, want 4 (a URL in both keeps one row)", len(all))
	}
	c1, _ := s.Story(ctx, "https://a.example/c1")
	if c1.Source != storywatch.SourceConfig || c1.ConfigLine != 10 || c1.Event != "e" || c1.State != storywatch.StateActive {
		t.Errorf("config story = %+v", c1)
	}
	both, _ := s.Story(ctx, "https://a.example/both")
	if both.Source != storywatch.SourceCLI || both.Event != "" {
		t.Errorf("cli story touched by sync: %+v", both)
	}
	// c2 leaves the file, c1 moves.
	list = []store.NewStory{{URL: "https://a.example/c1", Event: "e2", ConfigLine: 3}}
	if wrote, err := s.SyncConfigStories(ctx, "h2", list); err != nil || !wrote {
		t.Fatalf("second sync = %v, %v", wrote, err)
	}
	c1, _ = s.Story(ctx, "https://a.example/c1")
	c2, _ := s.Story(ctx, "https://a.example/c2")
	both, _ = s.Story(ctx, "https://a.example/both")
	cli, _ := s.Story(ctx, "https://a.example/cli")
	if c1.ConfigLine != 3 || c1.Event != "e2" || c1.State != storywatch.StateActive {
		t.Errorf("updated config story = %+v", c1)
	}
	if c2.State != storywatch.StateStopped {
		t.Errorf("retired config story state = %s", c2.State)
	}
	if both.State != storywatch.StateActive || cli.State != storywatch.StateActive {
		t.Errorf("cli stories retired by sync: %s %s", both.State, cli.State)
	}
	// c2 comes back.
	list = append(list, store.NewStory{URL: "https://a.example/c2", ConfigLine: 5})
	if _, err := s.SyncConfigStories(ctx, "h3", list); err != nil {
		t.Fatal(err)
	}
	c2, _ = s.Story(ctx, "https://a.example/c2")
	if c2.State != storywatch.StateActive || c2.ConfigLine != 5 {
		t.Errorf("re-listed config story = %+v", c2)
	}
}

// sampleVersion builds a version with every part filled, non-ASCII included.
func sampleVersion(i int) (*storywatch.Version, *storywatch.Facts) {
	at := base.Add(time.Duration(i) * time.Hour)
	pub := base.Add(-time.Hour)
	v := &storywatch.Version{
		FetchedAt:  at,
		Headline:   fmt.Sprintf("Attack near parliament: %d dead — “live” updates", i+3),
		Standfirst: "Police say the attacker was shot; Zürich café owner describes the scene 🚨",
		Paragraphs: []string{
			fmt.Sprintf("At least %d people were killed and %d injured.", i+3, 20+i),
			"A police officer, Keith Palmer, 48, died at the scene.",
		},
		Entries: []storywatch.Entry{{ID: "e1", Time: &at, TimeText: "15:40", Title: "Update",
			Paragraphs: []string{fmt.Sprintf("Entry number %d.", i)}, KeyPoints: i%2 == 0}},
		Meta: storywatch.Meta{URL: "https://a.example/final", CanonicalURL: "https://a.example/canonical",
			SiteName: "Example News", Byline: "A Reporter", Language: "en", Published: &pub, Modified: &at,
			UpdatedLine: fmt.Sprintf("Updated %d minutes ago", i), Correction: "", LiveBlog: true},
		HTML: []byte(fmt.Sprintf("<html><body><article><h1>Attack %d</h1><p>At least %d people</p></article></body></html>", i, i+3)),
	}
	f := &storywatch.Facts{
		Figures: []storywatch.Figure{{Kind: storywatch.Killed, Value: storywatch.Ptr(i + 3), Approx: storywatch.AtLeast,
			IncludesPerpetrator: storywatch.Ptr(true), AttributedTo: storywatch.Ptr("police"),
			Evidence: fmt.Sprintf("At least %d people were killed", i+3)}},
		People: []storywatch.Person{{Name: storywatch.Ptr("Keith Palmer"), Role: storywatch.RoleVictim,
			Age: storywatch.Ptr(48), Status: storywatch.Ptr(storywatch.StatusDead), Evidence: "Keith Palmer, 48, died"}},
		Claims: []storywatch.Claim{{Kind: storywatch.ClaimResponsibility, Actor: "Islamic State",
			Hedge: storywatch.Ptr("no evidence of links"), Evidence: "claimed"}},
		Mentions: []storywatch.Mention{{Text: "initial reports of 20", Kind: storywatch.Injured, Value: storywatch.Ptr(20),
			Class: storywatch.MentionEarlier, Evidence: "from the initial reports of 20"}},
	}
	v.Hash = v.TextHash()
	return v, f
}

func changed(s store.Store, t *testing.T, st storywatch.Story, i int, changes ...storywatch.Change) storywatch.Check {
	t.Helper()
	v, f := sampleVersion(i)
	c, err := s.RecordCheck(context.Background(), storywatch.CheckRecord{
		Check:   storywatch.Check{StoryID: st.ID, At: v.FetchedAt, Outcome: storywatch.OutcomeChanged, HTTPStatus: 200, Bytes: 1234, DurationMS: 56},
		Version: v, Facts: f, Changes: changes,
		Story: storywatch.StoryUpdate{ETag: fmt.Sprintf(`"etag-%d"`, i), NextCheckAt: v.FetchedAt.Add(10 * time.Minute),
			State: storywatch.StateActive},
	})
	if err != nil {
		t.Fatalf("RecordCheck %d: %v", i, err)
	}
	return c
}

func testRecordVersions(t *testing.T, s store.Store) {
	ctx := context.Background()
	sts := mustAdd(t, s, "https://a.example/v", "https://a.example/w")
	for i := 0; i < 3; i++ {
		c := changed(s, t, sts[0], i, storywatch.Change{Kind: storywatch.TextChanged, Summary: "text"})
		if c.Version == nil || *c.Version != i+1 {
			t.Fatalf("check %d stored version %v, want %d", i, c.Version, i+1)
		}
		if c.ID == 0 || c.URL != "https://a.example/v" {
			t.Errorf("returned check: id %d url %q", c.ID, c.URL)
		}
		ch := c.Changes[0]
		if ch.ToVersion != i+1 || !ch.At.Equal(c.At) {
			t.Errorf("change: to %d at %v", ch.ToVersion, ch.At)
		}
		if i == 0 && ch.FromVersion != nil || i > 0 && (ch.FromVersion == nil || *ch.FromVersion != i) {
			t.Errorf("change %d: from %v", i, ch.FromVersion)
		}
	}
	// Numbering is per story.
	if c := changed(s, t, sts[1], 0); *c.Version != 1 {
		t.Errorf("other story's first version = %d", *c.Version)
	}
	st, _ := s.Story(ctx, "https://a.example/v")
	v, f := sampleVersion(2)
	if st.Versions != 3 || st.LatestTitle != v.Headline || st.ETag != `"etag-2"` || st.LastCheckedAt == nil ||
		!st.LastCheckedAt.Equal(v.FetchedAt) || !st.NextCheckAt.Equal(v.FetchedAt.Add(10*time.Minute)) ||
		st.LastChangedAt == nil || !st.LastChangedAt.Equal(v.FetchedAt) {
		t.Errorf("story after checks = %+v", st)
	}
	jsonEqual(t, "latest figures", f.Figures, st.LatestFigures)
	vis, err := s.Versions(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vis) != 3 {
		t.Fatalf("%d versions", len(vis))
	}
	for i, vi := range vis {
		sv, _ := sampleVersion(i)
		if vi.N != i+1 || vi.Hash != sv.Hash || vi.Title != sv.Headline || !vi.FetchedAt.Equal(sv.FetchedAt) ||
			len(vi.Changes) != 1 || vi.Changes[0].ToVersion != i+1 {
			t.Errorf("version info %d = %+v", i, vi)
		}
	}
	chs, err := s.Changes(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, ch := range chs {
		if ch.ToVersion != i+1 {
			t.Errorf("Changes()[%d].ToVersion = %d", i, ch.ToVersion)
		}
	}
}

func testRoundTrip(t *testing.T, s store.Store) {
	ctx := context.Background()
	st := mustAdd(t, s, "https://a.example/rt")[0]
	if _, _, ok, err := s.LatestVersion(ctx, st.ID); ok || err != nil {
		t.Fatalf("LatestVersion of a story without versions = %v, %v", ok, err)
	}
	changes := []storywatch.Change{
		{Kind: storywatch.TextChanged, Summary: "2 sentences changed", Old: map[string]any{"words": 10}, New: []any{"a", 1.5, true, nil}},
		{Kind: storywatch.FigureChanged, Summary: "killed 3 → 4", Field: storywatch.Ptr("killed"), Old: 3, New: 4,
			Delta: storywatch.Ptr(1.0), EvidenceOld: storywatch.Ptr("3 people were killed"), EvidenceNew: storywatch.Ptr("4 people “were” killed ✓"),
			FromVersion: storywatch.Ptr(7), At: base.Add(time.Minute)},
		{Kind: storywatch.HeadlineChanged, Summary: "big", Old: int64(1) << 60, New: "ünïcode"},
	}
	var stored []storywatch.Check
	for i := 0; i < 2; i++ {
		stored = append(stored, changed(s, t, st, i, changes...))
	}
	want, wantF := sampleVersion(1)
	want.N, want.StoryID = 2, st.ID
	got, gotF, ok, err := s.LatestVersion(ctx, st.ID)
	if err != nil || !ok {
		t.Fatalf("LatestVersion = %v, %v", ok, err)
	}
	jsonEqual(t, "version", want, got)
	jsonEqual(t, "facts", wantF, gotF)
	if !bytes.Equal(got.HTML, want.HTML) || got.N != 2 || got.StoryID != st.ID {
		t.Errorf("version: html %q n %d story %d", got.HTML, got.N, got.StoryID)
	}
	v1, f1, err := s.Version(ctx, st.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	w1, wf1 := sampleVersion(0)
	w1.N = 1
	jsonEqual(t, "version 1", w1, v1)
	jsonEqual(t, "facts 1", wf1, f1)
	if _, _, err := s.Version(ctx, st.ID, 3); !errors.Is(err, storywatch.ErrNotFound) {
		t.Errorf("Version(3) = %v, want ErrNotFound", err)
	}
	all, err := s.Changes(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	var wantAll []storywatch.Change
	for _, c := range stored {
		wantAll = append(wantAll, c.Changes...)
	}
	jsonEqual(t, "changes", wantAll, all)
	if wantAll[1].FromVersion == nil || *wantAll[1].FromVersion != 7 || !wantAll[1].At.Equal(base.Add(time.Minute)) {
		t.Errorf("set FromVersion/At were overwritten: %+v", wantAll[1])
	}
	checks, err := s.Checks(ctx, st.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, "checks", stored, checks)

	// Empty facts come back as empty lists.
	v, _ := sampleVersion(5)
	if _, err := s.RecordCheck(ctx, storywatch.CheckRecord{Check: storywatch.Check{StoryID: st.ID, At: v.FetchedAt,
		Outcome: storywatch.OutcomeChanged}, Version: v}); err != nil {
		t.Fatal(err)
	}
	_, f3, _, err := s.LatestVersion(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, "empty facts", storywatch.Facts{}.Normalize(), f3)
}

func testRecordNoVersion(t *testing.T, s store.Store) {
	ctx := context.Background()
	st := mustAdd(t, s, "https://a.example/nv")[0]
	changed(s, t, st, 0)
	next := base.Add(3 * time.Hour)
	c, err := s.RecordCheck(ctx, storywatch.CheckRecord{
		Check: storywatch.Check{StoryID: st.ID, At: base.Add(2 * time.Hour), Outcome: storywatch.OutcomeError, HTTPStatus: 410,
			Error: &storywatch.CheckError{Class: storywatch.ErrClassGone, Message: "410 Gone"}},
		Changes: []storywatch.Change{{Kind: storywatch.StoryGone, Summary: "gone"}},
		Story:   storywatch.StoryUpdate{State: storywatch.StateGone, NextCheckAt: next, ConsecutiveErrors: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != nil || len(c.Changes) != 1 || c.Changes[0].ToVersion != 1 || c.Changes[0].FromVersion != nil {
		t.Errorf("error check = %+v", c)
	}
	got, _ := s.Story(ctx, st.URL)
	if got.State != storywatch.StateGone || got.ConsecutiveErrors != 1 || got.Versions != 1 || got.ETag != `"etag-0"` ||
		!got.NextCheckAt.Equal(next) || got.LatestFigures[0].Kind != storywatch.Killed {
		t.Errorf("story after error = %+v", got)
	}
	vis, _ := s.Versions(ctx, st.ID)
	if len(vis) != 1 || len(vis[0].Changes) != 0 {
		t.Errorf("story_gone change attached to version 1: %+v", vis)
	}
	// Unchanged keeps state when State is empty.
	if _, err := s.RecordCheck(ctx, storywatch.CheckRecord{Check: storywatch.Check{StoryID: st.ID, At: base.Add(4 * time.Hour),
		Outcome: storywatch.OutcomeNotModified, HTTPStatus: 304}}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Story(ctx, st.URL)
	if got.State != storywatch.StateGone || !got.NextCheckAt.Equal(next) || got.ConsecutiveErrors != 0 {
		t.Errorf("story after not_modified = %+v", got)
	}
}

func testAtomic(t *testing.T, s store.Store) {
	ctx := context.Background()
	st := mustAdd(t, s, "https://a.example/atomic")[0]
	changed(s, t, st, 0)
	claimed, err := s.ClaimDue(ctx, time.Now().Add(time.Hour), 10, "me", time.Hour)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("ClaimDue = %d, %v", len(claimed), err)
	}
	before, _ := s.Story(ctx, st.URL)
	v, f := sampleVersion(1)
	// The NaN is only found when the change is written: after the check and
	// the version, so a rollback must undo those.
	_, err = s.RecordCheck(ctx, storywatch.CheckRecord{
		Check:   storywatch.Check{StoryID: st.ID, At: v.FetchedAt, Outcome: storywatch.OutcomeChanged},
		Version: v, Facts: f,
		Changes: []storywatch.Change{{Kind: storywatch.TextChanged}, {Kind: storywatch.FigureChanged, Old: math.NaN()}},
		Story:   storywatch.StoryUpdate{State: storywatch.StateQuiet, NextCheckAt: base.Add(99 * time.Hour)},
	})
	if err == nil {
		t.Fatal("RecordCheck with an unencodable change succeeded")
	}
	after, _ := s.Story(ctx, st.URL)
	jsonEqual(t, "story after failed check", before, after)
	vis, _ := s.Versions(ctx, st.ID)
	checks, _ := s.Checks(ctx, st.ID, 0)
	chs, _ := s.Changes(ctx, st.ID)
	if len(vis) != 1 || len(checks) != 1 || len(chs) != 0 {
		t.Errorf("failed check left %d versions, %d checks, %d changes", len(vis), len(checks), len(chs))
	}
	// The lease is still held: nobody else may claim the story yet.
	if again, _ := s.ClaimDue(ctx, time.Now().Add(time.Hour), 10, "other", time.Hour); len(again) != 0 {
		t.Errorf("failed RecordCheck released the lease")
	}
	// The next version still gets number 2.
	if c := changed(s, t, st, 1); *c.Version != 2 {
		t.Errorf("version after failure = %d", *c.Version)
	}
}

func testRecordUnknown(t *testing.T, s store.Store) {
	v, _ := sampleVersion(0)
	_, err := s.RecordCheck(context.Background(), storywatch.CheckRecord{
		Check: storywatch.Check{StoryID: 424242, At: base, Outcome: storywatch.OutcomeChanged}, Version: v})
	if !errors.Is(err, storywatch.ErrNotFound) {
		t.Errorf("RecordCheck(unknown story) = %v, want ErrNotFound", err)
	}
}

// testLongChain writes enough versions to cross several full copies and
// reads every one back.
func testLongChain(t *testing.T, s store.Store) {
	ctx := context.Background()
	st := mustAdd(t, s, "https://a.example/long")[0]
	const n = 40
	var want []*storywatch.Version
	paras := []string{"First paragraph."}
	for i := 0; i < n; i++ {
		paras = append(paras[:0:0], paras...)
		switch i % 3 {
		case 0:
			paras = append(paras, fmt.Sprintf("New paragraph %d with ümlaut and 😀.", i))
		case 1:
			paras[0] = fmt.Sprintf("First paragraph, edit %d.", i)
		case 2:
			if len(paras) > 2 {
				paras = append(paras[:1], paras[2:]...)
			}
		}
		v := &storywatch.Version{FetchedAt: base.Add(time.Duration(i) * time.Minute),
			Headline: "Long story", Paragraphs: paras,
			HTML: []byte("<html><p>" + strings.Join(paras, "</p><p>") + fmt.Sprintf("</p><!-- token %d --></html>", i*7919))}
		if i == 7 {
			v.HTML = nil
		}
		f := &storywatch.Facts{Figures: []storywatch.Figure{{Kind: storywatch.Injured, Value: storywatch.Ptr(i), Approx: storywatch.Exact}}}
		if _, err := s.RecordCheck(ctx, storywatch.CheckRecord{Check: storywatch.Check{StoryID: st.ID, At: v.FetchedAt,
			Outcome: storywatch.OutcomeChanged}, Version: v, Facts: f}); err != nil {
			t.Fatalf("version %d: %v", i+1, err)
		}
		v.N, v.StoryID, v.Hash = i+1, st.ID, v.TextHash()
		want = append(want, v)
	}
	for i, w := range want {
		got, f, err := s.Version(ctx, st.ID, i+1)
		if err != nil {
			t.Fatalf("Version(%d): %v", i+1, err)
		}
		jsonEqual(t, fmt.Sprintf("version %d", i+1), w, got)
		if !bytes.Equal(w.HTML, got.HTML) {
			t.Errorf("version %d html = %q, want %q", i+1, got.HTML, w.HTML)
		}
		if fig, _ := f.Figure(storywatch.Injured); fig.Value == nil || *fig.Value != i {
			t.Errorf("version %d facts = %+v", i+1, f)
		}
	}
}

func testSuspectHash(t *testing.T, s store.Store) {
	ctx := context.Background()
	st := mustAdd(t, s, "https://a.example/sus")[0]
	changed(s, t, st, 0)
	v, f := sampleVersion(1)
	v.Suspect = true
	if _, err := s.RecordCheck(ctx, storywatch.CheckRecord{Check: storywatch.Check{StoryID: st.ID, At: v.FetchedAt,
		Outcome: storywatch.OutcomeChanged}, Version: v, Facts: f}); err != nil {
		t.Fatal(err)
	}
	latest, _, _, _ := s.LatestVersion(ctx, st.ID)
	good, _, ok, err := s.LatestGoodVersion(ctx, st.ID)
	if err != nil || !ok || latest.N != 2 || !latest.Suspect || good.N != 1 || good.Suspect {
		t.Errorf("latest %d (suspect %v), good %d ok %v err %v", latest.N, latest.Suspect, good.N, ok, err)
	}
	// Version 3 reverts to version 1's text.
	v3, _ := sampleVersion(0)
	v3.FetchedAt = base.Add(5 * time.Hour)
	v3.RevertOf = storywatch.Ptr(1)
	if _, err := s.RecordCheck(ctx, storywatch.CheckRecord{Check: storywatch.Check{StoryID: st.ID, At: v3.FetchedAt,
		Outcome: storywatch.OutcomeChanged}, Version: v3}); err != nil {
		t.Fatal(err)
	}
	v0, _ := sampleVersion(0)
	if n, ok, err := s.VersionByHash(ctx, st.ID, v0.Hash); err != nil || !ok || n != 3 {
		t.Errorf("VersionByHash = %d, %v, %v; want the newest, 3", n, ok, err)
	}
	if _, ok, err := s.VersionByHash(ctx, st.ID, "nope"); ok || err != nil {
		t.Errorf("VersionByHash(unknown) = %v, %v", ok, err)
	}
	vis, _ := s.Versions(ctx, st.ID)
	if vis[2].RevertOf == nil || *vis[2].RevertOf != 1 || !vis[1].Suspect {
		t.Errorf("versions = %+v", vis)
	}
	other := mustAdd(t, s, "https://a.example/none")[0]
	if _, _, ok, err := s.LatestGoodVersion(ctx, other.ID); ok || err != nil {
		t.Errorf("LatestGoodVersion without versions = %v, %v", ok, err)
	}
}

// Two texts whose hashes share their first 16 bits (what the store indexes)
// are still told apart by VersionByHash.
func testHashCollision(t *testing.T, s store.Store) {
	ctx := context.Background()
	st := mustAdd(t, s, "https://a.example/collide")[0]
	seen := map[string]*storywatch.Version{}
	var a, b *storywatch.Version
	for i := 0; a == nil; i++ {
		v := &storywatch.Version{Headline: fmt.Sprintf("Headline %d", i), Paragraphs: []string{"Body."}}
		h := v.TextHash()
		if other, ok := seen[h[:4]]; ok && other.TextHash() != h {
			a, b = other, v
		}
		seen[h[:4]] = v
	}
	for i, v := range []*storywatch.Version{a, b} {
		at := base.Add(time.Duration(i) * time.Hour)
		if _, err := s.RecordCheck(ctx, storywatch.CheckRecord{Check: storywatch.Check{StoryID: st.ID, At: at,
			Outcome: storywatch.OutcomeChanged}, Version: v}); err != nil {
			t.Fatal(err)
		}
	}
	for want, v := range map[int]*storywatch.Version{1: a, 2: b} {
		if n, ok, err := s.VersionByHash(ctx, st.ID, v.TextHash()); err != nil || !ok || n != want {
			t.Errorf("VersionByHash(%s) = %d, %v, %v; want %d", v.TextHash(), n, ok, err, want)
		}
	}
	miss := a.TextHash()[:4] + "000000000000"
	if n, ok, err := s.VersionByHash(ctx, st.ID, miss); ok || err != nil {
		t.Errorf("VersionByHash(%s), same 16 bits, other text = %d, %v, %v", miss, n, ok, err)
	}
}

// A version is what its check fetched: its time is the check's and its
// hash is its text's, and a record saying otherwise is refused whole.
func testVersionIsItsCheck(t *testing.T, s store.Store) {
	ctx := context.Background()
	st := mustAdd(t, s, "https://a.example/own")[0]
	v, _ := sampleVersion(0)
	bad := []struct {
		name string
		edit func(v *storywatch.Version)
	}{
		{"other time", func(v *storywatch.Version) { v.FetchedAt = v.FetchedAt.Add(time.Second) }},
		{"other hash", func(v *storywatch.Version) { v.Hash = "0123456789abcdef" }},
	}
	for _, b := range bad {
		w := *v
		b.edit(&w)
		_, err := s.RecordCheck(ctx, storywatch.CheckRecord{Check: storywatch.Check{StoryID: st.ID, At: v.FetchedAt,
			Outcome: storywatch.OutcomeChanged}, Version: &w})
		if !errors.Is(err, storywatch.ErrInvalid) {
			t.Errorf("%s: RecordCheck = %v, want ErrInvalid", b.name, err)
		}
	}
	if cs, _ := s.Checks(ctx, st.ID, 0); len(cs) != 0 {
		t.Fatalf("refused records left checks: %+v", cs)
	}
	w := *v
	w.FetchedAt, w.Hash = time.Time{}, ""
	if _, err := s.RecordCheck(ctx, storywatch.CheckRecord{Check: storywatch.Check{StoryID: st.ID, At: v.FetchedAt,
		Outcome: storywatch.OutcomeChanged}, Version: &w}); err != nil {
		t.Fatal(err)
	}
	got, _, err := s.Version(ctx, st.ID, 1)
	if err != nil || !got.FetchedAt.Equal(v.FetchedAt) || got.Hash != v.TextHash() {
		t.Errorf("version without time and hash = %v at %s hash %s; want %s and %s", err, got.FetchedAt, got.Hash,
			v.FetchedAt, v.TextHash())
	}
}

func testChecks(t *testing.T, s store.Store) {
	ctx := context.Background()
	st := mustAdd(t, s, "https://a.example/checks")[0]
	changed(s, t, st, 0, storywatch.Change{Kind: storywatch.TextChanged})
	for i := 1; i <= 4; i++ {
		if _, err := s.RecordCheck(ctx, storywatch.CheckRecord{Check: storywatch.Check{StoryID: st.ID,
			At: base.Add(time.Duration(i) * time.Hour), Outcome: storywatch.OutcomeUnchanged, HTTPStatus: 200}}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.Checks(ctx, st.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 || all[0].Outcome != storywatch.OutcomeChanged || len(all[0].Changes) != 1 || *all[0].Version != 1 {
		t.Fatalf("checks = %+v", all)
	}
	for i := 1; i < len(all); i++ {
		if !all[i].At.After(all[i-1].At) || all[i].Version != nil || all[i].Changes == nil {
			t.Errorf("check %d = %+v (want oldest first)", i, all[i])
		}
	}
	last2, _ := s.Checks(ctx, st.ID, 2)
	if len(last2) != 2 || !last2[1].At.Equal(base.Add(4*time.Hour)) || !last2[0].At.Equal(base.Add(3*time.Hour)) {
		t.Errorf("Checks(limit 2) = %+v, want the two newest, oldest first", last2)
	}
}

func testClaimDue(t *testing.T, s store.Store) {
	ctx := context.Background()
	sts := mustAdd(t, s, urls(6)...)
	now := time.Now().Add(time.Minute)
	// Spread next_check_at: story i due at now-i minutes, story 5 in the future.
	for i, st := range sts {
		next := now.Add(-time.Duration(i) * time.Minute)
		if i == 5 {
			next = now.Add(time.Hour)
		}
		if err := s.Reschedule(ctx, st.ID, next); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RemoveStory(ctx, sts[4].URL); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordCheck(ctx, storywatch.CheckRecord{Check: storywatch.Check{StoryID: sts[3].ID, At: base,
		Outcome: storywatch.OutcomeError}, Story: storywatch.StoryUpdate{State: storywatch.StateGone,
		NextCheckAt: now.Add(-3 * time.Minute)}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.ClaimDue(ctx, now, 2, "a", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != sts[2].ID || got[1].ID != sts[1].ID {
		t.Fatalf("first claim = %v, want stories 2, 1 (oldest due first)", ids(got))
	}
	got, _ = s.ClaimDue(ctx, now, 10, "a", time.Minute)
	if len(got) != 1 || got[0].ID != sts[0].ID {
		t.Fatalf("second claim = %v, want story 0 only (leased, stopped, gone, future excluded)", ids(got))
	}
	if got, _ := s.ClaimDue(ctx, now, 10, "b", time.Minute); len(got) != 0 {
		t.Errorf("claimed leased stories: %v", ids(got))
	}
	// Expired leases can be claimed again.
	got, _ = s.ClaimDue(ctx, now.Add(2*time.Minute), 10, "b", time.Minute)
	if len(got) != 3 {
		t.Errorf("claim after lease expiry = %v, want 3", ids(got))
	}
	// RecordCheck releases the lease.
	if _, err := s.RecordCheck(ctx, storywatch.CheckRecord{Check: storywatch.Check{StoryID: sts[0].ID, At: base,
		Outcome: storywatch.OutcomeUnchanged}}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.ClaimDue(ctx, now.Add(2*time.Minute), 10, "c", time.Minute)
	if len(got) != 1 || got[0].ID != sts[0].ID {
		t.Errorf("claim after RecordCheck = %v, want story 0", ids(got))
	}
	if got, err := s.ClaimDue(ctx, now, 0, "c", time.Minute); err != nil || len(got) != 0 {
		t.Errorf("ClaimDue(limit 0) = %v, %v", ids(got), err)
	}
}

// testReleaseLeases: a daemon shutting down hands back its leases, and only
// its own.
func testReleaseLeases(t *testing.T, s store.Store) {
	ctx := context.Background()
	sts := mustAdd(t, s, urls(4)...)
	now := time.Now().Add(time.Minute)
	a, err := s.ClaimDue(ctx, now, 2, "a", time.Hour)
	if err != nil || len(a) != 2 {
		t.Fatalf("claim a = %v, %v", ids(a), err)
	}
	b, err := s.ClaimDue(ctx, now, 2, "b", time.Hour)
	if err != nil || len(b) != 2 {
		t.Fatalf("claim b = %v, %v", ids(b), err)
	}
	if err := s.ReleaseLeases(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	got, err := s.ClaimDue(ctx, now, 10, "c", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids(got)) != fmt.Sprint(ids(a)) {
		t.Errorf("claim after a released = %v, want a's stories %v (b's still leased)", ids(got), ids(a))
	}
	if err := s.ReleaseLeases(ctx, "nobody"); err != nil {
		t.Errorf("releasing no leases: %v", err)
	}
	for _, st := range sts {
		got, err := s.Story(ctx, st.URL)
		if err != nil || got.State != storywatch.StateActive {
			t.Errorf("story %s after release: %v, %v", st.URL, got.State, err)
		}
	}
}

// testKeepsStopped: a story retired while its check was in flight stays
// stopped; any other state is the check's to set.
func testKeepsStopped(t *testing.T, s store.Store) {
	ctx := context.Background()
	sts := mustAdd(t, s, urls(2)...)
	now := time.Now().Add(time.Minute)
	if got, err := s.ClaimDue(ctx, now, 2, "a", time.Hour); err != nil || len(got) != 2 {
		t.Fatalf("claim = %v, %v", ids(got), err)
	}
	// Story 0 is removed while its check runs; story 1 is not.
	if err := s.RemoveStory(ctx, sts[0].URL); err != nil {
		t.Fatal(err)
	}
	for _, st := range sts {
		c := changed(s, t, st, 0, storywatch.Change{Kind: storywatch.TextChanged, Summary: "text"})
		if c.Version == nil {
			t.Fatalf("story %d: no version stored", st.ID)
		}
	}
	want := []storywatch.StoryState{storywatch.StateStopped, storywatch.StateActive}
	for i, st := range sts {
		got, err := s.Story(ctx, st.URL)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != want[i] || got.Versions != 1 {
			t.Errorf("story %d after check: state %s, %d versions; want %s, 1", i, got.State, got.Versions, want[i])
		}
	}
	// A check may still move a non-stopped story elsewhere (gone), and a
	// reactivated story takes check states again.
	if _, err := s.RecordCheck(ctx, storywatch.CheckRecord{Check: storywatch.Check{StoryID: sts[1].ID, At: base,
		Outcome: storywatch.OutcomeError}, Story: storywatch.StoryUpdate{State: storywatch.StateGone}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Story(ctx, sts[1].URL); got.State != storywatch.StateGone {
		t.Errorf("story 1 after gone check: %s", got.State)
	}
	if _, err := s.AddStories(ctx, []store.NewStory{{URL: sts[0].URL, Source: storywatch.SourceCLI}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordCheck(ctx, storywatch.CheckRecord{Check: storywatch.Check{StoryID: sts[0].ID, At: base,
		Outcome: storywatch.OutcomeError}, Story: storywatch.StoryUpdate{State: storywatch.StateGone}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Story(ctx, sts[0].URL); got.State != storywatch.StateGone {
		t.Errorf("reactivated story after gone check: %s", got.State)
	}
}

func ids(sts []storywatch.Story) []int64 {
	out := []int64{}
	for _, s := range sts {
		out = append(out, s.ID)
	}
	return out
}

func testClaimConcurrent(t *testing.T, s store.Store) {
	mustAdd(t, s, urls(40)...)
	claimRace(t, []store.Store{s, s, s, s})
}

// claimRace lets several claimers take due stories until none is left and
// checks that each story went to exactly one of them.
func claimRace(t *testing.T, claimers []store.Store) {
	t.Helper()
	ctx := context.Background()
	now := time.Now().Add(time.Minute)
	var (
		mu  sync.Mutex
		got = map[int64]string{}
		wg  sync.WaitGroup
	)
	errs := make(chan error, len(claimers))
	for i, s := range claimers {
		owner := fmt.Sprintf("owner-%d", i)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				sts, err := s.ClaimDue(ctx, now, 3, owner, time.Hour)
				if err != nil {
					errs <- err
					return
				}
				if len(sts) == 0 {
					return
				}
				mu.Lock()
				for _, st := range sts {
					if prev, dup := got[st.ID]; dup {
						errs <- fmt.Errorf("story #%d claimed by %s and %s", st.ID, prev, owner)
					}
					got[st.ID] = owner
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(got) != 40 {
		t.Errorf("%d stories claimed, want 40", len(got))
	}
}

func testReschedule(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, ok, err := s.OldestDue(ctx); ok || err != nil {
		t.Errorf("OldestDue of an empty store = %v, %v", ok, err)
	}
	sts := mustAdd(t, s, urls(3)...)
	for i, st := range sts {
		if err := s.Reschedule(ctx, st.ID, base.Add(time.Duration(10-i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RemoveStory(ctx, sts[2].URL); err != nil {
		t.Fatal(err)
	}
	at, ok, err := s.OldestDue(ctx)
	if err != nil || !ok || !at.Equal(base.Add(9*time.Minute)) {
		t.Errorf("OldestDue = %v, %v, %v; want %v (stopped stories ignored)", at, ok, err, base.Add(9*time.Minute))
	}
	if err := s.Reschedule(ctx, 999999, base); !errors.Is(err, storywatch.ErrNotFound) {
		t.Errorf("Reschedule(unknown) = %v, want ErrNotFound", err)
	}
}

func testRobots(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, ok, err := s.Robots(ctx, "https://a.example"); ok || err != nil {
		t.Fatalf("Robots(uncached) = %v, %v", ok, err)
	}
	e := storywatch.RobotsEntry{Host: "https://a.example", Status: 200, Body: []byte("User-agent: *\nDisallow: /private\n"),
		FetchedAt: base, ExpiresAt: base.Add(24 * time.Hour)}
	if err := s.PutRobots(ctx, e); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Robots(ctx, e.Host)
	if err != nil || !ok || got.Status != 200 || !bytes.Equal(got.Body, e.Body) || !got.FetchedAt.Equal(e.FetchedAt) ||
		!got.ExpiresAt.Equal(e.ExpiresAt) || got.Host != e.Host {
		t.Errorf("Robots = %+v, %v, %v", got, ok, err)
	}
	e.Status, e.Body = 404, nil
	if err := s.PutRobots(ctx, e); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := s.Robots(ctx, e.Host); got.Status != 404 || len(got.Body) != 0 {
		t.Errorf("replaced robots = %+v", got)
	}
	if _, ok, _ := s.Robots(ctx, "http://a.example"); ok {
		t.Errorf("robots cache ignores the scheme")
	}
}

func testStats(t *testing.T, s store.Store) {
	ctx := context.Background()
	st := mustAdd(t, s, "https://a.example/stats")[0]
	for i := 0; i < 3; i++ {
		changed(s, t, st, i, storywatch.Change{Kind: storywatch.TextChanged, Summary: "edit"})
	}
	stats, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Driver == "" || stats.Versions != 3 {
		t.Errorf("stats = %+v", stats)
	}
	rows := map[string]int64{}
	var names []string
	for _, ts := range stats.Tables {
		rows[ts.Table] = ts.Rows
		names = append(names, ts.Table)
		if ts.Rows > 0 && ts.Bytes <= 0 {
			t.Errorf("table %s: %d rows in %d bytes", ts.Table, ts.Rows, ts.Bytes)
		}
	}
	sort.Strings(names)
	if strings.Join(names, ",") != "alerts,changes,checks,kv,robots,stories,versions" {
		t.Errorf("tables = %v", names)
	}
	// A check that stored a version keeps its changes in the version's blob.
	if rows["stories"] != 1 || rows["checks"] != 3 || rows["versions"] != 3 || rows["changes"] != 0 {
		t.Errorf("rows = %v", rows)
	}
	if stats.PerVersionText <= 0 || stats.PerVersionHTML <= 0 || stats.PerVersionFacts <= 0 || stats.PerVersionChanges <= 0 ||
		stats.PerVersionTotal < stats.PerVersionText+stats.PerVersionHTML {
		t.Errorf("per-version bytes = %+v", stats)
	}
}
