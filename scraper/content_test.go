package scraper

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// Sentences long enough to count as article paragraphs.
const (
	para1 = "The council voted on Tuesday evening to close the old mill bridge for repairs, after engineers found cracks in two of its supports."
	para2 = "Drivers will be diverted through the town centre for at least six weeks, the council said, and buses will run on a temporary timetable."
	para3 = "Residents who live on the far bank, about 300 households, will keep a footpath across the river while the work goes on."
	para4 = "The repairs are expected to cost around 1.2 million pounds, most of it paid from the regional roads fund, according to the council."
)

func TestContentParagraphs(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string
	}{
		{
			name: "page furniture around a semantic article",
			body: `<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
				<main><article><h1>Bridge to close</h1>
				<div class="share-bar"><a href="#">Share on X</a> <a href="#">Email</a></div>
				<p>` + para1 + `</p><p>` + para2 + `</p>
				<figure><img src="a.jpg"><figcaption>The bridge seen from the west bank in spring.</figcaption></figure>
				<p>` + para3 + `</p>
				<div class="newsletter-signup"><p>Get the morning briefing in your inbox every day, free of charge and without adverts.</p></div>
				</article>
				<aside class="related"><h2>Related</h2><ul><li><a href="/a">Council budget approved after a long debate</a></li><li><a href="/b">Roadworks on the high street</a></li></ul></aside></main>
				<div id="cookie-consent"><p>We use cookies to improve your experience of this site, including analytics and personalisation.</p></div>
				<footer><p>Copyright 2024 The Town Paper. All rights reserved.</p></footer>`,
			want: []string{para1, para2, para3},
		},
		{
			name: "text written straight into a div between line breaks",
			body: `<div id="wrap"><div class="col-9"><small>05/10/2018 - Published by Desk</small><br><br>` + para1 + `<br><br>` + para2 + `<br><br>` + para3 + `</div>
				<div class="col-3"><a href="/x">Weather</a> <a href="/y">Sport</a></div></div>`,
			want: []string{"05/10/2018 - Published by Desk", para1, para2, para3},
		},
		{
			name: "layout word on the wrapper that holds the article",
			body: `<div class="page-with-right-rail"><div class="story"><p>` + para1 + `</p><p>` + para2 + `</p><p>` + para3 + `</p></div></div>
				<div class="right-rail"><p><a href="/m">Most read: the ten best walks in the county this autumn</a></p></div>`,
			want: []string{para1, para2, para3},
		},
		{
			name: "article split into same-class blocks by an ad rail",
			body: `<article><div class="chunks">
				<div class="row"><div class="article-body"><p>` + para1 + `</p><p>` + para2 + `</p></div><div class="ad-rail"><div class="ad">Advertisement</div></div></div>
				<div class="row"><div class="article-body"><p>` + para3 + `</p><p>` + para4 + `</p></div><div class="ad-rail"><div class="ad">Advertisement</div></div></div>
				</div></article>`,
			want: []string{para1, para2, para3, para4},
		},
		{
			name: "teaser list next to the article",
			body: `<div class="col"><article class="post"><p>` + para1 + `</p><p>` + para2 + `</p></article>
				<section class="more"><article><h3><a href="/1">Another story about the bridge and its long history</a></h3><p>Teaser text of another story that is long enough to look like a paragraph.</p></article>
				<article><h3><a href="/2">Yet another story about the town</a></h3><p>A second teaser text of another story that is long enough to score as well.</p></article></section></div>`,
			want: []string{para1, para2},
		},
		{
			name: "camelCase caption and credit classes",
			body: `<div class="articleBody"><p>` + para1 + `</p><div class="inlineImage"><img src="b.jpg"><div class="imageEmbedCaption">Engineers inspect the supports of the bridge on Monday morning.</div><div class="imageEmbedCredit">Jo Bloggs | Town Paper</div></div><p>` + para2 + `</p></div>`,
			want: []string{para1, para2},
		},
		{
			name: "link list in the body is dropped, linked headlines with text are kept",
			body: `<div class="entry-content"><p>` + para1 + `</p>
				<ul><li><a href="/1">Read: how the bridge was built</a></li><li><a href="/2">Read: the council's statement</a></li><li><a href="/3">Read: diversion map</a></li></ul>
				<p>` + para2 + `</p>
				<ol><li><a href="/4">Buses change routes.</a> Three routes will run through the town centre until the bridge reopens next spring.</li>
				<li><a href="/5">Footpath stays open.</a> Pedestrians can still cross on the temporary walkway on the north side of the bridge.</li></ol></div>`,
			want: []string{para1, para2,
				"Buses change routes. Three routes will run through the town centre until the bridge reopens next spring.",
				"Footpath stays open. Pedestrians can still cross on the temporary walkway on the north side of the bridge."},
		},
		{
			name: "short furniture lines after the last paragraph",
			body: `<div class="post-content"><p>` + para1 + `</p><p>` + para2 + `</p><p>Tags</p><p>Tell us what you think</p></div>`,
			want: []string{para1, para2},
		},
		{
			name: "a list the article ends with is kept",
			body: `<div class="post-content"><p>` + para1 + `</p><p>` + para2 + `</p><p>Closures</p><p>Mon 3 June: north lane</p><p>Tue 4 June: south lane</p><p>Wed 5 June: both lanes</p><p>Thu 6 June: footpath</p></div>`,
			want: []string{para1, para2, "Closures", "Mon 3 June: north lane", "Tue 4 June: south lane", "Wed 5 June: both lanes", "Thu 6 June: footpath"},
		},
		{
			name: "no article",
			body: `<nav><a href="/">Home</a></nav><div class="menu"><a href="/a">A</a></div>`,
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<!doctype html><html><head><title>T</title></head><body>" + tt.body + "</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			got := contentParagraphs(doc, nil)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestSplitWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"newsCaption ad-slot_2", []string{"news", "caption", "ad", "slot"}},
		{"InlineImage-imageEmbedCredit", []string{"inline", "image", "image", "embed", "credit"}},
		{"zn-body__paragraph", []string{"zn", "body", "paragraph"}},
		{"HTMLBlock", []string{"htmlblock"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := splitWords(nil, tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("splitWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if !hasWord(junkWords, splitWords(nil, "story-read-next")) || hasWord(junkWords, splitWords(nil, "headline-large")) {
		t.Error("hasWord: want adjacent words joined, nothing else")
	}
}

// TestNoDateParserDeps keeps the packages whose init compiles thousands of
// regexps (go-dateparser via go-htmldate and go-trafilatura, ~1.5 s per
// process start) out of the scraper. Measured with
// `GODEBUG=inittrace=1 storywatch version`: the scraper package's own
// init is ~5 ms (its regexps and word sets).
func TestNoDateParserDeps(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "markusmobius") {
			t.Errorf("scraper depends on %s", dep)
		}
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in, want string // want in RFC 3339, "" for no time
	}{
		{"2019-11-18T14:33:00Z", "2019-11-18T14:33:00Z"},
		{"2019-11-18T14:33:00+01:00", "2019-11-18T13:33:00Z"},
		{"2019-11-18T14:33:00.000+0000", "2019-11-18T14:33:00Z"},
		{"2019-11-18T14:33:00.123456-05:00", "2019-11-18T19:33:00.123456Z"},
		{"2019-11-18T14:33:00", "2019-11-18T14:33:00Z"},
		{"2019-11-18T14:33+02:00", "2019-11-18T12:33:00Z"},
		{"2019-11-18T14:33", "2019-11-18T14:33:00Z"},
		{"2019-11-18 14:33:00", "2019-11-18T14:33:00Z"},
		{"2019-11-18 14:33", "2019-11-18T14:33:00Z"},
		{" 2019-11-18 ", "2019-11-18T00:00:00Z"},
		{"Mon, 18 Nov 2019 14:33:00 GMT", "2019-11-18T14:33:00Z"},
		{"Mon, 18 Nov 2019 14:33:00 +0100", "2019-11-18T13:33:00Z"},
		{"Fri, 1 Nov 2019 08:00:00 -0000", "2019-11-01T08:00:00Z"},
		{"yesterday", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got := parseTime(tt.in)
		switch {
		case tt.want == "" && got != nil:
			t.Errorf("parseTime(%q) = %v, want none", tt.in, got)
		case tt.want != "" && (got == nil || got.Format(time.RFC3339Nano) != tt.want):
			t.Errorf("parseTime(%q) = %v, want %s", tt.in, got, tt.want)
		}
	}
}
