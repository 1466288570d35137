package scraper

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/internal/newsfixture"
)

var update = flag.Bool("update", false, "rewrite golden files")

func newTestScraper(opts Options) *Scraper {
	if opts.PerHostDelay == 0 {
		opts.PerHostDelay = -1
	}
	if opts.Timeout == 0 {
		opts.Timeout = 5 * time.Second
	}
	if opts.RetryBackoff == 0 {
		opts.RetryBackoff = 10 * time.Millisecond
	}
	return New(opts, nil)
}

func fetch(t testing.TB, s *Scraper, url string) storywatch.FetchResult {
	t.Helper()
	res, err := s.Fetch(context.Background(), storywatch.FetchRequest{URL: url})
	if err != nil {
		t.Fatalf("fetch %s: %v", url, err)
	}
	return res
}

func extract(t testing.TB, s *Scraper, body []byte, hint storywatch.ExtractHint) storywatch.Extraction {
	t.Helper()
	x, err := s.Extract(body, hint)
	if err != nil {
		t.Fatalf("extract: %v", err)
	}
	return x
}

// blocks lists a version's text blocks, for counting what an edit changed.
func blocks(v storywatch.Version) []string {
	return strings.Split(v.Text(), "\n\n")
}

func diffCount(a, b []string) int {
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	n := 0
	for _, x := range b {
		if seen[x] > 0 {
			seen[x]--
		} else {
			n++
		}
	}
	return n
}

var markupStories = []struct {
	name, path string
	edit       func(*newsfixture.Article)
}{
	{"semantic", newsfixture.PathWestminster, func(a *newsfixture.Article) { a.Paragraphs[1] += " Witnesses described scenes of panic." }},
	{"divsoup", newsfixture.PathHarbourFire, func(a *newsfixture.Article) { a.Paragraphs[2] += " Both were later discharged." }},
	{"liveblog", newsfixture.PathLiveBlog, func(a *newsfixture.Article) {
		a.Entries[1].Paragraphs[0] += " Cobra will meet this evening."
	}},
	{"jsonld", newsfixture.PathBridge, func(a *newsfixture.Article) { a.Paragraphs[1] += " The walkway is step-free." }},
	{"windows-1252", newsfixture.PathCafe, func(a *newsfixture.Article) { a.Paragraphs[2] += " Café regulars cheered." }},
	{"shift_jis", newsfixture.PathFlood, func(a *newsfixture.Article) { a.Paragraphs[1] += "消防が警戒を続けている。" }},
}

// TestContentEditOneChange: chrome churn alone changes nothing (and the
// fast path says so), a content edit changes exactly one text block in
// every markup, found through the remembered region.
func TestContentEditOneChange(t *testing.T) {
	site := newsfixture.New(newsfixture.Options{})
	defer site.Close()
	s := newTestScraper(Options{})
	for _, tc := range markupStories {
		t.Run(tc.name, func(t *testing.T) {
			url := site.URL() + tc.path
			first := extract(t, s, fetch(t, s, url).Body, storywatch.ExtractHint{URL: url})
			if !first.Full || first.Version.Text() == "" {
				t.Fatalf("first extraction: full=%v text=%q", first.Full, first.Version.Text())
			}
			if first.Region == "" {
				t.Fatalf("no region learned")
			}
			hint := storywatch.ExtractHint{URL: url, Region: first.Region, Fingerprint: first.Fingerprint}

			// Chrome churns on every request: the article must not.
			again := fetch(t, s, url).Body
			if x := extract(t, s, again, hint); !x.Unchanged {
				t.Errorf("churned page not recognised as unchanged (region %s)", first.Region)
			}
			full := extract(t, s, again, storywatch.ExtractHint{URL: url})
			if full.Version.Text() != first.Version.Text() || full.Version.Headline != first.Version.Headline {
				t.Errorf("chrome churn changed the extraction:\n%q\n%q", first.Version.Text(), full.Version.Text())
			}

			if err := site.Edit(tc.path, tc.edit); err != nil {
				t.Fatal(err)
			}
			edited := fetch(t, s, url).Body
			x := extract(t, s, edited, hint)
			if x.Unchanged {
				t.Fatalf("edit not seen")
			}
			if x.Full {
				t.Errorf("edit re-extracted the whole page instead of the region")
			}
			if n := diffCount(blocks(first.Version), blocks(x.Version)); n != 1 {
				t.Errorf("edit changed %d blocks, want 1:\nbefore %q\nafter  %q", n, first.Version.Text(), x.Version.Text())
			}
			if got := extract(t, s, edited, storywatch.ExtractHint{URL: url}); got.Version.Text() != x.Version.Text() {
				t.Errorf("region and full extraction disagree:\n%q\n%q", x.Version.Text(), got.Version.Text())
			}
		})
	}
}

// TestNotModified: a 304 answer carries no body, and the site counts no
// article rendered for it.
func TestNotModified(t *testing.T) {
	site := newsfixture.New(newsfixture.Options{})
	defer site.Close()
	s := newTestScraper(Options{})
	url := site.URL() + newsfixture.PathWestminster
	res := fetch(t, s, url)
	if res.ETag == "" || res.LastModified == "" {
		t.Fatalf("no validators: %+v", res)
	}
	before := site.Stats().ArticleBodies
	for _, req := range []storywatch.FetchRequest{{URL: url, ETag: res.ETag}, {URL: url, LastModified: res.LastModified}} {
		got, err := s.Fetch(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if !got.NotModified || got.Status != 304 || len(got.Body) != 0 {
			t.Errorf("%+v: want 304 without body, got status %d, %d bytes", req, got.Status, len(got.Body))
		}
	}
	if after := site.Stats().ArticleBodies; after != before {
		t.Errorf("304 path rendered %d article bodies", after-before)
	}
	site.SetVersion(newsfixture.PathWestminster, 2)
	got, err := s.Fetch(context.Background(), storywatch.FetchRequest{URL: url, ETag: res.ETag})
	if err != nil || got.NotModified {
		t.Fatalf("new version answered not modified (%v)", err)
	}
}

func TestCharsets(t *testing.T) {
	site := newsfixture.New(newsfixture.Options{})
	defer site.Close()
	s := newTestScraper(Options{})
	for _, tc := range []struct{ path, charset, want string }{
		{newsfixture.PathCafe, "windows-1252", "“We’re thrilled to be open again,” said owner Renée Dubois, who spent £40,000 repairing the café’s kitchen."},
		{newsfixture.PathCafeHeader, "windows-1252", "coffee still costs €2.50"},
		{newsfixture.PathFlood, "shift_jis", "流域の住民約200人が公民館などに避難した。"},
		{newsfixture.PathWestminster, "utf-8", "PC"},
	} {
		res := fetch(t, s, site.URL()+tc.path)
		if res.Charset != tc.charset {
			t.Errorf("%s: charset %q, want %q", tc.path, res.Charset, tc.charset)
		}
		x := extract(t, s, res.Body, storywatch.ExtractHint{URL: res.FinalURL})
		if tc.charset != "utf-8" && !strings.Contains(x.Version.Text(), tc.want) {
			t.Errorf("%s: text %q lacks %q", tc.path, x.Version.Text(), tc.want)
		}
	}
}

func TestHostile(t *testing.T) {
	site := newsfixture.New(newsfixture.Options{})
	defer site.Close()
	for _, tc := range []struct {
		name, path string
		opts       Options
		class      string
	}{
		{"500", "/hostile/500", Options{Retries: -1}, storywatch.ErrClassHTTP},
		{"404", "/no/such/story", Options{}, storywatch.ErrClassGone},
		{"timeout", "/hostile/hang?for=3s", Options{Timeout: 200 * time.Millisecond, Retries: -1}, storywatch.ErrClassTimeout},
		{"slow drip", "/hostile/slow?for=3s", Options{Timeout: 300 * time.Millisecond, Retries: -1}, storywatch.ErrClassTimeout},
		{"redirect loop", "/hostile/redirect-loop", Options{}, storywatch.ErrClassRedirect},
		{"50 MiB body", "/hostile/huge?mib=50", Options{}, storywatch.ErrClassBodyTooLarge},
		{"endless body", "/hostile/endless", Options{MaxBody: 1 << 20}, storywatch.ErrClassBodyTooLarge},
		{"gzip bomb", "/hostile/gzip-bomb?mib=16", Options{MaxBody: 4 << 20}, storywatch.ErrClassBodyTooLarge},
		{"pdf", "/hostile/pdf", Options{}, storywatch.ErrClassNotHTML},
		{"json", "/hostile/json", Options{}, storywatch.ErrClassNotHTML},
		{"429 long", "/hostile/429?after=120", Options{}, storywatch.ErrClassRateLimited},
		{"503 long", "/hostile/503?after=120", Options{}, storywatch.ErrClassHTTP},
		{"reset", "/hostile/reset", Options{Retries: -1}, storywatch.ErrClassNetwork},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestScraper(tc.opts)
			defer s.Close()
			_, err := s.Fetch(context.Background(), storywatch.FetchRequest{URL: site.URL() + tc.path})
			var fe *storywatch.FetchError
			if !errors.As(err, &fe) {
				t.Fatalf("want a FetchError, got %v", err)
			}
			if fe.Class != tc.class {
				t.Fatalf("class %q, want %q (%v)", fe.Class, tc.class, err)
			}
			if strings.HasPrefix(tc.name, "429") || strings.HasPrefix(tc.name, "503") {
				if fe.RetryAfter.Before(time.Now().Add(time.Minute)) {
					t.Errorf("Retry-After not carried: %v", fe.RetryAfter)
				}
			}
		})
	}
}

// TestRetries: flapping 5xx and a short Retry-After are absorbed inside
// one fetch.
func TestRetries(t *testing.T) {
	site := newsfixture.New(newsfixture.Options{})
	defer site.Close()
	s := newTestScraper(Options{Retries: 2})
	res, err := s.Fetch(context.Background(), storywatch.FetchRequest{URL: site.URL() + "/hostile/flap?fail=2"})
	if err != nil || res.Status != 200 {
		t.Fatalf("flapping page not recovered: %v", err)
	}
	if n := site.Requests("/hostile/flap"); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	s = newTestScraper(Options{Retries: 1, MaxRetryAfter: 3 * time.Second})
	_, err = s.Fetch(context.Background(), storywatch.FetchRequest{URL: site.URL() + "/hostile/429?after=1"})
	var fe *storywatch.FetchError
	if !errors.As(err, &fe) || fe.Class != storywatch.ErrClassRateLimited {
		t.Fatalf("want rate_limited after the retry, got %v", err)
	}
	if n := site.Requests("/hostile/429"); n != 2 {
		t.Errorf("short Retry-After: %d requests, want 2 (waited and retried once)", n)
	}
}

// memRobots is an in-memory RobotsCache, standing in for the store.
type memRobots struct {
	mu sync.Mutex
	m  map[string]storywatch.RobotsEntry
}

func (c *memRobots) Robots(_ context.Context, host string) (storywatch.RobotsEntry, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[host]
	return e, ok, nil
}

func (c *memRobots) PutRobots(_ context.Context, e storywatch.RobotsEntry) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[e.Host] = e
	return nil
}

func TestRobots(t *testing.T) {
	site := newsfixture.New(newsfixture.Options{})
	defer site.Close()
	url := site.URL() + newsfixture.PathWestminster
	classOfFetch := func(s *Scraper, u string) string {
		_, err := s.Fetch(context.Background(), storywatch.FetchRequest{URL: u})
		var fe *storywatch.FetchError
		if errors.As(err, &fe) {
			return fe.Class
		}
		if err != nil {
			return err.Error()
		}
		return ""
	}

	site.SetRobots(newsfixture.RobotsDisallow)
	s := newTestScraper(Options{})
	if c := classOfFetch(s, url); c != storywatch.ErrClassRobots {
		t.Errorf("disallow: class %q", c)
	}
	if _, err := s.Fetch(context.Background(), storywatch.FetchRequest{URL: url, IgnoreRobots: true}); err != nil {
		t.Errorf("per-story override: %v", err)
	}
	if c := classOfFetch(newTestScraper(Options{Robots: Bool(false)}), url); c != "" {
		t.Errorf("robots off: %q", c)
	}

	// 5xx blocks for RobotsErrorTTL only, then the host is retried.
	site.SetRobots(newsfixture.Robots5xx)
	s = newTestScraper(Options{RobotsErrorTTL: 50 * time.Millisecond})
	_, err := s.Fetch(context.Background(), storywatch.FetchRequest{URL: url})
	var fe *storywatch.FetchError
	if !errors.As(err, &fe) || fe.Class != storywatch.ErrClassRobots || !fe.Transient {
		t.Errorf("5xx robots: %v", err)
	}
	site.SetRobots(newsfixture.RobotsAllow)
	time.Sleep(60 * time.Millisecond) // let the short error TTL pass
	if c := classOfFetch(s, url); c != "" {
		t.Errorf("host still blocked after robots.txt recovered: %q", c)
	}

	// A huge robots.txt is read up to the cap: its first rules apply.
	site.SetRobots(newsfixture.RobotsHuge)
	s = newTestScraper(Options{})
	if c := classOfFetch(s, url); c != "" {
		t.Errorf("huge robots, allowed path: %q", c)
	}
	if c := classOfFetch(s, site.URL()+"/private/x"); c != storywatch.ErrClassRobots {
		t.Errorf("huge robots, disallowed path: %q", c)
	}

	// Answers are cached (in memory and in the store): one robots.txt
	// fetch for many stories, and a new process reuses the stored answer.
	site.SetRobots(newsfixture.RobotsPartial)
	site.ResetStats()
	store := &memRobots{m: map[string]storywatch.RobotsEntry{}}
	s = New(Options{PerHostDelay: -1}, store)
	for _, p := range site.Paths() {
		classOfFetch(s, site.URL()+p)
	}
	s2 := New(Options{PerHostDelay: -1}, store)
	if c := classOfFetch(s2, site.URL()+"/private/y"); c != storywatch.ErrClassRobots {
		t.Errorf("stored answer not applied: %q", c)
	}
	if n := site.Requests("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times, want 1", n)
	}
}

// TestPerHostLimit: however many stories of one host are fetched at once,
// the host never sees more than PerHostParallelism requests in flight.
func TestPerHostLimit(t *testing.T) {
	site := newsfixture.New(newsfixture.Options{Delay: 30 * time.Millisecond})
	defer site.Close()
	s := newTestScraper(Options{PerHostParallelism: 2, Workers: 8})
	var wg sync.WaitGroup
	for i := range 12 {
		p := site.Paths()[i%len(site.Paths())]
		wg.Go(func() {
			if _, err := s.Fetch(context.Background(), storywatch.FetchRequest{URL: site.URL() + p}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if m := site.MaxConcurrent(""); m > 2 || m < 1 {
		t.Errorf("max concurrent requests %d, want 1..2", m)
	}
}

// TestHostDelayHoldsNoWorker: a host waiting out its delay does not keep
// another host's fetch from running.
func TestHostDelayHoldsNoWorker(t *testing.T) {
	slow := newsfixture.New(newsfixture.Options{})
	defer slow.Close()
	fast := newsfixture.New(newsfixture.Options{})
	defer fast.Close()
	s := New(Options{Workers: 1, PerHostParallelism: 1, PerHostDelay: time.Hour, Timeout: 5 * time.Second}, nil)
	fetch(t, s, slow.URL()+newsfixture.PathWestminster)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := s.Fetch(ctx, storywatch.FetchRequest{URL: slow.URL() + newsfixture.PathHarbourFire})
		done <- err
	}()
	// With one worker, this only completes if the waiting fetch holds none.
	fetch(t, s, fast.URL()+newsfixture.PathWestminster)
	cancel()
	var fe *storywatch.FetchError
	if err := <-done; !errors.As(err, &fe) {
		t.Fatalf("delayed fetch: %v", err)
	}
	if s.HostWait(slow.URL()) == 0 {
		t.Errorf("HostWait reports no wait for a delayed host")
	}
}

// TestGolden compares the extraction of every fixture story with
// testdata/golden; run with -update to rewrite.
func TestGolden(t *testing.T) {
	site := newsfixture.New(newsfixture.Options{})
	defer site.Close()
	s := newTestScraper(Options{})
	for _, p := range site.Paths() {
		for v := 1; site.SetVersion(p, v) == nil; v++ {
			name := strings.ReplaceAll(strings.Trim(p, "/"), "/", "_") + "_v" + string(rune('0'+v)) + ".json"
			t.Run(name, func(t *testing.T) {
				res := fetch(t, s, site.URL()+p)
				x := extract(t, s, res.Body, storywatch.ExtractHint{URL: "https://fixture.example" + p})
				got, _ := json.MarshalIndent(struct {
					Version storywatch.Version
					Region  string
				}{x.Version, x.Region}, "", "  ")
				got = append(got, '\n')
				path := filepath.Join("testdata", "golden", name)
				if *update {
					os.MkdirAll(filepath.Dir(path), 0o755)
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update)", err)
				}
				if string(want) != string(got) {
					t.Errorf("extraction differs from %s (run go test -update to accept):\n%s", path, got)
				}
			})
		}
	}
}

// TestNoArticle: a page without an article gives empty parts, not an error.
func TestNoArticle(t *testing.T) {
	for _, page := range []string{"", "<html><body></body></html>", "<nav><a href=/>Home</a></nav>"} {
		x, err := Extract([]byte(page), storywatch.ExtractHint{}, nil)
		if err != nil {
			t.Errorf("%q: %v", page, err)
		}
		if x.Version.Text() != "" {
			t.Errorf("%q: text %q", page, x.Version.Text())
		}
	}
}
