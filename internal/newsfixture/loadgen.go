package newsfixture

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// The load site's articles are generated from the phrase lists below (all
// written for the fixture): every story gets its own place, people,
// figures and choice of phrasing, and each revision raises the toll, adds
// news and rewords a sentence, the way breaking stories are updated.

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

func (s *loadState) headline() string {
	if s.killed > 0 {
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

// loadArticle is revision rev of story i: the base article plus one
// update per revision, with the toll raised each time.
func loadArticle(seed uint64, i, rev int, m Markup) Article {
	s := &loadState{r: rand.New(rand.NewPCG(seed, uint64(i)))}
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
	byline := s.name()
	kinds := s.r.Perm(18)[:s.r.IntN(4)+12]

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
