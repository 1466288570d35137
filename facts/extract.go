package facts

import (
	"strconv"
	"strings"
	"time"

	"github.com/storywatch/storywatch"
)

type blockKind int

const (
	blockHeadline blockKind = iota
	blockStandfirst
	blockPara
	blockEntry
	blockKeyPoints
	blockRelated // a related-links headline: never about this event
)

// sent is one sentence of the version with its place in it.
type sent struct {
	text    string
	toks    []token
	low     []string
	kind    blockKind
	rank    int64 // recency: larger is newer (live-blog entry time)
	pos     int   // reading order
	summary bool  // headline, standfirst or key points
	years   []int // years written in the sentence
}

// maxSentences bounds the work on hostile input; real articles are far
// below it.
const maxSentences = 5000

// maxSentenceBytes cuts run-on "sentences" (tables, lists without
// punctuation) so per-sentence scans stay cheap.
const maxSentenceBytes = 2000

// Extract reads the facts a version states. It never fails: an empty or
// unreadable version has empty facts.
func Extract(v storywatch.Version) storywatch.Facts {
	d := newDoc(v)
	figs, mentions := d.figures()
	people := d.people()
	d.setIncludesPerpetrator(figs, people)
	d.namedAmongDead(figs, people)
	onlyDead(figs, people)
	f := storywatch.Facts{
		Figures:  figs,
		People:   people,
		Claims:   d.claims(),
		Mentions: mentions,
	}
	return f.Normalize()
}

// doc is the prepared version: sentences in reading order plus what the
// passes share.
type doc struct {
	sents    []*sent
	refYear  int
	refMonth time.Month
	live     bool
	ents     []*entity // people and described individuals, in order of appearance
	entsDone bool
	// inclusions are the members named inside a toll's group: "four people
	// have died, including a police officer and the attacker".
	inclusions []inclusion
	casualty   int // casualtyStory: 0 unknown, 1 yes, 2 no
	// woundedNamed indexes people() entries that namedAmongDead may find dead.
	woundedNamed []int
}

// inclusion is one "including X" member of a group the sentence counts.
type inclusion struct {
	e *entity
	k kinds
}

func newDoc(v storywatch.Version) *doc {
	d := &doc{live: v.Meta.LiveBlog || len(v.Entries) > 0}
	for _, t := range []*time.Time{v.Meta.Published, v.Meta.Modified} {
		if t != nil && !t.IsZero() {
			d.refYear = t.Year()
			d.refMonth = t.Month()
			break
		}
	}
	if d.refYear == 0 && !v.FetchedAt.IsZero() {
		d.refYear = v.FetchedAt.Year()
	}

	ranks := entryRanks(v.Entries)
	var newest int64
	for _, r := range ranks {
		newest = max(newest, r)
	}
	add := func(text string, kind blockKind, rank int64) {
		for _, s := range splitSentences(text) {
			if len(d.sents) >= maxSentences {
				return
			}
			if len(s) > maxSentenceBytes {
				s = s[:maxSentenceBytes]
			}
			d.addSentence(s, kind, rank)
		}
	}
	add(v.Headline, blockHeadline, newest)
	add(v.Standfirst, blockStandfirst, newest)
	related := false
	for _, p := range v.Paragraphs {
		if credit(p) {
			continue
		}
		switch {
		case relatedHeader(p):
			related = true
			continue
		case related && !endsSentence(p):
			add(p, blockRelated, newest)
			continue
		}
		related = false
		if rest, ok := relatedPrefix(p); ok {
			add(rest, blockRelated, newest)
			continue
		}
		add(p, blockPara, newest)
	}
	for i, e := range v.Entries {
		kind := blockEntry
		if e.KeyPoints {
			kind = blockKeyPoints
		}
		add(e.Title, kind, ranks[i])
		for _, p := range e.Paragraphs {
			if credit(p) {
				continue
			}
			add(p, kind, ranks[i])
		}
	}
	return d
}

func (d *doc) addSentence(s string, kind blockKind, rank int64) {
	st := &sent{text: s, kind: kind, rank: rank, pos: len(d.sents)}
	st.summary = kind == blockHeadline || kind == blockStandfirst || kind == blockKeyPoints
	st.toks = tokenize(s)
	st.low = make([]string, len(st.toks))
	personClause := false
	for i, t := range st.toks {
		st.low[i] = t.low
		if t.low == "who" || t.low == "whose" {
			// "Jason Spindler, who had survived the 2001 attacks": the year
			// is the person's past, not the sentence's event.
			personClause = true
		}
		if len(t.low) == 4 && (t.low[0] == '1' || t.low[0] == '2') && !personClause {
			if y, err := strconv.Atoi(t.low); err == nil && y >= 1900 && y <= 2099 {
				st.years = append(st.years, y)
			}
		}
	}
	d.sents = append(d.sents, st)
}

// entryRanks orders live-blog entries by time: the entry time when every
// entry has one (or a parsable time line), else page order read as newest
// first; the key-points box always counts as newest.
func entryRanks(entries []storywatch.Entry) []int64 {
	ranks := make([]int64, len(entries))
	timed := true
	for i, e := range entries {
		switch {
		case e.KeyPoints:
		case e.Time != nil:
			ranks[i] = e.Time.Unix()
		default:
			if m, ok := clockMinutes(e.TimeText); ok {
				ranks[i] = int64(m) * 60
			} else {
				timed = false
			}
		}
	}
	if !timed {
		for i := range entries {
			ranks[i] = int64(len(entries) - i)
		}
	}
	var newest int64
	for i, e := range entries {
		if !e.KeyPoints {
			newest = max(newest, ranks[i])
		}
	}
	for i, e := range entries {
		if e.KeyPoints {
			ranks[i] = newest + 1
		}
	}
	return ranks
}

// clockMinutes reads a visible time line such as "14:05", "2.05pm" or
// "09:40 GMT" as minutes after midnight.
func clockMinutes(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	i := 0
	for i < len(s) && (s[i] < '0' || s[i] > '9') {
		i++
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i || j-i > 2 || j >= len(s) || (s[j] != ':' && s[j] != '.') {
		return 0, false
	}
	h, _ := strconv.Atoi(s[i:j])
	k := j + 1
	for k < len(s) && k < j+3 && s[k] >= '0' && s[k] <= '9' {
		k++
	}
	if k-j != 3 {
		return 0, false
	}
	m, _ := strconv.Atoi(s[j+1 : k])
	rest := strings.TrimSpace(s[k:])
	if strings.HasPrefix(rest, "pm") && h < 12 {
		h += 12
	}
	if strings.HasPrefix(rest, "am") && h == 12 {
		h = 0
	}
	if h > 23 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

func credit(p string) bool {
	l := strings.ToLower(strings.TrimLeft(p, " ("))
	for _, pre := range []string{"reporting by", "additional reporting", "editing by", "writing by",
		"compiled by", "photograph:", "photo:", "picture:", "image:", "written by", "copyright",
		"follow us", "sign up", "© ", "image caption", "image source", "media caption", "video caption",
		"getty images", "pa media", "share this", "share on", "published", "last updated"} {
		if strings.HasPrefix(l, pre) {
			return true
		}
	}
	// A byline: "By Jane Smith, BBC News".
	if strings.HasPrefix(l, "by ") && len(strings.Fields(l)) <= 8 && !strings.HasSuffix(strings.TrimSpace(l), ".") {
		return true
	}
	return false
}

func relatedHeader(p string) bool {
	l := strings.ToLower(strings.TrimSpace(strings.TrimRight(p, ":")))
	switch l {
	case "related", "related stories", "related articles", "related content", "read more",
		"more on this story", "see also", "you may also like", "most read", "top stories",
		"more from", "recommended", "related links", "also read", "more stories", "trending":
		return true
	}
	return false
}

func relatedPrefix(p string) (string, bool) {
	l := strings.ToLower(p)
	for _, pre := range []string{"read more:", "related:", "see also:", "more:", "also read:", "watch:", "read more -", "related -"} {
		if strings.HasPrefix(l, pre) {
			return strings.TrimSpace(p[len(pre):]), true
		}
	}
	return "", false
}

func endsSentence(p string) bool {
	p = strings.TrimRight(p, " \"'”’)")
	return strings.HasSuffix(p, ".") || strings.HasSuffix(p, "!") || strings.HasSuffix(p, "?")
}
