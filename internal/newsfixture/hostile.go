package newsfixture

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RobotsMode is what /robots.txt answers.
type RobotsMode string

const (
	RobotsAllow    RobotsMode = "allow"    // allow everything (default)
	RobotsDisallow RobotsMode = "disallow" // Disallow: / for every agent
	RobotsPartial  RobotsMode = "partial"  // Disallow: /private/ only
	Robots5xx      RobotsMode = "5xx"      // 503
	RobotsHuge     RobotsMode = "huge"     // several MiB of comments, then Disallow: /private/
	RobotsMissing  RobotsMode = "missing"  // 404
)

func (m RobotsMode) valid() bool {
	switch m {
	case RobotsAllow, RobotsDisallow, RobotsPartial, Robots5xx, RobotsHuge, RobotsMissing:
		return true
	}
	return false
}

// SetRobots switches what /robots.txt answers.
func (s *Site) SetRobots(m RobotsMode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.robots = m
}

func (s *Site) serveRobots(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	mode := s.robots
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain")
	switch mode {
	case RobotsDisallow:
		fmt.Fprint(w, "User-agent: *\nDisallow: /\n")
	case RobotsPartial:
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	case Robots5xx:
		http.Error(w, "robots unavailable", http.StatusServiceUnavailable)
	case RobotsMissing:
		http.NotFound(w, r)
	case RobotsHuge:
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
		line := "# " + strings.Repeat("padding ", 16) + "\n"
		for written := 0; written < 4<<20; written += len(line) {
			if _, err := fmt.Fprint(w, line); err != nil {
				return
			}
		}
		fmt.Fprint(w, "User-agent: *\nDisallow: /\n")
	default:
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	}
}

// serveHostile serves the misbehaving pages:
//
//	/hostile/slow?for=5s        headers at once, then a byte every 100ms
//	/hostile/hang?for=5s        no headers until the time has passed
//	/hostile/endless            an HTML body that never ends
//	/hostile/huge?mib=50        an HTML body of that many MiB
//	/hostile/gzip-bomb?mib=200  gzip-encoded body inflating to that many MiB
//	/hostile/redirect-loop      redirects to itself forever
//	/hostile/redirect?to=/path  one redirect
//	/hostile/429?after=120      429 with Retry-After (seconds)
//	/hostile/503?after=120      503 with Retry-After (seconds)
//	/hostile/500                always 500
//	/hostile/flap?fail=2        fails with 503 that many times per cycle, then serves a page
//	/hostile/pdf                a PDF
//	/hostile/json               a JSON document
//	/hostile/reset              closes the connection without an answer
func (s *Site) serveHostile(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	name := strings.TrimPrefix(r.URL.Path, "/hostile/")
	switch name {
	case "slow":
		d := durationParam(q.Get("for"), 5*time.Second)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		deadline := time.Now().Add(d)
		for time.Now().Before(deadline) {
			if _, err := w.Write([]byte("<p>.</p>\n")); err != nil {
				return
			}
			flush(w)
			if !sleep(r, 100*time.Millisecond) {
				return
			}
		}
	case "hang":
		sleep(r, durationParam(q.Get("for"), 5*time.Second))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(simplePage("Late", "This page took its time.")))
	case "endless":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!DOCTYPE html><html><head><title>Endless</title></head><body>"))
		chunk := bytes.Repeat([]byte("<p>and on and on and on</p>\n"), 1024)
		for {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			if r.Context().Err() != nil {
				return
			}
		}
	case "huge":
		mib := intParam(q.Get("mib"), 50)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(mib<<20))
		chunk := bytes.Repeat([]byte("x"), 1<<20)
		for range mib {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	case "gzip-bomb":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gzipBomb(intParam(q.Get("mib"), 200)))
	case "redirect-loop":
		http.Redirect(w, r, r.URL.Path+"?n="+strconv.Itoa(intParam(q.Get("n"), 0)+1), http.StatusFound)
	case "redirect":
		http.Redirect(w, r, q.Get("to"), http.StatusMovedPermanently)
	case "429", "503":
		code, _ := strconv.Atoi(name)
		w.Header().Set("Retry-After", strconv.Itoa(intParam(q.Get("after"), 120)))
		http.Error(w, http.StatusText(code), code)
	case "500":
		http.Error(w, "internal error", http.StatusInternalServerError)
	case "flap":
		fail := intParam(q.Get("fail"), 1)
		s.mu.Lock()
		n := s.flap[r.URL.String()]
		s.flap[r.URL.String()] = n + 1
		s.mu.Unlock()
		if n%(fail+1) < fail {
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(simplePage("Back again", "The service recovered after a wobble.")))
	case "pdf":
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"))
	case "json":
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"headline": "not a page"}`))
	case "reset":
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		http.Error(w, "cannot reset", http.StatusInternalServerError)
	default:
		http.NotFound(w, r)
	}
}

func simplePage(title, text string) string {
	return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title></head><body><article><h1>" +
		esc(title) + "</h1><p>" + esc(text) + "</p></article></body></html>"
}

func flush(w http.ResponseWriter) {
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}

// sleep waits d or until the client goes away; false if it went away.
func sleep(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func durationParam(v string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(v); err == nil && d >= 0 {
		return d
	}
	return def
}

func intParam(v string, def int) int {
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return n
	}
	return def
}

var bombs sync.Map // MiB → compressed body

// gzipBomb compresses once per size: compressing tens of MiB on every
// request is slow under the race detector and would make tests time out
// for the wrong reason.
func gzipBomb(mib int) []byte {
	if b, ok := bombs.Load(mib); ok {
		return b.([]byte)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write([]byte("<!DOCTYPE html><html><body><p>"))
	zeros := make([]byte, 1<<20)
	for range mib {
		zw.Write(zeros)
	}
	zw.Close()
	b, _ := bombs.LoadOrStore(mib, buf.Bytes())
	return b.([]byte)
}
