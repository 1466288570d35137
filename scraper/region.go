package scraper

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/storywatch/storywatch"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A region says where the article sat in the page: the element holding
// the body and the headline element, each as tag, id, stable classes and
// the ordinal among elements matching those. Encoded as
// "v1|<headline spec>|<body spec>", a spec being "tag#id.class.class@n".
// The fingerprint hashes the text of both elements, read with the HTML
// tokenizer without building a tree, which is what makes the unchanged
// check cheap.
type region struct {
	head, body spec // head.tag == "" when there is no headline element
}

type spec struct {
	tag     string // "ld" = the n-th application/ld+json script
	id      string
	classes []string
	n       int
}

var errBadRegion = errors.New("bad region")

func (r region) String() string { return "v1|" + r.head.String() + "|" + r.body.String() }

func (s spec) String() string {
	if s.tag == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(s.tag)
	if s.id != "" {
		b.WriteString("#" + s.id)
	}
	for _, c := range s.classes {
		b.WriteString("." + c)
	}
	b.WriteString("@" + strconv.Itoa(s.n))
	return b.String()
}

func parseRegion(s string) (region, error) {
	parts := strings.Split(s, "|")
	if len(parts) != 3 || parts[0] != "v1" {
		return region{}, errBadRegion
	}
	var r region
	var err error
	if parts[1] != "" {
		if r.head, err = parseSpec(parts[1]); err != nil {
			return region{}, err
		}
	}
	if r.body, err = parseSpec(parts[2]); err != nil {
		return region{}, err
	}
	return r, nil
}

func parseSpec(s string) (spec, error) {
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return spec{}, errBadRegion
	}
	n, err := strconv.Atoi(s[at+1:])
	if err != nil || n < 0 {
		return spec{}, errBadRegion
	}
	var sp spec
	sp.n = n
	head := s[:at]
	dot := strings.IndexByte(head, '.')
	if dot >= 0 {
		sp.classes = strings.Split(head[dot+1:], ".")
		head = head[:dot]
	}
	if hash := strings.IndexByte(head, '#'); hash >= 0 {
		sp.id = head[hash+1:]
		head = head[:hash]
	}
	sp.tag = head
	if sp.tag == "" {
		return spec{}, errBadRegion
	}
	return sp, nil
}

// stableToken rejects ids and classes that look generated (digits), since
// they churn between requests and would lose the region.
var stableToken = regexp.MustCompile(`^[A-Za-z_-][A-Za-z_-]*$`)

// specOf describes n so that it can be found again; ok is false when it
// cannot be described unambiguously.
func specOf(doc, n *html.Node) (spec, bool) {
	if n == nil || n.Type != html.ElementNode {
		return spec{}, false
	}
	sp := spec{tag: n.Data}
	if id := attr(n, "id"); stableToken.MatchString(id) {
		sp.id = id
	}
	for _, c := range strings.Fields(attr(n, "class")) {
		if stableToken.MatchString(c) && !slices.Contains(sp.classes, c) {
			sp.classes = append(sp.classes, c)
		}
	}
	i := 0
	found := false
	walkElements(doc, func(e *html.Node) bool {
		if e == n {
			found = true
			return false
		}
		if sp.matchNode(e) {
			i++
		}
		return true
	})
	sp.n = i
	return sp, found
}

func walkElements(n *html.Node, f func(*html.Node) bool) bool {
	if n.Type == html.ElementNode && !f(n) {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if !walkElements(c, f) {
			return false
		}
	}
	return true
}

func (sp spec) matchNode(e *html.Node) bool {
	if sp.tag == "ld" {
		return e.DataAtom == atom.Script && strings.Contains(strings.ToLower(attr(e, "type")), "ld+json")
	}
	return e.Data == sp.tag && sp.matchAttrs(attr(e, "id"), attr(e, "class"))
}

func (sp spec) matchAttrs(id, class string) bool {
	if sp.id != "" && id != sp.id {
		return false
	}
	for _, c := range sp.classes {
		if !hasField(class, c) {
			return false
		}
	}
	return true
}

func hasField(s, f string) bool {
	for len(s) > 0 {
		s = strings.TrimLeft(s, " \t\n\r\f")
		end := strings.IndexAny(s, " \t\n\r\f")
		if end < 0 {
			end = len(s)
		}
		if s[:end] == f {
			return true
		}
		s = s[end:]
	}
	return false
}

// locate finds the body element of the region in a parsed page.
func (r region) locate(doc *html.Node) *html.Node {
	var found *html.Node
	i := 0
	walkElements(doc, func(e *html.Node) bool {
		if r.body.matchNode(e) {
			if i == r.body.n {
				found = e
				return false
			}
			i++
		}
		return true
	})
	return found
}

// fingerprint hashes the text of the region's elements in the raw page;
// ok is false when the body element is not there.
func (r region) fingerprint(page []byte) (string, bool) {
	h := sha256.New()
	if r.head.tag != "" {
		h.Write([]byte("h\x00"))
		if !r.head.hashText(page, h) {
			h.Write([]byte("-\x00")) // a lost headline is a change, not a lost region
		}
	}
	h.Write([]byte("b\x00"))
	if !r.body.hashText(page, h) {
		return "", false
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), true
}

// hashText writes the collapsed text of the element to h.
func (sp spec) hashText(page []byte, h hash.Hash) bool {
	start := sp.find(page)
	if start < 0 {
		return false
	}
	z := html.NewTokenizer(bytes.NewReader(page[start:]))
	tag := []byte(sp.tag)
	if sp.tag == "ld" {
		tag = []byte("script")
	}
	depth := 0
	skip := 0
	w := spaceWriter{h: h}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return depth > 0
		case html.StartTagToken:
			name, _ := z.TagName()
			if bytes.Equal(name, tag) {
				depth++
			}
			if sp.tag != "ld" && isRawText(name) {
				skip++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if sp.tag != "ld" && isRawText(name) && skip > 0 {
				skip--
			}
			if bytes.Equal(name, tag) {
				depth--
				if depth <= 0 {
					return true
				}
			}
		case html.TextToken:
			if skip == 0 {
				w.write(z.Text())
			}
		}
	}
}

func isRawText(name []byte) bool {
	switch string(name) {
	case "script", "style", "noscript", "template":
		return true
	}
	return false
}

// spaceWriter hashes text with runs of ASCII whitespace collapsed.
type spaceWriter struct {
	h     hash.Hash
	space bool
}

func (w *spaceWriter) write(b []byte) {
	start := 0
	for i, c := range b {
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' {
			if i > start {
				w.flush(b[start:i])
			}
			w.space = true
			start = i + 1
		}
	}
	if start < len(b) {
		w.flush(b[start:])
	}
}

func (w *spaceWriter) flush(b []byte) {
	if w.space {
		w.h.Write([]byte{' '})
		w.space = false
	}
	w.h.Write(b)
}

// find returns the offset of the start tag of the spec's n-th match.
// Candidates are found with a byte search for the rarest literal (id,
// first class or "<tag") and checked by tokenizing just that tag.
func (sp spec) find(page []byte) int {
	var needle []byte
	switch {
	case sp.tag == "ld":
		needle = []byte("ld+json")
	case sp.id != "":
		needle = []byte(sp.id)
	case len(sp.classes) > 0:
		needle = []byte(sp.classes[0])
	default:
		needle = []byte("<" + sp.tag)
	}
	i := 0
	for off := 0; off < len(page); {
		k := bytes.Index(page[off:], needle)
		if k < 0 {
			return -1
		}
		pos := off + k
		off = pos + len(needle)
		lt := bytes.LastIndexByte(page[:pos+1], '<')
		if lt < 0 || bytes.IndexByte(page[lt:pos], '>') >= 0 {
			continue // not inside a tag
		}
		if sp.matchTag(page[lt:]) {
			if i == sp.n {
				return lt
			}
			i++
			off = max(off, lt+1)
		}
	}
	return -1
}

// matchTag tokenizes the tag at the start of b.
func (sp spec) matchTag(b []byte) bool {
	end := bytes.IndexByte(b, '>')
	if end < 0 {
		return false
	}
	z := html.NewTokenizer(bytes.NewReader(b[:end+1]))
	if tt := z.Next(); tt != html.StartTagToken {
		return false
	}
	name, more := z.TagName()
	var id, class, typ string
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch string(k) {
		case "id":
			id = string(v)
		case "class":
			class = string(v)
		case "type":
			typ = string(v)
		}
	}
	if sp.tag == "ld" {
		return string(name) == "script" && strings.Contains(strings.ToLower(typ), "ld+json")
	}
	return string(name) == sp.tag && sp.matchAttrs(id, class)
}

// learnRegion finds an element that yields the same version as the full
// extraction when extracted alone, so later checks can use it.
func (e *extractor) learnRegion(root *html.Node, v storywatch.Version) (region, bool) {
	if v.Text() == "" {
		return region{}, false
	}
	want := v.Headline + "\x00" + v.Text()
	try := func(c *html.Node) (region, bool) {
		if c == nil {
			return region{}, false
		}
		body, ok := specOf(e.doc, c)
		if !ok || body.tag == "p" || body.tag == "li" {
			return region{}, false
		}
		if c.DataAtom == atom.Script {
			body = spec{tag: "ld", n: e.meta.ld.Script}
		}
		r := region{body: body}
		if e.meta.h1Node != nil && v.Headline == e.meta.h1 {
			if hs, ok := specOf(e.doc, e.meta.h1Node); ok {
				r.head = hs
			}
		}
		if got := r.locate(e.doc); got != c {
			return region{}, false
		}
		rv := e.version(c)
		return r, rv.Headline+"\x00"+rv.Text() == want
	}
	switch {
	case root != e.body:
		return try(root)
	case e.usedLD:
		return try(e.ldScript())
	}
	// The element the content extractor used, else the lowest element
	// holding the extracted paragraphs, or its parent.
	if h := e.holder; h != nil && h != e.body && h.Type == html.ElementNode {
		if r, ok := try(h); ok {
			return r, true
		}
	}
	if lca := e.paragraphContainer(v.Paragraphs); lca != nil && lca != e.holder {
		if r, ok := try(lca); ok {
			return r, true
		}
		if lca.Parent != nil && lca.Parent != e.body && lca.Parent.Type == html.ElementNode {
			return try(lca.Parent)
		}
	}
	return region{}, false
}

func (e *extractor) ldScript() *html.Node {
	i := 0
	var found *html.Node
	walkElements(e.doc, func(n *html.Node) bool {
		if n.DataAtom == atom.Script && strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") {
			if i == e.meta.ld.Script {
				found = n
				return false
			}
			i++
		}
		return true
	})
	return found
}

// paragraphContainer is the lowest common ancestor of the elements whose
// text is one of the extracted paragraphs; nil when too few are found.
func (e *extractor) paragraphContainer(paras []string) *html.Node {
	want := make(map[string]bool, len(paras))
	sizes := make(map[int]bool, len(paras))
	for _, p := range paras {
		want[p] = true
		sizes[visibleLen(p)] = true
	}
	var nodes []*html.Node
	seen := map[string]bool{}
	// One pass counts the visible characters under each element; only an
	// element whose count equals a paragraph's can render as it, so only
	// those are rendered (rendering every block is quadratic in depth).
	var count func(*html.Node) int
	count = func(n *html.Node) int {
		switch n.Type {
		case html.TextNode:
			return visibleLen(n.Data)
		case html.ElementNode:
			if skipAtoms[n.DataAtom] {
				return 0
			}
		case html.DocumentNode:
		default:
			return 0
		}
		k := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			k += count(c)
		}
		if n.Type == html.ElementNode && sizes[k] && (blockAtoms[n.DataAtom] || n.DataAtom == atom.Td) {
			if t := nodeText(n); want[t] && !seen[t] {
				seen[t] = true
				nodes = append(nodes, n)
			}
		}
		return k
	}
	count(e.body)
	if len(nodes) == 0 || len(nodes)*2 < len(paras) {
		return nil
	}
	lca := nodes[0]
	for _, n := range nodes[1:] {
		lca = commonAncestor(lca, n)
	}
	for lca != nil && (lca.DataAtom == atom.P || lca.DataAtom == atom.Li || lca.Type != html.ElementNode) {
		lca = lca.Parent
	}
	return lca
}

// visibleLen counts the characters collapseSpace keeps, spaces aside.
func visibleLen(s string) int {
	k := 0
	for _, r := range s {
		if !unicode.IsSpace(r) && r != '\u200b' && r != '\ufeff' {
			k++
		}
	}
	return k
}

func commonAncestor(a, b *html.Node) *html.Node {
	anc := map[*html.Node]bool{}
	for n := a; n != nil; n = n.Parent {
		anc[n] = true
	}
	for n := b; n != nil; n = n.Parent {
		if anc[n] {
			return n
		}
	}
	return nil
}

// Fingerprint computes the fingerprint of a region in a page, for callers
// that want to check a remembered region themselves.
func Fingerprint(page []byte, regionSpec string) (string, error) {
	r, err := parseRegion(regionSpec)
	if err != nil {
		return "", fmt.Errorf("fingerprint: %w: %q", err, regionSpec)
	}
	fp, ok := r.fingerprint(page)
	if !ok {
		return "", fmt.Errorf("fingerprint: region %q not found: %w", regionSpec, storywatch.ErrNotFound)
	}
	return fp, nil
}
