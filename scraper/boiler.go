package scraper

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// boilerClass matches class/id tokens of page furniture that sits inside
// article containers: share bars, related links, ads, sign-up boxes.
var boilerClass = regexp.MustCompile(`(?i)(^|[\s_-])(share|sharing|social|related|recirc|promo|newsletter|advert|advertisement|ads?|ad-slot|adslot|sponsor(ed)?|most-?read|most-?popular|popular|trending|comments?|subscribe|signup|sign-up|paywall|cookie|consent|outbrain|taboola|read-?more|more-stories|tags?|breadcrumbs?|nav|navigation|toolbar|widget|sidebar|footer|masthead|byline|author|dateline|timestamp|meta|caption|credit|csrf|modal|popup|banner)([\s_-]|$)`)

// isBoilerplate reports page furniture by element and class.
func isBoilerplate(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.Nav, atom.Aside, atom.Form, atom.Footer, atom.Header, atom.Figure, atom.Figcaption, atom.Time:
		return true
	case atom.H1:
		return true // the headline is a part of its own
	}
	if strings.EqualFold(attr(n, "role"), "navigation") || strings.EqualFold(attr(n, "role"), "complementary") {
		return true
	}
	return boilerClass.MatchString(attr(n, "class")) || boilerClass.MatchString(attr(n, "id"))
}

// boilerLine matches whole paragraphs that are furniture whatever their markup.
var boilerLine = regexp.MustCompile(`(?i)^(advertisement|advertising|advert|ads?|sponsored( content)?|tags:?|comments?|this slideshow requires javascript\.?|caption|close|open|previous|next|back to top|expand|collapse|show (more|less)|load more|print|e-?mail|enlarge this image|(hide|toggle) caption|share( this( article| story)?)?|share on \w+|follow us( on \w+)?|read more:?|related:?|see also:?|click here.*|sign up.*newsletter.*|subscribe.*|(all rights reserved|copyright|©).{0,80}|image:.{0,120}|photo:.{0,120}|getty images|reuters|ap photo.{0,80}|skip (to|advertisement).*|continue reading.*|loading\.*|\d+ comments?)$`)

// pruneParagraphs drops furniture lines the body extractor kept.
func pruneParagraphs(ps []string) []string {
	out := ps[:0:0]
	for _, p := range ps {
		if boilerLine.MatchString(p) {
			continue
		}
		out = append(out, p)
	}
	return out
}
