package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/storywatch/storywatch/internal/newsfixture"
)

// throughputKeep is the largest N's server and database, kept alive for
// the daemon-while-checking measurement.
type throughputKeep struct {
	n    int
	site *newsfixture.LoadSite
	srv  *http.Server
	port int
	db   string
	dir  string
}

func (k *throughputKeep) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	k.srv.Shutdown(ctx)
}

// loadServer starts a load site with n stories on its own port.
func loadServer(opts newsfixture.LoadOptions) (*newsfixture.LoadSite, *http.Server, int, error) {
	site := newsfixture.NewLoadSite(opts)
	site.Prepare()
	ln, port, err := newsfixture.ListenLoad(0)
	if err != nil {
		return nil, nil, 0, err
	}
	return site, site.Serve(ln), port, nil
}

func storyURLs(n, port int) []string {
	urls := make([]string, n)
	for i := range urls {
		urls[i] = newsfixture.LoadURL(i, port)
	}
	return urls
}

// sw is a storywatch child on db with the default settings.
func sw(o options, dir, db string, args ...string) proc {
	return proc{Dir: dir, Env: childEnv(), Args: append([]string{o.bin, "--db", db}, args...), Timeout: 10 * time.Minute}
}

// checkSummary counts the outcomes of one `check --json` run.
type checkSummary struct {
	outcomes  map[string]int
	errors    map[string]int
	durations map[string][]float64 // duration_ms by outcome
}

func readChecks(path string) (checkSummary, error) {
	s := checkSummary{outcomes: map[string]int{}, errors: map[string]int{}, durations: map[string][]float64{}}
	f, err := os.Open(path)
	if err != nil {
		return s, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var c struct {
			Outcome    string  `json:"outcome"`
			DurationMS float64 `json:"duration_ms"`
			Error      *struct {
				Class string `json:"class"`
			} `json:"error"`
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return s, fmt.Errorf("%s: %w", path, err)
		}
		s.outcomes[c.Outcome]++
		s.durations[c.Outcome] = append(s.durations[c.Outcome], c.DurationMS)
		if c.Error != nil {
			s.errors[c.Error.Class]++
		}
	}
	return s, sc.Err()
}

func (s checkSummary) String() string {
	var parts []string
	for _, k := range sortedKeys(s.outcomes) {
		parts = append(parts, fmt.Sprintf("%s %d", k, s.outcomes[k]))
	}
	for _, k := range sortedKeys(s.errors) {
		parts = append(parts, fmt.Sprintf("error:%s %d", k, s.errors[k]))
	}
	return strings.Join(parts, ", ")
}

// latency is "outcome p50/p95 ms" per outcome, from duration_ms.
func (s checkSummary) latency() string {
	var parts []string
	for _, k := range sortedKeys(s.outcomes) {
		d := slices.Clone(s.durations[k])
		slices.Sort(d)
		if len(d) == 0 {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s p50 %.1f ms p95 %.1f ms", k, d[len(d)/2], d[len(d)*95/100]))
	}
	return strings.Join(parts, "; ")
}

func costLine(u usage, n int) string {
	return fmt.Sprintf("wall %s, %.0f checks/s, cpu %s (user %s sys %s), peak rss %s",
		secs(u.Wall), float64(n)/u.Wall.Seconds(), secs(u.CPU()), secs(u.User), secs(u.Sys), mb(u.MaxRSS))
}

func runThroughput(ctx context.Context, o options, t *table) (*throughputKeep, error) {
	var uw *urlwatch
	if o.sections[2] {
		var err error
		if uw, err = setupURLWatch(ctx, o); err != nil {
			t.add("2", "urlwatch", shorten(err.Error(), 120), "", "SKIP")
			uw = nil
		}
	}
	var keep *throughputKeep
	for _, n := range o.ns {
		k, err := throughputN(ctx, o, t, n, uw)
		if err != nil {
			if k != nil {
				k.close()
			}
			return keep, fmt.Errorf("throughput with n=%d: %w", n, err)
		}
		if o.sections[3] && (keep == nil || k.n > keep.n) {
			if keep != nil {
				keep.close()
			}
			keep = k
		} else {
			k.close()
		}
	}
	return keep, nil
}

func throughputN(ctx context.Context, o options, t *table, n int, uw *urlwatch) (*throughputKeep, error) {
	log := slog.With("n", n)
	k, err := newKeep(o, n, fmt.Sprintf("n%d", n))
	if err != nil {
		return nil, err
	}
	dir, port, site := k.dir, k.port, k.site
	urls := storyURLs(n, port)
	urlFile := filepath.Join(dir, "urls.txt")
	if err := os.WriteFile(urlFile, []byte(strings.Join(urls, "\n")+"\n"), 0o644); err != nil {
		return k, err
	}
	tag := fmt.Sprintf("N=%d", n)

	add := sw(o, dir, k.db, "add", "-")
	add.Stdin = strings.NewReader(strings.Join(urls, "\n") + "\n")
	add.Stderr = filepath.Join(dir, "add.err")
	u, err := add.run(ctx)
	if err != nil {
		return k, err
	}
	t.add("1", tag+" storywatch add - (one process)", fmt.Sprintf("wall %s, cpu %s, peak rss %s", secs(u.Wall), secs(u.CPU()), mb(u.MaxRSS)), "", "")

	withUW := uw != nil && n <= o.urlwatchN
	if withUW {
		if err := uw.prepare(dir, urls); err != nil {
			return k, err
		}
	} else if uw != nil {
		t.add("2", tag+" urlwatch", fmt.Sprintf("not run above -urlwatch-max %d", o.urlwatchN), "", "SKIP")
	}

	type passSpec struct {
		name   string
		edit   bool
		target float64 // urlwatch/storywatch ratio target; 0: none
	}
	passes := []passSpec{{"first", false, 0}, {"unchanged", false, 5}, {fmt.Sprintf("%.0f%%-changed", o.changed), true, 2}}
	for _, p := range passes {
		// Passes compared with urlwatch are repeated (each changed
		// repetition with a fresh round of edits) and the medians
		// compared, since other load on a shared machine moves single runs.
		reps := 1
		if withUW && p.name != "first" {
			reps = max(1, o.reps)
		}
		var sws, uws []usage
		var uwCounts []string
		sum := checkSummary{outcomes: map[string]int{}, errors: map[string]int{}, durations: map[string][]float64{}}
		var reqs int64
		for rep := range reps {
			if p.edit {
				site.Edit(o.changed)
			}
			log.Info("pass", "pass", p.name, "rep", rep+1)
			out := filepath.Join(o.out, fmt.Sprintf("check-n%d-%s.jsonl", n, p.name))
			check := sw(o, dir, k.db, "check", "--all", "--json")
			check.Stdout, check.Stderr = out, filepath.Join(dir, "check-"+p.name+".err")
			req0 := site.Requests()
			su, err := check.run(ctx)
			if err != nil {
				return k, err
			}
			reqs += site.Requests() - req0
			one, err := readChecks(out)
			if err != nil {
				return k, err
			}
			sum.merge(one)
			sws = append(sws, su)
			if !withUW {
				continue
			}
			uu, counts, err := uw.pass(ctx, dir, filepath.Join(o.out, fmt.Sprintf("urlwatch-n%d-%s.txt", n, p.name)))
			if err != nil {
				t.add("2", fmt.Sprintf("%s urlwatch %s pass", tag, p.name), shorten(err.Error(), 140), "", "FAIL")
				withUW = false
				continue
			}
			uws, uwCounts = append(uws, uu), append(uwCounts, counts)
		}
		note := ""
		if reps > 1 {
			note = fmt.Sprintf(" (median of %d)", reps)
		}
		su := median(sws)
		t.add("1", fmt.Sprintf("%s storywatch %s pass%s", tag, p.name, note), costLine(su, n)+"; "+sum.String()+fmt.Sprintf("; %d requests", reqs), "", "")
		t.add("1", fmt.Sprintf("%s storywatch %s per check", tag, p.name), sum.latency(), "", "")
		if p.name == "unchanged" {
			bareLoop(ctx, o, t, tag, urlFile, dir)
		}
		if withUW && len(uws) == len(sws) {
			compare(t, tag, p.name+" pass"+note, p.target, n, su, median(uws), strings.Join(uwCounts, " | "))
		}
		if o.profile && p.name != "first" {
			profilePass(ctx, o, t, site, k, p.name, p.edit)
		}
	}
	return k, nil
}

func (s *checkSummary) merge(o checkSummary) {
	for k, v := range o.outcomes {
		s.outcomes[k] += v
	}
	for k, v := range o.errors {
		s.errors[k] += v
	}
	for k, v := range o.durations {
		s.durations[k] = append(s.durations[k], v...)
	}
}

// median takes the median wall and the median CPU (each on its own) and
// the largest peak RSS of several runs.
func median(us []usage) usage {
	pick := func(f func(usage) time.Duration) usage {
		c := slices.Clone(us)
		slices.SortFunc(c, func(a, b usage) int { return int(f(a) - f(b)) })
		return c[len(c)/2]
	}
	w, c := pick(func(u usage) time.Duration { return u.Wall }), pick(usage.CPU)
	out := usage{Wall: w.Wall, User: c.User, Sys: c.Sys}
	for _, u := range us {
		out.MaxRSS = max(out.MaxRSS, u.MaxRSS)
	}
	return out
}

// compare reports urlwatch's pass next to storywatch's and the ratios.
func compare(t *table, tag, pass string, target float64, n int, su, uu usage, counts string) {
	t.add("2", fmt.Sprintf("%s urlwatch %s", tag, pass), costLine(uu, n)+"; "+counts, "", "")
	wall, cpu := uu.Wall.Seconds()/su.Wall.Seconds(), uu.CPU().Seconds()/su.CPU().Seconds()
	what := fmt.Sprintf("%s %s: urlwatch/storywatch", tag, pass)
	if target == 0 {
		t.add("2", what, fmt.Sprintf("wall %.2f×, cpu %.2f×, peak rss %s vs %s", wall, cpu, mb(uu.MaxRSS), mb(su.MaxRSS)), "", "")
		return
	}
	t.add("2", what+" wall", fmt.Sprintf("%.2f×", wall), fmt.Sprintf("≥ %.0f×", target), verdict(wall >= target))
	t.add("2", what+" cpu", fmt.Sprintf("%.2f×", cpu), fmt.Sprintf("≥ %.0f×", target), verdict(cpu >= target))
}

// bareLoop measures the floor: a sequential GET and SHA-256 of every page
// in a child process of its own.
func bareLoop(ctx context.Context, o options, t *table, tag, urlFile, dir string) {
	self, err := os.Executable()
	if err != nil {
		return
	}
	p := proc{Dir: dir, Env: childEnv(), Args: []string{self, "bare-loop", urlFile}, Stderr: filepath.Join(dir, "bare.err"), Timeout: 10 * time.Minute}
	u, err := p.run(ctx)
	if err != nil {
		t.add("1", tag+" reference: bare fetch+hash loop", shorten(err.Error(), 120), "", "FAIL")
		return
	}
	n := 0
	if b, err := os.ReadFile(urlFile); err == nil {
		n = strings.Count(string(b), "\n")
	}
	t.add("1", tag+" reference: bare sequential fetch+hash loop", costLine(u, n), "", "")
}

// bareLoopMain is the child of bareLoop.
func bareLoopMain(args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: bench bare-loop URLFILE")
		return 2
	}
	b, err := os.ReadFile(args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	c := &http.Client{Timeout: 30 * time.Second}
	h := sha256.New()
	for _, u := range strings.Fields(string(b)) {
		resp, err := c.Get(u)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		h.Reset()
		_, err = io.Copy(h, resp.Body)
		resp.Body.Close()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return 0
}

// newKeep starts a load server of n stories and a working directory for
// one storywatch database.
func newKeep(o options, n int, name string) (*throughputKeep, error) {
	dir := filepath.Join(o.tmp, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	site, srv, port, err := loadServer(newsfixture.LoadOptions{Stories: n, Seed: 1})
	if err != nil {
		return nil, err
	}
	return &throughputKeep{n: n, site: site, srv: srv, port: port, db: filepath.Join(dir, "storywatch.db"), dir: dir}, nil
}
