package store

import (
	"context"
	"database/sql"
	"fmt"
)

// statTables are the tables Stats reports, in display order.
var statTables = []string{"stories", "checks", "versions", "changes", "alerts", "robots", "kv"}

// Stats reports rows and bytes per table (indexes included) and the bytes
// each stored version costs: everything together (the versions and changes
// tables with their indexes, divided by the number of versions), and its
// blob split into text, raw HTML, facts and changes. A version's parts share
// one zstd frame, so the split is measured on a sample of statsSample
// versions, the newest stories first: each part is charged the growth of the
// frame when it is added (text; text and facts; and changes; and HTML — the
// stored blob), and the shares found there are applied to every blob.
func (db *DB) Stats(ctx context.Context) (Stats, error) {
	s := Stats{Driver: db.d.name}
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		sizes, err := db.tableBytes(ctx, tx)
		if err != nil {
			return fmt.Errorf("table sizes: %w", err)
		}
		for _, t := range statTables {
			var rows int64
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&rows); err != nil {
				return fmt.Errorf("count %s: %w", t, err)
			}
			s.Tables = append(s.Tables, TableStats{Table: t, Rows: rows, Bytes: sizes[t]})
			if t == "versions" {
				s.Versions = rows
			}
		}
		if s.Versions == 0 {
			return nil
		}
		var blobs int64
		if err := tx.QueryRowContext(ctx, db.q(`SELECT COALESCE(SUM({{LENGTH}}(data)), 0) FROM versions`)).
			Scan(&blobs); err != nil {
			return fmt.Errorf("version sizes: %w", err)
		}
		share, sampled, err := db.blobShares(ctx, tx)
		if err != nil {
			return fmt.Errorf("split of the version blobs: %w", err)
		}
		n := float64(s.Versions)
		per := float64(blobs) / n
		s.PerVersionText, s.PerVersionFacts = per*share[0], per*share[1]
		s.PerVersionChanges, s.PerVersionHTML = per*share[2], per*share[3]
		s.PerVersionTotal = float64(sizes["versions"]+sizes["changes"]) / n
		s.SplitSample = sampled
		return nil
	})
	if err != nil {
		return Stats{}, fmt.Errorf("store stats: %w", err)
	}
	return s, nil
}

const statsSample = 400

// blobShares returns the shares of text, facts, changes and HTML in the
// version blobs of a sample (see Stats), and the sample's size.
func (db *DB) blobShares(ctx context.Context, tx *sql.Tx) ([4]float64, int, error) {
	var share [4]float64
	rows, err := tx.QueryContext(ctx, `SELECT story_id, MAX(n) FROM versions GROUP BY story_id ORDER BY story_id DESC`)
	if err != nil {
		return share, 0, err
	}
	type story struct {
		id int64
		n  int
	}
	var sample []story
	total := 0
	for total < statsSample && rows.Next() {
		var st story
		if err := rows.Scan(&st.id, &st.n); err != nil {
			rows.Close()
			return share, 0, err
		}
		sample, total = append(sample, st), total+st.n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return share, 0, err
	}
	var grew [4]float64
	for _, st := range sample {
		err := db.walk(ctx, tx, st.id, 1, st.n, func(d *decoded) error {
			prefix := len(d.doc)
			var last int
			for i, end := range []int{prefix, prefix + 1 + len(d.facts), prefix + 2 + len(d.facts) + len(d.changes)} {
				b, err := db.comp.encode(d.raw[:end], d.dict)
				if err != nil {
					return err
				}
				grew[i] += float64(max(len(b)-last, 0))
				last = max(len(b), last)
			}
			grew[3] += float64(max(len(d.data)-last, 0))
			return nil
		})
		if err != nil {
			return share, 0, err
		}
	}
	sum := grew[0] + grew[1] + grew[2] + grew[3]
	if sum == 0 {
		return share, total, nil
	}
	for i := range grew {
		share[i] = grew[i] / sum
	}
	return share, total, nil
}

// tableBytes returns the on-disk bytes of each table with its indexes.
func (db *DB) tableBytes(ctx context.Context, tx *sql.Tx) (map[string]int64, error) {
	out := map[string]int64{}
	if db.d.name == postgresDialect.name {
		for _, t := range statTables {
			var b int64
			if err := tx.QueryRowContext(ctx, `SELECT pg_total_relation_size($1::regclass)`, t).Scan(&b); err != nil {
				return nil, err
			}
			out[t] = b
		}
		return out, nil
	}
	// dbstat names b-trees; sqlite_schema maps each index to its table.
	rows, err := tx.QueryContext(ctx, `SELECT m.tbl_name, SUM(d.pgsize) FROM dbstat d
		JOIN sqlite_schema m ON m.name = d.name GROUP BY m.tbl_name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			t string
			b int64
		)
		if err := rows.Scan(&t, &b); err != nil {
			return nil, err
		}
		out[t] = b
	}
	return out, rows.Err()
}
