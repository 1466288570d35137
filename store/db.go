package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/crc64"
	"io/fs"
	"log/slog"
	"net/url"
	"strings"
	"testing/fstest"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/storywatch/storywatch"

	// The two database/sql drivers: pure Go, so CGO_ENABLED=0 builds work.
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DB is the Store over database/sql, for SQLite and PostgreSQL.
type DB struct {
	w *sql.DB // writes (SQLite: one connection, BEGIN IMMEDIATE)
	r *sql.DB // reads (SQLite: a pool of its own; PostgreSQL: same as w)
	d dialect

	now       func() time.Time
	log       *slog.Logger
	fullEvery int
	comp      *compressor
	// hot holds the writer's prepared statements of every check's path.
	hot map[string]*sql.Stmt
}

var _ Store = (*DB)(nil)

// Option configures Open.
type Option func(*DB)

// WithClock sets the clock used for added_at and next_check_at of new stories
// (tests inject one; the default is time.Now).
func WithClock(now func() time.Time) Option { return func(db *DB) { db.now = now } }

// WithLogger sets the logger for migrations and close-time problems.
func WithLogger(l *slog.Logger) Option { return func(db *DB) { db.log = l } }

// WithFullCopyEvery stores a version as a full copy every n versions of a
// story (the others are deltas against the previous version), so reading any
// version decodes at most n blobs. n = 1 stores every version whole; n < 1
// (an unset config key) means DefaultFullCopyEvery.
func WithFullCopyEvery(n int) Option {
	return func(db *DB) {
		if n < 1 {
			n = DefaultFullCopyEvery
		}
		db.fullEvery = n
	}
}

// WithCompressionLevel sets the zstd level of version blobs (1 fastest … 4
// best, klauspost/compress's EncoderLevel numbering). The default, 3, is
// within 3% of 4 in size and about ten times faster with dictionaries.
func WithCompressionLevel(level int) Option {
	return func(db *DB) { db.comp = newCompressor(min(max(level, 1), 4)) }
}

// DefaultFullCopyEvery is the default distance between full copies.
const DefaultFullCopyEvery = 16

// sqliteParams make every SQLite connection safe for one writer and many
// readers: WAL, NORMAL sync (durable at checkpoints, safe against
// corruption), foreign keys on, and a wait instead of SQLITE_BUSY.
// The busy timeout comes first: the pragmas run in order when a connection
// opens, and the ones after it may need a lock another instance holds.
const sqliteParams = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"

// Open opens (creating and migrating if needed) the store at dsn: a DSN
// starting postgres:// or postgresql:// selects PostgreSQL, anything else is
// a SQLite file path.
func Open(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	db := &DB{now: time.Now, log: slog.Default(), fullEvery: DefaultFullCopyEvery, comp: newCompressor(3)}
	for _, o := range opts {
		o(db)
	}
	var err error
	if isPostgresDSN(dsn) {
		db.d = postgresDialect
		db.w, err = sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		db.r = db.w
	} else {
		db.d = sqliteDialect
		if err := db.openSQLite(dsn); err != nil {
			return nil, err
		}
	}
	if err := db.w.PingContext(ctx); err != nil {
		db.closePools()
		return nil, fmt.Errorf("open %s store: %w", db.d.name, err)
	}
	if err := db.migrate(ctx); err != nil {
		db.closePools()
		return nil, err
	}
	if err := db.prepareHot(ctx); err != nil {
		db.closePools()
		return nil, err
	}
	return db, nil
}

// hotQueries run in every check. SQLite would otherwise parse them on every
// call, which profiling put at 15% of an unchanged check's CPU.
var hotQueries = []string{selectStoryForUpdateSQL, insertCheckSQL, updateStoryAfterCheckSQL}

// prepareHot prepares the hot queries once, before any transaction holds
// the writer's connection (SQLite has just one: preparing later would wait
// on it forever).
func (db *DB) prepareHot(ctx context.Context) error {
	db.hot = make(map[string]*sql.Stmt, len(hotQueries))
	for _, q := range hotQueries {
		st, err := db.w.PrepareContext(ctx, db.q(q))
		if err != nil {
			return fmt.Errorf("prepare %.40q…: %w", q, err)
		}
		db.hot[q] = st
	}
	return nil
}

// txQueryRow and txExec run query in tx, through its prepared statement
// when it has one.
func (db *DB) txQueryRow(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	if st := db.hot[query]; st != nil {
		return tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, db.q(query), args...)
}

func (db *DB) txExec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if st := db.hot[query]; st != nil {
		return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, db.q(query), args...)
}

func (db *DB) openSQLite(path string) error {
	if path == "" {
		return fmt.Errorf("open sqlite: empty path: %w", storywatch.ErrInvalid)
	}
	base := path
	if !strings.HasPrefix(base, "file:") {
		base = "file:" + (&url.URL{Path: path}).EscapedPath()
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	memory := path == ":memory:" || strings.Contains(path, "mode=memory")
	if !memory {
		if err := prepareSQLite(path, base+sep); err != nil {
			return err
		}
	}
	var err error
	db.w, err = sql.Open("sqlite", base+sep+sqliteParams+"&_txlock=immediate")
	if err != nil {
		return fmt.Errorf("open sqlite %s: %w", path, err)
	}
	// One writer: SQLite allows one anyway, and a single connection turns
	// lock contention inside this process into a queue instead of BUSY errors.
	db.w.SetMaxOpenConns(1)
	db.w.SetConnMaxIdleTime(0)
	if memory {
		// Every new connection would open another, empty database.
		db.r = db.w
		return nil
	}
	db.r, err = sql.Open("sqlite", base+sep+sqliteParams+"&_pragma=query_only(1)")
	if err != nil {
		db.w.Close()
		return fmt.Errorf("open sqlite %s: %w", path, err)
	}
	db.r.SetMaxOpenConns(4)
	return nil
}

// sqlitePageSize is the page size of new SQLite databases. Version rows are
// a few hundred bytes with a multi-kilobyte full copy every few versions;
// larger pages waste less space around those.
var sqlitePageSize = 8192

// prepareSQLite gives the database its page size, if it is new, and WAL
// mode, on a connection of its own before the pools open: the page size is
// fixed once the first page is written, which switching to WAL does.
// Several instances may start at once on a file none of them has created.
// Each sets the page size (a no-op once a page is written) and switches to
// WAL. That switch takes the database lock without waiting on the busy
// handler, so each retries; one wins and the others find WAL already set.
func prepareSQLite(path, uri string) error {
	c, err := sql.Open("sqlite", uri+"_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("open sqlite %s: %w", path, err)
	}
	defer c.Close()
	if _, err := c.Exec(fmt.Sprintf("PRAGMA page_size = %d", sqlitePageSize)); err != nil {
		return fmt.Errorf("open sqlite %s: %w", path, err)
	}
	for wait := 10 * time.Millisecond; ; wait *= 2 {
		_, err := c.Exec("PRAGMA journal_mode = WAL")
		if err == nil {
			return nil
		}
		if !strings.Contains(err.Error(), "SQLITE_BUSY") || wait > 2*time.Second {
			return fmt.Errorf("open sqlite %s: %w", path, err)
		}
		time.Sleep(wait)
	}
}

// migrationFS returns the embedded migrations rewritten for the dialect.
func (db *DB) migrationFS() (fs.FS, error) {
	out := fstest.MapFS{}
	files, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	for _, name := range files {
		b, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out[strings.TrimPrefix(name, "migrations/")] = &fstest.MapFile{Data: []byte(db.d.rewrite(string(b)))}
	}
	return out, nil
}

func (db *DB) migrate(ctx context.Context) error {
	fsys, err := db.migrationFS()
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if db.d.name == postgresDialect.name {
		// Several instances starting at once: one migrates, the others wait.
		// The lock is per schema, so databases in other schemas (parallel
		// tests, several deployments on one server) do not wait for it.
		var schema string
		if err := db.w.QueryRowContext(ctx, `SELECT COALESCE(current_schema(), '')`).Scan(&schema); err != nil {
			return fmt.Errorf("migrations: current schema: %w", err)
		}
		lockID := int64(crc64.Checksum([]byte("storywatch migrations "+schema), crc64.MakeTable(crc64.ECMA)) >> 1)
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(lockID), lock.WithLockTimeout(1, 300))
		if err != nil {
			return fmt.Errorf("migrations: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	// SQLite has no session lock: instances starting at once race, the
	// losers fail on "table already exists" after the winner committed, and
	// a second pass finds nothing left to do.
	var err2 error
	for attempt := 0; attempt < 5; attempt++ {
		p, err := goose.NewProvider(db.d.goose, db.w, fsys, opts...)
		if err != nil {
			return fmt.Errorf("migrations: %w", err)
		}
		res, err := p.Up(ctx)
		for _, r := range res {
			if r.Error == nil {
				db.log.Debug("store migration applied", "file", r.Source.Path, "duration", r.Duration)
			}
		}
		if err == nil {
			return nil
		}
		err2 = err
		if db.d.name != sqliteDialect.name {
			break
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("migrate %s store: %w", db.d.name, ctx.Err())
		case <-time.After(time.Duration(attempt+1) * 50 * time.Millisecond):
		}
	}
	return fmt.Errorf("migrate %s store: %w", db.d.name, err2)
}

// Driver names the database in use: "sqlite" or "postgres".
func (db *DB) Driver() string { return db.d.name }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.w.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s store: %w", db.d.name, err)
	}
	return nil
}

// Close closes the store; on SQLite it first checkpoints and truncates the
// WAL so the database file alone holds everything.
func (db *DB) Close() error {
	var errs []error
	for _, st := range db.hot {
		errs = append(errs, st.Close())
	}
	db.hot = nil
	if db.d.name == sqliteDialect.name {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if db.r != db.w {
			errs = append(errs, db.r.Close())
		}
		if _, err := db.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			errs = append(errs, fmt.Errorf("checkpoint: %w", err))
		}
		if _, err := db.w.ExecContext(ctx, "PRAGMA optimize"); err != nil {
			db.log.Warn("sqlite optimize on close", "err", err)
		}
		errs = append(errs, db.w.Close())
	} else {
		errs = append(errs, db.w.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close %s store: %w", db.d.name, err)
	}
	return nil
}

func (db *DB) closePools() {
	if db.r != nil && db.r != db.w {
		db.r.Close()
	}
	if db.w != nil {
		db.w.Close()
	}
}

// q rewrites a query for the dialect.
func (db *DB) q(s string) string { return db.d.rewrite(s) }

// inTx runs fn in a write transaction (SQLite: BEGIN IMMEDIATE) and commits
// when fn returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// inReadTx runs fn in a read transaction: one consistent snapshot for reads
// that take several queries (a delta chain).
func (db *DB) inReadTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: db.d.name == postgresDialect.name})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// nanos and fromNanos keep times as Unix nanoseconds: exact, comparable and
// the same on both databases.
func nanos(t time.Time) int64 { return t.UnixNano() }

func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }

func nullNanos(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixNano(), Valid: true}
}

func fromNullNanos(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := fromNanos(n.Int64)
	return &t
}
