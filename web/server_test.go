package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/storywatch/storywatch"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type fakeScheduler struct {
	mu       sync.Mutex
	running  bool
	lastTick time.Time
}

func (f *fakeScheduler) Running() bool { f.mu.Lock(); defer f.mu.Unlock(); return f.running }
func (f *fakeScheduler) LastTick() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lastTick
}
func (f *fakeScheduler) InFlight() int { return 2 }

var now = time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)

func deps(pingErr error, sch *fakeScheduler) Deps {
	return Deps{
		Now:       func() time.Time { return now },
		Ping:      func(context.Context) error { return pingErr },
		Scheduler: sch,
		OldestDue: func(context.Context) (time.Time, bool, error) { return now.Add(-90 * time.Second), true, nil },
		StoryStates: func(context.Context) (map[storywatch.StoryState]int, error) {
			return map[storywatch.StoryState]int{storywatch.StateActive: 7, storywatch.StateGone: 1}, nil
		},
		Alerts: func(context.Context) (int, int, error) { return 3, 1, nil },
	}
}

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String()
}

func TestHealthz(t *testing.T) {
	for _, tc := range []struct {
		name      string
		ping      error
		sch       *fakeScheduler
		code      int
		scheduler string
	}{
		{"healthy", nil, &fakeScheduler{running: true, lastTick: now.Add(-3 * time.Second)}, 200, "running"},
		{"store down", errors.New("database is closed"), &fakeScheduler{running: true, lastTick: now}, 503, "running"},
		{"scheduler stopped", nil, &fakeScheduler{running: false, lastTick: now}, 503, "stopped"},
		{"scheduler stalled", nil, &fakeScheduler{running: true, lastTick: now.Add(-5 * time.Minute)}, 503, "stalled: last tick 5m0s ago"},
		{"no tick yet", nil, &fakeScheduler{running: true}, 503, "no tick yet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := NewServer(Options{MaxTickAge: time.Minute}, deps(tc.ping, tc.sch))
			code, body := get(t, s.Handler(), "/healthz")
			if code != tc.code {
				t.Fatalf("code %d, want %d: %s", code, tc.code, body)
			}
			var h Health
			if err := json.Unmarshal([]byte(body), &h); err != nil {
				t.Fatal(err)
			}
			if h.Scheduler != tc.scheduler {
				t.Errorf("scheduler %q, want %q", h.Scheduler, tc.scheduler)
			}
			if tc.ping != nil && h.Store != tc.ping.Error() {
				t.Errorf("store %q", h.Store)
			}
			if (code == 200) != (h.Status == "ok") {
				t.Errorf("status %q with code %d", h.Status, code)
			}
		})
	}
	// Without a scheduler (a web-only process) health is the store's.
	s := NewServer(Options{}, Deps{Ping: func(context.Context) error { return nil }})
	if code, body := get(t, s.Handler(), "/healthz"); code != 200 || strings.Contains(body, "scheduler") {
		t.Fatalf("web-only health %d %s", code, body)
	}
}

func TestMetrics(t *testing.T) {
	s := NewServer(Options{}, deps(nil, &fakeScheduler{running: true, lastTick: now.Add(-4 * time.Second)}))
	m := s.Metrics()
	v := 2
	m.ObserveCheck(storywatch.Check{Outcome: storywatch.OutcomeChanged, Version: &v, DurationMS: 300, Bytes: 1000,
		Changes: []storywatch.Change{{Kind: storywatch.TextChanged}, {Kind: storywatch.FigureChanged}}}, "news.example")
	m.ObserveCheck(storywatch.Check{Outcome: storywatch.OutcomeUnchanged, DurationMS: 1200}, "news.example")
	m.ObserveCheck(storywatch.Check{Outcome: storywatch.OutcomeError, DurationMS: 30000,
		Error: &storywatch.CheckError{Class: storywatch.ErrClassTimeout}}, "slow.example")
	m.ObserveCheck(storywatch.Check{Outcome: storywatch.OutcomeError, HTTPStatus: 404,
		Error: &storywatch.CheckError{Class: storywatch.ErrClassHTTP}}, "slow.example")

	if got := testutil.ToFloat64(m.checks.WithLabelValues("error")); got != 2 {
		t.Errorf("error checks %v", got)
	}
	if got := testutil.ToFloat64(m.versions); got != 1 {
		t.Errorf("versions %v", got)
	}
	code, body := get(t, s.Handler(), "/metrics")
	if code != 200 {
		t.Fatalf("/metrics %d: %s", code, body)
	}
	for _, want := range []string{
		`storywatch_checks_total{outcome="changed"} 1`,
		`storywatch_checks_total{outcome="not_modified"} 0`,
		`storywatch_checks_total{outcome="error"} 2`,
		`storywatch_fetch_duration_seconds_count 3`,
		`storywatch_fetch_duration_seconds_bucket{le="0.5"} 1`,
		`storywatch_versions_total 1`,
		`storywatch_changes_total{kind="figure_changed"} 1`,
		`storywatch_changes_total{kind="text_changed"} 1`,
		`storywatch_host_errors_total{class="timeout",host="slow.example"} 1`,
		`storywatch_host_errors_total{class="http",host="slow.example"} 1`,
		`storywatch_stories{state="active"} 7`,
		`storywatch_stories{state="quiet"} 0`,
		`storywatch_stories{state="gone"} 1`,
		`storywatch_schedule_lag_seconds 90`,
		`storywatch_alerts{status="pending"} 3`,
		`storywatch_alerts{status="failed"} 1`,
		`storywatch_scheduler_last_tick_age_seconds 4`,
		`storywatch_checks_in_flight 2`,
		`storywatch_store_up 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want+"\n") && !strings.Contains(body, want+" ") {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// A failing store query shows as a scrape error for that metric only; the
// rest of /metrics still answers.
func TestMetricsStoreErrors(t *testing.T) {
	d := deps(errors.New("down"), nil)
	d.StoryStates = func(context.Context) (map[storywatch.StoryState]int, error) { return nil, errors.New("no such table") }
	d.OldestDue = func(context.Context) (time.Time, bool, error) { return time.Time{}, false, nil }
	s := NewServer(Options{}, d)
	code, body := get(t, s.Handler(), "/metrics")
	if code != 200 {
		t.Fatalf("code %d", code)
	}
	for _, want := range []string{"storywatch_store_up 0", "storywatch_schedule_lag_seconds 0", `storywatch_alerts{status="pending"} 3`} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(body, "storywatch_stories{") {
		t.Error("stories gauge reported despite the error")
	}
}

// The server listens for real, answers, and Shutdown leaves no goroutine.
func TestServerLifecycle(t *testing.T) {
	s := NewServer(Options{Listen: "127.0.0.1:0"}, deps(nil, &fakeScheduler{running: true, lastTick: now}))
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err == nil {
		t.Error("second Start accepted")
	}
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	for _, path := range []string{"/healthz", "/metrics"} {
		resp, err := client.Get("http://" + s.Addr() + path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
	}
	resp, err := client.Post("http://"+s.Addr()+"/metrics", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /metrics: %d", resp.StatusCode)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// Taken address: Start fails instead of running blind.
	other := NewServer(Options{Listen: "127.0.0.1:0"}, Deps{})
	if err := other.Start(); err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	clash := NewServer(Options{Listen: other.Addr()}, Deps{})
	if err := clash.Start(); err == nil {
		clash.Close()
		t.Fatal("listening twice on one address")
	}
	// Empty address: no server, nothing to stop.
	off := NewServer(Options{}, Deps{})
	if err := off.Start(); err != nil || off.Addr() != "" || off.Close() != nil {
		t.Fatal("empty listen address should disable the server")
	}
}
