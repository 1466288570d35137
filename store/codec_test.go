package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/storywatch/storywatch"
)

func openTest(t testing.TB, path string, opts ...Option) *DB {
	t.Helper()
	db, err := Open(context.Background(), path, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func addStory(t testing.TB, db *DB, url string) int64 {
	t.Helper()
	ctx := context.Background()
	if _, err := db.AddStories(ctx, []NewStory{{URL: url, Source: storywatch.SourceCLI}}); err != nil {
		t.Fatal(err)
	}
	st, err := db.Story(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	return st.ID
}

func record(t testing.TB, db *DB, storyID int64, k int, v *storywatch.Version) {
	t.Helper()
	recordWith(t, db, storyID, v, chainFacts(k), chainChanges(k))
}

func recordWith(t testing.TB, db *DB, storyID int64, v *storywatch.Version, f *storywatch.Facts, chs []storywatch.Change) {
	t.Helper()
	_, err := db.RecordCheck(context.Background(), storywatch.CheckRecord{
		Check:   storywatch.Check{StoryID: storyID, At: v.FetchedAt, Outcome: storywatch.OutcomeChanged, HTTPStatus: 200},
		Version: v, Facts: f, Changes: chs,
		Story: storywatch.StoryUpdate{NextCheckAt: v.FetchedAt.Add(10 * 60e9)},
	})
	if err != nil {
		t.Fatalf("record version of %s: %v", v.FetchedAt, err)
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkChain reads every version back and compares it with what was written.
func checkChain(t *testing.T, db *DB, storyID int64, want []*storywatch.Version) {
	t.Helper()
	for k, w := range want {
		got, f, err := db.Version(context.Background(), storyID, k+1)
		if err != nil {
			t.Fatalf("version %d: %v", k+1, err)
		}
		w.N, w.StoryID = k+1, storyID
		if g, e := mustJSON(t, got), mustJSON(t, w); g != e {
			t.Fatalf("version %d differs:\nwant %s\n got %s", k+1, e, g)
		}
		if !bytes.Equal(got.HTML, w.HTML) {
			t.Fatalf("version %d: HTML differs", k+1)
		}
		if g, e := mustJSON(t, f), mustJSON(t, chainFacts(k).Normalize()); g != e {
			t.Fatalf("version %d facts differ:\nwant %s\n got %s", k+1, e, g)
		}
	}
}

// Long random edit chains (insertions, deletions, moves, non-ASCII, emoji)
// read back exactly, for several full-copy distances.
func TestDeltaChainRoundTrip(t *testing.T) {
	seeds, length := uint64(3), 70
	if raceBuild {
		seeds, length = 1, 36
	}
	for _, every := range []int{1, 4, DefaultFullCopyEvery} {
		t.Run(fmt.Sprintf("every%d", every), func(t *testing.T) {
			db := openTest(t, filepath.Join(t.TempDir(), "s.db"), WithFullCopyEvery(every))
			for seed := uint64(1); seed <= seeds; seed++ {
				id := addStory(t, db, fmt.Sprintf("https://news.example/%d", seed))
				chain := storyChain(seed, length)
				for k, v := range chain {
					record(t, db, id, k, v)
				}
				checkChain(t, db, id, chain)
				checkCodecs(t, db, id, every)
			}
		})
	}
}

// checkCodecs verifies the layout: an anchor every `every` versions, deltas
// in between; every keysPerFull-th anchor a full copy, the others keys.
func checkCodecs(t *testing.T, db *DB, storyID int64, every int) {
	t.Helper()
	rows, err := db.r.Query(`SELECT n, codec FROM versions WHERE story_id = $1 ORDER BY n`, storyID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			n     int
			codec int
		)
		if err := rows.Scan(&n, &codec); err != nil {
			t.Fatal(err)
		}
		want := codecDelta
		switch {
		case every == 1 || (n-1)%(every*keysPerFull) == 0:
			want = codecFull
		case (n-1)%every == 0:
			want = codecKey
		}
		if codec != want {
			t.Errorf("version %d: codec %d, want %d with an anchor every %d", n, codec, want, every)
		}
	}
}

// Chains of unrelated, random binary-ish HTML and large rewrites stay exact.
func TestDeltaChainRewrites(t *testing.T) {
	db := openTest(t, filepath.Join(t.TempDir(), "s.db"), WithFullCopyEvery(8))
	id := addStory(t, db, "https://news.example/rewrites")
	r := rand.New(rand.NewPCG(7, 7))
	var chain []*storywatch.Version
	base := storyChain(99, 30)
	for k, v := range base {
		switch k % 5 {
		case 1: // a complete rewrite
			v.Paragraphs = []string{paragraph(r), paragraph(r)}
		case 2: // HTML of random bytes, invalid UTF-8 included
			v.HTML = make([]byte, 1+r.IntN(5000))
			for i := range v.HTML {
				v.HTML[i] = byte(r.IntN(256))
			}
		case 3: // empty article
			v.Paragraphs, v.Headline, v.HTML = nil, "", nil
		}
		v.Hash = v.TextHash()
		record(t, db, id, k, v)
		chain = append(chain, v)
	}
	checkChain(t, db, id, chain)
}

// Stories written as full copies only (a store opened with
// WithFullCopyEvery(1)) stay readable, and a store with the default layout
// continues them with deltas and keys.
func TestOldFullCopyRowsReadable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	chain := storyChain(5, 40)
	old, err := Open(context.Background(), path, WithFullCopyEvery(1))
	if err != nil {
		t.Fatal(err)
	}
	id := addStory(t, old, "https://news.example/old")
	for k, v := range chain[:20] {
		record(t, old, id, k, v)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	db := openTest(t, path)
	for k, v := range chain[20:] {
		record(t, db, id, 20+k, v)
	}
	var plain, delta int
	if err := db.r.QueryRow(`SELECT COUNT(*) FROM versions WHERE codec = $1`, codecFull).Scan(&plain); err != nil {
		t.Fatal(err)
	}
	if err := db.r.QueryRow(`SELECT COUNT(*) FROM versions WHERE codec = $1`, codecDelta).Scan(&delta); err != nil {
		t.Fatal(err)
	}
	// 21…35 continue the last full copy, 36 is a key, 37…40 deltas.
	if plain != 20 || delta != 19 {
		t.Errorf("%d plain full copies and %d deltas, want 20 and 19", plain, delta)
	}
	checkChain(t, db, id, chain)
}

func TestCompressorRoundTrip(t *testing.T) {
	c := newCompressor(4)
	r := rand.New(rand.NewPCG(1, 2))
	cases := 200
	if raceBuild {
		cases = 40
	}
	for i := 0; i < cases; i++ {
		src := make([]byte, r.IntN(3000))
		for j := range src {
			src[j] = byte(r.IntN(256))
		}
		var dict []byte
		if i%2 == 0 {
			dict = append(append([]byte{}, src[:len(src)/2]...), byte(i))
		}
		blob, err := c.encode(src, dict)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.decode(blob, dict)
		if err != nil || !bytes.Equal(got, src) {
			t.Fatalf("case %d: round trip failed: %v", i, err)
		}
	}
}

// Every delta and key is compressed against frameVocabulary: if it changes,
// no stored version reads back.
func TestFrameVocabularyFrozen(t *testing.T) {
	const want = "84e8e78c75a1bc2d5ecc7637237a8c9d80dd1b10f735f6f014cc905e4260d3f3"
	if got := fmt.Sprintf("%x", sha256.Sum256([]byte(frameVocabulary))); got != want {
		t.Errorf("frameVocabulary changed: sha256 %s, stored blobs were written with %s", got, want)
	}
}
