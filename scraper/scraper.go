// Package scraper fetches news pages politely (robots.txt, one per-host
// limiter, conditional GET, bounded retries, body caps, charset decoding)
// and extracts the article from them (headline, standfirst, paragraphs,
// live-blog entries and metadata), with a fast path that recognises an
// unchanged article from the region it occupied last time.
package scraper

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/storywatch/storywatch"
)

// SiteRule is a per-site extraction rule: Selector picks the article body,
// Remove lists selectors pruned from it before rendering.
type SiteRule struct {
	Selector string
	Remove   []string
}

// RobotsCache keeps robots.txt answers between runs; the store satisfies it.
type RobotsCache interface {
	Robots(ctx context.Context, host string) (storywatch.RobotsEntry, bool, error)
	PutRobots(ctx context.Context, e storywatch.RobotsEntry) error
}

// Options configure a Scraper. Zero values take the defaults documented on
// each field.
type Options struct {
	UserAgent          string        // default storywatch.UserAgent()
	Timeout            time.Duration // whole request incl. body; default 30s
	MaxBody            int64         // decoded body cap; default 10 MiB
	PerHostParallelism int           // default 2
	PerHostDelay       time.Duration // spacing of request starts per host; default 1s; <0 means none
	Workers            int           // fetches in flight over all hosts; default 10
	// Robots disables robots.txt checks when set to false; nil means true.
	Robots         *bool
	RobotsTTL      time.Duration // default 24h
	RobotsErrorTTL time.Duration // how long a 5xx/unreachable robots.txt blocks; default 10m
	RobotsMaxBody  int64         // robots.txt read cap; default 500 KiB (the rest is ignored)
	MaxRedirects   int           // default 10
	Retries        int           // extra attempts on transient errors; default 2; <0 means none
	RetryBackoff   time.Duration // base of the jittered backoff; default 500ms
	// MaxRetryAfter is the longest Retry-After waited inside a fetch; a
	// longer one is returned as a rate_limited error. Default 10s.
	MaxRetryAfter time.Duration
	Sites         map[string]SiteRule // host → rule
	Logger        *slog.Logger
	// Transport overrides the HTTP transport (tests use it for TLS servers).
	Transport http.RoundTripper
}

// Bool returns a pointer to b, for Options.Robots.
func Bool(b bool) *bool { return &b }

func (o Options) withDefaults() Options {
	if o.UserAgent == "" {
		o.UserAgent = storywatch.UserAgent()
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 10 << 20
	}
	if o.PerHostParallelism <= 0 {
		o.PerHostParallelism = 2
	}
	if o.PerHostDelay == 0 {
		o.PerHostDelay = time.Second
	} else if o.PerHostDelay < 0 {
		o.PerHostDelay = 0
	}
	if o.Workers <= 0 {
		o.Workers = 10
	}
	if o.Robots == nil {
		o.Robots = Bool(true)
	}
	if o.RobotsTTL <= 0 {
		o.RobotsTTL = 24 * time.Hour
	}
	if o.RobotsErrorTTL <= 0 {
		o.RobotsErrorTTL = 10 * time.Minute
	}
	if o.RobotsMaxBody <= 0 {
		o.RobotsMaxBody = 500 << 10
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = 10
	}
	if o.Retries == 0 {
		o.Retries = 2
	} else if o.Retries < 0 {
		o.Retries = 0
	}
	if o.RetryBackoff <= 0 {
		o.RetryBackoff = 500 * time.Millisecond
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = 10 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// Scraper fetches and extracts pages. It is safe for concurrent use; all
// fetches of one Scraper share its per-host limiter, worker limit and
// robots cache, so one Scraper should serve the whole process.
type Scraper struct {
	opts      Options
	transport http.RoundTripper
	hosts     *hostLimiter
	workers   chan struct{}
	robots    *robotsCache
	log       *slog.Logger
}

// New builds a Scraper. robots may be nil: answers are then kept in memory only.
func New(opts Options, robots RobotsCache) *Scraper {
	opts = opts.withDefaults()
	tr := opts.Transport
	if tr == nil {
		tr = &http.Transport{
			Proxy: http.ProxyFromEnvironment,
			DialContext: (&net.Dialer{
				Timeout:   10 * time.Second,
				KeepAlive: 30 * time.Second,
			}).DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          100,
			MaxIdleConnsPerHost:   opts.PerHostParallelism,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: opts.Timeout,
			ExpectContinueTimeout: time.Second,
		}
	}
	s := &Scraper{
		opts:      opts,
		transport: tr,
		hosts:     newHostLimiter(opts.PerHostParallelism, opts.PerHostDelay),
		workers:   make(chan struct{}, opts.Workers),
		log:       opts.Logger,
	}
	s.robots = newRobotsCache(s, robots)
	return s
}

// Close releases idle connections.
func (s *Scraper) Close() {
	if t, ok := s.transport.(interface{ CloseIdleConnections() }); ok {
		t.CloseIdleConnections()
	}
}

// Extract extracts the article of a page with the Scraper's site rules.
func (s *Scraper) Extract(html []byte, hint storywatch.ExtractHint) (storywatch.Extraction, error) {
	return Extract(html, hint, s.opts.Sites)
}
