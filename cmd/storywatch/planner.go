package main

import (
	"github.com/storywatch/storywatch/config"
	"github.com/storywatch/storywatch/schedule"
)

// validSpec validates schedule specs with the scheduler's own parser, so
// config check, add and the daemon agree on what is valid.
func validSpec(spec string) error { return schedule.ValidSpec(spec) }

// policyOptions maps the config onto the scheduler's policy.
func policyOptions(cfg config.Config) schedule.PolicyOptions {
	events := make(map[string]string, len(cfg.Events))
	for name, e := range cfg.Events {
		if e.Schedule != "" {
			events[name] = e.Schedule
		}
	}
	tiers := make([]schedule.Tier, len(cfg.Schedule.Adaptive))
	for i, t := range cfg.Schedule.Adaptive {
		tiers[i] = schedule.Tier{Until: t.Until, Every: t.Every}
	}
	return schedule.PolicyOptions{
		Default:      cfg.Schedule.Default,
		Events:       events,
		Tiers:        tiers,
		MaxBackoff:   cfg.Schedule.MaxBackoff,
		FailingAfter: cfg.Schedule.FailingAfter,
		GoneAfter:    cfg.Schedule.GoneAfter,
	}
}

// newPlanner builds the scheduling policy; the config was validated with the
// same parser, so an error here is a bug worth failing loudly on.
func newPlanner(cfg config.Config) *schedule.Policy {
	p, err := schedule.NewPolicy(policyOptions(cfg))
	if err != nil {
		panic("schedule policy from a validated config: " + err.Error())
	}
	return p
}
