package diff

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"strings"
	"unicode"

	"github.com/storywatch/storywatch"
)

// RenderOptions tune the text and HTML renderers.
type RenderOptions struct {
	// Color uses ANSI colours instead of [-…-]{+…+} markers (text only).
	// The caller decides: off when stdout is not a terminal or NO_COLOR is set.
	Color bool
	// Context is how many unchanged paragraphs are shown around each changed
	// one; a negative value shows every paragraph. The headline is always shown.
	Context int
}

// ANSI escape sequences of the colour renderer.
const (
	ansiDel   = "\x1b[31m"
	ansiIns   = "\x1b[32m"
	ansiMove  = "\x1b[36m"
	ansiFaint = "\x1b[2m"
	ansiReset = "\x1b[0m"
)

// lineKind classifies one rendered paragraph.
type lineKind int

const (
	lineSame lineKind = iota
	lineDeleted
	lineInserted
	lineMixed
	lineMovedFrom
	lineMovedTo
)

// line is one paragraph of the unified view: its sentence ops, and the
// paragraph-break edit shown at its end when no neighbouring whole-paragraph
// insert/delete explains it.
type line struct {
	ops      []storywatch.DiffOp
	idx      []int // op index of each op, for move pairs
	kind     lineKind
	breakOp  storywatch.DiffOpKind // "" or the op of an unexplained break edit after it
	oldNo    int                   // 1-based body paragraph position on each side
	newNo    int
	headline bool
}

func lines(d storywatch.TextDiff) []line {
	var out []line
	cur := line{headline: true}
	var breaks []storywatch.DiffOpKind // the break op after each line
	for i, op := range d.Ops {
		if op.Text == ParagraphBreak && op.Op != storywatch.OpChange && op.Op != storywatch.OpMove {
			out = append(out, cur)
			breaks = append(breaks, op.Op)
			cur = line{}
			continue
		}
		if op.Op == storywatch.OpMove && len(cur.ops) > 0 && !cur.headline {
			// A moved paragraph is always a line of its own, even where no
			// break separates it from a neighbouring insert or delete.
			out = append(out, cur)
			breaks = append(breaks, storywatch.OpEqual)
			cur = line{}
		}
		cur.ops = append(cur.ops, op)
		cur.idx = append(cur.idx, i)
		if op.Op == storywatch.OpMove && i+1 < len(d.Ops) && d.Ops[i+1].Text != ParagraphBreak {
			out = append(out, cur)
			breaks = append(breaks, storywatch.OpEqual)
			cur = line{}
		}
	}
	out = append(out, cur)
	breaks = append(breaks, storywatch.OpEqual)

	// Paragraph numbers per side: a display line starts a new paragraph of a
	// side when the break before it exists on that side (a split or merged
	// paragraph spans two lines on one side).
	oldNo, newNo := 0, 0
	oldOpen, newOpen := false, false // a paragraph of that side continues
	for i := range out {
		l := &out[i]
		l.kind = classify(l.ops)
		if l.headline {
			continue
		}
		// A break that exists on a side ends that side's paragraph.
		switch breaks[i-1] {
		case storywatch.OpEqual:
			oldOpen, newOpen = false, false
		case storywatch.OpDelete:
			oldOpen = false
		case storywatch.OpInsert:
			newOpen = false
		}
		hasOld := len(l.ops) > 0 && l.kind != lineInserted && l.kind != lineMovedTo
		hasNew := len(l.ops) > 0 && l.kind != lineDeleted && l.kind != lineMovedFrom
		if hasOld && !oldOpen {
			oldNo++
		}
		if hasNew && !newOpen {
			newNo++
		}
		l.oldNo, l.newNo = oldNo, newNo
		if !hasOld {
			l.oldNo = oldNo + 1
		}
		if !hasNew {
			l.newNo = newNo + 1
		}
		oldOpen = oldOpen || hasOld
		newOpen = newOpen || hasNew
	}
	for i := 0; i+1 < len(out); i++ {
		b := breaks[i]
		if b == storywatch.OpEqual || out[i].headline {
			continue
		}
		pure := lineDeleted
		if b == storywatch.OpInsert {
			pure = lineInserted
		}
		if explained(out[i].kind, pure) || explained(out[i+1].kind, pure) {
			continue
		}
		out[i].breakOp = b
		if out[i].kind == lineSame {
			out[i].kind = lineMixed
		}
	}
	return out
}

func explained(k, pure lineKind) bool {
	return k == pure || (pure == lineDeleted && k == lineMovedFrom) || (pure == lineInserted && k == lineMovedTo)
}

func classify(ops []storywatch.DiffOp) lineKind {
	if len(ops) == 0 {
		return lineSame
	}
	var del, ins, eq, other bool
	for _, op := range ops {
		switch op.Op {
		case storywatch.OpEqual:
			eq = true
		case storywatch.OpDelete:
			del = true
		case storywatch.OpInsert:
			ins = true
		case storywatch.OpMove:
			if IsMoveTarget(op) {
				return lineMovedTo
			}
			return lineMovedFrom
		default:
			other = true
		}
	}
	switch {
	case other || (del && ins) || ((del || ins) && eq):
		return lineMixed
	case del:
		return lineDeleted
	case ins:
		return lineInserted
	}
	return lineSame
}

// piece is a run of rendered text with one operation.
type piece struct {
	op   storywatch.DiffOpKind
	text string
}

// pieces flattens a paragraph's sentence ops into equal/delete/insert runs,
// with the space between two sentences inside the run when both sides of it
// are the same edit.
func pieces(l line) []piece {
	var ps []piece
	add := func(op storywatch.DiffOpKind, text string) {
		if text == "" {
			return
		}
		if k := len(ps) - 1; k >= 0 && ps[k].op == op {
			ps[k].text += text
			return
		}
		ps = append(ps, piece{op, text})
	}
	var prev storywatch.DiffOpKind
	for i, op := range l.ops {
		first := storywatch.OpEqual
		switch op.Op {
		case storywatch.OpDelete, storywatch.OpInsert:
			first = op.Op
		case storywatch.OpChange:
			if len(op.Words) > 0 && op.Words[0].Op != storywatch.OpEqual {
				first = op.Words[0].Op
			}
		}
		if i > 0 {
			sp := storywatch.OpEqual
			if prev == first && first != storywatch.OpEqual {
				sp = first
			}
			if prev != first && prev != storywatch.OpEqual && first != storywatch.OpEqual {
				// "[-a-] {+b+}": the space exists on both sides.
				sp = storywatch.OpEqual
			}
			add(sp, " ")
		}
		switch op.Op {
		case storywatch.OpChange:
			for _, w := range op.Words {
				add(w.Op, w.Text)
			}
			prev = storywatch.OpEqual
			if n := len(op.Words); n > 0 {
				prev = op.Words[n-1].Op
			}
		case storywatch.OpDelete, storywatch.OpInsert:
			add(op.Op, op.Text)
			prev = op.Op
		default:
			add(storywatch.OpEqual, op.Text)
			prev = storywatch.OpEqual
		}
	}
	return ps
}

// visible selects the lines to show: all changed ones, the headline, and
// Context unchanged lines around changes (all when Context < 0). A nil slot
// in the result marks a gap.
func visible(ls []line, context int) []*line {
	show := make([]bool, len(ls))
	for i := range ls {
		if context < 0 || ls[i].headline {
			show[i] = true
			continue
		}
		if ls[i].kind == lineSame {
			continue
		}
		for j := max(0, i-context); j <= min(len(ls)-1, i+context); j++ {
			show[j] = true
		}
	}
	var out []*line
	gap := false
	for i := range ls {
		if !show[i] {
			gap = true
			continue
		}
		if gap || (i > 0 && !show[i-1] && !ls[i].headline) {
			out = append(out, nil)
		}
		gap = false
		out = append(out, &ls[i])
	}
	return out
}

// RenderText writes the diff as a unified view, one paragraph per line.
// Prefixes: "#" headline, " " unchanged, "-" deleted, "+" inserted, "~"
// edited in place (inline [-old-]{+new+} words, or colours with
// opt.Color), "<" a paragraph moved away from here, ">" moved here. Gaps
// of unchanged paragraphs show as "@@ -old +new @@" with the paragraph
// numbers that follow. Control characters in the (untrusted) text are
// replaced so they cannot drive the terminal.
func RenderText(w io.Writer, d storywatch.TextDiff, opt RenderOptions) error {
	ls := lines(d)
	var b strings.Builder
	vis := visible(ls, opt.Context)
	for k, l := range vis {
		if l == nil {
			if k+1 < len(vis) && vis[k+1] != nil {
				n := vis[k+1]
				header := fmt.Sprintf("@@ -%d +%d @@", n.oldNo, n.newNo)
				if opt.Color {
					header = ansiFaint + header + ansiReset
				}
				b.WriteString(header + "\n")
			}
			continue
		}
		b.WriteString(textLine(l, ls, opt))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("render text diff: %w", err)
	}
	return nil
}

func textLine(l *line, all []line, opt RenderOptions) string {
	prefix := map[lineKind]string{
		lineSame: "  ", lineDeleted: "- ", lineInserted: "+ ", lineMixed: "~ ",
		lineMovedFrom: "< ", lineMovedTo: "> ",
	}[l.kind]
	if l.headline {
		prefix = "# "
	}
	var b strings.Builder
	b.WriteString(prefix)
	switch l.kind {
	case lineDeleted, lineInserted:
		color := ansiDel
		if l.kind == lineInserted {
			color = ansiIns
		}
		if l.headline {
			// The headline keeps inline markers: "# {+New headline+}".
			writeMarked(&b, piecesOf(l), opt)
			break
		}
		text := joinOps(l.ops)
		if opt.Color {
			b.WriteString(color + safe(text) + ansiReset)
		} else {
			b.WriteString(safe(text))
		}
	case lineMovedFrom, lineMovedTo:
		op := l.ops[0]
		note := ""
		if op.Pair != nil {
			if t := lineOfOp(all, *op.Pair); t != nil {
				if l.kind == lineMovedFrom {
					note = fmt.Sprintf(" (moved to paragraph %d)", t.newNo)
				} else {
					note = fmt.Sprintf(" (moved from paragraph %d)", t.oldNo)
				}
			}
		}
		if l.kind == lineMovedTo && !allEqual(op.Words) {
			var ps []piece
			for _, w := range op.Words {
				ps = append(ps, piece{w.Op, w.Text})
			}
			writeMarked(&b, ps, opt, ansiMove)
		} else if opt.Color {
			b.WriteString(ansiMove + safe(op.Text) + ansiReset)
		} else {
			b.WriteString(safe(op.Text))
		}
		b.WriteString(note)
	default:
		writeMarked(&b, piecesOf(l), opt)
	}
	switch l.breakOp {
	case storywatch.OpDelete:
		writeMarked(&b, []piece{{storywatch.OpEqual, " "}, {storywatch.OpDelete, "¶"}}, opt)
	case storywatch.OpInsert:
		writeMarked(&b, []piece{{storywatch.OpEqual, " "}, {storywatch.OpInsert, "¶"}}, opt)
	}
	return b.String()
}

func piecesOf(l *line) []piece { return pieces(*l) }

// writeMarked writes pieces with markers or colours; base is the colour of
// equal text (none when "").
func writeMarked(b *strings.Builder, ps []piece, opt RenderOptions, base ...string) {
	for _, p := range ps {
		t := safe(p.text)
		switch {
		case p.op == storywatch.OpEqual && opt.Color && len(base) > 0:
			b.WriteString(base[0] + t + ansiReset)
		case p.op == storywatch.OpDelete && opt.Color:
			b.WriteString(ansiDel + t + ansiReset)
		case p.op == storywatch.OpInsert && opt.Color:
			b.WriteString(ansiIns + t + ansiReset)
		case p.op == storywatch.OpDelete:
			b.WriteString("[-" + t + "-]")
		case p.op == storywatch.OpInsert:
			b.WriteString("{+" + t + "+}")
		default:
			b.WriteString(t)
		}
	}
}

func lineOfOp(ls []line, idx int) *line {
	for i := range ls {
		for _, k := range ls[i].idx {
			if k == idx {
				return &ls[i]
			}
		}
	}
	return nil
}

func allEqual(ops []storywatch.DiffOp) bool {
	for _, o := range ops {
		if o.Op != storywatch.OpEqual {
			return false
		}
	}
	return true
}

func joinOps(ops []storywatch.DiffOp) string {
	parts := make([]string, len(ops))
	for i, o := range ops {
		parts[i] = o.Text
	}
	return strings.Join(parts, " ")
}

// safe replaces control characters (ESC, C1 controls, DEL) so scraped text
// cannot inject terminal escape sequences (nor invalid characters into HTML).
func safe(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// RenderHTML writes the diff as an HTML fragment: one element per
// paragraph (the headline as <h1>), edits as <del>/<ins>. Every piece of
// text is escaped: scraped text is untrusted. Classes (sw-same, sw-deleted,
// sw-inserted, sw-changed, sw-moved-from, sw-moved-to, sw-gap) let a page
// style it; moved paragraphs link to each other by id.
func RenderHTML(w io.Writer, d storywatch.TextDiff, opt RenderOptions) error {
	ls := lines(d)
	var b strings.Builder
	b.WriteString(`<div class="sw-diff">` + "\n")
	class := map[lineKind]string{
		lineSame: "sw-same", lineDeleted: "sw-deleted", lineInserted: "sw-inserted", lineMixed: "sw-changed",
		lineMovedFrom: "sw-moved-from", lineMovedTo: "sw-moved-to",
	}
	vis := visible(ls, opt.Context)
	for k, l := range vis {
		if l == nil {
			if k+1 < len(vis) && vis[k+1] != nil {
				fmt.Fprintf(&b, `<p class="sw-gap">…</p>`+"\n")
			}
			continue
		}
		tag := "p"
		if l.headline {
			tag = "h1"
		}
		attrs := fmt.Sprintf(` class="%s"`, class[l.kind])
		var body strings.Builder
		switch l.kind {
		case lineMovedFrom, lineMovedTo:
			op := l.ops[0]
			attrs += fmt.Sprintf(` id="sw-op-%d"`, l.idx[0])
			inner := html.EscapeString(safe(op.Text))
			if l.kind == lineMovedTo && !allEqual(op.Words) {
				var ps []piece
				for _, w := range op.Words {
					ps = append(ps, piece{w.Op, w.Text})
				}
				inner = htmlPieces(ps)
			}
			elem := "del"
			if l.kind == lineMovedTo {
				elem = "ins"
			}
			if op.Pair != nil {
				fmt.Fprintf(&body, `<%s class="sw-moved"><a href="#sw-op-%d">%s</a></%s>`, elem, *op.Pair, inner, elem)
			} else {
				fmt.Fprintf(&body, `<%s class="sw-moved">%s</%s>`, elem, inner, elem)
			}
		default:
			body.WriteString(htmlPieces(pieces(*l)))
		}
		switch l.breakOp {
		case storywatch.OpDelete:
			body.WriteString(` <del class="sw-break">¶</del>`)
		case storywatch.OpInsert:
			body.WriteString(` <ins class="sw-break">¶</ins>`)
		}
		fmt.Fprintf(&b, "<%s%s>%s</%s>\n", tag, attrs, body.String(), tag)
	}
	b.WriteString("</div>\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("render html diff: %w", err)
	}
	return nil
}

func htmlPieces(ps []piece) string {
	var b strings.Builder
	for _, p := range ps {
		t := html.EscapeString(safe(p.text))
		switch p.op {
		case storywatch.OpDelete:
			b.WriteString("<del>" + t + "</del>")
		case storywatch.OpInsert:
			b.WriteString("<ins>" + t + "</ins>")
		default:
			b.WriteString(t)
		}
	}
	return b.String()
}

// RenderJSON writes the TextDiff itself (ops and stats) as indented JSON.
func RenderJSON(w io.Writer, d storywatch.TextDiff) error {
	if d.Ops == nil {
		d.Ops = []storywatch.DiffOp{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("render json diff: %w", err)
	}
	return nil
}

// Summary is a one-line human summary of a diff's statistics, such as
// "3 sentences changed, 1 added, +12/−4 words"; "no text change" when
// nothing changed.
func Summary(s storywatch.DiffStats) string {
	var parts []string
	plural := func(n int, what string) {
		if n == 0 {
			return
		}
		word := "sentences"
		if n == 1 {
			word = "sentence"
		}
		if len(parts) == 0 {
			parts = append(parts, fmt.Sprintf("%d %s %s", n, word, what))
		} else {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	plural(s.SentencesChanged, "changed")
	plural(s.SentencesAdded, "added")
	plural(s.SentencesRemoved, "removed")
	plural(s.SentencesMoved, "moved")
	if s.WordsAdded+s.WordsRemoved > 0 {
		parts = append(parts, fmt.Sprintf("+%d/−%d words", s.WordsAdded, s.WordsRemoved))
	}
	if len(parts) == 0 {
		return "no text change"
	}
	return strings.Join(parts, ", ")
}
