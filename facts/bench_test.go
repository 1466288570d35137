package facts

import (
	"strings"
	"testing"

	"github.com/storywatch/storywatch"
)

// benchVersion is a 2,000-word article made of corpus paragraphs.
func benchVersion(tb testing.TB) storywatch.Version {
	v := storywatch.Version{Headline: "Death toll rises to 5 after explosion"}
	words := 0
	for words < 2000 {
		for _, a := range loadCorpus(tb, "dev") {
			for _, p := range a.version.Paragraphs {
				if words >= 2000 {
					break
				}
				v.Paragraphs = append(v.Paragraphs, p)
				words += len(strings.Fields(p))
			}
		}
	}
	return v
}

func BenchmarkExtract(b *testing.B) {
	v := benchVersion(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Extract(v)
	}
}
