// Package newsfixture is a local news site for tests, benchmarks and the
// demo: several outlet markups, stories in several versions that can be
// switched at run time, page chrome that changes on every request,
// conditional GET, request counters and hostile modes. Every article on it
// is written by the storywatch authors.
package newsfixture

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Markup is an outlet's HTML style.
type Markup string

const (
	Semantic   Markup = "semantic"    // <article>, <h1>, <p>, <time>
	DivSoup    Markup = "divsoup"     // nested divs with class names, no semantic tags
	LiveBlog   Markup = "liveblog"    // timed entries, newest first, key points box
	JSONLDOnly Markup = "jsonld-only" // body only in the JSON-LD articleBody
)

// Article is one version of a story.
type Article struct {
	Headline    string
	Standfirst  string
	Byline      string
	Published   time.Time
	Modified    time.Time // zero: same as Published
	UpdatedLine string    // the visible "Updated …" line, if any
	Paragraphs  []string
	Correction  string
	KeyPoints   []string // live blogs
	Entries     []Entry  // live blogs, oldest first (rendered newest first)
}

// Entry is one live-blog entry.
type Entry struct {
	Time       time.Time
	Title      string
	Paragraphs []string
}

// Story is a page of the site with its versions.
type Story struct {
	Path    string
	Markup  Markup
	Charset string // "" or "utf-8", "windows-1252", "shift_jis"
	// CharsetInHeader sends the charset in Content-Type; otherwise only a
	// <meta> after more than 1 KB of inline script declares it.
	CharsetInHeader bool
	// NoValidators disables ETag/Last-Modified (a server that always
	// answers 200).
	NoValidators bool
	Versions     []Article
	current      int
}

// Options configure a Site.
type Options struct {
	// NoDefaultStories starts the site empty.
	NoDefaultStories bool
	// Delay is added to every article response (to hold requests in flight
	// so concurrency can be observed).
	Delay time.Duration
}

// Site is the fixture site.
type Site struct {
	opts Options
	srv  *httptest.Server

	mu      sync.Mutex
	stories map[string]*Story
	robots  RobotsMode
	flap    map[string]int

	total     atomic.Int64
	extracts  atomic.Int64
	cmu       sync.Mutex
	perPath   map[string]int64
	inFlight  map[string]int
	maxFlight map[string]int
}

// New starts the site on a local httptest server.
func New(opts Options) *Site {
	s := NewSite(opts)
	s.srv = httptest.NewServer(s.Handler())
	return s
}

// NewSite builds the site without a server; serve Handler() yourself.
func NewSite(opts Options) *Site {
	s := &Site{
		opts:      opts,
		stories:   map[string]*Story{},
		flap:      map[string]int{},
		perPath:   map[string]int64{},
		inFlight:  map[string]int{},
		maxFlight: map[string]int{},
	}
	if !opts.NoDefaultStories {
		for _, st := range DefaultStories() {
			s.Add(st)
		}
	}
	return s
}

// URL is the base URL of the running server ("" without one).
func (s *Site) URL() string {
	if s.srv == nil {
		return ""
	}
	return s.srv.URL
}

// Server is the underlying httptest server (nil for NewSite).
func (s *Site) Server() *httptest.Server { return s.srv }

// Close stops the server.
func (s *Site) Close() {
	if s.srv != nil {
		s.srv.CloseClientConnections()
		s.srv.Close()
	}
}

// Add registers a story (replacing one at the same path), at version 1.
func (s *Site) Add(st Story) {
	if st.Markup == "" {
		st.Markup = Semantic
	}
	if !strings.HasPrefix(st.Path, "/") {
		st.Path = "/" + st.Path
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cp := st
	cp.Versions = slices.Clone(st.Versions)
	s.stories[cp.Path] = &cp
}

// Paths lists the story paths in order.
func (s *Site) Paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for p := range s.stories {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// SetVersion switches the story at path to version n (1-based).
func (s *Site) SetVersion(path string, n int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stories[path]
	if st == nil {
		return fmt.Errorf("newsfixture: no story at %s", path)
	}
	if n < 1 || n > len(st.Versions) {
		return fmt.Errorf("newsfixture: story %s has %d versions, not %d", path, len(st.Versions), n)
	}
	st.current = n - 1
	return nil
}

// Version returns the current version number of the story at path (0 if none).
func (s *Site) Version(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.stories[path]; st != nil {
		return st.current + 1
	}
	return 0
}

// Edit changes the current version of the story at path in place.
func (s *Site) Edit(path string, f func(*Article)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stories[path]
	if st == nil {
		return fmt.Errorf("newsfixture: no story at %s", path)
	}
	a := cloneArticle(st.Versions[st.current])
	f(&a)
	st.Versions[st.current] = a
	return nil
}

// Current returns a copy of the current version of the story at path.
func (s *Site) Current(path string) (Article, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stories[path]
	if st == nil {
		return Article{}, false
	}
	return cloneArticle(st.Versions[st.current]), true
}

func cloneArticle(a Article) Article {
	a.Paragraphs = slices.Clone(a.Paragraphs)
	a.KeyPoints = slices.Clone(a.KeyPoints)
	a.Entries = slices.Clone(a.Entries)
	for i := range a.Entries {
		a.Entries[i].Paragraphs = slices.Clone(a.Entries[i].Paragraphs)
	}
	return a
}

// Stats are the request counters.
type Stats struct {
	Total         int64            `json:"total"`
	PerPath       map[string]int64 `json:"per_path"`
	MaxConcurrent map[string]int   `json:"max_concurrent"` // per Host header
	ArticleBodies int64            `json:"article_bodies"` // 200 responses with an article
}

// Stats returns a snapshot of the counters.
func (s *Site) Stats() Stats {
	s.cmu.Lock()
	defer s.cmu.Unlock()
	st := Stats{Total: s.total.Load(), PerPath: map[string]int64{}, MaxConcurrent: map[string]int{}, ArticleBodies: s.extracts.Load()}
	for k, v := range s.perPath {
		st.PerPath[k] = v
	}
	for k, v := range s.maxFlight {
		st.MaxConcurrent[k] = v
	}
	return st
}

// Requests returns the number of requests for path ("" = all).
func (s *Site) Requests(path string) int64 {
	if path == "" {
		return s.total.Load()
	}
	s.cmu.Lock()
	defer s.cmu.Unlock()
	return s.perPath[path]
}

// MaxConcurrent returns the most requests ever in flight at once for host
// (the Host header; "" = the largest over all hosts).
func (s *Site) MaxConcurrent(host string) int {
	s.cmu.Lock()
	defer s.cmu.Unlock()
	if host != "" {
		return s.maxFlight[host]
	}
	m := 0
	for _, v := range s.maxFlight {
		m = max(m, v)
	}
	return m
}

// ResetStats zeroes the counters.
func (s *Site) ResetStats() {
	s.cmu.Lock()
	defer s.cmu.Unlock()
	s.total.Store(0)
	s.extracts.Store(0)
	s.perPath = map[string]int64{}
	s.maxFlight = map[string]int{}
}

// Handler serves the site, its hostile paths under /hostile/ and the
// control endpoints under /_control/.
func (s *Site) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", s.serveRobots)
	mux.HandleFunc("/hostile/", s.serveHostile)
	mux.HandleFunc("/_control/", s.serveControl)
	mux.HandleFunc("/", s.serveStory)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/_control/") {
			s.enter(r)
			defer s.leave(r)
		}
		mux.ServeHTTP(w, r)
	})
}

func (s *Site) enter(r *http.Request) {
	s.total.Add(1)
	s.cmu.Lock()
	defer s.cmu.Unlock()
	s.perPath[r.URL.Path]++
	s.inFlight[r.Host]++
	if n := s.inFlight[r.Host]; n > s.maxFlight[r.Host] {
		s.maxFlight[r.Host] = n
	}
}

func (s *Site) leave(r *http.Request) {
	s.cmu.Lock()
	defer s.cmu.Unlock()
	s.inFlight[r.Host]--
}

func (s *Site) serveStory(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/" {
		s.serveIndex(w)
		return
	}
	s.mu.Lock()
	st := s.stories[r.URL.Path]
	var a Article
	var story Story
	if st != nil {
		a = cloneArticle(st.Versions[st.current])
		story = *st
	}
	s.mu.Unlock()
	if st == nil {
		http.NotFound(w, r)
		return
	}
	if s.opts.Delay > 0 {
		select {
		case <-time.After(s.opts.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if !story.NoValidators {
		etag := articleETag(a)
		mod := a.Modified
		if mod.IsZero() {
			mod = a.Published
		}
		w.Header().Set("ETag", etag)
		if !mod.IsZero() {
			w.Header().Set("Last-Modified", mod.UTC().Format(http.TimeFormat))
		}
		if inm := r.Header.Get("If-None-Match"); inm != "" {
			if inm == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		} else if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !mod.IsZero() && !mod.Truncate(time.Second).After(ims) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	n := s.total.Load()
	page := render(story, a, churn(n))
	body, ctype, err := encodePage(page, story)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.extracts.Add(1)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

func articleETag(a Article) string {
	b, _ := json.Marshal(a)
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}

func (s *Site) serveIndex(w http.ResponseWriter) {
	var b strings.Builder
	b.WriteString("<!doctype html><html><head><meta charset=\"utf-8\"><title>The Daily Fixture</title></head><body><h1>The Daily Fixture</h1><ul>")
	for _, p := range s.Paths() {
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>", p, p)
	}
	b.WriteString("</ul></body></html>")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(b.String()))
}

// serveControl switches versions and robots modes and reports counters,
// for tests that run the site in another process.
//
//	POST /_control/story?path=/news/x&version=2
//	POST /_control/robots?mode=disallow
//	GET  /_control/stats
//	POST /_control/reset
func (s *Site) serveControl(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/_control/story":
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		n, err := strconv.Atoi(r.URL.Query().Get("version"))
		if err != nil {
			http.Error(w, "version must be a number", http.StatusBadRequest)
			return
		}
		if err := s.SetVersion(r.URL.Query().Get("path"), n); err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		fmt.Fprintf(w, "ok %s v%d\n", r.URL.Query().Get("path"), n)
	case "/_control/robots":
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		mode := RobotsMode(r.URL.Query().Get("mode"))
		if !mode.valid() {
			http.Error(w, "unknown robots mode", http.StatusBadRequest)
			return
		}
		s.SetRobots(mode)
		fmt.Fprintf(w, "ok robots %s\n", mode)
	case "/_control/stats":
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(s.Stats())
	case "/_control/reset":
		s.ResetStats()
		fmt.Fprintln(w, "ok")
	default:
		http.NotFound(w, r)
	}
}
