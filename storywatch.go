// Package storywatch is the vocabulary of the news-revision tracker: stories,
// checks, versions, facts and changes. It has no I/O and depends only on the
// standard library, so every other package can import it.
package storywatch

import (
	"errors"
	"time"
)

// AppVersion is the program version, set at build time with -ldflags -X.
var AppVersion = "dev"

// UserAgent is the default User-Agent of every fetch.
func UserAgent() string {
	return "storywatch/" + AppVersion + " (+https://github.com/storywatch/storywatch)"
}

// Errors shared across packages. Wrap them with context; test with errors.Is.
var (
	ErrNotFound = errors.New("not found")
	ErrInvalid  = errors.New("invalid")
	ErrConflict = errors.New("conflict")
)

// StoryState is where a story stands in its lifecycle.
type StoryState string

const (
	StateActive  StoryState = "active"
	StateQuiet   StoryState = "quiet"   // schedule thinned
	StateStopped StoryState = "stopped" // retired by the user; history kept
	StateFailing StoryState = "failing" // errors for a long time
	StateGone    StoryState = "gone"    // 404/410 for good
)

// Source says where a story was declared.
const (
	SourceConfig = "config"
	SourceCLI    = "cli"
)

// Story is one tracked URL. Its key is the URL as added; the canonical and
// final URLs are lookup aliases, never fetched instead.
type Story struct {
	ID                int64
	URL               string
	CanonicalURL      string
	FinalURL          string
	Event             string
	Schedule          string // cron spec, descriptor or "adaptive"; "" = default
	Selector          string // per-story CSS selector for the article body
	NoRobots          bool   // per-story robots.txt override
	Source            string // SourceConfig or SourceCLI
	ConfigLine        int    // line in the config file, for SourceConfig
	State             StoryState
	AddedAt           time.Time
	LastCheckedAt     *time.Time
	LastChangedAt     *time.Time
	NextCheckAt       time.Time
	ConsecutiveErrors int
	Versions          int // number of stored versions
	LatestTitle       string
	LatestFigures     []Figure

	// Fetch state kept between checks.
	ETag         string
	LastModified string
	// Region is where the article sat in the page last time (scraper-defined
	// encoding) and RegionFingerprint the hash of that region's text.
	Region            string
	RegionFingerprint string
}

// Outcome of one check.
type Outcome string

const (
	OutcomeUnchanged   Outcome = "unchanged"
	OutcomeNotModified Outcome = "not_modified"
	OutcomeChanged     Outcome = "changed"
	OutcomeError       Outcome = "error"
)

// Error classes of a failed check (CheckError.Class).
const (
	ErrClassRobots       = "robots"
	ErrClassTimeout      = "timeout"
	ErrClassHTTP         = "http"
	ErrClassBodyTooLarge = "body_too_large"
	ErrClassNotHTML      = "not_html"
	ErrClassNetwork      = "network"
	ErrClassRedirect     = "redirect"
	ErrClassRateLimited  = "rate_limited"
	ErrClassDecode       = "decode"
	ErrClassExtract      = "extract"
	ErrClassGone         = "gone"
	ErrClassInternal     = "internal"
)

// CheckError describes why a check failed.
type CheckError struct {
	Class   string `json:"class"`
	Message string `json:"message"`
}

// Check is one fetch of a story.
type Check struct {
	ID         int64       `json:"-"`
	StoryID    int64       `json:"-"`
	URL        string      `json:"url"`
	At         time.Time   `json:"at"`
	Outcome    Outcome     `json:"outcome"`
	Version    *int        `json:"version"`
	HTTPStatus int         `json:"http_status"`
	Bytes      int64       `json:"bytes"`
	DurationMS int64       `json:"duration_ms"`
	Error      *CheckError `json:"error"`
	Changes    []Change    `json:"changes"`
}

// Entry is one live-blog entry.
type Entry struct {
	ID         string     `json:"id,omitempty"`
	Time       *time.Time `json:"time"`
	TimeText   string     `json:"time_text,omitempty"` // the visible time line
	Title      string     `json:"title,omitempty"`
	Paragraphs []string   `json:"paragraphs"`
	KeyPoints  bool       `json:"key_points,omitempty"` // a summary box; counts as newest
}

// Meta is version metadata: needed to detect silent edits, never part of the text.
type Meta struct {
	URL          string     `json:"url,omitempty"` // final URL after redirects
	CanonicalURL string     `json:"canonical_url,omitempty"`
	SiteName     string     `json:"site_name,omitempty"`
	Byline       string     `json:"byline,omitempty"`
	Language     string     `json:"language,omitempty"`
	Published    *time.Time `json:"published,omitempty"`
	Modified     *time.Time `json:"modified,omitempty"`
	UpdatedLine  string     `json:"updated_line,omitempty"` // the visible "Updated …" line
	Correction   string     `json:"correction,omitempty"`   // a correction/clarification note
	LiveBlog     bool       `json:"live_blog,omitempty"`
}

// Version is a distinct extracted article of a story.
type Version struct {
	StoryID    int64     `json:"-"`
	N          int       `json:"n"` // 1-based per story
	FetchedAt  time.Time `json:"fetched_at"`
	Hash       string    `json:"hash"`
	Headline   string    `json:"headline"`
	Standfirst string    `json:"standfirst,omitempty"`
	Paragraphs []string  `json:"paragraphs"`
	Entries    []Entry   `json:"entries,omitempty"` // live-blog entries in page order
	Meta       Meta      `json:"meta"`
	Suspect    bool      `json:"suspect"`
	RevertOf   *int      `json:"revert_of"`
	HTML       []byte    `json:"-"` // raw page, stored alongside
}

// Text renders the version's text as in the Facts JSON: standfirst, then
// paragraphs, then live-blog entries in page order, each preceded by its time
// line; blocks separated by blank lines. The headline is not part of it.
func (v Version) Text() string {
	var b []byte
	add := func(s string) {
		if s == "" {
			return
		}
		if len(b) > 0 {
			b = append(b, '\n', '\n')
		}
		b = append(b, s...)
	}
	add(v.Standfirst)
	for _, p := range v.Paragraphs {
		add(p)
	}
	for _, e := range v.Entries {
		add(e.TimeText)
		add(e.Title)
		for _, p := range e.Paragraphs {
			add(p)
		}
	}
	return string(b)
}

// FigureKind is what a figure counts.
type FigureKind string

const (
	Killed       FigureKind = "killed"
	Injured      FigureKind = "injured"
	Critical     FigureKind = "critical"
	Hospitalized FigureKind = "hospitalized"
	Missing      FigureKind = "missing"
	Arrested     FigureKind = "arrested"
	Evacuated    FigureKind = "evacuated"
	Displaced    FigureKind = "displaced"
	Affected     FigureKind = "affected"
)

// FigureKinds lists every kind in display order.
var FigureKinds = []FigureKind{Killed, Injured, Critical, Hospitalized, Missing, Arrested, Evacuated, Displaced, Affected}

// Approx qualifies a figure's value.
type Approx string

const (
	Exact    Approx = "exact"
	AtLeast  Approx = "at_least"
	MoreThan Approx = "more_than"
	AtMost   Approx = "at_most"
	UpTo     Approx = "up_to"
	About    Approx = "about"
	Nearly   Approx = "nearly"
	Range    Approx = "range"
	Vague    Approx = "vague"
)

// Figure is the current count of one kind for the article's own event.
type Figure struct {
	Kind                FigureKind `json:"kind"`
	Value               *int       `json:"value"`
	Min                 *int       `json:"min"`
	Max                 *int       `json:"max"`
	Approx              Approx     `json:"approx"`
	IncludesPerpetrator *bool      `json:"includes_perpetrator"`
	AttributedTo        *string    `json:"attributed_to"`
	Hedge               *string    `json:"hedge"`
	Evidence            string     `json:"evidence"`
}

// Person roles and statuses.
const (
	RoleVictim      = "victim"
	RolePerpetrator = "perpetrator"
	RoleSuspect     = "suspect"
	RoleOfficial    = "official"
	RoleWitness     = "witness"
	RoleOther       = "other"

	StatusDead     = "dead"
	StatusInjured  = "injured"
	StatusMissing  = "missing"
	StatusArrested = "arrested"
	StatusAtLarge  = "at_large"
)

// Person is a named (or described but unnamed) individual of the event.
type Person struct {
	Name        *string `json:"name"`
	Role        string  `json:"role"`
	Age         *int    `json:"age"`
	Nationality *string `json:"nationality"`
	Hometown    *string `json:"hometown"`
	Status      *string `json:"status"`
	Description *string `json:"description"`
	Evidence    string  `json:"evidence"`
}

// Claim kinds.
const (
	ClaimResponsibility = "responsibility_claimed"
	ClaimDenied         = "responsibility_denied"
	ClaimAttributed     = "attributed"
)

// Claim is a statement of responsibility or attribution.
type Claim struct {
	Kind     string  `json:"kind"`
	Actor    string  `json:"actor"`
	By       *string `json:"by"`
	Hedge    *string `json:"hedge"`
	Evidence string  `json:"evidence"`
}

// Mention classes: numbers that are not (or no longer) the toll.
const (
	MentionToll       = "toll"
	MentionEarlier    = "earlier"
	MentionSubgroup   = "subgroup"
	MentionOtherEvent = "other_event"
	MentionConflict   = "conflict"
	MentionNegated    = "negated"
	MentionHedged     = "hedged"
)

// Mention is a number stated in the text that is not the current toll.
type Mention struct {
	Text     string     `json:"text"`
	Kind     FigureKind `json:"kind"`
	Value    *int       `json:"value"`
	Class    string     `json:"class"`
	Evidence string     `json:"evidence"`
}

// Facts is what a version states.
type Facts struct {
	Figures  []Figure  `json:"figures"`
	People   []Person  `json:"people"`
	Claims   []Claim   `json:"claims"`
	Mentions []Mention `json:"mentions"`
}

// Normalize replaces nil lists by empty ones so JSON shows [] not null.
func (f Facts) Normalize() Facts {
	if f.Figures == nil {
		f.Figures = []Figure{}
	}
	if f.People == nil {
		f.People = []Person{}
	}
	if f.Claims == nil {
		f.Claims = []Claim{}
	}
	if f.Mentions == nil {
		f.Mentions = []Mention{}
	}
	return f
}

// Figure returns the figure of kind k, if any.
func (f Facts) Figure(k FigureKind) (Figure, bool) {
	for _, fig := range f.Figures {
		if fig.Kind == k {
			return fig, true
		}
	}
	return Figure{}, false
}

// Document is the Facts JSON of design.md: article metadata, text and facts.
// It is the output of `storywatch extract --json`.
type Document struct {
	URL          *string    `json:"url"`
	CanonicalURL *string    `json:"canonical_url"`
	Title        *string    `json:"title"`
	Byline       *string    `json:"byline"`
	Published    *time.Time `json:"published"`
	Modified     *time.Time `json:"modified"`
	Text         string     `json:"text"`
	Facts
}

// NewDocument builds the Facts JSON of a version.
func NewDocument(v Version, f Facts) Document {
	return Document{
		URL:          nonEmpty(v.Meta.URL),
		CanonicalURL: nonEmpty(v.Meta.CanonicalURL),
		Title:        nonEmpty(v.Headline),
		Byline:       nonEmpty(v.Meta.Byline),
		Published:    v.Meta.Published,
		Modified:     v.Meta.Modified,
		Text:         v.Text(),
		Facts:        f.Normalize(),
	}
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Ptr returns a pointer to v; handy for the optional fields above.
func Ptr[T any](v T) *T { return &v }

// ChangeKind is what changed between two versions.
type ChangeKind string

const (
	TextChanged      ChangeKind = "text_changed"
	FigureChanged    ChangeKind = "figure_changed"
	FigureAdded      ChangeKind = "figure_added"
	FigureRemoved    ChangeKind = "figure_removed"
	PersonIdentified ChangeKind = "person_identified"
	PersonUpdated    ChangeKind = "person_updated"
	PersonRemoved    ChangeKind = "person_removed"
	ClaimAdded       ChangeKind = "claim_added"
	ClaimRemoved     ChangeKind = "claim_removed"
	HeadlineChanged  ChangeKind = "headline_changed"
	CorrectionAdded  ChangeKind = "correction_added"
	SilentEdit       ChangeKind = "silent_edit"
	Revert           ChangeKind = "revert"
	StoryGone        ChangeKind = "story_gone"
	SuspectVersion   ChangeKind = "suspect_version"
)

// Change is one difference between two versions of a story.
type Change struct {
	Kind        ChangeKind `json:"kind"`
	Summary     string     `json:"summary"`
	Field       *string    `json:"field"`
	Old         any        `json:"old"`
	New         any        `json:"new"`
	Delta       *float64   `json:"delta"`
	EvidenceOld *string    `json:"evidence_old"`
	EvidenceNew *string    `json:"evidence_new"`
	FromVersion *int       `json:"from_version"`
	ToVersion   int        `json:"to_version"`
	At          time.Time  `json:"at"`
}

// DiffOpKind is the kind of one diff operation.
type DiffOpKind string

const (
	OpEqual  DiffOpKind = "equal"
	OpInsert DiffOpKind = "insert"
	OpDelete DiffOpKind = "delete"
	// OpChange is a sentence present in both versions with word edits in Words.
	OpChange DiffOpKind = "change"
	// OpMove is a paragraph moved elsewhere (MovedTo/MovedFrom give the op index).
	OpMove DiffOpKind = "move"
)

// DiffOp is one operation of a sentence-level diff; for OpChange, Words holds
// the word-level operations inside the sentence.
type DiffOp struct {
	Op    DiffOpKind `json:"op"`
	Text  string     `json:"text"`
	Words []DiffOp   `json:"words,omitempty"`
	// For moves: the index of the paired op (the place it moved from/to).
	Pair *int `json:"pair,omitempty"`
	// MoveTarget marks the copy of a moved paragraph at its new place.
	MoveTarget bool `json:"move_target,omitempty"`
}

// DiffStats summarizes a text diff.
type DiffStats struct {
	SentencesAdded   int     `json:"sentences_added"`
	SentencesRemoved int     `json:"sentences_removed"`
	SentencesChanged int     `json:"sentences_changed"`
	SentencesMoved   int     `json:"sentences_moved"`
	WordsAdded       int     `json:"words_added"`
	WordsRemoved     int     `json:"words_removed"`
	EditRatio        float64 `json:"edit_ratio"`
}

// TextDiff is the diff between two versions' texts.
type TextDiff struct {
	Ops   []DiffOp  `json:"ops"`
	Stats DiffStats `json:"stats"`
}
