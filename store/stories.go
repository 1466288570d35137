package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/storywatch/storywatch"
)

const storyCols = `id, url, canonical_url, final_url, event, schedule, selector, no_robots,
	source, config_line, state, added_at, last_checked_at, last_changed_at, next_check_at,
	consecutive_errors, etag, last_modified, region, region_fingerprint, versions_count,
	latest_title, latest_figures`

type scanner interface{ Scan(dest ...any) error }

func scanStory(s scanner) (storywatch.Story, error) {
	var (
		st                       storywatch.Story
		state                    string
		added, next              int64
		lastChecked, lastChanged sql.NullInt64
		figures                  string
	)
	err := s.Scan(&st.ID, &st.URL, &st.CanonicalURL, &st.FinalURL, &st.Event, &st.Schedule,
		&st.Selector, &st.NoRobots, &st.Source, &st.ConfigLine, &state, &added, &lastChecked,
		&lastChanged, &next, &st.ConsecutiveErrors, &st.ETag, &st.LastModified, &st.Region,
		&st.RegionFingerprint, &st.Versions, &st.LatestTitle, &figures)
	if err != nil {
		return st, err
	}
	st.State = storywatch.StoryState(state)
	st.AddedAt = fromNanos(added)
	st.NextCheckAt = fromNanos(next)
	st.LastCheckedAt = fromNullNanos(lastChecked)
	st.LastChangedAt = fromNullNanos(lastChanged)
	if figures != "" {
		if err := json.Unmarshal([]byte(figures), &st.LatestFigures); err != nil {
			return st, fmt.Errorf("story %s: latest figures: %w", st.URL, err)
		}
	}
	if st.LatestFigures == nil {
		st.LatestFigures = []storywatch.Figure{}
	}
	return st, nil
}

func queryStories(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string, args ...any) ([]storywatch.Story, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []storywatch.Story{}
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

func validateNewStory(s NewStory) error {
	if strings.TrimSpace(s.URL) == "" {
		return fmt.Errorf("story without URL: %w", storywatch.ErrInvalid)
	}
	if s.Source != storywatch.SourceCLI && s.Source != storywatch.SourceConfig {
		return fmt.Errorf("story %s: source %q: %w", s.URL, s.Source, storywatch.ErrInvalid)
	}
	return nil
}

// AddStories inserts new stories (due at once); a tracked URL is a no-op
// unless it brings a different event, schedule or selector; a stopped story
// is reactivated. All or nothing.
func (db *DB) AddStories(ctx context.Context, stories []NewStory) ([]AddResult, error) {
	for _, s := range stories {
		if err := validateNewStory(s); err != nil {
			return nil, fmt.Errorf("add stories: %w", err)
		}
	}
	var out []AddResult
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		now := db.now()
		for _, s := range stories {
			r, err := db.addStory(ctx, tx, s, now)
			if err != nil {
				return fmt.Errorf("add story %s: %w", s.URL, err)
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (db *DB) addStory(ctx context.Context, tx *sql.Tx, s NewStory, now time.Time) (AddResult, error) {
	r := AddResult{URL: s.URL}
	var (
		id                       int64
		state, event, sched, sel string
	)
	err := tx.QueryRowContext(ctx, db.q(`SELECT id, state, event, schedule, selector FROM stories WHERE url = $1`), s.URL).
		Scan(&id, &state, &event, &sched, &sel)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = tx.ExecContext(ctx, db.q(`INSERT INTO stories (url, event, schedule, selector, no_robots,
			source, config_line, state, added_at, next_check_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`),
			s.URL, s.Event, s.Schedule, s.Selector, s.NoRobots, s.Source, s.ConfigLine,
			string(storywatch.StateActive), nanos(now))
		r.Added = err == nil
		return r, err
	}
	if err != nil {
		return r, err
	}
	if storywatch.StoryState(state) == storywatch.StateStopped {
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE stories SET state = $1, next_check_at = $2,
			consecutive_errors = 0 WHERE id = $3`), string(storywatch.StateActive), nanos(now), id); err != nil {
			return r, err
		}
		r.Reactivated = true
	}
	// Only what the caller states changes; an empty field keeps the old value.
	newEvent, newSched, newSel := pick(s.Event, event), pick(s.Schedule, sched), pick(s.Selector, sel)
	if newEvent != event || newSched != sched || newSel != sel {
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE stories SET event = $1, schedule = $2, selector = $3
			WHERE id = $4`), newEvent, newSched, newSel, id); err != nil {
			return r, err
		}
		r.Updated = true
	}
	return r, nil
}

func pick(s, old string) string {
	if s == "" {
		return old
	}
	return s
}

const configHashKey = "config_stories_hash"

// SyncConfigStories makes the config stories match the config file: upserts
// the listed ones (source config), reactivates listed ones that were retired,
// and retires config stories no longer listed. Stories added on the command
// line are never touched: a URL both added and listed keeps its one cli row.
func (db *DB) SyncConfigStories(ctx context.Context, hash string, stories []NewStory) (bool, error) {
	for _, s := range stories {
		s.Source = storywatch.SourceConfig
		if err := validateNewStory(s); err != nil {
			return false, fmt.Errorf("sync config stories: %w", err)
		}
	}
	wrote := false
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, db.q(`SELECT value FROM kv WHERE key = $1`), configHashKey).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil && old == hash {
			return nil
		}
		wrote = true
		now := nanos(db.now())
		listed := make(map[string]bool, len(stories))
		for _, s := range stories {
			listed[s.URL] = true
			var (
				id     int64
				source string
				state  string
			)
			err := tx.QueryRowContext(ctx, db.q(`SELECT id, source, state FROM stories WHERE url = $1`), s.URL).
				Scan(&id, &source, &state)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				_, err = tx.ExecContext(ctx, db.q(`INSERT INTO stories (url, event, schedule, selector,
					no_robots, source, config_line, state, added_at, next_check_at)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`),
					s.URL, s.Event, s.Schedule, s.Selector, s.NoRobots, storywatch.SourceConfig,
					s.ConfigLine, string(storywatch.StateActive), now)
			case err != nil:
			case source != storywatch.SourceConfig:
				continue
			default:
				_, err = tx.ExecContext(ctx, db.q(`UPDATE stories SET event = $1, schedule = $2,
					selector = $3, no_robots = $4, config_line = $5 WHERE id = $6`),
					s.Event, s.Schedule, s.Selector, s.NoRobots, s.ConfigLine, id)
				if err == nil && storywatch.StoryState(state) == storywatch.StateStopped {
					_, err = tx.ExecContext(ctx, db.q(`UPDATE stories SET state = $1, next_check_at = $2,
						consecutive_errors = 0 WHERE id = $3`), string(storywatch.StateActive), now, id)
				}
			}
			if err != nil {
				return fmt.Errorf("config story %s: %w", s.URL, err)
			}
		}
		rows, err := tx.QueryContext(ctx, db.q(`SELECT id, url FROM stories WHERE source = $1 AND state <> $2`),
			storywatch.SourceConfig, string(storywatch.StateStopped))
		if err != nil {
			return err
		}
		var retire []int64
		for rows.Next() {
			var (
				id  int64
				url string
			)
			if err := rows.Scan(&id, &url); err != nil {
				rows.Close()
				return err
			}
			if !listed[url] {
				retire = append(retire, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range retire {
			if _, err := tx.ExecContext(ctx, db.q(`UPDATE stories SET state = $1 WHERE id = $2`),
				string(storywatch.StateStopped), id); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, db.q(`INSERT INTO kv (key, value) VALUES ($1, $2)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`), configHashKey, hash)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("sync config stories: %w", err)
	}
	return wrote, nil
}

// RemoveStory retires a story: state stopped, history kept.
func (db *DB) RemoveStory(ctx context.Context, url string) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		id, err := db.lookup(ctx, tx, url)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, db.q(`UPDATE stories SET state = $1 WHERE id = $2`),
			string(storywatch.StateStopped), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("remove story %s: %w", url, err)
	}
	return nil
}

type querier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// lookup finds a story id by URL as added, else canonical URL, else final URL.
func (db *DB) lookup(ctx context.Context, q querier, url string) (int64, error) {
	if url == "" {
		return 0, fmt.Errorf("story without URL: %w", storywatch.ErrNotFound)
	}
	var id int64
	err := q.QueryRowContext(ctx, db.q(`SELECT id FROM stories WHERE url = $1
		OR canonical_url = $1 OR final_url = $1
		ORDER BY CASE WHEN url = $1 THEN 0 WHEN canonical_url = $1 THEN 1 ELSE 2 END, id
		LIMIT 1`), url).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("story %s: %w", url, storywatch.ErrNotFound)
	}
	return id, err
}

// Story finds a story by URL as added, canonical URL or final URL.
func (db *DB) Story(ctx context.Context, url string) (storywatch.Story, error) {
	id, err := db.lookup(ctx, db.r, url)
	if err != nil {
		return storywatch.Story{}, err
	}
	return db.storyByID(ctx, db.r, id)
}

func (db *DB) storyByID(ctx context.Context, q querier, id int64) (storywatch.Story, error) {
	st, err := scanStory(q.QueryRowContext(ctx, db.q(`SELECT `+storyCols+` FROM stories WHERE id = $1`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("story #%d: %w", id, storywatch.ErrNotFound)
	}
	if err != nil {
		return st, fmt.Errorf("story #%d: %w", id, err)
	}
	return st, nil
}

// Stories lists stories in the order they were added.
func (db *DB) Stories(ctx context.Context, f StoryFilter) ([]storywatch.Story, error) {
	var (
		where []string
		args  []any
	)
	if len(f.States) > 0 {
		ph := make([]string, len(f.States))
		for i, s := range f.States {
			args = append(args, string(s))
			ph[i] = fmt.Sprintf("$%d", len(args))
		}
		where = append(where, "state IN ("+strings.Join(ph, ", ")+")")
	}
	if f.Event != "" {
		args = append(args, f.Event)
		where = append(where, fmt.Sprintf("event = $%d", len(args)))
	}
	query := `SELECT ` + storyCols + ` FROM stories`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	out, err := queryStories(ctx, db.r, db.q(query+" ORDER BY id"), args...)
	if err != nil {
		return nil, fmt.Errorf("list stories: %w", err)
	}
	return out, nil
}

// ClaimDue leases up to limit checkable stories due at now whose lease is
// absent or expired, in next_check_at order. A story leased by anyone, this
// owner included, is not claimed again until RecordCheck releases it or the
// lease runs out, so one instance never runs two checks of a story at once.
func (db *DB) ClaimDue(ctx context.Context, now time.Time, limit int, owner string, lease time.Duration) ([]storywatch.Story, error) {
	if limit <= 0 {
		return []storywatch.Story{}, nil
	}
	var out []storywatch.Story
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryStories(ctx, tx, db.q(`UPDATE stories SET lease_owner = $1, lease_until = $2
			WHERE id IN (SELECT id FROM stories
				WHERE state IN ($3, $4, $5) AND next_check_at <= $6
				AND (lease_until IS NULL OR lease_until <= $6)
				ORDER BY next_check_at, id LIMIT $7 {{SKIP_LOCKED}})
			RETURNING `+storyCols),
			owner, nanos(now.Add(lease)), string(storywatch.StateActive), string(storywatch.StateQuiet),
			string(storywatch.StateFailing), nanos(now), limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim due stories: %w", err)
	}
	// RETURNING has no order of its own.
	sort.Slice(out, func(i, j int) bool {
		if !out[i].NextCheckAt.Equal(out[j].NextCheckAt) {
			return out[i].NextCheckAt.Before(out[j].NextCheckAt)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// ReleaseLeases clears the leases owner holds, so a daemon shutting down
// hands its claimed stories back at once instead of after the lease runs out.
func (db *DB) ReleaseLeases(ctx context.Context, owner string) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, db.q(`UPDATE stories SET lease_owner = NULL, lease_until = NULL
			WHERE lease_owner = $1`), owner)
		return err
	})
	if err != nil {
		return fmt.Errorf("release leases of %s: %w", owner, err)
	}
	return nil
}

// Reschedule sets a story's next_check_at without a check.
func (db *DB) Reschedule(ctx context.Context, storyID int64, next time.Time) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`UPDATE stories SET next_check_at = $1 WHERE id = $2`), nanos(next), storyID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return storywatch.ErrNotFound
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("reschedule story #%d: %w", storyID, err)
	}
	return nil
}

// OldestDue returns the earliest next_check_at of checkable stories.
func (db *DB) OldestDue(ctx context.Context) (time.Time, bool, error) {
	var n sql.NullInt64
	err := db.r.QueryRowContext(ctx, db.q(`SELECT MIN(next_check_at) FROM stories WHERE state IN ($1, $2, $3)`),
		string(storywatch.StateActive), string(storywatch.StateQuiet), string(storywatch.StateFailing)).Scan(&n)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("oldest due: %w", err)
	}
	if !n.Valid {
		return time.Time{}, false, nil
	}
	return fromNanos(n.Int64), true, nil
}
