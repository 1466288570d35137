package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/storywatch/storywatch"
)

// versionDoc is what the parts blob holds: every part of a version except
// the raw HTML, metadata included, so one delta covers all of it.
type versionDoc struct {
	Headline   string             `json:"h"`
	Standfirst string             `json:"s,omitempty"`
	Paragraphs []string           `json:"p"`
	Entries    []storywatch.Entry `json:"e,omitempty"`
	Meta       storywatch.Meta    `json:"m"`
}

func docOf(v *storywatch.Version) versionDoc {
	return versionDoc{Headline: v.Headline, Standfirst: v.Standfirst, Paragraphs: v.Paragraphs, Entries: v.Entries, Meta: v.Meta}
}

func (d versionDoc) apply(v *storywatch.Version) {
	v.Headline, v.Standfirst, v.Paragraphs, v.Entries, v.Meta = d.Headline, d.Standfirst, d.Paragraphs, d.Entries, d.Meta
}

// RecordCheck writes the check, the new version with its facts, the changes
// and the story's new state in one transaction and releases the lease.
// The version number is the story's previous maximum plus one. Changes get
// ToVersion (the new version, else the latest), FromVersion (the previous
// version when unset) and At (the check time when unset). Empty strings in
// rec.Story, an empty State and a zero NextCheckAt keep the stored values.
func (db *DB) RecordCheck(ctx context.Context, rec storywatch.CheckRecord) (storywatch.Check, error) {
	c := rec.Check
	if c.Outcome == "" {
		return c, fmt.Errorf("record check of story #%d: no outcome: %w", c.StoryID, storywatch.ErrInvalid)
	}
	if c.At.IsZero() {
		return c, fmt.Errorf("record check of story #%d: no time: %w", c.StoryID, storywatch.ErrInvalid)
	}
	// A version is what its check fetched: it has the check's time (the
	// row keeps none of its own) and the hash of its text (hash.go).
	var hash string
	if v := rec.Version; v != nil {
		if !v.FetchedAt.IsZero() && !v.FetchedAt.Equal(c.At) {
			return c, fmt.Errorf("record check of story #%d: version fetched at %s, not at the check's time %s: %w",
				c.StoryID, v.FetchedAt.Format(time.RFC3339Nano), c.At.Format(time.RFC3339Nano), storywatch.ErrInvalid)
		}
		var err error
		if hash, err = versionHash(v); err != nil {
			return c, fmt.Errorf("record check of story #%d: %w", c.StoryID, err)
		}
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		st, err := scanStory(db.txQueryRow(ctx, tx, selectStoryForUpdateSQL, c.StoryID))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("story #%d: %w", c.StoryID, storywatch.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if c.URL == "" {
			c.URL = st.URL
		}
		var latest int
		if err := tx.QueryRowContext(ctx, db.q(`SELECT COALESCE(MAX(n), 0) FROM versions WHERE story_id = $1`), c.StoryID).
			Scan(&latest); err != nil {
			return err
		}
		c.Version = nil
		if rec.Version != nil {
			latest++
			c.Version = &latest
		}
		c.Changes = make([]storywatch.Change, 0, len(rec.Changes))
		for _, ch := range rec.Changes {
			ch.ToVersion = latest
			if ch.FromVersion == nil && latest > 1 && rec.Version != nil {
				ch.FromVersion = storywatch.Ptr(latest - 1)
			}
			if ch.At.IsZero() {
				ch.At = c.At
			}
			c.Changes = append(c.Changes, ch)
		}
		var errClass, errMsg sql.NullString
		if c.Error != nil {
			errClass = sql.NullString{String: c.Error.Class, Valid: true}
			errMsg = sql.NullString{String: c.Error.Message, Valid: true}
		}
		if err := db.txQueryRow(ctx, tx, insertCheckSQL,
			c.StoryID, nanos(c.At), string(c.Outcome), nullInt(c.Version), c.HTTPStatus, c.Bytes,
			c.DurationMS, errClass, errMsg).Scan(&c.ID); err != nil {
			return fmt.Errorf("insert check: %w", err)
		}
		var facts storywatch.Facts
		if rec.Version != nil {
			if rec.Facts != nil {
				facts = *rec.Facts
			}
			if err := db.writeVersion(ctx, tx, c.ID, c.StoryID, latest, rec.Version, hash, facts, c.Changes, c.At); err != nil {
				return fmt.Errorf("version %d: %w", latest, err)
			}
		}
		// The changes of a check that stored a version are in the version's
		// blob; the others get a row of their own.
		if len(c.Changes) > 0 && rec.Version == nil {
			blob, err := db.encodeLooseChanges(c.Changes, c.At)
			if err != nil {
				return fmt.Errorf("changes: %w", err)
			}
			if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO changes (check_id, data) VALUES ($1, $2)`),
				c.ID, blob); err != nil {
				return fmt.Errorf("insert changes: %w", err)
			}
		}
		return db.updateStory(ctx, tx, st, c, rec, latest, facts)
	})
	if err != nil {
		return storywatch.Check{}, fmt.Errorf("record check of story #%d: %w", c.StoryID, err)
	}
	return c, nil
}

func (db *DB) updateStory(ctx context.Context, tx *sql.Tx, st storywatch.Story, c storywatch.Check,
	rec storywatch.CheckRecord, latest int, facts storywatch.Facts) error {
	u := rec.Story
	st.FinalURL = pick(u.FinalURL, st.FinalURL)
	st.CanonicalURL = pick(u.CanonicalURL, st.CanonicalURL)
	st.ETag = pick(u.ETag, st.ETag)
	st.LastModified = pick(u.LastModified, st.LastModified)
	st.Region = pick(u.Region, st.Region)
	st.RegionFingerprint = pick(u.RegionFingerprint, st.RegionFingerprint)
	// A story retired (remove, config reload) while its check was in flight
	// stays retired: the check's verdict is about fetching, not tracking.
	if u.State != "" && st.State != storywatch.StateStopped {
		st.State = u.State
	}
	if !u.NextCheckAt.IsZero() {
		st.NextCheckAt = u.NextCheckAt
	}
	st.ConsecutiveErrors = u.ConsecutiveErrors
	if u.LastChangedAt != nil {
		st.LastChangedAt = u.LastChangedAt
	} else if rec.Version != nil {
		st.LastChangedAt = &c.At
	}
	figures := []byte(nil)
	if rec.Version != nil {
		st.LatestTitle = rec.Version.Headline
		f := facts.Normalize()
		var err error
		if figures, err = json.Marshal(f.Figures); err != nil {
			return fmt.Errorf("latest figures: %w", err)
		}
	} else {
		var err error
		if figures, err = json.Marshal(st.LatestFigures); err != nil {
			return fmt.Errorf("latest figures: %w", err)
		}
	}
	_, err := db.txExec(ctx, tx, updateStoryAfterCheckSQL,
		st.FinalURL, st.CanonicalURL, st.ETag, st.LastModified, st.Region, st.RegionFingerprint,
		string(st.State), nanos(st.NextCheckAt), st.ConsecutiveErrors, nullNanos(st.LastChangedAt),
		nanos(c.At), latest, st.LatestTitle, string(figures), st.ID)
	if err != nil {
		return fmt.Errorf("update story: %w", err)
	}
	return nil
}

func nullInt(p *int) sql.NullInt64 {
	if p == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: int64(*p), Valid: true}
}

func fromNullInt(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

// writeVersion stores version n, whose text hash is hash, with its facts
// and chs, the changes of check checkID, which stored it (their ToVersion,
// FromVersion and At already set):
// a full copy, a key against the last anchor or a delta against n-1 (see
// codec.go), as one blob.
func (db *DB) writeVersion(ctx context.Context, tx *sql.Tx, checkID, storyID int64, n int, v *storywatch.Version,
	hash string, facts storywatch.Facts, chs []storywatch.Change, checkAt time.Time) error {
	tag, ok := hash16(hash)
	if !ok {
		return fmt.Errorf("version hash %q: not hex", hash)
	}
	docJSON, err := json.Marshal(docOf(v))
	if err != nil {
		return fmt.Errorf("encode parts: %w", err)
	}
	factsJSON, err := json.Marshal(facts.Normalize())
	if err != nil {
		return fmt.Errorf("encode facts: %w", err)
	}
	// The layout of version n: a delta against n-1 within fullEvery of the
	// last anchor, else a key against that anchor within keysPerFull anchors
	// of the last full copy, else a full copy.
	codec := codecFull
	prevN := 0
	if n > 1 && db.fullEvery > 1 {
		var lastAnchor, lastFull sql.NullInt64
		if err := tx.QueryRowContext(ctx, db.q(`SELECT MAX(n), MAX(CASE WHEN codec <> $3 THEN n END)
			FROM versions WHERE story_id = $1 AND codec <> $2`),
			storyID, codecDelta, codecKey).Scan(&lastAnchor, &lastFull); err != nil {
			return err
		}
		switch {
		case lastAnchor.Valid && n-int(lastAnchor.Int64) < db.fullEvery:
			codec, prevN = codecDelta, n-1
		case lastFull.Valid && n-int(lastFull.Int64) < db.fullEvery*keysPerFull:
			codec, prevN = codecKey, int(lastAnchor.Int64)
		}
	}
	var dict, prevFacts, prevDoc []byte
	if prevN > 0 {
		err := db.walk(ctx, tx, storyID, prevN, prevN, func(d *decoded) error {
			dict = frameDictionary(d.raw)
			if codec == codecDelta {
				prevFacts, prevDoc = d.facts, d.doc
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("version %d to encode against: %w", prevN, err)
		}
	}
	changesJSON, err := encodeChanges(chs, &n, checkAt, &changesBase{prevFacts: prevFacts, facts: factsJSON,
		prevDoc: prevDoc, doc: docJSON})
	if err != nil {
		return fmt.Errorf("encode changes: %w", err)
	}
	blob, err := db.comp.encode(packContainer(docJSON, factsJSON, changesJSON, v.HTML), dict)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, db.q(`INSERT INTO versions (check_id, story_id, n, hash16, suspect, revert_of,
		codec, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`),
		checkID, storyID, n, tag, v.Suspect, nullInt(v.RevertOf), codec, blob)
	if err != nil {
		return fmt.Errorf("insert version: %w", err)
	}
	return nil
}

// The queries of every check, prepared once (see hotQueries).
const (
	selectStoryForUpdateSQL = `SELECT ` + storyCols + ` FROM stories WHERE id = $1 {{FOR_UPDATE}}`
	insertCheckSQL          = `INSERT INTO checks (story_id, at, outcome, version,
			http_status, bytes, duration_ms, error_class, error_message)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`
	updateStoryAfterCheckSQL = `UPDATE stories SET final_url = $1, canonical_url = $2, etag = $3,
		last_modified = $4, region = $5, region_fingerprint = $6, state = $7, next_check_at = $8,
		consecutive_errors = $9, last_changed_at = $10, last_checked_at = $11, versions_count = $12,
		latest_title = $13, latest_figures = $14, lease_owner = NULL, lease_until = NULL
		WHERE id = $15`
)
