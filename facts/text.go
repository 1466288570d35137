package facts

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations never end a sentence when followed by a period.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "sgt": true,
	"pc": true, "det": true, "insp": true, "supt": true, "lt": true, "col": true,
	"gen": true, "capt": true, "cpl": true, "rev": true, "prof": true, "jr": true,
	"sr": true, "no": true, "gov": true, "sen": true, "rep": true, "ave": true,
	"rd": true, "mt": true, "ft": true, "co": true, "corp": true, "inc": true,
	"ltd": true, "vs": true, "etc": true, "approx": true, "est": true, "dept": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"cmdr": true, "maj": true, "sgts": true, "messrs": true, "fr": true, "hon": true,
	"pte": true, "adm": true, "brig": true, "cllr": true, "supt.": true, "a.m": true,
	"p.m": true, "u.s": true, "u.k": true, "u.n": true, "e.g": true, "i.e": true,
}

// splitSentences cuts a block of text into sentences. It survives "Mr.",
// "U.S.", "St.", initials ("J. Smith") and decimals, and keeps a closing
// quote with the sentence it ends.
func splitSentences(s string) []string {
	var out []string
	start := 0
	n := len(s)
	for i := 0; i < n; i++ {
		c := s[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		// Swallow runs of terminators and closing quotes/brackets.
		for j < n {
			if s[j] == '.' || s[j] == '!' || s[j] == '?' || s[j] == '"' || s[j] == '\'' || s[j] == ')' {
				j++
				continue
			}
			if r, sz := utf8.DecodeRuneInString(s[j:]); r == '”' || r == '’' {
				j += sz
				continue
			}
			break
		}
		if j < n && s[j] != ' ' && s[j] != '\n' && s[j] != '\t' {
			continue
		}
		if c == '.' && !periodEnds(s, i) {
			continue
		}
		// The next sentence must start with an upper-case letter, digit or quote.
		k := j
		for k < n && (s[k] == ' ' || s[k] == '\n' || s[k] == '\t') {
			k++
		}
		if k < n {
			r, _ := utf8.DecodeRuneInString(s[k:])
			if !(unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '\'' || r == '‘' || r == '(') {
				continue
			}
		}
		if t := strings.TrimSpace(s[start:j]); t != "" {
			out = append(out, t)
		}
		start = j
		i = j - 1
	}
	if t := strings.TrimSpace(s[start:]); t != "" {
		out = append(out, t)
	}
	return out
}

// periodEnds reports whether the period at s[i] ends a sentence, looking at
// the word in front of it.
func periodEnds(s string, i int) bool {
	b := i
	for b > 0 && i-b < 24 {
		r, sz := utf8.DecodeLastRuneInString(s[:b])
		if unicode.IsLetter(r) || r == '.' {
			b -= sz
			continue
		}
		break
	}
	word := strings.ToLower(s[b:i])
	if word == "" {
		return true
	}
	if abbreviations[word] {
		return false
	}
	// Initials and dotted acronyms: "J.", "U.S.", "a.m."
	if strings.Contains(word, ".") {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(s[b:i])
		return !unicode.IsUpper(r)
	}
	return true
}

// token is one word or punctuation mark of a sentence.
type token struct {
	text  string // as written
	low   string // lower case, curly apostrophes straightened
	start int    // byte offset in the sentence
	end   int
	cap   bool // starts with an upper-case letter
	word  bool // letters or digits (not punctuation)
}

// tokenize splits a sentence into words and punctuation. Hyphenated words
// ("52-year-old", "thirty-nine"), apostrophes ("O'Brien"), dotted acronyms
// ("U.S.") and numbers with separators ("1,200", "1.5") stay one token.
func tokenize(s string) []token {
	var toks []token
	i := 0
	n := len(s)
	for i < n {
		r, sz := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += sz
			continue
		}
		if isWordRune(r) {
			j := i + sz
			for j < n {
				r2, sz2 := utf8.DecodeRuneInString(s[j:])
				if isWordRune(r2) {
					j += sz2
					continue
				}
				// Joiners inside a word: - ' ’ . , (the last two only between digits
				// or for dotted acronyms).
				if j+sz2 < n {
					next, _ := utf8.DecodeRuneInString(s[j+sz2:])
					prev, _ := utf8.DecodeLastRuneInString(s[:j])
					switch r2 {
					case '-', '\'', '’', '‑':
						if isWordRune(next) {
							j += sz2
							continue
						}
					case ',':
						if unicode.IsDigit(prev) && unicode.IsDigit(next) {
							j += sz2
							continue
						}
					case '.':
						if unicode.IsDigit(prev) && unicode.IsDigit(next) {
							j += sz2
							continue
						}
						if unicode.IsUpper(prev) && unicode.IsUpper(next) && j-i <= 3 {
							j += sz2
							continue
						}
					}
				}
				break
			}
			// A dotted acronym keeps its final period: "U.S.", and so does a
			// title: "Dr.", "St."
			if j < n && s[j] == '.' && (strings.Contains(s[i:j], ".") && j-i <= 5 || abbreviations[strings.ToLower(s[i:j])]) {
				j++
			}
			if j < n && s[j] == '+' {
				j++
			}
			text := s[i:j]
			low := lower(text)
			toks = append(toks, token{text: text, low: low, start: i, end: j, cap: unicode.IsUpper(r), word: true})
			i = j
			continue
		}
		text := s[i : i+sz]
		low := text
		switch r {
		case '“', '”', '„':
			low = "\""
		case '‘', '’':
			low = "'"
		case '—', '–':
			low = "-"
		}
		toks = append(toks, token{text: text, low: low, start: i, end: i + sz})
		i += sz
	}
	return toks
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// possessive strips "'s" from a token.
func possessive(s string) string {
	return strings.TrimSuffix(strings.TrimSuffix(s, "'s"), "’s")
}

// lower lower-cases a token and straightens curly apostrophes, without
// allocating for the common all-lower-case ASCII word.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(strings.ReplaceAll(s, "’", "'"))
		}
	}
	return s
}
