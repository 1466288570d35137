package schedule

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/storywatch/storywatch"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// memQueue is the store's schedule in memory: the claim/lease/reschedule
// semantics of store.Store, nothing else.
type memQueue struct {
	mu          sync.Mutex
	stories     map[int64]*storywatch.Story
	leaseUntil  map[int64]time.Time
	rescheduled []int64
	claimErr    error
	claims      int
}

func newMemQueue(stories []storywatch.Story) *memQueue {
	q := &memQueue{stories: map[int64]*storywatch.Story{}, leaseUntil: map[int64]time.Time{}}
	for i := range stories {
		s := stories[i]
		q.stories[s.ID] = &s
	}
	return q
}

func (q *memQueue) ClaimDue(ctx context.Context, now time.Time, limit int, owner string, lease time.Duration) ([]storywatch.Story, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.claims++
	if q.claimErr != nil {
		return nil, q.claimErr
	}
	var due []*storywatch.Story
	for _, s := range q.stories {
		switch s.State {
		case storywatch.StateActive, storywatch.StateQuiet, storywatch.StateFailing:
		default:
			continue
		}
		if !s.NextCheckAt.After(now) && !q.leaseUntil[s.ID].After(now) {
			due = append(due, s)
		}
	}
	sort.Slice(due, func(i, j int) bool {
		if !due[i].NextCheckAt.Equal(due[j].NextCheckAt) {
			return due[i].NextCheckAt.Before(due[j].NextCheckAt)
		}
		return due[i].ID < due[j].ID
	})
	var out []storywatch.Story
	for _, s := range due[:min(limit, len(due))] {
		q.leaseUntil[s.ID] = now.Add(lease)
		out = append(out, *s)
	}
	return out, nil
}

func (q *memQueue) Reschedule(ctx context.Context, id int64, next time.Time) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.stories[id].NextCheckAt = next // the lease stays, as in the store
	q.rescheduled = append(q.rescheduled, id)
	return nil
}

// record is what RecordCheck does to the schedule: new next/state, lease
// released.
func (q *memQueue) record(s storywatch.Story) {
	q.mu.Lock()
	defer q.mu.Unlock()
	*q.stories[s.ID] = s
	delete(q.leaseUntil, s.ID)
}

// planChecker plays the tracker: a check takes `took` of (fake) time, then
// the policy plans the next one and the result is recorded.
type planChecker struct {
	q      *memQueue
	policy *Policy
	took   time.Duration
	block  bool // wait for ctx instead of finishing

	mu      sync.Mutex
	checks  map[int64][]time.Time // when each check started
	planned map[int64][]time.Time // next_check_at the story had when claimed
	aborted int
}

func newPlanChecker(q *memQueue, p *Policy, took time.Duration) *planChecker {
	return &planChecker{q: q, policy: p, took: took, checks: map[int64][]time.Time{}, planned: map[int64][]time.Time{}}
}

func (c *planChecker) Check(ctx context.Context, s storywatch.Story) (storywatch.Check, error) {
	start := time.Now()
	c.mu.Lock()
	c.checks[s.ID] = append(c.checks[s.ID], start)
	c.planned[s.ID] = append(c.planned[s.ID], s.NextCheckAt)
	c.mu.Unlock()
	wait := c.took
	if c.block {
		wait = 24 * time.Hour
	}
	select {
	case <-time.After(wait):
	case <-ctx.Done():
		c.mu.Lock()
		c.aborted++
		c.mu.Unlock()
		return storywatch.Check{}, fmt.Errorf("check %s: %w", s.URL, ctx.Err())
	}
	now := time.Now()
	chk := storywatch.Check{URL: s.URL, At: now, Outcome: storywatch.OutcomeUnchanged}
	s.LastCheckedAt = &now
	s.NextCheckAt, s.State = c.policy.Next(s, chk, time.Time{}, now)
	c.q.record(s)
	return chk, nil
}

func (c *planChecker) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.checks {
		n += len(v)
	}
	return n
}

func stories(n int, added, due time.Time, spacing time.Duration) []storywatch.Story {
	out := make([]storywatch.Story, n)
	for i := range out {
		out[i] = storywatch.Story{
			ID:          int64(i + 1),
			URL:         fmt.Sprintf("https://news%d.example/2026/05/story-%d", i%7, i),
			State:       storywatch.StateActive,
			AddedAt:     added,
			NextCheckAt: due.Add(time.Duration(i) * spacing),
		}
	}
	return out
}

// syncBuffer is a log sink several goroutines write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newLog(buf *syncBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// start runs the loop in the bubble and returns a stop func that cancels
// it and waits for Run's result.
func start(t *testing.T, l *Loop) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	res := make(chan error, 1)
	go func() { res <- l.Run(ctx) }()
	<-l.Started()
	return func() error {
		cancel()
		return <-res
	}
}

// 200 stories, all checked in their slots for two hours: no check before its
// planned time, none later than one tick plus the queueing a burst of
// colliding slots causes, and none skipped.
func TestLoopChecksEveryStoryInItsSlot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		t0 := time.Now()
		q := newMemQueue(stories(200, t0, t0, 0))
		policy, err := NewPolicy(PolicyOptions{})
		if err != nil {
			t.Fatal(err)
		}
		chk := newPlanChecker(q, policy, 2*time.Second)
		var logs syncBuffer
		l, err := NewLoop(LoopOptions{Tick: "@every 5s", Workers: 10}, q, chk, newLog(&logs))
		if err != nil {
			t.Fatal(err)
		}
		stop := start(t, l)
		time.Sleep(2 * time.Hour)
		if !l.Healthy(time.Now(), 10*time.Second) {
			t.Errorf("loop not healthy after two hours; last tick %s", l.LastTick())
		}
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		end := time.Now()

		var worst time.Duration
		for id := int64(1); id <= 200; id++ {
			checks, planned := chk.checks[id], chk.planned[id]
			// First checks of 200 stories due at once take 40s on 10
			// workers; from then on the story has its 5-minute slots.
			if len(checks) < 23 {
				t.Errorf("story %d checked %d times in 2h, want about 24", id, len(checks))
			}
			for i, at := range checks {
				late := at.Sub(planned[i])
				if late < 0 {
					t.Fatalf("story %d check %d ran %s early", id, i, -late)
				}
				if i > 0 {
					worst = max(worst, late)
				}
			}
			if next := q.stories[id].NextCheckAt; next.Before(end.Add(-10 * time.Second)) {
				t.Errorf("story %d overdue at the end: next %s", id, end.Sub(next))
			}
		}
		if worst > 5*time.Second+4*time.Second {
			t.Errorf("a check ran %s after its slot, want within a tick plus a little queueing", worst)
		}
		t.Logf("200 stories, %d checks in 2h, worst lateness %s", chk.total(), worst)
	})
}

// After six hours of downtime every story is overdue. The loop spreads
// them a second apart instead of firing all 200 on the first tick.
func TestLoopSpreadsOverdueStoriesAfterRestart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		t0 := time.Now()
		// Added 7h ago; due from 6h ago onwards, every 100s: all overdue.
		q := newMemQueue(stories(200, t0.Add(-7*time.Hour), t0.Add(-6*time.Hour), 100*time.Second))
		policy, _ := NewPolicy(PolicyOptions{})
		chk := newPlanChecker(q, policy, time.Second)
		var logs syncBuffer
		l, err := NewLoop(LoopOptions{Tick: "@every 5s", Workers: 50, SpreadStep: time.Second}, q, chk, newLog(&logs))
		if err != nil {
			t.Fatal(err)
		}
		stop := start(t, l)
		if got := len(q.rescheduled); got != 200 {
			t.Fatalf("rescheduled %d stories at start, want 200", got)
		}
		time.Sleep(4 * time.Minute)
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		perTick := map[int64]int{}
		for id := int64(1); id <= 200; id++ {
			if len(chk.checks[id]) == 0 {
				t.Fatalf("story %d never checked after the restart", id)
			}
			first := chk.checks[id][0]
			perTick[first.Sub(t0).Milliseconds()/5000]++
			// Oldest due first: story i was spread to t0 + (i-1)s.
			if want := t0.Add(time.Duration(id-1) * time.Second); first.Before(want) {
				t.Fatalf("story %d checked at +%s, before its spread slot +%s", id, first.Sub(t0), want.Sub(t0))
			}
		}
		for tick, n := range perTick {
			if n > 6 {
				t.Errorf("%d stories started in tick %d; spread should allow about 5", n, tick)
			}
		}
		if !strings.Contains(logs.String(), "spread overdue stories") {
			t.Errorf("no spread log:\n%s", logs.String())
		}
	})
}

// Stories due less than SpreadAfter ago are checked at once, not spread.
func TestLoopDoesNotSpreadJustDue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		t0 := time.Now()
		q := newMemQueue(stories(5, t0, t0.Add(-30*time.Second), 0))
		policy, _ := NewPolicy(PolicyOptions{})
		chk := newPlanChecker(q, policy, time.Second)
		l, _ := NewLoop(LoopOptions{}, q, chk, nil)
		stop := start(t, l)
		synctest.Wait()
		time.Sleep(2 * time.Second)
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		if len(q.rescheduled) != 0 || chk.total() != 5 {
			t.Fatalf("rescheduled %d, checked %d; want 0 and 5", len(q.rescheduled), chk.total())
		}
	})
}

// Graceful stop: claiming stops at once, checks that finish within the
// grace period complete, the rest are abandoned when it runs out.
func TestLoopGracefulStop(t *testing.T) {
	for _, tc := range []struct {
		name        string
		took        time.Duration
		block       bool
		wantAborted int
	}{
		{"in-flight checks finish within grace", 10 * time.Second, false, 0},
		{"stuck checks are abandoned after grace", 0, true, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				t0 := time.Now()
				q := newMemQueue(stories(3, t0, t0, 0))
				policy, _ := NewPolicy(PolicyOptions{})
				chk := newPlanChecker(q, policy, tc.took)
				chk.block = tc.block
				l, _ := NewLoop(LoopOptions{Grace: 30 * time.Second}, q, chk, nil)
				stop := start(t, l)
				synctest.Wait() // the three checks are in flight
				if l.InFlight() != 3 {
					t.Fatalf("in flight %d, want 3", l.InFlight())
				}
				stopped := time.Now()
				claims := q.claims
				if err := stop(); err != nil {
					t.Fatal(err)
				}
				took := time.Since(stopped)
				if q.claims != claims {
					t.Errorf("claimed again after stop")
				}
				if chk.aborted != tc.wantAborted {
					t.Errorf("aborted %d checks, want %d", chk.aborted, tc.wantAborted)
				}
				if tc.block && took != 30*time.Second {
					t.Errorf("stuck checks abandoned after %s, want the 30s grace", took)
				}
				if !tc.block && took != 10*time.Second {
					t.Errorf("stop took %s, want the 10s the checks needed", took)
				}
				if l.Running() {
					t.Error("still running after Run returned")
				}
			})
		})
	}
}

// Close (a second signal) abandons in-flight checks at once.
func TestLoopCloseAbandonsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		t0 := time.Now()
		q := newMemQueue(stories(4, t0, t0, 0))
		policy, _ := NewPolicy(PolicyOptions{})
		chk := newPlanChecker(q, policy, 0)
		chk.block = true
		l, _ := NewLoop(LoopOptions{Grace: time.Hour}, q, chk, nil)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		res := make(chan error, 1)
		go func() { res <- l.Run(ctx) }()
		<-l.Started()
		synctest.Wait()
		cancel() // first signal: graceful
		synctest.Wait()
		closed := time.Now()
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
		if err := <-res; err != nil {
			t.Fatal(err)
		}
		if time.Since(closed) != 0 || chk.aborted != 4 {
			t.Fatalf("Close took %s and abandoned %d checks; want at once and 4", time.Since(closed), chk.aborted)
		}
		if err := l.Close(); err != nil {
			t.Fatal("second Close:", err)
		}
	})
}

func TestLoopCloseBeforeRun(t *testing.T) {
	l, err := NewLoop(LoopOptions{}, newMemQueue(nil), newPlanChecker(nil, nil, 0), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := l.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := l.Run(t.Context()); err == nil {
		t.Fatal("second Run accepted")
	}
}

// Housekeeping jobs run on their specs; a panicking job is recovered and
// logged, and the loop carries on.
func TestLoopHousekeepingJobs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		runs := map[string]int{}
		job := func(name string, fail error, panics bool) Job {
			return Job{Name: name, Spec: "@every 1m", Run: func(ctx context.Context) error {
				mu.Lock()
				runs[name]++
				mu.Unlock()
				if panics {
					panic("boom")
				}
				return fail
			}}
		}
		var logs syncBuffer
		l, err := NewLoop(LoopOptions{Jobs: []Job{
			job("retention", nil, false),
			job("alerts", errors.New("sink down"), false),
			job("vacuum", nil, true),
		}}, newMemQueue(nil), newPlanChecker(nil, nil, 0), newLog(&logs))
		if err != nil {
			t.Fatal(err)
		}
		stop := start(t, l)
		time.Sleep(10*time.Minute + time.Second)
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"retention", "alerts", "vacuum"} {
			if runs[name] != 10 {
				t.Errorf("job %s ran %d times in 10m, want 10", name, runs[name])
			}
		}
		for _, want := range []string{"sink down", "panic", "boom"} {
			if !strings.Contains(logs.String(), want) {
				t.Errorf("log lacks %q:\n%s", want, logs.String())
			}
		}
	})
}

func TestNewLoopRejectsBadSpecs(t *testing.T) {
	for _, opts := range []LoopOptions{
		{Tick: "adaptive"},
		{Tick: "TZ=UTC"},
		{Jobs: []Job{{Name: "vacuum", Spec: "every night"}}},
	} {
		if _, err := NewLoop(opts, newMemQueue(nil), newPlanChecker(nil, nil, 0), nil); err == nil {
			t.Errorf("NewLoop(%+v) accepted a bad spec", opts)
		}
	}
}

// A store that cannot be reached stops the ticks from counting: the loop
// is not healthy and says why.
func TestLoopUnhealthyWhenClaimsFail(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := newMemQueue(nil)
		var logs syncBuffer
		l, _ := NewLoop(LoopOptions{Tick: "@every 5s"}, q, newPlanChecker(q, nil, 0), newLog(&logs))
		stop := start(t, l)
		time.Sleep(6 * time.Second)
		if !l.Healthy(time.Now(), 10*time.Second) {
			t.Fatal("not healthy with a working store")
		}
		q.mu.Lock()
		q.claimErr = errors.New("database is locked")
		q.mu.Unlock()
		time.Sleep(time.Minute)
		if l.Healthy(time.Now(), 10*time.Second) {
			t.Error("healthy although every claim failed for a minute")
		}
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(logs.String(), "database is locked") {
			t.Errorf("claim error not logged:\n%s", logs.String())
		}
	})
}

// A restart at the same instant claims nothing twice: ClaimAllDue drains
// in batches.
func TestClaimAllDue(t *testing.T) {
	now := mustTime(t, "2026-05-10T12:00:00Z")
	all := stories(250, now, now.Add(-time.Hour), time.Second)
	all[3].State = storywatch.StateStopped
	all[4].State = storywatch.StateGone
	all[5].NextCheckAt = now.Add(time.Minute)
	q := newMemQueue(all)
	got, err := ClaimAllDue(t.Context(), q, now, "me", time.Minute, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 247 {
		t.Fatalf("claimed %d, want 247", len(got))
	}
	if !slices.IsSortedFunc(got, func(a, b storywatch.Story) int { return a.NextCheckAt.Compare(b.NextCheckAt) }) {
		t.Fatal("not oldest due first")
	}
	again, _ := ClaimAllDue(t.Context(), q, now, "other", time.Minute, 100)
	if len(again) != 0 {
		t.Fatalf("leased stories claimed again: %d", len(again))
	}
	q.claimErr = errors.New("closed")
	if _, err := ClaimAllDue(t.Context(), q, now, "me", time.Minute, 100); err == nil {
		t.Fatal("claim error swallowed")
	}
}
