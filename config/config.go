// Package config loads storywatch's YAML configuration: defaults, strict
// decoding (unknown keys are errors naming file and line), environment
// overrides STORYWATCH_<SECTION>_<KEY>, validation and a redacted dump.
// It holds no globals; only cmd/storywatch imports it.
package config

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is the whole file.
type Config struct {
	Storage  Storage          `yaml:"storage"`
	Scraper  Scraper          `yaml:"scraper"`
	Schedule Schedule         `yaml:"schedule"`
	Daemon   Daemon           `yaml:"daemon"`
	HTTP     HTTP             `yaml:"http"`
	Log      Log              `yaml:"log"`
	Events   map[string]Event `yaml:"events"`
	Stories  []Story          `yaml:"stories"`
	// MemoryLimit is the Go runtime's soft memory limit (GOMEMLIMIT wins
	// when set): past it the collector works harder instead of growing.
	MemoryLimit ByteSize `yaml:"memory_limit"`

	// Path is the file the config was read from ("" for defaults only).
	Path string `yaml:"-"`
}

// Storage says where the database lives.
type Storage struct {
	DSN string `yaml:"dsn" secret:"dsn"`
	// FullCopyEvery bounds delta chains: every Nth version is stored whole.
	FullCopyEvery int `yaml:"full_copy_every"`
}

// Scraper configures fetching and extraction.
type Scraper struct {
	UserAgent string          `yaml:"user_agent"`
	Workers   int             `yaml:"workers"`
	PerHost   PerHost         `yaml:"per_host"`
	Timeout   time.Duration   `yaml:"timeout"`
	MaxBody   ByteSize        `yaml:"max_body"`
	Robots    bool            `yaml:"robots"`
	RobotsTTL time.Duration   `yaml:"robots_ttl"`
	Retries   int             `yaml:"retries"`
	Redirects int             `yaml:"max_redirects"`
	Sites     map[string]Site `yaml:"sites"`
}

// PerHost is the politeness applied to each host.
type PerHost struct {
	Parallelism int           `yaml:"parallelism"`
	Delay       time.Duration `yaml:"delay"`
}

// Site holds extraction rules for one host.
type Site struct {
	Selector string   `yaml:"selector"`
	Remove   []string `yaml:"remove"`
}

// Schedule says when stories are checked.
type Schedule struct {
	// Default is "adaptive" or any cron spec or descriptor.
	Default  string `yaml:"default"`
	Adaptive []Tier `yaml:"adaptive"`
	// GoneAfter is how many consecutive 404/410 answers make a story gone.
	GoneAfter int `yaml:"gone_after"`
	// MaxBackoff caps the error backoff.
	MaxBackoff time.Duration `yaml:"max_backoff"`
	// FailingAfter is how long a story may fail before it is marked failing.
	FailingAfter time.Duration `yaml:"failing_after"`
}

// Tier is one step of the adaptive schedule: check every Every while the
// story's last change is less than Until ago. Every 0 means stop.
type Tier struct {
	Until time.Duration `yaml:"until"`
	Every time.Duration `yaml:"every"`
}

// Daemon configures `storywatch run`.
type Daemon struct {
	ShutdownGrace time.Duration `yaml:"shutdown_grace"`
	Tick          string        `yaml:"tick"`  // cron spec of the claim loop
	Batch         int           `yaml:"batch"` // stories claimed per tick
}

// HTTP configures the web server; empty Listen turns it off.
type HTTP struct {
	Listen string `yaml:"listen"`
}

// Log configures logging.
type Log struct {
	Format string `yaml:"format"` // text or json
	Level  string `yaml:"level"`  // debug, info, warn, error
}

// Event groups stories.
type Event struct {
	Schedule string `yaml:"schedule"`
}

// Story is one story declared in the file.
type Story struct {
	URL      string `yaml:"url"`
	Event    string `yaml:"event"`
	Schedule string `yaml:"schedule"`
	Selector string `yaml:"selector"`
	Robots   *bool  `yaml:"robots"`

	Line int `yaml:"-"`
}

// UnmarshalYAML records the story's line so errors and `remove` can name it.
func (s *Story) UnmarshalYAML(n *yaml.Node) error {
	type storyFields Story
	var p storyFields
	if err := decodeStrict(n, &p); err != nil {
		return err
	}
	*s = Story(p)
	s.Line = n.Line
	return nil
}

// decodeStrict decodes a node while rejecting unknown keys, which
// yaml.Node.Decode alone does not do.
func decodeStrict(n *yaml.Node, v any) error {
	b, err := yaml.Marshal(n)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		// Lines are relative to the re-marshalled node; shift them back.
		return shiftLines(err, n.Line-1)
	}
	return nil
}

func shiftLines(err error, by int) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	out := &yaml.TypeError{}
	for _, e := range te.Errors {
		var line int
		var rest string
		if _, scanErr := fmt.Sscanf(e, "line %d:", &line); scanErr == nil {
			rest = e[strings.Index(e, ":")+1:]
			e = fmt.Sprintf("line %d:%s", line+by, rest)
		}
		out.Errors = append(out.Errors, e)
	}
	return out
}

// ByteSize is a size in bytes written as "10MiB", "512KB" or a plain number.
type ByteSize int64

// UnmarshalYAML parses human sizes.
func (b *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseByteSize(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*b = v
	return nil
}

// MarshalYAML prints sizes the way they are written.
func (b ByteSize) MarshalYAML() (any, error) { return b.String(), nil }

func (b ByteSize) String() string {
	for _, u := range []struct {
		s string
		n int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if int64(b) >= u.n && int64(b)%u.n == 0 {
			return strconv.FormatInt(int64(b)/u.n, 10) + u.s
		}
	}
	return strconv.FormatInt(int64(b), 10)
}

// ParseByteSize parses "10MiB", "10MB", "10M", "1024" into bytes.
func ParseByteSize(s string) (ByteSize, error) {
	t := strings.TrimSpace(s)
	units := []struct {
		suffix string
		n      int64
	}{
		{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10},
		{"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"kB", 1e3},
		{"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"k", 1 << 10}, {"B", 1},
	}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(t, u.suffix) {
			mult = u.n
			t = strings.TrimSpace(strings.TrimSuffix(t, u.suffix))
			break
		}
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid size %q (want e.g. 10MiB)", s)
	}
	return ByteSize(n * float64(mult)), nil
}

// Default returns the configuration used when no file is given.
func Default() Config {
	return Config{
		Scraper: Scraper{
			Workers:   10,
			PerHost:   PerHost{Parallelism: 2, Delay: time.Second},
			Timeout:   30 * time.Second,
			MaxBody:   10 << 20,
			Robots:    true,
			RobotsTTL: 24 * time.Hour,
			Retries:   2,
			Redirects: 10,
		},
		Storage: Storage{FullCopyEvery: 16},
		Schedule: Schedule{
			Default: "adaptive",
			Adaptive: []Tier{
				{Until: 3 * time.Hour, Every: 5 * time.Minute},
				{Until: 24 * time.Hour, Every: 15 * time.Minute},
				{Until: 72 * time.Hour, Every: time.Hour},
				{Until: 14 * 24 * time.Hour, Every: 6 * time.Hour},
				{Until: 30 * 24 * time.Hour, Every: 24 * time.Hour},
			},
			GoneAfter:    3,
			MaxBackoff:   6 * time.Hour,
			FailingAfter: 72 * time.Hour,
		},
		Daemon:      Daemon{ShutdownGrace: 30 * time.Second, Tick: "@every 5s", Batch: 100},
		HTTP:        HTTP{Listen: "127.0.0.1:8080"},
		MemoryLimit: 150 << 20,
		Log:         Log{Format: "text", Level: "info"},
	}
}

// Error is a configuration error located in a file.
type Error struct {
	File  string
	Line  int
	Field string
	Err   error
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errors is several configuration errors, reported together.
type Errors []error

func (es Errors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Options tune loading.
type Options struct {
	// Env returns environment variables (os.Getenv when nil).
	Environ []string
	// ValidSpec validates a schedule spec (cron or "adaptive"); nil accepts any.
	ValidSpec func(string) error
}

// Load reads path (or only defaults when path is ""), applies environment
// overrides and validates.
func Load(path string, opt Options) (Config, error) {
	cfg := Default()
	var root yaml.Node
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return cfg, fmt.Errorf("config: %w", err)
		}
		cfg.Path = path
		if err := decode(path, data, &cfg, &root); err != nil {
			// Type errors leave the rest decoded: validate it too, so one
			// run reports every bad line.
			var es Errors
			if !errors.As(err, &es) {
				return cfg, err
			}
			if verr := cfg.Validate(opt.ValidSpec, &root); verr != nil {
				var ves Errors
				if errors.As(verr, &ves) {
					es = append(es, ves...)
				}
			}
			return cfg, es
		}
	}
	env := opt.Environ
	if env == nil {
		env = os.Environ()
	}
	if err := applyEnv(&cfg, env); err != nil {
		return cfg, err
	}
	if err := cfg.Validate(opt.ValidSpec, &root); err != nil {
		return cfg, err
	}
	return cfg, nil
}

func decode(path string, data []byte, cfg *Config, root *yaml.Node) error {
	if err := yaml.Unmarshal(data, root); err != nil {
		return &Error{File: path, Err: cleanYAML(err)}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(cfg)
	if err == nil || errors.Is(err, io.EOF) {
		return nil
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		var es Errors
		for _, msg := range te.Errors {
			es = append(es, lineError(path, msg))
		}
		return es
	}
	return lineError(path, err.Error())
}

// lineError turns "line 6: field x not found in type config.Story" into
// "file:6: unknown field "x" (in a story)".
func lineError(path, msg string) error {
	msg = strings.TrimPrefix(msg, "yaml: ")
	e := &Error{File: path}
	var line int
	if _, err := fmt.Sscanf(msg, "line %d:", &line); err == nil {
		e.Line = line
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	if f, typ, ok := strings.Cut(strings.TrimPrefix(msg, "field "), " not found in type "); ok && strings.HasPrefix(msg, "field ") {
		e.Field = f
		msg = "unknown key in " + friendlyType(typ)
	}
	e.Err = errors.New(msg)
	return e
}

func friendlyType(t string) string {
	t = strings.TrimPrefix(t, "config.")
	switch t {
	case "Config", "":
		return "the top level"
	case "Story", "storyFields":
		return "a story"
	}
	return strings.ToLower(t) + " section"
}

func cleanYAML(err error) error {
	return errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
}

// Validate checks values and combinations. root, when not nil, locates errors.
func (c *Config) Validate(validSpec func(string) error, root *yaml.Node) error {
	var es Errors
	bad := func(line int, field string, err error) {
		es = append(es, &Error{File: c.Path, Line: line, Field: field, Err: err})
	}
	at := func(path ...string) int { return lineOf(root, path...) }
	if c.Scraper.Workers < 1 {
		bad(at("scraper", "workers"), "scraper.workers", errors.New("must be at least 1"))
	}
	if c.Scraper.PerHost.Parallelism < 1 {
		bad(at("scraper", "per_host", "parallelism"), "scraper.per_host.parallelism", errors.New("must be at least 1"))
	}
	if c.Scraper.PerHost.Delay < 0 {
		bad(at("scraper", "per_host", "delay"), "scraper.per_host.delay", errors.New("must not be negative"))
	}
	if c.Scraper.Timeout <= 0 {
		bad(at("scraper", "timeout"), "scraper.timeout", errors.New("must be positive"))
	}
	if c.Scraper.MaxBody < 1024 {
		bad(at("scraper", "max_body"), "scraper.max_body", errors.New("must be at least 1KiB"))
	}
	if c.Scraper.Retries < 0 || c.Scraper.Retries > 10 {
		bad(at("scraper", "retries"), "scraper.retries", errors.New("must be between 0 and 10"))
	}
	if c.MemoryLimit != 0 && c.MemoryLimit < 16<<20 {
		bad(at("memory_limit"), "memory_limit", errors.New("must be 0 (no limit) or at least 16MiB"))
	}
	if c.Storage.FullCopyEvery < 1 {
		bad(at("storage", "full_copy_every"), "storage.full_copy_every", errors.New("must be at least 1"))
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		bad(at("log", "format"), "log.format", fmt.Errorf("%q is not text or json", c.Log.Format))
	}
	switch strings.ToLower(c.Log.Level) {
	case "debug", "info", "warn", "warning", "error":
	default:
		bad(at("log", "level"), "log.level", fmt.Errorf("%q is not debug, info, warn or error", c.Log.Level))
	}
	if c.Daemon.Batch < 1 {
		bad(at("daemon", "batch"), "daemon.batch", errors.New("must be at least 1"))
	}
	if c.Daemon.ShutdownGrace < 0 {
		bad(at("daemon", "shutdown_grace"), "daemon.shutdown_grace", errors.New("must not be negative"))
	}
	if c.Schedule.GoneAfter < 1 {
		bad(at("schedule", "gone_after"), "schedule.gone_after", errors.New("must be at least 1"))
	}
	var prev time.Duration
	for i, t := range c.Schedule.Adaptive {
		if t.Until <= prev {
			bad(at("schedule", "adaptive", strconv.Itoa(i)), fmt.Sprintf("schedule.adaptive[%d].until", i), errors.New("tiers must be in increasing order of until"))
		}
		if t.Every < 0 {
			bad(at("schedule", "adaptive", strconv.Itoa(i)), fmt.Sprintf("schedule.adaptive[%d].every", i), errors.New("must not be negative"))
		}
		prev = t.Until
	}
	if validSpec != nil {
		if err := validSpec(c.Schedule.Default); err != nil {
			bad(at("schedule", "default"), "schedule.default", err)
		}
		if c.Daemon.Tick != "" {
			if err := validSpec(c.Daemon.Tick); err != nil {
				bad(at("daemon", "tick"), "daemon.tick", err)
			}
		}
	}
	for _, name := range sortedKeys(c.Events) {
		if validSpec != nil && c.Events[name].Schedule != "" {
			if err := validSpec(c.Events[name].Schedule); err != nil {
				bad(at("events", name, "schedule"), "events."+name+".schedule", err)
			}
		}
	}
	seen := map[string]int{}
	for i, s := range c.Stories {
		field := fmt.Sprintf("stories[%d]", i)
		// The key's own line when the tree is known, else the story's.
		lineFor := func(key string) int {
			if l := at("stories", strconv.Itoa(i), key); l > s.Line {
				return l
			}
			return s.Line
		}
		if err := ValidateURL(s.URL); err != nil {
			bad(lineFor("url"), field+".url", err)
		} else if first, dup := seen[s.URL]; dup {
			bad(lineFor("url"), field+".url", fmt.Errorf("%s is already listed on line %d", s.URL, first))
		} else {
			seen[s.URL] = s.Line
		}
		if s.Schedule != "" && validSpec != nil {
			if err := validSpec(s.Schedule); err != nil {
				bad(lineFor("schedule"), field+".schedule", err)
			}
		}
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// ValidateURL accepts absolute http and https URLs with a host.
func ValidateURL(raw string) error {
	if raw == "" {
		return errors.New("URL is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("invalid URL %q: %w", raw, errors.Unwrap(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("invalid URL %q: scheme must be http or https", raw)
	}
	if u.Host == "" {
		return fmt.Errorf("invalid URL %q: no host", raw)
	}
	return nil
}

// lineOf finds the line of a key path in the YAML tree (0 when unknown).
func lineOf(n *yaml.Node, path ...string) int {
	if n == nil || n.Kind == 0 {
		return 0
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, p := range path {
		found := false
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == p {
					line = n.Content[i].Line
					n = n.Content[i+1]
					found = true
					break
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(p); err == nil && i < len(n.Content) {
				n = n.Content[i]
				line = n.Line
				found = true
			}
		}
		if !found {
			return line
		}
	}
	return line
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// StoriesHash fingerprints the story list, so syncing it into the store can
// be skipped when nothing changed.
func (c *Config) StoriesHash() string {
	h := sha256.New()
	for _, s := range c.Stories {
		robots := "-"
		if s.Robots != nil {
			robots = strconv.FormatBool(*s.Robots)
		}
		fmt.Fprintf(h, "%q %q %q %q %s %d %q\n", s.URL, s.Event, s.Schedule, s.Selector, robots, s.Line, c.Path)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ScheduleFor resolves a story's schedule: its own, its event's, the default.
func (c *Config) ScheduleFor(storySpec, event string) string {
	if storySpec != "" {
		return storySpec
	}
	if e, ok := c.Events[event]; ok && e.Schedule != "" {
		return e.Schedule
	}
	return c.Schedule.Default
}
