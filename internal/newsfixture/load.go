package newsfixture

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// LoadOptions configure a LoadSite.
type LoadOptions struct {
	// Stories is the number of stories (story i is served under its own
	// loopback address, see LoadSite.URL).
	Stories int
	// Seed makes the generated articles reproducible.
	Seed uint64
	// NoChurn serves the same chrome on every request, so only edits change
	// a page (the storage measurement).
	NoChurn bool
	// Validators sends ETag and Last-Modified and answers conditional
	// requests with 304. Off by default: every request is a full 200, so
	// every tool does the real work of a check on every pass.
	Validators bool
	// PageBytes is the approximate size of a page; 0 means 35,000.
	PageBytes int
	// MixedEdits makes each revision one edit of a realistic mix instead
	// of a breaking-news update: a fact update 25 %, a quote added 15 %, a
	// background paragraph added 15 %, one or two sentences reworded 30 %
	// (the headline in a third of these), a typo or a name's spelling
	// corrected 10 %, a paragraph removed 5 % (see loadEditMix). The first
	// version then has three typos and a misspelled name for corrections
	// to fix. Off: every revision is a breaking-news update.
	MixedEdits bool
}

// LoadSite is the load mode of the fixture: many generated stories in the
// site's outlet markups, each page about 35 KB, rendered from a per-story
// template so that serving costs little more than a copy and the server is
// never what a benchmark measures.
type LoadSite struct {
	opts    LoadOptions
	pad     []byte // shared filler chrome: mega-menu, hydration script, more-news lists
	stories []loadStory
	round   atomic.Int64
	reqs    atomic.Int64
	bytes   atomic.Int64
	pool    sync.Pool
}

type loadStory struct {
	rev  atomic.Int64
	page atomic.Pointer[loadPage]
	mu   sync.Mutex // serialises template builds
}

// loadPage is a rendered page split around its churning chrome.
type loadPage struct {
	segs     []loadSeg
	size     int
	etag     string
	modified time.Time
}

// loadSeg is literal bytes followed by one chrome slot (or none).
type loadSeg struct {
	lit  []byte
	slot int
}

const (
	slotNone = iota
	slotReq
	slotMinutes
	slotAd
	slotCSRF
	slotPad
	slotMostRead // slotMostRead+i for the i-th most-read headline
)

// Sentinels rendered in place of the churning chrome; they survive HTML
// escaping and Go quoting unchanged, so the page can be split around them.
var loadSentinels = []struct {
	text string
	slot int
}{
	{"917364550013001", slotReq},
	{"917364550013002", slotMinutes},
	{"QXADSLOTSENTINELQX", slotAd},
	{"QXCSRFSENTINELQX", slotCSRF},
	{"QXPADSENTINELQX", slotPad},
	{"QXMOSTREAD0QX", slotMostRead},
	{"QXMOSTREAD1QX", slotMostRead + 1},
	{"QXMOSTREAD2QX", slotMostRead + 2},
	{"QXMOSTREAD3QX", slotMostRead + 3},
	{"QXMOSTREAD4QX", slotMostRead + 4},
}

// NewLoadSite builds a load site; pages are rendered lazily on first
// request (Prepare renders them all up front).
func NewLoadSite(opts LoadOptions) *LoadSite {
	if opts.PageBytes == 0 {
		opts.PageBytes = 35000
	}
	l := &LoadSite{opts: opts, stories: make([]loadStory, opts.Stories)}
	// The filler is sized against a typical rendered article (~9 KB).
	l.pad = loadPadding(max(0, opts.PageBytes-9000))
	l.pool.New = func() any { return new(bytes.Buffer) }
	return l
}

// Len is the number of stories.
func (l *LoadSite) Len() int { return len(l.stories) }

// LoadAddr is the loopback address of story i: 127.0.x.y with y in
// 1..254. Past 65,024 stories addresses repeat.
func LoadAddr(i int) string {
	k := i % (256 * 254)
	return fmt.Sprintf("127.0.%d.%d", k/254, k%254+1)
}

// LoadPath is the path of story i; the handler finds the story by the
// number at its end.
func LoadPath(i int) string {
	sections := [...]string{"news", "world", "local", "live", "uk"}
	return fmt.Sprintf("/%s/%s-%06d", sections[i%len(sections)], loadSlugs[i%len(loadSlugs)], i)
}

// LoadURL is the URL of story i on a load server listening on port.
func LoadURL(i, port int) string {
	return "http://" + LoadAddr(i) + ":" + strconv.Itoa(port) + LoadPath(i)
}

// URL is the URL of story i on port.
func (l *LoadSite) URL(i, port int) string { return LoadURL(i, port) }

// Markup is the outlet markup of story i: half semantic, the rest div
// soup, live blogs and JSON-LD-only pages.
func (l *LoadSite) Markup(i int) Markup { return loadMarkup(i) }

func loadMarkup(i int) Markup {
	switch i % 10 {
	case 0, 1, 2, 3, 4:
		return Semantic
	case 5, 6:
		return DivSoup
	case 7, 8:
		return LiveBlog
	default:
		return JSONLDOnly
	}
}

// Revision is how many times story i has been edited.
func (l *LoadSite) Revision(i int) int { return int(l.stories[i].rev.Load()) }

// Article is the current article of story i.
func (l *LoadSite) Article(i int) Article {
	return l.article(i, int(l.stories[i].rev.Load()))
}

func (l *LoadSite) article(i, rev int) Article {
	if l.opts.MixedEdits {
		a, _ := loadArticleMixed(l.opts.Seed, i, rev, loadMarkup(i))
		return a
	}
	return loadArticle(l.opts.Seed, i, rev, loadMarkup(i))
}

// EditKinds names what each revision of story i did with MixedEdits
// ("fact", "quote", "background", "reword", "correction", "remove"; a
// correction or removal with nothing left to correct or remove rewords
// instead), oldest first; nil without MixedEdits.
func (l *LoadSite) EditKinds(i int) []string {
	if !l.opts.MixedEdits {
		return nil
	}
	_, kinds := loadArticleMixed(l.opts.Seed, i, int(l.stories[i].rev.Load()), loadMarkup(i))
	names := make([]string, len(kinds))
	for j, k := range kinds {
		names[j] = k.String()
	}
	return names
}

// Text is the current article of story i as plain text: headline,
// standfirst, then paragraphs (live-blog entries oldest first, each after
// its time and title), separated by blank lines.
func (l *LoadSite) Text(i int) string { return loadText(l.Article(i)) }

func loadText(a Article) string {
	parts := []string{a.Headline}
	if a.Standfirst != "" {
		parts = append(parts, a.Standfirst)
	}
	parts = append(parts, a.KeyPoints...)
	parts = append(parts, a.Paragraphs...)
	for _, e := range a.Entries {
		parts = append(parts, e.Time.UTC().Format("15:04")+" "+e.Title)
		parts = append(parts, e.Paragraphs...)
	}
	return strings.Join(parts, "\n\n")
}

// Edit revises the article text of percent % of the stories (a rising
// toll, a new paragraph or live entry, a reworded sentence, a new
// "Updated" line; with MixedEdits one edit of the mix), chosen afresh each
// round, and returns their indexes.
func (l *LoadSite) Edit(percent float64) []int {
	round := l.round.Add(1)
	n := len(l.stories)
	k := int(float64(n)*percent/100 + 0.5)
	k = min(max(k, 0), n)
	perm := rand.New(rand.NewPCG(l.opts.Seed^0x5eed, uint64(round))).Perm(n)[:k]
	for _, i := range perm {
		l.stories[i].rev.Add(1)
		l.stories[i].page.Store(nil)
	}
	l.prepare(perm)
	return perm
}

// Prepare renders every page now, so that the first pass does not pay for
// it.
func (l *LoadSite) Prepare() {
	all := make([]int, len(l.stories))
	for i := range all {
		all[i] = i
	}
	l.prepare(all)
}

func (l *LoadSite) prepare(idx []int) {
	var wg sync.WaitGroup
	const workers = 4
	for w := range workers {
		wg.Go(func() {
			for j := w; j < len(idx); j += workers {
				l.page(idx[j])
			}
		})
	}
	wg.Wait()
}

func (l *LoadSite) page(i int) *loadPage {
	st := &l.stories[i]
	if p := st.page.Load(); p != nil {
		return p
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if p := st.page.Load(); p != nil {
		return p
	}
	rev := int(st.rev.Load())
	p := l.build(i, rev)
	if int(st.rev.Load()) == rev {
		st.page.Store(p)
	}
	return p
}

func (l *LoadSite) build(i, rev int) *loadPage {
	m := loadMarkup(i)
	a := l.article(i, rev)
	story := Story{Path: LoadPath(i), Markup: m}
	c := chrome{n: 917364550013001, minutes: 917364550013002, adID: "QXADSLOTSENTINELQX", csrf: "QXCSRFSENTINELQX"}
	for j := range 5 {
		c.mostRead = append(c.mostRead, fmt.Sprintf("QXMOSTREAD%dQX", j))
	}
	page := render(story, a, c)
	// The filler goes before the most-read box, which every markup has.
	if k := strings.Index(page, ` class="most-read"`); k > 0 {
		k = strings.LastIndexByte(page[:k], '<')
		page = page[:k] + "QXPADSENTINELQX" + page[k:]
	}
	p := &loadPage{segs: splitSentinels(page)}
	for _, s := range p.segs {
		p.size += len(s.lit)
		if s.slot == slotPad {
			p.size += len(l.pad)
		}
	}
	p.etag = loadETag(i, rev)
	p.modified = a.Modified
	if p.modified.IsZero() {
		p.modified = a.Published
	}
	return p
}

func loadETag(i, rev int) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%d/%d", i, rev)))
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}

func splitSentinels(page string) []loadSeg {
	var segs []loadSeg
	for {
		at, slot, width := -1, slotNone, 0
		for _, s := range loadSentinels {
			if k := strings.Index(page, s.text); k >= 0 && (at < 0 || k < at) {
				at, slot, width = k, s.slot, len(s.text)
			}
		}
		if at < 0 {
			return append(segs, loadSeg{lit: []byte(page)})
		}
		segs = append(segs, loadSeg{lit: []byte(page[:at]), slot: slot})
		page = page[at+width:]
	}
}

// write renders page p for request number n into b.
func (l *LoadSite) write(b *bytes.Buffer, p *loadPage, n int64) {
	if l.opts.NoChurn {
		n = 1
	}
	c := loadChrome(n)
	var num [20]byte
	for _, s := range p.segs {
		b.Write(s.lit)
		switch s.slot {
		case slotNone:
		case slotReq:
			b.Write(strconv.AppendInt(num[:0], n, 10))
		case slotMinutes:
			b.Write(strconv.AppendInt(num[:0], n%59+1, 10))
		case slotAd:
			b.WriteString(c.ad)
		case slotCSRF:
			b.WriteString(c.csrf)
		case slotPad:
			b.Write(l.pad)
		default:
			b.WriteString(c.mostRead[s.slot-slotMostRead])
		}
	}
}

type loadChromeValues struct {
	ad, csrf string
	mostRead [5]string
}

func loadChrome(n int64) loadChromeValues {
	c := loadChromeValues{
		ad:   "ad-" + strconv.FormatInt((n*7919)%1000000, 10),
		csrf: strconv.FormatUint(uint64(n)*0x9e3779b97f4a7c15, 16),
	}
	for i := range c.mostRead {
		h := headlinesPool[(int(n)+i*3)%len(headlinesPool)]
		c.mostRead[i] = h + " (" + strconv.FormatInt(1000+((n+int64(i))*37)%9000, 10) + " readers)"
	}
	return c
}

// Requests is the number of requests served; Bytes the body bytes.
func (l *LoadSite) Requests() int64 { return l.reqs.Load() }

// Bytes is the number of body bytes served.
func (l *LoadSite) Bytes() int64 { return l.bytes.Load() }

// Handler serves /robots.txt (allow all) and the stories; the story is
// found by the number that ends the path, whatever the Host.
func (l *LoadSite) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := l.reqs.Add(1)
		if r.URL.Path == "/robots.txt" {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Write([]byte("User-agent: *\nAllow: /\n"))
			return
		}
		i, ok := loadIndex(r.URL.Path, len(l.stories))
		if !ok || r.URL.Path != LoadPath(i) {
			http.NotFound(w, r)
			return
		}
		p := l.page(i)
		if l.opts.Validators {
			w.Header().Set("ETag", p.etag)
			w.Header().Set("Last-Modified", p.modified.UTC().Format(http.TimeFormat))
			if inm := r.Header.Get("If-None-Match"); inm != "" {
				if inm == p.etag {
					w.WriteHeader(http.StatusNotModified)
					return
				}
			} else if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !p.modified.Truncate(time.Second).After(ims) {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		b := l.pool.Get().(*bytes.Buffer)
		b.Reset()
		b.Grow(p.size + 256)
		l.write(b, p, n)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
		w.Write(b.Bytes())
		l.bytes.Add(int64(b.Len()))
		l.pool.Put(b)
	})
}

func loadIndex(path string, n int) (int, bool) {
	k := strings.LastIndexByte(path, '-')
	if k < 0 {
		return 0, false
	}
	i, err := strconv.Atoi(path[k+1:])
	if err != nil || i < 0 || i >= n {
		return 0, false
	}
	return i, true
}

// ListenLoad listens on every address of 127.0.0.0/8 at port (0 picks one)
// and accepts only loopback peers, so that story i can be addressed as
// LoadURL(i, port) while nothing outside the machine is ever served.
func ListenLoad(port int) (net.Listener, int, error) {
	ln, err := net.Listen("tcp4", "0.0.0.0:"+strconv.Itoa(port))
	if err != nil {
		return nil, 0, fmt.Errorf("load listen: %w", err)
	}
	return loopbackOnly{ln}, ln.Addr().(*net.TCPAddr).Port, nil
}

type loopbackOnly struct{ net.Listener }

func (l loopbackOnly) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		local, lok := c.LocalAddr().(*net.TCPAddr)
		remote, rok := c.RemoteAddr().(*net.TCPAddr)
		if lok && rok && local.IP.IsLoopback() && remote.IP.IsLoopback() {
			return c, nil
		}
		c.Close()
	}
}

// Serve serves the load site on ln in the background until srv is shut
// down; a failure of the server is logged.
func (l *LoadSite) Serve(ln net.Listener) *http.Server {
	srv := &http.Server{Handler: l.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.Error("load server stopped", "err", err)
		}
	}()
	return srv
}
