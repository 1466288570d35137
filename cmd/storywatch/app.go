package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/storywatch/storywatch"
	"github.com/storywatch/storywatch/config"
	"github.com/storywatch/storywatch/scraper"
	"github.com/storywatch/storywatch/store"
	"github.com/storywatch/storywatch/tracker"
)

// app holds what commands share: config, logger and the lazily opened store.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	flags          struct {
		config, db, logFormat, logLevel string
	}
	cfg config.Config
	log *slog.Logger
	db  *store.DB
}

// configPath resolves the config file: --config, $STORYWATCH_CONFIG,
// ./storywatch.yaml, /etc/storywatch/storywatch.yaml; "" means defaults.
// An explicitly named file must exist.
func (a *app) configPath() (string, error) {
	explicit := a.flags.config
	if explicit == "" {
		explicit = os.Getenv("STORYWATCH_CONFIG")
	}
	if explicit != "" {
		if _, err := os.Stat(explicit); err != nil {
			return "", usagef("config file %s: %w", explicit, unwrapPathError(err))
		}
		return explicit, nil
	}
	for _, p := range []string{"storywatch.yaml", "/etc/storywatch/storywatch.yaml"} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (a *app) setup(cmd *cobra.Command) error {
	path, err := a.configPath()
	if err != nil {
		return err
	}
	cfg, err := config.Load(path, config.Options{ValidSpec: validSpec})
	if err != nil {
		return usageError{err}
	}
	if a.flags.logFormat != "" {
		cfg.Log.Format = a.flags.logFormat
	}
	if a.flags.logLevel != "" {
		cfg.Log.Level = a.flags.logLevel
	}
	log, err := newLogger(a.stderr, cfg.Log)
	if err != nil {
		return usageError{err}
	}
	a.cfg, a.log = cfg, log
	slog.SetDefault(log)
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set && cfg.MemoryLimit > 0 {
		debug.SetMemoryLimit(int64(cfg.MemoryLimit))
	}
	return nil
}

func newLogger(w io.Writer, c config.Log) (*slog.Logger, error) {
	var level slog.Level
	switch strings.ToLower(c.Level) {
	case "debug":
		level = slog.LevelDebug
	case "", "info":
		level = slog.LevelInfo
	case "warn", "warning":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	default:
		return nil, fmt.Errorf("log level %q is not debug, info, warn or error", c.Level)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch c.Format {
	case "", "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("log format %q is not text or json", c.Format)
}

// dsn resolves the database: --db, $STORYWATCH_DB, storage.dsn,
// $STATE_DIRECTORY/storywatch.db, ./storywatch.db.
func (a *app) dsn() string {
	if a.flags.db != "" {
		return a.flags.db
	}
	if v := os.Getenv("STORYWATCH_DB"); v != "" {
		return v
	}
	if a.cfg.Storage.DSN != "" {
		return a.cfg.Storage.DSN
	}
	if dir := os.Getenv("STATE_DIRECTORY"); dir != "" {
		// systemd may pass several directories separated by colons.
		dir, _, _ = strings.Cut(dir, ":")
		return filepath.Join(dir, "storywatch.db")
	}
	return "storywatch.db"
}

// store opens the database once per command and syncs the config's stories.
func (a *app) store(ctx context.Context) (*store.DB, error) {
	if a.db != nil {
		return a.db, nil
	}
	db, err := store.Open(ctx, a.dsn(), store.WithFullCopyEvery(a.cfg.Storage.FullCopyEvery))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", config.RedactDSN(a.dsn()), err)
	}
	a.db = db
	if err := a.syncConfigStories(ctx, a.cfg); err != nil {
		return nil, err
	}
	return db, nil
}

// syncConfigStories upserts the config file's stories and retires the ones
// removed from it.
func (a *app) syncConfigStories(ctx context.Context, cfg config.Config) error {
	list := make([]store.NewStory, 0, len(cfg.Stories))
	for _, s := range cfg.Stories {
		ns := store.NewStory{
			URL:        s.URL,
			Event:      s.Event,
			Schedule:   s.Schedule,
			Selector:   s.Selector,
			Source:     storywatch.SourceConfig,
			ConfigLine: s.Line,
		}
		if s.Robots != nil && !*s.Robots {
			ns.NoRobots = true
		}
		list = append(list, ns)
	}
	wrote, err := a.db.SyncConfigStories(ctx, cfg.StoriesHash(), list)
	if err != nil {
		return fmt.Errorf("sync stories from %s: %w", cfg.Path, err)
	}
	if wrote {
		a.log.Debug("synced stories from config", "file", cfg.Path, "stories", len(list))
	}
	return nil
}

func (a *app) close() error {
	if a.db == nil {
		return nil
	}
	err := a.db.Close()
	a.db = nil
	return err
}

// newScraper builds the fetcher/extractor from config; robots answers are
// cached in the store when one is open.
func (a *app) newScraper(robots scraper.RobotsCache) *scraper.Scraper {
	c := a.cfg.Scraper
	sites := make(map[string]scraper.SiteRule, len(c.Sites))
	for host, s := range c.Sites {
		sites[host] = scraper.SiteRule{Selector: s.Selector, Remove: s.Remove}
	}
	ua := c.UserAgent
	if ua == "" {
		ua = storywatch.UserAgent()
	}
	delay := c.PerHost.Delay
	if delay == 0 {
		delay = -1 // the scraper reads 0 as "default"; the config means none
	}
	return scraper.New(scraper.Options{
		UserAgent:          ua,
		Timeout:            c.Timeout,
		MaxBody:            int64(c.MaxBody),
		PerHostParallelism: c.PerHost.Parallelism,
		PerHostDelay:       delay,
		Workers:            c.Workers,
		Robots:             scraper.Bool(c.Robots),
		RobotsTTL:          c.RobotsTTL,
		MaxRedirects:       c.Redirects,
		Retries:            c.Retries,
		Sites:              sites,
		Logger:             a.log,
	}, robots)
}

// newTracker wires one check's pipeline over the open store.
func (a *app) newTracker(db *store.DB) *tracker.Tracker {
	sc := a.newScraper(db)
	return &tracker.Tracker{
		Store:     db,
		Fetcher:   sc,
		Extractor: sc,
		Planner:   newPlanner(a.cfg),
	}
}
