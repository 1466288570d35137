package scraper

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Main-content extraction. The ideas are the classic ones (readability,
// boilerpipe, jusText, trafilatura): skip what can never be article text
// (by tag, ARIA role and class/id words), score paragraph-like blocks by
// their length and punctuation, let the score flow to the containers
// above them, discount containers made of links, take the best container
// and the siblings that continue it, then render it with the furniture
// inside it pruned and link lists dropped.

// nstat is what the measuring pass learns about one element.
type nstat struct {
	text   int // bytes of visible text, junk excluded
	links  int // of which inside <a>
	commas int
	paras  int // paragraph-like blocks with real text
	score  float64
	scored bool
	junk   bool
	// soft: a layout-word element (widget, rail) kept because it is full
	// of paragraphs; inside the article it is dropped unless it holds
	// most of the text.
	soft  bool
	para  bool // a paragraph-like block itself
	order int  // document order
}

type content struct {
	st    map[*html.Node]*nstat
	pool  []nstat
	paras []para
	cands []*html.Node
	total int // text of the chosen nodes
	// topScore is the score of the best candidate, before climbing to
	// the container that holds it.
	topScore float64
	seq      int
}

// para is a paragraph-like block found while measuring.
type para struct {
	n      *html.Node
	text   int
	commas int
	// inner: text written straight into a container; the container
	// itself is then the first to receive the score.
	inner bool
}

func newContent(root *html.Node) *content {
	c := &content{st: make(map[*html.Node]*nstat, 512)}
	c.measure(root, false)
	return c
}

func (c *content) stat(n *html.Node) *nstat {
	if s := c.st[n]; s != nil {
		return s
	}
	if len(c.pool) == cap(c.pool) {
		c.pool = make([]nstat, 0, 256)
	}
	c.pool = append(c.pool, nstat{})
	s := &c.pool[len(c.pool)-1]
	c.st[n] = s
	return s
}

// junkRole lists ARIA roles of page furniture.
var junkRole = map[string]bool{
	"navigation": true, "complementary": true, "contentinfo": true, "banner": true, "dialog": true,
	"alertdialog": true, "menu": true, "menubar": true, "search": true, "toolbar": true, "tablist": true,
}

// junkWords are class/id words of containers that never hold the article:
// navigation, comments, share bars, recommendations, sign-up and consent
// boxes, ads.
var junkWords = wordSet("nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "comment", "comments", "commentlist", "disqus", "respond", "replies", "share", "sharing", "sharebar", "social", "socials", "related", "recirc", "recommended", "recommendations", "morestories", "readnext", "upnext", "mostread", "mostpopular", "trending", "popular", "newsletter", "subscribe", "signup", "cookie", "cookies", "consent", "gdpr", "promo", "promotion", "outbrain", "taboola", "modal", "popup", "skip", "skiplink", "pagination", "pager", "tags", "taglist", "authorbio", "sronly", "visuallyhidden", "screenreader", "offscreen", "jumplink")

// layoutWords are class/id words of page regions and ads that usually hold
// furniture but also name wrappers of the article ("with-right-rail",
// "ad-pusher", "widget Blog"); they count only when the element is not
// full of paragraphs.
var layoutWords = wordSet("footer", "foot", "sponsor", "sponsored", "advert", "advertisement", "ads", "ad", "adslot", "adcontainer", "dfp", "affiliate", "sidebar", "sidebars", "rail", "aside", "widget", "widgets", "banner", "masthead", "overlay", "hidden", "paywall", "toolbar", "topics", "disclaimer")

// embedWords mark embedded posts (tweets and the like) quoted by the story.
var embedWords = wordSet("embed", "embedded", "tweet")

// keepWords protect containers whose class says they hold the content even
// when another word in it sounds like furniture ("content-with-sidebar").
var keepWords = wordSet("article", "articlebody", "story", "storybody", "postbody", "postcontent", "entrycontent", "main", "content", "body", "text", "hentry")

const (
	keepNode = iota
	junkNode
	layoutNode
)

// junkKind classifies an element before scoring.
func junkKind(n *html.Node) int {
	switch atomOf(n) {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Button, atom.Select,
		atom.Textarea, atom.Input, atom.Iframe, atom.Object, atom.Embed, atom.Canvas, atom.Math,
		atom.Nav, atom.Footer, atom.Dialog, atom.Menu, atom.Label, atom.Head, atom.Title,
		atom.Meta, atom.Link:
		return junkNode
	case atom.Aside:
		return layoutNode
	case atom.Html, atom.Body, atom.Main, atom.Article:
		if isHidden(n) {
			return junkNode
		}
		return keepNode
	}
	if isHidden(n) {
		return junkNode
	}
	if r := attr(n, "role"); r != "" && junkRole[strings.ToLower(r)] {
		return junkNode
	}
	if strings.EqualFold(attr(n, "itemprop"), "articleBody") {
		return keepNode
	}
	var buf [16]string
	w := classWords(buf[:0], n)
	if len(w) == 0 {
		return keepNode
	}
	if hasWord(embedWords, w) {
		// Embedded posts and quotes are part of the story even when their
		// box is called "social".
		return keepNode
	}
	switch junk, keep := hasWord(junkWords, w), hasWord(keepWords, w); {
	case junk && keep:
		// "main-nav", "article-comments", "content-sidebar": decided by
		// what the element holds.
		return layoutNode
	case junk:
		return junkNode
	case keep:
		return keepNode
	}
	if hasWord(layoutWords, w) {
		return layoutNode
	}
	return keepNode
}

// isInline reports nodes that do not break a paragraph.
func isInline(n *html.Node) bool {
	if n.Type == html.TextNode {
		return true
	}
	if n.Type != html.ElementNode {
		return false
	}
	return !blockAtoms[atomOf(n)]
}

// measure counts text under n and records paragraph-like blocks.
func (c *content) measure(n *html.Node, inLink bool) (text, links, commas int) {
	kind := keepNode
	mark := len(c.paras)
	switch n.Type {
	case html.TextNode:
		t, cm := textWeight(n.Data)
		if inLink {
			return t, t, cm
		}
		return t, 0, cm
	case html.ElementNode:
		kind = junkKind(n)
		if kind == junkNode {
			c.stat(n).junk = true
			return 0, 0, 0
		}
	case html.DocumentNode:
	default:
		return 0, 0, 0
	}
	s := c.stat(n)
	c.seq++
	s.order = c.seq
	a := atomOf(n)
	if a == atom.A {
		inLink = true
	}
	direct, directCommas := 0, 0
	hasBlock := false
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		t, l, cm := c.measure(ch, inLink)
		text += t
		links += l
		commas += cm
		if isInline(ch) {
			direct += t - l
			directCommas += cm
		} else if ch.Type == html.ElementNode && atomOf(ch) != atom.Br && atomOf(ch) != atom.Hr {
			hasBlock = true
		}
	}
	if kind == layoutNode && !c.paragraphHeavy(mark, text, links) {
		s.junk = true
		c.paras = c.paras[:mark]
		return 0, 0, 0
	}
	s.soft = kind == layoutNode
	s.text, s.links, s.commas = text, links, commas
	if n.Type != html.ElementNode {
		return
	}
	switch a {
	case atom.P, atom.Pre, atom.Td, atom.Blockquote, atom.Dd:
		if text-links >= 25 {
			c.paras = append(c.paras, para{n: n, text: text - links, commas: commas})
			s.para = true
		}
	case atom.Div, atom.Section, atom.Article, atom.Main, atom.Span, atom.Font, atom.Center, atom.Li:
		// Text written straight into a container, or between its blocks
		// (<br>-separated pages), is a paragraph too.
		if direct >= 25 && (a != atom.Span && a != atom.Font || !hasBlock && n.Parent != nil && n.Parent.Type == html.ElementNode && blockAtoms[atomOf(n.Parent)]) {
			c.paras = append(c.paras, para{n: n, text: direct, commas: directCommas, inner: true})
			s.para = true
		}
	}
	return
}

// paragraphHeavy reports a subtree with several real paragraphs (those
// recorded since mark) and few links: an article, not furniture.
func (c *content) paragraphHeavy(mark, text, links int) bool {
	k, sum := 0, 0
	for _, p := range c.paras[mark:] {
		if p.text >= 80 {
			k++
		}
		sum += p.text
	}
	return (k >= 3 || sum >= 400) && links*10 < text*3
}

// textWeight counts non-space bytes and commas (Latin, CJK, Arabic).
func textWeight(s string) (n, commas int) {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; b {
		case ' ', '\n', '\t', '\r', '\f':
		case ',':
			n++
			commas++
		default:
			n++
			// "，" U+FF0C, "、" U+3001, "،" U+060C
			if b == 0xEF && i+2 < len(s) && s[i+1] == 0xBC && s[i+2] == 0x8C ||
				b == 0xE3 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x81 ||
				b == 0xD8 && i+1 < len(s) && s[i+1] == 0x8C {
				commas++
			}
		}
	}
	return n, commas
}

func (c *content) linkDensity(n *html.Node) float64 {
	s := c.st[n]
	if s == nil || s.text == 0 {
		return 0
	}
	return float64(s.links) / float64(s.text)
}

var goodWords = wordSet("article", "articlebody", "articlecontent", "articletext", "story", "storybody", "storycontent", "post", "postbody", "postcontent", "entry", "entrycontent", "hentry", "main", "maincontent", "content", "body", "text", "bodytext", "blog", "prose", "richtext")
var badWords = wordSet("comment", "comments", "meta", "footer", "footnote", "foot", "related", "share", "social", "sidebar", "widget", "promo", "sponsor", "ad", "ads", "advert", "banner", "masthead", "media", "caption", "credit", "tags", "tool", "tools", "toolbar", "byline", "author", "header", "hero", "teaser", "card", "cards", "list", "feed", "outbrain", "scroll", "shopping", "contact", "popup", "modal", "subscribe", "newsletter")

// classWeight scores an element's class and id: article words up, furniture words down.
func classWeight(n *html.Node) float64 {
	w := 0.0
	if strings.EqualFold(attr(n, "itemprop"), "articleBody") {
		w += 50
	}
	var buf [16]string
	for _, v := range []string{attr(n, "class"), attr(n, "id")} {
		if v == "" {
			continue
		}
		words := splitWords(buf[:0], v)
		if hasWord(goodWords, words) {
			w += 25
		}
		if hasWord(badWords, words) {
			w -= 25
		}
	}
	return w
}

func tagWeight(n *html.Node) float64 {
	switch atomOf(n) {
	case atom.Div, atom.Article, atom.Main:
		return 5
	case atom.Section:
		return 3
	case atom.Pre, atom.Td, atom.Blockquote:
		return 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		return -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		return -5
	}
	return 0
}

// best lets every paragraph's weight flow to its ancestors, dampened
// with distance, and returns the best container under root.
func (c *content) best(root *html.Node) *html.Node {
	for _, p := range c.paras {
		w := 1 + float64(p.commas) + min(float64(p.text)/100, 3)
		level := 0
		start := p.n.Parent
		if p.inner {
			start = p.n
		}
		for a := start; a != nil && level < 5; a = a.Parent {
			if a.Type != html.ElementNode {
				break
			}
			s := c.stat(a)
			if !s.scored {
				s.scored = true
				s.score = tagWeight(a) + classWeight(a)
				c.cands = append(c.cands, a)
			}
			s.paras++
			switch level {
			case 0:
				s.score += w
			case 1:
				s.score += w / 2
			default:
				s.score += w / float64(level*3)
			}
			if a == root {
				break
			}
			level++
		}
	}
	var top *html.Node
	topScore := 0.0
	for _, n := range c.cands {
		if !isAncestorOrSelf(root, n) {
			continue
		}
		s := c.st[n]
		s.score *= 1 - c.linkDensity(n)
		if top == nil || s.score > topScore {
			top, topScore = n, s.score
		}
	}
	if top == nil {
		return nil
	}
	c.topScore = topScore
	// Several strong candidates under one ancestor: the article is split
	// into sections, take the ancestor.
	top = c.commonTop(top, root)
	// A parent that scores nearly as well holds more of the article.
	for top != root && top.Parent != nil && top.Parent.Type == html.ElementNode {
		p := top.Parent
		ps := c.st[p]
		if ps == nil || !ps.scored {
			break
		}
		if ps.score < c.st[top].score/3 {
			break
		}
		if ps.score > c.st[top].score {
			top = p
			continue
		}
		break
	}
	// A scored block inside top that holds nearly all of its text is the
	// article without the lines around it (updated notes, page footers).
	if d := c.dominant(top); d != nil {
		top = d
	}
	// Climb through wrappers with a single child.
	for top != root && top.Parent != nil && top.Parent.Type == html.ElementNode && elementChildren(top.Parent) == 1 && atomOf(top.Parent) != atom.Body {
		top = top.Parent
	}
	return top
}

// dominant returns the best-scored candidate strictly inside top holding
// at least 90% of top's text outside links, or nil.
func (c *content) dominant(top *html.Node) *html.Node {
	ts := c.st[top]
	need := float64(ts.text-ts.links) * 0.9
	var best *html.Node
	for _, n := range c.cands {
		if n == top {
			continue
		}
		s := c.st[n]
		if float64(s.text-s.links) < need || !isAncestorOrSelf(top, n) {
			continue
		}
		if best == nil || s.score > c.st[best].score {
			best = n
		}
	}
	return best
}

func (c *content) commonTop(top, root *html.Node) *html.Node {
	ts, tt := c.st[top].score, c.st[top].text
	var alts []*html.Node
	for _, n := range c.cands {
		// Teasers of other stories score like a section of the article
		// but hold far less text.
		if n != top && c.st[n].score >= ts*0.75 && c.st[n].text*3 >= tt && isAncestorOrSelf(root, n) {
			alts = append(alts, n)
		}
	}
	if len(alts) < 3 {
		return top
	}
	for p := top.Parent; p != nil && p != root.Parent && p.Type == html.ElementNode; p = p.Parent {
		k := 0
		for _, a := range alts {
			if isAncestorOrSelf(p, a) {
				k++
			}
		}
		if k >= 3 {
			return p
		}
	}
	return top
}

func elementChildren(n *html.Node) int {
	k := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			k++
		} else if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return 2
		}
	}
	return k
}

func firstElement(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

func isAncestorOrSelf(a, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == a {
			return true
		}
	}
	return false
}

// siblings returns top with the siblings that continue the article:
// those holding a candidate that scores near the best one (an article
// split into blocks by figures or ads) or text paragraphs with few links.
func (c *content) siblings(top *html.Node) []*html.Node {
	p := top.Parent
	if p == nil || p.Type != html.ElementNode {
		return []*html.Node{top}
	}
	// The best candidate under each sibling.
	best := map[*html.Node]float64{}
	for _, n := range c.cands {
		for a := n; a != nil && a != p; a = a.Parent {
			if a.Parent == p {
				if sc := c.st[n].score; sc > best[a] {
					best[a] = sc
				}
				break
			}
		}
	}
	threshold := max(10, c.topScore*0.2)
	cls := attr(top, "class")
	var out []*html.Node
	for s := p.FirstChild; s != nil; s = s.NextSibling {
		if s == top {
			out = append(out, s)
			continue
		}
		if s.Type != html.ElementNode {
			continue
		}
		st := c.st[s]
		if st == nil || st.junk || st.text == 0 || insideBoiler(s) || isTeaserList(s) {
			continue
		}
		bonus := 0.0
		if cls != "" && attr(s, "class") == cls {
			bonus = c.topScore * 0.2
		}
		if b, ok := best[s]; ok && b+bonus >= threshold && c.linkDensity(s) < 0.5 {
			out = append(out, s)
			continue
		}
		if atomOf(s) == atom.P || st.para {
			ld := c.linkDensity(s)
			t := st.text
			if t > 80 && ld < 0.25 || t > 0 && t <= 80 && ld == 0 && endsSentence(nodeText(s)) {
				out = append(out, s)
			}
		}
	}
	return out
}

// twins finds the blocks of an article split by ad rails or figures into
// repeated containers with the same tag and class as top that are not its
// siblings (each chunk in a grid row of its own).
func (c *content) twins(top *html.Node) []*html.Node {
	cls := attr(top, "class")
	if cls == "" || top.Parent == nil {
		return nil
	}
	a := top.Parent
	for level := 0; level < 3 && a.Parent != nil && a.Parent.Type == html.ElementNode; level++ {
		a = a.Parent
		var found []*html.Node
		var walk func(*html.Node)
		walk = func(e *html.Node) {
			for ch := e.FirstChild; ch != nil; ch = ch.NextSibling {
				if ch.Type != html.ElementNode {
					continue
				}
				st := c.st[ch]
				if st == nil || st.junk {
					continue
				}
				if ch.Data == top.Data && attr(ch, "class") == cls {
					if ch == top || st.text-st.links >= 25 && c.linkDensity(ch) < 0.5 {
						found = append(found, ch)
					}
					continue
				}
				walk(ch)
			}
		}
		walk(a)
		if len(found) > 1 {
			return found
		}
	}
	return nil
}

// mergeNodes joins two node lists in document order, dropping nodes
// inside others.
func mergeNodes(a, b []*html.Node, c *content) []*html.Node {
	all := append(slices.Clip(a), b...)
	slices.SortFunc(all, func(x, y *html.Node) int { return c.st[x].order - c.st[y].order })
	out := all[:0]
	for _, n := range all {
		if len(out) > 0 && isAncestorOrSelf(out[len(out)-1], n) {
			continue
		}
		out = append(out, n)
	}
	return out
}

// isTeaserList reports a block of links to other stories: several
// nested <article> elements or several headings that are links.
func isTeaserList(n *html.Node) bool {
	articles, linked := 0, 0
	visit(n, func(e *html.Node) bool {
		switch atomOf(e) {
		case atom.Article:
			articles++
		case atom.H2, atom.H3, atom.H4, atom.H5:
			if a := findAtom(e, atom.A); a != nil && len(nodeText(a))*2 > len(nodeText(e)) {
				linked++
			}
			return false
		}
		return articles < 2 && linked < 2
	})
	return articles >= 2 || linked >= 2
}

// visit calls f on the elements below n in document order; f returns
// false to skip an element's subtree.
func visit(n *html.Node, f func(*html.Node) bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && f(c) {
			visit(c, f)
		}
	}
}

func endsSentence(s string) bool {
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "。") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "”") || strings.HasSuffix(s, "\"")
}

// dropInside reports furniture inside the chosen container: the junk
// found while measuring, the boilerplate elements, and blocks that are
// mostly links (lists of related stories, tag clouds).
func (c *content) dropInside(n *html.Node, keep func(*html.Node) bool) bool {
	if keep(n) {
		return false
	}
	s := c.st[n]
	if s != nil && s.junk {
		return true
	}
	if (insideBoiler(n) || s != nil && s.soft) && (s == nil || s.text*2 < c.total) {
		// Furniture is small; a "read-more" wrapper holding most of the
		// text is the article itself.
		return true
	}
	if s == nil || s.text == 0 {
		return false
	}
	if s.text*3 < c.total && isTeaserList(n) {
		return true
	}
	switch atomOf(n) {
	case atom.Ul, atom.Ol, atom.Dl, atom.Li:
		// Lists of links are related stories; items that are a linked
		// headline with a sentence after it are article text.
		ld := float64(s.links) / float64(s.text)
		if ld > 0.7 || ld > 0.3 && s.text < 200 && s.commas == 0 && atomOf(n) != atom.Li {
			return true
		}
	case atom.Div, atom.Section, atom.Table, atom.Header:
		ld := float64(s.links) / float64(s.text)
		if ld > 0.5 || ld > 0.25 && s.text < 200 && s.commas == 0 {
			return true
		}
	case atom.Form:
		return s.text < 300
	}
	return false
}

// insideWords are class/id words of furniture that sits inside article
// containers next to the text: captions, credits, bylines, datelines.
var insideWords = wordSet("caption", "captions", "credit", "credits", "byline", "bylines", "dateline", "timestamp", "meta", "sharetools", "socialshare", "relatedlinks", "relatedarticles", "readmore", "moreon", "seealso", "inlinead", "adunit", "advertisement", "newsletter", "subscribe", "signup", "printonly", "hideprint", "sronly", "visuallyhidden")

// insideBoiler reports page furniture inside the chosen article container.
func insideBoiler(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch atomOf(n) {
	case atom.Nav, atom.Aside, atom.Footer, atom.Header, atom.Figure, atom.Figcaption, atom.H1:
		return true
	}
	var buf [16]string
	return hasWord(insideWords, classWords(buf[:0], n))
}

// contentParagraphs extracts the article paragraphs under root.
func contentParagraphs(root *html.Node, extra func(*html.Node) bool) []string {
	ps, _ := extractContent(root, extra)
	return ps
}

// extractContent extracts the article paragraphs under root and returns
// the element holding the blocks they came from (nil when none).
func extractContent(root *html.Node, extra func(*html.Node) bool) ([]string, *html.Node) {
	c := newContent(root)
	top := c.best(root)
	if top == nil {
		return nil, nil
	}
	nodes := c.siblings(top)
	if tw := c.twins(top); len(tw) > 1 {
		nodes = mergeNodes(nodes, tw, c)
	}
	for _, n := range nodes {
		c.total += c.st[n].text
	}
	keepRoot := func(n *html.Node) bool { return slices.Contains(nodes, n) }
	r := &renderer{track: true}
	r.skip = func(n *html.Node) bool {
		if keepRoot(n) {
			return false
		}
		return c.dropInside(n, keepRoot) || extra != nil && extra(n)
	}
	for _, n := range nodes {
		r.walk(n)
		r.flush()
	}
	holder := nodes[0]
	for _, n := range nodes[1:] {
		holder = commonAncestor(holder, n)
	}
	// Wrappers with one child hold the same text; the innermost is the
	// most specific region.
	for elementChildren(holder) == 1 {
		holder = firstElement(holder)
	}
	return filterParagraphs(r.paras, r.links), holder
}

// filterParagraphs drops rendered lines that are mostly link text and the
// furniture lines matched by pruneParagraphs.
func filterParagraphs(ps []string, links []int) []string {
	out := ps[:0:0]
	for i, p := range ps {
		if links[i]*10 > len(p)*6 {
			continue
		}
		out = append(out, p)
	}
	return trimTail(pruneParagraphs(out))
}

// trimTail drops the short lines that trail the last real paragraph
// without ending a sentence: tag lists, "Tell us what you think", labels
// of boxes that were pruned.
func trimTail(ps []string) []string {
	last := -1
	for i, p := range ps {
		if len(p) >= 120 || len(p) >= 60 && endsSentence(p) {
			last = i
		}
	}
	if last < 0 {
		return ps
	}
	end := len(ps)
	for end > last+1 {
		p := ps[end-1]
		if len(p) >= 60 || endsSentence(p) {
			break
		}
		end--
	}
	if len(ps)-end > 3 {
		// A long run of short lines is a list the article ends with
		// (tour dates, results), not furniture.
		return ps
	}
	return ps[:end]
}

func wordSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// classWords appends the words of n's class and id.
func classWords(dst []string, n *html.Node) []string {
	for _, a := range n.Attr {
		if a.Key == "class" || a.Key == "id" {
			dst = splitWords(dst, a.Val)
		}
	}
	return dst
}

// splitWords appends the lower-case words of a class or id value, split
// at punctuation, digits and camelCase humps: "newsCaption ad-slot_2" is
// news, caption, ad, slot.
func splitWords(dst []string, s string) []string {
	start := -1
	for i := 0; i <= len(s); i++ {
		var c byte
		if i < len(s) {
			c = s[i]
		}
		lower, upper := c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z'
		if lower || upper {
			if start < 0 {
				start = i
			} else if upper && s[i-1] >= 'a' && s[i-1] <= 'z' {
				dst = append(dst, lowerASCII(s[start:i]))
				start = i
			}
			continue
		}
		if start >= 0 {
			dst = append(dst, lowerASCII(s[start:i]))
			start = -1
		}
	}
	return dst
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// hasWord reports whether one word, or two adjacent words written
// together ("read more" as "readmore"), is in the set.
func hasWord(set map[string]bool, words []string) bool {
	var pair [64]byte
	for i, w := range words {
		if set[w] {
			return true
		}
		if i+1 < len(words) && len(w)+len(words[i+1]) <= len(pair) {
			b := append(append(pair[:0], w...), words[i+1]...)
			if set[string(b)] {
				return true
			}
		}
	}
	return false
}
