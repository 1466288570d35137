package store

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/storywatch/storywatch"
)

// storageSample is the storage cost of one synthetic corpus.
type storageSample struct {
	versions                     int
	text, html, facts, changes   float64 // store, bytes per version
	total                        float64 // store: versions and changes tables with indexes
	versionsTable, changesTable  float64 // store: each table with its indexes
	gitPack, gitBlobs, textBytes float64 // git, bytes per version; raw text size
}

// measureStorage stores stories×perStory synthetic versions in a SQLite
// store and the same texts (headline and text) in a git repository packed
// with `git gc --aggressive`, and returns the bytes per version of both.
// With rich, every version carries the facts and ~8 changes of a story whose
// figures and people all moved (richFacts, richChanges), else a light load.
func measureStorage(t testing.TB, stories, perStory int, rich bool, opts ...Option) storageSample {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	db := openTest(t, filepath.Join(dir, "s.db"), opts...)
	repo := filepath.Join(dir, "git")
	run := func(stdin []byte, args ...string) []byte {
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Stdin = bytes.NewReader(stdin)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	if err := os.Mkdir(repo, 0o755); err != nil {
		t.Fatal(err)
	}
	run(nil, "init", "-q", "-b", "main")

	var fi bytes.Buffer
	var s storageSample
	mark := 0
	for i := 0; i < stories; i++ {
		id := addStory(t, db, fmt.Sprintf("https://news.example/world/%d", i))
		var prevFacts *storywatch.Facts
		for k, v := range storyChain(uint64(i+1), perStory) {
			if rich {
				f := richFacts(k, v)
				recordWith(t, db, id, v, f, richChanges(k, prevFacts, f))
				prevFacts = f
			} else {
				record(t, db, id, k, v)
			}
			text := v.Headline + "\n\n" + v.Text() + "\n"
			s.textBytes += float64(len(text))
			mark++
			fmt.Fprintf(&fi, "commit refs/heads/main\nmark :%d\n", mark)
			ts := v.FetchedAt.Unix()
			fmt.Fprintf(&fi, "author Storywatch <sw@example.org> %d +0000\ncommitter Storywatch <sw@example.org> %d +0000\n", ts, ts)
			msg := fmt.Sprintf("story %d version %d", i, k+1)
			fmt.Fprintf(&fi, "data %d\n%s\n", len(msg), msg)
			if mark > 1 {
				fmt.Fprintf(&fi, "from :%d\n", mark-1)
			}
			fmt.Fprintf(&fi, "M 100644 inline story-%03d.txt\ndata %d\n%s\n", i, len(text), text)
		}
	}
	run(fi.Bytes(), "fast-import", "--quiet")
	run(nil, "gc", "--aggressive", "--prune=now", "--quiet")
	packs, _ := filepath.Glob(filepath.Join(repo, ".git", "objects", "pack", "*.pack"))
	if len(packs) != 1 {
		t.Fatalf("%d packs after gc", len(packs))
	}
	st, err := os.Stat(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	n := float64(stories * perStory)
	s.versions = stories * perStory
	s.gitPack = float64(st.Size()) / n
	// verify-pack: sha type size size-in-pack offset [depth base]
	sc := bufio.NewScanner(bytes.NewReader(run(nil, "verify-pack", "-v", strings.TrimSuffix(packs[0], ".pack")+".idx")))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 5 && f[1] == "blob" {
			b, _ := strconv.Atoi(f[3])
			s.gitBlobs += float64(b)
		}
	}
	s.gitBlobs /= n
	s.textBytes /= n

	stats, err := db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s.text, s.html, s.facts, s.changes, s.total = stats.PerVersionText, stats.PerVersionHTML, stats.PerVersionFacts,
		stats.PerVersionChanges, stats.PerVersionTotal
	for _, tb := range stats.Tables {
		switch tb.Table {
		case "versions":
			s.versionsTable = float64(tb.Bytes) / n
		case "changes":
			s.changesTable = float64(tb.Bytes) / n
		}
	}
	return s
}

func (s storageSample) String() string {
	return fmt.Sprintf("%d versions of %.0f B text: store blob text %.0f, html %.0f, facts %.0f, changes %.0f; tables versions %.0f, "+
		"changes %.0f; total %.0f B/version; git pack %.0f B/version (blobs %.0f); text/git %.2f, total/git %.2f",
		s.versions, s.textBytes, s.text, s.html, s.facts, s.changes, s.versionsTable, s.changesTable, s.total,
		s.gitPack, s.gitBlobs, s.text/s.gitPack, s.total/s.gitPack)
}

// TestStorageVsGit holds the targets of issue 4 on the synthetic corpus:
// version text costs no more than git per version, git's blobs alone
// included, and everything a version adds (text, raw HTML, facts, changes,
// index entries) no more than 1.5× git — with a light changes load and with
// ~8 changes of moved figures and people per version. The raw HTML here
// churns chrome on every fetch (a CSRF token, ad ids, a most-read list),
// which a real page without churn does not. Light load: 1.08× (1.43× with
// a blob per part and a facts table, 2.17× before keys and compact
// changes); rich load: 1.30× (1.69×, 19.9× before compact changes).
func TestStorageVsGit(t *testing.T) {
	if testing.Short() || raceBuild {
		t.Skip("storage comparison with git is a measurement: skipped in -short mode and under -race")
	}
	for _, rich := range []bool{false, true} {
		s := measureStorage(t, 8, 120, rich)
		t.Logf("rich changes %v: %s", rich, s)
		if s.text > s.gitPack {
			t.Errorf("text costs %.0f B/version, more than git's %.0f", s.text, s.gitPack)
		}
		// Our text blob also carries the metadata (updated line, dates) and
		// the part structure, which git's plain text file does not.
		if s.text > 1.25*s.gitBlobs {
			t.Errorf("text costs %.0f B/version, more than 1.25× git's blobs alone (%.0f)", s.text, s.gitBlobs)
		}
		if s.total > 1.5*s.gitPack {
			t.Errorf("rich %v: a version adds %.0f B in all, %.2f× git's %.0f (target 1.5×)", rich, s.total, s.total/s.gitPack, s.gitPack)
		}
	}
}

// BenchmarkStorageVsGit reports the same numbers as metrics, for several
// zstd levels and both changes loads:
// go test -run X -bench StorageVsGit -benchtime 1x ./store/
func BenchmarkStorageVsGit(b *testing.B) {
	for _, rich := range []bool{false, true} {
		for level := 1; level <= 4; level++ {
			b.Run(fmt.Sprintf("rich=%v/level%d", rich, level), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					s := measureStorage(b, 8, 120, rich, WithCompressionLevel(level))
					b.ReportMetric(s.text, "text-B/version")
					b.ReportMetric(s.html, "html-B/version")
					b.ReportMetric(s.facts, "facts-B/version")
					b.ReportMetric(s.versionsTable, "versions-table-B/version")
					b.ReportMetric(s.changes, "changes-B/version")
					b.ReportMetric(s.changesTable, "changes-table-B/version")
					b.ReportMetric(s.total, "total-B/version")
					b.ReportMetric(s.gitPack, "git-B/version")
				}
			})
		}
	}
}
