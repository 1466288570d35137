package store

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/diff"
)

// A synthetic news story evolving by small edits: the material of the
// round-trip property tests and of the storage comparison with git.

var words = strings.Fields(`police said the attacker was shot near parliament bridge victims hospital
	officers witnesses minister statement emergency services cordon investigation counter-terrorism
	arrested injured killed critical condition ambulance crowd tourists pedestrians car knife gates
	Westminster London Thursday afternoon evening spokesman confirmed number rose earlier reports
	Zürich café señora naïve façade Ελλάδα Київ 東京 مرحبا emergency—update “quoted” ‘single’ …`)

var emoji = []string{"🚨", "😀", "👮‍♀️", "🇬🇧", "❤️"}

func sentence(r *rand.Rand) string {
	n := 8 + r.IntN(14)
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch x := r.IntN(40); {
		case x == 0:
			b.WriteString(emoji[r.IntN(len(emoji))])
		case x < 4:
			fmt.Fprintf(&b, "%d", r.IntN(200))
		default:
			b.WriteString(words[r.IntN(len(words))])
		}
	}
	rs := []rune(b.String())
	return strings.ToUpper(string(rs[:1])) + string(rs[1:]) + "."
}

func paragraph(r *rand.Rand) string {
	n := 1 + r.IntN(3)
	ss := make([]string, n)
	for i := range ss {
		ss[i] = sentence(r)
	}
	return strings.Join(ss, " ")
}

// edit applies one small random edit to a copy of paras.
func edit(r *rand.Rand, paras []string) []string {
	p := append([]string(nil), paras...)
	i := r.IntN(len(p))
	switch op := r.IntN(10); {
	case op < 3: // change a few words inside a paragraph
		ws := strings.Fields(p[i])
		for k := 0; k < 1+r.IntN(3); k++ {
			ws[r.IntN(len(ws))] = words[r.IntN(len(words))]
		}
		p[i] = strings.Join(ws, " ")
	case op < 5: // a number changes (tolls rise)
		p[i] = fmt.Sprintf("At least %d people were killed and %d injured, police said.", r.IntN(20), r.IntN(80))
	case op < 7: // a sentence added
		p[i] += " " + sentence(r)
	case op < 8: // a new paragraph inserted
		p = append(p[:i], append([]string{paragraph(r)}, p[i:]...)...)
	case op < 9 && len(p) > 6: // a paragraph deleted
		p = append(p[:i], p[i+1:]...)
	default: // a paragraph moved
		j := r.IntN(len(p))
		x := p[i]
		p = append(p[:i], p[i+1:]...)
		p = append(p[:j], append([]string{x}, p[j:]...)...)
	}
	return p
}

// storyChain returns n versions of one story, ~2.7 KB of text each.
func storyChain(seed uint64, n int) []*storywatch.Version {
	r := rand.New(rand.NewPCG(seed, 2017))
	var paras []string
	for len(strings.Join(paras, "\n\n")) < 2600 {
		paras = append(paras, paragraph(r))
	}
	headline := "Attack near parliament: " + sentence(r)
	start := time.Date(2017, 3, 22, 15, 0, 0, 0, time.UTC)
	out := make([]*storywatch.Version, 0, n)
	for k := 0; k < n; k++ {
		if k > 0 {
			for e := 0; e < 1+r.IntN(2); e++ {
				paras = edit(r, paras)
			}
			if r.IntN(8) == 0 {
				headline = "Attack near parliament: " + sentence(r)
			}
		}
		at := start.Add(time.Duration(k) * 37 * time.Minute)
		pub := start
		v := &storywatch.Version{
			FetchedAt:  at,
			Headline:   headline,
			Paragraphs: append([]string(nil), paras...),
			Meta: storywatch.Meta{URL: fmt.Sprintf("https://news.example/world/%d-attack", seed),
				CanonicalURL: fmt.Sprintf("https://news.example/world/%d-attack", seed), SiteName: "Example News",
				Byline: "By A Reporter", Language: "en", Published: &pub, Modified: &at,
				UpdatedLine: fmt.Sprintf("Updated %d minutes ago", r.IntN(59)+1)},
		}
		v.Hash = v.TextHash()
		v.HTML = pageHTML(r, v, k)
		out = append(out, v)
	}
	return out
}

// pageHTML renders a version as a news page whose chrome churns on every
// fetch: most-read list, ad slot ids, a CSRF token, relative times.
func pageHTML(r *rand.Rand, v *storywatch.Version, k int) []byte {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>` + v.Headline + ` - Example News</title>
<link rel="canonical" href="` + v.Meta.CanonicalURL + `"><meta property="og:title" content="` + v.Headline + `">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"` + v.Headline + `","dateModified":"` + v.Meta.Modified.Format(time.RFC3339) + `"}</script>
<link rel="stylesheet" href="/static/site.css"></head><body><header class="site-header"><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/uk">UK</a> <a href="/politics">Politics</a></nav>
<form action="/search"><input type="hidden" name="csrf" value="`)
	fmt.Fprintf(&b, "%016x%016x", r.Uint64(), r.Uint64())
	b.WriteString(`"><input name="q"></form></header>
<main><article class="story"><h1>` + v.Headline + `</h1><p class="byline">` + v.Meta.Byline + `</p><p class="updated">` + v.Meta.UpdatedLine + `</p>
`)
	for _, p := range v.Paragraphs {
		b.WriteString("<p>" + p + "</p>\n")
	}
	fmt.Fprintf(&b, `</article><aside class="ad" id="ad-%d" data-slot="%x"></aside>
<aside class="most-read"><h2>Most read</h2><ol>`, r.IntN(1e6), r.Uint32())
	for i := 0; i < 5; i++ {
		fmt.Fprintf(&b, `<li><a href="/news/%d">%s</a></li>`, 1000+r.IntN(50), "Story "+words[r.IntN(len(words))])
	}
	b.WriteString(`</ol></aside></main><footer><p>© Example News</p></footer></body></html>`)
	return []byte(b.String())
}

// chainFacts returns plausible facts for version k.
func chainFacts(k int) *storywatch.Facts {
	killed, injured := 3+k/10, 20+k/4
	return &storywatch.Facts{
		Figures: []storywatch.Figure{
			{Kind: storywatch.Killed, Value: &killed, Approx: storywatch.AtLeast, AttributedTo: storywatch.Ptr("police"),
				Evidence: fmt.Sprintf("At least %d people were killed, police said.", killed)},
			{Kind: storywatch.Injured, Value: &injured, Approx: storywatch.Exact,
				Evidence: fmt.Sprintf("%d people were injured.", injured)},
		},
		People: []storywatch.Person{{Name: storywatch.Ptr("Keith Palmer"), Role: storywatch.RoleVictim, Age: storywatch.Ptr(48),
			Status: storywatch.Ptr(storywatch.StatusDead), Description: storywatch.Ptr("police officer"),
			Evidence: "PC Keith Palmer, 48, died at the scene."}},
		Claims:   []storywatch.Claim{},
		Mentions: []storywatch.Mention{},
	}
}

// chainChanges returns the changes a version typically brings.
func chainChanges(k int) []storywatch.Change {
	out := []storywatch.Change{{Kind: storywatch.TextChanged, Summary: fmt.Sprintf("%d sentences changed, %d words added", 1+k%3, 3+k%11),
		New: map[string]any{"sentences_changed": 1 + k%3, "words_added": 3 + k%11, "edit_ratio": 0.01}}}
	if k%4 == 0 {
		out = append(out, storywatch.Change{Kind: storywatch.FigureChanged, Field: storywatch.Ptr("injured"),
			Summary: fmt.Sprintf("injured %d → %d", 20+(k-1)/4, 20+k/4), Old: 20 + (k-1)/4, New: 20 + k/4,
			EvidenceNew: storywatch.Ptr(fmt.Sprintf("%d people were injured.", 20+k/4))})
	}
	return out
}

// excerpt returns about 200 bytes of v's text starting in paragraph i (mod
// the count): an evidence sentence that occurs in the text, as real
// evidence does.
func excerpt(v *storywatch.Version, i int) string {
	p := v.Paragraphs[i%len(v.Paragraphs)]
	for j := 1; len(p) < 200 && j < len(v.Paragraphs); j++ {
		p += " " + v.Paragraphs[(i+j)%len(v.Paragraphs)]
	}
	rs := []rune(p)
	if len(rs) > 190 {
		rs = rs[:190]
	}
	return string(rs)
}

// richFacts are facts of version k of a chain whose evidence is quoted from
// the version's text.
func richFacts(k int, v *storywatch.Version) *storywatch.Facts {
	killed, injured, age := 3+k/3, 20+k/2, 40+k%9
	status := []string{storywatch.StatusDead, storywatch.StatusInjured, storywatch.StatusDead}[k%3]
	return &storywatch.Facts{
		Figures: []storywatch.Figure{
			{Kind: storywatch.Killed, Value: &killed, Approx: storywatch.AtLeast, AttributedTo: storywatch.Ptr("police"),
				Evidence: excerpt(v, 0)},
			{Kind: storywatch.Injured, Value: &injured, Approx: storywatch.Exact, Evidence: excerpt(v, 3)},
		},
		People: []storywatch.Person{
			{Name: storywatch.Ptr("Keith Palmer"), Role: storywatch.RoleVictim, Age: &age,
				Status: &status, Description: storywatch.Ptr("police officer"), Evidence: excerpt(v, 1)},
			{Name: storywatch.Ptr(fmt.Sprintf("Witness %d", k)), Role: storywatch.RoleWitness,
				Hometown: storywatch.Ptr("Zürich"), Evidence: excerpt(v, 2)},
		},
		Claims: []storywatch.Claim{{Kind: storywatch.ClaimResponsibility, Actor: "a group", By: storywatch.Ptr("its news agency"),
			Evidence: excerpt(v, 4)}},
		Mentions: []storywatch.Mention{},
	}
}

// richChanges are the ~8 changes facts.CompareFacts reports between two
// versions whose facts all moved: figure and person objects as Old/New,
// evidence twice (in the objects and as evidence_old/new).
func richChanges(k int, prev, cur *storywatch.Facts) []storywatch.Change {
	st := storywatch.DiffStats{SentencesAdded: k % 2, SentencesChanged: 1 + k%3, WordsAdded: 3 + k%11, WordsRemoved: k % 4, EditRatio: 0.013}
	summary := diff.Summary(st)
	if k%4 == 3 { // a summary diff.Summary would not write
		summary = fmt.Sprintf("%d sentences changed, %d words added", 1+k%3, 3+k%11)
	}
	out := []storywatch.Change{{Kind: storywatch.TextChanged, Summary: summary, Field: storywatch.Ptr("text"), New: st}}
	if prev == nil {
		return out
	}
	h0, h1 := fmt.Sprintf("Toll rises to %d", *prev.Figures[0].Value), fmt.Sprintf("Toll rises to %d", *cur.Figures[0].Value)
	out = append(out, storywatch.Change{Kind: storywatch.HeadlineChanged, Field: storywatch.Ptr("headline"),
		Summary: fmt.Sprintf("headline: %q → %q", h0, h1), Old: h0, New: h1, EvidenceOld: &h0, EvidenceNew: &h1})
	for i := range cur.Figures {
		a, b := prev.Figures[i], cur.Figures[i]
		d := float64(*b.Value - *a.Value)
		out = append(out, storywatch.Change{Kind: storywatch.FigureChanged, Field: storywatch.Ptr(string(b.Kind)),
			Summary: fmt.Sprintf("%s at least %d → at least %d (+%d)", b.Kind, *a.Value, *b.Value, int(d)),
			Old:     a, New: b, Delta: &d, EvidenceOld: storywatch.Ptr(a.Evidence), EvidenceNew: storywatch.Ptr(b.Evidence)})
	}
	pa, pb := prev.People[0], cur.People[0]
	out = append(out,
		storywatch.Change{Kind: storywatch.PersonUpdated, Field: storywatch.Ptr("person.age"),
			Summary: fmt.Sprintf("age of Keith Palmer %d → %d", *pa.Age, *pb.Age), Old: *pa.Age, New: *pb.Age,
			EvidenceOld: storywatch.Ptr(pa.Evidence), EvidenceNew: storywatch.Ptr(pb.Evidence)},
		storywatch.Change{Kind: storywatch.PersonUpdated, Field: storywatch.Ptr("person.status"),
			Summary: fmt.Sprintf("status of Keith Palmer %s → %s", *pa.Status, *pb.Status), Old: *pa.Status, New: *pb.Status,
			EvidenceOld: storywatch.Ptr(pa.Evidence), EvidenceNew: storywatch.Ptr(pb.Evidence)},
		storywatch.Change{Kind: storywatch.PersonIdentified, Field: storywatch.Ptr("person"),
			Summary: "witness named: " + *cur.People[1].Name + ", Zürich", New: cur.People[1],
			EvidenceNew: storywatch.Ptr(cur.People[1].Evidence)},
		storywatch.Change{Kind: storywatch.PersonRemoved, Field: storywatch.Ptr("person"),
			Summary: "no longer mentioned: " + *prev.People[1].Name + " (witness)", Old: prev.People[1],
			EvidenceOld: storywatch.Ptr(prev.People[1].Evidence)},
		storywatch.Change{Kind: storywatch.ClaimAdded, Field: storywatch.Ptr("claim"),
			Summary: "responsibility claimed by a group", New: cur.Claims[0], EvidenceNew: storywatch.Ptr(cur.Claims[0].Evidence)},
	)
	return out
}
