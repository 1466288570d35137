// Package diff compares two versions of an article the way an editor reads
// an edit: paragraphs first, then sentences inside changed paragraphs, then
// words inside changed sentences. It is pure (no I/O) and deterministic: the
// go-diff timeout is off and input sizes are bounded instead, with a
// coarser but still correct fallback beyond the bounds.
//
// Shape of a storywatch.TextDiff produced here:
//   - Ops start with the headline block, always followed by an equal
//     paragraph-break op; the body follows.
//   - A paragraph break is an op whose Text is ParagraphBreak ("\n\n"); it can
//     be equal, inserted or deleted like a sentence. Sentences inside one
//     paragraph are joined by a single space, so concatenating the texts of
//     the equal, delete, change (old side) and move-origin ops, with a space
//     between neighbouring sentences, gives back the old text (same for the
//     new text), whitespace collapsed.
//   - An equal op may hold several sentences of one paragraph, or a whole
//     unchanged paragraph. Delete and insert ops hold one sentence each.
//   - A change op is a sentence edited in place; Text is the new sentence and
//     Words the word-level edit (equal/delete/insert ops) from the old one.
//   - A moved paragraph appears twice as OpMove, at its old place and at its
//     new place, each with Pair giving the other's index. The op at the new
//     place carries Words (the word-level edit from the old place, all equal
//     for a verbatim move); the op at the old place has none. See IsMoveTarget.
package diff

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/storywatch/storywatch"
)

// ParagraphBreak is the Text of a paragraph-break op.
const ParagraphBreak = "\n\n"

// Size bounds of one exact (Myers) alignment, counted as the elements of both
// sides left after trimming the common prefix and suffix. Myers costs
// O((N+M)·D), so these keep the worst case near 10 ms; beyond them the
// middle part becomes one delete plus one insert.
const (
	maxBlocks    = 6000
	maxSentences = 6000
	maxTokens    = 6000
	// Pairing sentences for in-place edits is quadratic; above this many
	// candidate pairs in one changed region, sentences stay deletes+inserts.
	maxPairing = 40000
	// Word diffs of one version pair stop after this many tokens: a page
	// rewritten throughout (a redesign, a new language) then shows further
	// edited sentences as delete+insert instead of costing seconds.
	wordBudget = 50_000
)

// Moves: a paragraph needs this many words to count as moved (short lines
// such as a time stamp repeat too often), and a moved paragraph edited on
// the way must keep this share of its words.
const (
	minMoveWords     = 3
	minFuzzyMoveWord = 8
	fuzzyMoveSim     = 0.8
	changeSim        = 0.5
)

// IsMoveTarget reports whether op is the new place of a moved paragraph
// (rather than its old place).
func IsMoveTarget(op storywatch.DiffOp) bool {
	return op.Op == storywatch.OpMove && op.MoveTarget
}

// Versions diffs two versions: headline first, then the body text (standfirst,
// paragraphs, live-blog entries with their time lines and titles).
func Versions(prev, cur storywatch.Version) storywatch.TextDiff {
	return Blocks(headline(prev), headline(cur), Body(prev), Body(cur))
}

// Blocks diffs pre-split texts: a headline and body paragraphs per side.
func Blocks(prevHeadline, curHeadline string, prevBody, curBody []string) storywatch.TextDiff {
	b := &builder{moves: map[int][2]int{}}
	b.blocks(clean([]string{prevHeadline}), clean([]string{curHeadline}), false)
	b.ops = append(b.ops, storywatch.DiffOp{Op: storywatch.OpEqual, Text: ParagraphBreak})
	b.blocks(clean(prevBody), clean(curBody), true)
	for _, p := range b.moves {
		src, dst := p[0], p[1]
		b.ops[src].Pair = storywatch.Ptr(dst)
		b.ops[dst].Pair = storywatch.Ptr(src)
	}
	if total := b.oldWords + b.newWords; total > 0 {
		r := float64(b.stats.WordsAdded+b.stats.WordsRemoved) / float64(total)
		b.stats.EditRatio = math.Round(math.Min(r, 1)*10000) / 10000
	}
	return storywatch.TextDiff{Ops: b.ops, Stats: b.stats}
}

func headline(v storywatch.Version) string { return v.Headline }

// Body returns the body blocks of a version in the order of Version.Text.
func Body(v storywatch.Version) []string {
	out := make([]string, 0, len(v.Paragraphs)+4*len(v.Entries)+1)
	out = append(out, v.Standfirst)
	out = append(out, v.Paragraphs...)
	for _, e := range v.Entries {
		out = append(out, e.TimeText, e.Title)
		out = append(out, e.Paragraphs...)
	}
	return out
}

func clean(blocks []string) []string {
	out := blocks[:0:0]
	for _, s := range blocks {
		if s = collapse(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

type builder struct {
	ops      []storywatch.DiffOp
	stats    storywatch.DiffStats
	moves    map[int][2]int // move id → op index of old place, new place
	nmoves   int
	oldWords int
	newWords int
	tokens   int // tokens fed to word diffs so far (see wordBudget)

	wordCache map[string]int
}

// words counts the words of a block once per distinct text: most blocks
// are the same in both versions.
func (b *builder) words(s string) int {
	if n, ok := b.wordCache[s]; ok {
		return n
	}
	if b.wordCache == nil {
		b.wordCache = map[string]int{}
	}
	n := CountWords(s)
	b.wordCache[s] = n
	return n
}

func (b *builder) emit(op storywatch.DiffOp) int {
	// Neighbouring equal sentences of one paragraph become one op.
	if op.Op == storywatch.OpEqual && op.Text != ParagraphBreak && len(b.ops) > 0 {
		last := &b.ops[len(b.ops)-1]
		if last.Op == storywatch.OpEqual && last.Text != ParagraphBreak {
			last.Text += " " + op.Text
			return len(b.ops) - 1
		}
	}
	b.ops = append(b.ops, op)
	return len(b.ops) - 1
}

// item is one block of the block-level alignment.
type item struct {
	op     diffmatchpatch.Operation
	old    int // index into the old blocks (equal, delete)
	new    int // index into the new blocks (equal, insert)
	region int // consecutive non-equal items share a region
	move   int // move id+1 when this block moved, else 0
}

// blocks aligns two lists of paragraphs and emits their ops. Paragraph
// breaks are emitted between blocks, as equal when both sides continue.
func (b *builder) blocks(old, cur []string, allowMoves bool) {
	for _, s := range old {
		b.oldWords += b.words(s)
	}
	for _, s := range cur {
		b.newWords += b.words(s)
	}
	var in interner
	runs := align(in.runes(old), in.runes(cur), maxBlocks)

	var items []item
	oi, ni, region := 0, 0, 0
	prevEqual := true
	for _, r := range runs {
		if r.op != diffmatchpatch.DiffEqual && prevEqual {
			region++
		}
		prevEqual = r.op == diffmatchpatch.DiffEqual
		for range r.n {
			it := item{op: r.op, old: -1, new: -1, region: region}
			switch r.op {
			case diffmatchpatch.DiffEqual:
				it.old, it.new = oi, ni
				oi++
				ni++
			case diffmatchpatch.DiffDelete:
				it.old = oi
				oi++
			case diffmatchpatch.DiffInsert:
				it.new = ni
				ni++
			}
			items = append(items, it)
		}
	}
	if allowMoves {
		b.findMoves(items, old, cur)
	}

	var oldStarted, newStarted bool
	sep := func(hasOld, hasNew bool) {
		o, n := hasOld && oldStarted, hasNew && newStarted
		switch {
		case o && n:
			b.emit(storywatch.DiffOp{Op: storywatch.OpEqual, Text: ParagraphBreak})
		case o:
			b.emit(storywatch.DiffOp{Op: storywatch.OpDelete, Text: ParagraphBreak})
		case n:
			b.emit(storywatch.DiffOp{Op: storywatch.OpInsert, Text: ParagraphBreak})
		}
		oldStarted = oldStarted || hasOld
		newStarted = newStarted || hasNew
	}
	moveSrc := func(it item) {
		sep(true, false)
		p := b.moves[it.move-1]
		p[0] = b.emit(storywatch.DiffOp{Op: storywatch.OpMove, Text: old[it.old]})
		b.moves[it.move-1] = p
		b.stats.SentencesMoved += len(Sentences(old[it.old]))
	}
	moveDst := func(it item) {
		sep(false, true)
		p := b.moves[it.move-1]
		words, added, removed := b.wordDiff(b.movedFrom(it.move-1, items, old), cur[it.new])
		b.stats.WordsAdded += added
		b.stats.WordsRemoved += removed
		p[1] = b.emit(storywatch.DiffOp{Op: storywatch.OpMove, Text: cur[it.new], Words: words, MoveTarget: true})
		b.moves[it.move-1] = p
	}
	// A run of non-equal blocks: the paragraphs between moved ones form
	// regions, the k-th stretch of old paragraphs paired with the k-th of
	// new ones. Each side keeps its order, and a move at the edge of a run
	// (the usual case) does not cut an edit such as a paragraph split.
	changedRun := func(run []item) {
		var oldSegs, newSegs [][]string
		var srcs, dsts []item
		oldSegs, newSegs = [][]string{nil}, [][]string{nil}
		for _, it := range run {
			switch {
			case it.move > 0 && it.op == diffmatchpatch.DiffDelete:
				srcs = append(srcs, it)
				oldSegs = append(oldSegs, nil)
			case it.move > 0:
				dsts = append(dsts, it)
				newSegs = append(newSegs, nil)
			case it.op == diffmatchpatch.DiffDelete:
				oldSegs[len(oldSegs)-1] = append(oldSegs[len(oldSegs)-1], old[it.old])
			default:
				newSegs[len(newSegs)-1] = append(newSegs[len(newSegs)-1], cur[it.new])
			}
		}
		for k := range max(len(oldSegs), len(newSegs)) {
			var o, n []string
			if k < len(oldSegs) {
				o = oldSegs[k]
			}
			if k < len(newSegs) {
				n = newSegs[k]
			}
			if len(o)+len(n) > 0 {
				sep(len(o) > 0, len(n) > 0)
				b.region(o, n)
			}
			if k < len(srcs) {
				moveSrc(srcs[k])
			}
			if k < len(dsts) {
				moveDst(dsts[k])
			}
		}
	}
	for i := 0; i < len(items); {
		if items[i].op == diffmatchpatch.DiffEqual {
			sep(true, true)
			b.emit(storywatch.DiffOp{Op: storywatch.OpEqual, Text: old[items[i].old]})
			i++
			continue
		}
		j := i
		for j < len(items) && items[j].op != diffmatchpatch.DiffEqual {
			j++
		}
		changedRun(items[i:j])
		i = j
	}
}

func (b *builder) movedFrom(id int, items []item, old []string) string {
	for _, it := range items {
		if it.move == id+1 && it.op == diffmatchpatch.DiffDelete {
			return old[it.old]
		}
	}
	return ""
}

// findMoves pairs a deleted paragraph with an inserted one elsewhere: exact
// text first (earliest first on both sides), then near-identical paragraphs
// in different regions (an edit inside one region is a change, not a move).
func (b *builder) findMoves(items []item, old, cur []string) {
	type cand struct {
		item  int
		text  string
		words int
		bag   map[string]int // built on demand for fuzzy matching
	}
	var dels, ins []*cand
	for i, it := range items {
		switch it.op {
		case diffmatchpatch.DiffDelete:
			if n := b.words(old[it.old]); n >= minMoveWords {
				dels = append(dels, &cand{item: i, text: old[it.old], words: n})
			}
		case diffmatchpatch.DiffInsert:
			if n := b.words(cur[it.new]); n >= minMoveWords {
				ins = append(ins, &cand{item: i, text: cur[it.new], words: n})
			}
		}
	}
	if len(dels) == 0 || len(ins) == 0 {
		return
	}
	pair := func(d, n int) {
		id := b.nmoves
		b.nmoves++
		items[d].move, items[n].move = id+1, id+1
		b.moves[id] = [2]int{}
	}
	byText := map[string][]int{}
	for _, n := range ins {
		byText[n.text] = append(byText[n.text], n.item)
	}
	for _, d := range dels {
		if c := byText[d.text]; len(c) > 0 {
			pair(d.item, c[0])
			byText[d.text] = c[1:]
		}
	}
	if len(dels)*len(ins) > maxPairing {
		return
	}
	bag := func(c *cand) map[string]int {
		if c.bag == nil {
			c.bag = wordBag(c.text)
		}
		return c.bag
	}
	for _, d := range dels {
		if items[d.item].move > 0 || d.words < minFuzzyMoveWord {
			continue
		}
		best, bestSim := -1, fuzzyMoveSim
		for _, n := range ins {
			if items[n.item].move > 0 || items[n.item].region == items[d.item].region {
				continue
			}
			// Dice ≥ s needs the smaller bag to hold at least s/(2−s) of the larger.
			if lo, hi := min(d.words, n.words), max(d.words, n.words); float64(lo) < fuzzyMoveSim/(2-fuzzyMoveSim)*float64(hi) {
				continue
			}
			if s := dice(bag(d), bag(n)); s >= bestSim && (best < 0 || s > bestSim) {
				best, bestSim = n.item, s
			}
		}
		if best >= 0 {
			pair(d.item, best)
		}
	}
}

// region diffs a run of deleted paragraphs against a run of inserted ones
// sentence by sentence, paragraph breaks included as tokens.
func (b *builder) region(old, cur []string) {
	split := func(blocks []string) []string {
		var out []string
		for i, p := range blocks {
			if i > 0 {
				out = append(out, ParagraphBreak)
			}
			out = append(out, Sentences(p)...)
		}
		return out
	}
	os, ns := split(old), split(cur)
	var in interner
	runs := align(in.runes(os), in.runes(ns), maxSentences)
	oi, ni := 0, 0
	var dels, ins []string
	flush := func() {
		if len(dels)+len(ins) > 0 {
			b.changed(dels, ins)
			dels, ins = nil, nil
		}
	}
	for _, r := range runs {
		switch r.op {
		case diffmatchpatch.DiffEqual:
			flush()
			for _, s := range os[oi : oi+r.n] {
				b.emit(storywatch.DiffOp{Op: storywatch.OpEqual, Text: s})
			}
			oi += r.n
			ni += r.n
		case diffmatchpatch.DiffDelete:
			dels = append(dels, os[oi:oi+r.n]...)
			oi += r.n
		case diffmatchpatch.DiffInsert:
			ins = append(ins, ns[ni:ni+r.n]...)
			ni += r.n
		}
	}
	flush()
}

// changed emits a run of deleted and inserted sentences, pairing similar
// ones (in order) as in-place changes with word-level edits.
func (b *builder) changed(dels, ins []string) {
	pairs := pairSentences(dels, ins)
	di, ii := 0, 0
	emitUntil := func(dEnd, iEnd int) {
		for ; di < dEnd; di++ {
			b.emit(storywatch.DiffOp{Op: storywatch.OpDelete, Text: dels[di]})
			if dels[di] != ParagraphBreak {
				b.stats.SentencesRemoved++
				b.stats.WordsRemoved += CountWords(dels[di])
			}
		}
		for ; ii < iEnd; ii++ {
			b.emit(storywatch.DiffOp{Op: storywatch.OpInsert, Text: ins[ii]})
			if ins[ii] != ParagraphBreak {
				b.stats.SentencesAdded++
				b.stats.WordsAdded += CountWords(ins[ii])
			}
		}
	}
	for _, p := range pairs {
		if b.tokens > wordBudget {
			break
		}
		emitUntil(p[0], p[1])
		words, added, removed := b.wordDiff(dels[p[0]], ins[p[1]])
		b.emit(storywatch.DiffOp{Op: storywatch.OpChange, Text: ins[p[1]], Words: words})
		b.stats.SentencesChanged++
		b.stats.WordsAdded += added
		b.stats.WordsRemoved += removed
		di, ii = p[0]+1, p[1]+1
	}
	emitUntil(len(dels), len(ins))
}

// pairSentences aligns similar sentences of a changed run, keeping order on
// both sides and maximising the total similarity (a small LCS-style DP).
func pairSentences(dels, ins []string) [][2]int {
	if len(dels) == 0 || len(ins) == 0 || len(dels)*len(ins) > maxPairing {
		return nil
	}
	db := make([]map[string]int, len(dels))
	for i, s := range dels {
		if s != ParagraphBreak {
			db[i] = wordBag(s)
		}
	}
	ib := make([]map[string]int, len(ins))
	for j, s := range ins {
		if s != ParagraphBreak {
			ib[j] = wordBag(s)
		}
	}
	n, m := len(dels), len(ins)
	score := make([]float64, (n+1)*(m+1))
	sim := make([]float64, n*m)
	at := func(i, j int) *float64 { return &score[i*(m+1)+j] }
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			best := math.Max(*at(i-1, j), *at(i, j-1))
			if db[i-1] != nil && ib[j-1] != nil {
				s := dice(db[i-1], ib[j-1])
				sim[(i-1)*m+j-1] = s
				if s >= changeSim {
					best = math.Max(best, *at(i-1, j-1)+s)
				}
			}
			*at(i, j) = best
		}
	}
	var pairs [][2]int
	for i, j := n, m; i > 0 && j > 0; {
		s := sim[(i-1)*m+j-1]
		switch {
		case s >= changeSim && *at(i, j) == *at(i-1, j-1)+s:
			pairs = append(pairs, [2]int{i - 1, j - 1})
			i--
			j--
		case *at(i, j) == *at(i-1, j):
			i--
		default:
			j--
		}
	}
	for l, r := 0, len(pairs)-1; l < r; l, r = l+1, r-1 {
		pairs[l], pairs[r] = pairs[r], pairs[l]
	}
	return pairs
}

// wordBag is the multiset of lower-cased words of s.
func wordBag(s string) map[string]int {
	m := map[string]int{}
	for _, t := range Tokens(s) {
		if isWord(t) {
			m[strings.ToLower(t)]++
		}
	}
	return m
}

// dice is the Sørensen–Dice similarity of two word multisets.
func dice(a, b map[string]int) float64 {
	na, nb, common := 0, 0, 0
	for w, c := range a {
		na += c
		common += min(c, b[w])
	}
	for _, c := range b {
		nb += c
	}
	if na+nb == 0 {
		return 0
	}
	return 2 * float64(common) / float64(na+nb)
}

// wordDiff diffs two sentences token by token and returns the word ops and
// the words added and removed.
func (bl *builder) wordDiff(a, b string) (ops []storywatch.DiffOp, added, removed int) {
	ta, tb := Tokens(a), Tokens(b)
	bl.tokens += len(ta) + len(tb)
	var in interner
	runs := align(in.runes(ta), in.runes(tb), maxTokens)
	var segs []seg
	ai, bi := 0, 0
	for _, r := range runs {
		switch r.op {
		case diffmatchpatch.DiffEqual:
			segs = append(segs, seg{op: r.op, toks: ta[ai : ai+r.n]})
			ai += r.n
			bi += r.n
		case diffmatchpatch.DiffDelete:
			segs = append(segs, seg{op: r.op, toks: ta[ai : ai+r.n]})
			ai += r.n
		case diffmatchpatch.DiffInsert:
			segs = append(segs, seg{op: r.op, toks: tb[bi : bi+r.n]})
			bi += r.n
		}
	}
	segs = cleanupSemantic(segs)
	ops = make([]storywatch.DiffOp, 0, len(segs))
	for _, s := range segs {
		text := strings.Join(s.toks, "")
		var kind storywatch.DiffOpKind
		switch s.op {
		case diffmatchpatch.DiffEqual:
			kind = storywatch.OpEqual
		case diffmatchpatch.DiffDelete:
			kind = storywatch.OpDelete
			removed += CountWords(text)
		default:
			kind = storywatch.OpInsert
			added += CountWords(text)
		}
		ops = append(ops, storywatch.DiffOp{Op: kind, Text: text})
	}
	return ops, added, removed
}

// seg is a run of tokens with one operation.
type seg struct {
	op   diffmatchpatch.Operation
	toks []string
}

// cleanupSemantic is a token-level take on diff-match-patch's semantic
// cleanup: a whitespace-only equality squeezed between edits on both sides
// (" " in "[-Twenty-]{+Thirty+} [-people-]{+men+}") is folded into them, so
// the edit reads "[-Twenty people-]{+Thirty men+}". Equalities holding a
// word or punctuation stay: they anchor the reader. Running go-diff's own
// cleanup on rebuilt text would split words at character level instead.
func cleanupSemantic(segs []seg) []seg {
	segs = mergeSegs(segs)
	// Folding keeps the neighbours edits, so one pass finds every case.
	out := make([]seg, 0, len(segs))
	for i, sg := range segs {
		if sg.op == diffmatchpatch.DiffEqual && i > 0 && i+1 < len(segs) && blank(sg.toks) {
			out = append(out, seg{op: diffmatchpatch.DiffDelete, toks: sg.toks}, seg{op: diffmatchpatch.DiffInsert, toks: sg.toks})
			continue
		}
		out = append(out, sg)
	}
	return mergeSegs(out)
}

func blank(toks []string) bool {
	for _, t := range toks {
		if strings.TrimSpace(t) != "" {
			return false
		}
	}
	return true
}

// mergeSegs joins neighbouring segments: equal runs together, and each run
// of edits into one delete followed by one insert.
func mergeSegs(segs []seg) []seg {
	var out []seg
	for i := 0; i < len(segs); {
		if segs[i].op == diffmatchpatch.DiffEqual {
			var toks []string
			for ; i < len(segs) && segs[i].op == diffmatchpatch.DiffEqual; i++ {
				toks = append(toks, segs[i].toks...)
			}
			if len(toks) > 0 {
				out = append(out, seg{op: diffmatchpatch.DiffEqual, toks: toks})
			}
			continue
		}
		var del, ins []string
		for ; i < len(segs) && segs[i].op != diffmatchpatch.DiffEqual; i++ {
			if segs[i].op == diffmatchpatch.DiffDelete {
				del = append(del, segs[i].toks...)
			} else {
				ins = append(ins, segs[i].toks...)
			}
		}
		if len(del) > 0 {
			out = append(out, seg{op: diffmatchpatch.DiffDelete, toks: del})
		}
		if len(ins) > 0 {
			out = append(out, seg{op: diffmatchpatch.DiffInsert, toks: ins})
		}
	}
	return out
}

// interner maps distinct strings to runes so go-diff can align sequences of
// paragraphs, sentences or tokens (the line-mode technique of
// diff-match-patch). Runes skip the surrogate range, which Go strings cannot
// hold.
type interner struct {
	ids map[string]rune
}

func (in *interner) runes(toks []string) []rune {
	if in.ids == nil {
		in.ids = map[string]rune{}
	}
	out := make([]rune, len(toks))
	for i, t := range toks {
		r, ok := in.ids[t]
		if !ok {
			n := len(in.ids)
			if n >= 0xD800 {
				n += 0x800
			}
			r = rune(n)
			in.ids[t] = r
		}
		out[i] = r
	}
	return out
}

// run is n consecutive elements with one operation.
type run struct {
	op diffmatchpatch.Operation
	n  int
}

// align diffs two rune sequences exactly when the part between their common
// prefix and suffix has at most limit elements; otherwise that middle becomes
// one delete and one insert. Either way the result is a correct edit script.
func align(a, b []rune, limit int) []run {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var runs []run
	add := func(op diffmatchpatch.Operation, n int) {
		if n == 0 {
			return
		}
		if k := len(runs) - 1; k >= 0 && runs[k].op == op {
			runs[k].n += n
			return
		}
		runs = append(runs, run{op, n})
	}
	add(diffmatchpatch.DiffEqual, pre)
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	// Beyond the largest id the rune encoding can hold, fall back as well.
	if len(ma)+len(mb) > limit || len(ma)+len(mb) > 0x10F000 {
		add(diffmatchpatch.DiffDelete, len(ma))
		add(diffmatchpatch.DiffInsert, len(mb))
	} else if len(ma)+len(mb) > 0 {
		dmp := diffmatchpatch.New()
		dmp.DiffTimeout = 0 // deterministic: sizes are bounded above instead
		for _, d := range dmp.DiffMainRunes(ma, mb, false) {
			add(d.Type, utf8.RuneCountInString(d.Text))
		}
	}
	add(diffmatchpatch.DiffEqual, suf)
	return runs
}
