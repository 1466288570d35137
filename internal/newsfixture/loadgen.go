package newsfixture

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"time"
)

// The load site's articles are generated from the phrase lists below (all
// written for the fixture): every story gets its own place, people,
// figures and choice of phrasing, and each revision raises the toll, adds
// news and rewords a sentence, the way breaking stories are updated (with
// LoadOptions.MixedEdits, one edit of a realistic mix: see loadEditMix).

var loadSlugs = []string{
	"warehouse-fire", "bridge-collapse", "bus-crash", "flood-warning", "gas-explosion",
	"train-derailment", "storm-damage", "ferry-accident", "landslide", "factory-blast",
}

var (
	loadTownA = []string{"Ash", "Bex", "Carn", "Dun", "Elm", "Fal", "Glen", "Hart", "Ips", "Kel", "Lang", "Mar", "Nor", "Oak", "Pen", "Rad", "Sal", "Thorn", "Ux", "Wen", "Yar", "Brad", "Crom", "Dor", "Hol", "Lyn", "Stan", "Wick", "Bram", "Cal"}
	loadTownB = []string{"bridge", "field", "ham", "ford", "mouth", "wick", "by", "ton", "stead", "hurst", "combe", "leigh", "moor", "well", "worth", "dale", "port", "stow", "bury", "minster", "holm", "cliffe", "thwaite", "gate", "haven", "marsh", "wood", "brook", "cross", "den"}
	loadFirst = []string{"Amira", "Ben", "Carla", "Declan", "Esther", "Farid", "Grace", "Hamish", "Ines", "Jonah", "Kezia", "Liam", "Marta", "Nikhil", "Orla", "Pavel", "Quentin", "Rosa", "Samir", "Tessa", "Umar", "Vera", "Wesley", "Ximena", "Yusuf", "Zofia", "Callum", "Priya", "Tomasz", "Bethan", "Kwame", "Lucia", "Oskar", "Freya", "Dmitri", "Hana", "Rory", "Leila", "Emeka", "Greta"}
	loadLast  = []string{"Abbott", "Barker", "Castell", "Dunmore", "Ellery", "Fairweather", "Gallagher", "Hollis", "Iqbal", "Jennings", "Kowalski", "Lindqvist", "Mensah", "Nakamura", "Okafor", "Pritchard", "Quayle", "Rahman", "Sorensen", "Thackeray", "Usher", "Varga", "Whitlock", "Yeung", "Zeller", "Brannigan", "Chowdhury", "Delacroix", "Everett", "Fenwick", "Grierson", "Hadley", "Ibsen", "Jarvis", "Kendrick", "Lomax", "Moreau", "Noakes", "Ortega", "Penhaligon"}
	loadRoles = []string{"Chief Superintendent", "fire service area manager", "council leader", "ambulance service director", "Inspector", "deputy mayor", "coastguard commander", "regional health director"}
	loadDays  = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	loadPlace = []string{"the High Street", "the ring road", "the old docks", "the railway station", "the market square", "the industrial estate", "the river crossing", "the shopping centre", "the bypass", "the harbour wall"}
)

type loadEvent struct {
	noun, what, cause, scene string
}

var loadEvents = []loadEvent{
	{"fire", "a fire broke out at a warehouse", "the cause of the fire", "the gutted building"},
	{"collapse", "part of a footbridge collapsed", "why the structure failed", "the collapsed span"},
	{"crash", "a coach left the road and overturned", "what caused the crash", "the overturned coach"},
	{"flood", "a river burst its banks overnight", "how the defences were breached", "the flooded streets"},
	{"explosion", "a gas explosion tore through a row of shops", "the source of the leak", "the damaged shopfronts"},
	{"derailment", "a passenger train derailed", "why the train left the tracks", "the derailed carriages"},
	{"storm", "a storm brought down trees and power lines", "the scale of the damage", "the fallen trees"},
	{"capsizing", "a ferry capsized near the harbour entrance", "why the ferry capsized", "the upturned hull"},
	{"landslide", "a landslide buried part of a hillside road", "what set off the slip", "the mud-covered road"},
	{"blast", "an explosion ripped through a chemical plant", "the cause of the blast", "the plant's damaged tanks"},
}

type loadState struct {
	r                 *rand.Rand
	town, street      string
	ev                loadEvent
	day               string
	killed, injured   int
	hospital, arrests int
	official, role    string
	witness           string
	published         time.Time
	headStyle         int // see headline
}

func (s *loadState) name() string {
	return loadFirst[s.r.IntN(len(loadFirst))] + " " + loadLast[s.r.IntN(len(loadLast))]
}

func (s *loadState) pick(options ...string) string { return options[s.r.IntN(len(options))] }

func loadNumber(n int) string {
	words := []string{"No one", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"}
	if n < len(words) {
		return words[n]
	}
	return fmt.Sprint(n)
}

func loadPeople(n int) string {
	if n == 1 {
		return "one person"
	}
	if n < 10 {
		return strings.ToLower(loadNumber(n)) + " people"
	}
	return fmt.Sprintf("%d people", n)
}

// headline is the headline in style s.headStyle (0 unless mixed edits
// reworded it); every style carries the same figures.
func (s *loadState) headline() string {
	switch {
	case s.headStyle == 1 && s.killed > 0:
		return fmt.Sprintf("%s killed and %d injured in %s %s", capital(loadPeople(s.killed)), s.injured, s.town, s.ev.noun)
	case s.headStyle == 1:
		return fmt.Sprintf("%d people hurt in %s %s", s.injured, s.town, s.ev.noun)
	case s.headStyle == 2 && s.killed > 0:
		return fmt.Sprintf("%s %s leaves %s dead and %d injured", s.town, s.ev.noun, loadPeople(s.killed), s.injured)
	case s.headStyle == 2:
		return fmt.Sprintf("%s %s leaves %d people injured", s.town, s.ev.noun, s.injured)
	case s.killed > 0:
		return fmt.Sprintf("%s %s: %s killed and %d injured", s.town, s.ev.noun, loadPeople(s.killed), s.injured)
	}
	return fmt.Sprintf("%s %s: %d people injured as %s", s.town, s.ev.noun, s.injured, s.ev.what)
}

func (s *loadState) standfirst(rev int) string {
	return s.pick(
		fmt.Sprintf("Emergency services remain at the scene in %s after %s on %s.", s.town, s.ev.what, s.day),
		fmt.Sprintf("Residents near %s in %s have been told to stay away while crews work at %s.", s.street, s.town, s.ev.scene),
		fmt.Sprintf("Investigators are trying to establish %s in %s, as the number of casualties rose for the %s time.", s.ev.cause, s.town, loadOrdinal(rev+1)),
	)
}

func loadOrdinal(n int) string {
	switch n {
	case 1:
		return "first"
	case 2:
		return "second"
	case 3:
		return "third"
	}
	return fmt.Sprintf("%dth", n)
}

func (s *loadState) lead() string {
	toll := fmt.Sprintf("%s were injured", loadPeople(s.injured))
	if s.killed > 0 {
		toll = fmt.Sprintf("%s died and %d were injured", loadPeople(s.killed), s.injured)
	}
	return s.pick(
		fmt.Sprintf("%s after %s near %s in %s on %s afternoon, the emergency services said.", capital(toll), s.ev.what, s.street, s.town, s.day),
		fmt.Sprintf("At least %d people were hurt when %s close to %s in %s early on %s. %s.", s.injured, s.ev.what, s.street, s.town, s.day, capital(toll)),
		fmt.Sprintf("Officials in %s say %s after %s on %s, in what the %s called a major incident.", s.town, toll, s.ev.what, s.day, s.role),
	)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (s *loadState) paragraph(kind int) string {
	switch kind {
	case 0:
		return fmt.Sprintf("%s of them were taken to %s General Hospital, where %s remain in a serious condition, a spokesperson for the hospital trust said.", loadNumber(s.hospital), s.town, strings.ToLower(loadNumber(max(1, s.hospital/3))))
	case 1:
		return fmt.Sprintf("\"%s,\" said %s, %d, who was at the scene. %q", s.pick("We heard a loud bang and then everyone started running", "It happened so quickly, nobody knew where to go", "I saw smoke first, then people shouting for help", "The whole street shook and the windows came in"), s.witness, s.r.IntN(50)+19, s.pick("I have never seen anything like it here.", "People were helping each other before the ambulances arrived.", "We just want to know that everyone is safe."))
	case 2:
		return fmt.Sprintf("%s %s said: %q", capital(s.role), s.official, s.pick(
			"Our thoughts are with everyone affected. Crews worked through the night in very difficult conditions.",
			"This is a complex scene and it will take some time before we can say what happened.",
			"I want to thank members of the public who stayed calm and followed the advice of officers.",
		))
	case 3:
		return fmt.Sprintf("Roads around %s will stay closed until at least %s, and bus services are being diverted, %s council said.", s.street, loadDays[(s.r.IntN(7))], s.town)
	case 4:
		return fmt.Sprintf("A spokesperson for the county police said %s had been arrested and were being questioned, and appealed for anyone with footage of %s to come forward.", loadPeople(s.arrests), s.street)
	case 5:
		return fmt.Sprintf("The area around %s has been the scene of %d incidents of this kind in the past %d years, according to figures published by the council last spring.", s.street, s.r.IntN(6)+2, s.r.IntN(15)+5)
	case 6:
		return fmt.Sprintf("Volunteers opened the community hall on %s Lane as a rest centre, and about %d residents spent the night there, the %s Residents' Association said.", loadTownA[s.r.IntN(len(loadTownA))], s.r.IntN(200)+20, s.town)
	case 7:
		return fmt.Sprintf("Forecasters expect %s weather over the coming days, which could hamper the clear-up at %s.", s.pick("wet and windy", "unsettled", "cold and bright", "stormy"), s.ev.scene)
	case 8:
		return fmt.Sprintf("Engineers from the utility company were called in to make the site safe, and about %d homes were left without power for several hours.", (s.r.IntN(40)+2)*100)
	case 9:
		return fmt.Sprintf("Investigators from the national safety board arrived on %s to begin examining %s, and said a first report would follow within %d weeks.", loadDays[s.r.IntN(7)], s.ev.scene, s.r.IntN(8)+2)
	case 10:
		return fmt.Sprintf("Local MP %s said the town would need support from the government to recover, and called for an independent inquiry into %s.", s.name(), s.ev.cause)
	case 11:
		return fmt.Sprintf("Schools in %s and the neighbouring village of %s%s were closed on %s as a precaution, and parents were asked to check the council website for updates.", s.town, loadTownA[s.r.IntN(len(loadTownA))], loadTownB[s.r.IntN(len(loadTownB))], loadDays[s.r.IntN(7)])
	case 12:
		return fmt.Sprintf("The %s said that %d crews had been sent from neighbouring counties, and that some of them had worked for more than %d hours without a break.", s.role, s.r.IntN(9)+3, s.r.IntN(10)+12)
	case 13:
		return fmt.Sprintf("%s, who runs a %s on %s, said trade had stopped overnight. \"We have had no customers since it happened, and we do not know when we can open again.\"", s.name(), s.pick("cafe", "bakery", "newsagent", "hardware shop", "pharmacy"), s.street)
	case 14:
		return fmt.Sprintf("The prime minister's spokesperson said the government was being kept informed and was ready to offer help, and a minister is expected to visit %s later this week.", s.town)
	case 15:
		return fmt.Sprintf("Blood donation centres in the region reported long queues on %s after the hospital trust appealed for donors, with some people waiting more than %d hours.", s.day, s.r.IntN(3)+2)
	case 16:
		return fmt.Sprintf("Insurance assessors said the cost of repairs could run into millions of pounds, and that about %d businesses had already made claims.", s.r.IntN(80)+15)
	default:
		return fmt.Sprintf("A fundraising page set up by %s had raised more than £%d by %s evening.", s.name(), (s.r.IntN(90)+10)*1000, s.day)
	}
}

// update is the news a revision adds.
func (s *loadState) update(rev int) string {
	switch rev % 4 {
	case 1:
		return fmt.Sprintf("Update: the county's %s said the number of injured had risen to %d overnight as more people came forward for treatment.", s.role, s.injured)
	case 2:
		return fmt.Sprintf("Police named one of those hurt as %s, %d, a %s from %s, who is being treated in hospital.", s.name(), s.r.IntN(60)+18, s.pick("teacher", "bus driver", "student", "nurse", "shop owner"), s.town)
	case 3:
		return fmt.Sprintf("The %s confirmed that %s had now been arrested in connection with the %s, and that inquiries were continuing.", s.role, loadPeople(s.arrests), s.ev.noun)
	default:
		return fmt.Sprintf("Specialist teams resumed the search of %s at first light on %s, with %d firefighters and rescue dogs at the scene.", s.ev.scene, loadDays[(rev+3)%7], (s.r.IntN(12)+4)*5)
	}
}

// newLoadState is the original story i: its place, people and figures,
// its byline and the kinds of its body paragraphs, in order.
func newLoadState(seed uint64, i int) (s *loadState, byline string, kinds []int) {
	s = &loadState{r: rand.New(rand.NewPCG(seed, uint64(i)))}
	s.town = loadTownA[s.r.IntN(len(loadTownA))] + loadTownB[s.r.IntN(len(loadTownB))]
	s.street = loadPlace[s.r.IntN(len(loadPlace))]
	s.ev = loadEvents[(i+s.r.IntN(3))%len(loadEvents)]
	s.day = loadDays[s.r.IntN(len(loadDays))]
	s.killed = s.r.IntN(6)
	s.injured = s.r.IntN(60) + 3
	s.hospital = s.r.IntN(8) + 2
	s.arrests = 1
	s.official, s.role = s.name(), loadRoles[s.r.IntN(len(loadRoles))]
	s.witness = s.name()
	s.published = time.Date(2024, 1, 1, 6, 0, 0, 0, time.UTC).Add(time.Duration(i) * 37 * time.Minute)
	byline = s.name()
	kinds = s.r.Perm(18)[:s.r.IntN(4)+12]
	return s, byline, kinds
}

// loadArticle is revision rev of story i: the base article plus one
// update per revision, with the toll raised each time.
func loadArticle(seed uint64, i, rev int, m Markup) Article {
	s, byline, kinds := newLoadState(seed, i)

	var updates []string
	for r := 1; r <= rev; r++ {
		s.r = rand.New(rand.NewPCG(seed^uint64(r)*0x9e3779b97f4a7c15, uint64(i)))
		s.injured += s.r.IntN(12) + 2
		if r%3 == 0 || s.killed > 0 {
			s.killed += s.r.IntN(3) + 1
		}
		s.hospital += s.r.IntN(3)
		s.arrests += r % 3 / 2
		updates = append(updates, s.update(r))
	}
	// Phrasing choices below depend on the story only, so a revision
	// changes the facts and adds news but keeps the rest of the wording.
	s.r = rand.New(rand.NewPCG(seed^0xa11ce, uint64(i)))
	a := Article{
		Headline:  s.headline(),
		Byline:    byline,
		Published: s.published,
	}
	a.Standfirst = s.standfirst(rev)
	if rev > 0 {
		a.Modified = s.published.Add(time.Duration(rev) * 47 * time.Minute)
		a.UpdatedLine = "Updated " + a.Modified.Format("2 January 2006 15:04 MST")
	}
	lead := s.lead()
	var paras []string
	for _, k := range kinds {
		paras = append(paras, s.paragraph(k))
	}
	if m == LiveBlog {
		a.KeyPoints = []string{capital(s.ev.what) + " in " + s.town, fmt.Sprintf("%d people injured, %d killed", s.injured, s.killed), fmt.Sprintf("%s arrested", capital(loadPeople(s.arrests)))}
		t := s.published
		a.Entries = append(a.Entries, Entry{Time: t, Title: "What we know so far", Paragraphs: []string{lead}})
		for _, p := range paras {
			t = t.Add(time.Duration(s.r.IntN(20)+5) * time.Minute)
			a.Entries = append(a.Entries, Entry{Time: t, Title: fmt.Sprintf("%s: latest from the scene", s.town), Paragraphs: []string{p}})
		}
		for j, u := range updates {
			t = s.published.Add(time.Duration(j+1) * 47 * time.Minute).Add(6 * time.Hour)
			a.Entries = append(a.Entries, Entry{Time: t, Title: "Update", Paragraphs: []string{u}})
		}
		return a
	}
	// Newest news goes under the lead, as rewritten stories do.
	a.Paragraphs = append(a.Paragraphs, lead)
	for j := len(updates) - 1; j >= 0; j-- {
		a.Paragraphs = append(a.Paragraphs, updates[j])
	}
	a.Paragraphs = append(a.Paragraphs, paras...)
	return a
}

// loadPadding is the filler chrome of a page: a mega-menu, a hydration
// script and "more news" lists, about n bytes.
func loadPadding(n int) []byte {
	var b strings.Builder
	b.WriteString("<nav class=\"mega-menu\"><ul>\n")
	for i := 0; b.Len() < n/4; i++ {
		fmt.Fprintf(&b, "<li class=\"menu-item\"><a href=\"/section/%d\">%s%s</a></li>\n", i, loadTownA[i%len(loadTownA)], loadTownB[(i*7)%len(loadTownB)])
	}
	b.WriteString("</ul></nav>\n<script type=\"application/json\" id=\"__STATE__\">{\"config\":{\"flags\":[")
	for i := 0; b.Len() < n/2; i++ {
		fmt.Fprintf(&b, "{\"id\":%d,\"name\":\"feature_%d\",\"enabled\":%t,\"rollout\":%d},", i, i, i%3 == 0, (i*13)%100)
	}
	b.WriteString("{}]}}</script>\n<div class=\"more-news\"><h2>More from The Daily Fixture</h2><ul>\n")
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "<li><a href=\"/news/item-%d\"><img src=\"/img/thumb-%d.jpg\" alt=\"\"><span class=\"teaser\">%s</span></a></li>\n", i, i, headlinesPool[i%len(headlinesPool)])
	}
	b.WriteString("</ul></div>\n")
	return []byte(b.String())
}

// Mixed edits (LoadOptions.MixedEdits). Real revision histories are not a
// string of breaking-news updates: most revisions add a sentence or a
// quote, reword a sentence, fix a typo or drop a paragraph, and the
// headline changes in only about a third of them. Each revision r of story
// i applies one kind of edit, drawn from loadEditMix with a generator
// seeded by (seed, i, r); an article is still re-rendered from scratch by
// replaying revisions 1..rev, so revision rev is a pure function of
// (seed, i, rev).

// loadEditKind is the kind of one mixed revision.
type loadEditKind int

const (
	editFact       loadEditKind = iota // the toll rises, an update paragraph, a new headline
	editQuote                          // a quote paragraph from a named person; no figures
	editBackground                     // a background paragraph; no figures
	editReword                         // one or two sentences reworded, sometimes the headline; no facts change
	editCorrection                     // a typo fixed or a name's spelling corrected
	editRemove                         // a paragraph removed
)

var loadEditNames = [...]string{"fact", "quote", "background", "reword", "correction", "remove"}

func (k loadEditKind) String() string { return loadEditNames[k] }

// loadEditMix is the distribution of mixed revisions, in percent.
var loadEditMix = [...]struct {
	kind    loadEditKind
	percent int
}{
	{editFact, 25},
	{editQuote, 15},
	{editBackground, 15},
	{editReword, 30},
	{editCorrection, 10},
	{editRemove, 5},
}

// loadRewordings are the phrase swaps of a rewording (whole words, case
// sensitive): synonyms, tense and register. None touches a figure, a
// number word or "people"/"person", whose presence depends on the toll.
var loadRewordings = [][2]string{
	{"about", "roughly"}, {"roughly", "about"},
	{"more than", "over"},
	{"were hurt", "were injured"}, {"were injured", "were hurt"},
	{"near", "close to"}, {"close to", "near"},
	{"started", "began"}, {"began", "started"},
	{"establish", "determine"}, {"determine", "establish"},
	{"arrested", "detained"}, {"detained", "arrested"},
	{"questioned", "interviewed"}, {"interviewed", "questioned"},
	{"remain at", "are still at"}, {"are still at", "remain at"},
	{"remain in", "remained in"}, {"remained in", "remain in"},
	{"called in", "brought in"}, {"brought in", "called in"},
	{"overnight", "during the night"}, {"during the night", "overnight"},
	{"early on", "in the early hours of"}, {"in the early hours of", "early on"},
	{"is expected to", "is due to"}, {"is due to", "is expected to"},
	{"major incident", "serious incident"}, {"serious incident", "major incident"},
	{"told to", "advised to"}, {"advised to", "told to"},
	{"trying to", "working to"}, {"working to", "trying to"},
	{"hamper", "slow"},
	{"make the site safe", "secure the site"}, {"secure the site", "make the site safe"},
	{"as a precaution", "as a safety measure"}, {"as a safety measure", "as a precaution"},
	{"come forward", "get in touch"}, {"get in touch", "come forward"},
	{"residents", "locals"}, {"locals", "residents"},
	{"very difficult", "extremely difficult"}, {"extremely difficult", "very difficult"},
	{"some time", "a while"}, {"a while", "some time"},
	{"in connection with", "over"},
	{"kept informed", "kept updated"}, {"kept updated", "kept informed"},
	{"long queues", "lengthy queues"}, {"lengthy queues", "long queues"},
	{"run into millions", "reach millions"}, {"reach millions", "run into millions"},
	{"appealed for", "called for"}, {"called for", "appealed for"},
	{"stay away", "keep away"}, {"keep away", "stay away"},
	{"the cause of", "what caused"}, {"what caused", "the cause of"},
	{"had been sent", "have been sent"}, {"have been sent", "had been sent"},
	{"are being diverted", "have been diverted"}, {"have been diverted", "are being diverted"},
	{"had raised", "has raised"}, {"has raised", "had raised"},
	{"had stopped", "has stopped"}, {"has stopped", "had stopped"},
	{"were left without", "have been left without"}, {"have been left without", "were left without"},
	{"said", "stated"}, {"stated", "said"},
	{"a long time", "years"},
	{"quickly", "fast"},
	{"remarkable", "outstanding"}, {"outstanding", "remarkable"},
	{"supporting", "helping"}, {"helping", "supporting"},
	{"in recent years", "over the past decade"},
	{"likely", "expected"},
}

// loadClause matches a last sentence "A, B said." for the clause-order
// rewording "B said a."
var loadClause = regexp.MustCompile(`^([^ "]+)([^"]*), ([^,."]{3,60}) (said|stated)\.$`)

// loadClauseLower are the first words a clause-order rewording may put in
// lower case (anything else could be a name).
var loadClauseLower = map[string]bool{
	"no": true, "one": true, "two": true, "three": true, "four": true, "five": true, "six": true,
	"seven": true, "eight": true, "nine": true, "roads": true, "volunteers": true, "the": true,
	"a": true, "work": true, "traffic": true, "incidents": true, "campaigners": true,
}

var loadQuoteLines = []string{
	"Everyone here knows someone who was caught up in this",
	"We are a close community and we will get through it together",
	"The response from the emergency services has been remarkable",
	"People need answers, and they need them quickly",
	"I walked past there this morning and it still does not feel real",
	"There were warnings about this place for years and nothing was done",
	"My neighbours opened their doors to strangers last night",
	"We are asking everyone to be patient while the work goes on",
	"It is going to take a long time for the town to recover",
	"Our priority now is supporting the families affected",
	"Nobody should have to go through something like this",
	"We will keep helping for as long as we are needed",
}

var loadQuoteWho = []string{
	"a neighbour", "who lives nearby", "a local shopkeeper", "a volunteer at the rest centre",
	"a parish councillor", "who works on the next street", "a retired teacher from the town",
}

// background is background paragraph k (of loadBackgrounds); it carries
// no figures.
func (s *loadState) background(k int) string {
	switch k {
	case 0:
		return fmt.Sprintf("%s has grown in recent years, and residents have long complained that local services have not kept pace.", s.town)
	case 1:
		return fmt.Sprintf("The area around %s was redeveloped in the last decade, with new homes built alongside older businesses.", s.street)
	case 2:
		return fmt.Sprintf("Emergencies of this kind are rare in %s, and local officials said there had been nothing similar in living memory.", s.town)
	case 3:
		return fmt.Sprintf("Campaigners have previously raised concerns over safety around %s, and the council had promised a review.", s.street)
	case 4:
		return fmt.Sprintf("The %s is responsible for coordinating the response with neighbouring services and the regional authorities.", s.role)
	case 5:
		return fmt.Sprintf("Questions over %s are likely to be the focus of the investigation, which could take many months.", s.ev.cause)
	case 6:
		return fmt.Sprintf("%s sits on a busy route into the town, and traffic has been diverted through nearby villages.", capital(s.street))
	default:
		return "Similar emergencies elsewhere in the country have led to changes in safety rules, although critics say enforcement remains patchy."
	}
}

const loadBackgrounds = 8

// quote is a quote paragraph with line k of loadQuoteLines from the
// official, the witness or someone new; it carries no figures.
func (s *loadState) quote(r *rand.Rand, k int, official string) string {
	line := loadQuoteLines[k]
	switch r.IntN(3) {
	case 0:
		return fmt.Sprintf("%s %s added: \"%s.\"", capital(s.role), official, line)
	case 1:
		return fmt.Sprintf("\"%s,\" %s said later.", line, s.witness)
	}
	who := loadFirst[r.IntN(len(loadFirst))] + " " + loadLast[r.IntN(len(loadLast))]
	return fmt.Sprintf("\"%s,\" said %s, %s.", line, who, loadQuoteWho[r.IntN(len(loadQuoteWho))])
}

// mixSlot is one body paragraph (live-blog entry) of a mixed article.
type mixSlot struct {
	base  int    // index of a base paragraph, loadLeadSlot, or loadAddedSlot
	text  string // the text of an added paragraph, fixed when it was added
	at    int    // revision that added it
	title string // its live-blog entry title
	typos []mixTypo
	ops   []mixOp
}

const (
	loadLeadSlot  = -1
	loadAddedSlot = -2
)

// mixTypo is a misspelling in the original text: the nth whole-word
// occurrence of word is printed as wrong until a correction fixes it.
type mixTypo struct {
	word, wrong string
	nth         int
	fixed       bool
}

// mixOp is one rewording: the nth whole-word occurrence of from becomes
// to, or, with clause, the attribution of the last sentence moves to its
// front.
type mixOp struct {
	from, to string
	nth      int
	clause   bool
}

type mixArticle struct {
	s           *loadState
	seed        uint64
	i           int
	m           Markup
	byline      string
	kinds       []int // kinds of the base paragraphs
	slots       []*mixSlot
	facts       int    // fact updates so far
	official    string // the official's name as first (mis)spelled
	rightName   string
	nameFixed   bool
	edits       []loadEditKind // what each revision did
	quotes      []int          // quote lines used so far
	backgrounds []int          // background paragraphs used so far
}

// loadUnused picks one of 0..n-1 not in used (any once all are used), so
// that an article does not repeat a paragraph.
func loadUnused(r *rand.Rand, n int, used []int) int {
	var free []int
	for k := range n {
		if !slices.Contains(used, k) {
			free = append(free, k)
		}
	}
	if len(free) == 0 {
		return r.IntN(n)
	}
	return free[r.IntN(len(free))]
}

// loadArticleMixed is revision rev of story i with mixed edits, and the
// kind of each of its revisions.
func loadArticleMixed(seed uint64, i, rev int, m Markup) (Article, []loadEditKind) {
	s, byline, kinds := newLoadState(seed, i)
	a := &mixArticle{s: s, seed: seed, i: i, m: m, byline: byline, kinds: kinds, rightName: s.official}
	// The first version misspells the official's surname and three words,
	// for corrections to fix.
	tr := rand.New(rand.NewPCG(seed^0x7e90, uint64(i)))
	first, last, _ := strings.Cut(s.official, " ")
	a.official = first + " " + loadMisspell(last, tr)
	s.official = a.official
	a.slots = append(a.slots, &mixSlot{base: loadLeadSlot})
	for k := range kinds {
		a.slots = append(a.slots, &mixSlot{base: k})
	}
	a.seedTypos(tr, 3)
	for r := 1; r <= rev; r++ {
		a.revise(r)
	}
	return a.article(rev), a.edits
}

// loadMisspell swaps two neighbouring inner letters that differ.
func loadMisspell(w string, r *rand.Rand) string {
	b := []byte(w)
	for try := 0; try < 2*len(b); try++ {
		k := 1 + r.IntN(max(1, len(b)-3))
		if k+1 < len(b) && b[k] != b[k+1] {
			b[k], b[k+1] = b[k+1], b[k]
			return string(b)
		}
	}
	return w + "e"
}

// loadTypoExcluded are words a typo must not touch: number words and
// words whose presence depends on the toll, and every word a rewording
// matches or writes (so that typos and rewordings never interfere).
var loadTypoExcluded = func() map[string]bool {
	m := map[string]bool{"people": true, "person": true, "three": true, "seven": true, "eight": true}
	for _, p := range loadRewordings {
		for _, w := range strings.Fields(p[0] + " " + p[1]) {
			m[w] = true
		}
	}
	return m
}()

func (a *mixArticle) seedTypos(r *rand.Rand, n int) {
	_, texts := a.texts()
	used := map[string]bool{}
	for try := 0; try < 50 && n > 0; try++ {
		k := 1 + r.IntN(len(a.slots)-1)
		words := loadWords(texts[k])
		var cand []int
		for j, w := range words {
			if len(w.w) >= 5 && w.w == strings.ToLower(w.w) && !loadTypoExcluded[w.w] && !used[w.w] {
				cand = append(cand, j)
			}
		}
		if len(cand) == 0 {
			continue
		}
		j := cand[r.IntN(len(cand))]
		nth := 0
		for _, w := range words[:j] {
			if w.w == words[j].w {
				nth++
			}
		}
		used[words[j].w] = true
		a.slots[k].typos = append(a.slots[k].typos, mixTypo{word: words[j].w, wrong: loadMisspell(words[j].w, r), nth: nth})
		n--
	}
}

type loadWord struct {
	w  string
	at int
}

// loadWords are the runs of ASCII letters of s.
func loadWords(s string) []loadWord {
	var ws []loadWord
	start := -1
	for k := 0; k <= len(s); k++ {
		letter := k < len(s) && (s[k] >= 'a' && s[k] <= 'z' || s[k] >= 'A' && s[k] <= 'Z')
		if letter && start < 0 {
			start = k
		} else if !letter && start >= 0 {
			ws = append(ws, loadWord{s[start:k], start})
			start = -1
		}
	}
	return ws
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// loadFind is the offset of the nth occurrence of phrase in s that starts
// and ends on word boundaries, or -1.
func loadFind(s, phrase string, nth int) int {
	for off := 0; ; {
		k := strings.Index(s[off:], phrase)
		if k < 0 {
			return -1
		}
		k += off
		end := k + len(phrase)
		if (k == 0 || !isLetter(s[k-1])) && (end == len(s) || !isLetter(s[end])) {
			if nth == 0 {
				return k
			}
			nth--
		}
		off = k + 1
	}
}

func loadReplace(s, from, to string, nth int) string {
	k := loadFind(s, from, nth)
	if k < 0 {
		return s
	}
	return s[:k] + to + s[k+len(from):]
}

// loadMoveClause turns a last sentence "A, B said." into "B said a.", or
// returns "" when the paragraph has no such sentence.
func loadMoveClause(p string) string {
	head, sent := "", p
	if k := strings.LastIndex(p, ". "); k >= 0 {
		head, sent = p[:k+2], p[k+2:]
	}
	m := loadClause.FindStringSubmatch(sent)
	if m == nil || len(strings.Fields(m[3])) > 8 {
		return ""
	}
	w := m[1]
	switch {
	case w[0] >= '0' && w[0] <= '9':
	case loadClauseLower[strings.ToLower(w)]:
		w = strings.ToLower(w)
	default:
		return ""
	}
	return head + capital(m[3]) + " " + m[4] + " " + w + m[2] + "."
}

// apply is slot text raw with its typos and rewordings.
func (sl *mixSlot) apply(raw string) string {
	t := raw
	for _, ty := range sl.typos {
		if !ty.fixed {
			t = loadReplace(t, ty.word, ty.wrong, ty.nth)
		}
	}
	for _, op := range sl.ops {
		if op.clause {
			if c := loadMoveClause(t); c != "" {
				t = c
			}
			continue
		}
		t = loadReplace(t, op.from, op.to, op.nth)
	}
	return t
}

// texts renders the standfirst and the slots with the current figures.
// The phrase generator is reset first, so the wording of the original
// paragraphs depends on the story only.
func (a *mixArticle) texts() (standfirst string, texts []string) {
	s := a.s
	s.r = rand.New(rand.NewPCG(a.seed^0xa11ce, uint64(a.i)))
	standfirst = s.standfirst(a.facts)
	lead := s.lead()
	paras := make([]string, len(a.kinds))
	for k, kind := range a.kinds {
		paras[k] = s.paragraph(kind)
	}
	for _, sl := range a.slots {
		raw := sl.text
		switch sl.base {
		case loadLeadSlot:
			raw = lead
		case loadAddedSlot:
		default:
			raw = paras[sl.base]
		}
		t := sl.apply(raw)
		if a.nameFixed {
			t = strings.ReplaceAll(t, a.official, a.rightName)
		}
		texts = append(texts, t)
	}
	return standfirst, texts
}

// insert adds a paragraph written at revision r: live blogs append an
// entry; articles put it at position k (at least 1: the lead stays first).
func (a *mixArticle) insert(k int, sl *mixSlot) {
	if a.m == LiveBlog || k >= len(a.slots) {
		a.slots = append(a.slots, sl)
		return
	}
	a.slots = slices.Insert(a.slots, max(k, 1), sl)
}

func (a *mixArticle) revise(r int) {
	rr := rand.New(rand.NewPCG(a.seed^0x6d697865^uint64(r)*0x9e3779b97f4a7c15, uint64(a.i)))
	p, kind := rr.IntN(100), editFact
	for _, e := range loadEditMix {
		if p < e.percent {
			kind = e.kind
			break
		}
		p -= e.percent
	}
	s := a.s
	switch kind {
	case editFact:
		// As in the breaking-news updates, counted in fact updates.
		a.facts++
		u := a.facts
		s.r = rand.New(rand.NewPCG(a.seed^uint64(r)*0x9e3779b97f4a7c15, uint64(a.i)))
		s.injured += s.r.IntN(12) + 2
		if u%3 == 0 || s.killed > 0 {
			s.killed += s.r.IntN(3) + 1
		}
		s.hospital += s.r.IntN(3)
		s.arrests += u % 3 / 2
		a.insert(1, &mixSlot{base: loadAddedSlot, text: s.update(u), at: r, title: "Update"})
	case editQuote:
		k := loadUnused(rr, len(loadQuoteLines), a.quotes)
		a.quotes = append(a.quotes, k)
		a.insert(1+rr.IntN(len(a.slots)), &mixSlot{base: loadAddedSlot, text: s.quote(rr, k, a.official), at: r, title: "Reaction"})
	case editBackground:
		k := loadUnused(rr, loadBackgrounds, a.backgrounds)
		a.backgrounds = append(a.backgrounds, k)
		n := len(a.slots)
		a.insert(n/2+rr.IntN(n-n/2+1), &mixSlot{base: loadAddedSlot, text: s.background(k), at: r, title: "Background"})
	case editCorrection:
		if !a.correct(rr) {
			kind = editReword
			a.reword(rr)
		}
	case editRemove:
		if len(a.slots) > 2 {
			k := 1 + rr.IntN(len(a.slots)-1)
			a.slots = slices.Delete(a.slots, k, k+1)
		} else {
			kind = editReword
			a.reword(rr)
		}
	default:
		a.reword(rr)
	}
	a.edits = append(a.edits, kind)
}

// correct fixes one typo or the misspelled name still in the text, and
// reports whether there was one.
func (a *mixArticle) correct(rr *rand.Rand) bool {
	_, texts := a.texts()
	var typos []*mixTypo
	for _, sl := range a.slots {
		for k := range sl.typos {
			if !sl.typos[k].fixed {
				typos = append(typos, &sl.typos[k])
			}
		}
	}
	name := !a.nameFixed && slices.ContainsFunc(texts, func(t string) bool { return strings.Contains(t, a.official) })
	n := len(typos)
	if name {
		n++
	}
	if n == 0 {
		return false
	}
	if k := rr.IntN(n); k < len(typos) {
		typos[k].fixed = true
	} else {
		a.nameFixed = true
	}
	return true
}

// reword rewrites one or two sentences, and in a third of rewordings the
// headline with one sentence; the figures stay as they are.
func (a *mixArticle) reword(rr *rand.Rand) {
	n, headline := 1+rr.IntN(2), rr.IntN(3) == 0
	if headline {
		a.s.headStyle = (a.s.headStyle + 1 + rr.IntN(2)) % 3
		n = 1
	}
	done := -1
	for range n {
		_, texts := a.texts()
		start := rr.IntN(len(a.slots))
		for j := range a.slots {
			k := (start + j) % len(a.slots)
			if k == done {
				continue // two rewordings of one paragraph could cancel out
			}
			if op, ok := loadRewordOp(texts[k], rr); ok {
				a.slots[k].ops = append(a.slots[k].ops, op)
				done = k
				break
			}
		}
	}
	if done < 0 && !headline {
		// Nothing to reword in the body: the headline then.
		a.s.headStyle = (a.s.headStyle + 1) % 3
	}
}

// loadRewordOp picks one rewording that applies to paragraph p: first the
// kind (the clause move or one swap), then the occurrence, so that a word
// as common as "said" does not crowd out the rest.
func loadRewordOp(p string, rr *rand.Rand) (mixOp, bool) {
	var ops []mixOp
	if loadMoveClause(p) != "" {
		ops = append(ops, mixOp{clause: true})
	}
	for _, sw := range loadRewordings {
		if loadFind(p, sw[0], 0) >= 0 {
			ops = append(ops, mixOp{from: sw[0], to: sw[1]})
		}
	}
	if len(ops) == 0 {
		return mixOp{}, false
	}
	op := ops[rr.IntN(len(ops))]
	if !op.clause {
		n := 1
		for loadFind(p, op.from, n) >= 0 {
			n++
		}
		op.nth = rr.IntN(n)
	}
	return op, true
}

// article renders the current state as revision rev.
func (a *mixArticle) article(rev int) Article {
	s := a.s
	standfirst, texts := a.texts()
	out := Article{Headline: s.headline(), Standfirst: standfirst, Byline: a.byline, Published: s.published}
	if rev > 0 {
		out.Modified = s.published.Add(time.Duration(rev) * 47 * time.Minute)
		out.UpdatedLine = "Updated " + out.Modified.Format("2 January 2006 15:04 MST")
	}
	if a.nameFixed {
		out.Correction = "Correction: an earlier version of this article misspelled the name of the " + s.role + "."
	}
	if a.m != LiveBlog {
		out.Paragraphs = texts
		return out
	}
	out.KeyPoints = []string{capital(s.ev.what) + " in " + s.town, fmt.Sprintf("%d people injured, %d killed", s.injured, s.killed), fmt.Sprintf("%s arrested", capital(loadPeople(s.arrests)))}
	// Entry times of the original paragraphs continue the phrase
	// generator, as in loadArticle.
	times := make([]time.Time, len(a.kinds))
	t := s.published
	for k := range times {
		t = t.Add(time.Duration(s.r.IntN(20)+5) * time.Minute)
		times[k] = t
	}
	for k, sl := range a.slots {
		switch sl.base {
		case loadLeadSlot:
			out.Entries = append(out.Entries, Entry{Time: s.published, Title: "What we know so far", Paragraphs: []string{texts[k]}})
		case loadAddedSlot:
			at := s.published.Add(time.Duration(sl.at) * 47 * time.Minute).Add(6 * time.Hour)
			out.Entries = append(out.Entries, Entry{Time: at, Title: sl.title, Paragraphs: []string{texts[k]}})
		default:
			out.Entries = append(out.Entries, Entry{Time: times[sl.base], Title: fmt.Sprintf("%s: latest from the scene", s.town), Paragraphs: []string{texts[k]}})
		}
	}
	return out
}
