package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// usage is what one child process cost, from its rusage.
type usage struct {
	Wall   time.Duration
	User   time.Duration
	Sys    time.Duration
	MaxRSS int64 // bytes: the last VmHWM seen while it ran
}

func (u usage) CPU() time.Duration { return u.User + u.Sys }

// proc describes one child to run.
type proc struct {
	Dir    string
	Env    []string
	Stdin  io.Reader
	Stdout string // file for stdout; "" discards it
	Stderr string // file for stderr; "" discards it
	Args   []string
	// Timeout bounds the run; the child is killed past it.
	Timeout time.Duration
}

// run starts the child, waits and reports its cost. A non-zero exit is an
// error that names the stderr file.
func (p proc) run(ctx context.Context) (usage, error) {
	if p.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, p.Timeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, p.Args[0], p.Args[1:]...)
	cmd.Dir, cmd.Env, cmd.Stdin = p.Dir, p.Env, p.Stdin
	closeAll, err := p.outputs(cmd)
	if err != nil {
		return usage{}, err
	}
	defer closeAll()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return usage{}, fmt.Errorf("%s: %w", p.Args[0], err)
	}
	// Peak RSS comes from VmHWM, sampled until the child exits: the
	// rusage maxrss of a child also counts the parent's RSS at fork time
	// (Linux keeps the pre-exec high-water mark), and this harness holds
	// every served page in memory.
	hwm := make(chan int64, 1)
	stop := make(chan struct{})
	go func() {
		var peak int64
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			if _, h, err := procStatus(cmd.Process.Pid); err == nil {
				peak = max(peak, h)
			}
			select {
			case <-stop:
				hwm <- peak
				return
			case <-tick.C:
			}
		}
	}()
	err = cmd.Wait()
	close(stop)
	u := usage{Wall: time.Since(start), MaxRSS: <-hwm}
	if st := cmd.ProcessState; st != nil {
		u.User, u.Sys = st.UserTime(), st.SystemTime()
	}
	if err != nil {
		return u, fmt.Errorf("%s: %w (stderr: %s)", strings.Join(p.Args, " "), err, tail(p.Stderr, 600))
	}
	return u, nil
}

func (p proc) outputs(cmd *exec.Cmd) (func(), error) {
	var files []*os.File
	closeAll := func() {
		for _, f := range files {
			f.Close()
		}
	}
	for _, o := range []struct {
		path string
		dst  *io.Writer
	}{{p.Stdout, &cmd.Stdout}, {p.Stderr, &cmd.Stderr}} {
		if o.path == "" {
			continue
		}
		f, err := os.Create(o.path)
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("output file: %w", err)
		}
		files = append(files, f)
		*o.dst = f
	}
	return closeAll, nil
}

// tail is the end of a file, for error messages.
func tail(path string, n int) string {
	if path == "" {
		return "(not kept)"
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return strings.TrimSpace(string(b))
}

// procStatus reads VmRSS and VmHWM (bytes) of a running process.
func procStatus(pid int) (rss, hwm int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		fields := strings.Fields(v)
		if len(fields) == 0 {
			continue
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("parse %s: %w", k, err)
		}
		if k == "VmRSS" {
			rss = kb * 1024
		} else {
			hwm = kb * 1024
		}
	}
	return rss, hwm, sc.Err()
}

// childEnv is the harness's environment without any storywatch setting,
// so every child runs with the defaults unless told otherwise.
func childEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "STORYWATCH_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}
