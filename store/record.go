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

// text is the version text the HTML dictionary is built from.
func (d versionDoc) text() string {
	var v storywatch.Version
	d.apply(&v)
	return v.Text()
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
		var facts storywatch.Facts
		var base *changesBase
		if rec.Version != nil {
			n := latest + 1
			if rec.Facts != nil {
				facts = *rec.Facts
			}
			if base, err = db.writeVersion(ctx, tx, c.StoryID, n, rec.Version, facts, st.LatestTitle); err != nil {
				return fmt.Errorf("version %d: %w", n, err)
			}
			latest = n
			c.Version = &n
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
		if len(c.Changes) > 0 {
			if base != nil && base.prevFacts != nil {
				_, js, err := db.changesChain(ctx, tx, c.StoryID, latest-1, latest-1)
				if err != nil {
					return fmt.Errorf("previous changes: %w", err)
				}
				base.prevChanges = js[latest-1]
			}
			blob, err := db.encodeChanges(c.Changes, c.Version, c.At, base)
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

// writeVersion stores version n: a full copy when the last full copy is
// fullEvery versions back (or there is none), else deltas against n-1.
// prevTitle is the previous version's headline: the title column is NULL
// when the headline did not change. It returns what the check's changes
// are encoded against.
func (db *DB) writeVersion(ctx context.Context, tx *sql.Tx, storyID int64, n int, v *storywatch.Version, facts storywatch.Facts, prevTitle string) (*changesBase, error) {
	doc := docOf(v)
	docJSON, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encode parts: %w", err)
	}
	factsJSON, err := json.Marshal(facts.Normalize())
	if err != nil {
		return nil, fmt.Errorf("encode facts: %w", err)
	}
	text := []byte(doc.text())

	// The layout of version n: a delta against n-1 within fullEvery of the
	// last anchor, else a key against that anchor within keysPerFull anchors
	// of the last full copy, else a full copy.
	codec := codecFullText
	prevN := 0
	if n > 1 && db.fullEvery > 1 {
		var lastAnchor, lastFull sql.NullInt64
		if err := tx.QueryRowContext(ctx, db.q(`SELECT MAX(n), MAX(CASE WHEN codec <> $3 THEN n END)
			FROM versions WHERE story_id = $1 AND codec <> $2`),
			storyID, codecDelta, codecKey).Scan(&lastAnchor, &lastFull); err != nil {
			return nil, err
		}
		switch {
		case lastAnchor.Valid && n-int(lastAnchor.Int64) < db.fullEvery:
			codec, prevN = codecDelta, n-1
		case lastFull.Valid && n-int(lastFull.Int64) < db.fullEvery*keysPerFull:
			codec, prevN = codecKey, int(lastAnchor.Int64)
		}
	}
	var docDict, factsDict, htmlDict, prevFacts []byte
	switch {
	case prevN > 0:
		prev, err := db.loadPayload(ctx, tx, storyID, prevN, true)
		if err != nil {
			return nil, fmt.Errorf("version %d to encode against: %w", prevN, err)
		}
		if codec == codecDelta {
			prevFacts = prev.facts
		}
		docDict = prev.doc
		factsDict = factsDictionary(docJSON, prev.facts)
		htmlDict = htmlDictionary(prev.html, text)
	case db.plainFull:
		codec = codecFull
	default:
		factsDict = factsDictionary(docJSON, nil)
		htmlDict = text
	}
	partsBlob, err := db.comp.encode(docJSON, docDict)
	if err != nil {
		return nil, err
	}
	var htmlBlob []byte
	if len(v.HTML) > 0 {
		if htmlBlob, err = db.comp.encode(v.HTML, htmlDict); err != nil {
			return nil, err
		}
	}
	factsBlob, err := db.comp.encode(factsJSON, factsDict)
	if err != nil {
		return nil, err
	}
	title := sql.NullString{String: v.Headline, Valid: v.Headline != prevTitle}
	var id int64
	err = tx.QueryRowContext(ctx, db.q(`INSERT INTO versions (story_id, n, fetched_at, hash, title, suspect,
		revert_of, codec, parts, html) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		RETURNING id`),
		storyID, n, nanos(v.FetchedAt), encodeHash(v.Hash), title, v.Suspect, nullInt(v.RevertOf), codec,
		partsBlob, htmlBlob).Scan(&id)
	if err != nil {
		return nil, fmt.Errorf("insert version: %w", err)
	}
	if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO facts (version_id, data) VALUES ($1, $2)`),
		id, factsBlob); err != nil {
		return nil, fmt.Errorf("insert facts: %w", err)
	}
	return &changesBase{prevFacts: prevFacts, doc: docJSON, facts: factsJSON}, nil
}

// factsDictionary is what a version's facts are compressed against: its
// parts (evidence sentences are sentences of the text) and, for a delta, the
// previous facts (most of the list), last for the shortest offsets.
func factsDictionary(doc, prevFacts []byte) []byte {
	return append(append(make([]byte, 0, len(doc)+len(prevFacts)), doc...), prevFacts...)
}

// htmlDictionary is what a version's HTML is compressed against: the
// version's own text (where new words come from) and the previous HTML (most
// of the page), last so that its matches have the shortest offsets. The same
// function serves writing and reading.
func htmlDictionary(prevHTML, text []byte) []byte {
	return append(append(make([]byte, 0, len(prevHTML)+len(text)), text...), prevHTML...)
}

// payload is one version decoded: parts JSON, raw HTML, facts JSON.
type payload struct {
	doc, html, facts []byte
}

type versionRow struct {
	n         int
	fetchedAt time.Time
	hash      string
	suspect   bool
	revertOf  *int
	codec     int
	parts     []byte
	html      []byte
	facts     []byte
}

// loadPayload decodes version n of a story by walking its delta chain from
// the last full copy at or before n: at most fullEvery blobs of each kind.
func (db *DB) loadPayload(ctx context.Context, q querier, storyID int64, n int, withHTML bool) (payload, error) {
	rows, err := db.chain(ctx, q, storyID, n)
	if err != nil {
		return payload{}, err
	}
	p, _, err := db.decodeChain(rows, withHTML)
	return p, err
}

func (db *DB) chain(ctx context.Context, q querier, storyID int64, n int) ([]versionRow, error) {
	rs, err := q.QueryContext(ctx, db.q(`SELECT v.n, v.fetched_at, v.hash, v.suspect, v.revert_of, v.codec,
		v.parts, v.html, f.data
		FROM versions v JOIN facts f ON f.version_id = v.id
		WHERE `+anchorsSQL+` ORDER BY v.n`), storyID, n, codecDelta, codecKey)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []versionRow
	for rs.Next() {
		var (
			r        versionRow
			at       int64
			revertOf sql.NullInt64
			hash     []byte
		)
		if err := rs.Scan(&r.n, &at, &hash, &r.suspect, &revertOf, &r.codec, &r.parts, &r.html,
			&r.facts); err != nil {
			return nil, err
		}
		r.fetchedAt = fromNanos(at)
		r.revertOf = fromNullInt(revertOf)
		r.hash = decodeHash(hash)
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 || out[len(out)-1].n != n {
		return nil, fmt.Errorf("version %d of story #%d: %w", n, storyID, storywatch.ErrNotFound)
	}
	return out, nil
}

func (db *DB) decodeChain(rows []versionRow, withHTML bool) (payload, versionRow, error) {
	var p payload
	for i, r := range rows {
		if (r.codec == codecDelta || r.codec == codecKey) != (i > 0) {
			return p, r, fmt.Errorf("version %d: broken delta chain (codec %d)", r.n, r.codec)
		}
		var err error
		if p, err = db.decodeRow(r, p, withHTML); err != nil {
			return p, r, err
		}
	}
	return p, rows[len(rows)-1], nil
}

// decodeRow decodes one version row given the decoded previous version
// (used only when the row is a delta). The facts codec follows the row's.
func (db *DB) decodeRow(r versionRow, prev payload, withHTML bool) (payload, error) {
	var docDict, prevFacts []byte
	switch r.codec {
	case codecFull, codecFullText:
	case codecDelta, codecKey:
		docDict, prevFacts = prev.doc, prev.facts
	default:
		return payload{}, fmt.Errorf("version %d: unknown codec %d", r.n, r.codec)
	}
	doc, err := db.comp.decode(r.parts, docDict)
	if err != nil {
		return payload{}, fmt.Errorf("version %d parts: %w", r.n, err)
	}
	var factsDict []byte
	if r.codec != codecFull {
		factsDict = factsDictionary(doc, prevFacts)
	}
	facts, err := db.comp.decode(r.facts, factsDict)
	if err != nil {
		return payload{}, fmt.Errorf("version %d facts: %w", r.n, err)
	}
	var html []byte
	// HTML deltas depend only on HTML and text, so without the final
	// HTML no HTML of the chain is needed.
	if len(r.html) > 0 && withHTML {
		var htmlDict []byte
		if r.codec != codecFull {
			var d versionDoc
			if err := json.Unmarshal(doc, &d); err != nil {
				return payload{}, fmt.Errorf("version %d parts: %w", r.n, err)
			}
			text := []byte(d.text())
			if r.codec == codecDelta || r.codec == codecKey {
				htmlDict = htmlDictionary(prev.html, text)
			} else {
				htmlDict = text
			}
		}
		if html, err = db.comp.decode(r.html, htmlDict); err != nil {
			return payload{}, fmt.Errorf("version %d html: %w", r.n, err)
		}
	}
	return payload{doc: doc, html: html, facts: facts}, nil
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
