package scraper

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
	"github.com/storywatch/storywatch"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Extract extracts the article of a UTF-8 HTML page. hint.Region and
// hint.Fingerprint are what the previous extraction of the same story
// returned: when the region is found with the same fingerprint the answer
// is Extraction{Unchanged: true} without parsing the page; when it is found
// but changed, the article is re-extracted from the region alone; otherwise
// a full extraction runs and learns the region anew. A page without an
// article gives empty parts, not an error.
func Extract(page []byte, hint storywatch.ExtractHint, sites map[string]SiteRule) (storywatch.Extraction, error) {
	if hint.Region != "" && hint.Fingerprint != "" {
		if reg, err := parseRegion(hint.Region); err == nil {
			if fp, ok := reg.fingerprint(page); ok && fp == hint.Fingerprint {
				return storywatch.Extraction{Unchanged: true, Region: hint.Region, Fingerprint: fp}, nil
			}
		}
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return storywatch.Extraction{}, fmt.Errorf("extract: parse HTML: %w", err)
	}
	e := newExtractor(doc, hint, sites)
	if hint.Region != "" {
		if reg, err := parseRegion(hint.Region); err == nil {
			if root := reg.locate(doc); root != nil {
				v := e.version(root)
				fp, _ := reg.fingerprint(page)
				return storywatch.Extraction{Version: v, Region: hint.Region, Fingerprint: fp}, nil
			}
		}
	}
	return e.full(page), nil
}

// extractor holds one parsed page.
type extractor struct {
	doc   *html.Node
	body  *html.Node
	meta  pageMeta
	hint  storywatch.ExtractHint
	rule  SiteRule
	prune []cascadia.Sel
	// usedLD: the body came from the JSON-LD articleBody.
	usedLD bool
	// holder: the element the content extractor took the body from in
	// the last full extraction, the first region to try.
	holder *html.Node
}

func newExtractor(doc *html.Node, hint storywatch.ExtractHint, sites map[string]SiteRule) *extractor {
	e := &extractor{doc: doc, hint: hint, meta: readMeta(doc)}
	e.body = findAtom(doc, atom.Body)
	if e.body == nil {
		e.body = doc
	}
	if u, err := url.Parse(hint.URL); err == nil && u.Host != "" {
		host := strings.ToLower(u.Hostname())
		rule, ok := sites[host]
		if !ok {
			rule, ok = sites[strings.TrimPrefix(host, "www.")]
		}
		if ok {
			e.rule = rule
		}
	}
	for _, s := range e.rule.Remove {
		if sel, err := cascadia.Parse(s); err == nil {
			e.prune = append(e.prune, sel)
		}
	}
	return e
}

// full runs the whole extraction and learns the region.
func (e *extractor) full(page []byte) storywatch.Extraction {
	root := e.articleRoot()
	v := e.version(root)
	x := storywatch.Extraction{Version: v, Full: true}
	if reg, ok := e.learnRegion(root, v); ok {
		if fp, ok := reg.fingerprint(page); ok {
			x.Region, x.Fingerprint = reg.String(), fp
		}
	}
	return x
}

// articleRoot is the element holding the article: the per-story selector,
// the per-site rule, or the container of what the body extractor kept.
func (e *extractor) articleRoot() *html.Node {
	for _, s := range []string{e.hint.Selector, e.rule.Selector} {
		if s == "" {
			continue
		}
		if sel, err := cascadia.Parse(s); err == nil {
			if n := cascadia.Query(e.body, sel); n != nil {
				return n
			}
		}
	}
	if lb := findLiveBlog(e.body); lb != nil {
		return lb.root
	}
	return e.body
}

// selected reports whether root came from a selector, so it is rendered
// as is instead of through the body extractor.
func (e *extractor) selected(root *html.Node) bool {
	return root != e.body && (e.hint.Selector != "" || e.rule.Selector != "")
}

// version extracts the version parts from root.
func (e *extractor) version(root *html.Node) storywatch.Version {
	m := &e.meta
	v := storywatch.Version{Headline: m.headline()}
	v.Meta = storywatch.Meta{
		CanonicalURL: firstNonEmpty(m.canonical, m.ogURL),
		SiteName:     m.siteName,
		Byline:       m.byline,
		Language:     m.lang,
		Published:    m.published,
		Modified:     m.modified,
	}
	if v.Meta.CanonicalURL != "" && e.hint.URL != "" {
		if base, err := url.Parse(e.hint.URL); err == nil {
			if u, err := base.Parse(v.Meta.CanonicalURL); err == nil {
				v.Meta.CanonicalURL = u.String()
			}
		}
	}
	if m.ld != nil && m.ld.Type == "LiveBlogPosting" {
		v.Meta.LiveBlog = true
	}
	v.Meta.UpdatedLine = findUpdatedLine(e.body)
	v.Meta.Correction = findCorrection(root)
	if v.Meta.Correction == "" && root != e.body {
		v.Meta.Correction = findCorrection(e.body)
	}
	if v.Meta.Byline == "" {
		v.Meta.Byline = findByline(e.body)
	}

	if lb := findLiveBlog(root); lb != nil {
		v.Meta.LiveBlog = true
		v.Standfirst = e.standfirst(root)
		v.Entries = lb.entries(e.skipper())
		for _, p := range renderParagraphs(root, func(n *html.Node) bool { return n == lb.list || n == lb.keys || e.boiler(n) }) {
			if p != v.Headline && p != v.Standfirst && !isUpdatedLine(p) && !strings.HasPrefix(p, "By ") {
				v.Paragraphs = append(v.Paragraphs, p)
			}
		}
		return v
	}

	if root.DataAtom == atom.Script {
		// A region learned on a JSON-LD-only page.
	} else if e.selected(root) {
		v.Paragraphs = renderParagraphs(root, e.skipper())
	} else {
		v.Paragraphs = e.bodyParagraphs(root)
	}
	v.Paragraphs = dropMetaLines(v.Paragraphs, v.Headline, v.Meta.Byline)
	v.Paragraphs = dropOwnURL(v.Paragraphs, e.hint.URL, v.Meta.CanonicalURL)
	if m.ld != nil && m.ld.Body != "" && (coverage(m.ld.Body, v.Paragraphs) < 0.5 ||
		len(v.Paragraphs) == 1 && strings.Contains(m.ld.Body, "\n") && coverage(m.ld.Body, v.Paragraphs) > 0.9) {
		// The markup hides the body (script-rendered page); the JSON-LD
		// articleBody is then the article.
		v.Paragraphs = splitParagraphs(m.ld.Body)
		e.usedLD = true
	}
	if textLen(v.Paragraphs) < 20 && len(v.Paragraphs) <= 1 {
		// A stray menu item or copyright line is not an article.
		v.Paragraphs = nil
	}
	if sf := e.standfirst(root); sf != "" {
		v.Standfirst = sf
		if len(v.Paragraphs) > 0 && v.Paragraphs[0] == sf {
			v.Paragraphs = v.Paragraphs[1:]
		}
	}
	return v
}

// bodyParagraphs runs the main-content extractor on root, with the
// per-site Remove selectors pruned.
func (e *extractor) bodyParagraphs(root *html.Node) []string {
	var extra func(*html.Node) bool
	if len(e.prune) > 0 {
		extra = func(n *html.Node) bool {
			for _, s := range e.prune {
				if s.Match(n) {
					return true
				}
			}
			return false
		}
	}
	ps, holder := extractContent(root, extra)
	if root == e.body {
		e.holder = holder
	}
	return ps
}

func (e *extractor) skipper() func(*html.Node) bool { return e.boiler }

// boiler reports page furniture inside an article container.
func (e *extractor) boiler(n *html.Node) bool {
	for _, s := range e.prune {
		if s.Match(n) {
			return true
		}
	}
	return isBoilerplate(n)
}

func findAtom(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findAtom(c, a); f != nil {
			return f
		}
	}
	return nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func textLen(ps []string) int {
	n := 0
	for _, p := range ps {
		n += len(p)
	}
	return n
}

// coverage is the share of the words of ref found in paras.
func coverage(ref string, paras []string) float64 {
	have := map[string]bool{}
	for _, p := range paras {
		for _, w := range strings.Fields(p) {
			have[w] = true
		}
	}
	words := strings.Fields(ref)
	if len(words) == 0 {
		return 1
	}
	n := 0
	for _, w := range words {
		if have[w] {
			n++
		}
	}
	return float64(n) / float64(len(words))
}

func splitParagraphs(s string) []string {
	var out []string
	for _, p := range regexp.MustCompile(`\n\s*\n|\r\n\s*\r\n`).Split(s, -1) {
		for _, line := range strings.Split(p, "\n") {
			if line = collapseSpace(line); line != "" {
				out = append(out, line)
			}
		}
	}
	return out
}

// dropMetaLines removes the headline, byline and "Updated" lines that
// extractors sometimes keep at the top of the body.
func dropMetaLines(ps []string, headline, byline string) []string {
	out := ps[:0:0]
	for i, p := range ps {
		if i < 4 && (p == headline || (byline != "" && strings.Contains(p, byline) && len(p) < len(byline)+40) || isUpdatedLine(p) || isDateLine(p)) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// dropOwnURL removes lines that are the page's own address (permalink
// and share boxes print it).
func dropOwnURL(ps []string, urls ...string) []string {
	out := ps[:0:0]
	for _, p := range ps {
		if p != "" && (p == urls[0] || p == urls[1]) {
			continue
		}
		out = append(out, p)
	}
	return out
}

var dateLineRE = regexp.MustCompile(`(?i)\b(\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\s+\d{4}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})\b`)

// isDateLine matches a short dateline such as "Dana Whitlock 14 May 2024 07:30".
func isDateLine(s string) bool {
	if len(s) >= 90 || strings.HasSuffix(s, ".") {
		return false
	}
	if dateLineRE.MatchString(s) {
		return true
	}
	// In any language: a few words around a clock time and a year.
	return len(strings.Fields(s)) <= 10 && clockRE.MatchString(s) && yearRE.MatchString(s)
}

var (
	clockRE = regexp.MustCompile(`\b\d{1,2}[:h]\d{2}\b`)
	yearRE  = regexp.MustCompile(`\b(19|20)\d{2}\b`)
)

var updatedRE = regexp.MustCompile(`(?i)^(last\s+)?(updated|modified)\b[:\s]`)

func isUpdatedLine(s string) bool { return len(s) < 120 && updatedRE.MatchString(s) }

// findUpdatedLine finds the visible "Updated …" line: a text node
// starting with the word, read with its enclosing element.
func findUpdatedLine(root *html.Node) string {
	return findLine(root, func(t string) bool { return updatedRE.MatchString(t) }, func(n *html.Node) string {
		if t := nodeText(n); isUpdatedLine(t) {
			return t
		}
		return ""
	})
}

// findLine walks text nodes and, for the first whose trimmed text passes
// start, returns accept of its nearest element (or its parent) when that
// is not empty. Starting from text nodes keeps the walk linear.
func findLine(root *html.Node, start func(string) bool, accept func(*html.Node) string) string {
	var found string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if found != "" {
			return
		}
		switch n.Type {
		case html.TextNode:
			t := strings.TrimSpace(n.Data)
			if t == "" || !start(t) || n.Parent == nil {
				return
			}
			for p, i := n.Parent, 0; p != nil && i < 2; p, i = p.Parent, i+1 {
				if r := accept(p); r != "" {
					found = r
					return
				}
			}
			return
		case html.ElementNode:
			if skipAtoms[n.DataAtom] || isHidden(n) {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return found
}

var correctionRE = regexp.MustCompile(`(?i)^(correction|clarification|editor's note|editor’s note)\b`)

// findCorrection finds a correction or clarification note: an element
// whose class says so, or a paragraph starting with the word.
func findCorrection(root *html.Node) string {
	var found string
	walkElements(root, func(n *html.Node) bool {
		if skipAtoms[n.DataAtom] {
			return true
		}
		if c := attr(n, "class") + " " + attr(n, "id"); strings.Contains(strings.ToLower(c), "correction") {
			found = nodeText(n)
			return false
		}
		return true
	})
	if found != "" {
		return found
	}
	return findLine(root, func(t string) bool { return correctionRE.MatchString(t) }, func(n *html.Node) string {
		if n.DataAtom != atom.P && n.DataAtom != atom.Div && n.DataAtom != atom.Aside {
			return ""
		}
		if t := nodeText(n); correctionRE.MatchString(t) && len(t) < 600 {
			return t
		}
		return ""
	})
}

func findByline(root *html.Node) string {
	var found string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if found != "" || (n.Type == html.ElementNode && skipAtoms[n.DataAtom]) {
			return
		}
		if n.Type == html.ElementNode {
			cls := strings.ToLower(attr(n, "class") + " " + attr(n, "rel"))
			if strings.Contains(cls, "byline") || strings.Contains(cls, "author") {
				if t := nodeText(n); t != "" && len(t) < 100 {
					found = strings.TrimPrefix(t, "By ")
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return found
}

var standfirstClass = regexp.MustCompile(`(?i)(^|[\s_-])(standfirst|dek|deck|lede|summary|subtitle|sub-headline|subheadline|article-summary|intro|strapline)([\s_-]|$)`)

// standfirst finds the visible standfirst: an element marked as such (or
// repeating the meta description) right after the headline, or under root
// when root is a known article container.
func (e *extractor) standfirst(root *html.Node) string {
	h1 := e.meta.h1Node
	desc := map[string]bool{}
	for _, d := range []string{e.meta.description, e.meta.ogDescription} {
		if d != "" {
			desc[collapseSpace(d)] = true
		}
	}
	check := func(n *html.Node) string {
		if n.Type != html.ElementNode || skipAtoms[n.DataAtom] || isHidden(n) || n.DataAtom == atom.H1 {
			return ""
		}
		t := nodeText(n)
		if t == "" || len(t) > 600 || t == e.meta.h1 {
			return ""
		}
		if standfirstClass.MatchString(attr(n, "class")) || desc[t] {
			return t
		}
		return ""
	}
	// Up to a few elements after the headline, at its level or one up.
	if h1 != nil {
		for level, start := 0, h1; level < 3 && start != nil; level, start = level+1, start.Parent {
			k := 0
			for n := start.NextSibling; n != nil && k < 4; n = n.NextSibling {
				if n.Type != html.ElementNode {
					continue
				}
				k++
				if t := check(n); t != "" {
					return t
				}
				// One level down: <div class="intro"><p>…</p></div>.
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if t := check(c); t != "" {
						return t
					}
				}
			}
		}
	}
	return ""
}

// parseEntryTime reads an entry's time element.
func parseEntryTime(n *html.Node) (*time.Time, string) {
	t := findAtom(n, atom.Time)
	if t == nil {
		return nil, ""
	}
	return parseTime(attr(t, "datetime")), nodeText(t)
}
