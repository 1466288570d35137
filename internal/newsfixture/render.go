package newsfixture

import (
	"encoding/json"
	"fmt"
	"html"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
)

// chrome is the part of the page that changes on every request.
type chrome struct {
	n        int64
	mostRead []string
	adID     string
	csrf     string
	minutes  int64
}

var headlinesPool = []string{
	"Council approves new cycle lanes on the ring road",
	"Local bakery wins regional bread award",
	"Heatwave warning issued for the weekend",
	"Rail strike: what you need to know",
	"Library reopens after two-year refurbishment",
	"Football: late goal sends United top",
	"House prices rise for third month running",
	"Schools to get funding for new science labs",
}

func churn(n int64) chrome {
	c := chrome{n: n, adID: fmt.Sprintf("ad-%06d", (n*7919)%1000000), csrf: fmt.Sprintf("%016x", uint64(n)*0x9e3779b97f4a7c15), minutes: n%59 + 1}
	for i := range 5 {
		h := headlinesPool[(int(n)+i*3)%len(headlinesPool)]
		c.mostRead = append(c.mostRead, fmt.Sprintf("%s (%d readers)", h, 1000+((n+int64(i))*37)%9000))
	}
	return c
}

func esc(s string) string { return html.EscapeString(s) }

// head writes the document head: title with site suffix, OpenGraph,
// canonical link, and for charset pages a long inline script before the
// <meta charset> so that a 1024-byte sniffer misses it.
func head(b *strings.Builder, st Story, a Article, c chrome, ld string) {
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n")
	cs := st.Charset
	if cs == "" {
		cs = "utf-8"
	}
	if st.Charset != "" && !strings.EqualFold(st.Charset, "utf-8") {
		b.WriteString("<script>\n/* analytics bootstrap */\nwindow.dataLayer = window.dataLayer || [];\n")
		for i := range 30 {
			fmt.Fprintf(b, "window.dataLayer.push({event: 'init', slot: %d, section: 'news', build: 'fixture'});\n", i)
		}
		b.WriteString("</script>\n")
	}
	fmt.Fprintf(b, "<meta charset=\"%s\">\n", cs)
	fmt.Fprintf(b, "<title>%s - The Daily Fixture</title>\n", esc(a.Headline))
	fmt.Fprintf(b, "<meta property=\"og:title\" content=\"%s | The Daily Fixture\">\n", esc(a.Headline))
	fmt.Fprintf(b, "<meta property=\"og:site_name\" content=\"The Daily Fixture\">\n")
	fmt.Fprintf(b, "<meta property=\"og:url\" content=\"https://fixture.example%s\">\n", esc(st.Path))
	fmt.Fprintf(b, "<link rel=\"canonical\" href=\"https://fixture.example%s\">\n", esc(st.Path))
	if a.Standfirst != "" {
		fmt.Fprintf(b, "<meta name=\"description\" content=\"%s\">\n", esc(a.Standfirst))
	}
	if !a.Published.IsZero() {
		fmt.Fprintf(b, "<meta property=\"article:published_time\" content=\"%s\">\n", a.Published.UTC().Format(time.RFC3339))
	}
	fmt.Fprintf(b, "<meta name=\"csrf-token\" content=\"%s\">\n", c.csrf)
	if ld != "" {
		fmt.Fprintf(b, "<script type=\"application/ld+json\">%s</script>\n", ld)
	}
	fmt.Fprintf(b, "<script>window.__AD_SLOT__ = %q; window.__REQ__ = %d;</script>\n", c.adID, c.n)
	b.WriteString("<style>.hidden{display:none}</style>\n</head>\n")
}

func ldJSON(st Story, a Article, withBody bool) string {
	typ := "NewsArticle"
	if st.Markup == LiveBlog {
		typ = "LiveBlogPosting"
	}
	m := map[string]any{
		"@context": "https://schema.org",
		"@type":    typ,
		"headline": a.Headline,
		"url":      "https://fixture.example" + st.Path,
		"publisher": map[string]any{
			"@type": "Organization", "name": "The Daily Fixture",
		},
	}
	if !a.Published.IsZero() {
		m["datePublished"] = a.Published.UTC().Format(time.RFC3339)
	}
	mod := a.Modified
	if mod.IsZero() {
		mod = a.Published
	}
	if !mod.IsZero() {
		m["dateModified"] = mod.UTC().Format(time.RFC3339)
	}
	if a.Byline != "" {
		m["author"] = []any{map[string]any{"@type": "Person", "name": a.Byline}}
	}
	if withBody {
		body := a.Paragraphs
		if a.Standfirst != "" {
			body = append([]string{a.Standfirst}, body...)
		}
		m["articleBody"] = strings.Join(body, "\n\n")
	}
	graph := map[string]any{"@context": "https://schema.org", "@graph": []any{
		map[string]any{"@type": "WebSite", "name": "The Daily Fixture", "url": "https://fixture.example/"},
		m,
	}}
	out, _ := json.Marshal(graph)
	// Keep "</script>" out of the script element.
	return strings.ReplaceAll(string(out), "</", `<\/`)
}

func siteHeader(b *strings.Builder, c chrome, semantic bool) {
	if semantic {
		b.WriteString("<header class=\"site-header\"><a class=\"logo\" href=\"/\">The Daily Fixture</a>\n<nav><ul><li><a href=\"/news\">News</a></li><li><a href=\"/local\">Local</a></li><li><a href=\"/live\">Live</a></li><li><a href=\"/sport\">Sport</a></li></ul></nav>\n")
	} else {
		b.WriteString("<div class=\"hdr\"><div class=\"hdr-logo\"><a href=\"/\">The Daily Fixture</a></div>\n<div class=\"menu\"><a href=\"/news\">News</a> | <a href=\"/local\">Local</a> | <a href=\"/sport\">Sport</a></div>\n")
	}
	fmt.Fprintf(b, "<div class=\"ticker\">Front page updated %d minutes ago</div>\n", c.minutes)
	if semantic {
		b.WriteString("</header>\n")
	} else {
		b.WriteString("</div>\n")
	}
	fmt.Fprintf(b, "<div class=\"ad-slot\" id=\"%s\" data-ad=\"%s\">Advertisement</div>\n", c.adID, c.adID)
}

func siteFooter(b *strings.Builder, c chrome, semantic bool) {
	tag := "aside"
	if !semantic {
		tag = "div"
	}
	fmt.Fprintf(b, "<%s class=\"most-read\"><h2>Most read</h2><ol>\n", tag)
	for _, m := range c.mostRead {
		fmt.Fprintf(b, "<li><a href=\"/story/%d\">%s</a></li>\n", len(m), esc(m))
	}
	fmt.Fprintf(b, "</ol></%s>\n", tag)
	fmt.Fprintf(b, "<form class=\"newsletter\" action=\"/subscribe\" method=\"post\"><p>Get the morning briefing in your inbox.</p><input type=\"hidden\" name=\"csrf\" value=\"%s\"><input type=\"email\" name=\"email\"><button>Sign up</button></form>\n", c.csrf)
	if semantic {
		b.WriteString("<footer class=\"site-footer\"><p>© The Daily Fixture. A test site for storywatch.</p><p><a href=\"/about\">About us</a> · <a href=\"/privacy\">Privacy</a></p></footer>\n")
	} else {
		b.WriteString("<div class=\"ftr\"><span>© The Daily Fixture</span> <a href=\"/about\">About us</a></div>\n")
	}
	fmt.Fprintf(b, "<script>trackPageview(%d, %q);</script>\n</body>\n</html>\n", c.n, c.adID)
}

func fmtDate(t time.Time) string { return t.UTC().Format("2 January 2006 15:04 MST") }

// render builds the page of one version in the story's markup.
func render(st Story, a Article, c chrome) string {
	var b strings.Builder
	switch st.Markup {
	case DivSoup:
		renderDivSoup(&b, st, a, c)
	case LiveBlog:
		renderLiveBlog(&b, st, a, c)
	case JSONLDOnly:
		renderJSONLDOnly(&b, st, a, c)
	default:
		renderSemantic(&b, st, a, c)
	}
	return b.String()
}

func renderSemantic(b *strings.Builder, st Story, a Article, c chrome) {
	head(b, st, a, c, ldJSON(st, a, false))
	b.WriteString("<body class=\"article-page\">\n")
	siteHeader(b, c, true)
	b.WriteString("<main id=\"main\">\n<article class=\"story\">\n<header class=\"story-header\">\n")
	fmt.Fprintf(b, "<h1 class=\"headline\">%s</h1>\n", esc(a.Headline))
	if a.Standfirst != "" {
		fmt.Fprintf(b, "<p class=\"standfirst\">%s</p>\n", esc(a.Standfirst))
	}
	if a.Byline != "" {
		fmt.Fprintf(b, "<p class=\"byline\">By <a rel=\"author\" href=\"/authors\">%s</a></p>\n", esc(a.Byline))
	}
	if !a.Published.IsZero() {
		fmt.Fprintf(b, "<time class=\"published\" datetime=\"%s\">%s</time>\n", a.Published.UTC().Format(time.RFC3339), fmtDate(a.Published))
	}
	if a.UpdatedLine != "" {
		fmt.Fprintf(b, "<p class=\"updated\">%s</p>\n", esc(a.UpdatedLine))
	}
	b.WriteString("</header>\n<div class=\"story-body\">\n")
	for i, p := range a.Paragraphs {
		fmt.Fprintf(b, "<p>%s</p>\n", esc(p))
		if i == 2 {
			b.WriteString("<figure class=\"inline-image\"><img src=\"/img/scene.jpg\" alt=\"\"><figcaption>The scene on Wednesday afternoon. Photo: Fixture Pictures</figcaption></figure>\n")
			b.WriteString("<div class=\"related\"><h3>Read more</h3><ul><li><a href=\"/news/other\">Earlier: roads closed in the area</a></li></ul></div>\n")
		}
	}
	if a.Correction != "" {
		fmt.Fprintf(b, "<p class=\"correction\">%s</p>\n", esc(a.Correction))
	}
	b.WriteString("</div>\n<div class=\"share-tools\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Share on X</a> <a href=\"#\">Email</a></div>\n")
	b.WriteString("</article>\n</main>\n")
	siteFooter(b, c, true)
}

func renderDivSoup(b *strings.Builder, st Story, a Article, c chrome) {
	head(b, st, a, c, "")
	b.WriteString("<body>\n<div id=\"wrap\">\n")
	siteHeader(b, c, false)
	b.WriteString("<div class=\"cols\"><div class=\"col-left\">\n<div class=\"content-main\">\n")
	fmt.Fprintf(b, "<div class=\"ttl\"><span class=\"ttl-text\">%s</span></div>\n", esc(a.Headline))
	if a.Standfirst != "" {
		fmt.Fprintf(b, "<div class=\"intro\"><b>%s</b></div>\n", esc(a.Standfirst))
	}
	if a.Byline != "" || !a.Published.IsZero() {
		fmt.Fprintf(b, "<div class=\"info\"><span class=\"auth\">%s</span> <span class=\"dt\">%s</span></div>\n", esc(a.Byline), fmtDate(a.Published))
	}
	if a.UpdatedLine != "" {
		fmt.Fprintf(b, "<div class=\"upd\">%s</div>\n", esc(a.UpdatedLine))
	}
	b.WriteString("<div class=\"txt\">\n")
	for i, p := range a.Paragraphs {
		fmt.Fprintf(b, "<div class=\"para\">%s</div>\n", esc(p))
		if i == 1 {
			fmt.Fprintf(b, "<div class=\"ad-inline\" id=\"%s-inline\">Advertisement</div>\n", c.adID)
		}
	}
	if a.Correction != "" {
		fmt.Fprintf(b, "<div class=\"para\"><i>%s</i></div>\n", esc(a.Correction))
	}
	b.WriteString("</div>\n<div class=\"social-links\"><a href=\"#\">Facebook</a> <a href=\"#\">Twitter</a></div>\n</div>\n</div>\n<div class=\"col-right\">\n")
	siteFooter(b, c, false)
	// siteFooter closed body/html; the divs above are left for the parser
	// to close, as soup pages do.
}

func renderLiveBlog(b *strings.Builder, st Story, a Article, c chrome) {
	head(b, st, a, c, ldJSON(st, a, false))
	b.WriteString("<body class=\"live-page\">\n")
	siteHeader(b, c, true)
	b.WriteString("<main>\n<article class=\"live-blog\">\n")
	fmt.Fprintf(b, "<h1>%s</h1>\n", esc(a.Headline))
	if a.Standfirst != "" {
		fmt.Fprintf(b, "<p class=\"standfirst\">%s</p>\n", esc(a.Standfirst))
	}
	if a.UpdatedLine != "" {
		fmt.Fprintf(b, "<p class=\"updated\">%s</p>\n", esc(a.UpdatedLine))
	}
	if len(a.KeyPoints) > 0 {
		b.WriteString("<div class=\"key-points\"><h2>Key points</h2><ul>\n")
		for _, k := range a.KeyPoints {
			fmt.Fprintf(b, "<li>%s</li>\n", esc(k))
		}
		b.WriteString("</ul></div>\n")
	}
	b.WriteString("<div class=\"live-entries\">\n")
	entries := slices.Clone(a.Entries)
	slices.Reverse(entries) // newest first
	for i, e := range entries {
		fmt.Fprintf(b, "<div class=\"live-entry\" id=\"entry-%d\">\n<time datetime=\"%s\">%s</time>\n", len(entries)-i, e.Time.UTC().Format(time.RFC3339), e.Time.UTC().Format("15:04 MST"))
		if e.Title != "" {
			fmt.Fprintf(b, "<h3>%s</h3>\n", esc(e.Title))
		}
		for _, p := range e.Paragraphs {
			fmt.Fprintf(b, "<p>%s</p>\n", esc(p))
		}
		b.WriteString("<div class=\"share-tools\"><a href=\"#\">Share this entry</a></div>\n</div>\n")
	}
	b.WriteString("</div>\n</article>\n</main>\n")
	siteFooter(b, c, true)
}

func renderJSONLDOnly(b *strings.Builder, st Story, a Article, c chrome) {
	head(b, st, a, c, ldJSON(st, a, true))
	b.WriteString("<body>\n")
	siteHeader(b, c, true)
	fmt.Fprintf(b, "<div id=\"app\" data-story=\"%s\"><noscript>Please enable JavaScript to read this article.</noscript><div class=\"spinner\">Loading…</div></div>\n", esc(st.Path))
	siteFooter(b, c, true)
}

// encodePage encodes the page in the story's charset and returns the
// Content-Type to send.
func encodePage(page string, st Story) ([]byte, string, error) {
	if st.Charset == "" || strings.EqualFold(st.Charset, "utf-8") {
		return []byte(page), "text/html; charset=utf-8", nil
	}
	enc, err := htmlindex.Get(st.Charset)
	if err != nil {
		return nil, "", fmt.Errorf("newsfixture: charset %q: %w", st.Charset, err)
	}
	// Characters the charset lacks (©, ·) become numeric references, as
	// real sites emit them.
	out, err := encoding.HTMLEscapeUnsupported(enc.NewEncoder()).Bytes([]byte(page))
	if err != nil {
		return nil, "", fmt.Errorf("newsfixture: encode %s: %w", st.Charset, err)
	}
	ctype := "text/html"
	if st.CharsetInHeader {
		ctype += "; charset=" + st.Charset
	}
	return out, ctype, nil
}
