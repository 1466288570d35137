package diff

import (
	"fmt"
	"strings"

	"github.com/storywatch/storywatch"
)

// Thresholds of the extraction self-check.
const (
	// A version keeping less than this share of the last good version's words
	// collapsed (lost more than 60 %).
	keepShare = 0.4
	// Below this many words in the last good version the share test is
	// meaningless (a stub story may legitimately be rewritten).
	minWordsForCollapse = 40
	// A version whose words are mostly in boilerplate sentences is a consent
	// page, a paywall or an error page, unless the previous one was as well.
	boilerplateShare = 0.5
)

// boilerplate are phrases of consent walls, paywalls and script-required
// pages, matched lower-cased inside a sentence.
var boilerplate = []string{
	"cookie", "consent", "enable javascript", "javascript is disabled", "javascript is required",
	"turn on javascript", "browser is not supported", "update your browser", "ad blocker", "adblock",
	"subscribe to continue", "subscribe to read", "subscribers only", "subscriber-only", "for subscribers",
	"already a subscriber", "sign in to continue", "log in to continue", "create a free account",
	"register to continue", "to continue reading", "continue reading with", "you have reached your",
	"free articles", "article limit", "paywall", "privacy policy", "manage preferences",
	"accept all", "reject all", "we value your privacy", "personalised ads", "personalized ads",
	"our partners", "are you a robot", "verify you are human", "access denied", "captcha",
	"page not found", "temporarily unavailable",
}

// Suspect is the extraction self-check: it reports whether cur looks like
// a broken extraction or a consent/paywall page rather than an edit of
// prevGood (the last version not itself suspect), and why. Such a version
// is kept but not diffed as news. Checks, in order: the headline was lost,
// the text is empty, the text collapsed (kept < 40 % of the words), the
// text turned into boilerplate.
func Suspect(prevGood, cur storywatch.Version) (suspect bool, reason string) {
	if collapse(prevGood.Headline) != "" && collapse(cur.Headline) == "" {
		return true, "headline lost"
	}
	prevWords := CountWords(prevGood.Text())
	curText := cur.Text()
	curWords := CountWords(curText)
	if prevWords > 0 && curWords == 0 {
		return true, "text lost"
	}
	if prevWords >= minWordsForCollapse && float64(curWords) < keepShare*float64(prevWords) {
		lost := 100 - 100*curWords/prevWords
		return true, fmt.Sprintf("text collapsed: %d → %d words (−%d %%)", prevWords, curWords, lost)
	}
	if share, hit := boilerplateWords(curText); share > boilerplateShare {
		if prevShare, _ := boilerplateWords(prevGood.Text()); prevShare <= boilerplateShare {
			return true, fmt.Sprintf("text is mostly boilerplate (%q, %d %% of words)", hit, int(share*100+0.5))
		}
	}
	return false, ""
}

// boilerplateWords returns the share of words of text that sit in sentences
// containing a boilerplate phrase, and the first phrase found.
func boilerplateWords(text string) (float64, string) {
	total, bad := 0, 0
	first := ""
	for p := range strings.SplitSeq(text, "\n\n") {
		for _, s := range Sentences(p) {
			n := CountWords(s)
			total += n
			low := strings.ToLower(s)
			for _, phrase := range boilerplate {
				if strings.Contains(low, phrase) {
					bad += n
					if first == "" {
						first = phrase
					}
					break
				}
			}
		}
	}
	if total == 0 {
		return 0, ""
	}
	return float64(bad) / float64(total), first
}
