package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storywatch/storywatch/internal/newsfixture"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestFixtureHistories checks every default fixture story after each edit,
// as a user would from the command line, and compares what history --json
// and diff report with golden files: the exact change list per version.
func TestFixtureHistories(t *testing.T) {
	site := newsfixture.New(newsfixture.Options{})
	defer site.Close()
	dir := t.TempDir()
	t.Setenv("STORYWATCH_SCRAPER_PER_HOST_DELAY", "0s")
	t.Setenv("NO_COLOR", "1")
	db := filepath.Join(dir, "sw.db")
	sw := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(append([]string{"--db", db}, args...), strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("storywatch %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
		}
		return out.String()
	}
	for _, st := range newsfixture.DefaultStories() {
		if len(st.Versions) < 2 {
			continue
		}
		name := strings.ReplaceAll(strings.Trim(st.Path, "/"), "/", "_")
		t.Run(name, func(t *testing.T) {
			u := site.URL() + st.Path
			sw("add", u)
			for n := 1; n <= len(st.Versions); n++ {
				if err := site.SetVersion(st.Path, n); err != nil {
					t.Fatal(err)
				}
				sw("check", u)
			}
			var h historyJSON
			if err := json.Unmarshal([]byte(sw("history", "--json", u)), &h); err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			for _, v := range h.Versions {
				fmt.Fprintf(&got, "v%d %s\n", v.N, v.Title)
				for _, c := range v.Changes {
					field := ""
					if c.Field != nil {
						field = " [" + *c.Field + "]"
					}
					fmt.Fprintf(&got, "  %s%s: %s\n", c.Kind, field, c.Summary)
				}
			}
			if len(h.Versions) != len(st.Versions) {
				t.Errorf("%d versions stored, fixture has %d", len(h.Versions), len(st.Versions))
			}
			// diff between the first and last versions carries the same kinds of news.
			got.WriteString("diff v1 → last:\n")
			for _, line := range strings.Split(sw("diff", "--from", "1", u), "\n") {
				if strings.HasPrefix(line, "* ") {
					got.WriteString("  " + line + "\n")
				}
			}
			golden(t, filepath.Join("testdata", "history", name+".golden"), got.String())
		})
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s--- want\n%s", path, got, want)
	}
}
