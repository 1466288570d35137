package scraper

import (
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what the page says about itself outside the article text.
type pageMeta struct {
	title, ogTitle, h1, ldHeadline string
	h1Node                         *html.Node
	description, ogDescription     string
	canonical, ogURL               string
	siteName, byline, lang         string
	published, modified            *time.Time
	ld                             *ldArticle
	ldScripts                      int // number of ld+json scripts, for regions
}

// ldArticle is the article object of the page's JSON-LD.
type ldArticle struct {
	Type      string
	Headline  string
	Body      string
	Published *time.Time
	Modified  *time.Time
	Author    string
	URL       string
	Publisher string
	Updates   []ldUpdate
	Script    int // index of the ld+json script it came from
}

type ldUpdate struct {
	Headline string
	Body     string
	Time     *time.Time
}

// readMeta walks the whole document once.
func readMeta(doc *html.Node) pageMeta {
	var m pageMeta
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				m.lang = attr(n, "lang")
			case atom.Title:
				if m.title == "" {
					m.title = nodeText(n)
				}
			case atom.H1:
				if m.h1Node == nil && !isHidden(n) {
					if t := nodeText(n); t != "" {
						m.h1, m.h1Node = t, n
					}
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && m.canonical == "" {
					m.canonical = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Meta:
				readMetaTag(&m, n)
			case atom.Script:
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") {
					if n.FirstChild != nil {
						if a := parseLD(n.FirstChild.Data); a != nil && (m.ld == nil || ldRank(a.Type) > ldRank(m.ld.Type)) {
							a.Script = m.ldScripts
							m.ld = a
						}
					}
					m.ldScripts++
				}
				return
			case atom.Style, atom.Noscript, atom.Template:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if m.ld != nil {
		m.ldHeadline = m.ld.Headline
		if m.ld.Published != nil {
			m.published = m.ld.Published
		}
		if m.ld.Modified != nil {
			m.modified = m.ld.Modified
		}
		if m.ld.Author != "" {
			m.byline = m.ld.Author
		}
		if m.siteName == "" {
			m.siteName = m.ld.Publisher
		}
	}
	return m
}

func readMetaTag(m *pageMeta, n *html.Node) {
	key := strings.ToLower(attr(n, "property"))
	if key == "" {
		key = strings.ToLower(attr(n, "name"))
	}
	if key == "" {
		key = strings.ToLower(attr(n, "itemprop"))
	}
	v := strings.TrimSpace(attr(n, "content"))
	if v == "" {
		return
	}
	set := func(dst *string) {
		if *dst == "" {
			*dst = v
		}
	}
	switch key {
	case "og:title":
		set(&m.ogTitle)
	case "og:url":
		set(&m.ogURL)
	case "og:site_name":
		set(&m.siteName)
	case "og:description":
		set(&m.ogDescription)
	case "description":
		set(&m.description)
	case "author", "article:author", "byl", "parsely-author", "sailthru.author":
		if !strings.HasPrefix(v, "http") {
			set(&m.byline)
		}
	case "article:published_time", "datepublished", "pubdate", "publishdate", "parsely-pub-date":
		if m.published == nil {
			m.published = parseTime(v)
		}
	case "article:modified_time", "og:updated_time", "datemodified", "last-modified":
		if m.modified == nil {
			m.modified = parseTime(v)
		}
	}
}

// timeLayouts are the machine-readable date forms of JSON-LD, meta tags
// and <time datetime>. Fractional seconds after the seconds field parse
// with any of them; a time without a zone is taken as UTC.
var timeLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700", "2006-01-02T15:04", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 MST", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
	time.RFC1123, time.RFC1123Z, "Mon, 2 Jan 2006 15:04:05 MST", "Mon, 2 Jan 2006 15:04:05 -0700",
	time.RFC850, time.ANSIC, "2006/01/02",
}

func parseTime(s string) *time.Time {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			t = t.UTC()
			return &t
		}
	}
	return nil
}

// ldRank prefers the most specific article type.
func ldRank(t string) int {
	switch t {
	case "LiveBlogPosting":
		return 5
	case "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "BackgroundNewsArticle", "OpinionNewsArticle":
		return 4
	case "Article", "BlogPosting", "Report", "ScholarlyArticle", "TechArticle":
		return 3
	case "WebPage":
		return 1
	}
	return 0
}

var ldTrailingComma = regexp.MustCompile(`,\s*([}\]])`)

// parseLD returns the best article object of one ld+json script, looking
// through arrays, @graph and mainEntity.
func parseLD(src string) *ldArticle {
	var v any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		// Tolerate the two usual CMS slips: trailing commas and raw newlines.
		fixed := ldTrailingComma.ReplaceAllString(strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(src), "$1")
		if json.Unmarshal([]byte(fixed), &v) != nil {
			return nil
		}
	}
	var best *ldArticle
	var visit func(any, int)
	visit = func(v any, depth int) {
		if depth > 6 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok {
				visit(g, depth+1)
			}
			if me, ok := x["mainEntity"]; ok {
				visit(me, depth+1)
			}
			t := ldType(x["@type"])
			if ldRank(t) >= 3 && (best == nil || ldRank(t) > ldRank(best.Type)) {
				best = ldObject(t, x)
			}
		}
	}
	visit(v, 0)
	return best
}

func ldType(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []any:
		bestT := ""
		for _, e := range t {
			if s, ok := e.(string); ok && ldRank(s) > ldRank(bestT) {
				bestT = s
			}
		}
		return bestT
	}
	return ""
}

func ldObject(t string, x map[string]any) *ldArticle {
	a := &ldArticle{
		Type:      t,
		Headline:  collapseSpace(html.UnescapeString(ldString(x["headline"]))),
		Body:      ldText(ldString(x["articleBody"])),
		Published: parseTime(ldString(x["datePublished"])),
		Modified:  parseTime(ldString(x["dateModified"])),
		Author:    ldNames(x["author"]),
		URL:       ldString(x["url"]),
		Publisher: ldNames(x["publisher"]),
	}
	if a.Headline == "" {
		a.Headline = collapseSpace(ldString(x["name"]))
	}
	if ups, ok := x["liveBlogUpdate"].([]any); ok {
		for _, u := range ups {
			if m, ok := u.(map[string]any); ok {
				a.Updates = append(a.Updates, ldUpdate{
					Headline: collapseSpace(ldString(m["headline"])),
					Body:     ldText(ldString(m["articleBody"])),
					Time:     parseTime(ldString(m["datePublished"])),
				})
			}
		}
	}
	return a
}

// ldText unescapes an articleBody, which some CMSs fill with HTML.
func ldText(s string) string {
	if strings.Contains(s, "<") {
		if n, err := html.Parse(strings.NewReader(s)); err == nil {
			return strings.Join(renderParagraphs(n, nil), "\n\n")
		}
	}
	return html.UnescapeString(s)
}

func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case []any:
		if len(x) > 0 {
			return ldString(x[0])
		}
	case map[string]any:
		if s, ok := x["@id"].(string); ok {
			return s
		}
	}
	return ""
}

func ldNames(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case map[string]any:
		return ldString(x["name"])
	case []any:
		var names []string
		for _, e := range x {
			if n := ldNames(e); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

// headline picks the displayed headline: JSON-LD, then <h1>, then og:title
// or <title> without a " - Site name" suffix.
func (m *pageMeta) headline() string {
	for _, h := range []string{m.ldHeadline, m.h1} {
		if h != "" {
			return h
		}
	}
	for _, h := range []string{m.ogTitle, m.title} {
		if h != "" {
			return stripSiteSuffix(h, m.siteName)
		}
	}
	return ""
}

var titleSeps = []string{" | ", " - ", " – ", " — ", " :: ", " · "}

func stripSiteSuffix(t, site string) string {
	t = collapseSpace(t)
	for _, sep := range titleSeps {
		i := strings.LastIndex(t, sep)
		if i <= 0 {
			continue
		}
		tail := strings.TrimSpace(t[i+len(sep):])
		if (site != "" && strings.EqualFold(tail, site)) || len(strings.Fields(tail)) <= 4 && len(tail) < len(t)/2 {
			return strings.TrimSpace(t[:i])
		}
	}
	return t
}
