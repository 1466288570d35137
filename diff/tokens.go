package diff

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentences splits one paragraph into sentences. Whitespace is collapsed
// first, and a split happens only where whitespace follows the end of a
// sentence, so strings.Join(Sentences(p), " ") gives back the collapsed
// paragraph exactly. Titles ("Mr.", "St."), initials ("J."), initialisms
// ("U.S.", "p.m.") and a lowercase next word do not end a sentence.
func Sentences(paragraph string) []string {
	p := collapse(paragraph)
	if p == "" {
		return nil
	}
	var out []string
	start := 0
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRuneInString(p[i:])
		i += size
		if !isTerminator(r) {
			continue
		}
		// Swallow further terminators and closing quotes/brackets: `?!`, `."`, `.)`.
		end := i
		for end < len(p) {
			r2, s2 := utf8.DecodeRuneInString(p[end:])
			if !isTerminator(r2) && !isCloser(r2) {
				break
			}
			end += s2
		}
		i = end
		if end >= len(p) || p[end] != ' ' {
			continue
		}
		if !endsSentence(p[start:end], p[end+1:], r) {
			continue
		}
		out = append(out, p[start:end])
		start = end + 1
	}
	if start < len(p) {
		out = append(out, p[start:])
	}
	return out
}

func isTerminator(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '。', '！', '？', '‼', '⁇', '⁈', '⁉':
		return true
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '›', ')', ']', '」', '』':
		return true
	}
	return false
}

// titles are abbreviations that usually precede a name or number, so a
// capitalised word after them does not start a new sentence.
var titles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "mx": true, "dr": true, "st": true, "prof": true,
	"sen": true, "rep": true, "gov": true, "gen": true, "col": true, "lt": true, "sgt": true,
	"capt": true, "cpt": true, "maj": true, "cmdr": true, "insp": true, "det": true, "supt": true,
	"rev": true, "fr": true, "hon": true, "mt": true, "ft": true, "no": true, "nos": true,
	"vol": true, "pp": true, "fig": true, "approx": true, "vs": true, "ave": true, "rd": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "cf": true, "al": true,
}

// starters are words that, after an initialism such as "U.S." or "p.m.",
// almost always begin a new sentence.
var starters = map[string]bool{
	"The": true, "A": true, "An": true, "He": true, "She": true, "It": true, "They": true,
	"We": true, "I": true, "You": true, "But": true, "And": true, "Yet": true, "So": true,
	"This": true, "That": true, "These": true, "Those": true, "There": true, "Its": true,
	"His": true, "Her": true, "Their": true, "Our": true, "In": true, "On": true, "At": true,
	"After": true, "Before": true, "When": true, "While": true, "Police": true, "Officials": true,
	"However": true, "Meanwhile": true, "Earlier": true, "Later": true, "No": true,
}

// endsSentence decides whether the candidate sentence `before` (ending in
// terminator term, possibly followed by closers) ends, given the text after
// the following space.
func endsSentence(before, after string, term rune) bool {
	next, _ := utf8.DecodeRuneInString(after)
	// Opening quotes/brackets before the next word.
	rest := after
	for rest != "" {
		r, s := utf8.DecodeRuneInString(rest)
		if !strings.ContainsRune("\"'“‘«‹([¿¡", r) {
			next = r
			break
		}
		rest = rest[s:]
	}
	if unicode.IsLower(next) {
		return false
	}
	if term != '.' {
		return true
	}
	word := lastWord(before)
	if word == "" {
		return true
	}
	bare := strings.TrimRight(word, ".")
	if titles[strings.ToLower(bare)] {
		return false
	}
	// A single capital letter is an initial ("John F. Kennedy").
	if r, s := utf8.DecodeRuneInString(bare); s == len(bare) && unicode.IsUpper(r) {
		return false
	}
	// Initialisms ("U.S.", "a.m.", "e.g."): letters separated by periods.
	if isInitialism(bare) {
		return starters[firstWord(rest)]
	}
	return true
}

func lastWord(s string) string {
	s = strings.TrimRightFunc(s, isCloser)
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		s = s[i+1:]
	}
	return strings.TrimLeft(s, "\"'“‘«‹([")
}

func firstWord(s string) string {
	if i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		return s[:i]
	}
	return s
}

func isInitialism(s string) bool {
	if !strings.Contains(s, ".") {
		return false
	}
	for part := range strings.SplitSeq(s, ".") {
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
		if r, _ := utf8.DecodeRuneInString(part); !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// collapse makes text valid UTF-8 and collapses every whitespace run to one
// space, trimming the ends. Text that is already clean (the tracker
// normalizes versions) is returned as is without allocating.
func collapse(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	prevSpace := true
	for i := 0; i < len(s); {
		c := s[i]
		var sp bool
		if c < utf8.RuneSelf {
			sp = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
			i++
		} else {
			r, n := utf8.DecodeRuneInString(s[i:])
			sp = unicode.IsSpace(r)
			c = 0 // not a plain space
			i += n
		}
		if sp && (c != ' ' || prevSpace) {
			return strings.Join(strings.Fields(s), " ")
		}
		prevSpace = sp
	}
	if prevSpace && s != "" {
		return strings.TrimRight(s, " ")
	}
	return s
}

// Tokens splits text into word-diff tokens: words (letters, digits and
// marks, with inner apostrophes and digit separators such as "1,200" and
// "3.5"), single CJK characters, whitespace runs, and single symbols or
// punctuation marks kept whole with their combining sequence (emoji with
// skin tones, ZWJ sequences and flags stay one token). Concatenating the
// tokens gives back the input.
func Tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		n := tokenLen(s[i:])
		out = append(out, s[i:i+n])
		i += n
	}
	return out
}

func tokenLen(s string) int {
	r, n := utf8.DecodeRuneInString(s)
	if r < utf8.RuneSelf && isWordRune(r) {
		// ASCII fast path of the common word.
		for n < len(s) && s[n] < utf8.RuneSelf && isWordRune(rune(s[n])) {
			n++
		}
		if n == len(s) || (s[n] != '\'' && s[n] != ',' && s[n] != '.' && s[n] < utf8.RuneSelf) {
			return n
		}
		n = 0
	}
	r, n = utf8.DecodeRuneInString(s)
	switch {
	case unicode.IsSpace(r):
		for n < len(s) {
			r2, s2 := utf8.DecodeRuneInString(s[n:])
			if !unicode.IsSpace(r2) {
				break
			}
			n += s2
		}
		return n
	case isCJK(r):
		return n + extenders(s[n:])
	case isWordRune(r):
		for n < len(s) {
			r2, s2 := utf8.DecodeRuneInString(s[n:])
			if isWordRune(r2) && !isCJK(r2) {
				n += s2
				continue
			}
			// Inner joiners: don't, 1,200, 3.5.
			if r2 == '\'' || r2 == '’' || r2 == ',' || r2 == '.' {
				prev, _ := utf8.DecodeLastRuneInString(s[:n])
				next, s3 := utf8.DecodeRuneInString(s[n+s2:])
				apos := r2 != ',' && r2 != '.'
				if s3 > 0 && ((apos && unicode.IsLetter(prev) && unicode.IsLetter(next)) ||
					(!apos && unicode.IsDigit(prev) && unicode.IsDigit(next))) {
					n += s2
					continue
				}
			}
			break
		}
		return n
	case r >= 0x1F1E6 && r <= 0x1F1FF: // regional indicator: a flag is a pair
		if r2, s2 := utf8.DecodeRuneInString(s[n:]); r2 >= 0x1F1E6 && r2 <= 0x1F1FF {
			n += s2
		}
		return n + extenders(s[n:])
	default:
		return n + extenders(s[n:])
	}
}

// extenders returns the byte length of the combining sequence at the start
// of s: variation selectors, skin-tone modifiers, combining marks, keycaps,
// tag characters and ZWJ-joined symbols.
func extenders(s string) int {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		switch {
		case r == 0x200D: // ZWJ: the next rune belongs to this cluster
			n += size
			if n < len(s) {
				_, s2 := utf8.DecodeRuneInString(s[n:])
				n += s2
			}
		case r == 0xFE0F || r == 0xFE0E || r == 0x20E3,
			r >= 0x1F3FB && r <= 0x1F3FF,
			r >= 0xE0020 && r <= 0xE007F,
			unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r):
			n += size
		default:
			return n
		}
	}
	return n
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me)
}

func isCJK(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)
}

// isWord reports whether a token counts as a word in the statistics:
// letters, digits and pictographic symbols (an inserted emoji is content).
func isWord(tok string) bool {
	r, _ := utf8.DecodeRuneInString(tok)
	return isWordRune(r) || unicode.Is(unicode.So, r) || (r >= 0x1F1E6 && r <= 0x1F1FF)
}

// CountWords counts the words of s as the statistics do.
func CountWords(s string) int {
	n := 0
	for i := 0; i < len(s); {
		l := tokenLen(s[i:])
		if isWord(s[i : i+l]) {
			n++
		}
		i += l
	}
	return n
}
