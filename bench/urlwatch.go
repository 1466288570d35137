package main

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// urlwatch drives the Debian package of urlwatch with the configuration
// its users write for articles: `css: article` then `html2text`, results
// reported to stdout only (no reporter that reaches the network).
type urlwatch struct{ bin string }

func setupURLWatch(ctx context.Context, o options) (*urlwatch, error) {
	if bin, err := exec.LookPath("urlwatch"); err == nil {
		return &urlwatch{bin: bin}, nil
	}
	if o.noInstall {
		return nil, fmt.Errorf("urlwatch not installed (-no-install)")
	}
	slog.Info("installing urlwatch with apt-get")
	for _, args := range [][]string{{"apt-get", "update", "-qq"}, {"apt-get", "install", "-y", "-qq", "urlwatch"}} {
		p := proc{Env: childEnv("DEBIAN_FRONTEND=noninteractive"), Args: args, Stderr: filepath.Join(o.tmp, "apt.err"), Timeout: 5 * time.Minute}
		if _, err := p.run(ctx); err != nil {
			return nil, fmt.Errorf("install urlwatch: %w", err)
		}
	}
	bin, err := exec.LookPath("urlwatch")
	if err != nil {
		return nil, fmt.Errorf("urlwatch still missing after apt-get install: %w", err)
	}
	return &urlwatch{bin: bin}, nil
}

const urlwatchConfig = `display:
  new: true
  error: true
  unchanged: false
  empty-diff: true
report:
  stdout:
    enabled: true
    color: false
  email:
    enabled: false
`

// prepare writes the job list and configuration into dir/urlwatch.
func (u *urlwatch) prepare(dir string, urls []string) error {
	d := filepath.Join(dir, "urlwatch")
	if err := os.MkdirAll(d, 0o755); err != nil {
		return err
	}
	var b strings.Builder
	for i, url := range urls {
		if i > 0 {
			b.WriteString("---\n")
		}
		fmt.Fprintf(&b, "name: \"story %d\"\nurl: \"%s\"\nfilter:\n  - css: article\n  - html2text\n", i, url)
	}
	if err := os.WriteFile(filepath.Join(d, "urls.yaml"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(d, "urlwatch.yaml"), []byte(urlwatchConfig), 0o644)
}

var urlwatchLine = regexp.MustCompile(`^\d+\. (NEW|CHANGED|ERROR|UNCHANGED)\b`)

// pass runs every job once and counts what urlwatch reported.
func (u *urlwatch) pass(ctx context.Context, dir, stdout string) (usage, string, error) {
	d := filepath.Join(dir, "urlwatch")
	p := proc{
		Dir: d,
		// Its own HOME, so no file of the machine's user is read or written.
		Env: childEnv("HOME="+d, "XDG_CONFIG_HOME="+d, "XDG_CACHE_HOME="+d),
		Args: []string{u.bin, "--urls", filepath.Join(d, "urls.yaml"), "--config", filepath.Join(d, "urlwatch.yaml"),
			"--hooks", filepath.Join(d, "hooks.py"), "--cache", filepath.Join(d, "cache.db")},
		Stdout:  stdout,
		Stderr:  filepath.Join(d, "urlwatch.err"),
		Timeout: 10 * time.Minute,
	}
	us, err := p.run(ctx)
	if err != nil {
		return us, "", err
	}
	f, err := os.Open(stdout)
	if err != nil {
		return us, "", err
	}
	defer f.Close()
	counts := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		if m := urlwatchLine.FindStringSubmatch(sc.Text()); m != nil {
			counts[strings.ToLower(m[1])]++
		}
	}
	var parts []string
	for _, k := range sortedKeys(counts) {
		parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
	}
	if len(parts) == 0 {
		parts = append(parts, "nothing reported")
	}
	return us, strings.Join(parts, ", "), sc.Err()
}
