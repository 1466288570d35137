package storywatch

import (
	"fmt"
	"time"
)

// FetchRequest asks the scraper for one page.
type FetchRequest struct {
	URL          string
	ETag         string // from the previous fetch, for conditional GET
	LastModified string
	IgnoreRobots bool
}

// FetchResult is one fetched page, its body decoded to UTF-8.
type FetchResult struct {
	Status       int
	NotModified  bool // 304: no body
	FinalURL     string
	ContentType  string
	Charset      string // the encoding the body was decoded from
	ETag         string
	LastModified string
	Body         []byte // UTF-8 HTML
	Bytes        int64  // bytes received (before decoding)
	Duration     time.Duration
}

// FetchError is a failed fetch, classified.
type FetchError struct {
	Class      string // ErrClass*
	Status     int    // HTTP status, if any
	Transient  bool   // worth retrying soon
	RetryAfter time.Time
	Err        error
}

func (e *FetchError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("%s (HTTP %d): %v", e.Class, e.Status, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Class, e.Err)
}

func (e *FetchError) Unwrap() error { return e.Err }

// ExtractHint carries what the store remembers about a story's page, so
// that an unchanged article is recognised without full extraction.
type ExtractHint struct {
	URL         string // page URL, for resolving links and site rules
	Selector    string // per-story CSS selector; wins over everything
	Region      string // where the article sat last time (scraper-defined)
	Fingerprint string // hash of that region's text last time
}

// Extraction is the scraper's answer for one page.
type Extraction struct {
	// Unchanged: the remembered region was found with the same fingerprint;
	// Version is then empty.
	Unchanged   bool
	Version     Version
	Region      string
	Fingerprint string
	Full        bool // a full extraction ran (region lost or first time)
}

// StoryUpdate is the per-story state a check writes back.
type StoryUpdate struct {
	FinalURL          string
	CanonicalURL      string
	ETag              string
	LastModified      string
	Region            string
	RegionFingerprint string
	State             StoryState
	NextCheckAt       time.Time
	ConsecutiveErrors int
	LastChangedAt     *time.Time
}

// CheckRecord is everything one check writes, in one transaction.
type CheckRecord struct {
	Check   Check    // StoryID, At, Outcome, HTTP status, bytes, duration, error
	Version *Version // the new version when Outcome is changed; N is assigned by the store
	Facts   *Facts   // the new version's facts
	Changes []Change // changes leading to the new version (ToVersion set by the store)
	Story   StoryUpdate
}

// RobotsEntry is a cached robots.txt answer for one scheme+host.
type RobotsEntry struct {
	Host      string // scheme://host[:port]
	Status    int
	Body      []byte
	FetchedAt time.Time
	ExpiresAt time.Time
}
