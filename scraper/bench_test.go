package scraper

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/internal/extracteval"
)

// benchDataDir is where the public article-extraction benchmark lives; the
// data stays outside the repository.
func benchDataDir(tb testing.TB) string {
	dir := os.Getenv("STORYWATCH_BENCH_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "bench-data", "article-extraction")
	}
	if _, err := os.Stat(filepath.Join(dir, "ground-truth.json")); err != nil {
		tb.Skipf("article-extraction benchmark not found at %s (set STORYWATCH_BENCH_DATA): %v", dir, err)
	}
	return dir
}

func benchExtract(page []byte, url string) (string, error) {
	x, err := Extract(page, storywatch.ExtractHint{URL: url}, nil)
	if err != nil {
		return "", err
	}
	// The benchmark scores the article body; the standfirst is a part of
	// its own, like the headline.
	v := x.Version
	v.Standfirst = ""
	return v.Text(), nil
}

// TestExtractionQuality holds the extractor to the quality target on the
// public benchmark: F1 >= 0.96 with precision >= 0.95.
func TestExtractionQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 181 pages")
	}
	dir := benchDataDir(t)
	res, err := extracteval.Run(dir, benchExtract)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("F1=%.4f precision=%.4f recall=%.4f accuracy=%.3f pages=%d", res.F1, res.Precision, res.Recall, res.Accuracy, len(res.Pages))
	if os.Getenv("STORYWATCH_BENCH_VERBOSE") != "" {
		for _, p := range res.Pages {
			if p.F1 < 0.9 {
				t.Logf("%s P=%.3f R=%.3f F1=%.3f %s", p.ID[:12], p.Precision, p.Recall, p.F1, p.URL)
			}
		}
	}
	if res.F1 < 0.96 || res.Precision < 0.95 {
		t.Errorf("extraction quality below target: F1=%.4f (want >= 0.96), precision=%.4f (want >= 0.95)", res.F1, res.Precision)
	}
}

// TestRegionsOnBenchmark runs the fast path on real pages: most pages must
// learn a region, the unchanged page must be recognised from it, and
// re-extraction from the region must give the full extraction's version.
func TestRegionsOnBenchmark(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: 181 pages")
	}
	items, err := extracteval.Load(benchDataDir(t))
	if err != nil {
		t.Fatal(err)
	}
	learned := 0
	for _, it := range items {
		hint := storywatch.ExtractHint{URL: it.URL}
		x, err := Extract(it.HTML, hint, nil)
		if err != nil {
			t.Fatalf("%s: %v", it.ID, err)
		}
		if x.Region == "" {
			continue
		}
		learned++
		hint.Region, hint.Fingerprint = x.Region, x.Fingerprint
		if u, _ := Extract(it.HTML, hint, nil); !u.Unchanged {
			t.Errorf("%s: same page not unchanged from region %s", it.ID[:12], x.Region)
		}
		hint.Fingerprint = "stale"
		y, _ := Extract(it.HTML, hint, nil)
		if y.Full || y.Version.Headline != x.Version.Headline || y.Version.Text() != x.Version.Text() {
			t.Errorf("%s: re-extraction from region %s differs from the full extraction", it.ID[:12], x.Region)
		}
	}
	t.Logf("%d of %d pages learned a region", learned, len(items))
	if learned*100 < len(items)*95 {
		t.Errorf("only %d of %d pages learned a region (want >= 95%%)", learned, len(items))
	}
}
