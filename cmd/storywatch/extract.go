package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/config"
	"github.com/storywatch/storywatch/facts"
	"github.com/storywatch/storywatch/tracker"
)

func init() { commands = append(commands, newExtractCmd) }

func newExtractCmd(a *app) *cobra.Command {
	var asJSON bool
	var selector, pageURL string
	cmd := &cobra.Command{
		Use:   "extract [--json] (FILE | URL | -)",
		Short: "Extract the article and its facts from a page (never opens the store)",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			src := args[0]
			var html []byte
			var finalURL string
			switch {
			case src == "-":
				b, err := io.ReadAll(io.LimitReader(a.stdin, int64(a.cfg.Scraper.MaxBody)+1))
				if err != nil {
					return fmt.Errorf("read stdin: %w", err)
				}
				html = b
			case strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://"):
				if err := config.ValidateURL(src); err != nil {
					return usageError{err}
				}
				res, err := a.newScraper(nil).Fetch(cmd.Context(), storywatch.FetchRequest{URL: src})
				if err != nil {
					return fmt.Errorf("fetch %s: %w", src, err)
				}
				html, finalURL = res.Body, res.FinalURL
			default:
				b, err := os.ReadFile(src)
				if err != nil {
					return usagef("read %s: %w", src, unwrapPathError(err))
				}
				html = b
			}
			if int64(len(html)) > int64(a.cfg.Scraper.MaxBody) {
				return fmt.Errorf("page is larger than scraper.max_body (%s)", a.cfg.Scraper.MaxBody)
			}
			hint := storywatch.ExtractHint{URL: finalURL, Selector: selector}
			if hint.URL == "" {
				hint.URL = pageURL
			}
			ex, err := a.newScraper(nil).Extract(html, hint)
			if err != nil {
				return fmt.Errorf("extract: %w", err)
			}
			v := tracker.Normalize(ex.Version)
			if finalURL != "" {
				v.Meta.URL = finalURL
			} else {
				v.Meta.URL = ""
			}
			doc := storywatch.NewDocument(v, facts.Extract(v))
			if asJSON {
				return writeJSON(a.stdout, doc, true)
			}
			printDocument(a.stdout, doc)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the Facts JSON")
	cmd.Flags().StringVar(&selector, "selector", "", "CSS selector of the article body")
	cmd.Flags().StringVar(&pageURL, "url", "", "the page's URL, for site rules and relative links (FILE and - only)")
	return cmd
}

func printDocument(w io.Writer, d storywatch.Document) {
	var b bytes.Buffer
	if d.Title != nil {
		fmt.Fprintf(&b, "%s\n", *d.Title)
	}
	if d.Byline != nil {
		fmt.Fprintf(&b, "By %s\n", *d.Byline)
	}
	if d.Published != nil {
		fmt.Fprintf(&b, "Published %s\n", d.Published.Format("2006-01-02 15:04 MST"))
	}
	if d.Modified != nil {
		fmt.Fprintf(&b, "Modified  %s\n", d.Modified.Format("2006-01-02 15:04 MST"))
	}
	b.WriteString("\n")
	b.WriteString(d.Text)
	b.WriteString("\n")
	if len(d.Figures)+len(d.People)+len(d.Claims) > 0 {
		b.WriteString("\nFacts\n")
	}
	for _, f := range d.Figures {
		fmt.Fprintf(&b, "  %-13s %s\n", f.Kind, figureValue(f))
	}
	for _, p := range d.People {
		fmt.Fprintf(&b, "  %-13s %s\n", p.Role, personLine(p))
	}
	for _, c := range d.Claims {
		fmt.Fprintf(&b, "  %-13s %s\n", "claim", claimLine(c))
	}
	w.Write(b.Bytes())
}

func figureValue(f storywatch.Figure) string {
	num := func(p *int) string {
		if p == nil {
			return "?"
		}
		return fmt.Sprint(*p)
	}
	var s string
	switch f.Approx {
	case storywatch.Range:
		s = num(f.Min) + "–" + num(f.Max)
	case storywatch.Vague:
		s = "vague"
		if f.Min != nil || f.Max != nil {
			s += " (" + num(f.Min) + "–" + num(f.Max) + ")"
		}
	case storywatch.Exact, "":
		s = num(f.Value)
	default:
		s = strings.ReplaceAll(string(f.Approx), "_", " ") + " " + num(f.Value)
	}
	if f.AttributedTo != nil {
		s += " (" + *f.AttributedTo + ")"
	}
	if f.Hedge != nil {
		s += " [" + *f.Hedge + "]"
	}
	return s
}

func personLine(p storywatch.Person) string {
	var parts []string
	if p.Name != nil {
		parts = append(parts, *p.Name)
	} else {
		parts = append(parts, "(unnamed)")
	}
	if p.Age != nil {
		parts = append(parts, fmt.Sprint(*p.Age))
	}
	for _, s := range []*string{p.Nationality, p.Description, p.Hometown, p.Status} {
		if s != nil {
			parts = append(parts, *s)
		}
	}
	return strings.Join(parts, ", ")
}

func claimLine(c storywatch.Claim) string {
	s := strings.ReplaceAll(c.Kind, "_", " ") + ": " + c.Actor
	if c.By != nil {
		s += " (by " + *c.By + ")"
	}
	if c.Hedge != nil {
		s += " [" + *c.Hedge + "]"
	}
	return s
}
