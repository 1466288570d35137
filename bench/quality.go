package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/internal/extracteval"
	"github.com/storywatch/storywatch/scraper"
)

// runQuality scores the extractor on the public article-extraction
// benchmark with the metric of its evaluate.py.
func runQuality(o options, t *table) error {
	if _, err := os.Stat(filepath.Join(o.data, "ground-truth.json")); err != nil {
		t.add("5", "extraction quality", fmt.Sprintf("benchmark data not found at %s (-data or STORYWATCH_BENCH_DATA)", o.data), "", "SKIP")
		return nil
	}
	items, err := extracteval.Load(o.data)
	if err != nil {
		return err
	}
	start := time.Now()
	res := extracteval.Score(items, func(page []byte, url string) (string, error) {
		x, err := scraper.Extract(page, storywatch.ExtractHint{URL: url}, nil)
		if err != nil {
			return "", err
		}
		// The benchmark's articleBody has neither headline nor standfirst.
		v := x.Version
		v.Standfirst = ""
		return v.Text(), nil
	})
	took := time.Since(start)
	t.add("5", fmt.Sprintf("extraction F1 (%d pages, %.1f ms/page)", len(res.Pages), took.Seconds()*1000/float64(max(1, len(res.Pages)))),
		fmt.Sprintf("%.4f", res.F1), "≥ 0.96", verdict(res.F1 >= 0.96))
	t.add("5", "extraction precision", fmt.Sprintf("%.4f", res.Precision), "≥ 0.95", verdict(res.Precision >= 0.95))
	t.add("5", "extraction recall", fmt.Sprintf("%.4f (accuracy %.3f)", res.Recall, res.Accuracy), "", "")
	return nil
}
