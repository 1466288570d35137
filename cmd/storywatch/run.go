package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"reflect"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	sd "github.com/coreos/go-systemd/v22/daemon"
	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/config"
	"github.com/storywatch/storywatch/schedule"
	"github.com/storywatch/storywatch/store"
	"github.com/storywatch/storywatch/tracker"
	"github.com/storywatch/storywatch/web"
)

func init() { commands = append(commands, newRunCmd) }

func newRunCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "run",
		Short: "Run the daemon: scheduled checks, /healthz and /metrics",
		Long: "Run the daemon: claim due stories on every tick and check them, serve /healthz and\n" +
			"/metrics on http.listen. SIGHUP reloads the config file (stories added, removed or\n" +
			"rescheduled; a broken file is logged and the old config kept). SIGTERM or SIGINT stop\n" +
			"claiming and give in-flight checks daemon.shutdown_grace; a second signal abandons them\n" +
			"at once. Speaks the systemd notify protocol (READY, WATCHDOG, RELOADING, STOPPING).",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runDaemon(cmd.Context())
		},
	}
}

// swapChecker lets a reload swap the tracker (new schedule policy) while
// checks already started finish with the one they began with.
type swapChecker struct {
	cur atomic.Pointer[tracker.Tracker]
}

func (s *swapChecker) Check(ctx context.Context, st storywatch.Story) (storywatch.Check, error) {
	return s.cur.Load().Check(ctx, st)
}

type daemon struct {
	a          *app
	db         *store.DB
	log        *slog.Logger
	checker    *swapChecker
	loop       *schedule.Loop
	owner      string // names this instance in leases
	maxTickAge time.Duration
}

func (a *app) runDaemon(ctx context.Context) error {
	// Our own channel beside main's NotifyContext: we need to tell a first
	// stop signal from a second one, and to see SIGHUP.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)

	db, err := a.store(ctx) // opens the database and syncs the config's stories
	if err != nil {
		return err
	}
	d := &daemon{a: a, db: db, log: a.log, checker: &swapChecker{}}
	metrics := web.NewMetrics()
	tr := a.newTracker(db)
	tr.Observer = metrics
	d.checker.cur.Store(tr)

	opts := loopOptions(a.cfg)
	host, _ := os.Hostname()
	opts.Owner = fmt.Sprintf("%s:%d", host, os.Getpid())
	d.owner = opts.Owner
	if d.loop, err = schedule.NewLoop(opts, db, d.checker, a.log); err != nil {
		return usageError{err}
	}
	d.maxTickAge = tickMaxAge(opts.Tick)
	srv := web.NewServer(web.Options{Listen: a.cfg.HTTP.Listen, MaxTickAge: d.maxTickAge}, web.Deps{
		Ping:        db.Ping,
		Scheduler:   d.loop,
		OldestDue:   db.OldestDue,
		StoryStates: func(ctx context.Context) (map[storywatch.StoryState]int, error) { return countStates(ctx, db) },
		Metrics:     metrics,
		Log:         a.log,
	})
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			d.log.Warn("http shutdown", "err", err)
		}
	}()

	// The loop's context is ours, not the command's: the first signal ends
	// claiming gracefully, the second abandons checks (Close).
	loopCtx, stopLoop := context.WithCancel(context.Background())
	defer stopLoop()
	loopDone := make(chan error, 1)
	go func() { loopDone <- d.loop.Run(loopCtx) }()
	defer d.loop.Close()

	// A signal that came before signal.Notify only cancelled ctx.
	if ctx.Err() != nil {
		return d.stop(stopLoop, loopDone, sigs)
	}
	// Wait for the scheduler (restart spreading runs first). A SIGHUP now
	// finds the config just loaded: nothing to reload.
	for started := false; !started; {
		select {
		case <-d.loop.Started():
			started = true
		case err := <-loopDone:
			return fmt.Errorf("scheduler: %w", errOrStopped(err))
		case sig := <-sigs:
			if sig != syscall.SIGHUP {
				return d.stop(stopLoop, loopDone, sigs)
			}
		}
	}
	d.notify(sd.SdNotifyReady, "STATUS=checking stories")
	d.log.Info("storywatch running", "db", config.RedactDSN(a.dsn()), "http", srv.Addr(),
		"tick", opts.Tick, "workers", opts.Workers, "config", a.cfg.Path)

	var watchdog <-chan time.Time
	if every, err := sd.SdWatchdogEnabled(false); err != nil {
		d.log.Warn("systemd watchdog settings", "err", err)
	} else if every > 0 {
		t := time.NewTicker(every / 2)
		defer t.Stop()
		watchdog = t.C
	}
	for {
		select {
		case <-watchdog:
			if err := d.healthy(); err != nil {
				// No ping: if this lasts, systemd restarts us.
				d.log.Warn("withholding watchdog ping", "err", err)
				continue
			}
			d.notify(sd.SdNotifyWatchdog)
		case sig := <-sigs:
			if sig == syscall.SIGHUP {
				d.reload()
				continue
			}
			d.log.Info("stopping", "signal", sig.String())
			return d.stop(stopLoop, loopDone, sigs)
		case err := <-loopDone:
			return fmt.Errorf("scheduler stopped: %w", errOrStopped(err))
		}
	}
}

func errOrStopped(err error) error {
	if err == nil {
		return fmt.Errorf("stopped unexpectedly")
	}
	return err
}

// stop ends claiming, waits for in-flight checks up to the grace period,
// and on a second signal abandons them at once. The store is closed by the
// caller (app.close) once the loop has returned, so no check writes to a
// closed database.
func (d *daemon) stop(stopLoop context.CancelFunc, loopDone <-chan error, sigs <-chan os.Signal) error {
	d.notify(sd.SdNotifyStopping, "STATUS=stopping: finishing in-flight checks")
	stopLoop()
	for {
		select {
		case err := <-loopDone:
			// Checks abandoned by a second signal left their stories leased;
			// hand them back so a restart checks them at once, not after the lease.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if rerr := d.db.ReleaseLeases(ctx, d.owner); rerr != nil {
				d.log.Warn("release leases", "owner", d.owner, "err", rerr)
			}
			return err
		case sig := <-sigs:
			if sig == syscall.SIGHUP {
				continue
			}
			d.log.Warn("second signal: abandoning in-flight checks", "signal", sig.String(), "in_flight", d.loop.InFlight())
			d.loop.Close()
		}
	}
}

// healthy is the watchdog's condition: the scheduler ticks and the store
// answers.
func (d *daemon) healthy() error {
	if !d.loop.Healthy(time.Now(), d.maxTickAge) {
		return fmt.Errorf("scheduler stalled: last tick %s", d.loop.LastTick().Format(time.RFC3339))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := d.db.Ping(ctx); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// reload re-reads the config file. Stories are synced (added, retired,
// their specs updated) and those whose schedule changed are rescheduled;
// checks in flight go on. A file that does not load is logged and the
// running config kept.
func (d *daemon) reload() {
	d.notify(sd.SdNotifyReloading, "MONOTONIC_USEC="+strconv.FormatInt(monotonicUsec(), 10))
	defer d.notify(sd.SdNotifyReady, "STATUS=checking stories")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	a := d.a
	path, err := a.configPath()
	if err == nil {
		var cfg config.Config
		if cfg, err = config.Load(path, config.Options{ValidSpec: validSpec}); err == nil {
			err = d.apply(ctx, cfg)
		}
	}
	if err != nil {
		d.log.Error("reload failed; keeping the running config", "err", err)
	}
}

func (d *daemon) apply(ctx context.Context, cfg config.Config) error {
	a := d.a
	policy, err := schedule.NewPolicy(policyOptions(cfg))
	if err != nil {
		return err
	}
	if err := a.syncConfigStories(ctx, cfg); err != nil {
		return err
	}
	old := a.cfg
	a.cfg = cfg
	next := *d.checker.cur.Load()
	next.Planner = policy
	d.checker.cur.Store(&next)
	moved, err := d.rescheduleChanged(ctx, old, cfg, policy)
	if err != nil {
		return err
	}
	for _, section := range restartOnly(old, cfg) {
		d.log.Warn("config change takes effect after a restart", "section", section)
	}
	d.log.Info("config reloaded", "file", cfg.Path, "stories", len(cfg.Stories), "rescheduled", moved)
	return nil
}

// rescheduleChanged moves the next check of every checkable story whose
// effective schedule changed, so a new spec applies now rather than after
// the old plan's next check (which could be a day away).
func (d *daemon) rescheduleChanged(ctx context.Context, old, cur config.Config, policy *schedule.Policy) (int, error) {
	type spec struct{ schedule, event string }
	before := make(map[string]spec, len(old.Stories))
	for _, s := range old.Stories {
		before[s.URL] = spec{s.Schedule, s.Event}
	}
	tiersChanged := !reflect.DeepEqual(old.Schedule.Adaptive, cur.Schedule.Adaptive)
	stories, err := d.db.Stories(ctx, store.StoryFilter{States: checkable})
	if err != nil {
		return 0, err
	}
	now, moved := time.Now(), 0
	for _, s := range stories {
		was := spec{s.Schedule, s.Event}
		if s.Source == storywatch.SourceConfig {
			var ok bool
			if was, ok = before[s.URL]; !ok {
				continue // new in this file: due already
			}
		}
		oldSpec, newSpec := old.ScheduleFor(was.schedule, was.event), cur.ScheduleFor(s.Schedule, s.Event)
		if oldSpec == newSpec && (newSpec != schedule.Adaptive || !tiersChanged) {
			continue
		}
		if err := d.db.Reschedule(ctx, s.ID, policy.Planned(s, now)); err != nil {
			return moved, err
		}
		moved++
	}
	return moved, nil
}

// restartOnly names the config sections whose changes a reload does not
// apply: the scraper's politeness state, the listener, the loop and the
// database are built once.
func restartOnly(old, cur config.Config) []string {
	var out []string
	for name, pair := range map[string][2]any{
		"storage": {old.Storage, cur.Storage},
		"scraper": {old.Scraper, cur.Scraper},
		"daemon":  {old.Daemon, cur.Daemon},
		"http":    {old.HTTP, cur.HTTP},
		"log":     {old.Log, cur.Log},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			out = append(out, name)
		}
	}
	return out
}

func (d *daemon) notify(states ...string) {
	msg := ""
	for i, s := range states {
		if i > 0 {
			msg += "\n"
		}
		msg += s
	}
	if _, err := sd.SdNotify(false, msg); err != nil {
		d.log.Warn("systemd notify", "state", states[0], "err", err)
	}
}

// monotonicUsec is CLOCK_MONOTONIC in microseconds, which systemd wants
// beside RELOADING=1 to order the reload.
func monotonicUsec() int64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts); err != nil {
		return 0
	}
	return ts.Nano() / 1000
}

// loopOptions maps the config onto the schedule loop.
func loopOptions(cfg config.Config) schedule.LoopOptions {
	// A lease must outlast the longest check: every fetch attempt timing
	// out, plus extraction and the store write.
	lease := max(10*time.Minute, time.Duration(cfg.Scraper.Retries+1)*cfg.Scraper.Timeout*2+time.Minute)
	grace := cfg.Daemon.ShutdownGrace
	if grace == 0 {
		grace = time.Nanosecond // 0 in the config means abandon at once, not the loop's default
	}
	return schedule.LoopOptions{
		Tick:    cfg.Daemon.Tick,
		Workers: cfg.Scraper.Workers,
		Batch:   cfg.Daemon.Batch,
		Lease:   lease,
		Grace:   grace,
	}
}

// tickMaxAge is how old the last tick may be before the daemon counts as
// stalled: three ticks, and never under a minute.
func tickMaxAge(tick string) time.Duration {
	sp, err := schedule.ParseSpec(tick)
	if err != nil || sp.Adaptive {
		return time.Minute
	}
	first := sp.Next(time.Now())
	return max(time.Minute, 3*sp.Next(first).Sub(first))
}

func countStates(ctx context.Context, db *store.DB) (map[storywatch.StoryState]int, error) {
	stories, err := db.Stories(ctx, store.StoryFilter{})
	if err != nil {
		return nil, err
	}
	out := map[storywatch.StoryState]int{}
	for _, s := range stories {
		out[s.State]++
	}
	return out, nil
}
