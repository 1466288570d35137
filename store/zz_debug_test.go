package store

import (
	"path/filepath"
	"testing"
)

func TestDebugDBStat(t *testing.T) {
	dir := t.TempDir()
	db := openTest(t, filepath.Join(dir, "s.db"), WithCompressionLevel(3))
	for i := 0; i < 3; i++ {
		id := addStory(t, db, "https://x/"+string(rune('a'+i)))
		for k, v := range storyChain(uint64(i+1), 80) {
			record(t, db, id, k, v)
		}
	}
	rows, err := db.r.Query(`SELECT name, COUNT(*), SUM(ncell), SUM(payload), SUM(unused), SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 6 DESC`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		var pages, cells, payload, unused, size int64
		rows.Scan(&name, &pages, &cells, &payload, &unused, &size)
		t.Logf("%-25s pages %4d cells %5d payload %7d unused %7d size %7d per-version %6.1f", name, pages, cells, payload, unused, size, float64(size)/240)
	}
	var title, hash, parts, html int64
	db.r.QueryRow(`SELECT SUM(length(title)), SUM(length(hash)), SUM(length(parts)), SUM(length(html)) FROM versions`).Scan(&title, &hash, &parts, &html)
	t.Logf("title %d hash %d parts %d html %d per version", title/240, hash/240, parts/240, html/240)
	var summary, nv, ev int64
	db.r.QueryRow(`SELECT SUM(length(summary)), SUM(length(new_value)), SUM(length(evidence_new)) FROM changes`).Scan(&summary, &nv, &ev)
	t.Logf("changes: summary %d new %d evidence %d per version", summary/240, nv/240, ev/240)
}
