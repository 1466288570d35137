package facts

import "strings"

// The gazetteers below are English news vocabulary. They are plain maps so
// the rules stay readable and lookups stay O(1) on long articles.

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// demonyms maps lower-case nationality adjectives (and plurals used as
// nouns) to their written form.
var demonyms = map[string]string{}

// countries maps lower-case country names to the nationality adjective, so
// "from Romania" gives "Romanian".
var countries = map[string]string{}

func init() {
	pairs := []string{
		"Afghan:Afghanistan", "Albanian:Albania", "Algerian:Algeria", "American:America", "Argentine:Argentina",
		"Argentinian:", "Armenian:Armenia", "Australian:Australia", "Austrian:Austria", "Bangladeshi:Bangladesh",
		"Belgian:Belgium", "Bolivian:Bolivia", "Bosnian:Bosnia", "Brazilian:Brazil", "British:Britain",
		"Bulgarian:Bulgaria", "Cambodian:Cambodia", "Canadian:Canada", "Chilean:Chile", "Chinese:China",
		"Colombian:Colombia", "Croatian:Croatia", "Cuban:Cuba", "Cypriot:Cyprus", "Czech:Czechia",
		"Danish:Denmark", "Dutch:Netherlands", "Ecuadorian:Ecuador", "Egyptian:Egypt", "English:England",
		"Eritrean:Eritrea", "Estonian:Estonia", "Ethiopian:Ethiopia", "Filipino:Philippines", "Finnish:Finland",
		"French:France", "Georgian:", "German:Germany", "Ghanaian:Ghana", "Greek:Greece",
		"Guatemalan:Guatemala", "Haitian:Haiti", "Honduran:Honduras", "Hungarian:Hungary", "Icelandic:Iceland",
		"Indian:India", "Indonesian:Indonesia", "Iranian:Iran", "Iraqi:Iraq", "Irish:Ireland",
		"Israeli:Israel", "Italian:Italy", "Jamaican:Jamaica", "Japanese:Japan", "Jordanian:Jordan",
		"Kenyan:Kenya", "Kosovan:Kosovo", "Kurdish:", "Kuwaiti:Kuwait", "Latvian:Latvia", "Lebanese:Lebanon",
		"Libyan:Libya", "Lithuanian:Lithuania", "Luxembourgish:Luxembourg", "Malaysian:Malaysia", "Maltese:Malta",
		"Mexican:Mexico", "Moldovan:Moldova", "Moroccan:Morocco", "Nepalese:Nepal", "Nepali:",
		"New Zealander:New Zealand", "Nigerian:Nigeria", "Norwegian:Norway", "Pakistani:Pakistan",
		"Palestinian:Palestine", "Peruvian:Peru", "Polish:Poland", "Portuguese:Portugal", "Romanian:Romania",
		"Russian:Russia", "Rwandan:Rwanda", "Saudi:Saudi Arabia", "Scottish:Scotland", "Senegalese:Senegal",
		"Serbian:Serbia", "Singaporean:Singapore", "Slovak:Slovakia", "Slovenian:Slovenia", "Somali:Somalia",
		"South African:South Africa", "South Korean:South Korea", "Spanish:Spain", "Sri Lankan:Sri Lanka",
		"Sudanese:Sudan", "Swedish:Sweden", "Swiss:Switzerland", "Syrian:Syria", "Taiwanese:Taiwan",
		"Thai:Thailand", "Tunisian:Tunisia", "Turkish:Turkey", "Ugandan:Uganda", "Ukrainian:Ukraine",
		"Uzbek:Uzbekistan", "Venezuelan:Venezuela", "Vietnamese:Vietnam", "Welsh:Wales", "Yemeni:Yemen",
		"Zimbabwean:Zimbabwe", "Emirati:United Arab Emirates", "Qatari:Qatar", "Omani:Oman",
		"Belarusian:Belarus", "Kazakh:Kazakhstan", "Azerbaijani:Azerbaijan", "Burmese:Myanmar",
		"Congolese:Congo", "Cameroonian:Cameroon", "Ivorian:Ivory Coast", "Malian:Mali", "Nicaraguan:Nicaragua",
		"Salvadoran:El Salvador", "Panamanian:Panama", "Dominican:Dominican Republic", "Uruguayan:Uruguay",
		"Paraguayan:Paraguay", "Turkmen:Turkmenistan", "Tajik:Tajikistan", "Kyrgyz:Kyrgyzstan", "Mongolian:Mongolia",
		"Chechen:Chechnya", "Bahraini:Bahrain", "Puerto Rican:Puerto Rico", "Northern Irish:Northern Ireland",
	}
	for _, p := range pairs {
		adj, country, _ := strings.Cut(p, ":")
		demonyms[strings.ToLower(adj)] = adj
		if country != "" {
			countries[strings.ToLower(country)] = adj
		}
	}
	for _, c := range []string{"usa", "us", "u.s.", "united states", "the united states", "the us", "the u.s."} {
		countries[c] = "American"
	}
	for _, c := range []string{"uk", "the uk", "u.k.", "united kingdom", "the united kingdom"} {
		countries[c] = "British"
	}
	for _, c := range []string{"the netherlands", "holland"} {
		countries[c] = "Dutch"
	}
	countries["the philippines"] = "Filipino"
	// Plural nouns: "three Britons", "12 Americans".
	for k, v := range map[string]string{"briton": "British", "britons": "British", "americans": "American",
		"frenchman": "French", "frenchwoman": "French", "frenchmen": "French", "australians": "Australian",
		"germans": "German", "italians": "Italian", "canadians": "Canadian", "israelis": "Israeli"} {
		demonyms[k] = v
	}
}

// personNouns are singular nouns for an individual, with a gender when the
// noun implies one ("m", "f" or "").
var personNouns = map[string]string{
	"man": "m", "woman": "f", "boy": "m", "girl": "f", "teenager": "", "teen": "", "youth": "",
	"child": "", "toddler": "", "baby": "", "infant": "", "pensioner": "", "pedestrian": "",
	"cyclist": "", "motorcyclist": "", "motorist": "", "driver": "", "passenger": "", "rider": "",
	"officer": "", "policeman": "m", "policewoman": "f", "constable": "", "resident": "",
	"student": "", "worker": "", "guard": "", "firefighter": "", "fireman": "m", "tourist": "",
	"person": "", "victim": "", "mother": "f", "father": "m", "son": "m", "daughter": "f",
	"husband": "m", "wife": "f", "brother": "m", "sister": "f", "male": "m", "female": "f",
	"captain": "", "skipper": "", "co-pilot": "", "crewman": "m", "steward": "",
	"soldier": "", "nurse": "", "doctor": "", "shopkeeper": "", "schoolboy": "m", "schoolgirl": "f",
	"pupil": "", "teacher": "", "employee": "", "customer": "", "hiker": "", "climber": "",
	"swimmer": "", "fisherman": "m", "miner": "", "labourer": "", "laborer": "", "pilot": "",
	"jogger": "", "walker": "", "homeowner": "", "occupant": "", "tenant": "", "patient": "",
	"prisoner": "", "inmate": "", "gunman": "m", "attacker": "", "assailant": "", "bomber": "",
	"shooter": "", "knifeman": "m", "killer": "", "robber": "", "intruder": "", "burglar": "",
	"suspect": "", "grandmother": "f", "grandfather": "m", "mum": "f", "dad": "m",
	"grandfather-of-two": "m", "father-of-two": "m", "mother-of-two": "f", "father-of-three": "m",
	"mother-of-three": "f", "father-of-one": "m", "mother-of-one": "f", "widow": "f", "widower": "m",
	"local": "", "bystander": "", "passer-by": "", "paramedic": "", "security": "", "teenage": "",
	"lorry": "", "truck": "", "van": "", "skier": "", "surfer": "", "diver": "", "fan": "",
	"spectator": "", "partygoer": "", "reveller": "", "shopper": "", "commuter": "", "cleaner": "",
	"builder": "", "farmer": "", "volunteer": "", "crew": "", "ranger": "", "kayaker": "",
	"boater": "", "angler": "", "trucker": "", "bus": "",
}

// vehicle-ish words that head compounds ("lorry driver", "bus passenger");
// they are only person nouns when followed by one.
var compoundOnly = set("lorry", "truck", "van", "bus", "security", "local", "teenage", "crew")

// pluralPersonNouns head groups ("two men", "the wounded men").
var pluralPersonNouns = set("men", "women", "boys", "girls", "teenagers", "teens", "people", "persons",
	"children", "residents", "students", "passengers", "pedestrians", "officers", "policemen", "workers",
	"tourists", "victims", "soldiers", "miners", "firefighters", "drivers", "guards", "youths",
	"pupils", "friends", "brothers", "sisters", "adults", "others", "civilians", "fans", "worshippers",
	"shoppers", "migrants", "refugees", "patients", "staff", "employees", "climbers", "hikers",
	"crew", "villagers", "pilgrims", "spectators", "males", "females", "teachers", "suspects",
	"protesters", "inmates", "prisoners", "cyclists", "motorists", "occupants", "customers",
	"individuals", "americans", "britons", "holidaymakers", "concertgoers", "festival-goers", "hostages",
	"captives", "bystanders", "nurses", "doctors", "journalists", "colleagues", "guests", "visitors",
	"diners", "revellers", "mourners", "attendees", "athletes", "players", "relatives", "siblings",
	"toddlers", "babies", "infants", "pensioners", "teenage", "schoolchildren", "commuters", "travellers")

var perpetratorNouns = set("gunman", "attacker", "assailant", "bomber", "shooter", "knifeman", "killer",
	"terrorist", "perpetrator", "hijacker", "gunmen", "attackers", "bombers", "assailants", "shooters")

// titles precede names and are not part of them.
var titles = set("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord",
	"lady", "rev", "reverend", "father", "pc", "wpc", "dc", "ds", "di", "dci", "dsi", "sgt", "sergeant",
	"det", "detective", "insp", "inspector", "ch", "chief", "supt", "superintendent", "constable",
	"commissioner", "commander", "cmdr", "assistant", "deputy", "acting", "mayor", "president",
	"governor", "gov", "senator", "sen", "rep", "representative", "congressman", "congresswoman",
	"minister", "secretary", "chancellor", "premier", "prime", "home", "foreign", "interior", "justice",
	"health", "defence", "defense", "sheriff", "captain", "capt", "lieutenant", "lt", "officer",
	"colonel", "col", "general", "gen", "major", "maj", "judge", "coroner", "councillor", "cllr",
	"spokesman", "spokeswoman", "spokesperson", "imam", "rabbi", "pastor", "bishop", "king", "queen",
	"prince", "princess", "mp", "msp", "police", "fire", "county", "district", "attorney",
	"state", "national", "station", "manager", "director", "head", "leader", "undersheriff",
	"marshal", "trooper", "agent", "special", "senior", "investigating", "crown", "prosecutor",
	"paramedic", "nurse", "firefighter", "pm", "ambassador", "chair", "chairman", "chairwoman",
	"emergency", "services", "medical", "examiner", "civil", "protection", "counter-terrorism", "met",
	"metropolitan", "transport", "mrs.", "dr.", "mr.", "st", "private", "pte", "corporal", "cpl",
	"ceo", "executive", "vice", "general's", "mayor's", "prime-minister", "chief's", "junior", "lance")

// officialTitles make a titled speaker an official.
var officialTitles = set("commissioner", "commander", "mayor", "president", "governor", "gov", "senator",
	"minister", "secretary", "chancellor", "premier", "sheriff", "chief", "superintendent", "supt",
	"inspector", "insp", "det", "detective", "dci", "di", "dsi", "ds", "sgt", "sergeant", "captain",
	"capt", "lieutenant", "lt", "colonel", "general", "coroner", "judge", "spokesman", "spokeswoman",
	"spokesperson", "councillor", "cllr", "constable", "officer", "director", "manager", "head",
	"leader", "undersheriff", "marshal", "trooper", "agent", "prosecutor", "attorney", "mp", "ambassador",
	"chairman", "chairwoman", "chair", "dr", "king", "queen", "prince", "pm", "examiner", "ceo",
	"executive", "pc", "dc")

// officialWords in an apposition or before a name make the person an official.
var officialWords = set("spokesman", "spokeswoman", "spokesperson", "commissioner", "chief", "minister",
	"mayor", "sheriff", "governor", "president", "coroner", "superintendent", "inspector", "director",
	"head", "leader", "secretary", "chancellor", "commander", "official", "officials", "councillor",
	"senator", "mp", "spokesmen", "prosecutor", "chairman", "chairwoman", "manager", "ambassador",
	"detective", "sergeant", "captain", "lieutenant", "coordinator", "administrator", "premier",
	"undersheriff", "examiner", "ceo", "executive", "officer", "constable", "chair", "general",
	"attorney", "investigator", "marshal", "trooper", "representative", "surgeon", "consultant")

var witnessWords = set("witness", "witnesses", "eyewitness", "saw", "seen", "heard", "watched",
	"described", "bystander", "passer-by", "onlooker", "survivor", "resident", "neighbour", "neighbor",
	"festival-goer", "concertgoer", "shopper", "tourist", "customer", "who", "nearby", "recalled", "recounted")

var relativeWords = set("mother", "father", "son", "daughter", "wife", "husband", "brother", "sister",
	"girlfriend", "boyfriend", "partner", "uncle", "aunt", "cousin", "grandmother", "grandfather",
	"family", "friend", "fiancée", "fiancee", "fiance", "fiancé", "nephew", "niece", "mum", "dad",
	"stepfather", "stepmother", "relative", "grandson", "granddaughter", "parents")

// excludedWords mark performers, journalists and others never listed.
var excludedWords = set("singer", "performer", "rapper", "actor", "actress", "musician", "band",
	"star", "dj", "comedian", "reporter", "correspondent", "journalist", "editor", "photographer",
	"columnist", "presenter", "anchor", "author", "writer", "pop", "footballer", "striker")

// speechVerbs introduce a quoted speaker.
var speechVerbs = set("said", "says", "told", "added", "explained", "wrote", "tweeted", "stated",
	"confirmed", "announced", "warned", "insisted", "recalled", "described", "urged", "asked",
	"commented", "declared", "posted", "remarked", "continued", "admitted", "revealed", "noted",
	"claimed", "tells", "adds", "describes", "recounted", "appealed")

// nonNameWords are capitalized words that never start or belong to a
// person's name (places, institutions, calendar words, sentence openers).
var nonNameWords = set("the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "his", "her",
	"their", "our", "this", "that", "these", "those", "there", "here", "police", "monday", "tuesday",
	"wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
	"may", "june", "july", "august", "september", "october", "november", "december", "street",
	"road", "bridge", "arena", "hospital", "service", "services", "ministry", "state", "islamic",
	"council", "university", "news", "agency", "park", "square", "tower", "towers", "station",
	"airport", "church", "mosque", "school", "college", "court", "house", "palace", "parliament",
	"market", "centre", "center", "hotel", "club", "stadium", "department", "office", "force",
	"army", "brigade", "rescue", "ambulance", "trust", "foundation", "committee", "party",
	"government", "republic", "kingdom", "united", "north", "south", "east", "west", "northern",
	"southern", "eastern", "western", "great", "greater", "county", "city", "town", "village",
	"district", "region", "province", "valley", "lake", "river", "mount", "beach", "island",
	"coast", "bay", "avenue", "lane", "drive", "way", "close", "place", "terrace", "crescent",
	"hill", "estate", "mall", "bank", "group", "company", "ltd", "inc", "airlines", "railway",
	"rail", "line", "express", "times", "post", "herald", "guardian", "bbc", "cnn", "reuters",
	"ap", "afp", "press", "associated", "storm", "hurricane", "typhoon", "cyclone", "earthquake",
	"fire", "federal", "bureau", "fbi", "cia", "nhs", "mi5", "yard", "scotland", "england",
	"britain", "london", "new", "los", "las", "san", "santa", "st", "saint", "fort", "port",
	"international", "national", "royal", "general", "medical", "health", "emergency", "security",
	"homeland", "defence", "defense", "home", "foreign", "interior", "justice", "white", "downing",
	"but", "and", "or", "if", "when", "after", "before", "while", "as", "at", "in", "on", "of",
	"for", "from", "to", "by", "with", "about", "officers", "officials", "authorities", "witnesses",
	"paramedics", "firefighters", "rescuers", "doctors", "one", "two", "three", "four", "five",
	"six", "seven", "eight", "nine", "ten", "some", "many", "all", "no", "none", "both", "each",
	"every", "among", "including", "according", "meanwhile", "however", "earlier", "later",
	"today", "yesterday", "tonight", "last", "next", "update", "updated", "breaking", "live",
	"read", "more", "related", "watch", "video", "photo", "photograph", "picture", "image",
	"getty", "images", "pa", "media", "wire", "mr", "mrs", "ms", "dr", "christmas", "easter",
	"day", "eve", "year", "week", "month", "gmt", "bst", "est", "edt", "pst", "utc",
	"facebook", "twitter", "instagram", "youtube", "telegram", "whatsapp", "tiktok", "amaq",
	"isis", "isil", "is", "daesh", "taliban", "qaeda", "al-qaeda", "hamas", "hezbollah", "pkk",
	"ira", "eta", "boko", "haram", "shabab", "al-shabab", "network", "front", "brigades",
	"movement", "army's", "cross", "red", "crescent's", "un", "nato", "eu", "european", "union",
	"nations", "world", "cup", "olympic", "olympics", "festival", "concert", "tour", "show",
	"prize", "award", "awards", "museum", "gallery", "theatre", "theater", "cathedral", "temple",
	"synagogue", "prison", "jail", "barracks", "base", "camp", "shelter", "memorial", "fund",
	"appeal", "gofundme", "crimestoppers", "crime", "stoppers", "trauma", "infirmary", "clinic",
	"institute", "academy", "library", "embassy", "consulate", "authority", "commission",
	"inquiry", "inquest", "review", "report", "act", "law", "bill", "code", "highway", "motorway",
	"freeway", "interstate", "route", "junction", "roundabout", "tunnel", "pier", "harbour",
	"harbor", "dock", "airport's", "terminal", "platform", "building", "apartments", "apartment",
	"condominium", "condo", "flats", "block", "complex", "plaza", "boulevard", "row", "gardens",
	"green", "common", "heath", "wood", "woods", "forest", "mountain", "mountains", "hills",
	"desert", "sea", "ocean", "gulf", "channel", "strait", "canal", "falls", "springs",
	"heights", "point", "cape", "peninsula", "islands", "archipelago", "promenade", "des",
	"anglais", "zone", "sector", "ward", "borough", "parish", "shire", "metro", "transit",
	"underground", "tube", "subway", "airline", "flight", "ferry", "express's", "limited",
	"holdings", "corporation", "association", "society", "league", "federation", "alliance",
	"coalition", "council's", "cabinet", "congress", "senate", "assembly", "court's", "police's",
	"ministry's", "downtown", "uptown", "board", "safety", "transportation", "administration",
	"directorate", "institute's", "commission's", "agency's", "trust's", "regiment", "corps",
	"neighbourhood", "neighborhood", "area", "cbs", "nbc", "abc", "fox", "sky", "itv", "channel4",
	"spotify", "google", "apple", "amazon", "microsoft", "tesla", "uber", "nasa", "shock",
	"mi6", "gchq", "cobra", "red cross", "crisis", "protection", "civil", "military", "navy",
	"air", "guard", "coastguard", "lifeboat", "rnli", "unit", "squad", "team", "operation",
	"task", "taskforce", "patrol", "highway patrol", "sheriff's", "marshals", "justice's")
