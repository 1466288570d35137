package facts

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/storywatch/storywatch"
)

// personCase states what one person of a short text must come out as; an
// empty field is not checked, "-" means null.
type personCase struct {
	name                    string
	headline, standfirst    string
	text                    []string
	who, role, status, desc string
	absent                  bool // who must not be listed (with role, when set)
	count                   int  // people listed with who's name (unnamed: "<unnamed>") and role, when > 0
}

func (pc personCase) run(t *testing.T) {
	f := Extract(storywatch.Version{Headline: pc.headline, Standfirst: pc.standfirst, Paragraphs: pc.text})
	b, _ := json.Marshal(f.People)
	var found []storywatch.Person
	for _, p := range f.People {
		n := "<unnamed>"
		if p.Name != nil {
			n = *p.Name
		}
		if n == pc.who && (pc.role == "" || p.Role == pc.role) {
			found = append(found, p)
		}
	}
	if pc.absent {
		if len(found) > 0 {
			t.Errorf("%s listed: %s", pc.who, b)
		}
		return
	}
	if pc.count > 0 && len(found) != pc.count {
		t.Errorf("%d × %s|%s, want %d: %s", len(found), pc.who, pc.role, pc.count, b)
	}
	if len(found) == 0 {
		t.Fatalf("%s|%s not listed: %s", pc.who, pc.role, b)
	}
	p := found[0]
	str := func(s *string) string {
		if s == nil {
			return "-"
		}
		return *s
	}
	if pc.status != "" && str(p.Status) != pc.status {
		t.Errorf("status %s, want %s: %s", str(p.Status), pc.status, b)
	}
	if pc.desc != "" && str(p.Description) != pc.desc {
		t.Errorf("description %s, want %s: %s", str(p.Description), pc.desc, b)
	}
}

func TestPeopleRules(t *testing.T) {
	westminster := []string{
		"Four people have died, including a police officer and the attacker, after a car was driven into pedestrians.",
		"PC Keith Palmer, 48, was stabbed as he guarded the gates of Parliament.",
		"American tourist Kurt Cochran, 54, from Utah, was killed on the bridge.",
		"Police named the attacker as Khalid Masood, 52. He was shot by armed officers.",
	}
	for _, pc := range []personCase{
		// A member "included" among the dead died, however the body tells of the wounds.
		{name: "included officer died", text: westminster, who: "Keith Palmer", role: "victim", status: "dead", desc: "police officer"},
		{name: "included attacker died", text: westminster, who: "Khalid Masood", role: "perpetrator", status: "dead"},
		// A job noun before a name is the description; it does not leak to others.
		{name: "job noun before name", text: westminster, standfirst: "A police officer was among four people who died.", who: "Kurt Cochran", role: "victim", desc: "tourist"},
		{name: "firefighter title", text: []string{"Two firefighters were injured. Firefighter Tom Reyes, 48, was treated for burns to his arms, the fire service said."}, who: "Tom Reyes", role: "victim", desc: "firefighter"},
		{name: "chief constable", text: []string{"Chief Constable Ian Hopkins said 22 people had died."}, who: "Ian Hopkins", role: "official", desc: "chief constable"},
		// An apposition after a definite mention is the same person.
		{name: "apposition joins", standfirst: "A police officer and the attacker are among the dead.",
			text: []string{"The attacker, a man, was shot by armed officers in the grounds of Parliament."}, who: "<unnamed>", role: "perpetrator", status: "dead", count: 1},
		// The summary's dead officer and the body's stabbed officer are one.
		{name: "summary dead joins body hurt", standfirst: "A police officer and the attacker are among the dead.",
			text: []string{"An officer was stabbed outside Parliament."}, who: "<unnamed>", role: "victim", status: "dead", count: 1},
		// "One of those who died was X" names one of the dead.
		{name: "one of those who died", text: []string{"Three people died in the floods.", "One of those who died was José Muñoz, 67, a retired teacher."}, who: "José Muñoz", role: "victim", status: "dead"},
		{name: "one of them", text: []string{"Five victims have been formally identified, he said.", "One of them was Mohammed Alhajali, a 23-year-old refugee."}, who: "Mohammed Alhajali", role: "victim", status: "dead"},
		// A speaker before a naming cue is the source, not the one named.
		{name: "speaker is not named", text: []string{"Commander Stuart Cundy said the figure included people who were missing and presumed dead."}, who: "Stuart Cundy", role: "official"},
		// A victim verb right after a noun with no object is a passive participle.
		{name: "reduced passive", standfirst: "The police officer killed guarding Parliament has been named as PC Keith Palmer, 48.",
			text: []string{"Four people, including the attacker and a police officer, have died."}, who: "Keith Palmer", role: "victim", status: "dead", desc: "police officer"},
		// "Shot by armed officers" marks the attacker, also through a pronoun after "before".
		{name: "shot by police", text: []string{"Four people have died.", "The driver crashed the car into railings and ran into the grounds before he was shot by armed officers. He died at the scene."},
			who: "<unnamed>", role: "perpetrator", status: "dead"},
		// A named stabbing victim, nothing said of hospital, in a toll with more dead than named.
		{name: "named among the dead", text: []string{"Five people, including the attacker, have died after a car was driven into pedestrians and a police officer was stabbed.",
			"The police officer who was stabbed at the gates has been named as PC Keith Palmer, 48.", "Police named the attacker as Khalid Masood, 52. He was shot by armed officers and died at the scene."},
			who: "Keith Palmer", role: "victim", status: "dead"},
		{name: "named wounded stays wounded", text: []string{"One man died and two were stabbed.", "The man who died has been named as Tom Hale, 40.", "A man who was stabbed has been named as Ray Dunn, 33. He is in a stable condition in hospital."},
			who: "Ray Dunn", role: "victim", status: "injured"},
		// "said neighbor X, who heard the gunfire" is a witness.
		{name: "said neighbor", text: []string{"A man was shot dead on Saturday.", "\"It's not right,\" said neighbor Darnell Price, who heard the gunfire."}, who: "Darnell Price", role: "witness"},
		// A resident quoted about a planning decision is not a witness.
		{name: "resident opinion", text: []string{"Councillors approved 300 homes.", "Resident Tom Whitley, 67, said: \"Nobody listened to us.\""}, who: "Tom Whitley", role: "other"},
		// Particle runs and coordination across appositions.
		{name: "de la Cruz", text: []string{"The victims, Jean-Luc Moreau, 30, a French student, and Ana Lucía de la Cruz, 28, were taken to Leeds General Infirmary."}, who: "Ana Lucía de la Cruz", role: "victim", status: "injured"},
		{name: "driver of the sedan", text: []string{"The driver of the sedan, Keisha Brandt, 41, of Poughkeepsie, and her passenger, Luis Ortega, 38, of Beacon, were pronounced dead at the scene."}, who: "Keisha Brandt", role: "victim", status: "dead"},
		// A described member of a group is listed.
		{name: "one victim aged", text: []string{"Two students were stabbed.", "One victim, a 16-year-old boy, was flown to a trauma center with serious injuries."}, who: "<unnamed>", role: "victim", status: "injured"},
		// A year in a person's relative clause is their past, not the sentence's event.
		{name: "year in relative clause", text: []string{"At least 14 people were killed.", "Among the dead was an American, Jason Spindler, who had survived the 2001 attacks on the World Trade Center."}, who: "Jason Spindler", role: "victim", status: "dead"},
		// "as did X" shares the sentence's fate.
		{name: "as did", text: []string{"The wrong-way driver, identified as Kevin Dunn, 29, died at the scene, as did a passenger in the SUV."}, who: "<unnamed>", role: "victim", status: "dead"},
		// A perpetrator only mentioned in passing is nobody described.
		{name: "passing shooter", text: []string{"A man was shot dead.", "No arrests have been made, and police have not released a description of the shooter."}, who: "<unnamed>", role: "perpetrator", absent: true},
		// Being investigated or questioned makes a suspect.
		{name: "being investigated", text: []string{"The ship's captain, Lee Joon-seok, 69, was being investigated, prosecutors said."}, who: "Lee Joon-seok", role: "suspect"},
		// In a story of deaths only, a victim of unstated fate is one of the dead.
		{name: "only dead", text: []string{"Police have revised the death toll from the fire down to 71.", "Victims included Mohammed Alhajali, a 23-year-old Syrian refugee."}, who: "Mohammed Alhajali", role: "victim", status: "dead"},
		// Found safe is no longer missing, so no victim.
		{name: "found safe", text: []string{"A nine-year-old boy who went missing from a campsite has been found safe and well after an overnight search."}, who: "<unnamed>", role: "victim", absent: true},
		// "one person" is a count; "a fifth person has died" is one more of the dead.
		{name: "one person", text: []string{"The governor said 23 residents had been evacuated, and that one person was still missing."}, who: "<unnamed>", role: "victim", absent: true},
		{name: "a fifth person", text: []string{"A fifth person has died after a lorry was driven into shoppers, police said."}, who: "<unnamed>", role: "victim", status: "dead"},
		// "along with", a listed group's nationality, a capitalised determiner.
		{name: "along with", text: []string{"The Spanish driver, José Manuel Ruiz Gómez, 56, also died, along with a Romanian guide, Ioana Stănescu, 29."}, who: "Ioana Stănescu", role: "victim", status: "dead"},
	} {
		t.Run(pc.name, pc.run)
	}
	for _, tc := range []struct{ text, who, nat string }{
		{"The dead included three Polish tourists: Łukasz Wróbel, 34, and Małgorzata Kęska, 62.", "Małgorzata Kęska", "Polish"},
		{"The Spanish driver, José Manuel Ruiz Gómez, 56, also died, along with a Romanian guide, Ioana Stănescu, 29.", "José Manuel Ruiz Gómez", "Spanish"},
		{"The Spanish driver, José Manuel Ruiz Gómez, 56, also died, along with a Romanian guide, Ioana Stănescu, 29.", "Ioana Stănescu", "Romanian"},
	} {
		f := Extract(storywatch.Version{Paragraphs: []string{tc.text}})
		found := false
		for _, p := range f.People {
			if p.Name != nil && *p.Name == tc.who {
				found = true
				if p.Nationality == nil || *p.Nationality != tc.nat {
					t.Errorf("%s: nationality %v, want %s", tc.who, p.Nationality, tc.nat)
				}
			}
		}
		if !found {
			t.Errorf("%s not listed from %q", tc.who, tc.text)
		}
	}
	for _, pc := range []personCase{
		// Live blogs read newest first: an older entry's "the attacker" is not a newer entry's arrested man.
		{name: "live blog backward reference", text: nil, who: "<unnamed>", role: "suspect", status: "arrested"},
	} {
		if pc.name == "live blog backward reference" {
			t.Run(pc.name, func(t *testing.T) {
				at := func(h int) *time.Time { t := time.Date(2017, 5, 23, h, 0, 0, 0, time.UTC); return &t }
				f := Extract(storywatch.Version{Meta: storywatch.Meta{LiveBlog: true}, Entries: []storywatch.Entry{
					{Time: at(10), Paragraphs: []string{"A 23-year-old man has been arrested in south Manchester, police say."}},
					{Time: at(7), Paragraphs: []string{"Police say 22 people have died. The attacker died at the scene."}},
				}})
				roles := map[string]string{}
				for _, p := range f.People {
					if p.Status != nil {
						roles[p.Role] = *p.Status
					}
				}
				if roles["suspect"] != "arrested" || roles["perpetrator"] != "dead" {
					b, _ := json.Marshal(f.People)
					t.Errorf("want an arrested suspect and a dead perpetrator: %s", b)
				}
			})
			continue
		}
		t.Run(pc.name, pc.run)
	}
}

func TestFigureRules(t *testing.T) {
	tests := []struct {
		name string
		text string
		kind storywatch.FigureKind
		want any
	}{
		// Responders are a count only when a victim word follows them.
		{"hurt firefighters", "Two firefighters were injured after a fire broke out at a warehouse. Firefighter Tom Reyes, 48, was treated for burns.", storywatch.Injured, 2},
		{"working firefighters", "Around 60 firefighters tackled the blaze.", storywatch.Injured, nil},
		// A member list inside "including" does not end the clause.
		{"including list", "Four people, including the attacker and a police officer, have died after a car was driven into pedestrians.", storywatch.Killed, 4},
		// "among N dead" is the whole group, not a part of it.
		{"among four dead", "PC Keith Palmer named among four dead.", storywatch.Killed, 4},
		// Hospital with a named harm is also an injury.
		{"hospital with breathing difficulties", "Two workers were taken to hospital with breathing difficulties.", storywatch.Injured, 2},
		// Shot counts the dead too when a part of them died.
		{"shot, two fatally: injured", "Five people were shot, two of them fatally, in separate incidents across the city, police said.", storywatch.Injured, 3},
		{"shot, two fatally: killed", "Five people were shot, two of them fatally, in separate incidents across the city, police said.", storywatch.Killed, 2},
		// Ages listed after a group are not counts.
		{"ages after group", "Two women, 31 and 35, were wounded in a drive-by shooting.", storywatch.Injured, 2},
		// A singular person coordinated with a group is one more.
		{"driver and two passengers", "The pickup driver and two passengers were taken to Vassar Brothers Medical Center.", storywatch.Hospitalized, 3},
		// "of the injured" names the group of a hospital count.
		{"of the injured to hospital", "Eleven of the injured were taken to hospitals in Malaga and Ronda.", storywatch.Hospitalized, 11},
		// Clock times and agent phrases do not end the predicate.
		{"far hospital", "Two crew members were pulled from a life raft by a lifeboat crew at about 2am and taken to the Royal Cornwall Hospital in Truro.", storywatch.Hospitalized, 2},
		// An ordinal is a running total only for deaths.
		{"second kayaker", "One kayaker drowned. A second kayaker who was with him was rescued by the wardens and taken to hospital suffering from hypothermia.", storywatch.Hospitalized, 1},
		{"minor cut", "A member of staff, a 58-year-old woman, suffered a minor cut to her hand.", storywatch.Injured, 1},
		// A headline's second person after a comma is not an apposition of the first.
		{"headline teen and woman", "Teen killed, woman hurt in shooting. A 19-year-old man was shot and killed on Saturday night.", storywatch.Killed, 1},
		// The hospital closes a treatment phrase however far from the number.
		{"treated at hospital", "Forty-eight people, including young children, were being treated for gunshot wounds at Christchurch Hospital, health officials said.", storywatch.Hospitalized, 48},
		// "from" in another clause does not make a number an earlier one.
		{"from the rubble", "Rescue teams have pulled 15 survivors from the rubble, and 22 bodies have been recovered.", storywatch.Killed, 22},
		// "patients, 12 of whom" is a part, not an age.
		{"of whom", "The hospital said it had treated 47 patients, 12 of whom remain in intensive care.", storywatch.Critical, 12},
		// "from X down to N": N is the new figure.
		{"revised down to", "Police have revised the death toll from the fire down to 71.", storywatch.Killed, 71},
		{"rose from to", "The death toll rose from 20 to 30.", storywatch.Killed, 30},
		// A hospital known by the injuries it treats.
		{"named hospital", "Two people were killed and three others were injured. The three injured were taken to UF Health Jacksonville with serious injuries.", storywatch.Hospitalized, 3},
		// A number of places is not a count of people.
		{"two hospitals", "Twelve people were injured. Ambulances took the wounded to the city's two hospitals.", storywatch.Hospitalized, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := Extract(storywatch.Version{Headline: "Fire", Paragraphs: []string{tc.text}})
			if got := value(f, tc.kind); !reflect.DeepEqual(got, tc.want) {
				b, _ := json.Marshal(f.Figures)
				t.Errorf("%s = %v, want %v: %s", tc.kind, got, tc.want, b)
			}
		})
	}
}

func TestRoseFromTo(t *testing.T) {
	f := Extract(storywatch.Version{Paragraphs: []string{"The death toll rose from 20 to 30."}})
	if got := value(f, storywatch.Killed); got != 30 {
		t.Errorf("killed = %v, want 30", got)
	}
	if !hasMention(f, storywatch.MentionEarlier, 20) {
		t.Errorf("20 should be an earlier mention: %+v", f.Mentions)
	}
}

func TestEarlierMonthIsOtherEvent(t *testing.T) {
	f := Extract(storywatch.Version{
		Meta:       storywatch.Meta{Published: storywatch.Ptr(time.Date(2024, 5, 11, 0, 0, 0, 0, time.UTC))},
		Paragraphs: []string{"Flash floods have killed between 200 and 300 people, aid agencies said.", "Floods in April killed about 70 people across the country, according to officials."},
	})
	if got := value(f, storywatch.Killed); !reflect.DeepEqual(got, [2]any{200, 300}) {
		t.Errorf("killed = %v, want 200–300", got)
	}
}

func TestClaimRules(t *testing.T) {
	for text, want := range map[string]string{
		"The so-called Islamic State group said it was responsible for the attack.": "Islamic State",
		"Al-Shabaab said it carried out the attack on the hotel.":                   "al-Shabab",
	} {
		f := Extract(storywatch.Version{Paragraphs: []string{text}})
		if len(f.Claims) != 1 || f.Claims[0].Kind != storywatch.ClaimResponsibility || f.Claims[0].Actor != want {
			b, _ := json.Marshal(f.Claims)
			t.Errorf("%q: claims %s, want responsibility claimed by %s", text, b, want)
		}
	}
}

func TestIncludesPerpetratorLists(t *testing.T) {
	for text, want := range map[string]bool{
		"Four people have died, including a police officer and the attacker, after a car was driven into pedestrians.": true,
		"Four people died. A police officer and the attacker are among the dead.":                                      true,
	} {
		f := Extract(storywatch.Version{Paragraphs: []string{text}})
		fig, ok := f.Figure(storywatch.Killed)
		if !ok || fig.IncludesPerpetrator == nil || *fig.IncludesPerpetrator != want {
			t.Errorf("%q: includes_perpetrator = %v, want %v", text, fig.IncludesPerpetrator, want)
		}
	}
}
