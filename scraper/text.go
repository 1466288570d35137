package scraper

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockAtoms end a paragraph before and after them.
var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Header: true,
	atom.Footer: true, atom.Figure: true, atom.Figcaption: true, atom.Br: true, atom.Hr: true,
	atom.Aside: true, atom.Nav: true, atom.Address: true, atom.Details: true, atom.Summary: true,
	atom.Tbody: true, atom.Thead: true, atom.Form: true, atom.Fieldset: true,
}

// skipAtoms never carry article text.
var skipAtoms = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Input: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Canvas: true, atom.Math: true,
}

// renderer turns a subtree into paragraphs: block elements break
// paragraphs, inline text is joined, whitespace collapsed; table cells of a
// row are joined with " | ".
type renderer struct {
	paras []string
	cur   strings.Builder
	skip  func(*html.Node) bool // extra pruning (boilerplate), may be nil
	// track: count the bytes of link text of each paragraph in links.
	track   bool
	links   []int
	curLink int
	inLink  int
}

func (r *renderer) flush() {
	if s := collapseSpace(r.cur.String()); s != "" {
		r.paras = append(r.paras, s)
		if r.track {
			r.links = append(r.links, r.curLink)
		}
	}
	r.cur.Reset()
	r.curLink = 0
}

func (r *renderer) walk(n *html.Node) {
	a := atomOf(n)
	switch n.Type {
	case html.TextNode:
		// The HTML parser merges adjacent text, so two text siblings come
		// from an extractor's tree, where they were separate elements.
		if n.PrevSibling != nil && n.PrevSibling.Type == html.TextNode {
			r.cur.WriteByte(' ')
		}
		r.cur.WriteString(n.Data)
		if r.inLink > 0 {
			r.curLink += len(strings.TrimSpace(n.Data))
		}
		return
	case html.ElementNode:
		if skipAtoms[a] || isHidden(n) || (r.skip != nil && r.skip(n)) {
			return
		}
	case html.DocumentNode:
	default:
		return
	}
	block := n.Type == html.ElementNode && blockAtoms[a]
	if block {
		r.flush()
	}
	cell := a == atom.Td || a == atom.Th
	if cell && r.cur.Len() > 0 {
		r.cur.WriteString(" | ")
	}
	link := r.track && a == atom.A
	if link {
		r.inLink++
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c)
	}
	if link {
		r.inLink--
	}
	if block {
		r.flush()
	} else if cell || a == atom.Img {
		r.cur.WriteByte(' ')
	}
}

// renderParagraphs renders the paragraphs of n.
func renderParagraphs(n *html.Node, skip func(*html.Node) bool) []string {
	r := &renderer{skip: skip}
	r.walk(n)
	r.flush()
	return r.paras
}

// nodeText is the collapsed text of n, blocks separated by spaces.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode, html.DocumentNode:
			a := atomOf(n)
			if skipAtoms[a] {
				return
			}
			if blockAtoms[a] {
				b.WriteByte(' ')
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
			if blockAtoms[a] {
				b.WriteByte(' ')
			}
		}
	}
	walk(n)
	return collapseSpace(b.String())
}

func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func isHidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "style":
			v := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
			if strings.Contains(v, "display:none") || strings.Contains(v, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// atomOf is n's atom; trees built by extractors leave DataAtom unset.
func atomOf(n *html.Node) atom.Atom {
	if n.DataAtom != 0 || n.Type != html.ElementNode {
		return n.DataAtom
	}
	return atom.Lookup([]byte(n.Data))
}
