package scraper

import (
	"regexp"
	"strings"

	"github.com/storywatch/storywatch"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// liveBlog is a list of timed entries found in the markup.
type liveBlog struct {
	root  *html.Node // the article container holding the list
	list  *html.Node
	items []*html.Node
	keys  *html.Node // a key-points box, if any
}

var liveClass = regexp.MustCompile(`(?i)live|entry|entries|update|post|block|event`)
var keyPointsClass = regexp.MustCompile(`(?i)key-?points|key-?events|summary-?box|takeaways`)

// findLiveBlog finds an element whose children are mostly timed entries
// (a <time> and some text each), at least two of them.
func findLiveBlog(root *html.Node) *liveBlog {
	var best *liveBlog
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type != html.ElementNode && n.Type != html.DocumentNode {
			return
		}
		if n.Type == html.ElementNode && (skipAtoms[n.DataAtom] || n.DataAtom == atom.Nav || n.DataAtom == atom.Aside || isBoilerplate(n) && n.DataAtom != atom.Header) {
			return
		}
		var items []*html.Node
		total := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			total++
			if findAtom(c, atom.Time) != nil && findAtom(c, atom.P) != nil {
				items = append(items, c)
			}
		}
		if len(items) >= 2 && len(items)*10 >= total*6 &&
			(liveClass.MatchString(attr(n, "class")+" "+attr(n, "id")) || liveClass.MatchString(attr(items[0], "class"))) {
			if best == nil || len(items) > len(best.items) {
				best = &liveBlog{list: n, items: items}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	if best == nil {
		return nil
	}
	best.root = best.list.Parent
	for p := best.list.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article || p.DataAtom == atom.Main {
			best.root = p
			break
		}
	}
	if best.root == nil {
		best.root = best.list
	}
	best.keys = findClass(best.root, keyPointsClass)
	return best
}

func findClass(n *html.Node, re *regexp.Regexp) *html.Node {
	if n.Type == html.ElementNode && re.MatchString(attr(n, "class")) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findClass(c, re); f != nil {
			return f
		}
	}
	return nil
}

// entries renders the entries in page order, the key-points box first.
func (lb *liveBlog) entries(skip func(*html.Node) bool) []storywatch.Entry {
	var out []storywatch.Entry
	if lb.keys != nil {
		e := storywatch.Entry{KeyPoints: true}
		for _, p := range renderParagraphs(lb.keys, nil) {
			if e.Title == "" && len(out) == 0 && strings.EqualFold(strings.TrimSuffix(p, ":"), "key points") {
				e.Title = p
				continue
			}
			e.Paragraphs = append(e.Paragraphs, p)
		}
		out = append(out, e)
	}
	for _, it := range lb.items {
		e := storywatch.Entry{ID: attr(it, "id")}
		e.Time, e.TimeText = parseEntryTime(it)
		var title *html.Node
		for _, a := range []atom.Atom{atom.H2, atom.H3, atom.H4} {
			if h := findAtom(it, a); h != nil {
				title = h
				break
			}
		}
		if title != nil {
			e.Title = nodeText(title)
		}
		e.Paragraphs = renderParagraphs(it, func(n *html.Node) bool {
			return n == title || n.DataAtom == atom.Time || (skip != nil && n != it && skip(n))
		})
		if e.Paragraphs == nil {
			e.Paragraphs = []string{}
		}
		out = append(out, e)
	}
	return out
}
