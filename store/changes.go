package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/storywatch/storywatch"
)

// A check's changes are one row: a JSON list of changeRec, zstd-compressed.
// When the check stored version n, the dictionary is changesDictionary of
// that version: its parts and facts and the facts of n-1 when n is a delta.
// A change repeats what those hold — figure and person objects are the facts'
// own JSON, evidence sentences are sentences of the text — so each repeat
// costs a few bytes of match instead of its length. Checks without a version
// (a story gone) compress their changes alone.

// changeRec is one change as stored. Fields equal to what the check implies
// are left out: ToVersion (the check's version), FromVersion (ToVersion-1)
// and At (the check's time).
type changeRec struct {
	Kind        string          `json:"k"`
	Summary     string          `json:"s,omitempty"`
	Field       *string         `json:"f,omitempty"`
	Old         json.RawMessage `json:"o,omitempty"`
	New         json.RawMessage `json:"n,omitempty"`
	Delta       *float64        `json:"d,omitempty"`
	EvidenceOld *string         `json:"eo,omitempty"`
	EvidenceNew *string         `json:"en,omitempty"`
	// FromVersion when not ToVersion-1; 0 stands for none.
	FromVersion *int `json:"fv,omitempty"`
	// ToVersion when the check stored no version.
	ToVersion *int `json:"tv,omitempty"`
	// At in Unix nanoseconds when not the check's time.
	At *int64 `json:"at,omitempty"`
}

// defaultFrom is the FromVersion a change to version to has unless told.
func defaultFrom(to int) *int {
	if to > 1 {
		return storywatch.Ptr(to - 1)
	}
	return nil
}

func sameIntPtr(a, b *int) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// changesDictionary is what the changes of a check that stored a version are
// compressed against; writing and reading build it the same way. The
// current facts come last: their objects are repeated most, and the nearest
// bytes have the shortest offsets.
func changesDictionary(prevFacts, doc, facts []byte) []byte {
	d := make([]byte, 0, len(prevFacts)+len(doc)+len(facts))
	return append(append(append(d, prevFacts...), doc...), facts...)
}

// encodeChanges encodes the changes of a check with version checkVersion
// (nil: none) at checkAt. dict is nil without a version.
func (db *DB) encodeChanges(chs []storywatch.Change, checkVersion *int, checkAt time.Time, dict []byte) ([]byte, error) {
	recs := make([]changeRec, len(chs))
	for i, ch := range chs {
		r := changeRec{Kind: string(ch.Kind), Summary: ch.Summary, Field: ch.Field, Delta: ch.Delta,
			EvidenceOld: ch.EvidenceOld, EvidenceNew: ch.EvidenceNew}
		var err error
		if r.Old, err = rawValue(ch.Old); err != nil {
			return nil, fmt.Errorf("change %s old value: %w", ch.Kind, err)
		}
		if r.New, err = rawValue(ch.New); err != nil {
			return nil, fmt.Errorf("change %s new value: %w", ch.Kind, err)
		}
		if checkVersion == nil || *checkVersion != ch.ToVersion {
			r.ToVersion = storywatch.Ptr(ch.ToVersion)
		}
		if !sameIntPtr(ch.FromVersion, defaultFrom(ch.ToVersion)) {
			r.FromVersion = storywatch.Ptr(0)
			if ch.FromVersion != nil {
				r.FromVersion = ch.FromVersion
			}
		}
		if !ch.At.Equal(checkAt) {
			r.At = storywatch.Ptr(nanos(ch.At))
		}
		recs[i] = r
	}
	js, err := json.Marshal(recs)
	if err != nil {
		return nil, err
	}
	return db.comp.encode(js, dict)
}

// rawValue encodes a change's old/new value; nil stays absent.
func rawValue(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if string(b) == "null" {
		return nil, nil
	}
	return b, nil
}

// decodeChanges is encodeChanges reversed.
func (db *DB) decodeChanges(blob []byte, checkVersion *int, checkAt time.Time, dict []byte) ([]storywatch.Change, error) {
	js, err := db.comp.decode(blob, dict)
	if err != nil {
		return nil, err
	}
	var recs []changeRec
	if err := json.Unmarshal(js, &recs); err != nil {
		return nil, fmt.Errorf("decode changes: %w", err)
	}
	out := make([]storywatch.Change, len(recs))
	for i, r := range recs {
		ch := storywatch.Change{Kind: storywatch.ChangeKind(r.Kind), Summary: r.Summary, Field: r.Field, Delta: r.Delta,
			EvidenceOld: r.EvidenceOld, EvidenceNew: r.EvidenceNew, At: checkAt}
		switch {
		case r.ToVersion != nil:
			ch.ToVersion = *r.ToVersion
		case checkVersion != nil:
			ch.ToVersion = *checkVersion
		}
		ch.FromVersion = defaultFrom(ch.ToVersion)
		if r.FromVersion != nil {
			ch.FromVersion = nil
			if *r.FromVersion != 0 {
				ch.FromVersion = storywatch.Ptr(*r.FromVersion)
			}
		}
		if r.At != nil {
			ch.At = fromNanos(*r.At)
		}
		if ch.Old, err = fromRawValue(r.Old); err != nil {
			return nil, fmt.Errorf("change old value: %w", err)
		}
		if ch.New, err = fromRawValue(r.New); err != nil {
			return nil, fmt.Errorf("change new value: %w", err)
		}
		out[i] = ch
	}
	return out, nil
}

// fromRawValue decodes with UseNumber so numbers come back exactly as written.
func fromRawValue(b json.RawMessage) (any, error) {
	if len(b) == 0 {
		return nil, nil
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// checkChanges is one stored changes row with its check.
type checkChanges struct {
	checkID int64
	at      time.Time
	version *int
	data    []byte
}

// storyChanges reads the changes rows of a story's checks with id >= minCheck,
// in check order, and decodes them.
func (db *DB) storyChanges(ctx context.Context, q querier, storyID, minCheck int64) ([]checkChanges, map[int64][]storywatch.Change, error) {
	rows, err := q.QueryContext(ctx, db.q(`SELECT k.id, k.at, k.version, c.data FROM checks k
		JOIN changes c ON c.check_id = k.id WHERE k.story_id = $1 AND k.id >= $2 ORDER BY k.id`), storyID, minCheck)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ccs []checkChanges
	need := map[int]bool{}
	for rows.Next() {
		var (
			cc checkChanges
			at int64
			n  sql.NullInt64
		)
		if err := rows.Scan(&cc.checkID, &at, &n, &cc.data); err != nil {
			return nil, nil, err
		}
		cc.at, cc.version = fromNanos(at), fromNullInt(n)
		if cc.version != nil {
			need[*cc.version] = true
		}
		ccs = append(ccs, cc)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows.Close()
	dicts, err := db.changesDicts(ctx, q, storyID, need)
	if err != nil {
		return nil, nil, err
	}
	out := make(map[int64][]storywatch.Change, len(ccs))
	for _, cc := range ccs {
		var dict []byte
		if cc.version != nil {
			dict = dicts[*cc.version]
		}
		chs, err := db.decodeChanges(cc.data, cc.version, cc.at, dict)
		if err != nil {
			return nil, nil, fmt.Errorf("changes of check #%d: %w", cc.checkID, err)
		}
		out[cc.checkID] = chs
	}
	return ccs, out, nil
}

// changesDicts builds the changes dictionaries of the story's versions in
// need, decoding parts and facts (never HTML) forward from the last full copy
// at or before the smallest.
func (db *DB) changesDicts(ctx context.Context, q querier, storyID int64, need map[int]bool) (map[int][]byte, error) {
	out := map[int][]byte{}
	if len(need) == 0 {
		return out, nil
	}
	lo, hi := -1, 0
	for n := range need {
		if lo < 0 || n < lo {
			lo = n
		}
		hi = max(hi, n)
	}
	rows, err := q.QueryContext(ctx, db.q(`SELECT v.n, v.codec, v.parts, f.data
		FROM versions v JOIN facts f ON f.version_id = v.id
		WHERE v.story_id = $1 AND v.n <= $2
		AND v.n >= (SELECT MAX(n) FROM versions WHERE story_id = $1 AND n <= $3 AND codec <> $4)
		ORDER BY v.n`), storyID, hi, lo, codecDelta)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var prev payload
	for first := true; rows.Next(); first = false {
		var r versionRow
		if err := rows.Scan(&r.n, &r.codec, &r.parts, &r.facts); err != nil {
			return nil, err
		}
		if first && r.codec == codecDelta {
			return nil, fmt.Errorf("version %d: broken delta chain", r.n)
		}
		p, err := db.decodeRow(r, prev, false)
		if err != nil {
			return nil, err
		}
		if need[r.n] {
			var pf []byte
			if r.codec == codecDelta {
				pf = prev.facts
			}
			out[r.n] = changesDictionary(pf, p.doc, p.facts)
		}
		prev = p
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for n := range need {
		if _, ok := out[n]; !ok {
			return nil, fmt.Errorf("version %d: %w", n, storywatch.ErrNotFound)
		}
	}
	return out, nil
}

// sortChanges orders a story's changes by the version they lead to, keeping
// check order within one version.
func sortChanges(chs []storywatch.Change) {
	sort.SliceStable(chs, func(i, j int) bool { return chs[i].ToVersion < chs[j].ToVersion })
}
