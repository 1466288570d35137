package tracker

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/storywatch/storywatch"
)

// Normalize cleans a version's text parts for storage: Unicode NFC and
// collapsed whitespace. Typography is kept; Version.TextHash folds it.
func Normalize(v storywatch.Version) storywatch.Version {
	v.Headline = cleanSpace(v.Headline)
	v.Standfirst = cleanSpace(v.Standfirst)
	v.Paragraphs = cleanList(v.Paragraphs)
	if len(v.Entries) > 0 {
		entries := make([]storywatch.Entry, 0, len(v.Entries))
		for _, e := range v.Entries {
			e.TimeText = cleanSpace(e.TimeText)
			e.Title = cleanSpace(e.Title)
			e.Paragraphs = cleanList(e.Paragraphs)
			if e.TimeText == "" && e.Title == "" && len(e.Paragraphs) == 0 {
				continue
			}
			entries = append(entries, e)
		}
		v.Entries = entries
	}
	return v
}

func cleanList(ps []string) []string {
	out := ps[:0:0]
	for _, p := range ps {
		if p = cleanSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func cleanSpace(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' || r == '\ufeff' {
			if r == '\u200b' || r == '\ufeff' {
				continue
			}
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
