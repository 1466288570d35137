package diff

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storywatch/storywatch"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// sample is a story edited the way newsrooms do: headline and toll revised,
// a sentence added, a paragraph dropped, one moved up with an edit, one
// split, an emoji and accented text, and hostile markup and control bytes.
func sample() (storywatch.Version, storywatch.Version) {
	prev := storywatch.Version{
		Headline:   "Four killed in Westminster attack",
		Standfirst: "Police say the attacker was shot dead by officers.",
		Paragraphs: []string{
			"Four people were killed and 20 people were injured. Mr. Smith said the U.S. embassy was closed.",
			"Police said a 52-year-old man was arrested.",
			"The attacker drove a car into pedestrians on Westminster Bridge before stabbing an officer.",
			"A spokesperson said: <script>alert(1)</script> & \x1b[31mnothing\x1b[0m more. The café stayed open.",
			"Witnesses described scenes of panic near the gates of the Palace of Westminster. 🚑 Ambulances arrived quickly.",
		},
	}
	cur := storywatch.Version{
		Headline:   "Five killed in Westminster attack",
		Standfirst: "Police say the attacker was shot dead by officers.",
		Paragraphs: []string{
			"Five people were killed and 40 people were injured on Tuesday. Mr. Smith said the U.S. embassy was closed.",
			"Witnesses described scenes of panic near the gates of the Palace of Westminster. 🚑🚒 Ambulances arrived quickly.",
			"The attacker drove a car into pedestrians on Westminster Bridge before stabbing an officer.",
			"A spokesperson said: <script>alert(1)</script> & \x1b[31mnothing\x1b[0m more.",
			"The café stayed open.",
			"Naïve café owners in Zürich said: “Nous sommes tristes.”",
		},
	}
	return prev, cur
}

func TestRenderGolden(t *testing.T) {
	prev, cur := sample()
	d := Versions(prev, cur)
	checkRebuild(t, d, prev, cur)
	for _, tc := range []struct {
		name string
		opt  RenderOptions
		html bool
	}{
		{"sample.txt", RenderOptions{}, false},
		{"sample-full.txt", RenderOptions{Context: -1}, false},
		{"sample-color.txt", RenderOptions{Color: true, Context: 1}, false},
		{"sample.html", RenderOptions{Context: -1}, true},
	} {
		var b bytes.Buffer
		var err error
		if tc.html {
			err = RenderHTML(&b, d, tc.opt)
		} else {
			err = RenderText(&b, d, tc.opt)
		}
		if err != nil {
			t.Fatal(err)
		}
		golden(t, tc.name, b.Bytes())
	}
	var b bytes.Buffer
	if err := RenderJSON(&b, d); err != nil {
		t.Fatal(err)
	}
	golden(t, "sample.json", b.Bytes())
	var back storywatch.TextDiff
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Ops) != len(d.Ops) || back.Stats != d.Stats {
		t.Error("JSON does not round-trip")
	}
}

func TestRenderUntrustedText(t *testing.T) {
	prev, cur := sample()
	d := Versions(prev, cur)
	var h bytes.Buffer
	if err := RenderHTML(&h, d, RenderOptions{Context: -1}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h.String(), "<script>") || !strings.Contains(h.String(), "&lt;script&gt;") {
		t.Error("HTML renderer did not escape markup")
	}
	for _, opt := range []RenderOptions{{Context: -1}, {Context: -1, Color: true}} {
		var b bytes.Buffer
		if err := RenderText(&b, d, opt); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "\x1b[31mnothing") {
			t.Errorf("text renderer passed an escape sequence from the page through (color=%v)", opt.Color)
		}
	}
}

func TestRenderNoChange(t *testing.T) {
	prev, _ := sample()
	d := Versions(prev, prev)
	var b bytes.Buffer
	if err := RenderText(&b, d, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "# Four killed in Westminster attack\n" {
		t.Errorf("got %q", got)
	}
	if s := Summary(d.Stats); s != "no text change" {
		t.Errorf("summary %q", s)
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		s    storywatch.DiffStats
		want string
	}{
		{storywatch.DiffStats{SentencesChanged: 3, WordsAdded: 12, WordsRemoved: 4}, "3 sentences changed, +12/−4 words"},
		{storywatch.DiffStats{SentencesChanged: 1, SentencesAdded: 2, SentencesRemoved: 1, SentencesMoved: 2, WordsAdded: 1},
			"1 sentence changed, 2 added, 1 removed, 2 moved, +1/−0 words"},
		{storywatch.DiffStats{SentencesAdded: 1, WordsAdded: 5}, "1 sentence added, +5/−0 words"},
		{storywatch.DiffStats{SentencesMoved: 1}, "1 sentence moved"},
	}
	for _, tt := range tests {
		if got := Summary(tt.s); got != tt.want {
			t.Errorf("Summary(%+v) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestRenderMoveNextToEdit(t *testing.T) {
	// The moved paragraph meets an inserted one with no break between them
	// on either side; it must still render as a line of its own.
	prev := para("Moved paragraph with several words.", "Anchor paragraph stays here.", "Second anchor stays too.")
	cur := para("Brand new first paragraph.", "Anchor paragraph stays here.", "Second anchor stays too.", "Moved paragraph with several words.")
	d := Versions(prev, cur)
	checkRebuild(t, d, prev, cur)
	var b bytes.Buffer
	if err := RenderText(&b, d, RenderOptions{Context: -1}); err != nil {
		t.Fatal(err)
	}
	want := "# H\n" +
		"+ Brand new first paragraph.\n" +
		"< Moved paragraph with several words. (moved to paragraph 4)\n" +
		"  Anchor paragraph stays here.\n" +
		"  Second anchor stays too.\n" +
		"> Moved paragraph with several words. (moved from paragraph 1)\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
