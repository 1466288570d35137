package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/store"
)

func init() { commands = append(commands, newHistoryCmd) }

type versionJSON struct {
	N         int                 `json:"n"`
	FetchedAt time.Time           `json:"fetched_at"`
	Hash      string              `json:"hash"`
	Title     string              `json:"title"`
	Suspect   bool                `json:"suspect"`
	RevertOf  *int                `json:"revert_of"`
	Changes   []storywatch.Change `json:"changes"`
}

type historyJSON struct {
	Story    storywatch.Story   `json:"story"`
	Versions []versionJSON      `json:"versions"`
	Checks   []storywatch.Check `json:"checks"`
}

func newHistoryCmd(a *app) *cobra.Command {
	var asJSON bool
	var checks int
	cmd := &cobra.Command{
		Use:   "history URL",
		Short: "Show a story's versions and what changed in each",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, s, err := a.openStory(ctx, args[0])
			if err != nil {
				return err
			}
			infos, err := db.Versions(ctx, s.ID)
			if err != nil {
				return fmt.Errorf("versions of %s: %w", s.URL, err)
			}
			cs, err := db.Checks(ctx, s.ID, checks)
			if err != nil {
				return fmt.Errorf("checks of %s: %w", s.URL, err)
			}
			h := historyJSON{Story: s, Versions: make([]versionJSON, 0, len(infos)), Checks: cs}
			if h.Checks == nil {
				h.Checks = []storywatch.Check{}
			}
			for i := range h.Checks {
				if h.Checks[i].Changes == nil {
					h.Checks[i].Changes = []storywatch.Change{}
				}
			}
			for _, v := range infos {
				changes := v.Changes
				if changes == nil {
					changes = []storywatch.Change{}
				}
				h.Versions = append(h.Versions, versionJSON{v.N, v.FetchedAt, v.Hash, v.Title, v.Suspect, v.RevertOf, changes})
			}
			if asJSON {
				return writeJSON(a.stdout, h, true)
			}
			printHistory(a.stdout, h)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().IntVar(&checks, "checks", 50, "how many recent checks to include")
	return cmd
}

// openStory opens the store and finds the story a command is about.
func (a *app) openStory(ctx context.Context, u string) (*store.DB, storywatch.Story, error) {
	db, err := a.store(ctx)
	if err != nil {
		return nil, storywatch.Story{}, err
	}
	s, err := db.Story(ctx, u)
	if errors.Is(err, storywatch.ErrNotFound) {
		return nil, s, usagef("%s is not tracked", u)
	}
	if err != nil {
		return nil, s, fmt.Errorf("find story %s: %w", u, err)
	}
	return db, s, nil
}

func printHistory(w io.Writer, h historyJSON) {
	s := h.Story
	fmt.Fprintf(w, "%s\n  state %s, %d versions", s.URL, s.State, len(h.Versions))
	if s.LastCheckedAt != nil {
		fmt.Fprintf(w, ", last checked %s", s.LastCheckedAt.Local().Format(time.DateTime))
	}
	fmt.Fprintln(w)
	for _, v := range h.Versions {
		flags := ""
		if v.Suspect {
			flags += " [suspect]"
		}
		if v.RevertOf != nil {
			flags += fmt.Sprintf(" [revert of v%d]", *v.RevertOf)
		}
		hash := v.Hash
		if len(hash) > 10 {
			hash = hash[:10]
		}
		fmt.Fprintf(w, "v%-3d %s  %s  %s%s\n", v.N, v.FetchedAt.Local().Format(time.DateTime), hash, v.Title, flags)
		if v.N == 1 {
			fmt.Fprintln(w, "      first version")
			continue
		}
		for _, c := range v.Changes {
			fmt.Fprintf(w, "      %s\n", c.Summary)
		}
	}
}
