// Package tracker runs one check of a story end to end: fetch, extract,
// dedup, facts, diff, and one store transaction.
package tracker

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/diff"
	"github.com/storywatch/storywatch/facts"
)

// Store is what a check reads and writes.
type Store interface {
	LatestVersion(ctx context.Context, storyID int64) (storywatch.Version, storywatch.Facts, bool, error)
	LatestGoodVersion(ctx context.Context, storyID int64) (storywatch.Version, storywatch.Facts, bool, error)
	VersionByHash(ctx context.Context, storyID int64, hash string) (int, bool, error)
	RecordCheck(ctx context.Context, rec storywatch.CheckRecord) (storywatch.Check, error)
}

// Fetcher fetches one page.
type Fetcher interface {
	Fetch(ctx context.Context, req storywatch.FetchRequest) (storywatch.FetchResult, error)
}

// Extractor extracts the article, with the fast path for unchanged regions.
type Extractor interface {
	Extract(html []byte, hint storywatch.ExtractHint) (storywatch.Extraction, error)
}

// Planner decides when a story is checked next and what state it is in.
// s already carries this check's ConsecutiveErrors and LastChangedAt.
type Planner interface {
	Next(s storywatch.Story, c storywatch.Check, retryAfter time.Time, now time.Time) (time.Time, storywatch.StoryState)
}

// Observer is told about every finished check (metrics).
type Observer interface {
	ObserveCheck(c storywatch.Check, host string)
}

// Tracker checks stories.
type Tracker struct {
	Store     Store
	Fetcher   Fetcher
	Extractor Extractor
	Planner   Planner
	Observer  Observer // optional
	Now       func() time.Time
}

func (t *Tracker) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// Check runs one check of s and records it. The returned error is for
// failures of the run itself (the store); a site's failure is recorded as a
// check with outcome error and returned as the check, with a nil error.
func (t *Tracker) Check(ctx context.Context, s storywatch.Story) (storywatch.Check, error) {
	start := t.now()
	rec := storywatch.CheckRecord{
		Check: storywatch.Check{StoryID: s.ID, URL: s.URL, At: start},
		Story: storywatch.StoryUpdate{
			FinalURL:          s.FinalURL,
			CanonicalURL:      s.CanonicalURL,
			ETag:              s.ETag,
			LastModified:      s.LastModified,
			Region:            s.Region,
			RegionFingerprint: s.RegionFingerprint,
			LastChangedAt:     s.LastChangedAt,
		},
	}
	var retryAfter time.Time
	err := t.run(ctx, s, &rec)
	if err != nil {
		if ctx.Err() != nil {
			return storywatch.Check{}, ctx.Err()
		}
		var fe *storywatch.FetchError
		if errors.As(err, &fe) {
			retryAfter = fe.RetryAfter
			rec.Check.HTTPStatus = fe.Status
			msg := fe.Class
			if fe.Err != nil {
				msg = fe.Err.Error()
			}
			rec.Check.Error = &storywatch.CheckError{Class: fe.Class, Message: msg}
		} else {
			rec.Check.Error = &storywatch.CheckError{Class: storywatch.ErrClassInternal, Message: err.Error()}
		}
		rec.Check.Outcome = storywatch.OutcomeError
		rec.Version, rec.Facts, rec.Changes = nil, nil, nil
	}
	end := t.now()
	rec.Check.DurationMS = end.Sub(start).Milliseconds()

	planned := s
	if rec.Check.Outcome == storywatch.OutcomeError {
		planned.ConsecutiveErrors = s.ConsecutiveErrors + 1
	} else {
		planned.ConsecutiveErrors = 0
	}
	planned.LastChangedAt = rec.Story.LastChangedAt
	rec.Story.ConsecutiveErrors = planned.ConsecutiveErrors
	rec.Story.State = s.State
	rec.Story.NextCheckAt = end.Add(time.Hour)
	if t.Planner != nil {
		rec.Story.NextCheckAt, rec.Story.State = t.Planner.Next(planned, rec.Check, retryAfter, end)
	}
	if rec.Story.State == "" {
		rec.Story.State = storywatch.StateActive
	}
	if rec.Story.State == storywatch.StateGone && s.State != storywatch.StateGone {
		rec.Changes = append(rec.Changes, storywatch.Change{
			Kind:    storywatch.StoryGone,
			Summary: fmt.Sprintf("story gone (HTTP %d)", rec.Check.HTTPStatus),
			At:      start,
		})
	}

	stored, err := t.Store.RecordCheck(ctx, rec)
	if err != nil {
		return rec.Check, fmt.Errorf("record check of %s: %w", s.URL, err)
	}
	if t.Observer != nil {
		t.Observer.ObserveCheck(stored, hostOf(s.URL))
	}
	return stored, nil
}

func (t *Tracker) run(ctx context.Context, s storywatch.Story, rec *storywatch.CheckRecord) error {
	// The story row says whether versions exist; the latest version itself is
	// read only when the page changed, so an unchanged check costs no blob reads.
	hasPrev := s.Versions > 0
	req := storywatch.FetchRequest{URL: s.URL, IgnoreRobots: s.NoRobots}
	if hasPrev {
		// Conditional GET only makes sense when we have what the validators describe.
		req.ETag, req.LastModified = s.ETag, s.LastModified
	}
	res, err := t.Fetcher.Fetch(ctx, req)
	if err != nil {
		return err
	}
	rec.Check.HTTPStatus = res.Status
	rec.Check.Bytes = res.Bytes
	if res.FinalURL != "" {
		rec.Story.FinalURL = res.FinalURL
	}
	if res.NotModified {
		rec.Check.Outcome = storywatch.OutcomeNotModified
		return nil
	}
	rec.Story.ETag, rec.Story.LastModified = res.ETag, res.LastModified

	hint := storywatch.ExtractHint{URL: pageURL(s, res), Selector: s.Selector}
	if hasPrev {
		hint.Region, hint.Fingerprint = s.Region, s.RegionFingerprint
	}
	ex, err := t.Extractor.Extract(res.Body, hint)
	if err != nil {
		return &storywatch.FetchError{Class: storywatch.ErrClassExtract, Status: res.Status, Err: err}
	}
	rec.Story.Region, rec.Story.RegionFingerprint = ex.Region, ex.Fingerprint
	if ex.Unchanged {
		rec.Check.Outcome = storywatch.OutcomeUnchanged
		return nil
	}
	cur := Normalize(ex.Version)
	if cur.Meta.URL == "" {
		cur.Meta.URL = res.FinalURL
	}
	if cur.Meta.CanonicalURL != "" {
		rec.Story.CanonicalURL = cur.Meta.CanonicalURL
	}
	cur.Hash = cur.TextHash()
	cur.FetchedAt = rec.Check.At
	cur.StoryID = s.ID
	var prev storywatch.Version
	var prevFacts storywatch.Facts
	if hasPrev {
		prev, prevFacts, hasPrev, err = t.Store.LatestVersion(ctx, s.ID)
		if err != nil {
			return fmt.Errorf("latest version: %w", err)
		}
	}
	if hasPrev && cur.Hash == prev.Hash {
		rec.Check.Outcome = storywatch.OutcomeUnchanged
		return nil
	}
	cur.HTML = res.Body
	curFacts := facts.Extract(cur).Normalize()
	rec.Check.Outcome = storywatch.OutcomeChanged
	rec.Version, rec.Facts = &cur, &curFacts
	if !hasPrev {
		now := rec.Check.At
		rec.Story.LastChangedAt = &now
		return nil
	}
	return t.compare(ctx, s, prev, prevFacts, rec)
}

// compare fills the changes leading to the new version in rec.
func (t *Tracker) compare(ctx context.Context, s storywatch.Story, prev storywatch.Version, prevFacts storywatch.Facts, rec *storywatch.CheckRecord) error {
	cur, curFacts := *rec.Version, *rec.Facts
	// A suspect version (collapsed text, consent wall, lost headline) is kept
	// but not treated as news; later versions diff against the last good one.
	base, baseFacts := prev, prevFacts
	if prev.Suspect {
		good, goodFacts, ok, err := t.Store.LatestGoodVersion(ctx, s.ID)
		if err != nil {
			return fmt.Errorf("latest good version: %w", err)
		}
		if ok {
			base, baseFacts = good, goodFacts
		}
	}
	if suspect, reason := diff.Suspect(base, cur); suspect {
		rec.Version.Suspect = true
		rec.Changes = []storywatch.Change{{
			Kind:        storywatch.SuspectVersion,
			Summary:     "suspect extraction: " + reason,
			FromVersion: storywatch.Ptr(base.N),
			At:          rec.Check.At,
		}}
		return nil
	}
	if n, ok, err := t.Store.VersionByHash(ctx, s.ID, cur.Hash); err != nil {
		return fmt.Errorf("find earlier version: %w", err)
	} else if ok {
		rec.Version.RevertOf = storywatch.Ptr(n)
		rec.Changes = []storywatch.Change{{
			Kind:        storywatch.Revert,
			Summary:     fmt.Sprintf("text reverted to version %d", n),
			Old:         base.N,
			New:         n,
			FromVersion: storywatch.Ptr(base.N),
			At:          rec.Check.At,
		}}
		return nil
	}
	changes := facts.CompareFacts(base, cur, baseFacts, curFacts)
	for i := range changes {
		changes[i].FromVersion = storywatch.Ptr(base.N)
		changes[i].At = rec.Check.At
	}
	rec.Changes = changes
	now := rec.Check.At
	rec.Story.LastChangedAt = &now
	return nil
}

func pageURL(s storywatch.Story, res storywatch.FetchResult) string {
	if res.FinalURL != "" {
		return res.FinalURL
	}
	return s.URL
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}
