package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// microPackages are benchmarked by section 6.
var microPackages = []string{"./scraper", "./facts", "./diff", "./store", "./internal/newsfixture"}

// microTargets are the per-operation targets stated next to benchmarks.
var microTargets = map[string]time.Duration{
	"scraper BenchmarkUnchanged":     500 * time.Microsecond,
	"scraper BenchmarkChangedRegion": 5 * time.Millisecond,
	"newsfixture BenchmarkLoadServe": 100 * time.Microsecond,
}

// runMicro runs the Go benchmarks once with a short -benchtime and saves
// the raw output (benchstat input) to micro.txt.
func runMicro(ctx context.Context, o options, t *table) error {
	raw := filepath.Join(o.out, "micro.txt")
	f, err := os.Create(raw)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, pkg := range microPackages {
		out := filepath.Join(o.tmp, "micro-"+filepath.Base(pkg)+".txt")
		p := proc{Dir: o.repoRoot, Env: childEnv(), Stdout: out, Stderr: out + ".err", Timeout: 5 * time.Minute,
			// Section 4 measures storage against git end to end; the store's
			// own git comparison takes minutes and is left to `go test`.
			Args: []string{"go", "test", "-run", "^$", "-bench", ".", "-skip", "StorageVsGit", "-benchtime", o.benchtime, "-count", "1", "-benchmem", pkg}}
		_, runErr := p.run(ctx)
		b, _ := os.ReadFile(out)
		f.Write(b)
		name := filepath.Base(pkg)
		if runErr != nil {
			t.add("6", name+" benchmarks", shorten(tail(out, 200)+" "+tail(out+".err", 200), 150), "", "FAIL")
			continue
		}
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") || fields[3] != "ns/op" {
				continue
			}
			bench := fields[0]
			if k := strings.LastIndexByte(bench, '-'); k > 0 {
				bench = bench[:k]
			}
			ns, err := strconv.ParseFloat(fields[2], 64)
			if err != nil {
				continue
			}
			value := perOp(ns)
			for i := 4; i+1 < len(fields); i += 2 {
				if fields[i+1] == "B/op" || fields[i+1] == "allocs/op" {
					value += " " + fields[i] + " " + fields[i+1]
				}
			}
			key := name + " " + bench
			if target, ok := microTargets[key]; ok {
				t.add("6", key, value, "≤ "+target.String(), verdict(time.Duration(ns) <= target))
			} else {
				t.add("6", key, value, "", "")
			}
		}
	}
	return nil
}

// perOp is ns/op in the unit a reader compares with the target.
func perOp(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s/op", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms/op", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs/op", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns/op", ns)
}
