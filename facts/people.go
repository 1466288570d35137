package facts

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/internal/numwords"
)

// entity is a person of the story: named, or a described individual ("a
// 52-year-old man"), or a small group ("two men") that later sentences refer
// back to ("the wounded men"). Entities carry the figure kinds that apply to
// them, which gives the implicit counts of local news.
type entity struct {
	name     string
	noun     string
	gender   string
	count    int // 1 for a person; more for a group
	k        kinds
	age      *int
	nat      *string
	hometown *string
	desc     *string
	evidence string
	summary  bool  // introduced in the headline or standfirst
	rank     int64 // recency of the sentence that introduced it (live blogs)
	// namedAs: a described individual that a naming cue gave this name
	// ("the officer who was stabbed has been named as X").
	namedAs bool
	// possessive: introduced as "his wife", "her son": counted, not listed.
	possessive bool
	// member: "one victim", "the other": one of a group, listed only when
	// described (an age).
	member  bool
	ordinal bool // "a fifth person": one more of the toll, listed
	plain   bool // introduced with a plain "a"/"an"
	// experienced: a speaker whose words tell what they saw or heard.
	experienced bool
	excluded    bool // performer, journalist, other event
	speaker     bool
	official    bool
	witness     bool
	relative    bool
	perp        bool
	suspect     bool
	atLarge     bool
	victim      bool
	last        int // position of the last sentence mentioning it
	mentions    int
}

// mention is one reference to a person inside a sentence.
type mention struct {
	start, end int // token range
	e          *entity
	kind       int // mName, mIndef, mDef, mPronoun
	plural     bool
}

const (
	mName = iota
	mIndef
	mDef
	mPronoun
)

var pronouns = map[string]string{"he": "m", "she": "f", "they": "p", "both": "p"}

var auxiliaries = set("was", "were", "been", "being", "is", "are", "be", "got", "get", "gets", "has", "had", "have")

var particles = set("de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "bin", "ibn", "al", "el", "la", "le", "dos", "das", "ter", "y", "e")

var nameCues = set("named", "identified", "name", "names")

// entities runs the people pass once and caches it: figures use the
// implicit counts, people() the list.
func (d *doc) entities() []*entity {
	if d.entsDone {
		return d.ents
	}
	d.entsDone = true
	for _, s := range d.sents {
		if s.kind == blockRelated || d.pastYear(s) {
			continue
		}
		d.sentenceEntities(s)
	}
	d.applyInclusions()
	d.mergeSummary()
	d.mergeRestated()
	return d.ents
}

// groupKinds reads the victim kinds of the clause a group member is
// included in: "Four people have died, including …", "… including …, were
// injured" (the nearest cue before "including", else the first after it).
func groupKinds(low []string, inc int) kinds {
	for j := inc - 1; j >= max(0, inc-12); j-- {
		if low[j] == "." || low[j] == ";" {
			break
		}
		if k, _ := cueAt(low, j); k&kVictim != 0 && !negatedAt(low, j, 0) && !modalNear(low, j, j+1) {
			return k & kVictim
		}
	}
	for j := inc + 1; j < min(len(low), inc+16); j++ {
		if low[j] == "." || low[j] == ";" {
			break
		}
		if k, _ := cueAt(low, j); k&kVictim != 0 && !negatedAt(low, j, 0) && !modalNear(low, j, j+1) {
			return k & kVictim
		}
	}
	return 0
}

// alongWith: "X also died, along with a Romanian guide, Ioana Stănescu":
// the one added shares what the sentence says of the people before it.
func (d *doc) alongWith(s *sent, ms []mention) {
	low := s.low
	for mi, m := range ms {
		w := m.start
		if m.kind == mName && w > 0 && low[w-1] == "," {
			// "along with a Romanian guide, Ioana Stănescu"
			q := w - 2
			for q > 0 && q >= w-6 && s.toks[q].word && low[q] != "with" {
				q--
			}
			if q > 0 && low[q] == "with" {
				w = q + 1
			}
		}
		if w < 2 || !(low[w-2] == "along" && low[w-1] == "with" || low[w-1] == "with" && w >= 3 && low[w-3] == "together" ||
			low[w-2] == "as" && (low[w-1] == "did" || low[w-1] == "was" || low[w-1] == "were")) {
			// ("… died at the scene, as did a passenger in the SUV")
			continue
		}
		var k kinds
		for _, p := range ms[:mi] {
			if p.e != nil && containsEnt(d.ents, p.e) {
				k |= p.e.k & kVictim
			}
		}
		if k == 0 {
			return
		}
		t := m.e
		if mi+1 < len(ms) && ms[mi+1].kind == mName && ms[mi+1].start == m.end+1 && low[m.end] == "," {
			t = ms[mi+1].e
		}
		if t != nil && containsEnt(d.ents, t) {
			t.k |= k
			t.victim = true
		}
	}
}

// coordinatedAfterApposition: "Keisha Brandt, 41, of Poughkeepsie, and her
// passenger, Luis Ortega, …": the words between two mentions are an
// apposition then "and", or the second mention is an apposition of the
// first ("her passenger, Luis Ortega").
func coordinatedAfterApposition(s *sent, a, b int) bool {
	if b <= a || b-a > 9 {
		return false
	}
	if b == a+1 && s.low[a] == "," {
		return true
	}
	if s.low[a] != "," || s.low[b-1] != "and" {
		return false
	}
	for k := a; k < b-1; k++ {
		w := s.low[k]
		if _, ok := smallAge(w); ok || w == "," || w == "of" || w == "from" || w == "aged" || s.toks[k].cap || particles[w] {
			continue
		}
		if _, ok := demonyms[w]; ok {
			continue
		}
		return false
	}
	return true
}

// appositionGap: only an age or brackets stand between a mention ending at
// a and the comma at b: "PC Keith Palmer, 48, a husband and father".
func appositionGap(s *sent, a, b int) bool {
	if b-a > 4 {
		return false
	}
	for k := a; k < b; k++ {
		w := s.low[k]
		if _, ok := smallAge(w); !ok && w != "," && w != "(" && w != ")" && w != "aged" {
			return false
		}
	}
	return true
}

// includingBefore finds the "including" that opens the list a member at
// from+1 belongs to, or -1: only list words may stand between.
func includingBefore(low []string, from int) int {
	for j := from; j >= max(0, from-10); j-- {
		switch low[j] {
		case "including":
			return j
		case ".", ";", ":", "was", "were", "is", "are", "has", "have", "had", "who", "which", "said", "after", "when":
			return -1
		}
		if k, _ := cueAt(low, j); k != 0 {
			return -1
		}
	}
	return -1
}

// applyInclusions gives the group's kinds to the people the included members
// refer to: the attacker "included" among the dead died, however the body
// tells how he was shot. Only people already met are touched; an unmatched
// member stays part of the group.
func (d *doc) applyInclusions() {
	for _, in := range d.inclusions {
		for _, o := range d.ents {
			if o.count != 1 || o.speaker || o.possessive || o.excluded {
				continue
			}
			match := false
			if perpetratorNouns[in.e.noun] {
				match = o.perp
			} else if in.e.noun != "" && !genericNoun(in.e.noun) {
				match = !o.perp && !o.suspect && (o.noun == in.e.noun || synonyms[o.noun] != "" && synonyms[o.noun] == synonyms[in.e.noun] ||
					o.desc != nil && strings.HasSuffix(*o.desc, in.e.noun))
			}
			if !match {
				continue
			}
			o.k |= in.k
			if o.k&kKilled != 0 {
				o.k &^= kInjured | kCritical | kHospitalized
			}
			if !o.perp {
				o.victim = true
			}
		}
	}
}

// reducedPassive: "the police officer killed guarding Parliament", "a man
// stabbed in the street": a victim verb right after a noun with no object
// after it is a passive participle, not the noun's act.
func reducedPassive(s *sent, j int) bool {
	switch s.low[j] {
	case "killed", "stabbed", "shot", "attacked", "murdered", "injured", "wounded", "struck", "hit", "knifed", "beat", "strangled", "targeted":
	default:
		return false
	}
	if j+1 >= len(s.low) {
		return true
	}
	n := s.low[j+1]
	if determiners[n] || numberToken(n) || s.toks[j+1].cap || n == "him" || n == "her" || n == "them" || n == "people" || n == "at" && j+2 < len(s.low) && s.low[j+2] == "least" {
		return false
	}
	if _, ok := smallCount(n); ok {
		return false
	}
	if numwords.MayStart(n) {
		return false
	}
	return true
}

// descNoun: a person noun before a name that tells what they are.
func descNoun(w string) bool {
	if _, ok := personNouns[w]; !ok || genericNoun(w) || compoundOnly[w] || perpetratorNouns[w] || relativeWords[w] || w == "officer" {
		return jobWords[w] && !relativeWords[w] && w != "owner" && w != "manager" && w != "director"
	}
	return true
}

// casualtyStory reports whether any sentence names a victim kind.
func (d *doc) casualtyStory() bool {
	if d.casualty == 0 {
		d.casualty = 2
		for _, s := range d.sents {
			for j := range s.low {
				if k, _ := cueAt(s.low, j); k&kVictim != 0 {
					d.casualty = 1
					return true
				}
			}
		}
	}
	return d.casualty == 1
}

// genericNoun heads say nothing that tells one person from another.
func genericNoun(w string) bool {
	switch w {
	case "man", "woman", "boy", "girl", "male", "female", "person", "victim", "child", "teenager":
		return true
	}
	return false
}

func (d *doc) pastYear(s *sent) bool {
	for _, y := range s.years {
		if d.refYear != 0 && y < d.refYear {
			return true
		}
	}
	return false
}

// implicitCount counts the individuals a kind applies to: "a man was shot
// dead" → 1. Perpetrators are not counted among the dead or injured.
func implicitCount(ents []*entity, k kinds, bigEvent bool) (int, string) {
	n := 0
	ev := ""
	for _, e := range ents {
		if e.k&k == 0 || e.excluded {
			continue
		}
		if bigEvent && e.possessive {
			// In a larger toll, "his wife" or "one of the men" described one by
			// one is part of the stated counts, not a count of its own.
			continue
		}
		if (e.perp) && k&kVictim != 0 {
			continue
		}
		n += e.count
		if ev == "" {
			ev = e.evidence
		}
	}
	return n, ev
}

// sentenceEntities finds the person mentions of a sentence, resolves them
// and applies what the sentence says about them.
func (d *doc) sentenceEntities(s *sent) {
	low := s.low
	ms := d.findMentions(s)
	if len(ms) == 0 {
		return
	}
	before := len(d.ents)
	for mi := range ms {
		d.resolve(s, &ms[mi], ms[:mi])
	}
	for mi := range ms {
		m := ms[mi]
		e := m.e
		if e == nil {
			continue
		}
		// Coordinated subjects share the predicate: "The driver and a passenger were …".
		last := mi
		for last+1 < len(ms) && (ms[last+1].start == ms[last].end+1 && low[ms[last].end] == "and" || coordinatedAfterApposition(s, ms[last].end, ms[last+1].start)) {
			last++
		}
		limit := len(low)
		if last+1 < len(ms) {
			limit = ms[last+1].start
		}
		d.applyPredicate(s, m, ms[last].end, limit)
		d.applyContext(s, m, ms, mi)
		e.last = s.pos
		e.mentions++
	}
	d.alongWith(s, ms)
	d.applyNaming(s, ms)
	// A name first met right after a described individual of the same part
	// is usually that individual: "A man has been charged. Jason Smith, 34, …".
	for _, m := range ms {
		e := m.e
		if m.kind != mName || e == nil || e.mentions != 1 || !containsEnt(d.ents[before:], e) {
			continue
		}
		for i := before - 1; i >= 0 && i >= before-4; i-- {
			o := d.ents[i]
			if o.name != "" || o.count != 1 || s.pos-o.last > 4 || o.possessive {
				continue
			}
			if e.desc != nil && o.desc != nil && !sameNoun(o, e) && *o.desc != *e.desc {
				// "a police officer" is not "American tourist Kurt Cochran".
				continue
			}
			if o.suspect && e.suspect && !o.perp || o.k&kVictim != 0 && e.k&kVictim != 0 && !e.perp && !o.perp && (o.k&kKilled == e.k&kKilled) {
				mergeInto(e, o)
				d.drop(o)
				break
			}
		}
	}
}

func containsEnt(es []*entity, e *entity) bool {
	for _, o := range es {
		if o == e {
			return true
		}
	}
	return false
}

// findMentions lists names, described individuals, groups and pronouns in
// reading order.
func (d *doc) findMentions(s *sent) []mention {
	low := s.low
	toks := s.toks
	var ms []mention
	for i := 0; i < len(toks); i++ {
		w := low[i]
		// "The Spanish driver": a capitalised determiner opens a noun phrase.
		if toks[i].cap && determiners[w] {
			if m, ok := nounPhrase(s, i); ok {
				ms = append(ms, m)
				i = m.end - 1
				continue
			}
		}
		// Names: runs of capitalised words.
		if toks[i].cap && toks[i].word {
			j := i
			for j < len(toks) && (toks[j].cap && toks[j].word || particles[low[j]] && j+1 < len(toks) && (toks[j+1].cap || particles[low[j+1]] && j+2 < len(toks) && toks[j+2].cap)) {
				j++
			}
			if m, ok := d.nameMention(s, i, j); ok {
				ms = append(ms, m)
				i = j - 1
				continue
			}
			// A bare person noun opening a headline: "Man, 52, shot dead".
			if i == 0 && s.kind == blockHeadline {
				if g, ok := personNouns[w]; ok && !compoundOnly[w] {
					ms = append(ms, mention{start: 0, end: 1, kind: mIndef, e: &entity{noun: w, gender: g, count: 1}})
					continue
				}
			}
			if j > i+1 {
				// Skip the rest of a capitalised run that is not a name, but keep
				// its last word: it may head a lower-case NP.
				i = j - 2
				continue
			}
		}
		if s.kind == blockHeadline && !toks[i].cap && i > 0 && !determiners[low[i-1]] {
			if g, ok := personNouns[w]; ok && !compoundOnly[w] && !objectNouns[nextWord(low, i)] {
				ms = append(ms, mention{start: i, end: i + 1, kind: mIndef, e: &entity{noun: w, gender: g, count: 1, perp: perpetratorNouns[w]}})
				continue
			}
		}
		if g, ok := pronouns[w]; ok && (i == 0 || low[i-1] == "," || low[i-1] == "and" || low[i-1] == "but" || low[i-1] == "where" || low[i-1] == "after" || low[i-1] == "when" || low[i-1] == "before" || low[i-1] == "until" || low[i-1] == "\"") {
			ms = append(ms, mention{start: i, end: i + 1, kind: mPronoun, plural: g == "p", e: &entity{gender: g}})
			continue
		}
		if m, ok := nounPhrase(s, i); ok {
			ms = append(ms, m)
			i = m.end - 1
		}
	}
	return ms
}

// nounPhrase reads "a 52-year-old man", "the victim", "another woman", "a
// third", "two men", "the wounded men" at i.
func nounPhrase(s *sent, i int) (mention, bool) {
	low := s.low
	w := low[i]
	kind := -1
	count := 1
	switch w {
	case "a", "an", "another", "one":
		kind = mIndef
	case "the", "his", "her", "their", "this", "that":
		kind = mDef
	}
	start := i
	j := i + 1
	// "one of the men", "one of them", "the other": a member of a group,
	// counted but not listed.
	if w == "one" && i+2 < len(low) && low[i+1] == "of" && (low[i+2] == "them" || low[i+2] == "the" || low[i+2] == "those") {
		e := j + 2
		if low[i+2] == "the" && e < len(low) && pluralPersonNouns[low[e]] {
			e++
		}
		return mention{start: i, end: e, kind: mIndef, e: &entity{count: 1, possessive: true, noun: "member"}}, true
	}
	if w == "the" && i+1 < len(low) && low[i+1] == "other" && (i+2 >= len(low) || !s.toks[i+2].word || auxiliaries[low[i+2]] || low[i+2] == "was") {
		return mention{start: i, end: i + 2, kind: mIndef, e: &entity{count: 1, possessive: true, member: true, noun: "member"}}, true
	}
	if kind == -1 {
		// Numeric groups: "two men", "three teenagers".
		if i+1 < len(low) && pluralPersonNouns[low[i+1]] && low[i+1] != "people" && low[i+1] != "others" {
			if v, ok := smallCount(w); ok {
				return mention{start: i, end: i + 2, kind: mIndef, plural: true,
					e: &entity{noun: low[i+1], count: v, gender: pluralGender(low[i+1])}}, true
			}
		}
		return mention{}, false
	}
	ordinal := false
	if kind == mIndef && j < len(low) && ordinalWords[low[j]] {
		ordinal = true
		j++
	}
	var age *int
	var nat *string
	desc := []string{}
	for ; j < len(low) && j < i+6; j++ {
		t := low[j]
		if a, ok := ageToken(t); ok {
			age = &a
			continue
		}
		if n, ok := demonyms[t]; ok {
			nat = storywatch.Ptr(n)
			continue
		}
		if g, ok := personNouns[t]; ok && !compoundOnly[t] {
			if t == "security" || t == "teenage" || t == "local" {
				if j+1 < len(low) && personish(low[j+1]) {
					desc = append(desc, t)
					continue
				}
			}
			desc = append(desc, t)
			if objectNouns[nextWord(low, j)] {
				return mention{}, false
			}
			e := &entity{noun: t, gender: g, count: 1, age: age, nat: nat, perp: perpetratorNouns[t],
				possessive: w == "his" || w == "her" || w == "their" || w == "one", member: w == "one", plain: (w == "a" || w == "an") && !ordinal, ordinal: ordinal}
			if len(desc) > 0 {
				e.desc = storywatch.Ptr(strings.Join(desc, " "))
			}
			// "the two men" is a group reference.
			return mention{start: start, end: j + 1, kind: kind, e: e}, true
		}
		if pluralPersonNouns[t] && kind == mDef {
			return mention{start: start, end: j + 1, kind: mDef, plural: true, e: &entity{noun: t, count: 0, gender: pluralGender(t)}}, true
		}
		if a, b, ok := strings.Cut(t, "-"); ok && s.toks[j].cap {
			if _, ok1 := demonyms[a]; ok1 {
				if _, ok2 := demonyms[b]; ok2 {
					continue // "German-Iranian"
				}
			}
		}
		if !s.toks[j].word || s.toks[j].cap || auxiliaries[t] || t == "of" || t == "in" || t == "and" || t == "to" || t == "for" || t == "who" || t == "from" || t == "at" || t == "on" || t == "by" {
			break
		}
		if _, ok := smallCount(t); ok && kind == mDef {
			continue
		}
		desc = append(desc, t)
	}
	if ordinal && kind == mIndef {
		// "a third" with no noun: one more of the group just mentioned.
		return mention{start: start, end: i + 2, kind: mIndef, e: &entity{count: 1}}, true
	}
	_ = count
	return mention{}, false
}

var ordinalWords = set("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")

func smallCount(w string) (int, bool) {
	switch w {
	case "two", "both":
		return 2, true
	case "three":
		return 3, true
	case "four":
		return 4, true
	case "five":
		return 5, true
	case "six":
		return 6, true
	}
	return 0, false
}

func pluralGender(w string) string {
	switch w {
	case "men", "boys", "policemen", "males", "brothers":
		return "m"
	case "women", "girls", "females", "sisters":
		return "f"
	}
	return ""
}

// ageToken reads "52-year-old".
func ageToken(t string) (int, bool) {
	num, rest, ok := strings.Cut(t, "-")
	if !ok || !strings.HasPrefix(rest, "year-old") {
		return 0, false
	}
	v := 0
	for _, c := range num {
		if c < '0' || c > '9' {
			if n, ok := wordAge(num); ok {
				return n, true
			}
			return 0, false
		}
		v = v*10 + int(c-'0')
		if v > 130 {
			return 0, false
		}
	}
	return v, num != ""
}

func wordAge(w string) (int, bool) {
	ages := map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
		"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
		"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
	v, ok := ages[w]
	return v, ok
}

// nameMention checks a capitalised run [i, j) for a person's name after
// cutting titles and descriptors off its front.
func (d *doc) nameMention(s *sent, i, j int) (mention, bool) {
	low := s.low
	toks := s.toks
	// Cut at the last title/descriptor word: "Butte County Sheriff Kory Honea".
	cut := i
	official := false
	var roles []string
	var nat *string
	var desc []string
	for k := i; k < j; k++ {
		w := strings.TrimSuffix(low[k], ".")
		_, noun := personNouns[w]
		if titles[w] || demonymOrDesc(w) && (!noun || k == 0) {
			if k+1 < j {
				cut = k + 1
			}
		}
	}
	if i > 0 && (locatives[low[i-1]] || low[i-1] == "the" && !titles[strings.TrimSuffix(low[i], ".")]) {
		return mention{}, false
	}
	// "Kevin Dunn, 29, of Orange Park": a hometown.
	if i > 1 && low[i-1] == "of" && (low[i-2] == "," || numberToken(low[i-2])) {
		return mention{}, false
	}
	for k := i; k < cut; k++ {
		w := strings.TrimSuffix(low[k], ".")
		if perpetratorNouns[w] || w == "survivor" || w == "victim" || witnessWords[w] || relativeWords[w] || excludedWords[w] || w == "suspect" {
			roles = append(roles, w)
		}
		if officialTitles[w] {
			official = true
		}
		if n, ok := demonyms[w]; ok {
			nat = storywatch.Ptr(n)
		}
		switch {
		case w == "constable" && k > i && strings.TrimSuffix(low[k-1], ".") == "chief":
			desc = []string{"chief constable"}
		case w == "pc" || w == "wpc" || w == "constable" || w == "sgt" || w == "sergeant":
			desc = []string{"police officer"}
		case descNoun(w):
			// "American tourist Kurt Cochran", "Firefighter Tom Reyes".
			desc = []string{w}
		}
	}
	// Trailing possessive: "Masood's".
	end := j
	words := make([]string, 0, end-cut)
	for k := cut; k < end; k++ {
		words = append(words, possessive(toks[k].text))
	}
	if len(words) == 0 {
		return mention{}, false
	}
	for k, w := range words {
		lw := strings.ToLower(w)
		if allCaps(w) && utf8.RuneCountInString(w) > 1 {
			return mention{}, false
		}
		if nonNameWords[lw] && !(k > 0 && (monthNames[lw] || surnameWords[lw])) && !particles[lw] {
			return mention{}, false
		}
		if k == 0 {
			if _, ok := demonyms[lw]; ok {
				return mention{}, false
			}
		}
		if !unicode.IsLetter([]rune(w)[0]) {
			return mention{}, false
		}
	}
	name := strings.Join(words, " ")
	if _, ok := countries[strings.ToLower(name)]; ok {
		return mention{}, false
	}
	titled := cut > i
	if len(words) == 1 {
		// A lone word is a person only when it names someone already met or
		// follows a title ("Mr Masood").
		if e := d.bySurname(words[0]); e != nil {
			return mention{start: i, end: j, kind: mName, e: e}, true
		}
		if !titled || !personTitle(low[cut-1]) {
			return mention{}, false
		}
	}
	if len(words) > 5 {
		return mention{}, false
	}
	e := &entity{name: name, count: 1, nat: nat, official: official && !plainTitle(low[i:cut])}
	for _, w := range roles {
		d.roleWord(e, w, true)
	}
	if len(desc) > 0 {
		e.desc = storywatch.Ptr(desc[0])
	}
	return mention{start: i, end: j, kind: mName, e: e}, true
}

var monthNames = set("may", "june", "april", "august", "march")

// surnameWords are place or common words that are also frequent surnames
// ("Helen Ward", "Anna Green"); they are accepted after a first name.
var surnameWords = set("ward", "green", "hill", "wood", "woods", "park", "lane", "bank", "banks", "field",
	"cross", "white", "north", "south", "west", "east", "young", "king", "hall", "church",
	"rivers", "brook", "brooks", "ford", "marsh", "rose", "english", "french", "scott", "london",
	"carter", "porter", "law", "grant", "case", "chase", "fox", "major", "bishop", "judge", "page")

func personTitle(w string) bool {
	w = strings.TrimSuffix(w, ".")
	switch w {
	case "mr", "mrs", "ms", "miss", "dr", "pc", "sgt", "det", "insp", "supt", "prof", "sir", "dame",
		"lord", "lady", "rev", "sheriff", "mayor", "president", "governor", "minister", "chancellor",
		"commissioner", "commander", "captain", "capt", "officer", "constable", "judge", "senator", "gov":
		return true
	}
	return false
}

// plainTitle: "Mr", "Mrs" and friends say nothing about office.
func plainTitle(ws []string) bool {
	for _, w := range ws {
		w = strings.TrimSuffix(w, ".")
		if officialTitles[w] {
			return false
		}
	}
	return true
}

func demonymOrDesc(w string) bool {
	if _, ok := demonyms[w]; ok {
		return true
	}
	if _, ok := personNouns[w]; ok {
		return true
	}
	return witnessWords[w] && w != "who" || relativeWords[w] || officialWords[w] || excludedWords[w] || jobWords[w] || w == "survivor" || w == "victim"
}

func allCaps(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
			if !unicode.IsUpper(r) {
				return false
			}
		}
	}
	return letters > 0
}

func (d *doc) bySurname(w string) *entity {
	for i := len(d.ents) - 1; i >= 0; i-- {
		e := d.ents[i]
		if e.name == "" {
			continue
		}
		parts := strings.Fields(e.name)
		if parts[len(parts)-1] == w || e.name == w || len(parts) > 1 && parts[0] == w {
			return e
		}
	}
	return nil
}

// resolve ties a mention to an entity already met, or registers a new one.
func (d *doc) resolve(s *sent, m *mention, prev []mention) {
	e := m.e
	low := s.low
	prevMs := prev
	if m.start > 0 && m.kind != mName {
		switch low[m.start-1] {
		case "and", ",":
			// "including a police officer and the attacker": a later member
			// of the same list.
			if inc := includingBefore(low, m.start-1); inc >= 0 && !m.plural && e.count == 1 {
				if k := groupKinds(low, inc); k != 0 && len(d.inclusions) < maxEntities {
					d.inclusions = append(d.inclusions, inclusion{e: e, k: k})
				}
				m.e = nil
				return
			}
		case "including", "excluding", "plus", "besides":
			// "four people, including the attacker": part of a group. The
			// member is not a person of its own here, but what the group's
			// clause says (died) applies to the one it refers to.
			if low[m.start-1] == "including" && !m.plural && e.count == 1 {
				if k := groupKinds(low, m.start-1); k != 0 && len(d.inclusions) < maxEntities {
					d.inclusions = append(d.inclusions, inclusion{e: e, k: k})
				}
			}
			m.e = nil
			return
		}
	}
	switch m.kind {
	case mName:
		// "a 39-year-old man from Uzbekistan, Rakhmat Akilov": the described
		// individual is this name.
		if len(prev) > 0 && m.start > 0 && low[m.start-1] == "," {
			p := prev[len(prev)-1]
			between := true
			for k := p.end; k < m.start-1; k++ {
				if !(s.toks[k].cap || low[k] == "from" || low[k] == "of" || low[k] == "in") {
					between = false
				}
			}
			if !between && m.start-1-p.end <= 4 && p.end < len(low) && low[p.end] == "of" {
				// "The driver of the sedan, Keisha Brandt": an of-phrase
				// with no verb.
				between = true
				for k := p.end; k < m.start-1; k++ {
					if !s.toks[k].word || auxiliaries[low[k]] || speechVerbs[low[k]] {
						between = false
					}
				}
			}
			if p.e != nil && p.e.name == "" && p.e.count == 1 && !p.plural && between && m.start-p.end < 6 {
				if old := d.byFullName(e.name); old != nil {
					e = old
				}
				mergeInto(e, p.e)
				if p.end < m.start-1 && low[p.end] == "from" {
					d.origin(s, e, p.end+1, m.start-1)
				}
				d.drop(p.e)
				m.e = e
				if !containsEnt(d.ents, e) && len(d.ents) < maxEntities {
					e.summary = s.summary
					e.evidence = s.text
					e.last = s.pos
					d.ents = append(d.ents, e)
				}
				return
			}
		}
		for _, old := range d.ents {
			if old == e {
				return
			}
		}
		if old := d.byFullName(e.name); old != nil {
			old.official = old.official || e.official
			if old.nat == nil {
				old.nat = e.nat
			}
			m.e = old
			return
		}
	case mPronoun:
		m.e = d.recent(s, func(o *entity) bool {
			if m.plural {
				return o.count > 1
			}
			return o.count == 1 && (o.gender == e.gender || o.gender == "") && !o.official && !o.witness && !o.speaker
		})
		return
	case mDef:
		if m.plural {
			m.e = d.recent(s, func(o *entity) bool {
				return o.count > 1 && (o.noun == e.noun || e.noun == "victims" || e.noun == "people")
			})
			return
		}
		old := d.recent(s, func(o *entity) bool { return o.count == 1 && o.noun == e.noun && e.noun != "victim" })
		if old == nil {
			old = d.recent(s, func(o *entity) bool { return nounMatch(o, e) })
		}
		if old != nil {
			if old.age == nil {
				old.age = e.age
			}
			m.e = old
			return
		}
	case mIndef:
		if e.noun == "" && e.count == 1 {
			// "a third": same noun as the group before it.
			if g := d.recent(s, func(o *entity) bool { return o.count > 1 }); g != nil {
				e.noun = singular(g.noun)
				e.gender = g.gender
			}
		}
		// An apposition: "The van driver, a 34-year-old woman, …".
		if m.start > 0 && s.low[m.start-1] == "," && len(d.ents) > 0 {
			// Only the mention just before the comma (an age may stand
			// between), even one resolved to an earlier sentence's person:
			// "The attacker, a man, …" but not "Teen killed, woman hurt".
			var prev *entity
			if n := len(prevMs); n > 0 && appositionGap(s, prevMs[n-1].end, m.start-1) && prevMs[n-1].e != nil && prevMs[n-1].e.count == 1 && !prevMs[n-1].plural {
				prev = prevMs[n-1].e
				prev.last = s.pos
			}
			if prev != nil {
				if prev.age == nil {
					prev.age = e.age
				}
				if prev.nat == nil {
					prev.nat = e.nat
				}
				if prev.gender == "" {
					prev.gender = e.gender
				}
				m.e = prev
				return
			}
		}
	}
	if len(d.ents) >= maxEntities {
		// Hostile input: every lookup scans the entities, so their number
		// is what keeps extraction linear.
		m.e = nil
		return
	}
	e.summary = s.summary
	e.rank = s.rank
	e.evidence = s.text
	e.last = s.pos
	d.ents = append(d.ents, e)
}

// maxEntities bounds the people of one article; real ones have a few dozen.
const maxEntities = 300

func singular(w string) string {
	switch w {
	case "men":
		return "man"
	case "women":
		return "woman"
	case "children":
		return "child"
	}
	return strings.TrimSuffix(w, "s")
}

func nounMatch(o, e *entity) bool {
	if o.count != 1 {
		return false
	}
	switch e.noun {
	case "victim":
		return o.k&kVictim != 0 || o.victim
	case "suspect":
		return o.suspect || o.k&kArrested != 0
	case "driver":
		if o.perp {
			return true
		}
	case "man", "boy", "male", "woman", "girl", "female":
		return (o.gender == e.gender || o.gender == "" && o.name == "" && o.noun != "") && !o.official && !o.speaker || o.noun == e.noun
	}
	if perpetratorNouns[e.noun] {
		return o.perp || o.suspect
	}
	if o.noun == e.noun {
		return true
	}
	// "A motorcyclist has died … The rider, a 41-year-old man, …"
	return synonyms[o.noun] != "" && synonyms[o.noun] == synonyms[e.noun] && o.name == ""
}

// synonyms group person nouns that news copy alternates between.
var synonyms = map[string]string{
	"motorcyclist": "rider", "rider": "rider", "biker": "rider", "cyclist": "rider",
	"driver": "driver", "motorist": "driver",
	"teenager": "young", "teen": "young", "youth": "young", "boy": "young", "girl": "young", "schoolboy": "young", "schoolgirl": "young",
	"pensioner": "old", "grandmother": "old", "grandfather": "old",
	"child": "child", "toddler": "child", "baby": "child", "infant": "child",
	"officer": "police", "policeman": "police", "policewoman": "police", "constable": "police",
	"pedestrian": "walker", "walker": "walker", "jogger": "walker",
	"attacker": "attacker", "gunman": "attacker", "assailant": "attacker", "shooter": "attacker", "bomber": "attacker", "knifeman": "attacker", "killer": "attacker",
}

// recent finds the most recently mentioned entity that ok accepts.
func (d *doc) recent(s *sent, ok func(*entity) bool) *entity {
	var best *entity
	for i := len(d.ents) - 1; i >= 0; i-- {
		e := d.ents[i]
		if s.pos-e.last > 6 && e.name == "" {
			continue
		}
		if d.live && !s.summary && !e.summary && e.rank > s.rank {
			// Live blogs read newest first: an older entry cannot refer
			// back to someone a newer entry introduces.
			continue
		}
		if (best == nil || e.last > best.last) && ok(e) {
			best = e
		}
	}
	return best
}

func (d *doc) byFullName(name string) *entity {
	for _, e := range d.ents {
		if e.name == name {
			return e
		}
		// "Masood" met first as a surname, now in full.
		if e.name != "" && !strings.Contains(e.name, " ") && strings.HasSuffix(name, " "+e.name) {
			e.name = name
			return e
		}
	}
	return nil
}

var passiveAgents = set("police", "officers", "troops", "soldiers", "security", "armed", "marksmen", "snipers", "forces")

// attackVerbs in the active voice make their subject the perpetrator.
var attackVerbs = set("killed", "stabbed", "shot", "attacked", "murdered", "injured", "wounded", "opened",
	"detonated", "drove", "rammed", "fired", "kills", "kill", "stabs", "shoots", "ploughed", "plowed",
	"carried", "set", "targeted", "hijacked", "blew", "struck", "hit", "knifed", "beat", "strangled")

// applyPredicate reads what the words after a mention say about it: the
// figure kinds ("was shot dead", "taken to hospital"), arrests, and active
// attack verbs that mark a perpetrator. from is where the predicate starts
// (after a coordinated "X and Y").
func (d *doc) applyPredicate(s *sent, m mention, from, limit int) {
	low := s.low
	e := m.e
	var k kinds
	// Verbs before the mention: "police arrested a man", "killing a woman".
	for p := m.start - 1; p >= max(0, m.start-3); p-- {
		if tk, ok := transitive[low[p]]; ok || low[p] == "stabbed" || low[p] == "shot" {
			if !ok {
				tk = kInjured
			}
			if p > 0 && auxiliaries[low[p-1]] {
				break
			}
			k |= tk
			break
		}
		if !s.toks[p].word || low[p] == "said" || low[p] == "left" || low[p] == "leaving" {
			break
		}
	}
	// Skip an apposition: "Khalid Masood, 52, who was born in Kent, …".
	pstart := from
	if pstart < len(low) && low[pstart] == "," {
		q := pstart + 1
		for q < len(low) && q < pstart+14 && low[q] != "," && low[q] != "." {
			q++
		}
		if q < len(low) && low[q] == "," {
			pstart = q + 1
		}
	}
	passive := s.kind == blockHeadline // headlines drop auxiliaries: "Man shot dead"
	foundSafe := false
	crime := false
	relClause := false
	end := min(limit, from+18)
	for j := from; j < end; j++ {
		w := low[j]
		if speechVerbs[w] && w != "confirmed" && w != "described" {
			break
		}
		if w == ";" || w == "while" || w == "but" && j+1 < len(low) && !auxiliaries[low[j+1]] && low[j+1] != "died" && low[j+1] != "later" {
			break
		}
		if beForms[w] {
			passive = true
		}
		if w == "that" || w == "which" {
			relClause = true
		}
		if (w == "killing" || w == "wounding" || w == "injuring") && !passive && !relClause && m.kind != mPronoun && j > pstart {
			// "… brought the aircraft down, killing all 150": the subject did it.
			e.perp = true
		}
		if w == "by" && passive && j+1 < len(low) && (passiveAgents[low[j+1]] || j+2 < len(low) && passiveAgents[low[j+2]]) && (k&kKilled != 0 || j > 0 && (low[j-1] == "shot" || low[j-1] == "killed")) {
			// "shot dead by police", "shot by armed officers": the attacker,
			// not a victim.
			e.perp = true
		}
		if attackVerbs[w] && !passive && (j == pstart || j == pstart+1 && (low[pstart] == "who" || low[pstart] == "then")) &&
			!(j+1 < len(low) && (low[j+1] == "dead" || low[j+1] == "to")) && m.kind != mPronoun &&
			!(j == pstart && m.kind != mName && reducedPassive(s, j)) {
			e.perp = true
			continue
		}
		switch w {
		case "charged", "remanded", "accused", "custody", "suspected", "appear", "appeared", "appears":
			if w != "appear" && w != "appeared" && w != "appears" || strings.Contains(strings.ToLower(s.text[s.toks[j].start:]), "court") {
				e.suspect = true
			}
		case "investigated", "questioned", "interviewed":
			// "he was being investigated", "is being questioned by police"
			if j > 0 && (low[j-1] == "being" || low[j-1] == "been") && !negatedAt(low, j, from) {
				e.suspect = true
			}
		case "found":
			if j >= 2 && (low[j-1] == "been" && (low[j-2] == "not" || low[j-2] == "yet")) {
				e.atLarge = true
				e.suspect = e.suspect || e.perp
			}
			if j+1 < len(low) && (low[j+1] == "safe" || low[j+1] == "alive" || low[j+1] == "unharmed" || low[j+1] == "well") && !negatedAt(low, j, from) {
				// "who went missing … has been found safe and well"
				foundSafe = true
			}
		case "wanted", "large", "run":
			if w == "wanted" || j > 0 && (low[j-1] == "at" || low[j-1] == "the") {
				e.atLarge = true
				e.suspect = true
			}
		}
		switch w {
		case "suspicion", "connection", "charges", "offence", "offences", "murder", "manslaughter", "causing":
			// The crime a suspect is held for is not something done to them.
			crime = true
		}
		ck, n := cueAt(low, j)
		if ck == 0 {
			continue
		}
		if crime {
			ck &= kArrested
			if ck == 0 {
				continue
			}
		}
		if j > 0 && (low[j-1] == "the" || low[j-1] == "those") && !(j > 1 && low[j-2] == "among") {
			// "helped carry the wounded" names other people.
			j += n - 1
			continue
		}
		if negatedAt(low, j, from) {
			j += n - 1
			continue
		}
		if modalNear(low, j, j+1) {
			j += n - 1
			continue
		}
		k |= ck
		j += n - 1
	}
	if k&kArrested != 0 {
		e.suspect = true
	}
	if foundSafe {
		k &^= kMissing
		e.k &^= kMissing
	}
	if e.perp && k&kKilled != 0 {
		e.k |= kKilled
		return
	}
	e.k |= k
	if e.k&kKilled != 0 {
		// Someone who died is counted among the dead only.
		e.k &^= kInjured | kCritical | kHospitalized
	}
}

// applyContext reads appositions and words around a mention: age, origin,
// description and the role cues (title, "witness", "mother", "singer").
func (d *doc) applyContext(s *sent, m mention, ms []mention, mi int) {
	low := s.low
	e := m.e
	// "a Romanian guide, Ioana Stănescu": the described nationality.
	if m.kind == mName && e.nat == nil && m.start >= 4 && low[m.start-1] == "," && (low[m.start-4] == "a" || low[m.start-4] == "an" || low[m.start-4] == "the") {
		if n, ok := demonyms[low[m.start-3]]; ok && s.toks[m.start-2].word && !s.toks[m.start-2].cap {
			e.nat = storywatch.Ptr(n)
		}
	}
	// Before: "American tourist Kurt Cochran", "8-year-old Saffie-Rose Roussos".
	for p := m.start - 1; p >= max(0, m.start-4); p-- {
		w := low[p]
		if p < m.start-1 && (w == "." || w == ";") {
			break
		}
		if a, ok := ageToken(w); ok && e.age == nil && m.kind == mName {
			e.age = &a
		}
		if n, ok := demonyms[w]; ok && e.nat == nil && m.kind == mName && p >= m.start-2 {
			e.nat = storywatch.Ptr(n)
		}
		if !descriptorish(w) {
			break
		}
		if m.kind == mName && p == m.start-1 && e.desc == nil && descNoun(w) {
			// "American tourist Kurt Cochran"
			e.desc = storywatch.Ptr(w)
		}
		d.roleWord(e, w, m.kind == mName)
	}
	// After: ", 48, from Utah," "(52)", ", aged 75", ", a festival-goer from Alaska,".
	j := m.end
	for rounds := 0; rounds < 3 && j < len(low); rounds++ {
		open := low[j]
		if open != "," && open != "(" {
			break
		}
		if open == "," && rounds > 0 && !appositionStart(s, j+1) {
			break
		}
		k := j + 1
		for k < len(low) && low[k] != "," && low[k] != ")" && low[k] != "." && low[k] != ";" && k < j+14 {
			k++
		}
		d.apposition(s, e, j+1, k, m.kind == mName)
		if k < len(low) && low[k] == ")" {
			k++
		}
		j = k
	}
	// "aged 75" right after the name.
	if j+1 < len(low) && low[j] == "aged" && e.age == nil {
		if v, ok := smallAge(low[j+1]); ok {
			e.age = &v
		}
	}
	// Speaker: "X said", "said X", "X told", "according to X".
	if mi >= 0 {
		after := m.end
		for after < len(low) && after < m.end+16 && (low[after] == "," || !s.toks[after].word || after > m.end && low[after-1] == "," && after < j) {
			after++
		}
		jj := j
		if jj < len(low) && low[jj] == "," {
			jj++
		}
		if jj < len(low) && speechVerbs[low[jj]] {
			e.speaker = true
		}
		sv := m.start - 1
		for sv > 0 && sv > m.start-4 && s.toks[sv].word && !s.toks[sv].cap && descriptorish(low[sv]) && !speechVerbs[low[sv]] {
			sv-- // "said neighbor Darnell Price"
		}
		saidBefore := sv >= 0 && speechVerbs[low[sv]] && (m.end >= len(low) || low[m.end] == "," || low[m.end] == "." || low[m.end] == "(")
		if after < len(low) && speechVerbs[low[after]] || j < len(low) && speechVerbs[low[j]] || saidBefore ||
			m.start > 1 && low[m.start-2] == "according" || m.end < len(low) && low[m.end] == ":" {
			e.speaker = true
		}
		if m.end < len(low) && (low[m.end] == "said" || low[m.end] == "says" || low[m.end] == "told" || low[m.end] == "added") {
			e.speaker = true
		}
	}
	if e.speaker && !e.experienced {
		for _, w := range low {
			if experienceWords[w] && (!firstPerson[w] || d.casualtyStory()) || witnessWords[w] && w != "who" && w != "nearby" && (!placeWitness[w] || d.casualtyStory()) {
				e.experienced = true
				break
			}
		}
	}
	// "Tributes have been paid to X", "X's family".
	for p := max(0, m.start-6); p < m.start; p++ {
		if low[p] == "tributes" || low[p] == "tribute" {
			e.victim = true
			e.k |= kKilled
		}
	}
	if m.end < len(s.toks) && m.kind == mName && (strings.HasSuffix(s.toks[m.end-1].low, "'s")) && m.end < len(low) && (low[m.end] == "family" || low[m.end] == "death" || low[m.end] == "killing" || low[m.end] == "funeral") {
		e.victim = true
		e.k |= kKilled
	}
}

func smallAge(w string) (int, bool) {
	v := 0
	for _, c := range w {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
		if v > 130 {
			return 0, false
		}
	}
	return v, w != ""
}

// apposition reads tokens [a, b) after a comma or bracket.
func (d *doc) apposition(s *sent, e *entity, a, b int, named bool) {
	low := s.low
	if a >= b {
		return
	}
	if b-a == 1 {
		if v, ok := smallAge(low[a]); ok && named {
			if e.age == nil {
				e.age = &v
			}
			return
		}
	}
	if low[a] == "aged" && a+1 < b {
		if v, ok := smallAge(low[a+1]); ok && e.age == nil {
			e.age = &v
		}
		return
	}
	if (low[a] == "from" || low[a] == "of") && a+1 < b && s.toks[a+1].cap {
		d.origin(s, e, a+1, b)
		return
	}
	if low[a] != "a" && low[a] != "an" && low[a] != "the" && low[a] != "who" && !s.toks[a].cap {
		if _, ok := ageToken(low[a]); !ok {
			if _, ok := demonyms[low[a]]; !ok {
				return
			}
		}
	}
	var desc []string
	for k := a; k < b; k++ {
		w := low[k]
		if k > a && (w == "from" || w == "of" && k+1 < b && s.toks[k+1].cap) && k+1 < b && s.toks[k+1].cap {
			d.origin(s, e, k+1, b)
			break
		}
		if v, ok := ageToken(w); ok {
			if e.age == nil {
				e.age = &v
			}
			continue
		}
		if n, ok := demonyms[w]; ok {
			if e.nat == nil {
				e.nat = storywatch.Ptr(n)
			}
			continue
		}
		d.roleWord(e, w, named)
		if w == "a" || w == "an" || w == "the" || w == "who" {
			if w == "who" {
				if k+1 < b && attackVerbs[low[k+1]] && low[k+1] != "hit" {
					e.perp = true
				}
				break
			}
			continue
		}
		if w == "who" || w == "which" || w == "that" || auxiliaries[w] {
			if w == "who" && k+1 < b && attackVerbs[low[k+1]] && low[k+1] != "hit" {
				e.perp = true
			}
			break
		}
		desc = append(desc, s.toks[k].text)
	}
	if len(desc) > 0 && len(desc) <= 5 && e.desc == nil && named {
		e.desc = storywatch.Ptr(strings.Join(desc, " "))
	}
}

// origin reads "from Utah", "of West Baltimore", "from Romania" (a country
// gives a nationality).
func (d *doc) origin(s *sent, e *entity, a, b int) {
	k := a
	for k < b && (s.toks[k].cap || particles[s.low[k]]) {
		k++
	}
	if k == a {
		return
	}
	place := s.text[s.toks[a].start:s.toks[k-1].end]
	if n, ok := countries[strings.ToLower(place)]; ok {
		if e.nat == nil {
			e.nat = storywatch.Ptr(n)
		}
		return
	}
	if e.hometown == nil {
		e.hometown = storywatch.Ptr(place)
	}
}

// roleWord notes what a nearby word says about a person's part.
func (d *doc) roleWord(e *entity, w string, named bool) {
	switch {
	case perpetratorNouns[w]:
		e.perp = true
	case w == "suspect" || w == "accused" || w == "defendant":
		e.suspect = true
	case w == "victim" || w == "survivor":
		e.victim = true
	case excludedWords[w]:
		e.excluded = true
	case relativeWords[w]:
		e.relative = true
	case officialWords[w]:
		e.official = true
	case witnessWords[w] && w != "who" && w != "nearby":
		e.witness = true
	}
}

// applyNaming handles "X has been named as Y", "The victims were named as
// A, B and C", "Among the dead was Y", "The final figure includes Y": the
// names take the role of what they name, and a name given to a described
// individual replaces it.
func (d *doc) applyNaming(s *sent, ms []mention) {
	low := s.low
	cue, payload := -1, -1
	for i, w := range low {
		switch {
		case nameCues[w]:
			for j := i + 1; j < min(len(low), i+5); j++ {
				if low[j] == "as" {
					cue, payload = i, j+1
					break
				}
			}
			if cue < 0 && i+1 < len(low) && (low[i+1] == "was" || low[i+1] == "were" || low[i+1] == "is") {
				cue, payload = i, i+2
			}
		case (w == "youngest" || w == "oldest" || w == "first" || w == "last") && i+1 < len(low) && (low[i+1] == "was" || low[i+1] == "is" || i+2 < len(low) && low[i+1] == "victim" && (low[i+2] == "was" || low[i+2] == "is")) && strings.Contains(s.text, "victim"):
			cue, payload = i, i+2
			if low[i+1] == "victim" {
				payload = i + 3
			}
		case w == "among" && i+2 < len(low) && (low[i+1] == "the" || low[i+1] == "those") && (low[i+2] == "dead" || low[i+2] == "killed" || low[i+2] == "victims" || low[i+2] == "injured" || low[i+2] == "wounded" || low[i+2] == "missing" || low[i+2] == "who"):
			cue, payload = i, i+3
		case (w == "was" || w == "is") && i > 2 && low[0] == "one" && low[1] == "of" && i < 12:
			// "One of those who died was José Muñoz", "One of them was X".
			cue, payload = i, i+1
		case (w == "victims" || w == "dead" || w == "figure" || w == "toll") && i+1 < len(low) && (low[i+1] == "included" || low[i+1] == "include" || low[i+1] == "includes" || low[i+1] == "were" || low[i+1] == "are"):
			cue, payload = i, i+2
		case (w == "victims" || w == "dead") && i+1 < len(low) && low[i+1] == ",":
			// "The victims, aged 54 to 97, included …"
			for j := i + 2; j < min(len(low)-1, i+10); j++ {
				if low[j] == "," && (low[j+1] == "included" || low[j+1] == "include" || low[j+1] == "were") {
					cue, payload = i, j+2
					break
				}
			}
		}
		if cue >= 0 {
			break
		}
	}
	if cue < 0 {
		return
	}
	var roleK kinds
	perp, susp, vict := false, false, false
	scan := func(a, b int) {
		for k := max(0, a); k < min(len(low), b); k++ {
			w := low[k]
			switch {
			case perpetratorNouns[w]:
				perp = true
			case w == "suspect" || w == "arrested" || w == "charged" || w == "accused":
				susp = true
			case w == "victim" || w == "victims" || w == "figure" || w == "toll" || w == "dead":
				vict = true
			}
			if ck, _ := cueAt(low, k); ck != 0 && !(k > 0 && low[k-1] == "who") {
				roleK |= ck
			}
		}
	}
	var subj *entity
	for _, m := range ms {
		if m.end <= payload && m.kind != mName && m.e != nil && !m.plural {
			subj = m.e
		}
	}
	// "… identified him as Marcus Whitfield": the object pronoun.
	for k := cue + 1; k < payload; k++ {
		if g := objectPronouns[low[k]]; g != "" && subj == nil {
			subj = d.recent(s, func(o *entity) bool {
				return o.count == 1 && o.name == "" && (o.gender == g || o.gender == "") && !o.official && !o.speaker
			})
		}
	}
	var named []*entity
	for _, m := range ms {
		if m.kind == mName && m.start >= payload && m.e != nil {
			named = append(named, m.e)
		}
	}
	if low[cue] == "was" || low[cue] == "is" {
		// "One of them was X": them are the previous sentence's people.
		if named == nil || low[2] != "them" || s.pos == 0 || s.pos-1 >= len(d.sents) {
			if named == nil {
				return
			}
		} else {
			ps := d.sents[s.pos-1]
			for k := range ps.low {
				if w := ps.low[k]; w == "victims" || w == "dead" {
					vict = true
					roleK |= kKilled
				}
			}
		}
	}
	if len(named) == 0 {
		// "Khalid Masood … was named as the attacker"
		for _, m := range ms {
			if m.kind == mName && m.end <= cue && m.e != nil {
				if speakerBetween(low, m.end, cue) {
					// "Commander Stuart Cundy said the figure included …"
					break
				}
				scan(cue, len(low))
				applyRole(m.e, perp, susp, vict, roleK)
				return
			}
		}
		return
	}
	scan(0, payload)
	if w := low[cue]; w == "among" || w == "figure" || w == "toll" || w == "dead" || w == "youngest" || w == "oldest" {
		vict = true
		if w != "among" || low[cue+2] != "injured" && low[cue+2] != "wounded" && low[cue+2] != "missing" {
			roleK |= kKilled
		}
	}
	if subj != nil && subj.name == "" && !subj.official && subj != named[0] {
		// The described individual gets the first name.
		mergeInto(named[0], subj)
		d.drop(subj)
		named[0].namedAs = nameCues[low[cue]]
	}
	for _, e := range named {
		applyRole(e, perp, susp, vict, roleK)
	}
	// "three Polish tourists: A, B and C": the group's nationality.
	first := len(low)
	for _, m := range ms {
		if m.kind == mName && m.start >= payload && m.start < first {
			first = m.start
		}
	}
	for k := payload; k < first && k < payload+6; k++ {
		if n, ok := demonyms[low[k]]; ok && k+1 < len(low) && pluralPersonNouns[low[k+1]] {
			for _, e := range named {
				if e.nat == nil {
					e.nat = storywatch.Ptr(n)
				}
			}
		}
	}
	// "A, B and C, all aged 9"
	for k := payload; k+2 < len(low); k++ {
		if low[k] == "all" && low[k+1] == "aged" {
			if v, ok := smallAge(low[k+2]); ok {
				for _, e := range named {
					if e.age == nil {
						e.age = storywatch.Ptr(v)
					}
				}
			}
			break
		}
	}
}

// speakerBetween: a speech verb between a name and a naming cue makes the
// name the source, not the one named.
func speakerBetween(low []string, a, b int) bool {
	for k := a; k < b && k < len(low); k++ {
		if speechVerbs[low[k]] {
			return true
		}
	}
	return false
}

func applyRole(e *entity, perp, susp, vict bool, k kinds) {
	switch {
	case perp:
		e.perp = true
		e.k |= k & kKilled
	case susp:
		e.suspect = true
		e.k |= k & kArrested
	case vict || k&kVictim != 0:
		e.victim = true
		e.k |= k & kVictim
		if e.k&kKilled != 0 {
			e.k &^= kInjured | kCritical | kHospitalized
		}
	}
}

// mergeInto moves what is known of a described individual onto its name.
func mergeInto(dst, src *entity) {
	dst.k |= src.k
	if dst.age == nil {
		dst.age = src.age
	}
	if dst.nat == nil {
		dst.nat = src.nat
	}
	if dst.hometown == nil {
		dst.hometown = src.hometown
	}
	if dst.desc == nil {
		dst.desc = src.desc
	}
	dst.perp = dst.perp || src.perp
	dst.suspect = dst.suspect || src.suspect
	dst.victim = dst.victim || src.victim
	dst.atLarge = dst.atLarge || src.atLarge
	if dst.noun == "" {
		dst.noun = src.noun
		dst.gender = src.gender
	}
	if dst.k&kKilled != 0 {
		dst.k &^= kInjured | kCritical | kHospitalized
	}
}

func (d *doc) drop(e *entity) {
	for i, o := range d.ents {
		if o == e {
			d.ents = append(d.ents[:i], d.ents[i+1:]...)
			return
		}
	}
}

// mergeSummary folds individuals introduced by the headline or standfirst
// into the body's matching ones: "Man, 52, shot" and "A 52-year-old man was
// shot" are one man.
func (d *doc) mergeSummary() {
	var keep []*entity
	for _, e := range d.ents {
		if !e.summary || e.name != "" || e.count != 1 {
			keep = append(keep, e)
			continue
		}
		// Prefer the body individual with the same noun: "A police officer
		// was among the dead" is the officer of the body, not the first
		// dead person met. The same noun also joins a summary's dead with a
		// body's wounded: the summary is newer ("was stabbed" … "died").
		var match *entity
		best := 0
		for _, o := range d.ents {
			if o == e || o.summary || o.count != 1 {
				continue
			}
			same := sameNoun(e, o)
			score := 0
			switch {
			case compatible(e, o) && same:
				score = 3
			case same && killedOrHurt(e, o):
				score = 2
			case compatible(e, o):
				score = 1
			}
			if score > best {
				match, best = o, score
			}
		}
		if match != nil {
			mergeInto(match, e)
			continue
		}
		keep = append(keep, e)
	}
	d.ents = keep
}

// sameNoun: both introduced with the same telling noun ("officer",
// "attacker"), or its synonym.
func sameNoun(a, b *entity) bool {
	if a.noun != "" && !genericNoun(a.noun) && b.desc != nil && strings.HasSuffix(*b.desc, a.noun) ||
		b.noun != "" && !genericNoun(b.noun) && a.desc != nil && strings.HasSuffix(*a.desc, b.noun) {
		// "PC Keith Palmer" (a police officer) and "a police officer".
		return true
	}
	if a.noun == "" || b.noun == "" || genericNoun(a.noun) || genericNoun(b.noun) {
		return false
	}
	return a.noun == b.noun || synonyms[a.noun] != "" && synonyms[a.noun] == synonyms[b.noun]
}

// killedOrHurt: one side says dead, the other hurt, and nothing else
// disagrees.
func killedOrHurt(a, b *entity) bool {
	if a.perp != b.perp || a.suspect != b.suspect {
		return false
	}
	if a.age != nil && b.age != nil && *a.age != *b.age {
		return false
	}
	hurt := kInjured | kCritical | kHospitalized
	return a.k&kKilled != 0 && b.k&hurt != 0 || b.k&kKilled != 0 && a.k&hurt != 0
}

func compatible(a, b *entity) bool {
	if a.age != nil && b.age != nil && *a.age != *b.age {
		return false
	}
	if a.gender != "" && b.gender != "" && a.gender != b.gender {
		return false
	}
	if a.perp != b.perp || a.suspect != b.suspect {
		return false
	}
	if a.k != 0 && b.k != 0 && a.k&b.k == 0 {
		return false
	}
	return a.noun == b.noun || a.gender != "" && a.gender == b.gender || synonyms[a.noun] != "" && synonyms[a.noun] == synonyms[b.noun] || b.name != "" && (a.k&b.k != 0) ||
		(a.gender == "" || b.gender == "") && a.k&b.k != 0
}

// people lists the entities that the contract asks for.
func (d *doc) people() []storywatch.Person {
	var out []storywatch.Person
	namedCulprit := false
	for _, e := range d.entities() {
		if e.name != "" && (e.perp || e.suspect) && !e.excluded {
			namedCulprit = true
		}
	}
	for _, e := range d.entities() {
		if e.name == "" && e.perp && namedCulprit {
			// "A gunman killed 49 … Brenton Tarrant was charged": most likely one man.
			continue
		}
		if e.name == "" && e.noun == "person" && e.age == nil && (e.desc == nil || *e.desc == "person" || *e.desc == "one person") && !e.perp && !e.suspect && !e.ordinal {
			// "one person was still missing": a count, nobody described.
			continue
		}
		if e.name == "" && e.perp && !e.suspect && e.k == 0 && !e.atLarge && e.age == nil && (e.desc == nil || *e.desc == e.noun) && e.mentions <= 1 {
			// "police have not released a description of the shooter": a
			// passing reference, nobody described.
			continue
		}
		if e.excluded && !e.perp && !e.suspect && !e.victim && e.k&kVictim == 0 || e.count != 1 || e.possessive && e.name == "" && !(e.member && e.age != nil) {
			continue
		}
		role := ""
		switch {
		case e.perp:
			role = storywatch.RolePerpetrator
		case e.suspect:
			role = storywatch.RoleSuspect
		case e.k&kVictim != 0 || e.victim && !e.speaker:
			role = storywatch.RoleVictim
		case e.victim:
			role = storywatch.RoleVictim
		case e.name == "":
		case e.official:
			role = storywatch.RoleOfficial
		case e.relative:
			role = storywatch.RoleOther
		case e.witness && e.speaker && (e.experienced || d.casualtyStory()):
			// A resident quoted about a planning decision is not a witness.
			role = storywatch.RoleWitness
		case e.speaker && e.experienced:
			role = storywatch.RoleWitness
		case e.speaker:
			role = storywatch.RoleOther
		}
		if role == "" {
			continue
		}
		p := storywatch.Person{Role: role, Age: e.age, Nationality: e.nat, Hometown: e.hometown, Description: e.desc, Evidence: e.evidence}
		if e.name != "" {
			p.Name = storywatch.Ptr(e.name)
		} else if e.desc == nil && e.noun != "" && e.noun != "man" && e.noun != "woman" {
			p.Description = storywatch.Ptr(e.noun)
		}
		switch {
		case e.k&kKilled != 0:
			p.Status = storywatch.Ptr(storywatch.StatusDead)
		case e.k&kMissing != 0:
			p.Status = storywatch.Ptr(storywatch.StatusMissing)
		case e.k&kArrested != 0 || role == storywatch.RoleSuspect && e.suspect && !e.atLarge:
			if e.k&kArrested != 0 {
				p.Status = storywatch.Ptr(storywatch.StatusArrested)
			}
		case e.atLarge:
			p.Status = storywatch.Ptr(storywatch.StatusAtLarge)
		case e.k&(kInjured|kCritical|kHospitalized) != 0:
			p.Status = storywatch.Ptr(storywatch.StatusInjured)
		}
		if e.atLarge && e.k&kArrested == 0 && e.k&kKilled == 0 {
			p.Status = storywatch.Ptr(storywatch.StatusAtLarge)
		}
		out = append(out, p)
		if e.namedAs && role == storywatch.RoleVictim && e.k&(kKilled|kCritical|kHospitalized|kMissing) == 0 {
			d.woundedNamed = append(d.woundedNamed, len(out)-1)
		}
	}
	return out
}

// namedAmongDead: a wounded victim whom police named, with nothing said of
// hospital or condition, in a story whose death toll has more dead than the
// people said to have died, is one of the dead: "four people have died …
// the officer who was stabbed has been named as PC Keith Palmer".
func (d *doc) namedAmongDead(figs []storywatch.Figure, people []storywatch.Person) {
	if len(d.woundedNamed) == 0 {
		return
	}
	fig, ok := storywatch.Facts{Figures: figs}.Figure(storywatch.Killed)
	if !ok || fig.Value == nil {
		return
	}
	dead := 0
	for _, p := range people {
		if p.Status != nil && *p.Status == storywatch.StatusDead {
			if p.Role == storywatch.RolePerpetrator && fig.IncludesPerpetrator != nil && !*fig.IncludesPerpetrator {
				continue
			}
			dead++
		}
	}
	for _, i := range d.woundedNamed {
		if dead >= *fig.Value {
			return
		}
		people[i].Status = storywatch.Ptr(storywatch.StatusDead)
		dead++
	}
}

// onlyDead: when the article's only victim figure is a death toll, a victim
// whose fate the text does not state is one of the dead ("Victims included
// Mohammed Alhajali" in a story of 71 dead).
func onlyDead(figs []storywatch.Figure, people []storywatch.Person) {
	dead := false
	for _, f := range figs {
		switch f.Kind {
		case storywatch.Killed:
			dead = true
		case storywatch.Injured, storywatch.Critical, storywatch.Hospitalized, storywatch.Missing:
			return
		}
	}
	if !dead {
		return
	}
	for i := range people {
		if people[i].Role == storywatch.RoleVictim && people[i].Status == nil {
			people[i].Status = storywatch.Ptr(storywatch.StatusDead)
		}
	}
}

// setIncludesPerpetrator reads "including the attacker" / "not including the
// gunman" on the killed figure's sentence.
func (d *doc) setIncludesPerpetrator(figs []storywatch.Figure, people []storywatch.Person) {
	perpNames := map[string]bool{}
	for _, e := range d.ents {
		if e.perp && e.name != "" {
			for _, p := range strings.Fields(e.name) {
				perpNames[strings.ToLower(p)] = true
			}
		}
	}
	for i := range figs {
		if figs[i].Kind != storywatch.Killed {
			continue
		}
		var evidence *sent
		for _, s := range d.sents {
			if s.text == figs[i].Evidence {
				evidence = s
				break
			}
		}
		if evidence == nil {
			continue
		}
		if v, ok := includesPerp(evidence.low, perpNames); ok {
			figs[i].IncludesPerpetrator = &v
			continue
		}
		// Another sentence may say it about the toll: "The toll does not include the gunman."
		for _, s := range d.sents {
			if s == evidence || s.kind == blockRelated {
				continue
			}
			mentionsToll := false
			for _, w := range s.low {
				if w == "toll" || w == "dead" || w == "figure" || w == "deaths" || w == "died" || w == "killed" {
					mentionsToll = true
				}
			}
			if !mentionsToll {
				continue
			}
			if v, ok := includesPerp(s.low, perpNames); ok {
				figs[i].IncludesPerpetrator = &v
				break
			}
		}
	}
}

func includesPerp(low []string, perpNames map[string]bool) (bool, bool) {
	// "A police officer and the attacker are among the dead."
	for i := 0; i+2 < len(low); i++ {
		if low[i] == "among" && low[i+1] == "the" && (low[i+2] == "dead" || low[i+2] == "killed" || low[i+2] == "victims") {
			for j := max(0, i-10); j < i; j++ {
				t := strings.TrimSuffix(low[j], "'s")
				if low[j] == "," || low[j] == "." {
					continue
				}
				if perpetratorNouns[t] || perpNames[t] {
					return true, true
				}
			}
		}
	}
	for i, w := range low {
		var neg bool
		switch w {
		case "including", "includes", "include", "included":
			neg = i > 0 && (low[i-1] == "not" || low[i-1] == "n't")
			if i > 1 && (low[i-1] == "not" || low[i-1] == "n't") {
				neg = true
			}
			if i > 1 && low[i-2] == "not" || i > 1 && low[i-2] == "does" && low[i-1] == "not" {
				neg = true
			}
		case "excluding", "plus", "besides":
			neg = true
		default:
			continue
		}
		for j := i + 1; j < min(len(low), i+10); j++ {
			t := strings.TrimSuffix(low[j], "'s")
			if perpetratorNouns[t] || perpNames[t] || t == "suspect" || t == "attackers" {
				return !neg, true
			}
			if low[j] == "," || low[j] == "." {
				break
			}
		}
	}
	return false, false
}

// locatives before a capitalised run make it a place: "near Santiago de Compostela".
var locatives = set("in", "at", "near", "outside", "inside", "across", "towards", "toward", "around",
	"into", "through", "throughout", "from", "via", "within", "onto", "off", "on", "under", "over", "along")

// objectNouns after a person noun make it a modifier: "a tourist coach".
var objectNouns = set("coach", "bus", "car", "boat", "van", "lorry", "truck", "train", "hotel", "attraction",
	"site", "area", "destination", "resort", "centre", "center", "group", "party", "board", "visa", "office",
	"union", "camp", "home", "house", "flat", "shelter", "association", "community", "station", "card",
	"cell", "unit", "vehicle", "ship", "plane", "ferry", "guide", "season", "numbers", "record", "rights")

func nextWord(low []string, j int) string {
	if j+1 < len(low) {
		return low[j+1]
	}
	return ""
}

// descriptorish words may stand between a name and what describes it:
// "American tourist Kurt Cochran", "Paddock's girlfriend, Marilou Danley".
func descriptorish(w string) bool {
	if _, ok := ageToken(w); ok {
		return true
	}
	switch w {
	case "the", "a", "an", ",", "'s", "local", "fellow", "lone", "retired", "former", "off-duty", "young", "elderly":
		return true
	}
	return demonymOrDesc(w) || perpetratorNouns[w] || w == "suspect"
}

var beForms = set("was", "were", "been", "being", "is", "are", "be", "got", "get", "gets")

// appositionStart reports whether tokens at a open another apposition
// (", 48,", ", from Utah,", ", a teacher,") rather than the clause going on.
func appositionStart(s *sent, a int) bool {
	if a >= len(s.low) {
		return false
	}
	w := s.low[a]
	if _, ok := smallAge(w); ok {
		return true
	}
	if _, ok := ageToken(w); ok {
		return true
	}
	if _, ok := demonyms[w]; ok {
		return true
	}
	switch w {
	case "aged", "from", "of", "a", "an", "the", "who", "whose":
		return true
	}
	return false
}

var objectPronouns = map[string]string{"him": "m", "her": "f"}

// mergeRestated folds an individual introduced again with a plain "a/an"
// into the earlier one with the same part: live blogs and summaries restate
// "a man was arrested" many times.
func (d *doc) mergeRestated() {
	gone := map[*entity]bool{}
	for _, e := range d.ents {
		if e.name != "" || e.count != 1 || !e.plain || e.possessive || e.k == 0 {
			continue
		}
		var target *entity
		for _, o := range d.ents {
			if o == e || gone[o] || o.count != 1 || o.possessive || o.k != e.k ||
				o.perp != e.perp || o.suspect != e.suspect || !compatible(o, e) || o.noun != e.noun && (o.gender == "" || o.gender != e.gender) {
				continue
			}
			if target == nil || o.name != "" && target.name == "" {
				target = o
			}
		}
		if target != nil {
			mergeInto(target, e)
			gone[e] = true
		}
	}
	keep := d.ents[:0]
	for _, e := range d.ents {
		if !gone[e] {
			keep = append(keep, e)
		}
	}
	d.ents = keep
}

var determiners = set("a", "an", "the", "his", "her", "their", "this", "that", "another", "one", "its", "our")

// experienceWords in a quote's sentence mark an eyewitness account.
var experienceWords = set("i", "we", "me", "us", "my", "our", "saw", "heard", "felt", "ran", "screaming",
	"screams", "terrifying", "terrified", "bang", "bangs", "explosion", "blood", "shaking", "shouting",
	"panic", "chaos", "smoke", "flames", "gunshots", "shots", "fireworks", "running", "woke", "woken")

// placeWitness words say where someone lives, which makes them a witness
// only when something happened there.
var placeWitness = set("resident", "residents", "neighbour", "neighbor", "neighbours", "neighbors", "local", "locals")

// firstPerson pronouns alone make an eyewitness only in a story with
// casualties: "I just grabbed him" after a stabbing, but "Nobody listened to
// us" about a planning decision is an opinion.
var firstPerson = set("i", "we", "me", "us", "my", "our")

// jobWords describe a speaker without making them an official: "Forecaster
// Alex Burkill", "Campaigner Jo Smith".
var jobWords = set("forecaster", "meteorologist", "analyst", "expert", "economist", "lawyer", "solicitor",
	"barrister", "headteacher", "headmaster", "headmistress", "campaigner", "activist", "historian",
	"scientist", "researcher", "engineer", "chef", "owner", "landlord", "landlady", "shopkeeper", "vicar",
	"priest", "organiser", "organizer", "founder", "volunteer", "coach", "manager", "lecturer", "seismologist",
	"volcanologist", "geologist", "hydrologist", "climatologist", "psychologist", "surgeon", "pharmacist",
	"farmer", "fisherman", "builder", "driver", "resident", "student", "pupil", "worker", "teacher", "mother",
	"father", "grandmother", "grandfather", "businessman", "businesswoman", "entrepreneur", "director")
