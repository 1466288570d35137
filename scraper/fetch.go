package scraper

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/storywatch/storywatch"
)

var errTooManyRedirects = errors.New("too many redirects")

// Fetch downloads one page. It honours robots.txt (unless disabled), waits
// for the host's politeness slot and a global worker slot, sends a
// conditional GET when the request carries validators, retries transient
// failures with jittered backoff and decodes the body to UTF-8. Errors are
// *storywatch.FetchError.
func (s *Scraper) Fetch(ctx context.Context, req storywatch.FetchRequest) (storywatch.FetchResult, error) {
	start := time.Now()
	u, err := url.Parse(req.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return storywatch.FetchResult{}, &storywatch.FetchError{Class: storywatch.ErrClassInternal,
			Err: fmt.Errorf("fetch %q: %w: not an http(s) URL", req.URL, storywatch.ErrInvalid)}
	}
	if *s.opts.Robots && !req.IgnoreRobots {
		if err := s.robots.allowed(ctx, u); err != nil {
			return storywatch.FetchResult{}, err
		}
	}
	for attempt := 0; ; attempt++ {
		res, ferr := s.attempt(ctx, u, req)
		if ferr == nil {
			res.Duration = time.Since(start)
			return res, nil
		}
		if !ferr.Transient || attempt >= s.opts.Retries || ctx.Err() != nil {
			return storywatch.FetchResult{}, ferr
		}
		wait := s.backoff(attempt)
		if !ferr.RetryAfter.IsZero() {
			ra := time.Until(ferr.RetryAfter)
			if ra > s.opts.MaxRetryAfter {
				return storywatch.FetchResult{}, ferr
			}
			wait = max(wait, ra)
		}
		s.log.Debug("retrying fetch", "url", req.URL, "attempt", attempt+1, "wait", wait, "err", ferr)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return storywatch.FetchResult{}, ferr
		case <-t.C:
		}
	}
}

// backoff is exponential with full jitter, so retries of many stories of
// one host do not line up.
func (s *Scraper) backoff(attempt int) time.Duration {
	base := s.opts.RetryBackoff << attempt
	return base/2 + rand.N(base/2+1)
}

// HostWait reports how long a fetch of rawURL would now wait for its host's
// politeness slot; a scheduler can prefer stories whose host is ready.
func (s *Scraper) HostWait(rawURL string) time.Duration {
	u, err := url.Parse(rawURL)
	if err != nil {
		return 0
	}
	return s.hosts.wait(hostKey(u))
}

// hostKey is host:port, the unit of per-host politeness.
func hostKey(u *url.URL) string {
	if u.Port() != "" {
		return strings.ToLower(u.Host)
	}
	port := "80"
	if u.Scheme == "https" {
		port = "443"
	}
	return strings.ToLower(net.JoinHostPort(u.Hostname(), port))
}

// attempt is one HTTP exchange through a fresh colly collector.
func (s *Scraper) attempt(ctx context.Context, u *url.URL, req storywatch.FetchRequest) (storywatch.FetchResult, *storywatch.FetchError) {
	release, err := s.hosts.acquire(ctx, hostKey(u))
	if err != nil {
		return storywatch.FetchResult{}, classify(req.URL, err)
	}
	defer release()
	select {
	case s.workers <- struct{}{}:
	case <-ctx.Done():
		return storywatch.FetchResult{}, classify(req.URL, ctx.Err())
	}
	defer func() { <-s.workers }()

	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	// colly's body limit truncates silently: ask for one byte more than
	// allowed and fail when it arrives.
	c := colly.NewCollector(
		colly.StdlibContext(ctx),
		colly.AllowURLRevisit(),
		colly.MaxBodySize(int(s.opts.MaxBody)+1),
		colly.ParseHTTPErrorResponse(),
		colly.UserAgent(s.opts.UserAgent),
	)
	c.IgnoreRobotsTxt = true // our own robots cache, with expiry, runs before
	c.SetClient(&http.Client{
		Transport: s.transport,
		Timeout:   s.opts.Timeout,
		CheckRedirect: func(r *http.Request, via []*http.Request) error {
			if len(via) > s.opts.MaxRedirects {
				return errTooManyRedirects
			}
			return nil
		},
	})

	var (
		res      storywatch.FetchResult
		header   http.Header
		ctype    string
		abortErr *storywatch.FetchError
		body     []byte
		got      bool
	)
	c.OnResponseHeaders(func(r *colly.Response) {
		res.Status = r.StatusCode
		res.FinalURL = r.Request.URL.String()
		header = r.Headers.Clone()
		ctype = r.Headers.Get("Content-Type")
		if r.StatusCode < 200 || r.StatusCode > 299 {
			// The body of an error page is of no use; skip downloading it.
			r.Request.Abort()
			return
		}
		mt, _, _ := mime.ParseMediaType(ctype)
		if ctype != "" && !isHTMLType(mt) {
			abortErr = &storywatch.FetchError{Class: storywatch.ErrClassNotHTML, Status: r.StatusCode,
				Err: fmt.Errorf("fetch %s: content type %q is not HTML", req.URL, mt)}
			r.Request.Abort()
			return
		}
		if n, err := strconv.ParseInt(r.Headers.Get("Content-Length"), 10, 64); err == nil && n > s.opts.MaxBody && r.Headers.Get("Content-Encoding") == "" {
			abortErr = &storywatch.FetchError{Class: storywatch.ErrClassBodyTooLarge, Status: r.StatusCode,
				Err: fmt.Errorf("fetch %s: body of %d bytes exceeds the %d-byte limit", req.URL, n, s.opts.MaxBody)}
			r.Request.Abort()
			return
		}
		// colly would re-encode the body from the header's charset alone;
		// we decode ourselves (header, then <meta> anywhere in the head).
		if mt != "" {
			r.Headers.Set("Content-Type", mt)
		}
	})
	c.OnResponse(func(r *colly.Response) {
		body, got = r.Body, true
	})
	hdr := http.Header{}
	hdr.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	if req.ETag != "" {
		hdr.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hdr.Set("If-Modified-Since", req.LastModified)
	}
	err = c.Request(http.MethodGet, u.String(), nil, nil, hdr)
	if abortErr != nil {
		return res, abortErr
	}
	if res.Status >= 300 && res.Status != http.StatusNotModified {
		return res, statusError(req.URL, res.Status, header)
	}
	if err != nil && res.Status != http.StatusNotModified {
		return res, classify(req.URL, err)
	}
	res.ETag = header.Get("ETag")
	res.LastModified = header.Get("Last-Modified")
	res.ContentType = ctype
	if res.Status == http.StatusNotModified {
		res.NotModified = true
		return res, nil
	}
	if !got {
		return res, &storywatch.FetchError{Class: storywatch.ErrClassNetwork, Status: res.Status, Transient: true,
			Err: fmt.Errorf("fetch %s: no response", req.URL)}
	}
	res.Bytes = int64(len(body))
	if int64(len(body)) > s.opts.MaxBody {
		return res, &storywatch.FetchError{Class: storywatch.ErrClassBodyTooLarge, Status: res.Status,
			Err: fmt.Errorf("fetch %s: body exceeds the %d-byte limit", req.URL, s.opts.MaxBody)}
	}
	if ctype == "" && !isHTMLType(sniffType(body)) {
		return res, &storywatch.FetchError{Class: storywatch.ErrClassNotHTML, Status: res.Status,
			Err: fmt.Errorf("fetch %s: body looks like %s, not HTML", req.URL, sniffType(body))}
	}
	decoded, cs, err := decodeHTML(body, ctype)
	if err != nil {
		return res, &storywatch.FetchError{Class: storywatch.ErrClassDecode, Status: res.Status,
			Err: fmt.Errorf("fetch %s: %w", req.URL, err)}
	}
	res.Body, res.Charset = decoded, cs
	return res, nil
}

func sniffType(body []byte) string {
	mt, _, _ := mime.ParseMediaType(http.DetectContentType(body))
	return mt
}

func isHTMLType(mt string) bool {
	switch mt {
	case "text/html", "application/xhtml+xml", "application/xml", "text/xml":
		return true
	}
	return false
}

// statusError classifies a non-2xx, non-304 answer.
func statusError(rawURL string, status int, h http.Header) *storywatch.FetchError {
	e := &storywatch.FetchError{Class: storywatch.ErrClassHTTP, Status: status,
		Err: fmt.Errorf("fetch %s: %s", rawURL, http.StatusText(status))}
	switch {
	case status == http.StatusNotFound || status == http.StatusGone:
		e.Class = storywatch.ErrClassGone
	case status == http.StatusTooManyRequests:
		e.Class, e.Transient = storywatch.ErrClassRateLimited, true
	case status == http.StatusRequestTimeout || status >= 500:
		e.Transient = true
	case status >= 300 && status < 400:
		// A redirect we did not follow: no Location, or a loop cut short.
		e.Class = storywatch.ErrClassRedirect
	}
	if ra, ok := parseRetryAfter(h.Get("Retry-After"), time.Now()); ok {
		e.RetryAfter = ra
	}
	return e
}

// parseRetryAfter reads delta-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return now.Add(time.Duration(n) * time.Second), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// classify maps a transport-level error to a FetchError.
func classify(rawURL string, err error) *storywatch.FetchError {
	e := &storywatch.FetchError{Class: classOf(err), Err: fmt.Errorf("fetch %s: %w", rawURL, err)}
	switch e.Class {
	case storywatch.ErrClassTimeout:
		e.Transient = true
	case storywatch.ErrClassNetwork:
		var dns *net.DNSError
		e.Transient = !(errors.As(err, &dns) && dns.IsNotFound)
	}
	return e
}

func classOf(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, errTooManyRedirects):
		return storywatch.ErrClassRedirect
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return storywatch.ErrClassTimeout
	case errors.Is(err, context.Canceled):
		return storywatch.ErrClassInternal
	}
	return storywatch.ErrClassNetwork
}
