package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // the driver the store uses, to reschedule stories in one statement

	"github.com/storywatch/storywatch/internal/newsfixture"
)

// runDaemon measures `storywatch run`: RSS idle with many tracked stories,
// and while checking the largest N of section 1.
func runDaemon(ctx context.Context, o options, t *table, keep *throughputKeep) error {
	if err := idleDaemon(ctx, o, t); err != nil {
		return fmt.Errorf("idle daemon: %w", err)
	}
	if keep == nil {
		n := o.ns[len(o.ns)-1]
		var err error
		if keep, err = freshKeep(ctx, o, n); err != nil {
			return fmt.Errorf("checking daemon: %w", err)
		}
		defer keep.close()
	}
	if err := checkingDaemon(ctx, o, t, keep); err != nil {
		return fmt.Errorf("checking daemon: %w", err)
	}
	return nil
}

func freshKeep(ctx context.Context, o options, n int) (*throughputKeep, error) {
	k, err := newKeep(o, n, fmt.Sprintf("daemon-n%d", n))
	if err != nil {
		return nil, err
	}
	dir, port := k.dir, k.port
	add := sw(o, dir, k.db, "add", "-")
	add.Stdin = strings.NewReader(strings.Join(storyURLs(n, port), "\n") + "\n")
	if _, err := add.run(ctx); err != nil {
		k.close()
		return nil, err
	}
	if _, err := sw(o, dir, k.db, "check", "--all").run(ctx); err != nil {
		k.close()
		return nil, err
	}
	return k, nil
}

// rescheduleAll sets every story's next check to at.
func rescheduleAll(ctx context.Context, db string, at time.Time) error {
	conn, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `UPDATE stories SET next_check_at = ?`, at.UnixNano()); err != nil {
		return fmt.Errorf("reschedule stories: %w", err)
	}
	return nil
}

type daemonProc struct {
	cmd    *exec.Cmd
	done   chan error
	listen string
	errLog string
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func startDaemon(ctx context.Context, o options, dir, db string) (*daemonProc, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	d := &daemonProc{listen: fmt.Sprintf("127.0.0.1:%d", port), done: make(chan error, 1), errLog: filepath.Join(dir, "daemon.log")}
	logf, err := os.Create(d.errLog)
	if err != nil {
		return nil, err
	}
	d.cmd = exec.Command(o.bin, "--db", db, "run")
	d.cmd.Dir = dir
	d.cmd.Env = childEnv("STORYWATCH_HTTP_LISTEN=" + d.listen)
	d.cmd.Stdout, d.cmd.Stderr = logf, logf
	if err := d.cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	go func() { d.done <- d.cmd.Wait(); logf.Close() }()
	c := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-d.done:
			d.done <- err
			return nil, fmt.Errorf("daemon exited at start: %v (log: %s)", err, tail(d.errLog, 400))
		case <-ctx.Done():
			d.stop()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if resp, err := c.Get("http://" + d.listen + "/healthz"); err == nil {
			resp.Body.Close()
			return d, nil
		}
	}
	d.stop()
	return nil, fmt.Errorf("daemon did not answer /healthz within 90s (log: %s)", tail(d.errLog, 400))
}

// stop sends SIGTERM and waits; a daemon that ignores it is killed.
func (d *daemonProc) stop() (time.Duration, error) {
	start := time.Now()
	d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-d.done:
		return time.Since(start), err
	case <-time.After(60 * time.Second):
		d.cmd.Process.Kill()
		<-d.done
		return time.Since(start), fmt.Errorf("daemon ignored SIGTERM for 60s; killed")
	}
}

func idleDaemon(ctx context.Context, o options, t *table) error {
	n := o.idle
	dir := filepath.Join(o.tmp, "idle")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// The stories point at a live load server (pages rendered only if
	// fetched), so a daemon that wrongly checks them is seen in its counter.
	site := newsfixture.NewLoadSite(newsfixture.LoadOptions{Stories: n, Seed: 3})
	ln, port, err := newsfixture.ListenLoad(0)
	if err != nil {
		return err
	}
	srv := site.Serve(ln)
	defer srv.Close()
	db := filepath.Join(dir, "storywatch.db")
	add := sw(o, dir, db, "add", "-")
	add.Stdin = strings.NewReader(strings.Join(storyURLs(n, port), "\n") + "\n")
	add.Stderr = filepath.Join(dir, "add.err")
	u, err := add.run(ctx)
	if err != nil {
		return err
	}
	tag := fmt.Sprintf("daemon idle, %d stories", n)
	t.add("3", fmt.Sprintf("add - of %d stories (one process)", n), fmt.Sprintf("wall %s, cpu %s, peak rss %s", secs(u.Wall), secs(u.CPU()), mb(u.MaxRSS)), "", "")
	// Every story checked recently: the daemon has nothing due.
	if err := rescheduleAll(ctx, db, time.Now().Add(24*time.Hour)); err != nil {
		return err
	}
	d, err := startDaemon(ctx, o, dir, db)
	if err != nil {
		return err
	}
	var maxRSS, hwm int64
	for range 24 { // 6 s of idling
		time.Sleep(250 * time.Millisecond)
		rss, h, err := procStatus(d.cmd.Process.Pid)
		if err != nil {
			break
		}
		maxRSS, hwm = max(maxRSS, rss), h
	}
	took, stopErr := d.stop()
	value := fmt.Sprintf("VmRSS %s (max over 6 s idle), VmHWM %s; %d pages fetched; SIGTERM stop %s", mb(maxRSS), mb(hwm), site.Requests(), secs(took))
	if stopErr != nil {
		value += "; stop: " + shorten(stopErr.Error(), 80)
	}
	t.add("3", tag, value, "VmRSS ≤ 80 MB", verdict(maxRSS > 0 && maxRSS <= 80e6 && stopErr == nil))
	return nil
}

func checkingDaemon(ctx context.Context, o options, t *table, k *throughputKeep) error {
	k.site.Edit(o.changed)
	if err := rescheduleAll(ctx, k.db, time.Now().Add(-time.Second)); err != nil {
		return err
	}
	req0 := k.site.Requests()
	start := time.Now()
	d, err := startDaemon(ctx, o, k.dir, k.db)
	if err != nil {
		return err
	}
	var maxRSS, hwm int64
	deadline := time.Now().Add(10 * time.Minute)
	finished := false
	for time.Now().Before(deadline) && ctx.Err() == nil {
		rss, h, err := procStatus(d.cmd.Process.Pid)
		if err != nil {
			break
		}
		maxRSS, hwm = max(maxRSS, rss), max(hwm, h)
		if k.site.Requests()-req0 >= int64(k.n) {
			finished = true
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	wall := time.Since(start)
	fetched := k.site.Requests() - req0
	took, stopErr := d.stop()
	slog.Info("daemon checked", "n", k.n, "fetched", fetched, "wall", wall)
	value := fmt.Sprintf("VmHWM %s, max VmRSS %s; %d of %d pages fetched in %s (%.0f/s, start-up included); SIGTERM stop %s",
		mb(hwm), mb(maxRSS), fetched, k.n, secs(wall), float64(fetched)/wall.Seconds(), secs(took))
	if !finished {
		value += "; did not finish"
	}
	if stopErr != nil {
		value += "; stop: " + shorten(stopErr.Error(), 80)
	}
	t.add("3", fmt.Sprintf("daemon checking %d stories (%.0f%% edited)", k.n, o.changed), value, "VmHWM ≤ 200 MB", verdict(finished && hwm > 0 && hwm <= 200e6 && stopErr == nil))
	return nil
}

func mb(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/1e6) }
