package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/storywatch/storywatch"
)

// Claimer leases due stories from the store.
type Claimer interface {
	// ClaimDue leases up to limit stories whose next_check_at <= now and
	// that nobody else holds, oldest due first.
	ClaimDue(ctx context.Context, now time.Time, limit int, owner string, lease time.Duration) ([]storywatch.Story, error)
}

// Queue is what the loop needs from the store: claiming, and moving a
// story's next_check_at without a check (restart spreading).
type Queue interface {
	Claimer
	Reschedule(ctx context.Context, storyID int64, next time.Time) error
}

// Checker runs one check end to end and records it, releasing the lease.
// An error means the check could not be recorded (the site's own errors are
// recorded checks, not errors); the lease then expires and the story is
// claimed again later.
type Checker interface {
	Check(ctx context.Context, s storywatch.Story) (storywatch.Check, error)
}

// Job is a housekeeping job run by the loop's cron (alert retries,
// retention, database maintenance). Its context ends when the loop stops.
type Job struct {
	Name string
	Spec string // cron spec or descriptor, parsed by ParseSpec
	Run  func(ctx context.Context) error
}

// LoopOptions configure a Loop; zero fields take the defaults noted.
type LoopOptions struct {
	// Tick is the cron spec of the claim tick ("@every 5s").
	Tick string
	// Workers is how many checks run at once (10).
	Workers int
	// Batch caps the stories claimed by one ClaimDue call (100). A tick never
	// claims more than the workers can start, so leases do not expire in a
	// queue.
	Batch int
	// Lease is how long a claimed story stays ours; longer than any check
	// can take (10m).
	Lease time.Duration
	// Owner names this instance in leases (hostname:pid).
	Owner string
	// Grace is how long Run waits for in-flight checks once its context is
	// done, before abandoning them (30s).
	Grace time.Duration
	// Stories overdue by more than SpreadAfter when the loop starts (after
	// a restart or a downtime) are rescheduled SpreadStep apart, over at
	// most SpreadMax, instead of all being checked at once (1m, 1s, 30m).
	SpreadAfter time.Duration
	SpreadStep  time.Duration
	SpreadMax   time.Duration
	// Jobs are housekeeping jobs run on their own specs.
	Jobs []Job
}

func (o *LoopOptions) defaults() {
	if o.Tick == "" {
		o.Tick = "@every 5s"
	}
	if o.Workers <= 0 {
		o.Workers = 10
	}
	if o.Batch <= 0 {
		o.Batch = 100
	}
	if o.Lease <= 0 {
		o.Lease = 10 * time.Minute
	}
	if o.Owner == "" {
		host, _ := os.Hostname()
		o.Owner = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	if o.Grace <= 0 {
		o.Grace = 30 * time.Second
	}
	if o.SpreadAfter <= 0 {
		o.SpreadAfter = time.Minute
	}
	if o.SpreadStep <= 0 {
		o.SpreadStep = time.Second
	}
	if o.SpreadMax <= 0 {
		o.SpreadMax = 30 * time.Minute
	}
}

// Loop claims due stories on every tick and checks them on a bounded pool.
// Run drives it; Close abandons in-flight work and waits for every
// goroutine the loop started.
type Loop struct {
	opts    LoopOptions
	queue   Queue
	checker Checker
	log     *slog.Logger
	tick    Spec
	jobs    []Spec

	busy     atomic.Int64 // checks claimed and not yet finished
	backlog  atomic.Bool  // the last claim was full: more may be due
	lastTick atomic.Int64 // unix nanos of the last claim round that worked
	running  atomic.Bool

	wake     chan struct{}
	started  chan struct{}
	done     chan struct{}
	closing  context.Context
	close    context.CancelFunc
	runOnce  atomic.Bool
	abortCtx context.Context
	abort    context.CancelFunc
}

// NewLoop validates the options (tick and job specs) and builds a loop.
func NewLoop(opts LoopOptions, queue Queue, checker Checker, log *slog.Logger) (*Loop, error) {
	opts.defaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := &Loop{
		opts:    opts,
		queue:   queue,
		checker: checker,
		log:     log,
		wake:    make(chan struct{}, 1),
		started: make(chan struct{}),
		done:    make(chan struct{}),
	}
	l.closing, l.close = context.WithCancel(context.Background())
	l.abortCtx, l.abort = context.WithCancel(context.Background())
	var err error
	if l.tick, err = ParseSpec(opts.Tick); err != nil || l.tick.Adaptive {
		return nil, fmt.Errorf("loop tick: %w", errors.Join(err, errIfAdaptive(l.tick)))
	}
	for _, j := range opts.Jobs {
		sp, err := ParseSpec(j.Spec)
		if err != nil || sp.Adaptive {
			return nil, fmt.Errorf("job %s: %w", j.Name, errors.Join(err, errIfAdaptive(sp)))
		}
		l.jobs = append(l.jobs, sp)
	}
	return l, nil
}

func errIfAdaptive(s Spec) error {
	if s.Adaptive {
		return errors.New("adaptive is a story policy, not a cron spec")
	}
	return nil
}

// Started is closed once the loop has spread overdue stories and its
// scheduler runs: the moment to tell systemd READY=1.
func (l *Loop) Started() <-chan struct{} { return l.started }

// Done is closed when Run has returned.
func (l *Loop) Done() <-chan struct{} { return l.done }

// Running reports whether the scheduler is running.
func (l *Loop) Running() bool { return l.running.Load() }

// LastTick is when the loop last completed a claim round (zero before the
// first). A round runs on every tick even when no story is due.
func (l *Loop) LastTick() time.Time {
	n := l.lastTick.Load()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// InFlight is the number of checks running now.
func (l *Loop) InFlight() int { return int(l.busy.Load()) }

// Healthy reports whether the scheduler runs and ticked within maxAge
// (the watchdog and /healthz use it).
func (l *Loop) Healthy(now time.Time, maxAge time.Duration) bool {
	t := l.LastTick()
	return l.Running() && !t.IsZero() && now.Sub(t) <= maxAge
}

// Run spreads overdue stories, then claims due stories on every tick until
// ctx is done. It then stops claiming, waits up to Grace for in-flight
// checks, abandons the rest (their context is cancelled) and returns once
// every goroutine it started has ended. Run may be called once.
func (l *Loop) Run(ctx context.Context) error {
	if !l.runOnce.CompareAndSwap(false, true) {
		return errors.New("schedule: loop already ran")
	}
	defer close(l.done)
	if l.closing.Err() != nil {
		return nil
	}

	// Claiming stops with ctx or Close; checks stop only when abandoned.
	claimCtx, stopClaiming := context.WithCancel(ctx)
	defer stopClaiming()
	defer context.AfterFunc(l.closing, stopClaiming)()

	if err := l.spread(claimCtx); err != nil && claimCtx.Err() == nil {
		return err
	}

	cr := cron.New(
		cron.WithLocation(time.UTC),
		cron.WithLogger(cronLogger{l.log}),
		// Recover must sit inside SkipIfStillRunning: that wrapper has no
		// defer, so a panic escaping through it would skip the job forever.
		cron.WithChain(cron.SkipIfStillRunning(cronLogger{l.log}), cron.Recover(cronLogger{l.log})),
	)
	cr.Schedule(l.tick.Cron, cron.FuncJob(l.poke))
	for i, j := range l.opts.Jobs {
		cr.Schedule(l.jobs[i].Cron, cron.FuncJob(func() {
			if err := j.Run(claimCtx); err != nil && claimCtx.Err() == nil {
				l.log.Error("housekeeping job failed", "job", j.Name, "err", err)
			}
		}))
	}

	jobs := make(chan storywatch.Story)
	var workers sync.WaitGroup
	for range l.opts.Workers {
		workers.Go(func() { l.work(jobs) })
	}
	dispatched := make(chan struct{})
	go func() {
		defer close(dispatched)
		l.dispatch(claimCtx, jobs)
	}()

	cr.Start()
	l.running.Store(true)
	l.poke()
	close(l.started)
	l.log.Info("scheduler started", "tick", l.opts.Tick, "workers", l.opts.Workers, "owner", l.opts.Owner)

	<-claimCtx.Done()
	l.running.Store(false)
	cronDone := cr.Stop()
	<-dispatched
	close(jobs) // the dispatcher was the only sender

	idle := make(chan struct{})
	go func() {
		workers.Wait()
		<-cronDone.Done()
		close(idle)
	}()
	grace := time.NewTimer(l.opts.Grace)
	defer grace.Stop()
	select {
	case <-idle:
	case <-grace.C:
		l.log.Warn("abandoning in-flight checks after the grace period", "in_flight", l.InFlight(), "grace", l.opts.Grace)
		l.abort()
		<-idle
	case <-l.abortCtx.Done():
		<-idle
	}
	l.log.Info("scheduler stopped")
	return nil
}

// Close stops the loop at once: claiming stops, in-flight checks are
// abandoned (their context is cancelled; their leases expire and the stories
// are claimed again later). It waits for Run to return.
func (l *Loop) Close() error {
	l.close()
	l.abort()
	if l.runOnce.Load() {
		<-l.done
	}
	return nil
}

// poke asks the dispatcher for a claim round; a round already pending is
// enough.
func (l *Loop) poke() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

func (l *Loop) dispatch(ctx context.Context, jobs chan<- storywatch.Story) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.wake:
		}
		l.claimRound(ctx, jobs)
	}
}

// claimRound claims as many due stories as there are idle workers, in
// batches; a full batch means more may be due, so a finishing worker asks
// for another round without waiting for the tick.
func (l *Loop) claimRound(ctx context.Context, jobs chan<- storywatch.Story) {
	for {
		free := l.opts.Workers - int(l.busy.Load())
		if free <= 0 {
			l.backlog.Store(true)
			l.lastTick.Store(time.Now().UnixNano())
			return
		}
		n := min(free, l.opts.Batch)
		stories, err := l.queue.ClaimDue(ctx, time.Now(), n, l.opts.Owner, l.opts.Lease)
		if err != nil {
			if ctx.Err() == nil {
				l.log.Error("claiming due stories", "err", err)
			}
			return
		}
		l.lastTick.Store(time.Now().UnixNano())
		l.backlog.Store(len(stories) == n)
		for _, s := range stories {
			l.busy.Add(1)
			select {
			case jobs <- s:
			case <-ctx.Done():
				// Unstarted claims keep their lease until it expires.
				l.busy.Add(-1)
				return
			}
		}
		if len(stories) < n {
			return
		}
	}
}

func (l *Loop) work(jobs <-chan storywatch.Story) {
	for s := range jobs {
		l.check(s)
		l.busy.Add(-1)
		if l.backlog.Load() {
			l.poke()
		}
	}
}

func (l *Loop) check(s storywatch.Story) {
	defer func() {
		// A panic in one check must not take the daemon down.
		if r := recover(); r != nil {
			l.log.Error("check panicked", "url", s.URL, "panic", r)
		}
	}()
	c, err := l.checker.Check(l.abortCtx, s)
	if err != nil {
		if l.abortCtx.Err() != nil {
			l.log.Warn("check abandoned", "url", s.URL, "err", err)
			return
		}
		l.log.Error("check failed", "url", s.URL, "err", err)
		return
	}
	attrs := []any{"url", s.URL, "outcome", c.Outcome, "duration_ms", c.DurationMS}
	if c.Version != nil {
		attrs = append(attrs, "version", *c.Version)
	}
	if c.Error != nil {
		attrs = append(attrs, "error_class", c.Error.Class, "error", c.Error.Message)
	}
	l.log.Info("checked", attrs...)
}

// spread reschedules stories overdue by more than SpreadAfter, oldest
// first, SpreadStep apart, so a restart after hours of downtime does not
// fire every story at once.
func (l *Loop) spread(ctx context.Context) error {
	now := time.Now()
	// The lease only keeps another instance away while we reschedule; it
	// runs from the claim's "now", SpreadAfter ago, and ends a few seconds
	// from now (Reschedule keeps it, so it delays the first spread slots).
	overdue, err := ClaimAllDue(ctx, l.queue, now.Add(-l.opts.SpreadAfter), l.opts.Owner, l.opts.SpreadAfter+5*time.Second, l.opts.Batch)
	if err != nil {
		return fmt.Errorf("spreading overdue stories: %w", err)
	}
	if len(overdue) == 0 {
		return nil
	}
	times := Spread(len(overdue), now, l.opts.SpreadStep, l.opts.SpreadMax)
	for i, s := range overdue {
		if err := l.queue.Reschedule(ctx, s.ID, times[i]); err != nil {
			return fmt.Errorf("spreading overdue stories: reschedule %s: %w", s.URL, err)
		}
	}
	l.log.Info("spread overdue stories", "stories", len(overdue), "until", times[len(times)-1])
	return nil
}

// ClaimAllDue leases every story due at now, in batches of batch. It is the
// claiming step of `storywatch check --due` as well as the loop's restart
// spreading.
func ClaimAllDue(ctx context.Context, c Claimer, now time.Time, owner string, lease time.Duration, batch int) ([]storywatch.Story, error) {
	if batch <= 0 {
		batch = 100
	}
	var all []storywatch.Story
	for {
		got, err := c.ClaimDue(ctx, now, batch, owner, lease)
		if err != nil {
			return all, fmt.Errorf("claim due stories: %w", err)
		}
		all = append(all, got...)
		if len(got) < batch {
			return all, nil
		}
	}
}

// Spread returns n check times starting at now, step apart, squeezed so the
// last one is before now+maxWindow. Times are in the order of the overdue
// stories (oldest due first), so the longest-waiting go first.
func Spread(n int, now time.Time, step, maxWindow time.Duration) []time.Time {
	if n <= 0 {
		return nil
	}
	if step <= 0 {
		step = time.Second
	}
	if n > 1 && maxWindow > 0 && step*time.Duration(n-1) > maxWindow {
		step = maxWindow / time.Duration(n-1)
	}
	out := make([]time.Time, n)
	for i := range out {
		out[i] = now.Add(time.Duration(i) * step)
	}
	return out
}

// cronLogger sends robfig/cron's logs to slog; its chatty Info ("wake",
// "run") goes to Debug.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}
