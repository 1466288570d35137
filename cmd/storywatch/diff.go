package main

import (
	"fmt"
	"html"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/diff"
	"github.com/storywatch/storywatch/facts"
)

func init() { commands = append(commands, newDiffCmd) }

type diffJSON struct {
	URL     string              `json:"url"`
	From    int                 `json:"from"`
	To      int                 `json:"to"`
	Changes []storywatch.Change `json:"changes"`
	Diff    storywatch.TextDiff `json:"diff"`
}

func newDiffCmd(a *app) *cobra.Command {
	var from, to, context int
	var format string
	cmd := &cobra.Command{
		Use:   "diff URL [--from N] [--to M]",
		Short: "Show what changed between two versions of a story (default: the last two)",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch format {
			case "text", "html", "json":
			default:
				return usagef("--format %q: want text, html or json", format)
			}
			ctx := cmd.Context()
			db, s, err := a.openStory(ctx, args[0])
			if err != nil {
				return err
			}
			if s.Versions == 0 {
				return usagef("%s has no versions yet (run check first)", s.URL)
			}
			if to == 0 {
				to = s.Versions
			}
			if from == 0 {
				from = max(to-1, 1)
			}
			for _, n := range []int{from, to} {
				if n < 1 || n > s.Versions {
					return usagef("%s has versions 1 to %d, not %d", s.URL, s.Versions, n)
				}
			}
			prev, pf, err := db.Version(ctx, s.ID, from)
			if err != nil {
				return fmt.Errorf("version %d: %w", from, err)
			}
			cur, cf, err := db.Version(ctx, s.ID, to)
			if err != nil {
				return fmt.Errorf("version %d: %w", to, err)
			}
			d := diff.Versions(prev, cur)
			changes := facts.CompareFacts(prev, cur, pf, cf)
			for i := range changes {
				changes[i].FromVersion, changes[i].ToVersion, changes[i].At = storywatch.Ptr(from), to, cur.FetchedAt
			}
			if changes == nil {
				changes = []storywatch.Change{}
			}
			opt := diff.RenderOptions{Context: context}
			switch format {
			case "json":
				return writeJSON(a.stdout, diffJSON{s.URL, from, to, changes, d}, true)
			case "html":
				return writeDiffHTML(a.stdout, s, prev, cur, changes, d, opt)
			}
			opt.Color = colorOK(a.stdout)
			fmt.Fprintf(a.stdout, "--- v%d  %s  %s\n+++ v%d  %s  %s\n", prev.N, prev.FetchedAt.Local().Format(time.DateTime), prev.Headline,
				cur.N, cur.FetchedAt.Local().Format(time.DateTime), cur.Headline)
			for _, c := range changes {
				fmt.Fprintf(a.stdout, "* %s\n", c.Summary)
			}
			fmt.Fprintln(a.stdout)
			return diff.RenderText(a.stdout, d, opt)
		},
	}
	cmd.Flags().IntVar(&from, "from", 0, "older version number (default: the one before --to)")
	cmd.Flags().IntVar(&to, "to", 0, "newer version number (default: the latest)")
	cmd.Flags().StringVar(&format, "format", "text", "text, html or json")
	cmd.Flags().IntVar(&context, "context", 1, "unchanged paragraphs shown around changes (-1: all)")
	return cmd
}

// colorOK: ANSI colour only on a terminal, and never with NO_COLOR set.
func colorOK(w io.Writer) bool {
	if _, set := os.LookupEnv("NO_COLOR"); set {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func writeDiffHTML(w io.Writer, s storywatch.Story, prev, cur storywatch.Version, changes []storywatch.Change, d storywatch.TextDiff, opt diff.RenderOptions) error {
	esc := html.EscapeString
	fmt.Fprintf(w, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>%s: v%d → v%d</title>
<style>body{font:16px/1.5 Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em}
del{background:#fdd;color:#900}ins{background:#dfd;color:#060;text-decoration:none}
.meta{color:#555;font:14px sans-serif}ul.changes{font:15px sans-serif}</style></head><body>
<p class="meta"><a href="%s">%s</a><br>v%d %s → v%d %s</p>
`, esc(cur.Headline), prev.N, cur.N, esc(s.URL), esc(s.URL), prev.N, prev.FetchedAt.Format(time.RFC3339), cur.N, cur.FetchedAt.Format(time.RFC3339))
	if len(changes) > 0 {
		fmt.Fprintln(w, `<ul class="changes">`)
		for _, c := range changes {
			fmt.Fprintf(w, "<li>%s</li>\n", esc(c.Summary))
		}
		fmt.Fprintln(w, "</ul>")
	}
	if err := diff.RenderHTML(w, d, opt); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "</body></html>")
	return err
}
