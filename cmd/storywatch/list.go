package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/store"
)

func init() { commands = append(commands, newListCmd) }

func newListCmd(a *app) *cobra.Command {
	var asJSON bool
	var event string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List tracked stories",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := a.store(cmd.Context())
			if err != nil {
				return err
			}
			stories, err := db.Stories(cmd.Context(), store.StoryFilter{Event: event})
			if err != nil {
				return fmt.Errorf("list stories: %w", err)
			}
			if asJSON {
				if stories == nil {
					stories = []storywatch.Story{}
				}
				return writeJSON(a.stdout, stories, true)
			}
			return printStories(a.stdout, stories)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of stories")
	cmd.Flags().StringVar(&event, "event", "", "only stories of this event")
	return cmd
}

func printStories(w io.Writer, stories []storywatch.Story) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STATE\tVERSIONS\tLAST CHECK\tURL\tTITLE")
	for _, s := range stories {
		last := "never"
		if s.LastCheckedAt != nil {
			last = s.LastCheckedAt.Local().Format(time.DateTime)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", s.State, s.Versions, last, s.URL, truncate(s.LatestTitle, 60))
	}
	return tw.Flush()
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func writeJSON(w io.Writer, v any, indent bool) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	return enc.Encode(v)
}
