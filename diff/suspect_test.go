package diff

import (
	"strings"
	"testing"

	"github.com/storywatch/storywatch"
)

func TestSuspect(t *testing.T) {
	article := storywatch.Version{Headline: "Four killed in Westminster attack", Paragraphs: []string{
		strings.Repeat("Police say four people were killed and dozens injured near Parliament. ", 5),
		strings.Repeat("Witnesses described scenes of panic on Westminster Bridge. ", 4),
	}}
	edited := article
	edited.Paragraphs = append([]string{"Five people have now died, police said."}, article.Paragraphs...)
	short := article
	short.Paragraphs = []string{"Police say four people were killed."}
	noHeadline := article
	noHeadline.Headline = ""
	empty := storywatch.Version{Headline: article.Headline}
	consent := storywatch.Version{Headline: article.Headline, Paragraphs: []string{
		"We value your privacy. We and our partners use cookies to store and access information on your device.",
		"You can accept all or manage preferences at any time. Read our privacy policy.",
		"Police say four people were killed and dozens injured near Parliament on Wednesday afternoon in London.",
	}}
	js := storywatch.Version{Headline: article.Headline, Paragraphs: []string{
		"Please enable JavaScript to view this page. Your browser is not supported, so please update your browser or change its settings to continue reading this article about the attack.",
		"JavaScript is required for the interactive map and the live updates on this page, which refresh automatically.",
		"Four killed in London.",
	}}
	tiny := storywatch.Version{Headline: "Stub", Paragraphs: []string{"Police are at the scene of an incident."}}
	tinyRewritten := storywatch.Version{Headline: "Stub", Paragraphs: []string{"Shots fired."}}
	tests := []struct {
		name      string
		prev, cur storywatch.Version
		want      bool
		reason    string
	}{
		{"normal edit", article, edited, false, ""},
		{"headline lost", article, noHeadline, true, "headline lost"},
		{"text lost", article, empty, true, "text lost"},
		{"collapsed", article, short, true, "text collapsed: 87 → 6 words (−94 %)"},
		{"consent wall", article, consent, true, "mostly boilerplate"},
		{"enable javascript", article, js, true, "enable javascript"},
		{"short story rewritten", tiny, tinyRewritten, false, ""},
		{"consent both times", consent, consent, false, ""},
	}
	for _, tt := range tests {
		got, reason := Suspect(tt.prev, tt.cur)
		if got != tt.want || !strings.Contains(reason, tt.reason) {
			t.Errorf("%s: Suspect = %v, %q; want %v, %q", tt.name, got, reason, tt.want, tt.reason)
		}
	}
}
