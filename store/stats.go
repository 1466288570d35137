package store

import (
	"context"
	"database/sql"
	"fmt"
)

// statTables are the tables Stats reports, in display order.
var statTables = []string{"stories", "checks", "versions", "facts", "changes", "alerts", "robots", "kv"}

// Stats reports rows and bytes per table (indexes included) and the bytes
// each stored version costs: its text (the parts blob), raw HTML and facts
// blobs, the changes rows, and everything together (the versions, facts and
// changes tables with their indexes, divided by the number of versions).
func (db *DB) Stats(ctx context.Context) (Stats, error) {
	s := Stats{Driver: db.d.name}
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		sizes, err := db.tableBytes(ctx, tx)
		if err != nil {
			return fmt.Errorf("table sizes: %w", err)
		}
		byName := map[string]int64{}
		for _, t := range statTables {
			var rows int64
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&rows); err != nil {
				return fmt.Errorf("count %s: %w", t, err)
			}
			s.Tables = append(s.Tables, TableStats{Table: t, Rows: rows, Bytes: sizes[t]})
			byName[t] = sizes[t]
			if t == "versions" {
				s.Versions = rows
			}
		}
		if s.Versions == 0 {
			return nil
		}
		var text, html, facts int64
		if err := tx.QueryRowContext(ctx, db.q(`SELECT COALESCE(SUM({{LENGTH}}(parts)), 0),
			COALESCE(SUM({{LENGTH}}(html)), 0) FROM versions`)).Scan(&text, &html); err != nil {
			return fmt.Errorf("version sizes: %w", err)
		}
		if err := tx.QueryRowContext(ctx, db.q(`SELECT COALESCE(SUM({{LENGTH}}(data)), 0) FROM facts`)).Scan(&facts); err != nil {
			return fmt.Errorf("facts sizes: %w", err)
		}
		n := float64(s.Versions)
		s.PerVersionText = float64(text) / n
		s.PerVersionHTML = float64(html) / n
		s.PerVersionFacts = float64(facts) / n
		s.PerVersionChanges = float64(byName["changes"]) / n
		s.PerVersionTotal = float64(byName["versions"]+byName["facts"]+byName["changes"]) / n
		return nil
	})
	if err != nil {
		return Stats{}, fmt.Errorf("store stats: %w", err)
	}
	return s, nil
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
