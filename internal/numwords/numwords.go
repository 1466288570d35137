// Package numwords reads the numbers of news prose: digits with separators
// ("1,200", "1.2 million"), number words ("thirty-nine", "a dozen",
// "one hundred and twenty"), vague quantities ("hundreds", "several dozen")
// and the qualifiers in front of them ("at least", "nearly", "between 20 and
// 30"). It works on lower-cased word tokens so that the caller's tokenizer
// decides what a word is; Parse is a convenience over a plain string.
package numwords

import (
	"strconv"
	"strings"
)

// Approximation of a number, with the same spelling as storywatch.Approx.
const (
	Exact    = "exact"
	AtLeast  = "at_least"
	MoreThan = "more_than"
	AtMost   = "at_most"
	UpTo     = "up_to"
	About    = "about"
	Nearly   = "nearly"
	Range    = "range"
	Vague    = "vague"
)

// Number is a parsed quantity. Value is set for everything but ranges and
// vague quantities; Min/Max are set for ranges and for vague quantities
// with an implied bound ("hundreds" → Min 200).
type Number struct {
	Value    int
	HasValue bool
	Min, Max int
	HasMin   bool
	HasMax   bool
	Approx   string
	// Additional marks "another 3" / "a further 3": an increment, not a total.
	Additional bool
	// Ordinal marks "a third" / "a fifth person": Value is the position,
	// which reads as one more individual or as a running total.
	Ordinal bool
}

// maxValue bounds every value so arithmetic on hostile input cannot overflow.
const maxValue = 1_000_000_000_000

var units = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19,
}

var tens = map[string]int{
	"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

var scales = map[string]int{
	"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
	"m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "k": 1000,
}

var ordinals = map[string]int{
	"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
	"seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}

// vagueWords maps plural scale words to their implied minimum.
var vagueWords = map[string]int{
	"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000,
	"millions": 2_000_000,
}

type qualifier struct {
	words  []string
	approx string
}

// qualifiers are tried longest first.
var qualifiers = []qualifier{
	{[]string{"no", "fewer", "than"}, AtLeast},
	{[]string{"no", "less", "than"}, AtLeast},
	{[]string{"not", "less", "than"}, AtLeast},
	{[]string{"not", "fewer", "than"}, AtLeast},
	{[]string{"a", "minimum", "of"}, AtLeast},
	{[]string{"at", "least"}, AtLeast},
	{[]string{"in", "excess", "of"}, MoreThan},
	{[]string{"upwards", "of"}, MoreThan},
	{[]string{"well", "over"}, MoreThan},
	{[]string{"more", "than"}, MoreThan},
	{[]string{"greater", "than"}, MoreThan},
	{[]string{"over"}, MoreThan},
	{[]string{"just", "under"}, Nearly},
	{[]string{"just", "short", "of"}, Nearly},
	{[]string{"close", "to"}, Nearly},
	{[]string{"nearly"}, Nearly},
	{[]string{"almost"}, Nearly},
	{[]string{"no", "more", "than"}, AtMost},
	{[]string{"not", "more", "than"}, AtMost},
	{[]string{"a", "maximum", "of"}, AtMost},
	{[]string{"at", "most"}, AtMost},
	{[]string{"fewer", "than"}, AtMost},
	{[]string{"less", "than"}, AtMost},
	{[]string{"under"}, AtMost},
	{[]string{"up", "to"}, UpTo},
	{[]string{"as", "many", "as"}, UpTo},
	{[]string{"as", "high", "as"}, UpTo},
	{[]string{"an", "estimated"}, About},
	{[]string{"approximately"}, About},
	{[]string{"roughly"}, About},
	{[]string{"around"}, About},
	{[]string{"about"}, About},
	{[]string{"some"}, About},
	{[]string{"estimated"}, About},
	{[]string{"circa"}, About},
	{[]string{"approx"}, About},
}

// starters are the words a number phrase can begin with, besides digits.
var starters = map[string]bool{}

func init() {
	for w := range units {
		starters[w] = true
	}
	for w := range tens {
		starters[w] = true
	}
	for w := range vagueWords {
		starters[w] = true
	}
	for _, q := range qualifiers {
		starters[q.words[0]] = true
	}
	for _, w := range []string{"a", "an", "another", "between", "half", "several", "tens", "one"} {
		starters[w] = true
	}
}

// MayStart reports whether a number phrase can start with the lower-cased
// word w; callers use it to skip ParseWords on most words.
func MayStart(w string) bool {
	if w == "" {
		return false
	}
	if w[0] >= '0' && w[0] <= '9' {
		return true
	}
	if starters[w] {
		return true
	}
	if i := strings.IndexByte(w, '-'); i > 0 {
		return tens[w[:i]] > 0
	}
	return false
}

// Parse reads a number phrase that makes up the start of s ("at least 4
// people" → 4, at_least). It reports false when s does not start with one.
func Parse(s string) (Number, bool) {
	n, used := ParseWords(Words(s))
	return n, used > 0
}

// Words splits s into lower-cased word tokens the way ParseWords expects:
// letters, digits and the separators inside numbers stay together, every
// other character separates.
func Words(s string) []string {
	var out []string
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == ',', r == '.', r == '-', r == '+', r > 127:
			return false
		}
		return true
	})
	for _, w := range f {
		w = strings.Trim(w, ",.")
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// ParseWords reads a number phrase at the start of words (lower-cased
// tokens) and returns it with the number of tokens it used; used is 0 when
// there is no number there.
func ParseWords(words []string) (Number, int) {
	if len(words) == 0 {
		return Number{}, 0
	}
	// "between X and Y", "from X to Y" are ranges.
	if words[0] == "between" {
		if a, na := cardinal(words[1:]); na > 0 && 1+na < len(words) && words[1+na] == "and" {
			if b, nb := cardinal(words[2+na:]); nb > 0 && b >= a {
				return rangeOf(a, b), 2 + na + nb
			}
		}
		return Number{}, 0
	}
	for _, q := range qualifiers {
		if hasPrefix(words, q.words) {
			n, used := plain(words[len(q.words):])
			if used == 0 || !n.HasValue {
				continue
			}
			if n.Approx == Range {
				return n, len(q.words) + used
			}
			n.Approx = q.approx
			return n, len(q.words) + used
		}
	}
	switch {
	case hasPrefix(words, []string{"another"}), hasPrefix(words, []string{"a", "further"}), hasPrefix(words, []string{"an", "additional"}):
		skip := 1
		if words[0] != "another" {
			skip = 2
		}
		if n, used := plain(words[skip:]); used > 0 {
			n.Additional = true
			return n, skip + used
		}
		return Number{}, 0
	}
	return plain(words)
}

// plain reads a number without a leading qualifier, including ranges
// ("20 to 30", "two or three") and vague quantities.
func plain(words []string) (Number, int) {
	if len(words) == 0 {
		return Number{}, 0
	}
	if n, used := vague(words); used > 0 {
		return n, used
	}
	// Ordinals: "a third", "a fifth person" — Value is the position.
	if len(words) >= 2 && words[0] == "a" && ordinals[words[1]] > 0 {
		return Number{Value: ordinals[words[1]], HasValue: true, Approx: Exact, Ordinal: true}, 2
	}
	// "20-30" as one token.
	if i := strings.IndexByte(words[0], '-'); i > 0 && isDigits(words[0][:i]) {
		a, okA := digits(words[0][:i])
		b, okB := digits(words[0][i+1:])
		if okA && okB && b > a {
			return rangeOf(a, b), 1
		}
	}
	a, na := cardinal(words)
	if na == 0 {
		return Number{}, 0
	}
	// "twenty to thirty", "two or three" — only when the second part is a number too.
	if na < len(words) && (words[na] == "to" || words[na] == "or") {
		if b, nb := cardinal(words[na+1:]); nb > 0 && b > a {
			return rangeOf(a, b), na + 1 + nb
		}
	}
	n := Number{Value: a, HasValue: true, Approx: Exact}
	if strings.HasSuffix(words[0], "+") {
		n.Approx = AtLeast
	}
	if na+1 < len(words) && words[na] == "or" && (words[na+1] == "so" || words[na+1] == "more") {
		if words[na+1] == "so" {
			n.Approx = About
		} else {
			n.Approx = AtLeast
		}
		na += 2
	}
	return n, na
}

func vague(words []string) (Number, int) {
	w := words[0]
	// "tens of thousands", "hundreds of thousands".
	if len(words) >= 3 && words[1] == "of" {
		big := strings.TrimSuffix(words[2], "s")
		if s, ok := scales[big]; ok && s >= 1000 && len(big) > 2 {
			if lo, ok := vagueWords[w]; ok {
				return vagueMin(clamp(lo * s)), 3
			}
			if w == "tens" {
				return vagueMin(clamp(20 * s)), 3
			}
		}
	}
	if lo, ok := vagueWords[w]; ok {
		return vagueMin(lo), 1
	}
	// "several dozen", "a few hundred", "several".
	lead := 0
	lo := 0
	switch {
	case w == "several":
		lead, lo = 1, 3
	case w == "a" && len(words) > 1 && words[1] == "few":
		lead, lo = 2, 2
	case w == "a" && len(words) > 1 && words[1] == "handful":
		lead, lo = 2, 2
		if len(words) > 2 && words[2] == "of" {
			lead = 3
		}
		return vagueMin(lo), lead
	case w == "a" && len(words) > 2 && words[1] == "number" && words[2] == "of":
		return vagueMin(2), 3
	}
	if lead == 0 {
		return Number{}, 0
	}
	if lead < len(words) {
		switch words[lead] {
		case "dozen":
			return vagueMin(lo * 12), lead + 1
		case "hundred", "thousand", "million":
			return vagueMin(clamp(lo * scales[words[lead]])), lead + 1
		}
	}
	return vagueMin(lo), lead
}

func vagueMin(lo int) Number {
	return Number{Min: lo, HasMin: true, Approx: Vague}
}

func rangeOf(a, b int) Number {
	return Number{Min: a, Max: b, HasMin: true, HasMax: true, Approx: Range}
}

// cardinal reads an exact number: digits (with scale words) or number words.
func cardinal(words []string) (int, int) {
	if len(words) == 0 {
		return 0, 0
	}
	w := strings.TrimSuffix(words[0], "+")
	// "1.2 million", "1,200", "12m".
	if w != "" && w[0] >= '0' && w[0] <= '9' {
		return digitPhrase(w, words[1:])
	}
	// "a dozen", "half a dozen", "a hundred", "two dozen".
	switch {
	case w == "a" || w == "one":
		if len(words) > 1 && words[1] == "dozen" {
			return 12, 2
		}
		if w == "a" {
			if len(words) > 1 {
				if _, ok := scales[words[1]]; ok && len(words[1]) > 2 {
					v, n := wordsValue(append([]string{"one"}, words[1:]...))
					if n > 1 {
						return v, n
					}
				}
			}
			return 0, 0
		}
	case w == "half" && len(words) > 2 && words[1] == "a" && words[2] == "dozen":
		return 6, 3
	}
	v, n := wordsValue(words)
	if n > 0 && n < len(words) && words[n] == "dozen" {
		return clamp(v * 12), n + 1
	}
	return v, n
}

// wordsValue reads "one hundred and twenty-three thousand four hundred".
func wordsValue(words []string) (int, int) {
	total, cur, used := 0, 0, 0
	seen := false
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == "and" && seen && i+1 < len(words) {
			if _, ok := smallWord(words[i+1]); ok && cur%100 == 0 && (cur > 0 || total > 0) {
				continue
			}
			break
		}
		if v, ok := smallWord(w); ok {
			if seen && cur%100 != 0 && (v < 100) {
				// "two three" is two numbers, not one.
				if !(cur%10 == 0 && cur%100 >= 20 && v < 10) {
					break
				}
			}
			cur += v
			seen = true
			used = i + 1
			continue
		}
		if s, ok := scales[w]; ok && seen && len(w) > 2 {
			if s == 100 {
				if cur == 0 {
					cur = 1
				}
				cur = clamp(cur * 100)
			} else {
				total = clamp(total + clamp(cur*s))
				cur = 0
			}
			used = i + 1
			continue
		}
		break
	}
	if !seen {
		return 0, 0
	}
	return clamp(total + cur), used
}

// smallWord reads 0–99 including hyphenated "thirty-nine".
func smallWord(w string) (int, bool) {
	if v, ok := units[w]; ok {
		return v, true
	}
	if v, ok := tens[w]; ok {
		return v, true
	}
	if i := strings.IndexByte(w, '-'); i > 0 {
		t, ok1 := tens[w[:i]]
		u, ok2 := units[w[i+1:]]
		if ok1 && ok2 && u > 0 && u < 10 {
			return t + u, true
		}
	}
	return 0, false
}

func digitPhrase(w string, rest []string) (int, int) {
	// A trailing scale letter glued on: "12m", "1.5bn", "3k".
	for _, suf := range []string{"bn", "mn", "m", "k"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf) {
			if f, ok := decimal(strings.TrimSuffix(w, suf)); ok {
				return clampF(f * float64(scales[suf])), 1
			}
			return 0, 0
		}
	}
	if len(rest) > 0 {
		if s, ok := scales[rest[0]]; ok && len(rest[0]) > 2 {
			if f, ok := decimal(w); ok {
				return clampF(f * float64(s)), 2
			}
		}
	}
	v, ok := digits(w)
	if !ok {
		return 0, 0
	}
	return v, 1
}

// digits reads "1200", "1,200" or "1.200.000"-free plain integers; thousands
// separators must be well placed so that "3,4" is not a number.
func digits(w string) (int, bool) {
	if w == "" || len(w) > 19 {
		return 0, false
	}
	if strings.Contains(w, ",") {
		parts := strings.Split(w, ",")
		if len(parts[0]) == 0 || len(parts[0]) > 3 {
			return 0, false
		}
		for _, p := range parts[1:] {
			if len(p) != 3 {
				return 0, false
			}
		}
		w = strings.ReplaceAll(w, ",", "")
	}
	if !isDigits(w) {
		return 0, false
	}
	v, err := strconv.Atoi(w)
	if err != nil || v > maxValue {
		return 0, false
	}
	return v, true
}

func decimal(w string) (float64, bool) {
	w = strings.ReplaceAll(w, ",", "")
	if w == "" || len(w) > 19 {
		return 0, false
	}
	for i := 0; i < len(w); i++ {
		if (w[i] < '0' || w[i] > '9') && w[i] != '.' {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(w, 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func hasPrefix(words, p []string) bool {
	if len(words) < len(p) {
		return false
	}
	for i := range p {
		if words[i] != p[i] {
			return false
		}
	}
	return true
}

func clamp(v int) int {
	if v > maxValue || v < 0 {
		return maxValue
	}
	return v
}

func clampF(f float64) int {
	if f > maxValue || f < 0 || f != f {
		return maxValue
	}
	return int(f + 0.5)
}
