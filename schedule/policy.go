package schedule

import (
	"errors"
	"fmt"
	"hash/fnv"
	"net/http"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/storywatch/storywatch"
)

// Tier is one step of the adaptive policy: while the time since the story's
// last change (or since it was added, when it never changed) is below Until,
// check every Every. Every 0 stops the story.
type Tier struct {
	Until time.Duration
	Every time.Duration
}

// DefaultTiers follow where revisions cluster: most body changes come in the
// first day, so check densely early and thin out, stopping after 30 days.
var DefaultTiers = []Tier{
	{Until: 3 * time.Hour, Every: 5 * time.Minute},
	{Until: 24 * time.Hour, Every: 15 * time.Minute},
	{Until: 72 * time.Hour, Every: time.Hour},
	{Until: 14 * 24 * time.Hour, Every: 6 * time.Hour},
	{Until: 30 * 24 * time.Hour, Every: 24 * time.Hour},
}

// PolicyOptions configure a Policy; zero fields take the defaults noted.
type PolicyOptions struct {
	// Default is "adaptive" (the default) or any cron spec or descriptor.
	Default string
	// Events maps an event name to its spec; a story's own spec wins.
	Events map[string]string
	// Tiers of the adaptive policy, in increasing Until (DefaultTiers).
	Tiers []Tier
	// ErrorBackoff is the delay after the first error, doubled per further
	// consecutive error (5m), capped at MaxBackoff (6h).
	ErrorBackoff time.Duration
	MaxBackoff   time.Duration
	// FailingAfter: a story erroring for about this long is marked failing
	// (72h). It keeps being checked at the capped backoff.
	FailingAfter time.Duration
	// GoneAfter consecutive 404/410 answers make a story gone (3).
	GoneAfter int
	// CronJitter is the largest per-URL offset added to cron fire times, so
	// stories sharing a spec do not all start on the same second (30s).
	CronJitter time.Duration
}

// Policy computes when a story is checked next and its state. It is pure
// (no clock, no I/O): the tracker calls Next after every check.
type Policy struct {
	def          Spec
	events       map[string]Spec
	tiers        []Tier
	errorBackoff time.Duration
	maxBackoff   time.Duration
	failingAfter time.Duration
	goneAfter    int
	cronJitter   time.Duration
	specs        sync.Map // story spec text → Spec
}

// NewPolicy validates the options and builds a Policy.
func NewPolicy(o PolicyOptions) (*Policy, error) {
	p := &Policy{
		tiers:        o.Tiers,
		errorBackoff: o.ErrorBackoff,
		maxBackoff:   o.MaxBackoff,
		failingAfter: o.FailingAfter,
		goneAfter:    o.GoneAfter,
		cronJitter:   o.CronJitter,
		events:       map[string]Spec{},
	}
	if o.Default == "" {
		o.Default = Adaptive
	}
	var err error
	if p.def, err = ParseSpec(o.Default); err != nil {
		return nil, fmt.Errorf("default schedule: %w", err)
	}
	for name, spec := range o.Events {
		if spec == "" {
			continue
		}
		if p.events[name], err = ParseSpec(spec); err != nil {
			return nil, fmt.Errorf("event %s: %w", name, err)
		}
	}
	if p.tiers == nil {
		p.tiers = DefaultTiers
	}
	for i, t := range p.tiers {
		if t.Every < 0 || t.Until <= 0 || (i > 0 && t.Until <= p.tiers[i-1].Until) {
			return nil, fmt.Errorf("adaptive tier %d (until %s, every %s): tiers need increasing positive until and non-negative every", i, t.Until, t.Every)
		}
	}
	if p.errorBackoff <= 0 {
		p.errorBackoff = 5 * time.Minute
	}
	if p.maxBackoff <= 0 {
		p.maxBackoff = 6 * time.Hour
	}
	if p.maxBackoff < p.errorBackoff {
		return nil, errors.New("max backoff is shorter than the first error backoff")
	}
	if p.failingAfter <= 0 {
		p.failingAfter = 72 * time.Hour
	}
	if p.goneAfter <= 0 {
		p.goneAfter = 3
	}
	if p.cronJitter <= 0 {
		p.cronJitter = 30 * time.Second
	}
	return p, nil
}

// SpecFor resolves a story's spec: its own, its event's, the default. A
// story spec that does not parse (validated on the way in, so only a
// hand-edited database) falls back to the default rather than stalling.
func (p *Policy) SpecFor(s storywatch.Story) Spec {
	if s.Schedule != "" {
		// Parsing a zoned spec reads the zone from disk; stories share a
		// handful of specs, so keep each parsed once.
		if sp, ok := p.specs.Load(s.Schedule); ok {
			return sp.(Spec)
		}
		if sp, err := ParseSpec(s.Schedule); err == nil {
			p.specs.Store(s.Schedule, sp)
			return sp
		}
	}
	if sp, ok := p.events[s.Event]; ok && s.Event != "" {
		return sp
	}
	return p.def
}

// Next returns when s is checked next and the state it is in after check c
// finished at now. s carries this check's ConsecutiveErrors and
// LastChangedAt; retryAfter is the server's Retry-After (zero when none).
func (p *Policy) Next(s storywatch.Story, c storywatch.Check, retryAfter time.Time, now time.Time) (time.Time, storywatch.StoryState) {
	next, state, every := p.regular(s, now)
	if c.Outcome == storywatch.OutcomeError {
		next, state = p.afterError(s, c, now, next, state, every)
	}
	if retryAfter.After(next) {
		next = retryAfter
	}
	return next, state
}

// regular is the next check of a healthy story and the interval it implies.
func (p *Policy) regular(s storywatch.Story, now time.Time) (time.Time, storywatch.StoryState, time.Duration) {
	spec := p.SpecFor(s)
	if every, ok := spec.Cron.(cron.ConstantDelaySchedule); ok {
		// @every has no wall-clock anchor: use the URL's slots like the
		// adaptive tiers, so such stories spread over the interval.
		return slotAfter(now.Add(every.Delay/2), every.Delay, s.URL), storywatch.StateActive, every.Delay
	}
	if !spec.Adaptive {
		off := jitter(s.URL, p.cronJitter)
		next := spec.Next(now.Add(-off)).Add(off)
		return next, storywatch.StateActive, next.Sub(now)
	}
	ref := s.AddedAt
	if s.LastChangedAt != nil && s.LastChangedAt.After(ref) {
		ref = *s.LastChangedAt
	}
	age := max(now.Sub(ref), 0)
	for i, t := range p.tiers {
		if age >= t.Until {
			continue
		}
		if t.Every == 0 {
			break
		}
		state := storywatch.StateActive
		if i > 0 {
			state = storywatch.StateQuiet
		}
		return slotAfter(now.Add(t.Every/2), t.Every, s.URL), state, t.Every
	}
	last := p.tiers[len(p.tiers)-1].Every
	return now.Add(last), storywatch.StateStopped, last
}

func (p *Policy) afterError(s storywatch.Story, c storywatch.Check, now, regular time.Time, state storywatch.StoryState, every time.Duration) (time.Time, storywatch.StoryState) {
	n := max(s.ConsecutiveErrors, 1)
	gone := c.HTTPStatus == http.StatusNotFound || c.HTTPStatus == http.StatusGone ||
		(c.Error != nil && c.Error.Class == storywatch.ErrClassGone)
	if gone && n >= p.goneAfter {
		return now.Add(p.maxBackoff), storywatch.StateGone
	}
	if state == storywatch.StateStopped {
		// The story aged out of the adaptive tiers while failing: stopping
		// it is what would have happened had it succeeded.
		return regular, state
	}
	// Never check a failing story more often than a healthy one.
	delay := max(p.backoff(n), every)
	next := now.Add(delay + jitter(s.URL, delay/10))
	if failedFor := p.failedFor(n, every); failedFor >= p.failingAfter {
		state = storywatch.StateFailing
	}
	return next, state
}

// backoff is the delay after the n-th consecutive error.
func (p *Policy) backoff(n int) time.Duration {
	d := p.errorBackoff
	for i := 1; i < n && d < p.maxBackoff; i++ {
		d *= 2
	}
	return min(d, p.maxBackoff)
}

// failedFor estimates how long a story with n consecutive errors has been
// failing: the sum of the delays the policy put between those errors. The
// story keeps no "last success" time, and the estimate is exact as long as
// checks ran when planned.
func (p *Policy) failedFor(n int, every time.Duration) time.Duration {
	var d time.Duration
	for i := 1; i < n; i++ {
		d += max(p.backoff(i), every)
		if d >= p.failingAfter {
			break
		}
	}
	return d
}

// urlHash is a stable 64-bit hash of the URL: jitter must not change
// across restarts, or a restart would reshuffle every story's slot.
func urlHash(url string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(url))
	return h.Sum64()
}

// jitter is a per-URL offset in [0, span).
func jitter(url string, span time.Duration) time.Duration {
	if span <= 0 {
		return 0
	}
	return time.Duration(urlHash(url) % uint64(span))
}

// slotAfter returns the first of the URL's slots strictly after t. A story
// checked every d has its slots at a fixed phase (from the URL hash) modulo
// d, so stories on one tier are spread evenly across the interval and a late
// check does not shift the later ones.
func slotAfter(t time.Time, d time.Duration, url string) time.Time {
	phase := int64(jitter(url, d))
	n := t.UnixNano() - phase
	k := n / int64(d)
	if n < 0 && n%int64(d) != 0 {
		k-- // floor for times before the epoch
	}
	return time.Unix(0, (k+1)*int64(d)+phase).In(t.Location())
}

// Planned is the next regular check of s from now on, as if a check had
// just succeeded. The daemon uses it to reschedule stories whose spec
// changed on a config reload, instead of waiting out the old plan.
func (p *Policy) Planned(s storywatch.Story, now time.Time) time.Time {
	next, _, _ := p.regular(s, now)
	return next
}
