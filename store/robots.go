package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/storywatch/storywatch"
)

// Robots returns the cached robots.txt answer for a scheme://host, expired
// or not (the caller compares ExpiresAt); ok=false when none is cached.
func (db *DB) Robots(ctx context.Context, host string) (storywatch.RobotsEntry, bool, error) {
	e := storywatch.RobotsEntry{Host: host}
	var fetched, expires int64
	err := db.r.QueryRowContext(ctx, db.q(`SELECT status, body, fetched_at, expires_at FROM robots WHERE host = $1`), host).
		Scan(&e.Status, &e.Body, &fetched, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return storywatch.RobotsEntry{}, false, nil
	}
	if err != nil {
		return storywatch.RobotsEntry{}, false, fmt.Errorf("robots cache %s: %w", host, err)
	}
	e.FetchedAt, e.ExpiresAt = fromNanos(fetched), fromNanos(expires)
	return e, true, nil
}

// PutRobots stores (or replaces) the robots.txt answer for e.Host.
func (db *DB) PutRobots(ctx context.Context, e storywatch.RobotsEntry) error {
	if e.Host == "" {
		return fmt.Errorf("robots cache: empty host: %w", storywatch.ErrInvalid)
	}
	body := e.Body
	if body == nil {
		body = []byte{}
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, db.q(`INSERT INTO robots (host, status, body, fetched_at, expires_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (host) DO UPDATE SET status = excluded.status,
			body = excluded.body, fetched_at = excluded.fetched_at, expires_at = excluded.expires_at`),
			e.Host, e.Status, body, nanos(e.FetchedAt), nanos(e.ExpiresAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("robots cache %s: %w", e.Host, err)
	}
	return nil
}
