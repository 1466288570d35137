package tracker

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/storywatch/storywatch"
)

// Normalize cleans a version's text parts for storage: Unicode NFC and
// collapsed whitespace. Typography is kept; Hash folds it.
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

// typography folds quote and dash variants, so a switch between straight
// and curly quotes is not an edit.
var typography = strings.NewReplacer(
	"\u2018", "'", "\u2019", "'", "\u201a", "'", "\u201b", "'", "\u2032", "'",
	"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u201f", `"`, "\u2033", `"`, "\u00ab", `"`, "\u00bb", `"`,
	"\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-", "\u2014", "-", "\u2015", "-", "\u2212", "-",
	"\u2026", "...",
)

// Hash identifies a version's text: headline, standfirst, paragraphs and
// entries, normalized. Metadata (updated line, dateModified) is not part of
// it, so a page whose only change is its timestamp makes no new version.
func Hash(v storywatch.Version) string {
	h := sha256.New()
	write := func(s string) {
		h.Write([]byte(typography.Replace(s)))
		h.Write([]byte{0})
	}
	write(v.Headline)
	write(v.Text())
	// 64 bits: the hash only tells apart the versions of one story (a check
	// compares it with the latest, a revert looks it up among the story's
	// own), where a collision has odds of about n²/2⁶⁵ for n versions; it is
	// stored with every version, and each byte of it is paid every time.
	return hex.EncodeToString(h.Sum(nil)[:8])
}
