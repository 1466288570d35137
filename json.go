package storywatch

import (
	"encoding/json"
	"time"
)

// storyJSON is the story shape of design.md, shared by the CLI, the API and
// webhooks. Fetch state (validators, remembered region) is internal.
type storyJSON struct {
	URL           string     `json:"url"`
	CanonicalURL  *string    `json:"canonical_url"`
	Event         *string    `json:"event"`
	Schedule      string     `json:"schedule"`
	Source        string     `json:"source"`
	State         StoryState `json:"state"`
	AddedAt       time.Time  `json:"added_at"`
	LastCheckedAt *time.Time `json:"last_checked_at"`
	NextCheckAt   *time.Time `json:"next_check_at"`
	Versions      int        `json:"versions"`
	LatestTitle   *string    `json:"latest_title"`
	LatestFigures []Figure   `json:"latest_figures"`
}

// MarshalJSON writes the story shape of design.md.
func (s Story) MarshalJSON() ([]byte, error) {
	j := storyJSON{
		URL:           s.URL,
		CanonicalURL:  nonEmpty(s.CanonicalURL),
		Event:         nonEmpty(s.Event),
		Schedule:      s.Schedule,
		Source:        s.Source,
		State:         s.State,
		AddedAt:       s.AddedAt,
		LastCheckedAt: s.LastCheckedAt,
		Versions:      s.Versions,
		LatestTitle:   nonEmpty(s.LatestTitle),
		LatestFigures: s.LatestFigures,
	}
	if j.Schedule == "" {
		j.Schedule = "default"
	}
	if !s.NextCheckAt.IsZero() && s.State != StateStopped && s.State != StateGone {
		j.NextCheckAt = &s.NextCheckAt
	}
	if j.LatestFigures == nil {
		j.LatestFigures = []Figure{}
	}
	return json.Marshal(j)
}
