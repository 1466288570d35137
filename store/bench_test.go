package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkRecordCheck measures one changed check written to SQLite: the
// version delta-encoded against the previous one, facts, changes, story.
func BenchmarkRecordCheck(b *testing.B) {
	db := openTest(b, filepath.Join(b.TempDir(), "bench.db"))
	const perStory = 64
	chain := storyChain(1, perStory)
	var id int64
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % perStory
		if k == 0 {
			b.StopTimer()
			id = addStory(b, db, fmt.Sprintf("https://news.example/bench/%d", i))
			b.StartTimer()
		}
		v := *chain[k]
		record(b, db, id, k, &v)
	}
}

// BenchmarkLatestVersion measures reading the newest version of a story
// (its delta chain decoded), as the tracker does before every diff, at the
// longest chain: the last version before a full copy (keysPerFull anchors
// and fullEvery-1 deltas).
func BenchmarkLatestVersion(b *testing.B) {
	db := openTest(b, filepath.Join(b.TempDir(), "bench.db"))
	id := addStory(b, db, "https://news.example/bench")
	for k, v := range storyChain(1, DefaultFullCopyEvery*keysPerFull) {
		record(b, db, id, k, v)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, _, err := db.LatestVersion(context.Background(), id); err != nil {
			b.Fatal(err)
		}
	}
}
