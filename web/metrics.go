package web

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/storywatch/storywatch"
)

// Metrics holds the daemon's counters on a private registry (no global
// state, so tests and several servers in one process do not collide). The
// tracker reports every finished check into it through ObserveCheck.
type Metrics struct {
	reg        *prometheus.Registry
	checks     *prometheus.CounterVec
	duration   prometheus.Histogram
	bytes      prometheus.Counter
	versions   prometheus.Counter
	changes    *prometheus.CounterVec
	hostErrors *prometheus.CounterVec
}

// NewMetrics registers the counters and the Go runtime and process
// collectors on a new registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		checks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "storywatch_checks_total",
			Help: "Checks run, by outcome (changed, unchanged, not_modified, error).",
		}, []string{"outcome"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "storywatch_fetch_duration_seconds",
			Help:    "Duration of a check's fetch.",
			Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}),
		bytes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "storywatch_fetched_bytes_total",
			Help: "Bytes received by fetches.",
		}),
		versions: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "storywatch_versions_total",
			Help: "New versions stored.",
		}),
		changes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "storywatch_changes_total",
			Help: "Changes found between versions, by kind.",
		}, []string{"kind"}),
		hostErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "storywatch_host_errors_total",
			Help: "Failed checks, by host and error class.",
		}, []string{"host", "class"}),
	}
	m.reg.MustRegister(m.checks, m.duration, m.bytes, m.versions, m.changes, m.hostErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, o := range []storywatch.Outcome{storywatch.OutcomeChanged, storywatch.OutcomeUnchanged, storywatch.OutcomeNotModified, storywatch.OutcomeError} {
		m.checks.WithLabelValues(string(o)) // every outcome shows from the start, at 0
	}
	return m
}

// Registry is where the metrics live; another package may register its
// own collectors here.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// ObserveCheck counts one finished check. It satisfies the tracker's
// Observer interface.
func (m *Metrics) ObserveCheck(c storywatch.Check, host string) {
	m.checks.WithLabelValues(string(c.Outcome)).Inc()
	if c.DurationMS > 0 || c.Outcome != storywatch.OutcomeError {
		m.duration.Observe(float64(c.DurationMS) / 1000)
	}
	m.bytes.Add(float64(max(c.Bytes, 0)))
	if c.Version != nil && c.Outcome == storywatch.OutcomeChanged {
		m.versions.Inc()
	}
	for _, ch := range c.Changes {
		m.changes.WithLabelValues(string(ch.Kind)).Inc()
	}
	if c.Outcome == storywatch.OutcomeError {
		class := storywatch.ErrClassInternal
		if c.Error != nil && c.Error.Class != "" {
			class = c.Error.Class
		}
		if host == "" {
			host = "unknown"
		}
		m.hostErrors.WithLabelValues(host, class).Inc()
	}
}

// storeCollector reads gauges from the store at scrape time, so they are
// right even after a restart and cost nothing between scrapes.
type storeCollector struct {
	deps    Deps
	timeout time.Duration
	log     *slog.Logger

	stories, lag, alerts, tickAge, inFlight, up *prometheus.Desc
}

func newStoreCollector(d Deps, timeout time.Duration, log *slog.Logger) *storeCollector {
	return &storeCollector{
		deps: d, timeout: timeout, log: log,
		stories:  prometheus.NewDesc("storywatch_stories", "Tracked stories, by state.", []string{"state"}, nil),
		lag:      prometheus.NewDesc("storywatch_schedule_lag_seconds", "Now minus the oldest next_check_at of a checkable story (0 when none is overdue).", nil, nil),
		alerts:   prometheus.NewDesc("storywatch_alerts", "Alerts in the outbox, by status (pending, failed).", []string{"status"}, nil),
		tickAge:  prometheus.NewDesc("storywatch_scheduler_last_tick_age_seconds", "Time since the scheduler last claimed due stories.", nil, nil),
		inFlight: prometheus.NewDesc("storywatch_checks_in_flight", "Checks running now.", nil, nil),
		up:       prometheus.NewDesc("storywatch_store_up", "1 when the store answered a ping at scrape time.", nil, nil),
	}
}

func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.stories, c.lag, c.alerts, c.tickAge, c.inFlight, c.up} {
		ch <- d
	}
}

func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	now := c.deps.now()
	if c.deps.Ping != nil {
		up := 1.0
		if err := c.deps.Ping(ctx); err != nil {
			up = 0
		}
		ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, up)
	}
	if c.deps.StoryStates != nil {
		if counts, err := c.deps.StoryStates(ctx); err != nil {
			c.log.Warn("metrics: counting stories", "err", err)
			ch <- prometheus.NewInvalidMetric(c.stories, err)
		} else {
			for _, st := range []storywatch.StoryState{storywatch.StateActive, storywatch.StateQuiet, storywatch.StateStopped, storywatch.StateFailing, storywatch.StateGone} {
				ch <- prometheus.MustNewConstMetric(c.stories, prometheus.GaugeValue, float64(counts[st]), string(st))
			}
		}
	}
	if c.deps.OldestDue != nil {
		if oldest, ok, err := c.deps.OldestDue(ctx); err != nil {
			c.log.Warn("metrics: oldest due story", "err", err)
			ch <- prometheus.NewInvalidMetric(c.lag, err)
		} else {
			lag := 0.0
			if ok && now.After(oldest) {
				lag = now.Sub(oldest).Seconds()
			}
			ch <- prometheus.MustNewConstMetric(c.lag, prometheus.GaugeValue, lag)
		}
	}
	if c.deps.Alerts != nil {
		if pending, failed, err := c.deps.Alerts(ctx); err != nil {
			c.log.Warn("metrics: counting alerts", "err", err)
			ch <- prometheus.NewInvalidMetric(c.alerts, err)
		} else {
			ch <- prometheus.MustNewConstMetric(c.alerts, prometheus.GaugeValue, float64(pending), "pending")
			ch <- prometheus.MustNewConstMetric(c.alerts, prometheus.GaugeValue, float64(failed), "failed")
		}
	}
	if s := c.deps.Scheduler; s != nil {
		if t := s.LastTick(); !t.IsZero() {
			ch <- prometheus.MustNewConstMetric(c.tickAge, prometheus.GaugeValue, now.Sub(t).Seconds())
		}
		ch <- prometheus.MustNewConstMetric(c.inFlight, prometheus.GaugeValue, float64(s.InFlight()))
	}
}
