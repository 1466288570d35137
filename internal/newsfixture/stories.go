package newsfixture

import "time"

// Paths of the default stories.
const (
	PathWestminster = "/news/uk/westminster-attack"
	PathHarbourFire = "/local/harbour-road-warehouse-fire"
	PathLiveBlog    = "/live/westminster-attack-live"
	PathBridge      = "/news/old-mill-bridge-closure"
	PathCafe        = "/local/cafe-reopens"     // windows-1252, charset in <meta> after 1 KB only
	PathCafeHeader  = "/local/cafe-reopens-hdr" // windows-1252, charset in the header
	PathFlood       = "/jp/river-flood"         // Shift_JIS
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// DefaultStories are the stories every Site starts with. Facts of the
// Westminster story follow public reporting of 22-23 March 2017; the
// wording, and every other story, is invented for the fixture.
func DefaultStories() []Story {
	westminster := []Article{
		{
			Headline:   "Westminster attack: four dead after car hits pedestrians and officer is stabbed",
			Standfirst: "A police officer and the attacker are among the dead after an attack on Westminster Bridge and in the grounds of Parliament.",
			Byline:     "Fixture Staff",
			Published:  at("2017-03-22T16:10:00Z"),
			Paragraphs: []string{
				"Four people, including the attacker and a police officer, have died after a car was driven into pedestrians on Westminster Bridge in London on Wednesday afternoon.",
				"The driver then crashed the car into railings outside the Houses of Parliament and ran into the grounds, where he stabbed a police officer who was guarding the gates.",
				"The attacker was shot by armed officers and died at the scene, the Metropolitan Police said.",
				"About 20 people were injured, some of them seriously, and several were taken to St Thomas' Hospital across the river.",
				"MPs inside the Commons chamber were kept in lock-down for several hours while the area was searched.",
			},
		},
		{
			Headline:    "Westminster attack: PC Keith Palmer named among four dead",
			Standfirst:  "The police officer killed guarding Parliament has been named as PC Keith Palmer, 48, as the number of injured rises to about 40.",
			Byline:      "Fixture Staff",
			Published:   at("2017-03-22T16:10:00Z"),
			Modified:    at("2017-03-22T21:30:00Z"),
			UpdatedLine: "Updated 22 March 2017 21:30 GMT",
			Paragraphs: []string{
				"Four people, including the attacker and a police officer, have died after a car was driven into pedestrians on Westminster Bridge in London on Wednesday afternoon.",
				"The police officer who was stabbed at the gates of Parliament has been named as PC Keith Palmer, 48, a husband and father who had served with the force for 15 years.",
				"The driver crashed the car into railings outside the Houses of Parliament and ran into the grounds before he was shot by armed officers. He died at the scene.",
				"About 40 people were injured, the Metropolitan Police said, several of them seriously. Three police officers returning from a commendation ceremony were among those hurt on the bridge.",
				"MPs inside the Commons chamber were kept in lock-down for several hours while the area was searched.",
				"Police said they believed the attacker acted alone and that there was no continuing threat to the public.",
			},
		},
		{
			Headline:    "Westminster attack: attacker named as Khalid Masood as death toll rises",
			Standfirst:  "Five people, including the attacker, are now known to have died, and about 50 were injured.",
			Byline:      "Fixture Staff",
			Published:   at("2017-03-22T16:10:00Z"),
			Modified:    at("2017-03-23T18:45:00Z"),
			UpdatedLine: "Updated 23 March 2017 18:45 GMT",
			Paragraphs: []string{
				"Five people, including the attacker, have died after a car was driven into pedestrians on Westminster Bridge and a police officer was stabbed outside Parliament on Wednesday.",
				"The police officer who was stabbed at the gates of Parliament has been named as PC Keith Palmer, 48, a husband and father who had served with the force for 15 years.",
				"Police named the attacker as Khalid Masood, 52, who was born in Kent. He was shot by armed officers in the grounds of Parliament and died at the scene.",
				"About 50 people were injured, and two of them remain in a critical condition in hospital. People from at least 11 countries were among the casualties.",
				"Eight people were arrested in raids in London and Birmingham overnight.",
				"The Islamic State group said in a statement released through its news agency that the attacker was one of its soldiers. Police said there was no evidence so far of links to the group.",
			},
			Correction: "Correction: an earlier version of this article gave the number of people arrested as seven.",
		},
	}
	harbour := []Article{
		{
			Headline:   "Crews tackle large fire at Harbour Road warehouse",
			Standfirst: "Residents near the harbour have been told to keep windows and doors shut.",
			Byline:     "Dana Whitlock",
			Published:  at("2024-05-14T07:30:00Z"),
			Paragraphs: []string{
				"Firefighters were called to a large fire at a warehouse on Harbour Road in Eastmouth shortly after 5am on Tuesday.",
				"Eight fire engines and about 40 firefighters attended at the height of the blaze, the county fire service said.",
				"Two workers were treated for smoke inhalation at the scene. No one else is thought to have been hurt.",
				"Harbour Road is closed between the swing bridge and Quay Street, and drivers are asked to avoid the area.",
			},
		},
		{
			Headline:    "Harbour Road warehouse fire: two taken to hospital",
			Standfirst:  "Residents near the harbour have been told to keep windows and doors shut.",
			Byline:      "Dana Whitlock",
			Published:   at("2024-05-14T07:30:00Z"),
			Modified:    at("2024-05-14T11:05:00Z"),
			UpdatedLine: "Last updated 14 May 2024 11:05 BST",
			Paragraphs: []string{
				"Firefighters were called to a large fire at a warehouse on Harbour Road in Eastmouth shortly after 5am on Tuesday.",
				"Ten fire engines and about 60 firefighters attended at the height of the blaze, the county fire service said.",
				"Two workers were taken to Eastmouth General Hospital with breathing difficulties. Their condition is not thought to be serious.",
				"Harbour Road is closed between the swing bridge and Quay Street, and drivers are asked to avoid the area.",
				"A fire investigator will examine the building once it is safe to do so.",
			},
		},
		{
			Headline:    "Harbour Road warehouse fire: two taken to hospital",
			Standfirst:  "Residents near the harbour have been told to keep windows and doors shut.",
			Byline:      "Dana Whitlock",
			Published:   at("2024-05-14T07:30:00Z"),
			Modified:    at("2024-05-14T11:05:00Z"),
			UpdatedLine: "Last updated 14 May 2024 11:05 BST",
			Paragraphs: []string{
				"Firefighters were called to a large fire at a warehouse on Harbour Road in Eastmouth shortly after 5am on Tuesday.",
				"Ten fire engines and about 60 firefighters attended at the height of the blaze, the county fire service said.",
				"Two workers were taken to Eastmouth General Hospital with breathing difficulties. Their condition is not thought to be serious.",
				"Harbour Road is closed between the swing bridge and Quay Street, and drivers are asked to avoid the area.",
				"A fire investigator will examine the building once it is safe to do so. The cause is not yet known.",
			},
		},
	}
	e := func(ts, title string, ps ...string) Entry { return Entry{Time: at(ts), Title: title, Paragraphs: ps} }
	live1 := Article{
		Headline:   "Westminster attack: live updates",
		Standfirst: "Follow the latest after a car was driven into pedestrians on Westminster Bridge and a police officer was stabbed at Parliament.",
		Published:  at("2017-03-22T14:50:00Z"),
		KeyPoints: []string{
			"A car was driven into pedestrians on Westminster Bridge",
			"A police officer was stabbed at the gates of Parliament",
			"The attacker was shot by police",
		},
		Entries: []Entry{
			e("2017-03-22T14:50:00Z", "Reports of gunfire at Parliament", "Witnesses report hearing several loud bangs near the Houses of Parliament. The Commons sitting has been suspended."),
			e("2017-03-22T15:20:00Z", "Police: treat as terrorist incident", "The Metropolitan Police say they are treating the incident as a terrorist incident until they know otherwise."),
			e("2017-03-22T16:05:00Z", "Several injured on the bridge", "Ambulance crews are treating a number of people on Westminster Bridge. A doctor at St Thomas' Hospital said some had serious injuries."),
		},
	}
	live2 := cloneArticle(live1)
	live2.UpdatedLine = "Updated 22 March 2017 18:00 GMT"
	live2.Modified = at("2017-03-22T18:00:00Z")
	live2.KeyPoints = append(live2.KeyPoints, "Four people, including the attacker, have died")
	live2.Entries = append(live2.Entries,
		e("2017-03-22T17:40:00Z", "Four dead, police confirm", "Acting Deputy Commissioner Mark Rowley says four people have died, including a police officer and the man believed to be the attacker. About 20 people were injured."),
	)
	live3 := cloneArticle(live2)
	live3.UpdatedLine = "Updated 22 March 2017 21:40 GMT"
	live3.Modified = at("2017-03-22T21:40:00Z")
	live3.KeyPoints[3] = "Four people, including the attacker, have died and about 40 were injured"
	live3.Entries = append(live3.Entries,
		e("2017-03-22T21:35:00Z", "Officer named", "The police officer who died has been named as PC Keith Palmer, 48. The number of people injured has risen to about 40."),
	)
	bridge := []Article{
		{
			Headline:   "Old Mill Bridge to close for six weeks of repairs",
			Standfirst: "The river crossing will shut to traffic from Monday while its supports are strengthened.",
			Byline:     "Priya Nandakumar",
			Published:  at("2024-09-02T08:00:00Z"),
			Paragraphs: []string{
				"Old Mill Bridge in Ashford Vale will close to vehicles for six weeks from Monday while engineers strengthen its supports, the county council said.",
				"Pedestrians and cyclists will still be able to cross on a temporary walkway along the north side.",
				"A signed diversion via the bypass will add about four miles to journeys between the town centre and the station.",
			},
		},
		{
			Headline:   "Old Mill Bridge to close for eight weeks of repairs",
			Standfirst: "The river crossing will shut to traffic from Monday while its supports are strengthened.",
			Byline:     "Priya Nandakumar",
			Published:  at("2024-09-02T08:00:00Z"),
			Modified:   at("2024-09-03T10:20:00Z"),
			Paragraphs: []string{
				"Old Mill Bridge in Ashford Vale will close to vehicles for eight weeks from Monday while engineers strengthen its supports, the county council said.",
				"Pedestrians and cyclists will still be able to cross on a temporary walkway along the north side.",
				"A signed diversion via the bypass will add about four miles to journeys between the town centre and the station.",
			},
		},
	}
	cafe := []Article{
		{
			Headline:   "Café Müller reopens after flood – with a new crème brûlée",
			Standfirst: "The seafront café is back in business eight months after the storm.",
			Byline:     "Zoë Hart",
			Published:  at("2024-03-08T09:00:00Z"),
			Paragraphs: []string{
				"“We’re thrilled to be open again,” said owner Renée Dubois, who spent £40,000 repairing the café’s kitchen.",
				"The menu keeps its famous crème brûlée and adds a jalapeño toastie; coffee still costs €2.50 for visitors from the ferry.",
				"Regulars queued from 8am — some for more than an hour — to be among the first through the door.",
			},
		},
		{
			Headline:   "Café Müller reopens after flood – with a new crème brûlée",
			Standfirst: "The seafront café is back in business eight months after the storm.",
			Byline:     "Zoë Hart",
			Published:  at("2024-03-08T09:00:00Z"),
			Modified:   at("2024-03-08T15:00:00Z"),
			Paragraphs: []string{
				"“We’re thrilled to be open again,” said owner Renée Dubois, who spent £45,000 repairing the café’s kitchen.",
				"The menu keeps its famous crème brûlée and adds a jalapeño toastie; coffee still costs €2.50 for visitors from the ferry.",
				"Regulars queued from 8am — some for more than an hour — to be among the first through the door.",
			},
		},
	}
	flood := []Article{
		{
			Headline:   "大雨で緑川が氾濫、住民200人が避難",
			Standfirst: "市は夜間の外出を控えるよう呼びかけている。",
			Byline:     "山田花子",
			Published:  at("2024-07-01T03:00:00Z"),
			Paragraphs: []string{
				"1日未明から降り続いた大雨の影響で、緑川の一部が氾濫し、流域の住民約200人が公民館などに避難した。",
				"市によると、これまでにけが人は確認されていない。",
				"気象台は、2日朝にかけて局地的に激しい雨が降るおそれがあるとして、引き続き警戒を呼びかけている。",
			},
		},
		{
			Headline:   "大雨で緑川が氾濫、住民350人が避難",
			Standfirst: "市は夜間の外出を控えるよう呼びかけている。",
			Byline:     "山田花子",
			Published:  at("2024-07-01T03:00:00Z"),
			Modified:   at("2024-07-01T09:00:00Z"),
			Paragraphs: []string{
				"1日未明から降り続いた大雨の影響で、緑川の一部が氾濫し、流域の住民約350人が公民館などに避難した。",
				"市によると、これまでにけが人は確認されていない。",
				"気象台は、2日朝にかけて局地的に激しい雨が降るおそれがあるとして、引き続き警戒を呼びかけている。",
			},
		},
	}
	return []Story{
		{Path: PathWestminster, Markup: Semantic, Versions: westminster},
		{Path: PathHarbourFire, Markup: DivSoup, Versions: harbour},
		{Path: PathLiveBlog, Markup: LiveBlog, Versions: []Article{live1, live2, live3}},
		{Path: PathBridge, Markup: JSONLDOnly, Versions: bridge},
		{Path: PathCafe, Markup: Semantic, Charset: "windows-1252", Versions: cafe},
		{Path: PathCafeHeader, Markup: DivSoup, Charset: "windows-1252", CharsetInHeader: true, Versions: cafe},
		{Path: PathFlood, Markup: Semantic, Charset: "shift_jis", CharsetInHeader: true, Versions: flood},
	}
}
