package facts

import (
	"strings"

	"github.com/storywatch/storywatch"
)

// actorAliases normalises group names ("ISIS", "Daesh" → "Islamic State").
var actorAliases = map[string]string{
	"isis": "Islamic State", "isil": "Islamic State", "is": "Islamic State", "daesh": "Islamic State",
	"islamic state": "Islamic State", "islamic state group": "Islamic State", "the islamic state": "Islamic State",
	"so-called islamic state": "Islamic State", "islamic state of iraq and the levant": "Islamic State",
	"islamic state of iraq and syria": "Islamic State", "is group": "Islamic State", "isis-k": "Islamic State Khorasan",
	"islamic state khorasan": "Islamic State Khorasan", "is-k": "Islamic State Khorasan", "iskp": "Islamic State Khorasan",
	"al-qaeda": "al-Qaeda", "al qaeda": "al-Qaeda", "al-qaida": "al-Qaeda", "al qaida": "al-Qaeda", "alqaeda": "al-Qaeda",
	"taliban": "Taliban", "the taliban": "Taliban", "pakistani taliban": "Pakistani Taliban", "ttp": "Pakistani Taliban",
	"hamas": "Hamas", "hezbollah": "Hezbollah", "hizbollah": "Hezbollah", "boko haram": "Boko Haram",
	"al-shabab": "al-Shabab", "al-shabaab": "al-Shabab", "al shabab": "al-Shabab", "shabab": "al-Shabab",
	"pkk": "PKK", "kurdistan workers' party": "PKK", "eta": "ETA", "ira": "IRA", "real ira": "Real IRA",
	"new ira": "New IRA", "haqqani network": "Haqqani network", "the haqqani network": "Haqqani network",
	"tak": "TAK", "kurdistan freedom falcons": "TAK", "houthis": "Houthis", "houthi": "Houthis",
	"jaish-e-mohammad": "Jaish-e-Mohammed", "jaish-e-mohammed": "Jaish-e-Mohammed", "lashkar-e-taiba": "Lashkar-e-Taiba",
	"wagner": "Wagner Group", "wagner group": "Wagner Group",
}

var claimVerbs = set("claimed", "claims", "claim", "claiming")

// claims finds responsibility claims, denials and attributions.
func (d *doc) claims() []storywatch.Claim {
	var out []storywatch.Claim
	add := func(c storywatch.Claim) {
		for i := range out {
			if out[i].Kind == c.Kind && out[i].Actor == c.Actor {
				if out[i].Hedge == nil {
					out[i].Hedge = c.Hedge
				}
				if out[i].By == nil {
					out[i].By = c.By
				}
				return
			}
		}
		out = append(out, c)
	}
	for si, s := range d.sents {
		if s.kind == blockRelated || d.pastYear(s) || d.otherEventClaim(s) {
			continue
		}
		low := s.low
		if !claimish(low) {
			continue
		}
		hedge := claimHedge(s)
		if hedge == nil && si+1 < len(d.sents) && d.sents[si+1].kind == s.kind {
			hedge = claimHedge(d.sents[si+1])
		}
		for i, w := range low {
			switch {
			case claimVerbs[w] && i+1 < len(low) && (low[i+1] == "responsibility" || low[i+1] == "the" && i+2 < len(low) && (low[i+2] == "attack" || low[i+2] == "bombing" || low[i+2] == "killing" || low[i+2] == "shooting")):
				if negatedAt(low, i, max(0, i-3)) || low[max(0, i-1)] == "immediately" && negatedAt(low, i-1, max(0, i-4)) {
					continue
				}
				if a, ok := actorBefore(s, i); ok {
					add(storywatch.Claim{Kind: storywatch.ClaimResponsibility, Actor: a, Hedge: hedge, Evidence: s.text})
				}
			case w == "responsibility" && i > 0 && (low[i-1] == "of" || low[i-1] == "claimed") || w == "claimed" && i > 0 && low[i-1] == "was":
				// "a claim of responsibility by X", "the attack was claimed by X"
				for j := i + 1; j < min(len(low), i+6); j++ {
					if low[j] == "by" || low[j] == "from" {
						if a, ok := actorAfter(s, j+1); ok {
							add(storywatch.Claim{Kind: storywatch.ClaimResponsibility, Actor: a, Hedge: hedge, Evidence: s.text})
						}
						break
					}
				}
			case (w == "denied" || w == "denies" || w == "deny" || w == "rejected" || w == "disclaimed" || w == "distanced") && i+1 < len(low):
				ok := false
				for j := i + 1; j < min(len(low), i+5); j++ {
					switch low[j] {
					case "responsibility", "involvement", "role", "link", "links", "responsible", "involved", "carrying", "behind", "from", "itself":
						ok = true
					}
				}
				if !ok {
					continue
				}
				a, found := actorBefore(s, i)
				if !found && len(out) > 0 && groupSubject(low, i) {
					// "the group's spokesman later distanced it from the attack"
					a, found = out[len(out)-1].Actor, true
				}
				if found {
					add(storywatch.Claim{Kind: storywatch.ClaimDenied, Actor: a, Hedge: nil, Evidence: s.text})
				}
			case w == "blamed" || w == "blame" || w == "blames" || w == "attributed":
				// "officials blamed X for the attack" / "blamed the attack on X"
				var actor string
				var ok bool
				if j := indexFrom(low, "on", i+1, i+6); j > 0 {
					actor, ok = actorAfter(s, j+1)
				}
				if !ok {
					j := i + 1
					for j < len(low) && j < i+5 && !s.toks[j].cap && low[j] != "for" {
						j++
					}
					actor, ok = actorAfter(s, j)
					// "blamed a local Islamist group, National Thowheed Jamath, for …"
					for e := j; ok && e < min(len(low)-1, j+6); e++ {
						if low[e] == "," && s.toks[e+1].cap {
							if named, ok2 := actorAfter(s, e+1); ok2 {
								actor = named
							} else if k := e + 1; k < len(low) {
								q := k
								for q < len(low) && s.toks[q].cap {
									q++
								}
								if q > k+1 && q < len(low) && low[q] == "," {
									actor = s.text[s.toks[k].start:s.toks[q-1].end]
								}
							}
							break
						}
					}
				}
				if !ok {
					continue
				}
				by := byBefore(s, i)
				add(storywatch.Claim{Kind: storywatch.ClaimAttributed, Actor: actor, By: by, Hedge: hedge, Evidence: s.text})
			case w == "behind" && i > 0 && (low[i-1] == "was" || low[i-1] == "were") && i+2 < len(low) && (low[i+1] == "the" || low[i+1] == "this"):
				// "X was behind the attack, officials said"
				if a, ok := actorBefore(s, i-1); ok {
					by, _ := attribution(s)
					if by != nil {
						add(storywatch.Claim{Kind: storywatch.ClaimAttributed, Actor: a, By: by, Hedge: hedge, Evidence: s.text})
					}
				}
			case saysItDid(low, i):
				// "The so-called Islamic State group said it was responsible",
				// "the group says it carried out the attack".
				if negatedAt(low, i+3, i) {
					continue
				}
				if a, ok := actorBefore(s, i); ok {
					add(storywatch.Claim{Kind: storywatch.ClaimResponsibility, Actor: a, Hedge: hedge, Evidence: s.text})
				}
			case w == "carried" && i+2 < len(low) && low[i+1] == "out" && low[i+2] == "by" && i > 0 && auxiliaries[low[i-1]]:
				if a, ok := actorAfter(s, i+3); ok {
					by, _ := attribution(s)
					add(storywatch.Claim{Kind: storywatch.ClaimAttributed, Actor: a, By: by, Hedge: hedge, Evidence: s.text})
				}
			}
		}
	}
	return out
}

func (d *doc) otherEventClaim(s *sent) bool {
	for i, w := range s.low {
		switch w {
		case "similar", "previous":
			return true
		case "last":
			if i+1 < len(s.low) && (s.low[i+1] == "year" || s.low[i+1] == "month") {
				return true
			}
		}
	}
	return false
}

func indexFrom(low []string, w string, from, to int) int {
	for i := from; i < min(len(low), to); i++ {
		if low[i] == w {
			return i
		}
	}
	return -1
}

// actorBefore finds the group that is the subject of the verb at i.
func actorBefore(s *sent, i int) (string, bool) {
	low := s.low
	// Walk back over auxiliaries and adverbs to the subject's end.
	j := i - 1
	for j >= 0 && (auxiliaries[low[j]] || low[j] == "also" || low[j] == "later" || low[j] == "quickly" || low[j] == "swiftly" || low[j] == "since" || low[j] == "already" || low[j] == "immediately" || low[j] == "reportedly" || low[j] == "publicly" || low[j] == "formally" || low[j] == "\"") {
		j--
	}
	if j < 0 {
		return "", false
	}
	// A known group in the words before wins: "The al-Shabab extremist group claimed".
	if a, ok := knownActor(s, max(0, i-7), i); ok {
		return a, true
	}
	// Skip a relative clause: "The Taliban, who had earlier been blamed …, denied".
	if low[j] == "," {
		for q := j - 1; q > 0 && q > j-14; q-- {
			if low[q] == "who" || low[q] == "which" {
				if low[q-1] == "," {
					j = q - 2
				}
				break
			}
		}
		if j < 0 {
			return "", false
		}
	}
	// The subject may be "The Islamic State group", "ISIS", "Islamic State's Amaq agency".
	end := j + 1
	start := end
	for start > 0 && end-start < 7 {
		t := s.toks[start-1]
		if t.cap || particles[t.low] || t.low == "group" || t.low == "network" || t.low == "militant" || t.low == "militants" || strings.HasPrefix(t.low, "al-") || t.low == "so-called" || t.low == "-" || t.low == "of" || t.low == "the" && start-1 > 0 && false {
			start--
			continue
		}
		break
	}
	for start < end && !s.toks[start].cap && !strings.HasPrefix(s.low[start], "al-") && s.low[start] != "so-called" {
		start++
	}
	if start >= end {
		return "", false
	}
	return normalizeActor(s, start, end)
}

// actorAfter finds the group named at i ("by Islamic State", "on the Haqqani network").
func actorAfter(s *sent, i int) (string, bool) {
	low := s.low
	for i < len(low) && (low[i] == "the" || low[i] == "so-called" || low[i] == "militants" || low[i] == "militant") {
		i++
	}
	j := i
	for j < len(low) && j < i+7 && (s.toks[j].cap || particles[low[j]] || low[j] == "network" || low[j] == "group" || strings.HasPrefix(low[j], "al-") || low[j] == "of" && j+1 < len(low) && s.toks[j+1].cap) {
		j++
	}
	if j == i {
		return "", false
	}
	return normalizeActor(s, i, j)
}

// normalizeActor maps a span to a known group, or keeps a capitalised
// organisation name; people's names and places are refused.
func normalizeActor(s *sent, a, b int) (string, bool) {
	text := s.text[s.toks[a].start:s.toks[b-1].end]
	l := strings.ToLower(text)
	l = strings.TrimSuffix(l, "'s")
	// Longest known alias inside the span: "Kurdish militants of the PKK".
	best := ""
	for k := a; k < b; k++ {
		for e := b; e > k; e-- {
			sub := strings.ToLower(s.text[s.toks[k].start:s.toks[e-1].end])
			sub = strings.TrimSuffix(strings.TrimSuffix(sub, "'s"), "’s")
			if v, ok := actorAliases[sub]; ok && len(sub) > len(best) {
				best = sub
				_ = v
			}
		}
	}
	if best != "" {
		return actorAliases[best], true
	}
	// The PKK after "of the": "militants of the PKK".
	words := strings.Fields(l)
	if len(words) == 0 {
		return "", false
	}
	for _, w := range words {
		if w == "police" || w == "officials" || w == "government" || w == "ministry" {
			return "", false
		}
	}
	last := words[len(words)-1]
	switch last {
	case "group", "network", "front", "army", "brigade", "brigades", "movement", "party", "organisation",
		"organization", "militia", "faction", "cell", "battalion", "command", "council", "state", "falcons":
		return strings.TrimPrefix(text, "The "), true
	}
	if allCaps(strings.ReplaceAll(text, "-", "")) && len(text) >= 2 {
		return text, true
	}
	return "", false
}

// byBefore finds who makes an attribution: "Turkish officials blamed …".
func byBefore(s *sent, i int) *string {
	low := s.low
	j := i - 1
	for j >= 0 && (auxiliaries[low[j]] || low[j] == "also" || low[j] == "quickly") {
		j--
	}
	end := j + 1
	start := end
	for start > 0 && end-start < 5 && s.toks[start-1].word && low[start-1] != "and" && low[start-1] != "that" {
		start--
	}
	if start >= end {
		by, _ := attribution(s)
		return by
	}
	if !sourceWord(low[start:end]) && !s.toks[start].cap {
		by, _ := attribution(s)
		return by
	}
	text := s.text[s.toks[start].start:s.toks[end-1].end]
	return &text
}

var claimHedges = []string{
	"no evidence of links", "no evidence of any links", "no evidence of a link", "no evidence of any link",
	"without providing evidence", "without offering evidence", "without evidence",
	"could not be independently verified", "could not be verified", "not independently verified",
	"has not been verified", "have not been verified", "unverified", "unconfirmed",
	"no connection", "no evidence", "did not provide evidence", "no proof", "not been confirmed",
	"treated with caution", "opportunistic",
}

func claimHedge(s *sent) *string {
	l := strings.ToLower(s.text)
	for _, h := range claimHedges {
		if strings.Contains(l, h) {
			return storywatch.Ptr(h)
		}
	}
	return nil
}

// knownActor finds the longest known group name in tokens [a, b).
func knownActor(s *sent, a, b int) (string, bool) {
	best := ""
	for k := a; k < b; k++ {
		for e := min(b, k+6); e > k; e-- {
			sub := strings.ToLower(s.text[s.toks[k].start:s.toks[e-1].end])
			sub = strings.TrimSuffix(strings.TrimSuffix(sub, "'s"), "’s")
			if _, ok := actorAliases[sub]; ok && len(sub) > len(best) {
				// "is" is only Islamic State when written "IS".
				if sub == "is" && s.toks[k].text != "IS" {
					continue
				}
				best = sub
			}
		}
	}
	if best == "" {
		return "", false
	}
	return actorAliases[best], true
}

// groupSubject: the subject of the verb at i is "the group" or its spokesman.
func groupSubject(low []string, i int) bool {
	for j := max(0, i-6); j < i; j++ {
		if low[j] == "group" || low[j] == "group's" || low[j] == "militants" || low[j] == "organisation" || low[j] == "organization" {
			return true
		}
	}
	return false
}

// saysItDid: a group's own statement at i ("said", "says") that it was
// responsible for, was behind or carried out the act.
func saysItDid(low []string, i int) bool {
	switch low[i] {
	case "said", "says", "announced", "declared", "stated", "insisted":
	default:
		return false
	}
	j := i + 1
	if j < len(low) && low[j] == "that" {
		j++
	}
	if j+2 >= len(low) || low[j] != "it" && low[j] != "they" {
		return false
	}
	switch {
	case (low[j+1] == "was" || low[j+1] == "were" || low[j+1] == "is" || low[j+1] == "are") && (low[j+2] == "responsible" || low[j+2] == "behind"):
		return true
	case low[j+1] == "carried" && low[j+2] == "out":
		return true
	}
	return false
}

// claimish is a cheap filter: only sentences with one of the claim verbs
// are read closely.
func claimish(low []string) bool {
	for _, w := range low {
		switch w {
		case "claimed", "claims", "claim", "claiming", "responsibility", "denied", "denies", "deny",
			"rejected", "disclaimed", "distanced", "blamed", "blame", "blames", "attributed", "behind", "carried",
			"responsible":
			return true
		}
	}
	return false
}
