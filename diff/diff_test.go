package diff

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/storywatch/storywatch"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Four people died. Police said so.", []string{"Four people died.", "Police said so."}},
		{"Mr. Smith met Dr. Jones at St. Thomas' Hospital. They talked.",
			[]string{"Mr. Smith met Dr. Jones at St. Thomas' Hospital.", "They talked."}},
		{"The U.S. Embassy said the U.K. government was told. The statement came at 2 p.m. on Tuesday.",
			[]string{"The U.S. Embassy said the U.K. government was told.", "The statement came at 2 p.m. on Tuesday."}},
		{"He arrived in the U.S. The next day he left.", []string{"He arrived in the U.S.", "The next day he left."}},
		{"John F. Kennedy was there. So was No. 10.", []string{"John F. Kennedy was there.", "So was No. 10."}},
		{`"Run!" she shouted. "Why?" he asked.`, []string{`"Run!" she shouted.`, `"Why?" he asked.`}},
		{"It was 3.5 miles away. 20 people were hurt.", []string{"It was 3.5 miles away.", "20 people were hurt."}},
		{"“It’s over.” The crowd left.", []string{"“It’s over.”", "The crowd left."}},
		{"Wait... what happened?", []string{"Wait... what happened?"}},
		{"  spaced\n\tout   text.  Next one. ", []string{"spaced out text.", "Next one."}},
		{"Ça va? Très bien. Ñandú. 🚑 Ambulances arrived.", []string{"Ça va?", "Très bien.", "Ñandú.", "🚑 Ambulances arrived."}},
		{"事件发生在伦敦。警方说有四人死亡。", []string{"事件发生在伦敦。警方说有四人死亡。"}},
		{"", nil},
	}
	for _, tt := range tests {
		got := Sentences(tt.in)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
		if strings.Join(got, " ") != collapse(tt.in) {
			t.Errorf("Sentences(%q) does not join back", tt.in)
		}
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Four killed, 1,200 hurt", []string{"Four", " ", "killed", ",", " ", "1,200", " ", "hurt"}},
		{"don't 3.5km", []string{"don't", " ", "3.5km"}},
		{"a 43-year-old", []string{"a", " ", "43", "-", "year", "-", "old"}},
		{"🚑🚒 👩‍👩‍👧 👍🏽 🇬🇧🇫🇷 1️⃣", []string{"🚑", "🚒", " ", "👩‍👩‍👧", " ", "👍🏽", " ", "🇬🇧", "🇫🇷", " ", "1️⃣"}},
		{"café Zürich naïve", []string{"café", " ", "Zürich", " ", "naïve"}},
		{"伦敦警方", []string{"伦", "敦", "警", "方"}},
		{"end.", []string{"end", "."}},
	}
	for _, tt := range tests {
		got := Tokens(tt.in)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Tokens(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
		if strings.Join(got, "") != tt.in {
			t.Errorf("Tokens(%q) does not join back", tt.in)
		}
	}
	if n := CountWords("Five 🚑 people, aged 34!"); n != 5 {
		t.Errorf("CountWords = %d, want 5", n)
	}
}

// rebuild returns the old and new text a diff describes, in the layout of
// the expected() helper: headline, blank line, paragraphs separated by blank lines.
func rebuild(d storywatch.TextDiff) (string, string) {
	var oldB, newB strings.Builder
	put := func(b *strings.Builder, s string) {
		if s == "" {
			return
		}
		str := b.String()
		if s != ParagraphBreak && str != "" && !strings.HasSuffix(str, ParagraphBreak) {
			b.WriteString(" ")
		}
		b.WriteString(s)
	}
	side := func(ops []storywatch.DiffOp, keep storywatch.DiffOpKind) string {
		var b strings.Builder
		for _, w := range ops {
			if w.Op == storywatch.OpEqual || w.Op == keep {
				b.WriteString(w.Text)
			}
		}
		return b.String()
	}
	for _, op := range d.Ops {
		switch op.Op {
		case storywatch.OpEqual:
			put(&oldB, op.Text)
			put(&newB, op.Text)
		case storywatch.OpDelete:
			put(&oldB, op.Text)
		case storywatch.OpInsert:
			put(&newB, op.Text)
		case storywatch.OpChange:
			put(&oldB, side(op.Words, storywatch.OpDelete))
			put(&newB, side(op.Words, storywatch.OpInsert))
		case storywatch.OpMove:
			if IsMoveTarget(op) {
				put(&newB, op.Text)
			} else {
				put(&oldB, op.Text)
			}
		}
	}
	return oldB.String(), newB.String()
}

func expected(v storywatch.Version) string {
	return collapse(v.Headline) + ParagraphBreak + strings.Join(clean(Body(v)), ParagraphBreak)
}

func para(ps ...string) storywatch.Version { return storywatch.Version{Headline: "H", Paragraphs: ps} }

func TestVersionsCases(t *testing.T) {
	tests := []struct {
		name      string
		prev, cur storywatch.Version
		want      storywatch.DiffStats
	}{
		{"same", para("A b c. D e f."), para("A b c. D e f."), storywatch.DiffStats{}},
		{"typo", para("Police said the attacker was shot. Four died."), para("Police said the attacker was shot. Four people died."),
			storywatch.DiffStats{SentencesChanged: 1, WordsAdded: 1, EditRatio: 0.0526}},
		{"word swap keeps words whole", para("Four people were killed."), para("Five people were killed."),
			storywatch.DiffStats{SentencesChanged: 1, WordsAdded: 1, WordsRemoved: 1, EditRatio: 0.2}},
		{"sentence added", para("One two three."), para("One two three. Four five six."),
			storywatch.DiffStats{SentencesAdded: 1, WordsAdded: 3, EditRatio: 0.2727}},
		{"paragraph removed", para("First para here.", "Second para here.", "Third para here."), para("First para here.", "Third para here."),
			storywatch.DiffStats{SentencesRemoved: 1, WordsRemoved: 3, EditRatio: 0.1765}},
		{"paragraph moved", para("Alpha beta gamma delta.", "Epsilon zeta eta theta.", "Iota kappa lambda mu."),
			para("Epsilon zeta eta theta.", "Iota kappa lambda mu.", "Alpha beta gamma delta."),
			storywatch.DiffStats{SentencesMoved: 1}},
		{"paragraph split", para("One sentence here. Another sentence there."), para("One sentence here.", "Another sentence there."),
			storywatch.DiffStats{}},
		{"headline", storywatch.Version{Headline: "Four dead", Paragraphs: []string{"x y z."}},
			storywatch.Version{Headline: "Five dead", Paragraphs: []string{"x y z."}},
			storywatch.DiffStats{SentencesChanged: 1, WordsAdded: 1, WordsRemoved: 1, EditRatio: 0.2}},
		{"emoji and accents", para("Les secours 🚑 sont arrivés à Zürich."), para("Les secours 🚑🚒 sont arrivés à Zürich, dit-il."),
			storywatch.DiffStats{SentencesChanged: 1, WordsAdded: 3, EditRatio: 0.1579}},
		{"empty to text", storywatch.Version{}, para("New text."),
			storywatch.DiffStats{SentencesAdded: 2, WordsAdded: 3, EditRatio: 1}},
		{"live blog entry on top",
			storywatch.Version{Headline: "Live", Entries: []storywatch.Entry{
				{TimeText: "10:05", Paragraphs: []string{"Police closed the bridge."}},
				{TimeText: "10:00", Paragraphs: []string{"Reports of gunfire near parliament."}},
			}},
			storywatch.Version{Headline: "Live", Entries: []storywatch.Entry{
				{TimeText: "10:20", Paragraphs: []string{"Four people have died, police say."}},
				{TimeText: "10:05", Paragraphs: []string{"Police closed the bridge."}},
				{TimeText: "10:00", Paragraphs: []string{"Reports of gunfire near parliament."}},
			}},
			storywatch.DiffStats{SentencesAdded: 2, WordsAdded: 8, EditRatio: 0.2222}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Versions(tt.prev, tt.cur)
			if d.Stats != tt.want {
				t.Errorf("stats = %+v, want %+v", d.Stats, tt.want)
			}
			checkRebuild(t, d, tt.prev, tt.cur)
		})
	}
}

func checkRebuild(t *testing.T, d storywatch.TextDiff, prev, cur storywatch.Version) {
	t.Helper()
	o, n := rebuild(d)
	if want := expected(prev); o != want {
		t.Errorf("old side\n got %q\nwant %q", o, want)
	}
	if want := expected(cur); n != want {
		t.Errorf("new side\n got %q\nwant %q", n, want)
	}
	for i, op := range d.Ops {
		if op.Op == storywatch.OpMove {
			if op.Pair == nil || d.Ops[*op.Pair].Pair == nil || *d.Ops[*op.Pair].Pair != i {
				t.Errorf("op %d: move pair not mutual", i)
			}
		}
	}
}

func TestWordsStayWhole(t *testing.T) {
	d := Versions(para("Four people were killed and 30 injured, two men were held."),
		para("Five people were killed and 40 injured on Tuesday, three men, aged 34, 51 and 19, were held."))
	var got []string
	for _, op := range d.Ops {
		for _, w := range op.Words {
			if w.Op != storywatch.OpEqual {
				got = append(got, string(w.Op)+":"+w.Text)
			}
		}
	}
	want := []string{"delete:Four", "insert:Five", "delete:30", "insert:40", "insert: on Tuesday",
		"delete:two", "insert:three", "insert:, aged 34, 51 and 19,"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("word ops\n got %q\nwant %q", got, want)
	}
}

func TestSemanticCleanupJoinsShortEqualities(t *testing.T) {
	d := Versions(para("Twenty people were hurt."), para("Thirty men were hurt."))
	var b strings.Builder
	if err := RenderText(&b, d, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "[-Twenty people-]{+Thirty men+} were hurt.") {
		t.Errorf("got %q", b.String())
	}
}

func TestFallbackStaysCorrect(t *testing.T) {
	// One huge "sentence" of distinct words, rewritten: beyond maxTokens the
	// word diff falls back to delete+insert of the middle.
	var a, b []string
	for i := range maxTokens {
		a = append(a, fmt.Sprintf("w%d", i))
		b = append(b, fmt.Sprintf("v%d", i))
	}
	prev := para("start " + strings.Join(a, " ") + " end")
	cur := para("start " + strings.Join(b, " ") + " end")
	d := Versions(prev, cur)
	checkRebuild(t, d, prev, cur)
	if d.Stats.SentencesChanged != 0 && d.Stats.WordsAdded != maxTokens {
		t.Errorf("stats %+v", d.Stats)
	}
	// Thousands of distinct paragraphs rewritten: block and sentence levels fall back.
	var pa, pb []string
	for i := range maxBlocks {
		pa = append(pa, fmt.Sprintf("Old paragraph %d.", i))
		pb = append(pb, fmt.Sprintf("New paragraph %d here.", i))
	}
	d = Versions(para(pa...), para(pb...))
	checkRebuild(t, d, para(pa...), para(pb...))
}

func TestDeterministic(t *testing.T) {
	prev, cur := blog(300, 0), blog(300, 25)
	first, _ := json.Marshal(Versions(prev, cur))
	for range 3 {
		again, _ := json.Marshal(Versions(prev, cur))
		if string(again) != string(first) {
			t.Fatal("two runs differ")
		}
	}
	checkRebuild(t, Versions(prev, cur), prev, cur)
}

func TestInvalidUTF8(t *testing.T) {
	prev, cur := para("Bad \xff byte here."), para("Bad \xfe byte there.")
	d := Versions(prev, cur)
	o, n := rebuild(d)
	if !strings.Contains(o, "\uFFFD") || !strings.Contains(n, "here") == strings.Contains(n, "there") {
		t.Errorf("got %q / %q", o, n)
	}
}

// blog builds a live blog of n entries; edits > 0 adds edits new entries on
// top and edits a word in every tenth old entry (up to edits of them).
func blog(n, edits int) storywatch.Version {
	v := storywatch.Version{Headline: "Live: attack in Westminster", Meta: storywatch.Meta{LiveBlog: true}}
	for i := range edits {
		v.Entries = append(v.Entries, storywatch.Entry{
			TimeText:   fmt.Sprintf("%02d:%02d GMT", 20+i/60, i%60),
			Paragraphs: []string{fmt.Sprintf("Breaking update number %d: officials say %d more people were taken to hospital. Mr. Khan said the U.S. had offered help.", i, i+2)},
		})
	}
	edited := 0
	for i := range n {
		p1 := fmt.Sprintf("Entry %d: police at the scene say the cordon around Parliament Square remains in place while officers search nearby buildings.", i)
		p2 := fmt.Sprintf("Witnesses told reporters they heard %d loud bangs before people began running towards Westminster Bridge. 🚨 Ambulances arrived within minutes.", i%7+2)
		if edits > 0 && i%10 == 3 && edited < edits {
			p2 = strings.Replace(p2, "loud bangs", "very loud bangs", 1)
			edited++
		}
		v.Entries = append(v.Entries, storywatch.Entry{
			TimeText:   fmt.Sprintf("%02d:%02d GMT", i/60%24, i%60),
			Title:      fmt.Sprintf("Update %d", i),
			Paragraphs: []string{p1, p2},
		})
	}
	return v
}

func TestBlogSize(t *testing.T) {
	if n := len(blog(650, 0).Text()); n < 190_000 || n > 230_000 {
		t.Fatalf("blog fixture is %d bytes, want ~200 KB", n)
	}
}

// BenchmarkDiff: a ~200 KB live blog with 50 edits (25 new entries on top,
// 25 edited sentences) must diff in well under 50 ms.
func BenchmarkDiff(b *testing.B) {
	prev, cur := blog(650, 0), blog(650, 25)
	b.SetBytes(int64(len(cur.Text())))
	b.ReportAllocs()
	for b.Loop() {
		Versions(prev, cur)
	}
}

// BenchmarkDiffRewrite: the pathological case, every paragraph rewritten.
func BenchmarkDiffRewrite(b *testing.B) {
	prev := blog(650, 0)
	cur := blog(650, 0)
	for i := range cur.Entries {
		for j, p := range cur.Entries[i].Paragraphs {
			cur.Entries[i].Paragraphs[j] = strings.ToUpper(p)
		}
	}
	b.SetBytes(int64(len(cur.Text())))
	for b.Loop() {
		Versions(prev, cur)
	}
}

// TestRandomEdits applies random editorial edits (insert, delete, move,
// split and merge paragraphs, change words) to random articles and checks
// that every diff rebuilds both texts and renders.
func TestRandomEdits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("police said four five people were killed injured in the attack on Westminster Bridge Mr. Smith U.S. café Zürich 🚑 officers 20 30 at least")
	sentence := func() string {
		n := 3 + rng.IntN(8)
		ws := make([]string, n)
		for i := range ws {
			ws[i] = words[rng.IntN(len(words))]
		}
		return strings.ToUpper(ws[0][:1]) + strings.Join(ws, " ")[1:] + "."
	}
	paragraph := func() string {
		n := 1 + rng.IntN(3)
		ss := make([]string, n)
		for i := range ss {
			ss[i] = sentence()
		}
		return strings.Join(ss, " ")
	}
	for iter := range 300 {
		n := rng.IntN(12)
		var ps []string
		for range n {
			ps = append(ps, paragraph())
		}
		prev := para(ps...)
		cur := para(slices.Clone(ps)...)
		for range 1 + rng.IntN(4) {
			k := len(cur.Paragraphs)
			switch op := rng.IntN(6); {
			case op == 0 || k == 0:
				i := rng.IntN(k + 1)
				cur.Paragraphs = slices.Insert(cur.Paragraphs, i, paragraph())
			case op == 1:
				i := rng.IntN(k)
				cur.Paragraphs = slices.Delete(cur.Paragraphs, i, i+1)
			case op == 2:
				i, j := rng.IntN(k), rng.IntN(k)
				p := cur.Paragraphs[i]
				cur.Paragraphs = slices.Delete(cur.Paragraphs, i, i+1)
				cur.Paragraphs = slices.Insert(cur.Paragraphs, min(j, len(cur.Paragraphs)), p)
			case op == 3:
				i := rng.IntN(k)
				ws := strings.Fields(cur.Paragraphs[i])
				ws[rng.IntN(len(ws))] = words[rng.IntN(len(words))]
				cur.Paragraphs[i] = strings.Join(ws, " ")
			case op == 4:
				i := rng.IntN(k)
				ss := Sentences(cur.Paragraphs[i])
				if len(ss) > 1 {
					cur.Paragraphs = slices.Replace(cur.Paragraphs, i, i+1, ss[0], strings.Join(ss[1:], " "))
				}
			default:
				if k > 1 {
					i := rng.IntN(k - 1)
					cur.Paragraphs = slices.Replace(cur.Paragraphs, i, i+2, cur.Paragraphs[i]+" "+cur.Paragraphs[i+1])
				}
			}
		}
		d := Versions(prev, cur)
		checkRebuild(t, d, prev, cur)
		for _, opt := range []RenderOptions{{}, {Context: -1, Color: true}} {
			var b strings.Builder
			if err := RenderText(&b, d, opt); err != nil {
				t.Fatal(err)
			}
			if err := RenderHTML(&b, d, opt); err != nil {
				t.Fatal(err)
			}
		}
		if t.Failed() {
			t.Fatalf("iteration %d:\nprev %q\ncur  %q", iter, prev.Paragraphs, cur.Paragraphs)
		}
	}
}

// FuzzVersions checks the invariants on arbitrary text: sentences and
// tokens join back, and a diff rebuilds both sides.
func FuzzVersions(f *testing.F) {
	f.Add("Mr. Smith went to the U.S. He left.", "Mr. Smith went to the U.K. She stayed.")
	f.Add("🚑🚒 👩‍👩‍👧\n\nnaïve café", "🚑 👩‍👩‍👧‍👦\n\nnaive cafe\n\nnew")
	f.Add("a\xffb. c", "a. \x1b[31m c")
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, s := range []string{a, b} {
			c := collapse(s)
			if strings.Join(Sentences(s), " ") != c || strings.Join(Tokens(c), "") != c {
				t.Fatalf("split of %q does not join back", s)
			}
		}
		prev := para(strings.Split(a, "\n\n")...)
		cur := para(strings.Split(b, "\n\n")...)
		checkRebuild(t, Versions(prev, cur), prev, cur)
	})
}
