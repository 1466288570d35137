package scraper

import (
	"context"
	"sync"
	"time"
)

// hostLimiter is the one per-host politeness gate of the process: at most
// parallelism requests in flight per host and request starts spaced by
// delay. Waiting is context-aware and holds nothing, so a caller blocked on a
// delayed host never occupies a global worker slot (callers acquire the
// host first, then a worker).
type hostLimiter struct {
	parallelism int
	delay       time.Duration
	now         func() time.Time

	mu    sync.Mutex
	hosts map[string]*hostState
}

type hostState struct {
	active int
	next   time.Time     // earliest start of the next request
	wake   chan struct{} // closed and replaced whenever a slot frees up
	users  int           // callers holding or waiting; the entry is dropped at zero
}

func newHostLimiter(parallelism int, delay time.Duration) *hostLimiter {
	return &hostLimiter{parallelism: parallelism, delay: delay, now: time.Now, hosts: map[string]*hostState{}}
}

// acquire blocks until host may start a request and returns its release func.
func (l *hostLimiter) acquire(ctx context.Context, host string) (func(), error) {
	l.mu.Lock()
	h := l.hosts[host]
	if h == nil {
		h = &hostState{wake: make(chan struct{})}
		l.hosts[host] = h
	}
	h.users++
	for {
		now := l.now()
		if h.active < l.parallelism && !now.Before(h.next) {
			h.active++
			h.next = now.Add(l.delay)
			l.mu.Unlock()
			var once sync.Once
			return func() { once.Do(func() { l.release(host, h) }) }, nil
		}
		wake := h.wake
		var t *time.Timer
		var timer <-chan time.Time
		if h.active < l.parallelism {
			t = time.NewTimer(h.next.Sub(now))
			timer = t.C
		}
		l.mu.Unlock()
		var err error
		select {
		case <-ctx.Done():
			err = ctx.Err()
		case <-wake:
		case <-timer:
		}
		if t != nil {
			t.Stop()
		}
		l.mu.Lock()
		if err != nil {
			l.drop(host, h)
			l.mu.Unlock()
			return nil, err
		}
	}
}

func (l *hostLimiter) release(host string, h *hostState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	h.active--
	close(h.wake)
	h.wake = make(chan struct{})
	l.drop(host, h)
}

// drop forgets a host nobody uses once its delay has passed, so the map
// does not grow with every host ever fetched.
func (l *hostLimiter) drop(host string, h *hostState) {
	h.users--
	if h.users == 0 && h.active == 0 && !l.now().Before(h.next) {
		delete(l.hosts, host)
	}
}

// wait reports how long a request to host would wait now (0 if it could
// start at once); schedulers use it to prefer hosts that are ready.
func (l *hostLimiter) wait(host string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	h := l.hosts[host]
	if h == nil {
		return 0
	}
	if d := h.next.Sub(l.now()); d > 0 {
		return d
	}
	if h.active >= l.parallelism {
		return l.delay
	}
	return 0
}
