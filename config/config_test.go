package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "sw.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func specOK(s string) error {
	if strings.Contains(s, "bogus") {
		return errors.New("bad spec")
	}
	return nil
}

func TestExampleIsValid(t *testing.T) {
	cfg, err := Load("../examples/storywatch.yaml", Options{Environ: []string{}, ValidSpec: specOK})
	if err != nil {
		t.Fatalf("examples/storywatch.yaml: %v", err)
	}
	if len(cfg.Stories) != 3 || cfg.Stories[1].Schedule != "@every 5m" || cfg.Stories[0].Line == 0 {
		t.Fatalf("stories not decoded: %+v", cfg.Stories)
	}
	if cfg.Scraper.MaxBody != 10<<20 || cfg.Scraper.PerHost.Delay != time.Second {
		t.Fatalf("scraper: %+v", cfg.Scraper)
	}
	if cfg.ScheduleFor("", "westminster-2017") != "*/10 * * * *" {
		t.Fatalf("event schedule not resolved")
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		body string
		env  []string
		want []string // each must appear in the error text
	}{
		{
			name: "unknown keys name file, line and key",
			body: "scraper:\n  workers: 3\n  wrkers: 4\nstories:\n  - url: https://a.example/x\n    schedul: '@hourly'\n",
			want: []string{"sw.yaml:3: wrkers: unknown key in scraper section", "sw.yaml:6: schedul: unknown key in a story"},
		},
		{
			name: "bad duration",
			body: "scraper:\n  timeout: ten\n",
			want: []string{"sw.yaml:2: cannot unmarshal !!str `ten` into time.Duration"},
		},
		{
			name: "bad size",
			body: "scraper:\n  max_body: lots\n",
			want: []string{`sw.yaml:2: invalid size "lots"`},
		},
		{
			name: "bad story URL and spec name the story line",
			body: "stories:\n  - url: https://a.example/x\n  - url: ftp://b.example/y\n  - url: https://c.example/z\n    schedule: bogus\n",
			want: []string{`sw.yaml:3: stories[1].url: invalid URL "ftp://b.example/y": scheme must be http or https`, "sw.yaml:5: stories[2].schedule: bad spec"},
		},
		{
			name: "duplicate story",
			body: "stories:\n  - url: https://a.example/x\n  - url: https://a.example/x\n",
			want: []string{"sw.yaml:3: stories[1].url: https://a.example/x is already listed on line 2"},
		},
		{
			name: "bad values name the key's line",
			body: "log:\n  format: xml\nscraper:\n  workers: 0\n",
			want: []string{`sw.yaml:2: log.format: "xml" is not text or json`, "sw.yaml:4: scraper.workers: must be at least 1"},
		},
		{
			name: "syntax error",
			body: "scraper: [\n",
			want: []string{"sw.yaml: "},
		},
		{
			name: "unknown environment variable",
			body: "",
			env:  []string{"STORYWATCH_SCRAPER_DELAY=2s"},
			want: []string{"STORYWATCH_SCRAPER_DELAY: unknown environment variable"},
		},
		{
			name: "bad environment value",
			body: "",
			env:  []string{"STORYWATCH_SCRAPER_PER_HOST_DELAY=soon"},
			want: []string{`STORYWATCH_SCRAPER_PER_HOST_DELAY: scraper.per_host.delay: invalid duration "soon"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := tt.env
			if env == nil {
				env = []string{}
			}
			_, err := Load(write(t, tt.body), Options{Environ: env, ValidSpec: specOK})
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\n does not contain %q", err, w)
				}
			}
		})
	}
}

func TestEnvOverrides(t *testing.T) {
	p := write(t, "scraper:\n  workers: 3\n")
	cfg, err := Load(p, Options{Environ: []string{
		"STORYWATCH_SCRAPER_PER_HOST_DELAY=2s",
		"STORYWATCH_SCRAPER_WORKERS=7",
		"STORYWATCH_SCRAPER_MAX_BODY=1MiB",
		"STORYWATCH_SCRAPER_ROBOTS=false",
		"STORYWATCH_LOG_FORMAT=json",
		"STORYWATCH_DB=/elsewhere.db",   // not a key
		"STORYWATCH_TEST_POSTGRES=x",    // not a key
		"STORYWATCH_CONFIG=/other.yaml", // not a key
	}})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Scraper.PerHost.Delay != 2*time.Second || cfg.Scraper.Workers != 7 || cfg.Scraper.MaxBody != 1<<20 ||
		cfg.Scraper.Robots || cfg.Log.Format != "json" {
		t.Fatalf("overrides not applied: %+v %+v", cfg.Scraper, cfg.Log)
	}
	if Keys()["scraper.per_host.delay"] != "STORYWATCH_SCRAPER_PER_HOST_DELAY" {
		t.Fatalf("key table: %v", Keys())
	}
}

func TestDumpRedacts(t *testing.T) {
	cfg := Default()
	cfg.Storage.DSN = "postgres://sw:hunter2@db.example/sw?sslmode=disable"
	var b bytes.Buffer
	if err := cfg.Dump(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "hunter2") || !strings.Contains(out, "REDACTED") {
		t.Fatalf("dump not redacted:\n%s", out)
	}
	if !strings.Contains(out, "delay: 1s") || !strings.Contains(out, "max_body: 10MiB") {
		t.Fatalf("dump does not print human values:\n%s", out)
	}
	// The dump must load back to the same config.
	p := write(t, out)
	back, err := Load(p, Options{Environ: []string{}})
	if err != nil {
		t.Fatalf("dump does not load back: %v", err)
	}
	if len(back.Scraper.Sites) == 0 {
		back.Scraper.Sites = nil
	}
	if !reflect.DeepEqual(back.Scraper, cfg.Scraper) {
		t.Fatalf("round trip: %+v != %+v", back.Scraper, cfg.Scraper)
	}
}

func TestStoriesHash(t *testing.T) {
	a := Default()
	a.Stories = []Story{{URL: "https://a.example/x", Line: 2}}
	b := a
	b.Stories = []Story{{URL: "https://a.example/x", Line: 2, Schedule: "@hourly"}}
	if a.StoriesHash() == b.StoriesHash() {
		t.Fatal("hash ignores schedule")
	}
}
