package facts

import (
	"slices"
	"strings"
	"time"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/internal/numwords"
)

type kinds uint16

func kindBit(k storywatch.FigureKind) kinds {
	for i, kk := range storywatch.FigureKinds {
		if kk == k {
			return 1 << i
		}
	}
	return 0
}

func (ks kinds) list() []storywatch.FigureKind {
	var out []storywatch.FigureKind
	for i, k := range storywatch.FigureKinds {
		if ks&(1<<i) != 0 {
			out = append(out, k)
		}
	}
	return out
}

var (
	kKilled       = kindBit(storywatch.Killed)
	kInjured      = kindBit(storywatch.Injured)
	kCritical     = kindBit(storywatch.Critical)
	kHospitalized = kindBit(storywatch.Hospitalized)
	kMissing      = kindBit(storywatch.Missing)
	kArrested     = kindBit(storywatch.Arrested)
	kEvacuated    = kindBit(storywatch.Evacuated)
	kDisplaced    = kindBit(storywatch.Displaced)
	kAffected     = kindBit(storywatch.Affected)
	kVictim       = kKilled | kInjured | kCritical | kHospitalized | kMissing
)

// cue is a word sequence that names a figure kind. skip > 0 lets the next
// skip tokens be anything ("fatally shot", "in a critical condition").
type cue struct {
	words []string
	k     kinds
}

var cueTable = map[string][]cue{}

func addCues(k kinds, phrases ...string) {
	for _, p := range phrases {
		w := strings.Fields(p)
		cueTable[w[0]] = append(cueTable[w[0]], cue{words: w, k: k})
	}
}

func init() {
	addCues(kKilled, "killed", "dead", "died", "dies", "die", "deaths", "death", "fatalities", "fatality",
		"perished", "bodies", "murdered", "drowned", "lost their lives", "lost his life", "lost her life",
		"lives", "shot dead", "stabbed to death", "beaten to death", "burned to death", "burnt to death",
		"crushed to death", "pronounced dead", "confirmed dead", "presumed dead", "found dead",
		"body was found", "body was recovered", "body has been found", "body has been recovered", "bodies were found",
		"fatally *", "dead bodies", "deceased", "remains")
	addCues(kInjured, "injured", "injuries", "injury", "wounded", "wounds", "hurt", "shot", "stabbed",
		"treated for", "treated at the scene", "burns", "burned", "injuring", "wounding", "casualties",
		"breathing difficulties", "minor cut", "minor cuts", "a cut to", "cuts to", "suffered cuts", "breathing problems", "fractures", "concussion", "cuts and bruises")
	addCues(kCritical|kInjured, "critically *", "life-threatening", "life threatening", "fighting for their lives",
		"fighting for his life", "fighting for her life")
	addCues(kCritical, "critical condition", "critical", "intensive care", "critical care", "icu")
	addCues(kHospitalized, "hospitalised", "hospitalized", "hospitalisation")
	addCues(kMissing, "missing", "unaccounted", "not accounted for", "disappeared", "last seen")
	addCues(kArrested, "arrested", "arrests", "arrest", "detained", "in custody", "into custody",
		"held on suspicion", "held in connection", "held over", "held in raids", "under arrest")
	addCues(kEvacuated, "evacuated", "evacuate", "evacuees", "evacuation")
	addCues(kDisplaced, "displaced", "homeless", "from their homes", "lost their homes", "out of their homes",
		"fled their homes", "forced from")
	addCues(kAffected, "affected", "impacted")
	for _, v := range cueTable {
		slices.SortFunc(v, func(a, b cue) int { return len(b.words) - len(a.words) })
	}
}

var hospitalWords = set("hospital", "hospitals", "infirmary", "trauma", "clinic", "a&e", "medical")

// cueAt reports the kinds named at low[i] and how many tokens the cue spans.
func cueAt(low []string, i int) (kinds, int) {
	w := low[i]
	if hospitalWords[w] {
		if w == "medical" && (i+1 >= len(low) || low[i+1] != "center" && low[i+1] != "centre") {
			return 0, 0 // "medical staff", "medical examiner"
		}
		for j := max(0, i-6); j < i; j++ {
			if j < i-4 && low[j] != "treated" && low[j] != "taken" {
				continue
			}
			switch low[j] {
			case "to", "in", "into", "taken", "treated", "admitted", "airlifted", "rushed", "flown", "needed", "required", "receiving", "received":
				return kHospitalized, 1
			}
		}
		return 0, 0
	}
	if (w == "taken" || w == "rushed" || w == "airlifted" || w == "flown" || w == "transported") && i+1 < len(low) && low[i+1] == "to" {
		// "taken to UF Health Jacksonville with serious injuries": a named
		// hospital, known by the injuries it treats.
		for j := i + 2; j < min(len(low)-1, i+9); j++ {
			if low[j] == "," || low[j] == "." || low[j] == ";" {
				break
			}
			if low[j] == "with" {
				for q := j + 1; q < min(len(low), j+4); q++ {
					if low[q] == "taken" || low[q] == "rushed" || low[q] == "airlifted" || low[q] == "flown" || low[q] == "transported" {
						break // no nesting on hostile input
					}
					if k, _ := cueAt(low, q); k&(kInjured|kCritical) != 0 && low[q] != "shot" && low[q] != "stabbed" {
						return kHospitalized, 1
					}
				}
				break
			}
		}
	}
	for _, c := range cueTable[w] {
		if i+len(c.words) > len(low) {
			continue
		}
		ok := true
		for j, cw := range c.words {
			if cw != "*" && low[i+j] != cw {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		k := c.k
		// "shot dead", "stabbed to death" are deaths, "critically" needs a
		// following injury word; "shot" alone means hurt.
		if len(c.words) == 1 && (w == "shot" || w == "stabbed") && i+1 < len(low) && (low[i+1] == "dead" || low[i+1] == "and" && i+2 < len(low) && low[i+2] == "killed") {
			continue
		}
		if c.k == kDisplaced && (w == "from" || w == "out") {
			evac := false
			for j := max(0, i-8); j < i; j++ {
				if strings.HasPrefix(low[j], "evacuat") {
					evac = true
				}
			}
			if evac {
				continue
			}
		}
		if w == "treated" && len(c.words) == 2 && (i+2 >= len(low) || !treatedFor[low[i+2]]) {
			continue // "treated for shock" is not an injury
		}
		if w == "death" && i+1 < len(low) && low[i+1] == "toll" {
			return kKilled, 2
		}
		if w == "remains" && !(i > 0 && (low[i-1] == "human" || low[i-1] == "of")) {
			continue
		}
		if w == "critical" && len(c.words) == 1 && i+1 < len(low) && low[i+1] != "," && low[i+1] != "." && low[i+1] != "and" && low[i+1] != "condition" {
			continue
		}
		return k, len(c.words)
	}
	return 0, 0
}

// negators cancel a cue just before it ("not injured", "no one died").
var negators = set("not", "n't", "no", "never", "nobody", "none", "without", "neither", "nor")

// modal words make a number hypothetical: a mention, never a figure.
var modals = set("could", "may", "might", "would", "feared", "fear", "fears", "likely", "possibly",
	"potentially", "expected", "predicted", "if", "perhaps", "unlikely", "should", "worst-case")

// hedges stay on the figure.
var hedgeWords = map[string]string{
	"reportedly": "reportedly", "unconfirmed": "unconfirmed", "unverified": "unverified",
	"believed": "believed", "thought": "thought", "understood": "understood",
	"reports": "reports", "allegedly": "allegedly", "apparently": "apparently", "rumoured": "rumoured",
}

// earlierMarks before a number make it an earlier figure.
var earlierMarks = set("from", "initial", "initially", "earlier", "previously", "previous", "originally", "original", "first")

var tollLinks = set("to", "at", "of", "is", "was", "reached", "reaches", "reach", "hit", "hits", "passed",
	"passes", "past", "topped", "tops", "exceeded", "exceeds", "exceed", "stands", "stood", "now",
	"are", "were", "numbered", "totals", "totalled", "totaled", "surpassed", "nears", "neared",
	"approached", "approaches", "climbs", "rises", "jumps", "remains", "remained", ":")

var tollNouns = map[string]kinds{
	"toll": kKilled, "deaths": kKilled, "dead": kKilled, "fatalities": kKilled, "injured": kInjured,
	"wounded": kInjured, "injuries": kInjured, "missing": kMissing, "unaccounted": kMissing,
	"arrests": kArrested, "arrested": kArrested, "detained": kArrested, "evacuees": kEvacuated,
	"evacuated": kEvacuated, "displaced": kDisplaced, "homeless": kDisplaced, "affected": kAffected,
	"hospitalised": kHospitalized, "hospitalized": kHospitalized, "killed": kKilled, "died": kKilled,
	"casualties": kInjured, "critical": kCritical, "custody": kArrested, "bodies": kKilled,
}

var transitive = map[string]kinds{
	"killed": kKilled, "killing": kKilled, "kills": kKilled, "kill": kKilled,
	"injured": kInjured, "injuring": kInjured, "injures": kInjured, "wounded": kInjured,
	"wounding": kInjured, "wounds": kInjured, "hurt": kInjured, "hurting": kInjured,
	"arrested": kArrested, "arresting": kArrested, "detained": kArrested, "detaining": kArrested,
	"evacuated": kEvacuated, "evacuating": kEvacuated, "displaced": kDisplaced,
	"displacing": kDisplaced, "affected": kAffected, "affecting": kAffected,
	"hospitalised": kHospitalized, "hospitalized": kHospitalized, "treated": kInjured, "treating": kInjured,
}

var revisionWords = set("rose", "risen", "rises", "rising", "climbed", "climbs", "increased", "jumped",
	"jumps", "reached", "reaches", "now", "revised", "raising", "bringing", "updated", "latest",
	"grew", "grown", "soared", "passed", "passes", "topped", "later", "lowered", "lower", "down")

// authority of an attribution: 2 official, 1 none, 0 media/rumour.
var officialSources = set("police", "officials", "official", "ministry", "minister", "government",
	"authorities", "sheriff", "coroner", "hospital", "hospitals", "department", "agency", "service",
	"mayor", "governor", "president", "spokesman", "spokeswoman", "spokesperson", "chief", "commissioner",
	"yard", "officers", "force", "brigade", "prosecutor", "prosecutors", "army", "military", "fbi",
	"centre", "center", "council", "state", "office", "paramedics", "doctors", "nhs", "firefighters",
	"inspector", "superintendent", "detective", "commander", "embassy", "investigators", "coordinator",
	"un", "secretary", "governor's", "examiner", "rescuers", "coastguard", "guard", "ministry's",
	"committee", "commission", "authority", "prosecutor's", "police's")

var weakSources = set("media", "witnesses", "witness", "residents", "reports", "rumours", "social",
	"footage", "posts", "unconfirmed", "local")

// cand is one number linked to a figure kind.
type cand struct {
	kind     storywatch.FigureKind
	num      numwords.Number
	class    string // "" for a toll statement, else a mention class
	s        *sent
	text     string
	numStart int
	auth     int
	revision bool
	attrib   *string
	hedge    *string
}

func (c *cand) precise() bool { return c.num.Approx != numwords.Vague }

func (c *cand) value() *int {
	if c.num.HasValue {
		return storywatch.Ptr(c.num.Value)
	}
	return nil
}

// figures finds toll statements in every sentence, picks one per kind and
// turns the rest into mentions.
func (d *doc) figures() ([]storywatch.Figure, []storywatch.Mention) {
	var cands []*cand
	for _, s := range d.sents {
		cands = append(cands, d.sentenceCands(s)...)
	}
	ents := d.entities()

	var figs []storywatch.Figure
	var mentions []storywatch.Mention
	for _, k := range storywatch.FigureKinds {
		var toll []*cand
		for _, c := range cands {
			if c.kind == k && c.class == "" {
				toll = append(toll, c)
			}
		}
		if len(toll) == 0 {
			// "Another 12 people were injured" is the only injured count: it is the total.
			for _, c := range cands {
				if c.kind == k && c.class == storywatch.MentionToll && c.num.Additional {
					c.class = ""
					toll = append(toll, c)
				}
			}
		}
		// "In France, at least seven people were killed": another place's
		// share, when the article states a count of its own.
		if len(toll) > 1 {
			framed := 0
			for _, c := range toll {
				if placeFramed(c.s) {
					framed++
				}
			}
			if framed > 0 && framed < len(toll) {
				var keep []*cand
				for _, c := range toll {
					if placeFramed(c.s) {
						c.class = storywatch.MentionSubgroup
						continue
					}
					keep = append(keep, c)
				}
				toll = keep
			}
		}
		var win *cand
		for _, c := range toll {
			if win == nil || better(c, win, d.live) {
				win = c
			}
		}
		if win != nil {
			figs = append(figs, figureOf(win))
		} else if n, ev := implicitCount(ents, kindBit(k), bigToll(cands) > 3); n > 0 && (kindBit(k)&kVictim == 0 || bigToll(cands) <= 10) {
			figs = append(figs, storywatch.Figure{Kind: k, Value: storywatch.Ptr(n), Approx: storywatch.Exact, Evidence: ev})
		}
		for _, c := range toll {
			if c == win || sameNumber(c.num, win.num) {
				continue
			}
			cls := storywatch.MentionConflict
			if d.live && c.s.rank < win.s.rank {
				cls = storywatch.MentionEarlier
			}
			c.class = cls
		}
	}
	for _, c := range cands {
		if c.class == "" {
			continue
		}
		mentions = append(mentions, storywatch.Mention{Text: c.text, Kind: c.kind, Value: c.value(), Class: c.class, Evidence: c.s.text})
	}
	return figs, mentions
}

func sameNumber(a, b numwords.Number) bool {
	return a.HasValue == b.HasValue && a.Value == b.Value && a.Min == b.Min && a.Max == b.Max
}

// better reports whether a should win over b: newer first (live blogs),
// then an explicit revision ("rose to"), then the more authoritative
// source, then a precise number over a vague one, then reading order.
func better(a, b *cand, live bool) bool {
	if a.s.rank != b.s.rank {
		return a.s.rank > b.s.rank
	}
	if a.precise() != b.precise() {
		return a.precise()
	}
	if a.auth != b.auth {
		return a.auth > b.auth
	}
	if a.revision != b.revision {
		return a.revision
	}
	if a.s.summary != b.s.summary && !live {
		// The lead is usually more careful than a headline's shorthand.
		return !a.s.summary
	}
	return a.s.pos < b.s.pos
}

func figureOf(c *cand) storywatch.Figure {
	f := storywatch.Figure{
		Kind:         c.kind,
		Approx:       storywatch.Approx(c.num.Approx),
		AttributedTo: c.attrib,
		Hedge:        c.hedge,
		Evidence:     c.s.text,
	}
	if c.num.HasValue {
		f.Value = storywatch.Ptr(c.num.Value)
	}
	if c.num.HasMin {
		f.Min = storywatch.Ptr(c.num.Min)
	}
	if c.num.HasMax {
		f.Max = storywatch.Ptr(c.num.Max)
	}
	return f
}

// number is one number phrase in a sentence.
type number struct {
	n          numwords.Number
	start, end int  // token range [start, end)
	notCount   bool // an age, year, unit…: only a boundary for other numbers
}

// numbersIn lists the count-like numbers of a sentence, leaving out ages,
// years, times, money and percentages.
func numbersIn(s *sent) []number {
	var out []number
	low := s.low
	for i := 0; i < len(low); i++ {
		if !s.toks[i].word || !numwords.MayStart(low[i]) {
			continue
		}
		end := min(len(low), i+12)
		n, used := numwords.ParseWords(low[i:end])
		if used == 0 {
			continue
		}
		if n.Ordinal && (i+2 >= len(low) || !personish(low[i+2])) {
			// "a third" without a noun is an individual, handled by entities.
			i += used - 1
			continue
		}
		if n.HasValue && i+used < len(low) && (low[i+used] == "more" || low[i+used] == "further" || low[i+used] == "additional") {
			n.Additional = true
		}
		if n.Approx == numwords.Range && i >= 2 && low[i-1] == "from" && changeVerbs[low[i-2]] && used >= 3 && low[i+used-2] == "to" {
			// "rose from 20 to 30" is a revision, not a range: the 20 was,
			// the 30 is.
			out = append(out, number{n: numwords.Number{Value: n.Min, HasValue: true, Approx: numwords.Exact}, start: i, end: i + 1},
				number{n: numwords.Number{Value: n.Max, HasValue: true, Approx: numwords.Exact}, start: i + used - 1, end: i + used})
			i += used - 1
			continue
		}
		if notACount(s, i, i+used, n) {
			out = append(out, number{n: n, start: i, end: i + used, notCount: true})
			i += used - 1
			continue
		}
		out = append(out, number{n: n, start: i, end: i + used})
		i += used - 1
	}
	return out
}

func personish(w string) bool {
	_, ok := personNouns[w]
	if ok || pluralPersonNouns[w] {
		return true
	}
	// "170 Afghans and 13 Americans"
	_, dem := demonyms[strings.TrimSuffix(w, "s")]
	return dem && strings.HasSuffix(w, "s")
}

func notACount(s *sent, start, end int, n numwords.Number) bool {
	low := s.low
	first := low[start]
	if n.HasValue && len(first) == 4 && n.Value >= 1900 && n.Value <= 2099 && !strings.Contains(first, ",") {
		return true // a year
	}
	if start > 0 {
		switch low[start-1] {
		case "aged", "£", "$", "€", "no", "number", "route", "flight", "floor", "page", "level",
			"magnitude", "category", "platform", "gate", "room", "suite", "unit", "channel", "a", "an",
			"the", "at", "class", "grade", "interstate", "highway", "storey", "chapter", "article":
			if low[start-1] == "the" || low[start-1] == "at" || low[start-1] == "a" || low[start-1] == "an" {
				break
			}
			return true
		}
	}
	if end < len(low) {
		next := low[end]
		switch next {
		case "%", "per", "percent", "pc", "am", "pm", "a.m.", "p.m.", "mph", "km", "kph", "miles",
			"mile", "metres", "meters", "feet", "ft", "minutes", "minute", "hours", "hour", "days",
			"day", "weeks", "week", "months", "month", "years", "year", "seconds", "storey", "story",
			"tonnes", "tonne", "tons", "ton", "acres", "hectares", "kg", "kilograms", "pounds",
			"dollars", "euros", "yards", "inches", "degrees", "gmt", "bst", "o'clock", "times",
			"homes", "houses", "buildings", "vehicles", "cars", "firearms", "guns", "weapons",
			"rounds", "shots", "bullets", "floors", "storeys", "magnitude", "points", "goals",
			"million", "billion", "-year-old", "year-old", "yr", "yrs", "stories", "acre",
			"kilometres", "kilometers", "square", "sq", "litres", "gallons", "ambulances", "engines",
			"appliances", "crews", "fire", "firefighters", "officers", "police", "troops", "rescuers",
			"countries", "states", "towns", "villages", "districts", "counties", "provinces", "cities",
			"calls", "reports", "complaints", "warnings", "flights", "trains", "schools", "roads",
			"properties", "businesses", "customers", "households", "premises", "structures", "flats",
			"hospitals", "clinics", "sites", "locations", "scenes", "areas", "neighbourhoods",
			"neighborhoods", "streets", "blocks", "wards", "shelters", "centres", "centers":
			if responderNouns[next] && victimPredicate(low, end+1) {
				// "Two firefighters were injured": the responders are the count.
				return false
			}
			return true
		}
		if strings.HasSuffix(next, "-year-old") || strings.HasSuffix(next, "-year-olds") {
			return true
		}
	}
	if strings.HasSuffix(first, "-year-old") || strings.HasSuffix(first, "-year-olds") {
		return true
	}
	// "aged 19 and 20", "aged 24, 31 and 40".
	for k := start - 1; k >= max(0, start-6); k-- {
		if low[k] == "aged" || low[k] == "ages" {
			return true
		}
		if !(low[k] == "and" || low[k] == "," || numberToken(low[k])) {
			break
		}
	}
	// "two women, 31 and 35, were wounded": a list of ages right after a
	// person noun and a comma.
	if n.HasValue && n.Value < 120 {
		k := start - 1
		for k > 0 && (low[k] == "and" || numberToken(low[k]) && k < start-1 || low[k] == "," && k < start-1 && k-1 >= 0 && numberToken(low[k-1])) {
			k--
		}
		if k >= 1 && k < start && low[k] == "," && (personish(low[k-1]) || s.toks[k-1].cap) && end < len(low) && (low[end] == "," || low[end] == "and") {
			return true
		}
	}
	// "Darnell Hughes, 27, of …", "The driver, 61, was …" and "Tom Briggs (52)": an age.
	if n.HasValue && n.Value < 120 && start >= 2 && end < len(low) {
		p := low[start-1]
		who := s.toks[start-2].cap || personish(low[start-2])
		if (p == "," && low[end] == "," || p == "(" && low[end] == ")") && who {
			return true
		}
		partOf := low[end] == "of" && end+1 < len(low) && (low[end+1] == "whom" || low[end+1] == "them" || low[end+1] == "those" || low[end+1] == "these")
		if p == "," && who && !partOf && (low[end] == "." || low[end] == "and" || low[end] == "from" || low[end] == "of") {
			return true
		}
	}
	return false
}

var monthOf = map[string]time.Month{"january": time.January, "february": time.February, "march": time.March,
	"april": time.April, "june": time.June, "july": time.July, "august": time.August,
	"september": time.September, "october": time.October, "november": time.November, "december": time.December}

// responderNouns count people who help, not victims, unless a victim word
// follows them.
var responderNouns = set("firefighters", "officers", "police", "troops", "rescuers", "crews")

// victimPredicate: a victim cue opens the words at i ("were injured",
// "hurt", "have died").
func victimPredicate(low []string, i int) bool {
	for j := i; j < min(len(low), i+4); j++ {
		if k, _ := cueAt(low, j); k&kVictim != 0 {
			return true
		}
		if !auxiliaries[low[j]] && low[j] != "also" && low[j] != "reportedly" && low[j] != "later" && low[j] != "have" {
			return false
		}
	}
	return false
}

// boundary ends the predicate a number's kind is looked for in.
func boundary(low []string, i int) bool {
	switch low[i] {
	case ";", ":", "while", "but", "whereas", "although", "though", "meanwhile", "-", "(", ")":
		return true
	case ",":
		// ", as crowds gathered hoping to be evacuated": a new clause.
		if i+1 < len(low) {
			switch low[i+1] {
			case "as", "when", "while", "because", "since", "where", "although", "though", "whereas":
				return true
			}
		}
	case "a", "an", "another":
		if i > 0 && (low[i-1] == "by" || low[i-1] == "from") {
			// "pulled from a life raft by an RNLI lifeboat crew": an agent, not a new clause.
			return false
		}
		// a new person starts a new clause: "… and a third died"
		if i+1 < len(low) && ordinalWords[low[i+1]] {
			return true
		}
		for j := i + 1; j < min(len(low), i+4); j++ {
			if _, ok := personNouns[low[j]]; ok {
				return true
			}
		}
	}
	return false
}

// sentenceCands links every number of a sentence to the kinds it counts.
func (d *doc) sentenceCands(s *sent) []*cand {
	nums := numbersIn(s)
	if len(nums) == 0 {
		return d.zeroCands(s, nil)
	}
	low := s.low
	attrib, auth := attribution(s)
	hedge := hedgeOf(s)
	if hedge != nil && auth > 0 {
		auth--
	}
	other := d.otherEvent(s)
	revision := false
	for _, w := range low {
		if revisionWords[w] {
			revision = true
		}
	}
	var out []*cand
	linked := make([]kinds, len(nums))
	classes := make([]string, len(nums))
	for ni, nm := range nums {
		if nm.notCount {
			continue
		}
		// The predicate runs to the next number, but not to one inside a
		// parenthesis: "At least 16 people, including six children, have died".
		limit := len(low)
		for nj := ni + 1; nj < len(nums) && nj < ni+4; nj++ {
			st := nums[nj].start
			if timeOfDay(low, st, nums[nj].end) {
				// "were pulled from a life raft at about 2am and taken to
				// hospital": a clock time does not end the predicate.
				continue
			}
			inner := false
			for q := max(nm.end, st-3); q < st; q++ {
				if low[q] == "including" || low[q] == "among" || low[q] == "aged" {
					inner = true
				}
			}
			if !inner || nums[nj].notCount && st > nm.end+3 {
				limit = st
				break
			}
		}
		var k kinds
		critOnly := false
		cueEnd := nm.end // where the words naming the kind end
		class := ""
		// 1. A transitive verb right before: "killing 22", "injured at least 40".
		p := nm.start - 1
		for p > 0 && (low[p] == "all" || low[p] == "of" && p > 1 && low[p-1] == "total" || low[p] == "total" || low[p] == "a" && p+1 < nm.start && low[p+1] == "total") {
			p--
		}
		if p >= 0 {
			if tk, ok := transitive[low[p]]; ok {
				k = tk
			} else if p >= 2 && low[p] == "of" && low[p-1] == "lives" {
				k = kKilled // "claimed the lives of 72"
			}
		}
		// 2. A toll noun before, linked by "to", "at", "of" …: "death toll rose to 5".
		if k == 0 && nm.start > 0 && tollLinks[low[nm.start-1]] {
			lo := max(0, nm.start-20)
			if ni > 0 && !(nums[ni-1].start > 0 && low[nums[ni-1].start-1] == "from" && nums[ni-1].end == nm.start-1) {
				// (but "rose from 20 to 30" reaches back past the 20)
				lo = max(lo, nums[ni-1].end)
			}
			for j := nm.start - 1; j >= lo; j-- {
				if low[j] == ";" || low[j] == "." {
					break
				}
				if tk, ok := tollNouns[low[j]]; ok {
					k = tk
					if low[j] == "toll" && j > 0 {
						if pk, ok := tollNouns[low[j-1]]; ok {
							k = pk
						} else if low[j-1] == "injury" {
							k = kInjured
						}
					}
					break
				}
			}
		}
		// 3. The predicate after: "22 people were killed", "12 are in a critical condition".
		if k == 0 {
			negated := false
			ofPhrase := false
			var groupK kinds
			window := nm.end + 14
			for j := nm.end; j+1 < limit && j < nm.end+24; j++ {
				if low[j] == ";" || low[j] == "." {
					break
				}
				if low[j] == "and" && (low[j+1] == "taken" || low[j+1] == "airlifted" || low[j+1] == "rushed" || low[j+1] == "flown") {
					// "… were pulled from a life raft by a lifeboat crew at
					// about 2am and taken to the Royal Cornwall Hospital".
					window = max(window, j+9)
					break
				}
				if j < nm.end+12 && (low[j] == "treated" || low[j] == "taken" || low[j] == "admitted") {
					// "were being treated for gunshot wounds at Christchurch
					// Hospital": the hospital closes the treatment phrase.
					window = max(window, j+8)
					break
				}
			}
			for j := nm.end; j < limit && j < window; j++ {
				if j > nm.end && boundary(low, j) && !(low[j-1] == "and" && j-2 == nm.end) && !(j > 0 && (low[j-1] == "including" || low[j-1] == "among")) &&
					!(low[j] != ";" && low[j] != ":" && includingBefore(low, j-1) > nm.end) {
					// (A member of an "including" list does not end the
					// clause: "Four people, including the attacker and a
					// police officer, have died".)
					break
				}
				if low[j] == "of" && j <= nm.end+1 && j+1 < limit && (low[j+1] == "the" || low[j+1] == "those" || low[j+1] == "them" || low[j+1] == "whom" || low[j+1] == "these") {
					ofPhrase = true
				}
				if low[j] == "among" || low[j] == "amongst" {
					class = storywatch.MentionSubgroup
				}
				ck, n := cueAt(low, j)
				if ck == 0 {
					continue
				}
				if negatedAt(low, j, nm.end) {
					negated = true
				}
				if ofPhrase && j == nm.end+2 && ck&(kCritical|kHospitalized) == 0 && (low[j-1] == "the" || low[j-1] == "those") {
					// "Eleven of the injured were taken to hospital": the
					// injured name the group; a later cue is the count's own.
					groupK |= ck
					ofPhrase = false
					j += n - 1
					continue
				}
				if ofPhrase && j <= nm.end+4 && ck&(kCritical|kHospitalized) == 0 {
					class = storywatch.MentionSubgroup
				}
				if ofPhrase && ck&kCritical != 0 {
					// "28 were taken to hospital, three of them with life-threatening
					// injuries": a critical count, not the injured toll.
					critOnly = true
				}
				if critOnly {
					ck &= kCritical | kHospitalized
				}
				ofPhrase = false
				k |= ck
				cueEnd = j + n
				j += n - 1
			}
			if negated && class == "" {
				class = storywatch.MentionNegated
			}
			if k == 0 && groupK != 0 {
				k, class = groupK, storywatch.MentionSubgroup
			}
		}
		if k == 0 {
			continue
		}
		// A number inside "including …" or "among them …" is a part of another.
		for j := max(0, nm.start-5); j < nm.start; j++ {
			if j < nm.start-3 && low[j] != "among" {
				continue
			}
			if low[j] == "among" && (j == nm.start-1 || j == nm.start-2 && low[j+1] == "the") {
				// "named among four dead", "was among the 22 killed": the
				// number is the whole group.
				continue
			}
			switch low[j] {
			case "including", "included", "includes", "among":
				if class == "" {
					class = storywatch.MentionSubgroup
				}
			}
		}
		if class == "" && modalNear(low, nm.start, min(limit, max(cueEnd, nm.end+1))) {
			class = storywatch.MentionHedged
		}
		if class == "" && earlierNear(low, nm.start, nm.end) {
			class = storywatch.MentionEarlier
		}
		if class == "" && other {
			class = storywatch.MentionOtherEvent
		}
		if class == "" && (nm.n.Additional) {
			class = storywatch.MentionToll
		}
		if nm.n.Ordinal && k&(kKilled|kMissing) == 0 {
			// "A second kayaker … was taken to hospital": another person,
			// not a running total (that idiom is for deaths: "a fifth
			// person has died").
			continue
		}
		if class == "" && nm.n.Ordinal {
			// "a fifth person has died": the running total is the position.
			nm.n.Ordinal = false
		}
		linked[ni] = k
		classes[ni] = class
		for _, kind := range k.list() {
			c := &cand{kind: kind, num: nm.n, class: class, s: s, numStart: nm.start,
				text: spanText(s, nm.start, nm.end), auth: auth, revision: revision, attrib: attrib, hedge: hedge}
			out = append(out, c)
		}
	}
	out = sumParts(s, nums, linked, out)
	locationParts(s, out)
	survivors(s, out)
	plusOne(s, out)
	// Unlinked numbers after "from" in a revision take the kind of the revised
	// figure: "increased to 30 from the initial reports of 20".
	for ni, nm := range nums {
		if linked[ni] != 0 || !earlierNear(s.low, nm.start, nm.end) {
			continue
		}
		// The revised figure is before ("increased to 30 from … 20") or
		// right after ("rose from 20 to 30").
		order := []int{}
		for nj := ni - 1; nj >= 0; nj-- {
			order = append(order, nj)
		}
		if ni+1 < len(nums) && nums[ni+1].start == nm.end+1 && low[nm.end] == "to" {
			order = append([]int{ni + 1}, order...)
		}
		for _, nj := range order {
			if linked[nj] != 0 && classes[nj] == "" {
				for _, kind := range linked[nj].list() {
					out = append(out, &cand{kind: kind, num: nm.n, class: storywatch.MentionEarlier, s: s,
						numStart: nm.start, text: spanText(s, max(0, nm.start-4), nm.end)})
				}
				break
			}
		}
	}
	return d.zeroCands(s, out)
}

// changeVerbs move a figure from one value to another.
var changeVerbs = set("rose", "risen", "rises", "rising", "climbed", "climbs", "increased", "increases", "jumped",
	"grew", "grown", "soared", "fell", "fallen", "falls", "dropped", "drops", "declined", "revised", "lowered", "raised", "up", "down")

// clauseBreak: a comma, "and" or semicolon in [a, b).
func clauseBreak(low []string, a, b int) bool {
	for k := a; k < b; k++ {
		if low[k] == "," || low[k] == "and" || low[k] == ";" || low[k] == "while" {
			return true
		}
	}
	return false
}

// timeOfDay: "2am", "6 a.m.", "10:40 p.m.", "0600 GMT".
func timeOfDay(low []string, start, end int) bool {
	w := low[end-1]
	if strings.HasSuffix(w, "am") || strings.HasSuffix(w, "pm") {
		return w[0] >= '0' && w[0] <= '9'
	}
	if end < len(low) {
		switch low[end] {
		case "am", "pm", "a.m.", "p.m.", "a.m", "p.m", "gmt", "bst", "utc", "o'clock":
			return true
		}
	}
	return false
}

// plusOne: "The pickup driver and two passengers were taken to hospital"
// counts the driver too.
func plusOne(s *sent, out []*cand) {
	low := s.low
	for _, c := range out {
		i := c.numStart
		if c.class != "" || !c.num.HasValue || c.num.Approx != numwords.Exact || i < 3 || low[i-1] != "and" {
			continue
		}
		if _, ok := personNouns[low[i-2]]; !ok || compoundOnly[low[i-2]] {
			continue
		}
		d := i - 3
		for d > 0 && d > i-5 && s.toks[d].word && !determiners[low[d]] {
			d--
		}
		if low[d] != "the" && low[d] != "a" && low[d] != "an" && low[d] != "his" && low[d] != "her" {
			continue
		}
		if d > 0 && (low[d-1] == "including" || low[d-1] == "among" || numberToken(low[d-1])) {
			continue
		}
		c.num.Value++
	}
}

// survivors: "Five people were shot, two of them fatally" → injured 3.
// Shot, stabbed or wounded counts the dead too when a part of them died;
// the injured are the rest.
func survivors(s *sent, out []*cand) {
	var hurt, dead *cand
	for _, c := range out {
		if c.class != "" && !(c.kind == storywatch.Killed && c.class == storywatch.MentionSubgroup) || !c.num.HasValue || c.num.Approx != numwords.Exact {
			continue
		}
		switch c.kind {
		case storywatch.Injured:
			if hurt == nil && c.class == "" {
				hurt = c
			}
		case storywatch.Killed:
			if dead == nil {
				dead = c
			}
		}
	}
	if hurt == nil || dead == nil || dead.numStart <= hurt.numStart || dead.num.Value >= hurt.num.Value {
		return
	}
	low := s.low
	// The dead must be a part of the hurt: "two of them fatally", "two of whom died".
	j := dead.numStart + 1
	if j+2 >= len(low) || low[j] != "of" || low[j+1] != "them" && low[j+1] != "whom" && low[j+1] != "those" {
		return
	}
	shot := false
	for k := hurt.numStart; k < dead.numStart; k++ {
		switch low[k] {
		case "shot", "stabbed", "wounded", "hit", "struck":
			shot = true
		}
	}
	if !shot {
		return
	}
	hurt.num.Value -= dead.num.Value
	// The dead of the hurt are the article's dead, not a part of a toll.
	dead.class = ""
}

// zeroCands adds explicit zeros: "no one was killed", "no arrests have been made".
func (d *doc) zeroCands(s *sent, out []*cand) []*cand {
	low := s.low
	for i := 0; i < len(low); i++ {
		var start int
		switch {
		case low[i] == "no" && i+1 < len(low) && (low[i+1] == "one" || low[i+1] == "-"):
			start = i + 2
			if low[i+1] == "-" {
				start = i + 3
			}
		case low[i] == "no-one" || low[i] == "nobody" || low[i] == "none":
			start = i + 1
		case low[i] == "no":
			// "no arrests", "no deaths were reported", "no reports of injuries"
			start = i + 1
			if i+3 < len(low) && low[i+1] == "reports" && low[i+2] == "of" {
				start = i + 3
			}
			if start < len(low) {
				if ck, _ := cueAt(low, start); ck != 0 && tollNounish(low[start]) {
					out = append(out, zeroCand(s, ck, i, start+1))
				}
			}
			continue
		default:
			continue
		}
		if modalNear(low, i, min(len(low), i+8)) {
			continue
		}
		for j := start; j < min(len(low), start+8); j++ {
			if boundary(low, j) || low[j] == "," {
				break
			}
			if ck, n := cueAt(low, j); ck != 0 {
				out = append(out, zeroCand(s, ck, i, j+n))
				break
			}
		}
	}
	return out
}

func tollNounish(w string) bool {
	switch w {
	case "deaths", "fatalities", "injuries", "arrests", "casualties", "evacuations", "one":
		return true
	}
	return false
}

func zeroCand(s *sent, k kinds, start, end int) *cand {
	if k&kInjured != 0 && strings.HasPrefix(s.low[min(end-1, len(s.low)-1)], "casualt") {
		k = kKilled | kInjured
	}
	kind := k.list()[0]
	attrib, auth := attribution(s)
	return &cand{kind: kind, num: numwords.Number{Value: 0, HasValue: true, Approx: numwords.Exact},
		s: s, numStart: start, text: spanText(s, start, end), auth: auth, attrib: attrib}
}

func negatedAt(low []string, j, from int) bool {
	for i := max(from, j-5); i < j; i++ {
		if i < j-3 && !(low[j-1] == "be" || low[j-1] == "been") {
			continue
		}
		if negators[low[i]] {
			return true
		}
	}
	return false
}

func modalNear(low []string, start, end int) bool {
	for i := max(0, start-6); i < end && i < len(low); i++ {
		if i < start && (low[i] == "," || low[i] == ";") {
			continue
		}
		if modals[low[i]] {
			// "the figure could not be confirmed" hedges, it is not hypothetical.
			if i+2 < len(low) && low[i+1] == "not" && low[i+2] == "be" {
				continue
			}
			return true
		}
		// "may" the month is capitalised; lower-case "may" is the verb.
	}
	return false
}

func earlierNear(low []string, start, end int) bool {
	// "Earlier, the chief secretary had put the toll at 275."
	for i := 0; i < start; i++ {
		switch low[i] {
		case "earlier", "initially", "previously", "originally":
			if i+1 < len(low) && (low[i+1] == "this" || low[i+1] == "in" || low[i+1] == "on") {
				continue
			}
			return true
		}
	}
	for i := max(0, start-5); i < start; i++ {
		if earlierMarks[low[i]] {
			// "first" only as "first reported"/"first reports".
			if low[i] == "first" && (i+1 >= len(low) || !strings.HasPrefix(low[i+1], "report")) {
				continue
			}
			if low[i] == "from" && i+1 < start && !(low[i+1] == "the" || earlierMarks[low[i+1]] || i+1 == start) {
				continue
			}
			if low[i] == "from" && slices.Contains(low[i+1:start], "to") {
				// "revised the death toll from the fire down to 71": the
				// number is what it was revised to.
				continue
			}
			if clauseBreak(low, i+1, start) {
				// "pulled 15 survivors from the rubble, and 22 bodies have
				// been recovered": the mark belongs to another clause.
				continue
			}
			return true
		}
	}
	for i := end; i < min(len(low), end+5); i++ {
		switch low[i] {
		case "earlier", "previously", "initially", "before":
			if i > end && (low[i-1] == "day" || low[i-1] == "given" || low[i-1] == "reported" || low[i-1] == "announced") {
				return true
			}
		case "given", "announced", "reported":
			if i > end && low[i-1] == "had" {
				return true
			}
		}
	}
	return false
}

// otherEvent: the sentence is about another event: a related-links
// headline, another year, or a "previous/similar/last year" comparison.
func (d *doc) otherEvent(s *sent) bool {
	if s.kind == blockRelated {
		return true
	}
	for i, y := range s.years {
		_ = i
		if d.refYear != 0 && y != d.refYear && y < d.refYear {
			return true
		}
		if d.refYear == 0 {
			return true
		}
	}
	low := s.low
	for i, w := range low {
		switch w {
		case "similar", "previous", "unrelated":
			return true
		case "separate":
			// "in separate incidents" gathers the article's own events.
			if i+1 < len(low) && strings.HasSuffix(low[i+1], "s") {
				continue
			}
			return true
		case "in":
			// "Floods in April killed about 70": an earlier month this year.
			if i+1 < len(low) && d.refMonth != 0 {
				if m, ok := monthOf[low[i+1]]; ok && m < d.refMonth && !(i+2 < len(low) && numberToken(low[i+2])) {
					return true
				}
			}
		case "last":
			if i+1 < len(low) && (low[i+1] == "year" || low[i+1] == "month" || low[i+1] == "week") {
				return true
			}
		case "ago":
			if i > 0 && (low[i-1] == "years" || low[i-1] == "months" || low[i-1] == "decades") {
				return true
			}
		}
	}
	return false
}

// attribution finds who a sentence's statement comes from: "police said",
// "according to the health ministry", "the interior ministry said".
func attribution(s *sent) (*string, int) {
	low := s.low
	for i, w := range low {
		if w == "according" && i+1 < len(low) && low[i+1] == "to" {
			j := i + 2
			k := j
			for k < len(low) && low[k] != "," && low[k] != "." && low[k] != ";" && k < j+6 {
				k++
			}
			if k > j {
				return sourceOf(s, j, k)
			}
		}
	}
	for i, w := range low {
		if !speechVerbs[w] && w != "confirmed" && w != "reported" && w != "say" && w != "believe" {
			continue
		}
		// "police said" — the subject right before.
		k := i
		j := i - 1
		for j >= 0 && i-j <= 5 && s.toks[j].word && low[j] != "and" && low[j] != "that" && !speechVerbs[low[j]] {
			if low[j] == "has" || low[j] == "have" || low[j] == "had" {
				k = j
			}
			j--
		}
		j++
		for j < k && (low[j] == "the" && false) {
			j++
		}
		if j < k && sourceWord(low[j:k]) {
			return sourceOf(s, j, k)
		}
		// "…, said the interior ministry"
		if i+1 < len(low) {
			e := i + 1
			for e < len(low) && e < i+7 && s.toks[e].word && low[e] != "on" && low[e] != "in" && low[e] != "that" {
				e++
			}
			if e > i+1 && sourceWord(low[i+1:e]) {
				return sourceOf(s, i+1, e)
			}
		}
	}
	return nil, 1
}

func sourceWord(ws []string) bool {
	for _, w := range ws {
		if officialSources[w] || weakSources[w] {
			return true
		}
	}
	return false
}

func sourceOf(s *sent, j, k int) (*string, int) {
	text := strings.TrimSpace(s.text[s.toks[j].start:s.toks[k-1].end])
	auth := 1
	for _, w := range s.low[j:k] {
		if officialSources[w] {
			auth = 2
		}
	}
	for _, w := range s.low[j:k] {
		if weakSources[w] {
			auth = 0
		}
	}
	if auth == 2 || auth == 0 {
		l := strings.ToLower(text[:1]) + text[1:]
		if s.toks[j].cap && j > 0 && !titles[s.low[j]] && (s.low[j] == "police" || s.low[j] == "officials" || s.low[j] == "authorities" || s.low[j] == "the" || s.low[j] == "local" || s.low[j] == "witnesses") {
			text = l
		}
		return &text, auth
	}
	return nil, 1
}

func hedgeOf(s *sent) *string {
	for i, w := range s.low {
		if h, ok := hedgeWords[w]; ok {
			switch w {
			case "believed", "thought", "understood":
				if i+1 >= len(s.low) || s.low[i+1] != "to" {
					continue
				}
				h = w + " to"
			case "reports":
				if i == 0 || (s.low[i-1] != "unconfirmed" && s.low[i-1] != "unverified" && s.low[i-1] != "media") {
					continue
				}
				h = s.low[i-1] + " reports"
			}
			return &h
		}
		if w == "could" && i+3 < len(s.low) && s.low[i+1] == "not" && s.low[i+2] == "be" {
			h := "could not be " + s.low[i+3]
			if s.low[i+3] == "independently" && i+4 < len(s.low) {
				h += " " + s.low[i+4]
			}
			return &h
		}
	}
	return nil
}

func spanText(s *sent, start, end int) string {
	if start >= end || end > len(s.toks) {
		return ""
	}
	return s.text[s.toks[start].start:s.toks[end-1].end]
}

func numberToken(w string) bool {
	if w == "" {
		return false
	}
	if w[0] >= '0' && w[0] <= '9' {
		return true
	}
	_, ok := numwords.Parse(w)
	return ok
}

// bigToll is the largest stated victim count: individuals described one by
// one are only counted for small incidents, where they are the whole toll.
func bigToll(cands []*cand) int {
	m := 0
	for _, c := range cands {
		if c.class != "" || kindBit(c.kind)&kVictim == 0 {
			continue
		}
		v := c.num.Value
		if !c.num.HasValue {
			v = max(c.num.Min, c.num.Max, 10)
		}
		m = max(m, v)
	}
	return m
}

// sumParts adds the parts of a coordinated count: "killed 19 children and two
// teachers", "Two hostages and a gunman were killed".
func sumParts(s *sent, nums []number, linked []kinds, out []*cand) []*cand {
	low := s.low
	for ni := 0; ni+1 < len(nums); ni++ {
		a, b := nums[ni], nums[ni+1]
		if a.notCount || b.notCount || !a.n.HasValue || !b.n.HasValue || a.n.Ordinal || b.n.Ordinal {
			continue
		}
		// "N nouns and M nouns": one noun (maybe with an adjective) between.
		gap := b.start - a.end
		if gap < 2 || gap > 3 || low[b.start-1] != "and" {
			continue
		}
		ok := true
		for q := a.end; q < b.start-1; q++ {
			if !s.toks[q].word || !(personish(low[q]) || q < b.start-2) {
				ok = false
			}
		}
		if !ok || !personish(low[b.start-2]) {
			continue
		}
		// The kinds belong to whichever of the two carries them.
		k := linked[ni] | linked[ni+1]
		if k == 0 {
			continue
		}
		total := a.n.Value + b.n.Value
		var keep []*cand
		for _, c := range out {
			if c.numStart == a.start || c.numStart == b.start {
				if c.numStart == a.start && c.class == "" {
					c.num.Value = total
					c.text = spanText(s, a.start, b.end+1)
					keep = append(keep, c)
				} else if c.numStart == b.start && linked[ni] == 0 && c.class == "" {
					c.num.Value = total
					c.numStart = a.start
					c.text = spanText(s, a.start, b.end+1)
					keep = append(keep, c)
				}
				continue
			}
			keep = append(keep, c)
		}
		out = keep
	}
	// "N hostages and a gunman were killed".
	for ni, nm := range nums {
		if nm.notCount || !nm.n.HasValue || nm.end+3 >= len(low) {
			continue
		}
		if !(personish(low[nm.end]) && low[nm.end+1] == "and" && (low[nm.end+2] == "a" || low[nm.end+2] == "an") && personish(low[nm.end+3])) {
			continue
		}
		for _, c := range out {
			if c.numStart == nm.start && c.class == "" {
				c.num.Value++
				c.text = spanText(s, nm.start, nm.end+4)
			}
		}
		_ = ni
	}
	return out
}

// locationParts: several counts of one kind, each "in <Place>", are the
// parts of a total ("17,134 had died in Turkey, while 3,317 … in Syria").
func locationParts(s *sent, out []*cand) {
	low := s.low
	byKind := map[storywatch.FigureKind][]*cand{}
	for _, c := range out {
		if c.class == "" {
			byKind[c.kind] = append(byKind[c.kind], c)
		}
	}
	for _, cs := range byKind {
		if len(cs) < 2 {
			continue
		}
		placed := 0
		for _, c := range cs {
			for q := c.numStart + 1; q < min(len(low)-1, c.numStart+8); q++ {
				if low[q] == "in" && s.toks[q+1].cap {
					placed++
					break
				}
			}
		}
		if placed == len(cs) {
			for _, c := range cs {
				c.class = storywatch.MentionSubgroup
			}
		}
	}
}

// placeFramed: the sentence opens on another place ("In France, …",
// "Elsewhere, …", "In neighbouring Belgium, …").
func placeFramed(s *sent) bool {
	low := s.low
	if len(low) < 3 {
		return false
	}
	if low[0] == "elsewhere" {
		return true
	}
	i := 0
	if low[0] == "meanwhile" && low[1] == "," {
		i = 2
	}
	if low[i] != "in" || i+1 >= len(low) {
		return false
	}
	j := i + 1
	if low[j] == "neighbouring" || low[j] == "neighboring" || low[j] == "nearby" {
		j++
	}
	k := j
	for k < len(low) && s.toks[k].cap {
		k++
	}
	return k > j && k < len(low) && low[k] == ","
}

var treatedFor = set("injuries", "injury", "wounds", "wound", "burns", "smoke", "cuts", "minor", "serious",
	"broken", "fractures", "head", "gunshot", "stab", "hypothermia", "bruises", "bruising", "chest", "leg",
	"arm", "facial", "multiple", "life-threatening", "severe", "knife", "bullet", "spinal")
