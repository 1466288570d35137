package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/schedule"
	"github.com/storywatch/storywatch/store"
)

func init() { commands = append(commands, newCheckCmd) }

func newCheckCmd(a *app) *cobra.Command {
	var all, due, asJSON bool
	var concurrency int
	cmd := &cobra.Command{
		Use:   "check (URL... | --all | --due)",
		Short: "Check stories now and record what changed",
		Long: "Check stories now. --all checks every active, quiet or failing story, ignoring its\n" +
			"schedule and backoff (robots.txt and per-host politeness still apply); --due checks only\n" +
			"the stories whose next check is due, for running from system cron instead of the daemon.",
		RunE: func(cmd *cobra.Command, args []string) error {
			modes := 0
			for _, b := range []bool{all, due, len(args) > 0} {
				if b {
					modes++
				}
			}
			if modes != 1 {
				return usagef("give story URLs, --all or --due (exactly one)")
			}
			if concurrency < 0 {
				return usagef("--concurrency must be positive")
			}
			if concurrency == 0 {
				concurrency = a.cfg.Scraper.Workers
			}
			ctx := cmd.Context()
			db, err := a.store(ctx)
			if err != nil {
				return err
			}
			var stories []storywatch.Story
			switch {
			case all:
				stories, err = db.Stories(ctx, store.StoryFilter{States: checkable})
			case due:
				stories, err = schedule.ClaimAllDue(ctx, db, time.Now(), fmt.Sprintf("cli-%d", os.Getpid()), 30*time.Minute, 500)
			default:
				stories, err = lookupStories(ctx, db, args)
			}
			if err != nil {
				return err
			}
			return a.checkStories(ctx, db, stories, concurrency, asJSON)
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "check every active, quiet or failing story now")
	cmd.Flags().BoolVar(&due, "due", false, "check only stories that are due")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON check object per line")
	cmd.Flags().IntVar(&concurrency, "concurrency", 0, "checks in flight at once (default scraper.workers)")
	return cmd
}

var checkable = []storywatch.StoryState{storywatch.StateActive, storywatch.StateQuiet, storywatch.StateFailing}

func lookupStories(ctx context.Context, db *store.DB, urls []string) ([]storywatch.Story, error) {
	stories := make([]storywatch.Story, 0, len(urls))
	for _, u := range urls {
		s, err := db.Story(ctx, u)
		if errors.Is(err, storywatch.ErrNotFound) {
			return nil, usagef("%s is not tracked (add it first)", u)
		}
		if err != nil {
			return nil, err
		}
		stories = append(stories, s)
	}
	return stories, nil
}

// checkStories runs the checks concurrently and prints results in input order.
func (a *app) checkStories(ctx context.Context, db *store.DB, stories []storywatch.Story, concurrency int, asJSON bool) error {
	tr := a.newTracker(db)
	type result struct {
		check storywatch.Check
		err   error
	}
	results := make([]chan result, len(stories))
	for i := range results {
		results[i] = make(chan result, 1)
	}
	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	go func() {
		for i, s := range stories {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				results[i] <- result{err: ctx.Err()}
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				c, err := tr.Check(ctx, s)
				results[i] <- result{c, err}
			}()
		}
	}()
	var failed error
	for i, ch := range results {
		r := <-ch
		if r.err != nil {
			if failed == nil {
				failed = r.err
			}
			a.log.Error("check failed", "url", stories[i].URL, "err", r.err)
			continue
		}
		if asJSON {
			if r.check.Changes == nil {
				r.check.Changes = []storywatch.Change{}
			}
			if err := writeJSON(a.stdout, r.check, false); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintln(a.stdout, checkLine(r.check))
	}
	wg.Wait()
	if failed != nil {
		return fmt.Errorf("check run failed: %w", failed)
	}
	return nil
}

// checkLine is "URL outcome [vN] summary".
func checkLine(c storywatch.Check) string {
	var b strings.Builder
	b.WriteString(c.URL)
	b.WriteByte(' ')
	b.WriteString(string(c.Outcome))
	if c.Version != nil {
		fmt.Fprintf(&b, " v%d", *c.Version)
	}
	if s := checkSummary(c); s != "" {
		b.WriteByte(' ')
		b.WriteString(s)
	}
	return b.String()
}

func checkSummary(c storywatch.Check) string {
	if c.Error != nil {
		if c.HTTPStatus != 0 {
			return fmt.Sprintf("%s (HTTP %d): %s", c.Error.Class, c.HTTPStatus, c.Error.Message)
		}
		return c.Error.Class + ": " + c.Error.Message
	}
	if c.Outcome == storywatch.OutcomeChanged && c.Version != nil && *c.Version == 1 {
		return "first version"
	}
	return changeSummaries(c.Changes)
}

// changeSummaries joins the news first; the text change summary goes last.
func changeSummaries(changes []storywatch.Change) string {
	var parts []string
	var text string
	for _, ch := range changes {
		if ch.Kind == storywatch.TextChanged {
			text = ch.Summary
			continue
		}
		parts = append(parts, ch.Summary)
	}
	if text != "" {
		parts = append(parts, text)
	}
	return strings.Join(parts, "; ")
}
