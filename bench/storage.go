package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/storywatch/storywatch/internal/newsfixture"
)

// dbStats is the JSON of `storywatch db stats --json`.
type dbStats struct {
	Tables []struct {
		Table string `json:"table"`
		Rows  int64  `json:"rows"`
		Bytes int64  `json:"bytes"`
	} `json:"tables"`
	Versions   int64              `json:"versions"`
	PerVersion map[string]float64 `json:"bytes_per_version"`
}

func (s dbStats) table(name string) int64 {
	for _, t := range s.Tables {
		if t.Table == name {
			return t.Bytes
		}
	}
	return 0
}

// total is a per-version figure times the number of versions.
func (s dbStats) total(key string) float64 { return s.PerVersion[key] * float64(s.Versions) }

// storageScenario is one kind of revision history for section 4.
type storageScenario struct {
	name  string // row tag and -storage-scenarios name
	mixed bool   // newsfixture.LoadOptions.MixedEdits
	churn bool   // the page chrome changes on every fetch
}

// storageScenarios: "heavy" is every revision a breaking-news update (the
// toll rises in headline and lead, an update paragraph); "mixed" is the mix
// of real revision histories (LoadOptions.MixedEdits: fact updates, quotes,
// background, rewordings, corrections, removals); "churn" is "mixed" on
// pages whose chrome (ad slot, CSRF token, relative time, most-read list)
// changes on every fetch, so each version's raw HTML also carries the
// chrome's changes since the version before.
var storageScenarios = []storageScenario{{"heavy", false, false}, {"mixed", true, false}, {"churn", true, true}}

type storageRun struct {
	stats    dbStats
	file     int64 // database file and WAL, bytes
	checks   int
	gitStart int64 // packed git bytes after round 0 (edits run only)
	gitEnd   int64
	gitPack  [2]int64 // .pack alone, start and end
	edits    int
	kinds    map[string]int // mixed edits by kind
}

// runStorage measures each scenario of -storage-scenarios in turn; a
// failed scenario does not keep the next from running.
func runStorage(ctx context.Context, o options, t *table) error {
	var errs []error
	for _, sc := range storageScenarios {
		if !slices.Contains(o.scenarios, sc.name) {
			continue
		}
		if err := runStorageScenario(ctx, o, t, sc); err != nil {
			t.add("4", sc.name+": scenario failed", shorten(err.Error(), 160), "", "FAIL")
			errs = append(errs, fmt.Errorf("%s: %w", sc.name, err))
		}
	}
	return errors.Join(errs...)
}

// runStorageScenario runs the same number of checks twice over the
// scenario's pages, once with every story edited each round and once with
// no edit (churning chrome alone makes no version: the text is the same),
// so that check rows cancel out and the difference is what the versions
// cost; the edited texts also go, round by round, into a git
// repository packed with `git gc --aggressive`.
func runStorageScenario(ctx context.Context, o options, t *table, sc storageScenario) error {
	edited, err := storageRunOnce(ctx, o, sc, true)
	if err != nil {
		return fmt.Errorf("run with edits: %w", err)
	}
	plain, err := storageRunOnce(ctx, o, sc, false)
	if err != nil {
		return fmt.Errorf("run without edits: %w", err)
	}
	dv := float64(edited.stats.Versions - plain.stats.Versions)
	if dv <= 0 {
		return fmt.Errorf("the edits made no versions (%d vs %d)", edited.stats.Versions, plain.stats.Versions)
	}
	tag := sc.name + ": "
	t.add("4", fmt.Sprintf("%s%d stories × %d rounds: versions", tag, o.storyN, o.rounds), fmt.Sprintf("%d with edits, %d without (%d edits served), %d checks each run", edited.stats.Versions, plain.stats.Versions, edited.edits, edited.checks), "", "")
	if len(edited.kinds) > 0 {
		var ks []string
		for _, k := range []string{"fact", "quote", "background", "reword", "correction", "remove"} {
			ks = append(ks, fmt.Sprintf("%s %d", k, edited.kinds[k]))
		}
		t.add("4", tag+"edits by kind", strings.Join(ks, ", "), "", "")
	}
	gitPer := float64(edited.gitEnd-edited.gitStart) / float64(edited.edits)
	gitPackPer := float64(edited.gitPack[1]-edited.gitPack[0]) / float64(edited.edits)
	t.add("4", tag+"git gc --aggressive, per version", fmt.Sprintf("%.0f B (pack+idx; pack alone %.0f B); repository %s after round 0, %s at the end", gitPer, gitPackPer, kb(edited.gitStart), kb(edited.gitEnd)), "", "")
	per := func(a, b float64) float64 { return (a - b) / dv }
	text := per(edited.stats.total("text"), plain.stats.total("text"))
	t.add("4", tag+"storywatch version text, per version", fmt.Sprintf("%.0f B (%.2f× git)", text, text/gitPer), "≤ git", verdict(text <= gitPer))
	file := per(float64(edited.file), float64(plain.file))
	t.add("4", tag+"storywatch everything a version adds (db file), per version", fmt.Sprintf("%.0f B (%.2f× git)", file, file/gitPer), "≤ 1.5× git", verdict(file <= 1.5*gitPer))
	var parts []string
	for _, k := range []string{"html", "facts"} {
		parts = append(parts, fmt.Sprintf("%s blob %.0f B", k, per(edited.stats.total(k), plain.stats.total(k))))
	}
	for _, tb := range []string{"versions", "facts", "changes", "checks", "stories"} {
		parts = append(parts, fmt.Sprintf("%s table %.0f B", tb, per(float64(edited.stats.table(tb)), float64(plain.stats.table(tb)))))
	}
	t.add("4", tag+"where a version's bytes go (tables include their indexes)", strings.Join(parts, ", "), "", "")
	return nil
}

func kb(b int64) string { return fmt.Sprintf("%.1f KB", float64(b)/1e3) }

func storageRunOnce(ctx context.Context, o options, sc storageScenario, edits bool) (storageRun, error) {
	var r storageRun
	name := "storage-" + sc.name + "-plain"
	if edits {
		name = "storage-" + sc.name + "-edits"
	}
	dir := filepath.Join(o.tmp, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return r, err
	}
	site, srv, port, err := loadServer(newsfixture.LoadOptions{Stories: o.storyN, Seed: 2, NoChurn: !sc.churn, MixedEdits: sc.mixed})
	if err != nil {
		return r, err
	}
	defer srv.Close()
	db := filepath.Join(dir, "storywatch.db")
	add := sw(o, dir, db, "add", "-")
	add.Stdin = strings.NewReader(strings.Join(storyURLs(o.storyN, port), "\n") + "\n")
	if _, err := add.run(ctx); err != nil {
		return r, err
	}
	var g *gitRepo
	if edits {
		if g, err = newGitRepo(ctx, filepath.Join(dir, "git")); err != nil {
			return r, err
		}
	}
	for round := 0; round <= o.rounds; round++ {
		if round > 0 && edits {
			r.edits += len(site.Edit(100))
		}
		check := sw(o, dir, db, "check", "--all", "--json")
		check.Stdout = filepath.Join(dir, fmt.Sprintf("check-%d.jsonl", round))
		check.Stderr = filepath.Join(dir, fmt.Sprintf("check-%d.err", round))
		if _, err := check.run(ctx); err != nil {
			return r, err
		}
		sum, err := readChecks(check.Stdout)
		if err != nil {
			return r, err
		}
		slog.Info("storage round", "run", name, "round", round, "outcomes", sum.String())
		r.checks += o.storyN
		if g == nil {
			continue
		}
		for i := range o.storyN {
			if err := os.WriteFile(filepath.Join(g.dir, fmt.Sprintf("story-%06d.txt", i)), []byte(site.Text(i)+"\n"), 0o644); err != nil {
				return r, err
			}
		}
		if err := g.commit(ctx, fmt.Sprintf("round %d", round)); err != nil {
			return r, err
		}
		if round == 0 {
			if r.gitStart, r.gitPack[0], err = g.packed(ctx); err != nil {
				return r, err
			}
		}
	}
	if g != nil {
		if r.gitEnd, r.gitPack[1], err = g.packed(ctx); err != nil {
			return r, err
		}
	}
	if edits && sc.mixed {
		r.kinds = map[string]int{}
		for i := range o.storyN {
			for _, k := range site.EditKinds(i) {
				r.kinds[k]++
			}
		}
	}
	st := sw(o, dir, db, "db", "stats", "--json")
	st.Stdout = filepath.Join(dir, "stats.json")
	if _, err := st.run(ctx); err != nil {
		return r, err
	}
	raw, err := os.ReadFile(st.Stdout)
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(raw, &r.stats); err != nil {
		return r, fmt.Errorf("db stats --json: %w", err)
	}
	if err := os.WriteFile(filepath.Join(o.out, name+"-stats.json"), raw, 0o644); err != nil {
		return r, err
	}
	for _, f := range []string{db, db + "-wal"} {
		if fi, err := os.Stat(f); err == nil {
			r.file += fi.Size()
		}
	}
	return r, nil
}

type gitRepo struct{ dir string }

func newGitRepo(ctx context.Context, dir string) (*gitRepo, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	g := &gitRepo{dir: dir}
	return g, g.git(ctx, "init", "-q")
}

func (g *gitRepo) git(ctx context.Context, args ...string) error {
	p := proc{Dir: g.dir, Env: childEnv("GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1"),
		Args:    append([]string{"git", "-c", "user.name=bench", "-c", "user.email=bench@localhost", "-c", "gc.auto=0"}, args...),
		Stderr:  filepath.Join(g.dir, "..", "git.err"),
		Timeout: 10 * time.Minute}
	_, err := p.run(ctx)
	return err
}

func (g *gitRepo) commit(ctx context.Context, msg string) error {
	if err := g.git(ctx, "add", "-A"); err != nil {
		return err
	}
	return g.git(ctx, "commit", "-q", "-m", msg)
}

// packed repacks with gc --aggressive and returns the bytes of the pack
// files with their indexes, and of the packs alone.
func (g *gitRepo) packed(ctx context.Context) (all, pack int64, err error) {
	if err := g.git(ctx, "gc", "--aggressive", "--prune=now", "-q"); err != nil {
		return 0, 0, err
	}
	entries, err := os.ReadDir(filepath.Join(g.dir, ".git", "objects", "pack"))
	if err != nil {
		return 0, 0, err
	}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil {
			return 0, 0, err
		}
		switch filepath.Ext(e.Name()) {
		case ".pack":
			pack += fi.Size()
			all += fi.Size()
		case ".idx", ".rev":
			all += fi.Size()
		}
	}
	return all, pack, nil
}
