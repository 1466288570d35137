// Package store persists stories, checks, versions, facts, changes, the
// alert outbox and the robots.txt cache. One implementation over
// database/sql serves SQLite (default) and PostgreSQL (postgres:// DSN).
package store

import (
	"context"
	"time"

	"github.com/storywatch/storywatch"
)

// NewStory declares a story to track.
type NewStory struct {
	URL        string
	Event      string
	Schedule   string
	Selector   string
	NoRobots   bool
	Source     string // storywatch.SourceConfig or SourceCLI
	ConfigLine int
}

// AddResult tells what AddStories did with one URL.
type AddResult struct {
	URL         string
	Added       bool // a new story
	Reactivated bool // a stopped story made active again
	Updated     bool // event/schedule/selector changed
}

// StoryFilter selects stories; zero value selects all.
type StoryFilter struct {
	States []storywatch.StoryState
	Event  string
}

// VersionInfo is one version in a story's history, without its text.
type VersionInfo struct {
	N         int
	FetchedAt time.Time
	Hash      string
	Title     string
	Suspect   bool
	RevertOf  *int
	Changes   []storywatch.Change
}

// TableStats is the size of one table.
type TableStats struct {
	Table string
	Rows  int64
	Bytes int64
}

// Stats is what `storywatch db stats` reports.
type Stats struct {
	Driver   string
	Tables   []TableStats
	Versions int64
	// Bytes per stored version, by what they hold.
	PerVersionText    float64
	PerVersionHTML    float64
	PerVersionFacts   float64
	PerVersionChanges float64
	PerVersionTotal   float64
	// SplitSample is how many versions the split of the blobs into text,
	// HTML, facts and changes was measured on (see DB.Stats).
	SplitSample int
}

// Store is the persistence contract; storetest checks every implementation.
type Store interface {
	// AddStories inserts new stories; a tracked URL is a no-op, a stopped one
	// is reactivated. All or nothing.
	AddStories(ctx context.Context, stories []NewStory) ([]AddResult, error)
	// SyncConfigStories upserts the config file's stories and retires config
	// stories no longer listed. It does nothing when hash equals the hash of
	// the last sync, and reports whether it wrote.
	SyncConfigStories(ctx context.Context, hash string, stories []NewStory) (bool, error)
	// RemoveStory retires a story (state stopped, history kept).
	RemoveStory(ctx context.Context, url string) error
	// Story finds a story by URL as added, canonical URL or final URL.
	Story(ctx context.Context, url string) (storywatch.Story, error)
	Stories(ctx context.Context, f StoryFilter) ([]storywatch.Story, error)

	// RecordCheck writes a check, its version, facts, changes and the story's
	// new fetch state in one transaction, releases the story's lease, and
	// returns the check as stored (Version set when a version was written).
	RecordCheck(ctx context.Context, rec storywatch.CheckRecord) (storywatch.Check, error)
	// LatestVersion returns the newest version (with its facts); ok=false
	// when the story has none.
	LatestVersion(ctx context.Context, storyID int64) (v storywatch.Version, f storywatch.Facts, ok bool, err error)
	// LatestGoodVersion is LatestVersion skipping suspect versions.
	LatestGoodVersion(ctx context.Context, storyID int64) (v storywatch.Version, f storywatch.Facts, ok bool, err error)
	Version(ctx context.Context, storyID int64, n int) (storywatch.Version, storywatch.Facts, error)
	// VersionByHash finds an earlier version with the same text hash (reverts).
	VersionByHash(ctx context.Context, storyID int64, hash string) (n int, ok bool, err error)
	Versions(ctx context.Context, storyID int64) ([]VersionInfo, error)
	Checks(ctx context.Context, storyID int64, limit int) ([]storywatch.Check, error)
	Changes(ctx context.Context, storyID int64) ([]storywatch.Change, error)

	// ClaimDue leases up to limit stories whose next_check_at <= now and that
	// are not leased by someone else, ordered by next_check_at.
	ClaimDue(ctx context.Context, now time.Time, limit int, owner string, lease time.Duration) ([]storywatch.Story, error)
	// ReleaseLeases clears every lease held by owner (a daemon shutting
	// down), so its claimed stories are due again at once for others.
	ReleaseLeases(ctx context.Context, owner string) error
	// Reschedule sets next_check_at of stories (restart spreading) without a check.
	Reschedule(ctx context.Context, storyID int64, next time.Time) error
	// OldestDue returns the earliest next_check_at of checkable stories.
	OldestDue(ctx context.Context) (time.Time, bool, error)

	Robots(ctx context.Context, host string) (storywatch.RobotsEntry, bool, error)
	PutRobots(ctx context.Context, e storywatch.RobotsEntry) error

	Stats(ctx context.Context) (Stats, error)
	Ping(ctx context.Context) error
	Close() error
}
