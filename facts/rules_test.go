package facts

import (
	"encoding/json"
	"testing"

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
	} {
		t.Run(pc.name, pc.run)
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
