package facts

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/diff"
)

// Compare lists the changes from prev to cur, extracting both versions'
// facts. See CompareFacts.
func Compare(prev, cur storywatch.Version) []storywatch.Change {
	return CompareFacts(prev, cur, Extract(prev), Extract(cur))
}

// CompareFacts lists the changes from prev to cur given both versions'
// facts (pf, cf). FromVersion, ToVersion and At are left for the caller.
//
// Order, fixed so stored change lists and alerts are deterministic:
//  1. text_changed (always, first: the diff statistics of the whole version)
//  2. headline_changed
//  3. figure_changed / figure_added / figure_removed, in storywatch.FigureKinds order
//  4. person_identified and person_updated, in the order of cur's people
//     (updates of one person in the order name, role, age, nationality,
//     hometown, status, description), then person_removed in prev's order
//  5. claim_added in cur's order, then claim_removed in prev's order
//  6. correction_added
//  7. silent_edit
func CompareFacts(prev, cur storywatch.Version, pf, cf storywatch.Facts) []storywatch.Change {
	td := diff.Versions(prev, cur)
	out := []storywatch.Change{{
		Kind:    storywatch.TextChanged,
		Summary: diff.Summary(td.Stats),
		Field:   storywatch.Ptr("text"),
		New:     td.Stats,
	}}
	if h0, h1 := cmpClean(prev.Headline), cmpClean(cur.Headline); h0 != h1 {
		out = append(out, storywatch.Change{
			Kind:        storywatch.HeadlineChanged,
			Summary:     fmt.Sprintf("headline: %q → %q", h0, h1),
			Field:       storywatch.Ptr("headline"),
			Old:         h0,
			New:         h1,
			EvidenceOld: cmpNonEmpty(h0),
			EvidenceNew: cmpNonEmpty(h1),
		})
	}
	out = append(out, compareFigures(pf.Figures, cf.Figures)...)
	out = append(out, comparePeople(pf.People, cf.People)...)
	out = append(out, compareClaims(pf.Claims, cf.Claims)...)
	if c, ok := cmpCorrection(prev, cur); ok {
		out = append(out, c)
	}
	if c, ok := cmpSilentEdit(prev, cur, td); ok {
		out = append(out, c)
	}
	return out
}

// ---- figures ----

func compareFigures(prev, cur []storywatch.Figure) []storywatch.Change {
	var out []storywatch.Change
	for _, k := range storywatch.FigureKinds {
		a, hadA := cmpFigure(prev, k)
		b, hasB := cmpFigure(cur, k)
		switch {
		case hadA && hasB:
			if cmpSameFigure(a, b) {
				continue
			}
			c := storywatch.Change{
				Kind:        storywatch.FigureChanged,
				Field:       storywatch.Ptr(string(k)),
				Old:         a,
				New:         b,
				EvidenceOld: cmpNonEmpty(a.Evidence),
				EvidenceNew: cmpNonEmpty(b.Evidence),
			}
			summary := fmt.Sprintf("%s %s → %s", k, FormatFigure(a), FormatFigure(b))
			if a.Value != nil && b.Value != nil {
				d := float64(*b.Value - *a.Value)
				c.Delta = &d
				if d != 0 {
					summary += " (" + cmpSigned(*b.Value-*a.Value) + ")"
				}
			}
			c.Summary = summary
			out = append(out, c)
		case hasB:
			out = append(out, storywatch.Change{
				Kind:        storywatch.FigureAdded,
				Summary:     fmt.Sprintf("new figure: %s %s", k, FormatFigure(b)),
				Field:       storywatch.Ptr(string(k)),
				New:         b,
				EvidenceNew: cmpNonEmpty(b.Evidence),
			})
		case hadA:
			out = append(out, storywatch.Change{
				Kind:        storywatch.FigureRemoved,
				Summary:     fmt.Sprintf("figure dropped: %s %s", k, FormatFigure(a)),
				Field:       storywatch.Ptr(string(k)),
				Old:         a,
				EvidenceOld: cmpNonEmpty(a.Evidence),
			})
		}
	}
	return out
}

func cmpFigure(fs []storywatch.Figure, k storywatch.FigureKind) (storywatch.Figure, bool) {
	for _, f := range fs {
		if f.Kind == k {
			return f, true
		}
	}
	return storywatch.Figure{}, false
}

// sameFigure compares what a reader sees of a figure: the number, its
// qualifier, whether the attacker is counted and any hedge. A new source
// or new evidence sentence for the same number is not a change.
func cmpSameFigure(a, b storywatch.Figure) bool {
	return cmpEqInt(a.Value, b.Value) && cmpEqInt(a.Min, b.Min) && cmpEqInt(a.Max, b.Max) &&
		a.Approx == b.Approx && cmpEqBool(a.IncludesPerpetrator, b.IncludesPerpetrator) &&
		cmpEqStr(a.Hedge, b.Hedge)
}

// FormatFigure writes a figure's value as a reader would say it: "5",
// "at least 4", "between 20 and 30", "dozens (24+)", with the hedge and
// whether the attacker is counted: "4 (including the attacker)".
func FormatFigure(f storywatch.Figure) string {
	num := func(p *int) string {
		if p == nil {
			return "?"
		}
		return strconv.Itoa(*p)
	}
	var s string
	switch f.Approx {
	case storywatch.Range:
		s = "between " + num(f.Min) + " and " + num(f.Max)
	case storywatch.Vague:
		switch {
		case f.Min != nil && f.Max != nil:
			s = "an unspecified number (" + num(f.Min) + "–" + num(f.Max) + ")"
		case f.Min != nil:
			s = "an unspecified number (" + num(f.Min) + "+)"
		default:
			s = "an unspecified number"
		}
	default:
		v := f.Value
		if v == nil {
			v = f.Min
		}
		if v == nil {
			v = f.Max
		}
		s = num(v)
		if q := map[storywatch.Approx]string{
			storywatch.AtLeast: "at least ", storywatch.MoreThan: "more than ", storywatch.AtMost: "at most ",
			storywatch.UpTo: "up to ", storywatch.About: "about ", storywatch.Nearly: "nearly ",
		}[f.Approx]; q != "" {
			s = q + s
		}
	}
	var notes []string
	if f.IncludesPerpetrator != nil {
		if *f.IncludesPerpetrator {
			notes = append(notes, "including the attacker")
		} else {
			notes = append(notes, "not including the attacker")
		}
	}
	if f.Hedge != nil && *f.Hedge != "" {
		notes = append(notes, *f.Hedge)
	}
	if len(notes) > 0 {
		s += " (" + strings.Join(notes, ", ") + ")"
	}
	return s
}

func cmpSigned(n int) string {
	if n < 0 {
		return "−" + strconv.Itoa(-n) // U+2212, as in diff summaries
	}
	return "+" + strconv.Itoa(n)
}

// ---- people ----

// cmpPersonMatch pairs a previous person with a current one.
type cmpPersonMatch struct {
	prev, cur int
	score     float64
}

// comparePeople matches people across versions (see matchPeople) and
// reports who was identified, what was corrected or added about them, and
// who is no longer mentioned. Unnamed people appearing or disappearing are
// not reported on their own: counts carry that news, and a described person
// matters once named.
func comparePeople(prev, cur []storywatch.Person) []storywatch.Change {
	pairs := cmpMatchPeople(prev, cur)
	byCur := map[int]int{}
	matchedPrev := map[int]bool{}
	for _, m := range pairs {
		byCur[m.cur] = m.prev
		matchedPrev[m.prev] = true
	}
	var out []storywatch.Change
	for j, c := range cur {
		i, ok := byCur[j]
		switch {
		case !ok && c.Name != nil:
			out = append(out, cmpIdentified(nil, c))
		case !ok:
			// An unnamed newcomer: not news on its own (see above).
		case prev[i].Name == nil && c.Name != nil:
			p := prev[i]
			out = append(out, cmpIdentified(&p, c))
		case c.Name == nil:
			// Two descriptions matched only loosely: their differences are
			// more often wording than news.
		default:
			out = append(out, cmpPersonUpdates(prev[i], c)...)
		}
	}
	for i, p := range prev {
		if matchedPrev[i] || p.Name == nil {
			continue
		}
		out = append(out, storywatch.Change{
			Kind:        storywatch.PersonRemoved,
			Summary:     fmt.Sprintf("no longer mentioned: %s (%s)", *p.Name, cmpRoleLabel(p.Role)),
			Field:       storywatch.Ptr("person"),
			Old:         p,
			EvidenceOld: cmpNonEmpty(p.Evidence),
		})
	}
	return out
}

func cmpIdentified(prev *storywatch.Person, c storywatch.Person) storywatch.Change {
	verb := "named"
	switch c.Role {
	case storywatch.RoleVictim, storywatch.RoleSuspect, storywatch.RolePerpetrator:
		verb = "identified"
	}
	ch := storywatch.Change{
		Kind:        storywatch.PersonIdentified,
		Summary:     fmt.Sprintf("%s %s: %s", cmpRoleLabel(c.Role), verb, cmpDescribe(c)),
		Field:       storywatch.Ptr("person"),
		New:         c,
		EvidenceNew: cmpNonEmpty(c.Evidence),
	}
	if prev != nil {
		ch.Old = *prev
		ch.EvidenceOld = cmpNonEmpty(prev.Evidence)
	}
	return ch
}

func cmpRoleLabel(role string) string {
	switch role {
	case storywatch.RoleVictim, storywatch.RoleSuspect, storywatch.RoleOfficial, storywatch.RoleWitness:
		return role
	case storywatch.RolePerpetrator:
		return "attacker"
	}
	return "person"
}

// describe is "Keith Palmer, 48, police officer": name, age, then the
// description (or the nationality when there is none).
func cmpDescribe(p storywatch.Person) string {
	parts := []string{cmpPersonLabel(p)}
	if p.Age != nil {
		parts = append(parts, strconv.Itoa(*p.Age))
	}
	switch {
	case p.Description != nil && *p.Description != "":
		parts = append(parts, *p.Description)
	case p.Nationality != nil && *p.Nationality != "":
		parts = append(parts, *p.Nationality)
	}
	return strings.Join(parts, ", ")
}

// personLabel names a person in a summary: the name, or for an unnamed one
// "the suspect (man)".
func cmpPersonLabel(p storywatch.Person) string {
	if p.Name != nil {
		return *p.Name
	}
	s := "the " + cmpRoleLabel(p.Role)
	if p.Description != nil && *p.Description != "" {
		s += " (" + *p.Description + ")"
	}
	return s
}

// personUpdates lists what changed about one matched person. Attributes a
// version no longer states are not reported: articles rarely repeat every
// detail, so silence is not a correction.
func cmpPersonUpdates(a, b storywatch.Person) []storywatch.Change {
	var out []storywatch.Change
	// Name the person by the fullest name either version gives.
	label := cmpPersonLabel(b)
	if a.Name != nil && (b.Name == nil || len(cmpNameParts(*a.Name)) > len(cmpNameParts(*b.Name))) {
		label = *a.Name
	}
	add := func(field string, old, cur any, oldS, curS string) {
		c := storywatch.Change{
			Kind:        storywatch.PersonUpdated,
			Field:       storywatch.Ptr("person." + field),
			Old:         old,
			New:         cur,
			EvidenceOld: cmpNonEmpty(a.Evidence),
			EvidenceNew: cmpNonEmpty(b.Evidence),
		}
		if oldS == "" {
			c.Old = nil
			c.EvidenceOld = nil
			c.Summary = fmt.Sprintf("%s of %s: %s", field, label, curS)
		} else {
			c.Summary = fmt.Sprintf("%s of %s %s → %s", field, label, oldS, curS)
		}
		out = append(out, c)
	}
	// A shorter form ("Palmer" for "Keith Palmer") is not a change; a fuller
	// or differently spelt name is.
	if a.Name != nil && b.Name != nil && !cmpSubset(cmpNameParts(*b.Name), cmpNameParts(*a.Name)) {
		add("name", *a.Name, *b.Name, *a.Name, *b.Name)
		// Keep the summary readable: "name of Palmer → Keith Palmer".
		out[len(out)-1].Summary = fmt.Sprintf("name of %s → %s", *a.Name, *b.Name)
	}
	if a.Role != b.Role && b.Role != "" && a.Role != "" {
		add("role", a.Role, b.Role, a.Role, b.Role)
	}
	if b.Age != nil && !cmpEqInt(a.Age, b.Age) {
		old := ""
		var oldV any
		if a.Age != nil {
			old, oldV = strconv.Itoa(*a.Age), *a.Age
		}
		add("age", oldV, *b.Age, old, strconv.Itoa(*b.Age))
	}
	strAttr := func(field string, x, y *string) {
		if y == nil || *y == "" || (x != nil && strings.EqualFold(*x, *y)) {
			return
		}
		old := ""
		var oldV any
		if x != nil && *x != "" {
			old, oldV = *x, *x
		}
		add(field, oldV, *y, old, *y)
	}
	strAttr("nationality", a.Nationality, b.Nationality)
	strAttr("hometown", a.Hometown, b.Hometown)
	strAttr("status", a.Status, b.Status)
	strAttr("description", a.Description, b.Description)
	return out
}

// matchPeople pairs people across versions, most certain pairs first:
//  1. named with named, by name (titles and accents ignored; a surname or
//     first name alone matches the full name; small spelling variants match);
//  2. a described but unnamed person with a newly named one of the same role
//     group whose stated details agree ("a 52-year-old man" → "Khalid
//     Masood, 52"), or the only such pair when no detail is stated;
//  3. unnamed with unnamed of the same role group and agreeing details.
//
// Within a step, higher scores win and ties go to the earlier people.
func cmpMatchPeople(prev, cur []storywatch.Person) []cmpPersonMatch {
	usedP := make([]bool, len(prev))
	usedC := make([]bool, len(cur))
	var out []cmpPersonMatch
	take := func(cands []cmpPersonMatch) {
		sort.SliceStable(cands, func(x, y int) bool { return cands[x].score > cands[y].score })
		for _, m := range cands {
			if usedP[m.prev] || usedC[m.cur] {
				continue
			}
			usedP[m.prev], usedC[m.cur] = true, true
			out = append(out, m)
		}
	}
	// pass offers every still unmatched pair to score and takes the best.
	// Candidates are scored before any is taken, so onlyOne sees the state
	// at the start of the step.
	pass := func(score func(p, c storywatch.Person) (float64, bool)) {
		var cands []cmpPersonMatch
		for i, p := range prev {
			if usedP[i] {
				continue
			}
			for j, c := range cur {
				if usedC[j] {
					continue
				}
				if s, ok := score(p, c); ok {
					cands = append(cands, cmpPersonMatch{i, j, s})
				}
			}
		}
		take(cands)
	}
	pass(func(p, c storywatch.Person) (float64, bool) {
		if p.Name == nil || c.Name == nil {
			return 0, false
		}
		s := cmpNameScore(*p.Name, *c.Name)
		return s, s > 0
	})
	pass(func(p, c storywatch.Person) (float64, bool) {
		if p.Name != nil || c.Name == nil {
			return 0, false
		}
		s, ok := cmpDetailScore(p, c)
		return s, ok && (s != 0 || cmpOnlyOne(prev, usedP, p.Role, true) && cmpOnlyOne(cur, usedC, c.Role, false))
	})
	pass(func(p, c storywatch.Person) (float64, bool) {
		if p.Name != nil || c.Name != nil {
			return 0, false
		}
		s, ok := cmpDetailScore(p, c)
		return s, ok && (s > 0 || cmpOnlyOne(prev, usedP, p.Role, true) && cmpOnlyOne(cur, usedC, c.Role, true))
	})
	sort.Slice(out, func(x, y int) bool { return out[x].cur < out[y].cur })
	return out
}

// onlyOne reports whether exactly one unmatched person of the role group
// (unnamed ones when unnamed, else named ones) is left in ps.
func cmpOnlyOne(ps []storywatch.Person, used []bool, role string, unnamed bool) bool {
	n := 0
	for i, p := range ps {
		if !used[i] && (p.Name == nil) == unnamed && cmpRoleGroup(p.Role) == cmpRoleGroup(role) {
			n++
		}
	}
	return n == 1
}

func cmpRoleGroup(role string) string {
	if role == storywatch.RolePerpetrator {
		return storywatch.RoleSuspect
	}
	return role
}

// detailScore scores how well the stated details of two people agree: ok
// is false when the role groups differ or a detail contradicts (different
// ages, nationality or hometown, dead against alive).
func cmpDetailScore(a, b storywatch.Person) (float64, bool) {
	if cmpRoleGroup(a.Role) != cmpRoleGroup(b.Role) {
		return 0, false
	}
	s := 0.0
	if a.Age != nil && b.Age != nil {
		if *a.Age != *b.Age {
			return 0, false
		}
		s += 3
	}
	if a.Status != nil && b.Status != nil && (*a.Status == storywatch.StatusDead) != (*b.Status == storywatch.StatusDead) {
		// The dead are not later arrested or at large.
		return 0, false
	}
	for _, pair := range [][2]*string{{a.Nationality, b.Nationality}, {a.Hometown, b.Hometown}} {
		if pair[0] != nil && pair[1] != nil {
			if !strings.EqualFold(*pair[0], *pair[1]) {
				return 0, false
			}
			s++
		}
	}
	if a.Status != nil && b.Status != nil && *a.Status == *b.Status {
		s += 0.5
	}
	if a.Description != nil && b.Description != nil && cmpDescOverlap(*a.Description, *b.Description) {
		s += 0.5
	}
	return s, true
}

func cmpDescOverlap(a, b string) bool {
	wa := strings.Fields(strings.ToLower(a))
	for _, w := range strings.Fields(strings.ToLower(b)) {
		if len(w) > 2 && slices.Contains(wa, w) {
			return true
		}
	}
	return false
}

// cmpNameTitles are words before a name that are not part of it.
var cmpNameTitles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true, "professor": true,
	"sir": true, "dame": true, "lord": true, "lady": true, "rev": true, "reverend": true, "fr": true, "father": true,
	"pc": true, "psc": true, "wpc": true, "sgt": true, "sergeant": true, "insp": true, "inspector": true,
	"det": true, "detective": true, "ds": true, "dc": true, "di": true, "dci": true, "dsi": true, "supt": true,
	"superintendent": true, "ch": true, "chief": true, "constable": true, "officer": true, "police": true,
	"capt": true, "captain": true, "lt": true, "lieutenant": true, "col": true, "colonel": true, "gen": true,
	"general": true, "maj": true, "major": true, "cpl": true, "corporal": true, "pte": true, "private": true,
	"commissioner": true, "commander": true, "mayor": true, "president": true, "minister": true, "prime": true,
	"sen": true, "senator": true, "rep": true, "gov": true, "governor": true, "king": true, "queen": true,
	"prince": true, "princess": true, "imam": true, "rabbi": true, "sheikh": true, "nurse": true,
}

var cmpNameSuffixes = map[string]bool{"jr": true, "sr": true, "ii": true, "iii": true, "iv": true}

// nameParts folds a name for matching: lower case, accents and titles
// removed, possessive dropped: "PC Keith Palmer's" → [keith palmer].
func cmpNameParts(name string) []string {
	folded := norm.NFD.String(strings.ToLower(name))
	var b strings.Builder
	for _, r := range folded {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case r == '\'' || r == '’':
			b.WriteRune('\'')
		default:
			b.WriteRune(' ')
		}
	}
	parts := strings.Fields(b.String())
	for i, p := range parts {
		p = strings.TrimSuffix(p, "'s")
		parts[i] = strings.Trim(p, "'")
	}
	for len(parts) > 1 && cmpNameTitles[parts[0]] {
		parts = parts[1:]
	}
	for len(parts) > 1 && cmpNameSuffixes[parts[len(parts)-1]] {
		parts = parts[:len(parts)-1]
	}
	return slices.DeleteFunc(parts, func(s string) bool { return s == "" })
}

// nameScore says how surely two names denote the same person (0 = not).
func cmpNameScore(a, b string) float64 {
	pa, pb := cmpNameParts(a), cmpNameParts(b)
	if len(pa) == 0 || len(pb) == 0 {
		return 0
	}
	if slices.Equal(pa, pb) {
		return 1
	}
	short, long := pa, pb
	if len(short) > len(long) {
		short, long = long, short
	}
	// A partial name: "Palmer" or "Keith" for "Keith Palmer".
	if cmpSubset(short, long) {
		if short[len(short)-1] == long[len(long)-1] {
			return 0.9
		}
		return 0.7
	}
	// Same surname, compatible first names: "K Palmer", "Aysha"/"Aisha Frade".
	la, lb := pa[len(pa)-1], pb[len(pb)-1]
	if la == lb || (cmpClose(la, lb) && len([]rune(la)) >= 5) {
		fa, fb := pa[0], pb[0]
		if len(pa) == 1 || len(pb) == 1 || fa == fb || cmpInitialOf(fa, fb) || cmpInitialOf(fb, fa) || cmpClose(fa, fb) {
			return 0.8
		}
		return 0
	}
	// Transliteration or typo in a longer name: "Khalid Massood".
	ja, jb := strings.Join(pa, " "), strings.Join(pb, " ")
	if len([]rune(ja)) >= 8 && cmpLevenshtein(ja, jb) <= 2 {
		return 0.75
	}
	return 0
}

func cmpSubset(short, long []string) bool {
	for _, s := range short {
		if !slices.Contains(long, s) {
			return false
		}
	}
	return true
}

func cmpInitialOf(initial, name string) bool {
	r := []rune(initial)
	return len(r) == 1 && strings.HasPrefix(name, initial)
}

// close is true for spelling variants: at most one edit in short words,
// two in longer ones.
func cmpClose(a, b string) bool {
	n := min(len([]rune(a)), len([]rune(b)))
	if n < 4 {
		return false
	}
	limit := 1
	if n >= 7 {
		limit = 2
	}
	return cmpLevenshtein(a, b) <= limit
}

func cmpLevenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// ---- claims ----

func cmpClaimKey(c storywatch.Claim) string {
	return c.Kind + "|" + strings.ToLower(strings.TrimSpace(c.Actor))
}

func compareClaims(prev, cur []storywatch.Claim) []storywatch.Change {
	had := map[string]bool{}
	for _, c := range prev {
		had[cmpClaimKey(c)] = true
	}
	has := map[string]bool{}
	for _, c := range cur {
		has[cmpClaimKey(c)] = true
	}
	var out []storywatch.Change
	seen := map[string]bool{}
	for _, c := range cur {
		k := cmpClaimKey(c)
		if had[k] || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, storywatch.Change{
			Kind:        storywatch.ClaimAdded,
			Summary:     cmpClaimText(c),
			Field:       storywatch.Ptr("claim"),
			New:         c,
			EvidenceNew: cmpNonEmpty(c.Evidence),
		})
	}
	for _, c := range prev {
		k := cmpClaimKey(c)
		if has[k] || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, storywatch.Change{
			Kind:        storywatch.ClaimRemoved,
			Summary:     "claim dropped: " + cmpClaimText(c),
			Field:       storywatch.Ptr("claim"),
			Old:         c,
			EvidenceOld: cmpNonEmpty(c.Evidence),
		})
	}
	return out
}

// claimText is "responsibility claimed by Islamic State (no evidence of
// links)", "attack attributed to X by police".
func cmpClaimText(c storywatch.Claim) string {
	var s string
	switch c.Kind {
	case storywatch.ClaimResponsibility:
		s = "responsibility claimed by " + c.Actor
	case storywatch.ClaimDenied:
		s = "responsibility denied by " + c.Actor
	default:
		s = "attack attributed to " + c.Actor
		if c.By != nil && *c.By != "" {
			s += " by " + *c.By
		}
	}
	if c.Hedge != nil && *c.Hedge != "" {
		s += " (" + *c.Hedge + ")"
	}
	return s
}

// ---- corrections and silent edits ----

// cmpCorrectionStarts open a correction or clarification note in the body.
var cmpCorrectionStarts = []string{
	"correction:", "clarification:", "corrections:", "editor's note:", "editor’s note:",
	"this article was amended", "this article has been amended", "this article was corrected",
	"this article has been corrected", "this story was corrected", "this story has been corrected",
	"this article was updated to correct", "this article has been updated to correct",
	"an earlier version of this article", "an earlier version of this story", "a previous version of this article",
	"this article has been changed", "this article was changed",
}

// correction reports a correction note that appears or changes: the page's
// own correction field, else a new body paragraph opening like a note.
func cmpCorrection(prev, cur storywatch.Version) (storywatch.Change, bool) {
	if c0, c1 := cmpClean(prev.Meta.Correction), cmpClean(cur.Meta.Correction); c1 != "" && c1 != c0 {
		ch := storywatch.Change{
			Kind:        storywatch.CorrectionAdded,
			Summary:     "correction: " + cmpShort(c1),
			Field:       storywatch.Ptr("correction"),
			New:         c1,
			EvidenceNew: &c1,
		}
		if c0 != "" {
			ch.Old, ch.EvidenceOld = c0, &c0
		}
		return ch, true
	}
	old := map[string]bool{}
	for _, p := range diff.Body(prev) {
		old[cmpClean(p)] = true
	}
	for _, p := range diff.Body(cur) {
		p = cmpClean(p)
		if p == "" || old[p] {
			continue
		}
		low := strings.ToLower(p)
		for _, start := range cmpCorrectionStarts {
			if strings.HasPrefix(low, start) {
				return storywatch.Change{
					Kind:        storywatch.CorrectionAdded,
					Summary:     "correction: " + cmpShort(p),
					Field:       storywatch.Ptr("correction"),
					New:         p,
					EvidenceNew: &p,
				}, true
			}
		}
	}
	return storywatch.Change{}, false
}

// silentEdit reports a text change the page did not own up to: neither its
// modified time nor its visible "updated" line moved. Pages that show
// neither in both versions give nothing to compare and are not flagged.
func cmpSilentEdit(prev, cur storywatch.Version, td storywatch.TextDiff) (storywatch.Change, bool) {
	s := td.Stats
	if s.SentencesAdded+s.SentencesRemoved+s.SentencesChanged+s.SentencesMoved == 0 {
		return storywatch.Change{}, false
	}
	m0, m1 := prev.Meta.Modified, cur.Meta.Modified
	u0, u1 := cmpClean(prev.Meta.UpdatedLine), cmpClean(cur.Meta.UpdatedLine)
	if m0 == nil && m1 == nil && u0 == "" && u1 == "" {
		return storywatch.Change{}, false
	}
	sameTime := (m0 == nil && m1 == nil) || (m0 != nil && m1 != nil && m0.Equal(*m1))
	if !sameTime || u0 != u1 {
		return storywatch.Change{}, false
	}
	var shown []string
	if m1 != nil {
		shown = append(shown, "modified time "+m1.UTC().Format("2006-01-02T15:04:05Z"))
	}
	if u1 != "" {
		shown = append(shown, fmt.Sprintf("updated line %q", u1))
	}
	ch := storywatch.Change{
		Kind:    storywatch.SilentEdit,
		Summary: "silent edit: text changed but " + strings.Join(shown, " and ") + " did not",
		Field:   storywatch.Ptr("modified"),
	}
	if m1 != nil {
		ch.Old, ch.New = *m0, *m1
	} else {
		ch.Field = storywatch.Ptr("updated_line")
		ch.Old, ch.New = u0, u1
	}
	return ch, true
}

// ---- helpers ----

func cmpClean(s string) string { return strings.Join(strings.Fields(s), " ") }

func cmpShort(s string) string {
	r := []rune(s)
	if len(r) <= 120 {
		return s
	}
	return string(r[:119]) + "…"
}

func cmpNonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func cmpEqInt(a, b *int) bool   { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
func cmpEqBool(a, b *bool) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
func cmpEqStr(a, b *string) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}
