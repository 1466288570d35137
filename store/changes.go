package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/diff"
)

// A check's changes are a JSON list of changeRec. When the check stored a
// version they are part of its container (codec.go) and compress against
// the version's text and facts and the previous version's changes; a
// change repeats what those hold (figure and person objects are the facts'
// own JSON, evidence sentences are sentences of the text). Before that, the
// plainest repeats are cut outright: an old or new value that is an object
// of the previous or current facts is stored as its place in the list, and
// evidence equal to the value's own evidence as a flag. The changes of a
// check without a version (a story gone) are a row of the changes table,
// compressed against changesVocabulary alone.

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
	// OldRef/NewRef name Old/New as an object of the previous/current
	// facts (factsRef), Old/New then absent.
	OldRef string `json:"or,omitempty"`
	NewRef string `json:"nr,omitempty"`
	// Same: evidenceOldSame|evidenceNewSame when EvidenceOld/New equal the
	// "evidence" of Old/New and are left out.
	Same int `json:"e,omitempty"`
	// EvidenceOldRef/NewRef name EvidenceOld/New as the evidence of an
	// object of the previous/current facts, EvidenceOld/New then absent.
	EvidenceOldRef string `json:"eor,omitempty"`
	EvidenceNewRef string `json:"enr,omitempty"`
	// Stats is New when it is a text_changed's DiffStats, as statsArray;
	// New then absent.
	Stats json.RawMessage `json:"ns,omitempty"`
}

const (
	evidenceOldSame = 1 << iota
	evidenceNewSame
	// summaryTemplate: Summary holds templateOld and templateNew where it
	// quoted the string values Old and New ("headline: \"…\" → \"…\"").
	summaryTemplate
	// summaryRendered: Summary is left out; it is diff.Summary of New, the
	// statistics of a text_changed (TestRenderedSummaryFrozen pins it).
	summaryRendered
	// statsDerived: New is left out; it is the statistics of diff.Versions
	// from version n-1 to n, recomputed from their texts (derivedStats).
	statsDerived
)

// maxDerivedText bounds the parts JSON of the two versions whose
// text_changed statistics are recomputed rather than stored: a diff of two
// articles costs well under a millisecond, one of two 200 KB live blogs
// some 16 ms, too much to pay again for every version a history lists.
const maxDerivedText = 32 << 10

// derivedStats is the JSON of the text statistics from the version whose
// parts are prevDoc to the one whose parts are doc, false when those are
// absent or too long to diff again on every read.
func derivedStats(prevDoc, doc []byte) (json.RawMessage, bool, error) {
	if len(prevDoc) == 0 || len(doc) == 0 || len(prevDoc)+len(doc) > maxDerivedText {
		return nil, false, nil
	}
	var vs [2]storywatch.Version
	for i, js := range [][]byte{prevDoc, doc} {
		var d versionDoc
		if err := json.Unmarshal(js, &d); err != nil {
			return nil, false, fmt.Errorf("parts: %w", err)
		}
		d.apply(&vs[i])
	}
	b, err := json.Marshal(diff.Versions(vs[0], vs[1]).Stats)
	return b, err == nil, err
}

// textStats decodes raw if it is exactly the JSON of a DiffStats.
func textStats(raw json.RawMessage) (storywatch.DiffStats, bool) {
	var st storywatch.DiffStats
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if len(raw) == 0 || raw[0] != '{' || d.Decode(&st) != nil {
		return st, false
	}
	again, err := json.Marshal(st)
	return st, err == nil && bytes.Equal(again, raw)
}

// renderedSummary is diff.Summary of a change's statistics, if raw is
// exactly a DiffStats.
func renderedSummary(raw json.RawMessage) (string, bool) {
	st, ok := textStats(raw)
	if !ok {
		return "", false
	}
	return diff.Summary(st), true
}

// statsArray is a DiffStats as a JSON array in field order: seven numbers
// in a row compress to fewer bytes than seven keys between them.
func statsArray(st storywatch.DiffStats) (json.RawMessage, error) {
	return json.Marshal([]any{st.SentencesAdded, st.SentencesRemoved, st.SentencesChanged, st.SentencesMoved,
		st.WordsAdded, st.WordsRemoved, st.EditRatio})
}

func statsFromArray(raw json.RawMessage) (json.RawMessage, error) {
	var a []json.Number
	if err := json.Unmarshal(raw, &a); err != nil || len(a) != 7 {
		return nil, fmt.Errorf("statistics %s: not 7 numbers", raw)
	}
	var ints [6]int
	for i := range ints {
		n, err := a[i].Int64()
		if err != nil {
			return nil, fmt.Errorf("statistics %s: %w", raw, err)
		}
		ints[i] = int(n)
	}
	ratio, err := a[6].Float64()
	if err != nil {
		return nil, fmt.Errorf("statistics %s: %w", raw, err)
	}
	return json.Marshal(storywatch.DiffStats{SentencesAdded: ints[0], SentencesRemoved: ints[1], SentencesChanged: ints[2],
		SentencesMoved: ints[3], WordsAdded: ints[4], WordsRemoved: ints[5], EditRatio: ratio})
}

const (
	templateOld = "\x01"
	templateNew = "\x02"
)

// templateSummary cuts the string values old and new (JSON) out of a
// summary that quotes them, if it can be put back exactly.
func templateSummary(summary string, old, new json.RawMessage) (string, bool) {
	var o, n string
	if json.Unmarshal(old, &o) != nil || json.Unmarshal(new, &n) != nil || o == "" || n == "" ||
		strings.ContainsAny(summary+o+n, templateOld+templateNew) {
		return summary, false
	}
	t := strings.Replace(summary, o, templateOld, 1)
	t = strings.Replace(t, n, templateNew, 1)
	if t == summary || fillSummary(t, o, n) != summary {
		return summary, false
	}
	return t, true
}

func fillSummary(t, old, new string) string {
	return strings.Replace(strings.Replace(t, templateOld, old, 1), templateNew, new, 1)
}

// changesBase is what a version's changes refer to: its facts and parts
// JSON and those of version n-1 when n is a delta against it (nil
// otherwise).
type changesBase struct {
	prevFacts, facts []byte
	prevDoc, doc     []byte
}

// indexes returns the indexes of the previous and current facts, each with
// its version's headline as reference "h" (a headline_changed's values).
func (b *changesBase) indexes() (prev, cur factsIndex, err error) {
	if b == nil {
		if prev, err = indexFacts(nil, nil); err != nil {
			return prev, cur, err
		}
		cur, err = indexFacts(nil, nil)
		return prev, cur, err
	}
	if prev, err = indexFacts(b.prevFacts, b.prevDoc); err != nil {
		return prev, cur, err
	}
	cur, err = indexFacts(b.facts, b.doc)
	return prev, cur, err
}

// changesVocabulary is the dictionary of the changes rows of checks
// without a version: the words changes repeat (kinds, keys, summary
// phrases), so a "story_gone" is a match, not 10 literals. Stored blobs depend on it
// byte for byte: never edit it, only a new format may use another.
const changesVocabulary = `[{"k":"text_changed","s":"1 sentence changed, 2 sentences added, 3 sentences removed, ` +
	`4 sentences moved, +5/−6 words","f":"text","n":{"sentences_added":0,"sentences_removed":0,"sentences_changed":1,` +
	`"sentences_moved":0,"words_added":0,"words_removed":0,"edit_ratio":0.01}},` +
	`{"k":"headline_changed","s":"headline: \"","f":"headline","o":"","n":"","e":3},` +
	`{"k":"figure_added","s":"new figure: "},{"k":"figure_removed","s":"figure dropped: "},` +
	`{"k":"figure_changed","s":"killed injured critical hospitalized missing arrested evacuated displaced affected ` +
	`at least more than at most up to about nearly → (+1)","f":"killed","d":1,"or":"f.0","nr":"f.0","e":3},` +
	`{"k":"person_identified","s":"victim identified: suspect attacker named: official witness person","f":"person","nr":"p.0","e":2},` +
	`{"k":"person_updated","s":"age of name of role of nationality of hometown of status of description of  → dead injured",` +
	`"f":"person.age","f":"person.status","f":"person.name","f":"person.role","f":"person.description",` +
	`"eor":"p.0","enr":"p.0"},` +
	`{"k":"person_removed","s":"no longer mentioned:  (","f":"person","or":"p.0","e":1},` +
	`{"k":"claim_added","s":"responsibility claimed by ","f":"claim","nr":"c.0","e":2},` +
	`{"k":"claim_removed","s":"responsibility denied by attributed to ","or":"c.0","e":1},` +
	`{"k":"correction_added","s":"correction: "},{"k":"silent_edit","s":"silent edit: "},` +
	`{"k":"revert","s":"text reverted to version "},{"k":"story_gone","s":"story gone (HTTP 404)"},` +
	`{"k":"suspect_version","s":"suspect extraction: ","fv":1,"tv":1,"at":1}]`

// factsIndex maps each object of a facts JSON document to its reference
// ("people.1") and back.
type factsIndex struct {
	byJSON     map[string]string
	byRef      map[string]json.RawMessage
	byEvidence map[string]string
}

func indexFacts(js, doc []byte) (factsIndex, error) {
	x := factsIndex{byJSON: map[string]string{}, byRef: map[string]json.RawMessage{}, byEvidence: map[string]string{}}
	if len(doc) > 0 {
		var d struct {
			Headline string `json:"h"`
		}
		if err := json.Unmarshal(doc, &d); err != nil {
			return x, fmt.Errorf("index parts: %w", err)
		}
		if h, err := json.Marshal(d.Headline); err == nil && d.Headline != "" {
			x.byRef["h"], x.byJSON[string(h)] = h, "h"
		}
	}
	if len(js) == 0 {
		return x, nil
	}
	var lists map[string][]json.RawMessage
	if err := json.Unmarshal(js, &lists); err != nil {
		return x, fmt.Errorf("index facts: %w", err)
	}
	for list, objs := range lists {
		for i, o := range objs {
			ref := fmt.Sprintf("%s.%d", list[:1], i)
			x.byRef[ref] = o
			if _, dup := x.byJSON[string(o)]; !dup {
				x.byJSON[string(o)] = ref
			}
			if e, ok := evidenceOf(o); ok {
				if _, dup := x.byEvidence[e]; !dup {
					x.byEvidence[e] = ref
				}
			}
		}
	}
	return x, nil
}

// evidenceOf returns the "evidence" string of a JSON object, if it has one,
// and a JSON string itself (a headline is its own evidence).
func evidenceOf(raw json.RawMessage) (string, bool) {
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		return s, json.Unmarshal(raw, &s) == nil
	}
	if len(raw) == 0 || raw[0] != '{' {
		return "", false
	}
	var o struct {
		Evidence *string `json:"evidence"`
	}
	if json.Unmarshal(raw, &o) != nil || o.Evidence == nil {
		return "", false
	}
	return *o.Evidence, true
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func sameEvidence(ev *string, raw json.RawMessage) bool {
	if ev == nil {
		return false
	}
	e, ok := evidenceOf(raw)
	return ok && e == *ev
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

// encodeChanges encodes the changes of a check with version checkVersion
// (nil: none) at checkAt as JSON, nil when there are none. base is nil
// without a version.
func encodeChanges(chs []storywatch.Change, checkVersion *int, checkAt time.Time, base *changesBase) ([]byte, error) {
	prevIdx, curIdx, err := base.indexes()
	if err != nil {
		return nil, err
	}
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
		if sum, ok := renderedSummary(r.New); ok && sum == r.Summary && r.Kind == string(storywatch.TextChanged) {
			r.Summary, r.Same = "", r.Same|summaryRendered
		} else if t, ok := templateSummary(r.Summary, r.Old, r.New); ok {
			r.Summary, r.Same = t, r.Same|summaryTemplate
		}
		if sameEvidence(r.EvidenceOld, r.Old) {
			r.Same |= evidenceOldSame
			r.EvidenceOld = nil
		}
		if sameEvidence(r.EvidenceNew, r.New) {
			r.Same |= evidenceNewSame
			r.EvidenceNew = nil
		}
		if ref, ok := prevIdx.byEvidence[deref(r.EvidenceOld)]; ok && r.EvidenceOld != nil {
			r.EvidenceOldRef, r.EvidenceOld = ref, nil
		}
		if ref, ok := curIdx.byEvidence[deref(r.EvidenceNew)]; ok && r.EvidenceNew != nil {
			r.EvidenceNewRef, r.EvidenceNew = ref, nil
		}
		if ref, ok := prevIdx.byJSON[string(r.Old)]; ok && len(r.Old) > 0 {
			r.OldRef, r.Old = ref, nil
		}
		if ref, ok := curIdx.byJSON[string(r.New)]; ok && len(r.New) > 0 {
			r.NewRef, r.New = ref, nil
		}
		if err := compactStats(&r, ch, checkVersion, base); err != nil {
			return nil, err
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
	if len(recs) == 0 {
		return nil, nil
	}
	return json.Marshal(recs)
}

// compactStats leaves out the statistics of a text_changed from version
// n-1 to n when they are what diff.Versions finds between the two texts
// (statsDerived), and otherwise stores them as an array.
func compactStats(r *changeRec, ch storywatch.Change, checkVersion *int, base *changesBase) error {
	st, ok := textStats(r.New)
	if !ok || r.Kind != string(storywatch.TextChanged) {
		return nil
	}
	if base != nil && checkVersion != nil && ch.ToVersion == *checkVersion &&
		sameIntPtr(ch.FromVersion, defaultFrom(ch.ToVersion)) {
		d, ok, err := derivedStats(base.prevDoc, base.doc)
		if err != nil {
			return err
		}
		if ok && bytes.Equal(d, r.New) {
			r.New, r.Same = nil, r.Same|statsDerived
			return nil
		}
	}
	arr, err := statsArray(st)
	if err != nil {
		return err
	}
	if back, err := statsFromArray(arr); err == nil && bytes.Equal(back, r.New) {
		r.Stats, r.New = arr, nil
	}
	return nil
}

// encodeLooseChanges is the changes row of a check without a version.
func (db *DB) encodeLooseChanges(chs []storywatch.Change, checkAt time.Time) ([]byte, error) {
	js, err := encodeChanges(chs, nil, checkAt, nil)
	if err != nil {
		return nil, err
	}
	return db.comp.encode(js, []byte(changesVocabulary))
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
func decodeChanges(js []byte, checkVersion *int, checkAt time.Time, base *changesBase) ([]storywatch.Change, error) {
	if len(js) == 0 {
		return nil, nil
	}
	var err error
	var recs []changeRec
	if err := json.Unmarshal(js, &recs); err != nil {
		return nil, fmt.Errorf("decode changes: %w", err)
	}
	prevIdx, curIdx, err := base.indexes()
	if err != nil {
		return nil, err
	}
	out := make([]storywatch.Change, len(recs))
	for i, r := range recs {
		if len(r.Stats) > 0 {
			if r.New, err = statsFromArray(r.Stats); err != nil {
				return nil, fmt.Errorf("change %s: %w", r.Kind, err)
			}
		}
		if r.Same&statsDerived != 0 {
			d, ok, err := derivedStats(base.prevDoc, base.doc)
			if err != nil || !ok {
				return nil, fmt.Errorf("change %s: statistics to recompute without both versions' texts (%v)", r.Kind, err)
			}
			r.New = d
		}
		if r.OldRef != "" {
			if r.Old = prevIdx.byRef[r.OldRef]; r.Old == nil {
				return nil, fmt.Errorf("change %s: no previous facts object %s", r.Kind, r.OldRef)
			}
		}
		if r.NewRef != "" {
			if r.New = curIdx.byRef[r.NewRef]; r.New == nil {
				return nil, fmt.Errorf("change %s: no facts object %s", r.Kind, r.NewRef)
			}
		}
		if r.EvidenceOldRef != "" {
			e, ok := evidenceOf(prevIdx.byRef[r.EvidenceOldRef])
			if !ok {
				return nil, fmt.Errorf("change %s: no previous facts evidence %s", r.Kind, r.EvidenceOldRef)
			}
			r.EvidenceOld = &e
		}
		if r.EvidenceNewRef != "" {
			e, ok := evidenceOf(curIdx.byRef[r.EvidenceNewRef])
			if !ok {
				return nil, fmt.Errorf("change %s: no facts evidence %s", r.Kind, r.EvidenceNewRef)
			}
			r.EvidenceNew = &e
		}
		if r.Same&summaryRendered != 0 {
			sum, ok := renderedSummary(r.New)
			if !ok {
				return nil, fmt.Errorf("change %s: rendered summary without statistics", r.Kind)
			}
			r.Summary = sum
		}
		if r.Same&summaryTemplate != 0 {
			var o, n string
			if json.Unmarshal(r.Old, &o) != nil || json.Unmarshal(r.New, &n) != nil {
				return nil, fmt.Errorf("change %s: summary template without string values", r.Kind)
			}
			r.Summary = fillSummary(r.Summary, o, n)
		}
		if r.Same&evidenceOldSame != 0 {
			e, _ := evidenceOf(r.Old)
			r.EvidenceOld = &e
		}
		if r.Same&evidenceNewSame != 0 {
			e, _ := evidenceOf(r.New)
			r.EvidenceNew = &e
		}
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

// storyHistory is what storyChanges decodes of a story.
type storyHistory struct {
	checks   []int64                       // checks with changes, in id order
	changes  map[int64][]storywatch.Change // by check id
	storedBy map[int]int64                 // version n → the check that stored it
	versions []VersionInfo                 // the versions walked, oldest first, without changes
}

// storyChanges decodes the changes of the story's checks with id >= minCheck,
// walking the versions those checks stored, and at least versions 1…upTo.
func (db *DB) storyChanges(ctx context.Context, q querier, storyID, minCheck int64, upTo int) (storyHistory, error) {
	h := storyHistory{changes: map[int64][]storywatch.Change{}, storedBy: map[int]int64{}}
	rows, err := q.QueryContext(ctx, db.q(`SELECT k.id, k.at, k.version, c.data FROM checks k
		LEFT JOIN changes c ON c.check_id = k.id
		WHERE k.story_id = $1 AND k.id >= $2 AND (k.version IS NOT NULL OR c.check_id IS NOT NULL)
		ORDER BY k.id`), storyID, minCheck)
	if err != nil {
		return h, err
	}
	defer rows.Close()
	at := map[int]time.Time{}
	lo, hi := 0, 0
	for rows.Next() {
		var (
			id    int64
			nanos int64
			n     sql.NullInt64
			data  []byte
		)
		if err := rows.Scan(&id, &nanos, &n, &data); err != nil {
			return h, err
		}
		h.checks = append(h.checks, id)
		if !n.Valid {
			js, err := db.comp.decode(data, []byte(changesVocabulary))
			if err != nil {
				return h, fmt.Errorf("changes of check #%d: %w", id, err)
			}
			if h.changes[id], err = decodeChanges(js, nil, fromNanos(nanos), nil); err != nil {
				return h, fmt.Errorf("changes of check #%d: %w", id, err)
			}
			continue
		}
		v := int(n.Int64)
		h.storedBy[v], at[v] = id, fromNanos(nanos)
		if lo == 0 || v < lo {
			lo = v
		}
		hi = max(hi, v)
	}
	if err := rows.Err(); err != nil {
		return h, err
	}
	rows.Close()
	if upTo > 0 {
		lo, hi = 1, max(hi, upTo)
	}
	if hi == 0 {
		return h, nil
	}
	err = db.walk(ctx, q, storyID, lo, hi, func(d *decoded) error {
		var doc versionDoc
		if err := json.Unmarshal(d.doc, &doc); err != nil {
			return fmt.Errorf("version %d parts: %w", d.n, err)
		}
		var v storywatch.Version
		doc.apply(&v)
		h.versions = append(h.versions, VersionInfo{N: d.n, FetchedAt: d.fetchedAt, Hash: v.TextHash(), Title: doc.Headline,
			Suspect: d.suspect, RevertOf: d.revertOf})
		id, ok := h.storedBy[d.n]
		if !ok {
			return nil
		}
		n := d.n
		chs, err := decodeChanges(d.changes, &n, at[n], &changesBase{prevFacts: d.prevFacts, facts: d.facts,
			prevDoc: d.prevDoc, doc: d.doc})
		if err != nil {
			return fmt.Errorf("changes of version %d: %w", n, err)
		}
		h.changes[id] = chs
		return nil
	})
	return h, err
}

// sortChanges orders a story's changes by the version they lead to, keeping
// check order within one version.
func sortChanges(chs []storywatch.Change) {
	sort.SliceStable(chs, func(i, j int) bool { return chs[i].ToVersion < chs[j].ToVersion })
}
