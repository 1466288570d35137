package storywatch

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// typography folds quote and dash variants, so a switch between straight
// and curly quotes is not an edit.
var typography = strings.NewReplacer(
	"\u2018", "'", "\u2019", "'", "\u201a", "'", "\u201b", "'", "\u2032", "'",
	"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u201f", `"`, "\u2033", `"`, "\u00ab", `"`, "\u00bb", `"`,
	"\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-", "\u2014", "-", "\u2015", "-", "\u2212", "-",
	"\u2026", "...",
)

// TextHash identifies a version's text: headline, standfirst, paragraphs
// and entries, typography folded. Metadata (updated line, dateModified) is
// not part of it, so a page whose only change is its timestamp makes no new
// version. It is what Version.Hash holds; the store recomputes it from the
// text it reads back rather than keeping it.
func (v Version) TextHash() string {
	h := sha256.New()
	write := func(s string) {
		h.Write([]byte(typography.Replace(s)))
		h.Write([]byte{0})
	}
	write(v.Headline)
	write(v.Text())
	// 64 bits: the hash only tells apart the versions of one story (a check
	// compares it with the latest, a revert looks it up among the story's
	// own), where a collision has odds of about n²/2⁶⁵ for n versions.
	return hex.EncodeToString(h.Sum(nil)[:8])
}
