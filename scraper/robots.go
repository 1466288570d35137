package scraper

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/storywatch/storywatch"
	"github.com/temoto/robotstxt"
)

// robotsCache answers "may we fetch this URL" from robots.txt, kept in
// memory and in the store with an expiry. Unlike colly's own cache it
// expires, and an unreachable or 5xx robots.txt blocks the host only for
// RobotsErrorTTL, never for good.
type robotsCache struct {
	s     *Scraper
	store RobotsCache

	mu      sync.Mutex
	entries map[string]*robotsMem
}

type robotsMem struct {
	mu      sync.Mutex // serialises fetches of one host's robots.txt
	data    *robotstxt.RobotsData
	status  int
	expires time.Time
}

func newRobotsCache(s *Scraper, store RobotsCache) *robotsCache {
	return &robotsCache{s: s, store: store, entries: map[string]*robotsMem{}}
}

// robotsKey is scheme://host[:port], the unit robots.txt applies to.
func robotsKey(u *url.URL) string { return u.Scheme + "://" + u.Host }

// allowed reports whether the user agent may fetch u. A robots.txt that
// answered 5xx or could not be fetched yields a transient robots error.
func (c *robotsCache) allowed(ctx context.Context, u *url.URL) error {
	key := robotsKey(u)
	c.mu.Lock()
	m := c.entries[key]
	if m == nil {
		m = &robotsMem{}
		c.entries[key] = m
	}
	c.mu.Unlock()

	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	if m.data == nil || !now.Before(m.expires) {
		if err := c.load(ctx, key, m, now); err != nil {
			return err
		}
	}
	if m.status >= 500 {
		return &storywatch.FetchError{Class: storywatch.ErrClassRobots, Transient: true, RetryAfter: m.expires,
			Err: fmt.Errorf("robots.txt of %s answered HTTP %d; retrying after %s", key, m.status, m.expires.Format(time.RFC3339))}
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if !m.data.TestAgent(path, c.s.opts.UserAgent) {
		return &storywatch.FetchError{Class: storywatch.ErrClassRobots,
			Err: fmt.Errorf("robots.txt of %s disallows %s", key, path)}
	}
	return nil
}

// load fills m from the store or, failing that, from the network.
func (c *robotsCache) load(ctx context.Context, key string, m *robotsMem, now time.Time) error {
	if c.store != nil {
		e, ok, err := c.store.Robots(ctx, key)
		if err != nil {
			c.s.log.Warn("robots cache read failed", "host", key, "err", err)
		} else if ok && now.Before(e.ExpiresAt) {
			return m.set(e.Status, e.Body, e.ExpiresAt)
		}
	}
	status, body, err := c.fetch(ctx, key)
	ttl := c.s.opts.RobotsTTL
	if err != nil || status >= 500 || status == http.StatusTooManyRequests {
		if ctx.Err() != nil {
			return &storywatch.FetchError{Class: classOf(ctx.Err()), Transient: true, Err: fmt.Errorf("robots.txt of %s: %w", key, ctx.Err())}
		}
		// Unreachable robots.txt: treat as a temporary full disallow.
		c.s.log.Warn("robots.txt unavailable", "host", key, "status", status, "err", err)
		if status < 500 {
			status = 503
		}
		body = nil
		ttl = c.s.opts.RobotsErrorTTL
	}
	exp := now.Add(ttl)
	if err := m.set(status, body, exp); err != nil {
		return err
	}
	if c.store != nil {
		e := storywatch.RobotsEntry{Host: key, Status: status, Body: body, FetchedAt: now, ExpiresAt: exp}
		if err := c.store.PutRobots(ctx, e); err != nil {
			c.s.log.Warn("robots cache write failed", "host", key, "err", err)
		}
	}
	return nil
}

func (m *robotsMem) set(status int, body []byte, exp time.Time) error {
	data, err := robotstxt.FromStatusAndBytes(status, body)
	if err != nil {
		// A robots.txt we cannot parse is treated like a missing one.
		data, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	}
	m.data, m.status, m.expires = data, status, exp
	return nil
}

// fetch downloads robots.txt without the per-host limiter (robots fetches
// do not consume a host's delay), reading at most RobotsMaxBody bytes: the
// rest of a huge file is ignored, as major crawlers do.
func (c *robotsCache) fetch(ctx context.Context, key string) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.s.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, key+"/robots.txt", nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("User-Agent", c.s.opts.UserAgent)
	client := &http.Client{Transport: c.s.transport, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return errors.New("too many redirects")
		}
		return nil
	}}
	res, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return res.StatusCode, nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, c.s.opts.RobotsMaxBody))
	if err != nil {
		return 0, nil, err
	}
	return res.StatusCode, body, nil
}
