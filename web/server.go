// Package web serves the daemon's HTTP endpoints: /healthz and /metrics
// (Prometheus), on a mux other pages can be added to. It reads the store
// only through the functions in Deps.
package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/storywatch/storywatch"
)

// Scheduler is what /healthz and /metrics read from the schedule loop.
type Scheduler interface {
	Running() bool
	LastTick() time.Time
	InFlight() int
}

// Deps are the server's views of the rest of the program; nil fields are
// left out of /healthz and /metrics.
type Deps struct {
	// Ping tells whether the store is reachable.
	Ping func(ctx context.Context) error
	// Scheduler is the schedule loop (nil when the daemon is not running one).
	Scheduler Scheduler
	// OldestDue is the store's earliest next_check_at of checkable stories.
	OldestDue func(ctx context.Context) (time.Time, bool, error)
	// StoryStates counts stories by state.
	StoryStates func(ctx context.Context) (map[storywatch.StoryState]int, error)
	// Alerts counts outbox alerts still pending and given up on.
	Alerts func(ctx context.Context) (pending, failed int, err error)
	// Metrics receives checks from the tracker; NewServer makes one if nil.
	Metrics *Metrics
	Log     *slog.Logger
	// Now is the clock (time.Now); tests pin it.
	Now func() time.Time
}

func (d Deps) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// Options configure the server.
type Options struct {
	// Listen is the address (http.listen, default 127.0.0.1:8080 in the
	// config); empty means no server — Start then does nothing.
	Listen string
	// MaxTickAge: /healthz fails when the scheduler last ticked longer ago
	// (1m; set it to a few ticks).
	MaxTickAge time.Duration
	// Timeout bounds the store queries of one /healthz or /metrics (5s).
	Timeout time.Duration
}

// Server is the HTTP server. Start serves in the background; Shutdown or
// Close stop it and wait for its goroutine.
type Server struct {
	opts    Options
	deps    Deps
	mux     *http.ServeMux
	metrics *Metrics
	log     *slog.Logger

	mu   sync.Mutex
	srv  *http.Server
	addr string
	done chan struct{}
}

// NewServer builds the server and its routes; it does not listen yet.
func NewServer(opts Options, deps Deps) *Server {
	if opts.MaxTickAge <= 0 {
		opts.MaxTickAge = time.Minute
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 5 * time.Second
	}
	if deps.Metrics == nil {
		deps.Metrics = NewMetrics()
	}
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	s := &Server{opts: opts, deps: deps, mux: http.NewServeMux(), metrics: deps.Metrics, log: deps.Log}
	s.metrics.reg.MustRegister(newStoreCollector(deps, opts.Timeout, deps.Log))
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{
		ErrorLog:      slogPrinter{deps.Log},
		ErrorHandling: promhttp.ContinueOnError,
		Registry:      s.metrics.reg,
	}))
	s.mux.HandleFunc("GET /healthz", s.healthz)
	return s
}

// Metrics returns the metrics the tracker should report into.
func (s *Server) Metrics() *Metrics { return s.metrics }

// Handle adds a route (dashboard pages, API); call it before Start.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// Handler is the server's whole mux, for tests and embedding.
func (s *Server) Handler() http.Handler { return s.mux }

// Start listens on Options.Listen and serves in the background. A listen
// error is returned at once, so the daemon fails to start rather than run
// without its endpoints. With an empty address it does nothing.
func (s *Server) Start() error {
	if s.opts.Listen == "" {
		return nil
	}
	ln, err := net.Listen("tcp", s.opts.Listen)
	if err != nil {
		return fmt.Errorf("http listen %s: %w", s.opts.Listen, err)
	}
	return s.Serve(ln)
}

// Serve serves on ln in the background (Start uses it; tests and socket
// activation can pass their own listener).
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		ln.Close()
		return errors.New("web: server already started")
	}
	s.srv = &http.Server{
		Handler:           s.mux,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.addr = ln.Addr().String()
	s.done = make(chan struct{})
	go func(srv *http.Server, done chan struct{}) {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("http server stopped", "err", err)
		}
	}(s.srv, s.done)
	s.log.Info("http listening", "addr", s.addr)
	return nil
}

// Addr is the address the server listens on ("" before Start).
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// Shutdown stops accepting connections and waits for requests in progress
// until ctx is done, then closes what is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	srv, done := s.srv, s.done
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	err := srv.Shutdown(ctx)
	if err != nil {
		srv.Close()
	}
	<-done
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return nil // the rest were closed
	}
	return err
}

// Close stops the server at once.
func (s *Server) Close() error {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return s.Shutdown(ctx)
}

// Health is the /healthz answer.
type Health struct {
	Status             string     `json:"status"` // ok or unhealthy
	Store              string     `json:"store"`  // ok or the ping error
	Scheduler          string     `json:"scheduler,omitempty"`
	LastTick           *time.Time `json:"last_tick,omitempty"`
	LastTickAgeSeconds *float64   `json:"last_tick_age_seconds,omitempty"`
	InFlight           *int       `json:"in_flight,omitempty"`
}

// Check computes the health: the store answers a ping, the scheduler runs
// and ticked within MaxTickAge.
func (s *Server) Check(ctx context.Context) Health {
	h := Health{Status: "ok", Store: "ok"}
	if s.deps.Ping != nil {
		ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
		defer cancel()
		if err := s.deps.Ping(ctx); err != nil {
			h.Status, h.Store = "unhealthy", err.Error()
		}
	}
	if sch := s.deps.Scheduler; sch != nil {
		h.Scheduler = "running"
		if !sch.Running() {
			h.Status, h.Scheduler = "unhealthy", "stopped"
		}
		n := sch.InFlight()
		h.InFlight = &n
		if t := sch.LastTick(); !t.IsZero() {
			age := s.deps.now().Sub(t)
			h.LastTick = &t
			h.LastTickAgeSeconds = storywatch.Ptr(age.Seconds())
			if age > s.opts.MaxTickAge {
				h.Status, h.Scheduler = "unhealthy", fmt.Sprintf("stalled: last tick %s ago", age.Round(time.Second))
			}
		} else if h.Scheduler == "running" {
			h.Status, h.Scheduler = "unhealthy", "no tick yet"
		}
	}
	return h
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	h := s.Check(r.Context())
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if h.Status != "ok" {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	json.NewEncoder(w).Encode(h)
}

// slogPrinter adapts slog to promhttp's error logger.
type slogPrinter struct{ l *slog.Logger }

func (p slogPrinter) Println(v ...any) { p.l.Warn("metrics: " + fmt.Sprint(v...)) }
