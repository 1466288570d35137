package numwords

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	type want struct {
		value, min, max int
		hasValue        bool
		approx          string
	}
	v := func(n int, a string) want { return want{value: n, hasValue: true, approx: a} }
	r := func(lo, hi int) want { return want{min: lo, max: hi, approx: Range} }
	vg := func(lo int) want { return want{min: lo, approx: Vague} }
	tests := []struct {
		in   string
		want want
	}{
		{"4 people", v(4, Exact)},
		{"1,200 residents", v(1200, Exact)},
		{"12,500", v(12500, Exact)},
		{"two", v(2, Exact)},
		{"thirty-nine victims", v(39, Exact)},
		{"twenty three", v(23, Exact)},
		{"one hundred and twenty", v(120, Exact)},
		{"two thousand five hundred", v(2500, Exact)},
		{"a hundred people", v(100, Exact)},
		{"a dozen people", v(12, Exact)},
		{"two dozen", v(24, Exact)},
		{"half a dozen", v(6, Exact)},
		{"1.2 million", v(1200000, Exact)},
		{"1.5m", v(1500000, Exact)},
		{"several dozen", vg(36)},
		{"dozens of people", vg(24)},
		{"hundreds", vg(200)},
		{"thousands", vg(2000)},
		{"tens of thousands", vg(20000)},
		{"hundreds of thousands", vg(200000)},
		{"several hundred", vg(300)},
		{"a few", vg(2)},
		{"several", vg(3)},
		{"more than 100", v(100, MoreThan)},
		{"over 50", v(50, MoreThan)},
		{"nearly 600", v(600, Nearly)},
		{"almost 70", v(70, Nearly)},
		{"at least 4", v(4, AtLeast)},
		{"at least four", v(4, AtLeast)},
		{"no fewer than 9", v(9, AtLeast)},
		{"up to 12", v(12, UpTo)},
		{"as many as 50", v(50, UpTo)},
		{"as high as 70", v(70, UpTo)},
		{"about 30", v(30, About)},
		{"an estimated 1,000", v(1000, About)},
		{"some 200", v(200, About)},
		{"fewer than ten", v(10, AtMost)},
		{"between 20 and 30", r(20, 30)},
		{"between twenty and thirty", r(20, 30)},
		{"20-30", r(20, 30)},
		{"20 to 30", r(20, 30)},
		{"two or three", r(2, 3)},
		{"100+", v(100, AtLeast)},
		{"30 or more", v(30, AtLeast)},
		{"a third", v(3, Exact)},
	}
	for _, tc := range tests {
		n, ok := Parse(tc.in)
		if !ok {
			t.Errorf("Parse(%q) = no number", tc.in)
			continue
		}
		got := want{approx: n.Approx, hasValue: n.HasValue}
		if n.HasValue {
			got.value = n.Value
		}
		if n.HasMin {
			got.min = n.Min
		}
		if n.HasMax {
			got.max = n.Max
		}
		if got != tc.want {
			t.Errorf("Parse(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{"", "people", "a man", "the", "52-year-old", "3,4", "over the weekend", "between them", "some people", "another man", "1,2345", "a"} {
		if n, ok := Parse(in); ok {
			t.Errorf("Parse(%q) = %+v, want no number", in, n)
		}
	}
}

func TestParseAdditional(t *testing.T) {
	n, ok := Parse("a further three people")
	if !ok || !n.Additional || n.Value != 3 {
		t.Fatalf("got %+v %v", n, ok)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"at least 4", "between 20 and 30", "thirty-nine", "1,200,000", "tens of thousands", "9999999999999999999 million", "a a a", "one hundred and and"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start := time.Now()
		n, _ := Parse(s)
		if n.Value < 0 || n.Min < 0 || n.Max < 0 {
			t.Fatalf("negative: %+v", n)
		}
		if n.Value > maxValue || n.Max > maxValue {
			t.Fatalf("overflow: %+v", n)
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("slow: %v for %d bytes", d, len(s))
		}
	})
}

func TestMayStartCoversParse(t *testing.T) {
	for _, in := range []string{"4", "thirty-nine", "a dozen", "several dozen", "hundreds", "at least 4", "between 2 and 3", "tens of thousands", "some 200", "half a dozen", "another 3", "nearly 600", "no fewer than 9"} {
		w := Words(in)
		if !MayStart(w[0]) {
			t.Errorf("MayStart(%q) = false for %q", w[0], in)
		}
	}
}
