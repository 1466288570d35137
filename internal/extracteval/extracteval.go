// Package extracteval scores an article extractor on the public
// article-extraction benchmark (scrapinghub/article-extraction-benchmark
// layout: ground-truth.json and html/<id>.html.gz). The metric is the one
// of the benchmark's evaluate.py: per page, 4-token shingles of the
// predicted and true articleBody give tp/fp/fn normalised by their sum;
// precision and recall are averaged over pages, F1 is their harmonic mean.
package extracteval

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// ExtractFunc returns the article body text of one page.
type ExtractFunc func(html []byte, url string) (string, error)

// Page is the score of one page.
type Page struct {
	ID        string
	URL       string
	TP        float64 // normalised like evaluate.py: tp+fp+fn = 1
	FP        float64
	FN        float64
	Precision float64
	Recall    float64
	F1        float64
	Exact     bool  // same token list (evaluate.py's accuracy)
	Err       error // the extractor's error; the page then counts as empty
}

// Result is the score of a whole run.
type Result struct {
	F1        float64
	Precision float64
	Recall    float64
	Accuracy  float64 // share of pages whose tokens match exactly
	Pages     []Page  // sorted by ID
}

// Item is one benchmark page.
type Item struct {
	ID   string
	URL  string
	Body string // the true articleBody
	HTML []byte
}

// Load reads the dataset in dir.
func Load(dir string) ([]Item, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, fmt.Errorf("load benchmark: %w", err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		return nil, fmt.Errorf("load benchmark: ground-truth.json: %w", err)
	}
	items := make([]Item, 0, len(gt))
	for id, v := range gt {
		html, err := readGzip(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			return nil, fmt.Errorf("load benchmark: %w", err)
		}
		items = append(items, Item{ID: id, URL: v.URL, Body: v.ArticleBody, HTML: html})
	}
	slices.SortFunc(items, func(a, b Item) int { return strings.Compare(a.ID, b.ID) })
	return items, nil
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var b bytes.Buffer
	if _, err := io.Copy(&b, zr); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b.Bytes(), nil
}

// Run loads the dataset in dir and scores extract on every page.
func Run(dir string, extract ExtractFunc) (Result, error) {
	items, err := Load(dir)
	if err != nil {
		return Result{}, err
	}
	return Score(items, extract), nil
}

// Score scores extract on items.
func Score(items []Item, extract ExtractFunc) Result {
	pages := make([]Page, 0, len(items))
	for _, it := range items {
		pred, err := extract(it.HTML, it.URL)
		p := ScorePage(it.Body, pred)
		p.ID, p.URL, p.Err = it.ID, it.URL, err
		pages = append(pages, p)
	}
	return Aggregate(pages)
}

// Aggregate computes the run metrics from page scores, as evaluate.py's
// metrics_from_tp_fp_fns (without the bootstrap).
func Aggregate(pages []Page) Result {
	var r Result
	var ps, rs []float64
	exact := 0
	for _, p := range pages {
		if p.TP+p.FP > 0 {
			ps = append(ps, precisionScore(p.TP, p.FP, p.FN))
		}
		if p.TP+p.FN > 0 {
			rs = append(rs, recallScore(p.TP, p.FP, p.FN))
		}
		if p.Exact {
			exact++
		}
	}
	r.Precision, r.Recall = mean(ps), mean(rs)
	if r.Precision+r.Recall > 0 {
		r.F1 = 2 * r.Precision * r.Recall / (r.Precision + r.Recall)
	}
	if len(pages) > 0 {
		r.Accuracy = float64(exact) / float64(len(pages))
	}
	r.Pages = pages
	return r
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// ScorePage compares one prediction with the truth.
func ScorePage(truth, pred string) Page {
	ts, ps := shingles(truth, 4), shingles(pred, 4)
	var tp, fp, fn float64
	for k, tc := range ts {
		pc := ps[k]
		tp += float64(min(tc, pc))
		fn += float64(max(0, tc-pc))
	}
	for k, pc := range ps {
		fp += float64(max(0, pc-ts[k]))
	}
	if s := tp + fp + fn; s > 0 {
		tp, fp, fn = tp/s, fp/s, fn/s
	}
	p := Page{TP: tp, FP: fp, FN: fn, Precision: precisionScore(tp, fp, fn), Recall: recallScore(tp, fp, fn)}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
	p.Exact = slices.Equal(Tokenize(truth), Tokenize(pred))
	return p
}

func precisionScore(tp, fp, fn float64) float64 {
	if fp == 0 && fn == 0 {
		return 1
	}
	if tp == 0 && fp == 0 {
		return 0
	}
	return tp / (tp + fp)
}

func recallScore(tp, fp, fn float64) float64 {
	if fp == 0 && fn == 0 {
		return 1
	}
	if tp == 0 && fn == 0 {
		return 0
	}
	return tp / (tp + fn)
}

// tokenRE is Python's Unicode \w+: letters, digits (all numeric
// categories) and the underscore.
var tokenRE = regexp.MustCompile(`[\p{L}\p{N}_]+`)

// Tokenize splits text like evaluate.py's _tokenize.
func Tokenize(text string) []string { return tokenRE.FindAllString(text, -1) }

// shingles counts n-token shingles; a text shorter than n tokens yields one
// short shingle, an empty text none (as evaluate.py's _ngrams).
func shingles(text string, n int) map[string]int {
	toks := Tokenize(text)
	out := map[string]int{}
	for i := 0; i < max(1, len(toks)-n+1); i++ {
		end := min(i+n, len(toks))
		if i >= end {
			break
		}
		out[strings.Join(toks[i:end], "\x00")]++
	}
	return out
}
