package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/config"
	"github.com/storywatch/storywatch/store"
)

func init() { commands = append(commands, newAddCmd, newRemoveCmd) }

func newAddCmd(a *app) *cobra.Command {
	var event, schedule, selector string
	cmd := &cobra.Command{
		Use:   "add URL... | -",
		Short: "Track story URLs (never fetches; - reads one URL per line from stdin)",
		Args:  usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			urls, err := collectURLs(args, a.stdin)
			if err != nil {
				return err
			}
			if schedule != "" {
				if err := validSpec(schedule); err != nil {
					return usagef("--schedule %q: %w", schedule, err)
				}
			}
			list := make([]store.NewStory, len(urls))
			for i, u := range urls {
				list[i] = store.NewStory{URL: u, Event: event, Schedule: schedule, Selector: selector, Source: storywatch.SourceCLI}
			}
			db, err := a.store(cmd.Context())
			if err != nil {
				return err
			}
			res, err := db.AddStories(cmd.Context(), list)
			if err != nil {
				return fmt.Errorf("add: %w", err)
			}
			for _, r := range res {
				switch {
				case r.Added:
					fmt.Fprintln(a.stdout, "added", r.URL)
				case r.Reactivated:
					fmt.Fprintln(a.stdout, "reactivated", r.URL)
				case r.Updated:
					fmt.Fprintln(a.stdout, "updated", r.URL)
				default:
					fmt.Fprintln(a.stdout, "already tracked", r.URL)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&event, "event", "", "group the stories under an event label")
	cmd.Flags().StringVar(&schedule, "schedule", "", `check schedule: "adaptive" or a cron spec such as "*/10 * * * *" or "@every 15m"`)
	cmd.Flags().StringVar(&selector, "selector", "", "CSS selector of the article body, for pages the extractor gets wrong")
	return cmd
}

// collectURLs reads the arguments and, for "-", stdin; every URL is
// validated before anything is written, and the first bad one is named.
func collectURLs(args []string, stdin io.Reader) ([]string, error) {
	var urls []string
	seen := map[string]bool{}
	add := func(where, u string) error {
		if err := config.ValidateURL(u); err != nil {
			return usagef("%s%w", where, err)
		}
		if !seen[u] {
			seen[u] = true
			urls = append(urls, u)
		}
		return nil
	}
	for _, arg := range args {
		if arg != "-" {
			if err := add("", arg); err != nil {
				return nil, err
			}
			continue
		}
		sc := bufio.NewScanner(stdin)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		line := 0
		for sc.Scan() {
			line++
			u := strings.TrimSpace(sc.Text())
			if u == "" || strings.HasPrefix(u, "#") {
				continue
			}
			if err := add(fmt.Sprintf("stdin line %d: ", line), u); err != nil {
				return nil, err
			}
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("read stdin: %w", err)
		}
	}
	if len(urls) == 0 {
		return nil, usagef("no URL given")
	}
	return urls, nil
}

func newRemoveCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "remove URL...",
		Short: "Stop tracking stories (history is kept; add reactivates)",
		Args:  usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := a.store(ctx)
			if err != nil {
				return err
			}
			// Check every URL before retiring any, so a bad list changes nothing.
			for _, u := range args {
				s, err := db.Story(ctx, u)
				if errors.Is(err, storywatch.ErrNotFound) {
					return usagef("%s is not tracked", u)
				}
				if err != nil {
					return err
				}
				if s.Source == storywatch.SourceConfig && s.State != storywatch.StateStopped {
					return usagef("%s is declared in %s:%d; remove it from the config file", u, a.cfg.Path, s.ConfigLine)
				}
			}
			for _, u := range args {
				s, err := db.Story(ctx, u)
				if err != nil {
					return err
				}
				if err := db.RemoveStory(ctx, s.URL); err != nil {
					return fmt.Errorf("remove %s: %w", u, err)
				}
				fmt.Fprintln(a.stdout, "removed", s.URL)
			}
			return nil
		},
	}
}
