package scraper

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/internal/newsfixture"
)

// page35K renders a fixture story padded with chrome to about 35 KB, the
// size the fast-path targets are stated for.
func page35K(tb testing.TB, version int) []byte {
	tb.Helper()
	site := newsfixture.New(newsfixture.Options{})
	defer site.Close()
	if err := site.SetVersion(newsfixture.PathWestminster, version); err != nil {
		tb.Fatal(err)
	}
	s := newTestScraper(Options{})
	defer s.Close()
	body := fetch(tb, s, site.URL()+newsfixture.PathWestminster).Body
	var pad strings.Builder
	pad.WriteString("<div class=\"more-news\"><ul>")
	for i := 0; pad.Len() < 35000-len(body); i++ {
		fmt.Fprintf(&pad, "<li><a href=\"/news/item-%d\">Council reviews parking charges in the town centre, item %d</a></li>\n", i, i)
	}
	pad.WriteString("</ul></div>")
	return bytes.Replace(body, []byte("</main>"), []byte("</main>"+pad.String()), 1)
}

// BenchmarkUnchanged: the remembered region is found with the same
// fingerprint (target <= 0.5 ms).
func BenchmarkUnchanged(b *testing.B) {
	page := page35K(b, 1)
	x, err := Extract(page, storywatch.ExtractHint{}, nil)
	if err != nil || x.Region == "" {
		b.Fatalf("no region learned: %v", err)
	}
	hint := storywatch.ExtractHint{Region: x.Region, Fingerprint: x.Fingerprint}
	b.SetBytes(int64(len(page)))
	b.ResetTimer()
	for b.Loop() {
		if y, _ := Extract(page, hint, nil); !y.Unchanged {
			b.Fatal("not unchanged")
		}
	}
}

// BenchmarkChangedRegion: the region is found but its text changed; the
// article is re-extracted from the region alone (target <= 5 ms).
func BenchmarkChangedRegion(b *testing.B) {
	x, err := Extract(page35K(b, 1), storywatch.ExtractHint{}, nil)
	if err != nil || x.Region == "" {
		b.Fatalf("no region learned: %v", err)
	}
	page := page35K(b, 2)
	hint := storywatch.ExtractHint{Region: x.Region, Fingerprint: x.Fingerprint}
	b.SetBytes(int64(len(page)))
	b.ResetTimer()
	for b.Loop() {
		if y, _ := Extract(page, hint, nil); y.Unchanged || y.Full {
			b.Fatal("not a region re-extraction")
		}
	}
}

// BenchmarkFull: a full extraction that learns the region.
func BenchmarkFull(b *testing.B) {
	page := page35K(b, 1)
	b.SetBytes(int64(len(page)))
	b.ResetTimer()
	for b.Loop() {
		Extract(page, storywatch.ExtractHint{}, nil)
	}
}
