// Package schedule decides when a story is checked next (adaptive tiers by
// story age, cron specs, jitter, error backoff) and runs the loop that
// claims due stories from the store and hands them to a bounded worker
// pool. The store is the schedule: nothing here survives only in memory.
package schedule

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Adaptive is the spec of the default policy: dense checks while a story is
// young or has just changed, thinning as it goes quiet, then stopping.
const Adaptive = "adaptive"

// parser is the one cron parser of the program: 5-field standard specs and
// descriptors (@hourly, @every 15m). Config validation, `add` and the loop
// all go through ParseSpec so they can never disagree.
var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Spec is a parsed schedule spec: either the adaptive policy or a cron
// schedule.
type Spec struct {
	Text     string
	Adaptive bool
	Cron     cron.Schedule // nil when Adaptive
}

// ParseSpec parses "adaptive", a 5-field cron spec or a descriptor. Specs
// without CRON_TZ= (or TZ=) are read in UTC, not the machine's zone, so the
// same config means the same times everywhere.
func ParseSpec(spec string) (Spec, error) {
	text := strings.TrimSpace(spec)
	if text == "" {
		return Spec{}, errors.New("empty schedule spec")
	}
	if text == Adaptive {
		return Spec{Text: text, Adaptive: true}, nil
	}
	sched, err := parseCron(text)
	if err != nil {
		return Spec{}, fmt.Errorf("schedule %q: %w", spec, err)
	}
	// A spec that never fires (30 February) would leave a story due never;
	// cron returns the zero time after searching five years.
	if sched.Next(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		return Spec{}, fmt.Errorf("schedule %q: never fires", spec)
	}
	return Spec{Text: text, Cron: sched}, nil
}

// ValidSpec reports whether spec parses; its shape fits config.Options.ValidSpec.
func ValidSpec(spec string) error {
	_, err := ParseSpec(spec)
	return err
}

func parseCron(text string) (s cron.Schedule, err error) {
	// robfig/cron v3.0.1 slices out of range on "TZ=UTC" with no following
	// field (#470, #554); reject that shape here and recover anyway in case
	// another malformed spec reaches a similar path.
	if strings.HasPrefix(text, "TZ=") || strings.HasPrefix(text, "CRON_TZ=") {
		if !strings.ContainsAny(text, " \t") {
			return nil, errors.New("time zone prefix must be followed by a space and a spec")
		}
		// Normalise tabs: the parser only looks for a space after the zone.
		zone, rest, _ := strings.Cut(strings.Replace(text, "\t", " ", 1), " ")
		text = zone + " " + strings.TrimSpace(rest)
	} else {
		text = "CRON_TZ=UTC " + text
	}
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("unparsable spec: %v", r)
		}
	}()
	return parser.Parse(text)
}

// Next returns the first fire time of a cron spec after t. Unlike
// robfig/cron, a time that falls in the hour skipped when clocks spring
// forward is not dropped (cron #541: a daily 01:30 job would silently miss
// a day): it fires once the clocks have moved on, as ISC cron does. In the
// repeated autumn hour robfig/cron fires twice; for re-checking a page that
// is one harmless extra check, so it is left alone.
func (s Spec) Next(t time.Time) time.Time {
	next := s.Cron.Next(t)
	spec, ok := s.Cron.(*cron.SpecSchedule)
	if !ok || spec.Location == nil {
		return next
	}
	_, before := t.In(spec.Location).Zone()
	fixed := *spec
	fixed.Location = time.FixedZone("", before)
	alt := fixed.Next(t)
	if alt.IsZero() || (!next.IsZero() && !alt.Before(next)) {
		return next
	}
	// Take the fixed-offset time only when the clocks moved forward
	// between t and it: when they moved back it is an hour early.
	if _, after := alt.In(spec.Location).Zone(); after > before {
		return alt.In(t.Location())
	}
	return next
}
