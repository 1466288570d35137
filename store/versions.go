package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/storywatch/storywatch"
)

// LatestVersion returns the newest version with its facts.
func (db *DB) LatestVersion(ctx context.Context, storyID int64) (storywatch.Version, storywatch.Facts, bool, error) {
	return db.latest(ctx, storyID, false)
}

// LatestGoodVersion returns the newest version not marked suspect.
func (db *DB) LatestGoodVersion(ctx context.Context, storyID int64) (storywatch.Version, storywatch.Facts, bool, error) {
	return db.latest(ctx, storyID, true)
}

func (db *DB) latest(ctx context.Context, storyID int64, good bool) (storywatch.Version, storywatch.Facts, bool, error) {
	var (
		v  storywatch.Version
		f  storywatch.Facts
		ok bool
	)
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		query := `SELECT MAX(n) FROM versions WHERE story_id = $1`
		if good {
			query += ` AND suspect = $2`
		}
		args := []any{storyID}
		if good {
			args = append(args, false)
		}
		var n sql.NullInt64
		if err := tx.QueryRowContext(ctx, db.q(query), args...).Scan(&n); err != nil {
			return err
		}
		if !n.Valid {
			return nil
		}
		var err error
		v, f, err = db.version(ctx, tx, storyID, int(n.Int64))
		ok = err == nil
		return err
	})
	if err != nil {
		return v, f, false, fmt.Errorf("latest version of story #%d: %w", storyID, err)
	}
	return v, f, ok, nil
}

// Version returns version n (1-based) of a story with its facts.
func (db *DB) Version(ctx context.Context, storyID int64, n int) (storywatch.Version, storywatch.Facts, error) {
	var (
		v storywatch.Version
		f storywatch.Facts
	)
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		v, f, err = db.version(ctx, tx, storyID, n)
		return err
	})
	if err != nil {
		return v, f, fmt.Errorf("version %d of story #%d: %w", n, storyID, err)
	}
	return v, f, nil
}

func (db *DB) version(ctx context.Context, q querier, storyID int64, n int) (storywatch.Version, storywatch.Facts, error) {
	var (
		v storywatch.Version
		f storywatch.Facts
	)
	rows, err := db.chain(ctx, q, storyID, n)
	if err != nil {
		return v, f, err
	}
	p, r, err := db.decodeChain(rows, true)
	if err != nil {
		return v, f, err
	}
	var doc versionDoc
	if err := json.Unmarshal(p.doc, &doc); err != nil {
		return v, f, fmt.Errorf("decode parts: %w", err)
	}
	if err := json.Unmarshal(p.facts, &f); err != nil {
		return v, f, fmt.Errorf("decode facts: %w", err)
	}
	v = storywatch.Version{StoryID: storyID, N: r.n, FetchedAt: r.fetchedAt, Hash: r.hash, Suspect: r.suspect,
		RevertOf: r.revertOf, HTML: p.html}
	doc.apply(&v)
	return v, f.Normalize(), nil
}

// VersionByHash finds the newest version of the story with this text hash.
func (db *DB) VersionByHash(ctx context.Context, storyID int64, hash string) (int, bool, error) {
	var n int
	err := db.r.QueryRowContext(ctx, db.q(`SELECT n FROM versions WHERE story_id = $1 AND hash = $2
		ORDER BY n DESC LIMIT 1`), storyID, encodeHash(hash)).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("version by hash of story #%d: %w", storyID, err)
	}
	return n, true, nil
}

// Versions lists a story's versions, oldest first, each with the changes
// recorded by the check that stored it.
func (db *DB) Versions(ctx context.Context, storyID int64) ([]VersionInfo, error) {
	out := []VersionInfo{}
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, db.q(`SELECT n, fetched_at, hash, title, suspect, revert_of
			FROM versions WHERE story_id = $1 ORDER BY n`), storyID)
		if err != nil {
			return err
		}
		defer rows.Close()
		idx := map[int]int{}
		title := ""
		for rows.Next() {
			var (
				vi       VersionInfo
				at       int64
				revertOf sql.NullInt64
				hash     []byte
				t        sql.NullString
			)
			if err := rows.Scan(&vi.N, &at, &hash, &t, &vi.Suspect, &revertOf); err != nil {
				return err
			}
			// NULL: the headline of the version before.
			if t.Valid {
				title = t.String
			}
			vi.Title = title
			vi.Hash = decodeHash(hash)
			vi.FetchedAt = fromNanos(at)
			vi.RevertOf = fromNullInt(revertOf)
			vi.Changes = []storywatch.Change{}
			idx[vi.N] = len(out)
			out = append(out, vi)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		ccs, chs, err := db.storyChanges(ctx, tx, storyID, 0)
		if err != nil {
			return err
		}
		// A version's changes are those of the check that stored it.
		for _, cc := range ccs {
			if cc.version == nil {
				continue
			}
			if i, ok := idx[*cc.version]; ok {
				out[i].Changes = append(out[i].Changes, chs[cc.checkID]...)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("versions of story #%d: %w", storyID, err)
	}
	return out, nil
}

// Changes lists every change of a story in version order.
func (db *DB) Changes(ctx context.Context, storyID int64) ([]storywatch.Change, error) {
	out := []storywatch.Change{}
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		ccs, chs, err := db.storyChanges(ctx, tx, storyID, 0)
		if err != nil {
			return err
		}
		for _, cc := range ccs {
			out = append(out, chs[cc.checkID]...)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("changes of story #%d: %w", storyID, err)
	}
	sortChanges(out)
	return out, nil
}

// Checks returns the story's most recent checks (all when limit <= 0),
// oldest first, each with the changes it recorded.
func (db *DB) Checks(ctx context.Context, storyID int64, limit int) ([]storywatch.Check, error) {
	out := []storywatch.Check{}
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		query := `SELECT k.id, k.at, k.outcome, k.version, k.http_status, k.bytes, k.duration_ms,
			k.error_class, k.error_message, s.url FROM checks k JOIN stories s ON s.id = k.story_id
			WHERE k.story_id = $1 ORDER BY k.at DESC, k.id DESC`
		args := []any{storyID}
		if limit > 0 {
			query += ` LIMIT $2`
			args = append(args, limit)
		}
		rows, err := tx.QueryContext(ctx, db.q(query), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		idx := map[int64]int{}
		for rows.Next() {
			var (
				c                storywatch.Check
				at               int64
				outcome          string
				version          sql.NullInt64
				errClass, errMsg sql.NullString
			)
			if err := rows.Scan(&c.ID, &at, &outcome, &version, &c.HTTPStatus, &c.Bytes, &c.DurationMS,
				&errClass, &errMsg, &c.URL); err != nil {
				return err
			}
			c.StoryID = storyID
			c.At = fromNanos(at)
			c.Outcome = storywatch.Outcome(outcome)
			c.Version = fromNullInt(version)
			if errClass.Valid || errMsg.Valid {
				c.Error = &storywatch.CheckError{Class: errClass.String, Message: errMsg.String}
			}
			c.Changes = []storywatch.Change{}
			idx[c.ID] = len(out)
			out = append(out, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		if len(out) == 0 {
			return nil
		}
		oldest := out[0].ID
		for _, c := range out {
			oldest = min(oldest, c.ID)
		}
		_, chs, err := db.storyChanges(ctx, tx, storyID, oldest)
		if err != nil {
			return err
		}
		for id, cs := range chs {
			if i, ok := idx[id]; ok {
				out[i].Changes = append(out[i].Changes, cs...)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("checks of story #%d: %w", storyID, err)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}
