package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/config"
	"github.com/storywatch/storywatch/internal/newsfixture"
	"github.com/storywatch/storywatch/schedule"
	"github.com/storywatch/storywatch/store"
)

// waitLimit bounds every wait of the daemon tests. It is a hang guard, not
// a timing assertion: each condition is normally met in well under a second.
const waitLimit = 60 * time.Second

// TestDaemon drives the built binary: `storywatch run` against the fixture
// site, with a notify socket standing in for systemd.
func TestDaemon(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the daemon binary")
	}
	bin := filepath.Join(t.TempDir(), "storywatch")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	t.Run("notify, healthz, metrics, SIGHUP adds and removes stories", func(t *testing.T) {
		site := newsfixture.New(newsfixture.Options{})
		defer site.Close()
		a, b := site.URL()+newsfixture.PathWestminster, site.URL()+newsfixture.PathHarbourFire
		d := startDaemon(t, bin, daemonConfig("5s", a), "WATCHDOG_USEC=400000")

		d.waitNotify(t, "READY=1")
		d.waitLog(t, `msg=checked url=`+a+` outcome=changed`)

		code, body := httpGet(t, "http://"+d.httpAddr+"/healthz")
		var health struct {
			Status, Store, Scheduler string
		}
		if err := json.Unmarshal([]byte(body), &health); err != nil || code != 200 || health.Status != "ok" || health.Scheduler != "running" {
			t.Fatalf("/healthz %d %s (%v)", code, body, err)
		}
		_, metrics := httpGet(t, "http://"+d.httpAddr+"/metrics")
		for _, want := range []string{
			`storywatch_checks_total{outcome="changed"} 1`,
			`storywatch_versions_total 1`,
			`storywatch_stories{state="active"} 1`,
			`storywatch_fetch_duration_seconds_count 1`,
			`storywatch_store_up 1`,
		} {
			if !strings.Contains(metrics, want+"\n") {
				t.Errorf("/metrics lacks %q", want)
			}
		}

		// A broken file is logged and the running config kept.
		d.writeConfig(t, "stories: [\n")
		d.signal(t, syscall.SIGHUP)
		d.waitLog(t, "reload failed; keeping the running config")
		d.waitNotify(t, "RELOADING=1")
		d.waitNotify(t, "READY=1")

		// Story a leaves the file, b joins it.
		d.writeConfig(t, daemonConfig("5s", b))
		d.signal(t, syscall.SIGHUP)
		d.waitLog(t, "config reloaded")
		d.waitNotify(t, "RELOADING=1")
		d.waitNotify(t, "READY=1")
		d.waitLog(t, `msg=checked url=`+b+` outcome=changed`)

		states := d.storyStates(t, bin)
		if states[a] != "stopped" || states[b] != "active" {
			t.Errorf("after reload: %v; want %s stopped and %s active", states, a, b)
		}

		d.signal(t, syscall.SIGTERM)
		if code := d.wait(t); code != 0 {
			t.Fatalf("exit %d after SIGTERM\n%s", code, d.logs())
		}
		d.waitNotify(t, "STOPPING=1")
		if got := d.notifySequence(); !strings.HasPrefix(got, "READY RELOADING READY RELOADING READY") || !strings.HasSuffix(got, "STOPPING") {
			t.Errorf("notify messages in order %q", got)
		}
		if d.watchdogs() == 0 {
			t.Error("no WATCHDOG=1 while healthy")
		}
		for _, l := range strings.Split(d.logs(), "\n") {
			if strings.Contains(l, "level=ERROR") && !strings.Contains(l, "reload failed") {
				t.Errorf("unexpected error logged: %s", l)
			}
		}
	})

	t.Run("SIGTERM mid-check exits cleanly after the grace period", func(t *testing.T) {
		site := newsfixture.New(newsfixture.Options{})
		defer site.Close()
		hang := site.URL() + "/hostile/hang?for=10m"
		d := startDaemon(t, bin, daemonConfig("1s", hang, site.URL()+newsfixture.PathWestminster))
		d.waitNotify(t, "READY=1")
		waitFor(t, "the hanging check to start", func() bool { return site.Requests("/hostile/hang") > 0 })
		d.waitLog(t, "msg=checked url="+site.URL()+newsfixture.PathWestminster)

		d.signal(t, syscall.SIGTERM)
		if code := d.wait(t); code != 0 {
			t.Fatalf("exit %d after SIGTERM\n%s", code, d.logs())
		}
		for _, want := range []string{"msg=stopping", "abandoning in-flight checks after the grace period", `msg="check abandoned"`, `msg="scheduler stopped"`} {
			if !strings.Contains(d.logs(), want) {
				t.Errorf("log lacks %q:\n%s", want, d.logs())
			}
		}
		// The database was closed cleanly: the next command opens it and
		// sees the finished check.
		states := d.storyStates(t, bin)
		if states[hang] != "active" || states[site.URL()+newsfixture.PathWestminster] != "active" {
			t.Errorf("stories after stop: %v", states)
		}
	})

	t.Run("a second signal abandons in-flight checks at once", func(t *testing.T) {
		site := newsfixture.New(newsfixture.Options{})
		defer site.Close()
		// The grace period is longer than waitLimit: only the second signal
		// can end this run in time.
		d := startDaemon(t, bin, daemonConfig("10m", site.URL()+"/hostile/hang?for=10m"))
		d.waitNotify(t, "READY=1")
		waitFor(t, "the hanging check to start", func() bool { return site.Requests("/hostile/hang") > 0 })
		d.signal(t, syscall.SIGINT)
		d.waitLog(t, "msg=stopping")
		d.signal(t, syscall.SIGTERM)
		if code := d.wait(t); code != 0 {
			t.Fatalf("exit %d after two signals\n%s", code, d.logs())
		}
		if !strings.Contains(d.logs(), "second signal: abandoning in-flight checks") {
			t.Errorf("log:\n%s", d.logs())
		}
		d.storyStates(t, bin) // the database opens
		// The abandoned story's lease was handed back: another instance
		// can claim it at once instead of waiting out the lease.
		db, err := store.Open(context.Background(), d.db)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		claimed, err := db.ClaimDue(context.Background(), time.Now(), 10, "next-instance", time.Minute)
		if err != nil || len(claimed) != 1 {
			t.Errorf("after the stop, another instance claimed %d stories (%v); the lease was kept", len(claimed), err)
		}
	})
}

func daemonConfig(grace string, urls ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "scraper:\n  per_host: {delay: 0s}\n  timeout: 15m\n")
	fmt.Fprintf(&b, "daemon: {tick: \"@every 1s\", shutdown_grace: %s}\n", grace)
	fmt.Fprintf(&b, "http: {listen: \"127.0.0.1:0\"}\nstories:\n")
	for _, u := range urls {
		fmt.Fprintf(&b, "  - url: %q\n", u)
	}
	return b.String()
}

type daemonProc struct {
	cmd      *exec.Cmd
	dir      string
	db       string
	httpAddr string
	exit     chan int

	mu      sync.Mutex
	lines   []string
	notes   []string
	changed chan struct{} // closed and replaced on every new line or note
}

func startDaemon(t *testing.T, bin, cfg string, env ...string) *daemonProc {
	t.Helper()
	dir := t.TempDir()
	d := &daemonProc{dir: dir, db: filepath.Join(dir, "sw.db"), exit: make(chan int, 1), changed: make(chan struct{})}
	d.writeConfig(t, cfg)

	sock := filepath.Join(dir, "notify.sock")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := conn.Read(buf)
			if err != nil {
				return
			}
			d.add(&d.notes, string(buf[:n]))
		}
	}()

	d.cmd = exec.Command(bin, "--config", filepath.Join(dir, "sw.yaml"), "--db", d.db, "run")
	d.cmd.Dir = dir
	d.cmd.Env = append(os.Environ(), append(env, "NOTIFY_SOCKET="+sock, "STORYWATCH_CONFIG=", "STORYWATCH_DB=")...)
	stderr, err := d.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	scanned := make(chan struct{})
	go func() {
		defer close(scanned)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			d.add(&d.lines, sc.Text())
		}
	}()
	go func() {
		<-scanned // Wait closes the pipe: read it all first
		err := d.cmd.Wait()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			code = -1
		}
		d.exit <- code
	}()
	t.Cleanup(func() {
		if d.cmd.ProcessState == nil {
			d.cmd.Process.Kill()
			<-d.exit
		}
		conn.Close()
		if t.Failed() {
			t.Logf("daemon log:\n%s", d.logs())
		}
	})

	addr := regexp.MustCompile(`msg="http listening" addr=(\S+)`)
	line := d.waitLog(t, `msg="http listening"`)
	d.httpAddr = addr.FindStringSubmatch(line)[1]
	return d
}

func (d *daemonProc) add(to *[]string, s string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	*to = append(*to, s)
	close(d.changed)
	d.changed = make(chan struct{})
}

func (d *daemonProc) writeConfig(t *testing.T, cfg string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(d.dir, "sw.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (d *daemonProc) signal(t *testing.T, sig os.Signal) {
	t.Helper()
	if err := d.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

func (d *daemonProc) wait(t *testing.T) int {
	t.Helper()
	select {
	case code := <-d.exit:
		return code
	case <-time.After(waitLimit):
		t.Fatalf("daemon still running\n%s", d.logs())
		return -1
	}
}

func (d *daemonProc) logs() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return strings.Join(d.lines, "\n")
}

// waitLog waits for a log line containing s and returns it.
func (d *daemonProc) waitLog(t *testing.T, s string) string {
	t.Helper()
	var found string
	d.waitUntil(t, "log line "+s, func() bool {
		for _, l := range d.lines {
			if strings.Contains(l, s) {
				found = l
				return true
			}
		}
		return false
	})
	return found
}

// waitNotify consumes notify messages up to the next one starting with
// state (WATCHDOG=1 pings in between are skipped and counted).
func (d *daemonProc) waitNotify(t *testing.T, state string) {
	t.Helper()
	d.waitUntil(t, "notify "+state, func() bool {
		for i, n := range d.notes {
			if strings.HasPrefix(n, "\x00") {
				continue // consumed
			}
			d.notes[i] = "\x00" + n
			if strings.HasPrefix(n, state) {
				return true
			}
		}
		return false
	})
}

// notifySequence is the states of every notify message but WATCHDOG, in
// order: "READY RELOADING READY … STOPPING".
func (d *daemonProc) notifySequence() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []string
	for _, n := range d.notes {
		first, _, _ := strings.Cut(strings.TrimPrefix(n, "\x00"), "\n")
		state, _, _ := strings.Cut(first, "=")
		if state != "WATCHDOG" {
			out = append(out, state)
		}
	}
	return strings.Join(out, " ")
}

func (d *daemonProc) watchdogs() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for _, m := range d.notes {
		if strings.TrimPrefix(m, "\x00") == "WATCHDOG=1" {
			n++
		}
	}
	return n
}

func (d *daemonProc) waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		d.mu.Lock()
		ok, changed := cond(), d.changed
		d.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-changed:
		case code := <-d.exit:
			d.exit <- code
			d.mu.Lock()
			ok = cond()
			d.mu.Unlock()
			if !ok {
				t.Fatalf("daemon exited (%d) before %s\n%s", code, what, d.logs())
			}
			return
		case <-deadline:
			t.Fatalf("no %s\n%s", what, d.logs())
		}
	}
}

// storyStates runs `storywatch list --json` on the daemon's database.
func (d *daemonProc) storyStates(t *testing.T, bin string) map[string]string {
	t.Helper()
	cmd := exec.Command(bin, "--config", filepath.Join(d.dir, "sw.yaml"), "--db", d.db, "list", "--json")
	cmd.Env = append(os.Environ(), "STORYWATCH_CONFIG=", "STORYWATCH_DB=")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("list: %v\n%s", err, out)
	}
	var stories []struct{ URL, State string }
	if err := json.Unmarshal(out, &stories); err != nil {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	m := map[string]string{}
	for _, s := range stories {
		m[s.URL] = s.State
	}
	return m
}

// waitFor polls a condition outside the daemon (the fixture's counters).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{}}
	defer c.CloseIdleConnections()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// A reload that changes a story's effective schedule moves its next check
// to the new plan; stories whose schedule did not change keep theirs.
func TestReloadReschedulesChangedSpecs(t *testing.T) {
	ctx := t.Context()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "sw.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.AddStories(ctx, []store.NewStory{
		{URL: "https://a.example/cli", Source: storywatch.SourceCLI},
		{URL: "https://a.example/own-spec", Schedule: "@every 1m", Source: storywatch.SourceCLI},
		{URL: "https://a.example/quake", Event: "quake", Source: storywatch.SourceCLI},
	}); err != nil {
		t.Fatal(err)
	}
	before := map[string]time.Time{}
	list, _ := db.Stories(ctx, store.StoryFilter{})
	for _, s := range list {
		before[s.URL] = s.NextCheckAt
	}

	old := config.Default()
	cur := config.Default()
	cur.Schedule.Default = "@daily"
	cur.Events = map[string]config.Event{"quake": {Schedule: "adaptive"}}
	policy, err := schedule.NewPolicy(policyOptions(cur))
	if err != nil {
		t.Fatal(err)
	}
	d := &daemon{db: db}
	moved, err := d.rescheduleChanged(ctx, old, cur, policy)
	if err != nil {
		t.Fatal(err)
	}
	if moved != 1 {
		t.Errorf("rescheduled %d stories, want 1 (the one following the default)", moved)
	}
	list, _ = db.Stories(ctx, store.StoryFilter{})
	for _, s := range list {
		changed := !s.NextCheckAt.Equal(before[s.URL])
		if want := s.URL == "https://a.example/cli"; changed != want {
			t.Errorf("%s rescheduled=%v, want %v", s.URL, changed, want)
		}
		if s.URL == "https://a.example/cli" && (s.NextCheckAt.UTC().Hour() != 0 || s.NextCheckAt.UTC().Minute() != 0) {
			t.Errorf("daily story next at %s, want just after midnight UTC", s.NextCheckAt)
		}
	}
	if got := restartOnly(old, cur); len(got) != 0 {
		t.Errorf("schedule changes flagged as restart-only: %v", got)
	}
	cur.Scraper.Workers = 3
	if got := restartOnly(old, cur); len(got) != 1 || got[0] != "scraper" {
		t.Errorf("restartOnly = %v, want [scraper]", got)
	}
}
