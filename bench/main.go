// Command bench is storywatch's benchmark harness (`make bench`): it drives
// the built binary against the load mode of internal/newsfixture, side by
// side with urlwatch, and prints one table with every target's pass/fail.
//
//	go run ./bench                      # everything (N = 1,000 and 10,000)
//	go run ./bench -quick               # N = 200, small storage and idle runs
//	go run ./bench -sections 1,2 -n 1000
//
// Sections: 1 storywatch passes, 2 urlwatch side by side, 3 daemon
// footprint, 4 storage against git, 5 extraction quality, 6 Go
// micro-benchmarks. Only loopback addresses are ever contacted.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
)

type options struct {
	bin       string
	ns        []int
	sections  map[int]bool
	out       string
	data      string
	benchtime string
	idle      int
	storyN    int
	rounds    int
	scenarios []string // section 4: names of storageScenarios to run
	changed   float64
	reps      int
	keep      bool
	noInstall bool
	profile   bool
	urlwatchN int
	quick     bool
	repoRoot  string
	tmp       string
	started   time.Time
	deadline  time.Duration
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "bare-loop" {
		os.Exit(bareLoopMain(os.Args[2:]))
	}
	o, err := parseFlags()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	t := &table{}
	err = run(ctx, o, t)
	t.print(os.Stdout)
	if f, ferr := os.Create(filepath.Join(o.out, "table.txt")); ferr == nil {
		t.print(f)
		f.Close()
	}
	fmt.Printf("\nraw outputs in %s; total %s\n", o.out, time.Since(o.started).Round(time.Second))
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseFlags() (options, error) {
	o := options{started: time.Now()}
	var ns, sections, scenarios string
	flag.StringVar(&o.bin, "bin", "bin/storywatch", "storywatch binary (make build)")
	flag.StringVar(&ns, "n", "1000,10000", "story counts for sections 1-2 (comma-separated)")
	flag.StringVar(&sections, "sections", "1,2,3,4,5,6", "sections to run")
	flag.StringVar(&o.out, "out", "bench/out", "directory for raw outputs (micro-benchmarks, check JSON, table)")
	flag.StringVar(&o.data, "data", "", "article-extraction benchmark directory (default $STORYWATCH_BENCH_DATA or ../shared/bench-data/article-extraction)")
	flag.StringVar(&o.benchtime, "benchtime", "200ms", "go test -benchtime for section 6")
	flag.IntVar(&o.idle, "idle-stories", 100000, "stories tracked by the idle daemon (section 3)")
	flag.IntVar(&o.storyN, "storage-stories", 500, "stories in the storage runs (section 4)")
	flag.IntVar(&o.rounds, "storage-rounds", 9, "edit rounds in the storage runs (section 4)")
	flag.StringVar(&scenarios, "storage-scenarios", "heavy,mixed,churn", "storage scenarios (section 4): heavy (every revision a breaking-news update), mixed (a realistic mix of edits), churn (mixed, with page chrome changing on every fetch)")
	flag.IntVar(&o.reps, "reps", 3, "repetitions (medians) of the unchanged and changed passes compared with urlwatch")
	flag.Float64Var(&o.changed, "changed", 20, "percent of stories edited before the changed pass")
	flag.IntVar(&o.urlwatchN, "urlwatch-max", 1000, "largest N urlwatch runs at (bigger N: storywatch only; urlwatch needs ~15 min for 3 passes over 10,000 pages here)")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary directory (databases, urlwatch caches)")
	flag.BoolVar(&o.noInstall, "no-install", false, "never apt-get install urlwatch (skip section 2 when missing)")
	flag.BoolVar(&o.profile, "profile", os.Getenv("STORYWATCH_BENCH_CPUPROFILE") != "", "also run each measured pass once more under a CPU-profiling build and save the top functions (also: STORYWATCH_BENCH_CPUPROFILE=1)")
	flag.BoolVar(&o.quick, "quick", false, "development run: N=200, 2,000 idle stories, 100 storage stories, 4 rounds")
	flag.DurationVar(&o.deadline, "deadline", 15*time.Minute, "stop starting new sections past this")
	flag.Parse()
	if o.quick {
		ns, o.idle, o.storyN, o.rounds = "200", 2000, 100, 4
	}
	for _, f := range strings.Split(ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return o, fmt.Errorf("-n: bad count %q", f)
		}
		o.ns = append(o.ns, n)
	}
	for _, f := range strings.Split(scenarios, ",") {
		f = strings.TrimSpace(f)
		if !slices.ContainsFunc(storageScenarios, func(s storageScenario) bool { return s.name == f }) {
			return o, fmt.Errorf("-storage-scenarios: unknown scenario %q (heavy, mixed, churn)", f)
		}
		o.scenarios = append(o.scenarios, f)
	}
	o.sections = map[int]bool{}
	for _, f := range strings.Split(sections, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 6 {
			return o, fmt.Errorf("-sections: bad section %q (1-6)", f)
		}
		o.sections[n] = true
	}
	root, err := os.Getwd()
	if err != nil {
		return o, err
	}
	o.repoRoot = root
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return o, fmt.Errorf("run from the repository root (no go.mod in %s)", root)
	}
	if o.bin, err = filepath.Abs(o.bin); err != nil {
		return o, err
	}
	if o.out, err = filepath.Abs(o.out); err != nil {
		return o, err
	}
	if o.data == "" {
		o.data = os.Getenv("STORYWATCH_BENCH_DATA")
	}
	if o.data == "" {
		o.data = filepath.Join(root, "..", "shared", "bench-data", "article-extraction")
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return o, err
	}
	return o, nil
}

func run(ctx context.Context, o options, t *table) error {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	slog.SetDefault(log)
	tmp, err := os.MkdirTemp("", "storywatch-bench-")
	if err != nil {
		return err
	}
	o.tmp = tmp
	if o.keep {
		log.Info("keeping temporary files", "dir", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	needBin := o.sections[1] || o.sections[2] || o.sections[3] || o.sections[4]
	if needBin {
		if _, err := os.Stat(o.bin); err != nil {
			return fmt.Errorf("storywatch binary %s missing (run make build): %w", o.bin, err)
		}
	}
	var keep *throughputKeep
	steps := []struct {
		sec int
		fn  func() error
	}{
		{1, func() error {
			var err error
			keep, err = runThroughput(ctx, o, t)
			return err
		}},
		{3, func() error { return runDaemon(ctx, o, t, keep) }},
		{4, func() error { return runStorage(ctx, o, t) }},
		{5, func() error { return runQuality(o, t) }},
		{6, func() error { return runMicro(ctx, o, t) }},
	}
	defer func() {
		if keep != nil {
			keep.close()
		}
	}()
	for _, s := range steps {
		if s.sec == 1 && !o.sections[1] && !o.sections[2] {
			continue
		}
		if s.sec != 1 && !o.sections[s.sec] {
			continue
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if d := time.Since(o.started); d > o.deadline {
			t.add(strconv.Itoa(s.sec), "section skipped", "past the -deadline after "+d.Round(time.Second).String(), "", "SKIP")
			continue
		}
		log.Info("section start", "section", s.sec, "elapsed", time.Since(o.started).Round(time.Second))
		if err := s.fn(); err != nil {
			log.Error("section failed", "section", s.sec, "err", err)
			t.add(strconv.Itoa(s.sec), "section failed", shorten(err.Error(), 160), "", "FAIL")
		}
	}
	return nil
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		return s[:n-1] + "…"
	}
	return s
}

// table is the one table the harness prints.
type table struct{ rows [][5]string }

func (t *table) add(sec, what, value, target, result string) {
	t.rows = append(t.rows, [5]string{sec, what, value, target, result})
	slog.Info("result", "section", sec, "what", what, "value", value, "target", target, "result", result)
}

func (t *table) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tMEASURE\tVALUE\tTARGET\tRESULT")
	for _, r := range t.rows {
		fmt.Fprintln(tw, strings.Join(r[:], "\t"))
	}
	tw.Flush()
	pass, fail := 0, 0
	for _, r := range t.rows {
		switch r[4] {
		case "PASS":
			pass++
		case "FAIL":
			fail++
		}
	}
	fmt.Fprintf(w, "\ntargets: %d passed, %d failed\n", pass, fail)
}

func verdict(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

func sortedKeys(m map[string]int) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
