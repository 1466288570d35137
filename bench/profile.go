package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/storywatch/storywatch/internal/newsfixture"
)

// The profiling copy of storywatch is built with `go build -overlay`: main.go
// is replaced by a copy whose main wraps run() in a CPU profile written to
// $STORYWATCH_BENCH_CPUPROFILE. The product sources are not touched.
const profileMain = `package main

import (
	"os"
	"runtime/pprof"
)

func benchProfiled(run func() int) int {
	path := os.Getenv("STORYWATCH_BENCH_CPUPROFILE")
	if path == "" {
		return run()
	}
	f, err := os.Create(path)
	if err != nil {
		return run()
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return run()
	}
	code := run()
	pprof.StopCPUProfile()
	if mp := os.Getenv("STORYWATCH_BENCH_MEMPROFILE"); mp != "" {
		if m, err := os.Create(mp); err == nil {
			pprof.Lookup("allocs").WriteTo(m, 0)
			m.Close()
		}
	}
	return code
}
`

const mainCall = "os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))"

var profBuild struct {
	once sync.Once
	bin  string
	err  error
}

func profilingBinary(ctx context.Context, o options) (string, error) {
	profBuild.once.Do(func() {
		profBuild.bin, profBuild.err = buildProfiling(ctx, o)
	})
	return profBuild.bin, profBuild.err
}

func buildProfiling(ctx context.Context, o options) (string, error) {
	dir := filepath.Join(o.tmp, "profbuild")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	mainPath := filepath.Join(o.repoRoot, "cmd", "storywatch", "main.go")
	src, err := os.ReadFile(mainPath)
	if err != nil {
		return "", err
	}
	if !strings.Contains(string(src), mainCall) {
		return "", fmt.Errorf("cmd/storywatch/main.go no longer calls %s; cannot wrap it in a profile", mainCall)
	}
	wrapped := strings.Replace(string(src), mainCall, "os.Exit(benchProfiled(func() int { return run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr) }))", 1)
	overlay := map[string]map[string]string{"Replace": {
		mainPath: filepath.Join(dir, "main.go"),
		filepath.Join(o.repoRoot, "cmd", "storywatch", "zz_benchprofile.go"): filepath.Join(dir, "zz_benchprofile.go"),
	}}
	for name, body := range map[string]string{"main.go": wrapped, "zz_benchprofile.go": profileMain} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			return "", err
		}
	}
	ov, _ := json.Marshal(overlay)
	if err := os.WriteFile(filepath.Join(dir, "overlay.json"), ov, 0o644); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "storywatch-prof")
	p := proc{Dir: o.repoRoot, Env: childEnv("CGO_ENABLED=0"), Stderr: filepath.Join(dir, "build.err"), Timeout: 5 * time.Minute,
		Args: []string{"go", "build", "-trimpath", "-overlay", filepath.Join(dir, "overlay.json"), "-o", bin, "./cmd/storywatch"}}
	if _, err := p.run(ctx); err != nil {
		return "", err
	}
	return bin, nil
}

// profilePass runs one more pass of the given kind under the profiling
// build and saves the profile and its top functions next to the raw
// outputs. It runs after the measured passes, so it changes no number.
func profilePass(ctx context.Context, o options, t *table, site *newsfixture.LoadSite, k *throughputKeep, pass string, edit bool) {
	bin, err := profilingBinary(ctx, o)
	if err != nil {
		t.add("1", "profile", shorten(err.Error(), 140), "", "SKIP")
		return
	}
	if edit {
		site.Edit(o.changed)
	}
	prof := filepath.Join(o.out, fmt.Sprintf("cpu-n%d-%s.pprof", k.n, pass))
	memProf := filepath.Join(o.out, fmt.Sprintf("allocs-n%d-%s.pprof", k.n, pass))
	p := proc{Dir: k.dir, Env: childEnv("STORYWATCH_BENCH_CPUPROFILE="+prof, "STORYWATCH_BENCH_MEMPROFILE="+memProf), Args: []string{bin, "--db", k.db, "check", "--all", "--json"},
		Stdout: filepath.Join(k.dir, "profile-"+pass+".jsonl"), Stderr: filepath.Join(k.dir, "profile-"+pass+".err"), Timeout: 10 * time.Minute}
	if _, err := p.run(ctx); err != nil {
		t.add("1", "profile "+pass, shorten(err.Error(), 140), "", "SKIP")
		return
	}
	top := filepath.Join(o.out, fmt.Sprintf("cpu-n%d-%s.top.txt", k.n, pass))
	tp := proc{Dir: o.repoRoot, Env: childEnv(), Stdout: top, Stderr: top + ".err", Timeout: 2 * time.Minute,
		Args: []string{"go", "tool", "pprof", "-top", "-nodecount=40", bin, prof}}
	if _, err := tp.run(ctx); err != nil {
		t.add("1", "profile "+pass, shorten(err.Error(), 140), "", "SKIP")
		return
	}
	cum := filepath.Join(o.out, fmt.Sprintf("cpu-n%d-%s.cum.txt", k.n, pass))
	cp := proc{Dir: o.repoRoot, Env: childEnv(), Stdout: cum, Stderr: cum + ".err", Timeout: 2 * time.Minute,
		Args: []string{"go", "tool", "pprof", "-top", "-cum", "-nodecount=60", bin, prof}}
	cp.run(ctx)
	alloc := filepath.Join(o.out, fmt.Sprintf("allocs-n%d-%s.top.txt", k.n, pass))
	ap := proc{Dir: o.repoRoot, Env: childEnv(), Stdout: alloc, Stderr: alloc + ".err", Timeout: 2 * time.Minute,
		Args: []string{"go", "tool", "pprof", "-top", "-sample_index=alloc_space", "-cum", "-nodecount=60", bin, memProf}}
	ap.run(ctx)
	sum, _ := readChecks(p.Stdout)
	t.add("1", fmt.Sprintf("N=%d profile of an extra %s pass", k.n, pass), sum.String()+"; saved "+filepath.Base(prof)+" (+.top/.cum.txt), "+filepath.Base(alloc), "", "")
}
