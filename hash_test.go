package storywatch_test

import (
	"testing"
	"time"

	"github.com/storywatch/storywatch"
)

func TestTextHash(t *testing.T) {
	base := storywatch.Version{Headline: "Attack near parliament", Standfirst: "Four dead",
		Paragraphs: []string{"Police said the attacker's car hit pedestrians — at least 40 injured."}}
	h := base.TextHash()
	if len(h) != 16 {
		t.Fatalf("TextHash = %q, want 16 hex digits", h)
	}
	same := []struct {
		name string
		edit func(v *storywatch.Version)
	}{
		{"curly quotes and dashes", func(v *storywatch.Version) {
			v.Paragraphs = []string{"Police said the attacker\u2019s car hit pedestrians \u2013 at least 40 injured."}
		}},
		{"metadata", func(v *storywatch.Version) {
			v.Meta = storywatch.Meta{UpdatedLine: "Updated 3 minutes ago", Modified: storywatch.Ptr(time.Now())}
			v.HTML = []byte("<html></html>")
		}},
	}
	for _, s := range same {
		v := base
		s.edit(&v)
		if got := v.TextHash(); got != h {
			t.Errorf("%s: TextHash = %s, want %s", s.name, got, h)
		}
	}
	differ := []struct {
		name string
		edit func(v *storywatch.Version)
	}{
		{"headline", func(v *storywatch.Version) { v.Headline += "!" }},
		{"standfirst", func(v *storywatch.Version) { v.Standfirst = "Five dead" }},
		{"paragraph moved into the headline", func(v *storywatch.Version) {
			v.Headline, v.Standfirst = v.Headline+"\n\nFour dead", ""
		}},
		{"entry", func(v *storywatch.Version) {
			v.Entries = []storywatch.Entry{{Paragraphs: []string{"Update."}}}
		}},
	}
	for _, d := range differ {
		v := base
		d.edit(&v)
		if got := v.TextHash(); got == h {
			t.Errorf("%s: TextHash unchanged (%s)", d.name, got)
		}
	}
}
