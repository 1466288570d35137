package newsfixture

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

func loadGet(t *testing.T, h http.Handler, path string, hdr http.Header) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range hdr {
		req.Header[k] = v
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func TestLoadPagesPerMarkup(t *testing.T) {
	l := NewLoadSite(LoadOptions{Stories: 20, Seed: 1})
	h := l.Handler()
	for i := range 10 {
		t.Run(string(l.Markup(i)), func(t *testing.T) {
			w := loadGet(t, h, LoadPath(i), nil)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d", w.Code)
			}
			body := w.Body.String()
			if n := len(body); n < 30000 || n > 42000 {
				t.Errorf("page is %d bytes, want about 35,000", n)
			}
			for _, s := range loadSentinels {
				if strings.Contains(body, s.text) {
					t.Errorf("sentinel %s left in the page", s.text)
				}
			}
			a := l.Article(i)
			want := a.Headline
			if l.Markup(i) == JSONLDOnly {
				want = strings.ReplaceAll(a.Paragraphs[0], "\"", `\"`)
			}
			if !strings.Contains(body, escForMarkup(l.Markup(i), want)) {
				t.Errorf("page lacks %q", want)
			}
		})
	}
}

func escForMarkup(m Markup, s string) string {
	if m == JSONLDOnly {
		return s
	}
	return esc(s)
}

func TestLoadChrome(t *testing.T) {
	for _, noChurn := range []bool{false, true} {
		l := NewLoadSite(LoadOptions{Stories: 3, NoChurn: noChurn})
		h := l.Handler()
		a := loadGet(t, h, LoadPath(1), nil).Body.String()
		b := loadGet(t, h, LoadPath(1), nil).Body.String()
		if (a == b) != noChurn {
			t.Errorf("NoChurn=%v: two requests identical=%v", noChurn, a == b)
		}
	}
}

func TestLoadEdit(t *testing.T) {
	l := NewLoadSite(LoadOptions{Stories: 200, Seed: 7})
	before := make([]string, l.Len())
	for i := range before {
		before[i] = l.Text(i)
	}
	h := l.Handler()
	edited := l.Edit(20)
	if len(edited) != 40 {
		t.Fatalf("edited %d stories, want 40", len(edited))
	}
	for i := range before {
		changed := l.Text(i) != before[i]
		if changed != slices.Contains(edited, i) {
			t.Errorf("story %d: text changed=%v, edited=%v", i, changed, slices.Contains(edited, i))
		}
	}
	for _, i := range edited {
		a := l.Article(i)
		if a.UpdatedLine == "" || a.Modified.IsZero() {
			t.Errorf("story %d: edit left no Updated line", i)
		}
		body := loadGet(t, h, LoadPath(i), nil).Body.String()
		if l.Markup(i) != JSONLDOnly && !strings.Contains(body, esc(a.Headline)) {
			t.Errorf("story %d: page does not serve the edited headline %q", i, a.Headline)
		}
	}
	// A second round picks its own stories and edits grow the text.
	again := l.Edit(20)
	if slices.Equal(again, edited) {
		t.Error("second round edited the same stories")
	}
}

func TestLoadValidators(t *testing.T) {
	l := NewLoadSite(LoadOptions{Stories: 2, Validators: true})
	h := l.Handler()
	w := loadGet(t, h, LoadPath(1), nil)
	etag := w.Header().Get("ETag")
	if etag == "" || w.Header().Get("Last-Modified") == "" {
		t.Fatalf("validators missing: %v", w.Header())
	}
	if w := loadGet(t, h, LoadPath(1), http.Header{"If-None-Match": {etag}}); w.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", w.Code)
	}
	l.Edit(100)
	if w := loadGet(t, h, LoadPath(1), http.Header{"If-None-Match": {etag}}); w.Code != http.StatusOK {
		t.Errorf("after an edit: status %d, want 200", w.Code)
	}
	plain := NewLoadSite(LoadOptions{Stories: 2})
	if w := loadGet(t, plain.Handler(), LoadPath(1), nil); w.Header().Get("ETag") != "" || w.Header().Get("Last-Modified") != "" {
		t.Errorf("validators sent by default: %v", w.Header())
	}
}

func TestLoadNotFound(t *testing.T) {
	l := NewLoadSite(LoadOptions{Stories: 2})
	for _, p := range []string{"/news/x", "/world/bridge-collapse-000009", "/news/warehouse-fire-000001"} {
		if w := loadGet(t, l.Handler(), p, nil); w.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, w.Code)
		}
	}
	if w := loadGet(t, l.Handler(), "/robots.txt", nil); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Allow: /") {
		t.Errorf("robots.txt: %d %q", w.Code, w.Body.String())
	}
}

// TestLoadLoopback serves stories on their own loopback addresses.
func TestLoadLoopback(t *testing.T) {
	l := NewLoadSite(LoadOptions{Stories: 600})
	ln, port, err := ListenLoad(0)
	if err != nil {
		t.Fatal(err)
	}
	srv := l.Serve(ln)
	defer srv.Shutdown(context.Background())
	c := &http.Client{Timeout: 5 * time.Second}
	for _, i := range []int{0, 253, 254, 599} {
		u := LoadURL(i, port)
		if !strings.HasPrefix(u, "http://"+LoadAddr(i)+":") {
			t.Fatalf("URL %s not on %s", u, LoadAddr(i))
		}
		resp, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", u, resp.StatusCode)
		}
	}
	if LoadAddr(0) != "127.0.0.1" || LoadAddr(253) != "127.0.0.254" || LoadAddr(254) != "127.0.1.1" {
		t.Errorf("addresses: %s %s %s", LoadAddr(0), LoadAddr(253), LoadAddr(254))
	}
	if l.Requests() != 4 {
		t.Errorf("requests = %d, want 4", l.Requests())
	}
}

// BenchmarkLoadServe is the server's cost per page (it must stay far below
// a client's cost per check).
func BenchmarkLoadServe(b *testing.B) {
	l := NewLoadSite(LoadOptions{Stories: 100})
	l.Prepare()
	h := l.Handler()
	req := httptest.NewRequest(http.MethodGet, LoadPath(42), nil)
	w := &discardWriter{h: http.Header{}}
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
	b.SetBytes(int64(w.n) / int64(b.N))
}

type discardWriter struct {
	h http.Header
	n int
}

func (d *discardWriter) Header() http.Header { return d.h }
func (d *discardWriter) Write(p []byte) (int, error) {
	d.n += len(p)
	return len(p), nil
}
func (d *discardWriter) WriteHeader(int) {}
