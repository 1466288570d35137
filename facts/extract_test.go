package facts

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/storywatch/storywatch"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Mr. Smith said the U.S. team was safe. St. Mary's hospital treated Dr. Jones.",
			[]string{"Mr. Smith said the U.S. team was safe.", "St. Mary's hospital treated Dr. Jones."}},
		{`"We ran," she said. Police arrived at 10.30pm. J. R. Hartley, 52, died.`,
			[]string{`"We ran," she said.`, "Police arrived at 10.30pm.", "J. R. Hartley, 52, died."}},
		{"Is it over? Yes! It is.", []string{"Is it over?", "Yes!", "It is."}},
	}
	for _, tc := range tests {
		if got := splitSentences(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitSentences(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func value(f storywatch.Facts, k storywatch.FigureKind) any {
	fig, ok := f.Figure(k)
	if !ok {
		return nil
	}
	if fig.Value != nil {
		return *fig.Value
	}
	return [2]any{deref(fig.Min), deref(fig.Max)}
}

func hasMention(f storywatch.Facts, class string, v int) bool {
	for _, m := range f.Mentions {
		if m.Class == class && m.Value != nil && *m.Value == v {
			return true
		}
	}
	return false
}

func TestExtractFigures(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		kind    storywatch.FigureKind
		want    any
		mention string // a mention class that must hold mentionValue
		mv      int
	}{
		{"shot dead", "A man was shot dead in Leeds on Sunday.", storywatch.Killed, 1, "", 0},
		{"shot and hospital", "A 52-year-old man was shot in the leg and taken to hospital in a stable condition.", storywatch.Hospitalized, 1, "", 0},
		{"wounded and a third", "Two men were wounded and a third died at the scene.", storywatch.Injured, 2, "", 0},
		{"a third died", "Two men were wounded and a third died at the scene.", storywatch.Killed, 1, "", 0},
		{"revision", "The injured toll has increased to 30 from the initial reports of 20.", storywatch.Injured, 30, storywatch.MentionEarlier, 20},
		{"range", "The crash killed between 20 and 30 people.", storywatch.Killed, [2]any{20, 30}, "", 0},
		{"several dozen", "Several dozen people remain unaccounted for.", storywatch.Missing, [2]any{36, nil}, "", 0},
		{"zero", "No one remains unaccounted for, police said.", storywatch.Missing, 0, "", 0},
		{"no arrests", "No arrests have been made.", storywatch.Arrested, 0, "", 0},
		{"subgroup", "Forty people were injured. Three French students were among the injured.", storywatch.Injured, 40, storywatch.MentionSubgroup, 3},
		{"other event", "Four people died. The 2005 bombings killed 52 people.", storywatch.Killed, 4, storywatch.MentionOtherEvent, 52},
		{"hedged", "Four people died and officials fear the toll could rise to 50.", storywatch.Killed, 4, storywatch.MentionHedged, 50},
		{"feared dead", "Ten people are feared dead after the landslide.", storywatch.Killed, nil, storywatch.MentionHedged, 10},
		{"conflict", "Police said three people were killed. Local media reported that five people died.", storywatch.Killed, 3, storywatch.MentionConflict, 5},
		{"claimed the lives", "The fire claimed the lives of 72 people.", storywatch.Killed, 72, "", 0},
		{"custody", "Eight people remain in custody.", storywatch.Arrested, 8, "", 0},
		{"displaced", "The floods have left 1,200 people homeless.", storywatch.Displaced, 1200, "", 0},
		{"nearly", "Nearly 600 people were evacuated.", storywatch.Evacuated, 600, "", 0},
		{"sum", "A gunman killed 19 children and two teachers.", storywatch.Killed, 21, "", 0},
		{"critical", "Twelve people are in a critical condition.", storywatch.Critical, 12, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := Extract(storywatch.Version{Paragraphs: []string{tc.text}, Meta: storywatch.Meta{Published: storywatch.Ptr(time.Date(2017, 3, 22, 0, 0, 0, 0, time.UTC))}})
			if got := value(f, tc.kind); !reflect.DeepEqual(got, tc.want) {
				b, _ := json.Marshal(f)
				t.Errorf("%s = %v, want %v\n%s", tc.kind, got, tc.want, b)
			}
			if tc.mention != "" && !hasMention(f, tc.mention, tc.mv) {
				b, _ := json.Marshal(f.Mentions)
				t.Errorf("no %s mention of %d: %s", tc.mention, tc.mv, b)
			}
		})
	}
}

func TestIncludesPerpetrator(t *testing.T) {
	for text, want := range map[string]bool{
		"Five people, including the attacker, were killed.":                  true,
		"Five people were killed, not including the gunman.":                 false,
		"The gunman killed 58 people. The toll does not include the gunman.": false,
	} {
		f := Extract(storywatch.Version{Paragraphs: []string{text}})
		fig, ok := f.Figure(storywatch.Killed)
		if !ok || fig.IncludesPerpetrator == nil || *fig.IncludesPerpetrator != want {
			t.Errorf("%q: includes_perpetrator = %v, want %v", text, fig.IncludesPerpetrator, want)
		}
	}
}

func TestLiveBlogNewestWins(t *testing.T) {
	at := func(h int) *time.Time { t := time.Date(2017, 5, 23, h, 0, 0, 0, time.UTC); return &t }
	v := storywatch.Version{
		Headline: "Attack: live updates",
		Meta:     storywatch.Meta{LiveBlog: true},
		Entries: []storywatch.Entry{
			{Time: at(9), Paragraphs: []string{"Police now say 22 people have died."}},
			{Time: at(3), Paragraphs: []string{"Police say 19 people have died and 50 were injured."}},
		},
	}
	f := Extract(v)
	if got := value(f, storywatch.Killed); got != 22 {
		t.Errorf("killed = %v, want 22", got)
	}
	if got := value(f, storywatch.Injured); got != 50 {
		t.Errorf("injured = %v, want 50 (only stated in the older entry)", got)
	}
	if !hasMention(f, storywatch.MentionEarlier, 19) {
		t.Errorf("19 should be an earlier mention: %+v", f.Mentions)
	}
	// The key-points box counts as newest, wherever it sits.
	v.Entries = append(v.Entries, storywatch.Entry{KeyPoints: true, Paragraphs: []string{"23 people have died."}})
	if got := value(Extract(v), storywatch.Killed); got != 23 {
		t.Errorf("with key points: killed = %v, want 23", got)
	}
}

func TestExtractPeople(t *testing.T) {
	text := []string{
		"The attacker, who was shot dead by police, has been named as Khalid Masood, 52, from Kent.",
		"PC Keith Palmer, 48, was stabbed to death. American tourist Kurt Cochran, 54, from Utah, also died.",
		"José Álvarez, a witness, said: \"I saw him fall.\"",
		"Acting Deputy Commissioner Mark Rowley said the investigation was continuing.",
		"A 23-year-old man was arrested in south Manchester.",
		"Reporting by Kate Holton; Editing by Guy Faulconbridge",
	}
	f := Extract(storywatch.Version{Headline: "Attacker named", Paragraphs: text})
	got := map[string]storywatch.Person{}
	for _, p := range f.People {
		n := "<unnamed>"
		if p.Name != nil {
			n = *p.Name
		}
		got[n] = p
	}
	want := map[string]string{"Khalid Masood": "perpetrator", "Keith Palmer": "victim", "Kurt Cochran": "victim",
		"José Álvarez": "witness", "Mark Rowley": "official", "<unnamed>": "suspect"}
	for n, role := range want {
		if got[n].Role != role {
			t.Errorf("%s: role %q, want %q (all: %v)", n, got[n].Role, role, keys(got))
		}
	}
	if p := got["Kurt Cochran"]; p.Nationality == nil || *p.Nationality != "American" || p.Hometown == nil || *p.Hometown != "Utah" || p.Age == nil || *p.Age != 54 {
		t.Errorf("Kurt Cochran = %+v", p)
	}
	if p := got["Keith Palmer"]; p.Status == nil || *p.Status != "dead" || p.Description == nil || *p.Description != "police officer" {
		t.Errorf("Keith Palmer = %+v", p)
	}
	for _, n := range []string{"Kate Holton", "Guy Faulconbridge"} {
		if _, ok := got[n]; ok {
			t.Errorf("journalist %s listed", n)
		}
	}
}

func keys(m map[string]storywatch.Person) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestExtractClaims(t *testing.T) {
	f := Extract(storywatch.Version{Paragraphs: []string{
		"ISIS claimed responsibility for the attack, but police said there was no evidence of links to the group.",
		"The Taliban denied any involvement. Officials blamed the Haqqani network for the bombing.",
	}})
	var got []string
	for _, c := range f.Claims {
		s := c.Kind + ":" + c.Actor
		if c.By != nil {
			s += " by " + *c.By
		}
		if c.Hedge != nil {
			s += " (" + *c.Hedge + ")"
		}
		got = append(got, s)
	}
	want := []string{
		"responsibility_claimed:Islamic State (no evidence of links)",
		"responsibility_denied:Taliban",
		"attributed:Haqqani network by Officials",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("claims\n got %q\nwant %q", got, want)
	}
}

func TestExtractEmpty(t *testing.T) {
	f := Extract(storywatch.Version{})
	b, _ := json.Marshal(f)
	if string(b) != `{"figures":[],"people":[],"claims":[],"mentions":[]}` {
		t.Errorf("empty version: %s", b)
	}
}
