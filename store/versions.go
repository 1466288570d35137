package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

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
	err := db.walk(ctx, q, storyID, n, n, func(d *decoded) error {
		var doc versionDoc
		if err := json.Unmarshal(d.doc, &doc); err != nil {
			return fmt.Errorf("version %d parts: %w", n, err)
		}
		if err := json.Unmarshal(d.facts, &f); err != nil {
			return fmt.Errorf("version %d facts: %w", n, err)
		}
		v = storywatch.Version{StoryID: storyID, N: d.n, FetchedAt: d.fetchedAt, Suspect: d.suspect,
			RevertOf: d.revertOf}
		if len(d.html) > 0 {
			v.HTML = d.html
		}
		doc.apply(&v)
		v.Hash = v.TextHash()
		return nil
	})
	return v, f.Normalize(), err
}

// VersionByHash finds the newest version of the story with this text hash:
// the versions whose hash16 matches are decoded, newest first, until one's
// text has the hash.
func (db *DB) VersionByHash(ctx context.Context, storyID int64, hash string) (int, bool, error) {
	tag, ok := hash16(hash)
	if !ok {
		return 0, false, nil
	}
	var found int
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, db.q(`SELECT n FROM versions WHERE story_id = $1 AND hash16 = $2
			ORDER BY n DESC`), storyID, tag)
		if err != nil {
			return err
		}
		var candidates []int
		for rows.Next() {
			var n int
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			candidates = append(candidates, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, n := range candidates {
			v, _, err := db.version(ctx, tx, storyID, n)
			if err != nil {
				return err
			}
			if v.Hash == hash {
				found = n
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return 0, false, fmt.Errorf("version by hash of story #%d: %w", storyID, err)
	}
	return found, found > 0, nil
}

// Versions lists a story's versions, oldest first, each with the changes
// recorded by the check that stored it.
func (db *DB) Versions(ctx context.Context, storyID int64) ([]VersionInfo, error) {
	out := []VersionInfo{}
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		var last sql.NullInt64
		if err := tx.QueryRowContext(ctx, db.q(`SELECT MAX(n) FROM versions WHERE story_id = $1`), storyID).
			Scan(&last); err != nil {
			return err
		}
		if !last.Valid {
			return nil
		}
		h, err := db.storyChanges(ctx, tx, storyID, 0, int(last.Int64))
		if err != nil {
			return err
		}
		for _, vi := range h.versions {
			vi.Changes = []storywatch.Change{}
			if id, ok := h.storedBy[vi.N]; ok {
				vi.Changes = append(vi.Changes, h.changes[id]...)
			}
			out = append(out, vi)
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
		h, err := db.storyChanges(ctx, tx, storyID, 0, 0)
		if err != nil {
			return err
		}
		for _, id := range h.checks {
			out = append(out, h.changes[id]...)
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
		h, err := db.storyChanges(ctx, tx, storyID, oldest, 0)
		if err != nil {
			return err
		}
		for id, cs := range h.changes {
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

// versionRow is one row of the versions table.
type versionRow struct {
	n         int
	fetchedAt time.Time // the time of the check that stored it
	suspect   bool
	revertOf  *int
	codec     int
	data      []byte
}

// decoded is a version row with its container decoded.
type decoded struct {
	versionRow
	container
	// prevFacts and prevDoc are the facts and parts of n-1 when the row is a
	// delta against it: what its changes' references to the previous
	// version name.
	prevFacts, prevDoc []byte
	// dict is the container the blob was compressed against.
	dict []byte
}

// walk decodes versions lo…hi of a story in order and calls fn with each.
// It starts at the last full copy at or before lo and decodes the keys
// after it and the deltas after the last anchor (codec.go), so reaching lo
// costs a bounded number of blobs; every version after lo is read once.
func (db *DB) walk(ctx context.Context, q querier, storyID int64, lo, hi int, fn func(*decoded) error) error {
	rows, err := q.QueryContext(ctx, db.q(`SELECT v.n, k.at, v.suspect, v.revert_of, v.codec, v.data
		FROM versions v JOIN checks k ON k.id = v.check_id WHERE v.story_id = $1 AND v.n <= $2
		AND v.n >= (SELECT MAX(n) FROM versions WHERE story_id = $1 AND n <= $3 AND codec <> $4 AND codec <> $5)
		AND (v.codec <> $4 OR v.n >= (SELECT MAX(n) FROM versions WHERE story_id = $1 AND n <= $3 AND codec <> $4))
		ORDER BY v.n`), storyID, hi, lo, codecDelta, codecKey)
	if err != nil {
		return err
	}
	defer rows.Close()
	var prev, anchor *decoded
	next := lo
	for rows.Next() {
		d := &decoded{}
		var (
			at       int64
			revertOf sql.NullInt64
		)
		if err := rows.Scan(&d.n, &at, &d.suspect, &revertOf, &d.codec, &d.data); err != nil {
			return err
		}
		d.fetchedAt, d.revertOf = fromNanos(at), fromNullInt(revertOf)
		var dict []byte
		switch d.codec {
		case codecFull:
		case codecDelta:
			if prev == nil || prev.n != d.n-1 {
				return fmt.Errorf("version %d: broken delta chain (no version %d before it)", d.n, d.n-1)
			}
			dict, d.prevFacts, d.prevDoc = frameDictionary(prev.raw), prev.facts, prev.doc
		case codecKey:
			if anchor == nil {
				return fmt.Errorf("version %d: broken delta chain (no anchor before it)", d.n)
			}
			dict = frameDictionary(anchor.raw)
		default:
			return fmt.Errorf("version %d: unknown codec %d", d.n, d.codec)
		}
		raw, err := db.comp.decode(d.data, dict)
		if err != nil {
			return fmt.Errorf("version %d: %w", d.n, err)
		}
		if d.container, err = unpackContainer(raw); err != nil {
			return fmt.Errorf("version %d: %w", d.n, err)
		}
		d.dict = dict
		if d.codec != codecDelta {
			anchor = d
		}
		prev = d
		if d.n >= lo {
			if d.n != next {
				return fmt.Errorf("version %d of story #%d: %w", next, storyID, storywatch.ErrNotFound)
			}
			if err := fn(d); err != nil {
				return err
			}
			next++
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if next <= hi {
		return fmt.Errorf("version %d of story #%d: %w", next, storyID, storywatch.ErrNotFound)
	}
	return nil
}
