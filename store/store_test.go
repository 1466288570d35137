package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/storywatch/storywatch/store"
	"github.com/storywatch/storywatch/store/storetest"
)

func openSQLite(t testing.TB, path string, opts ...store.Option) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path, opts...)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return db
}

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		return openSQLite(t, filepath.Join(t.TempDir(), "storywatch.db"))
	})
}

func TestSQLiteShared(t *testing.T) {
	storetest.RunShared(t, func(t *testing.T) (store.Store, store.Store) {
		path := filepath.Join(t.TempDir(), "storywatch.db")
		return openSQLite(t, path), openSQLite(t, path)
	})
}

// pgEnv returns STORYWATCH_TEST_POSTGRES or skips the test.
func pgEnv(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("STORYWATCH_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("STORYWATCH_TEST_POSTGRES not set: PostgreSQL store tests skipped (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
	}
	return dsn
}

// pgDSN returns a DSN for a fresh schema of its own on the test server
// (dropped at cleanup), or skips when STORYWATCH_TEST_POSTGRES is unset.
func pgDSN(t testing.TB) string {
	t.Helper()
	dsn := pgEnv(t)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "storetest_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("postgres at %s unreachable or unusable: %v", dsn, err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("STORYWATCH_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func openPostgres(t testing.TB, dsn string, opts ...store.Option) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, opts...)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	// Registered after the schema's drop, so it runs before it.
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return db
}

func TestPostgres(t *testing.T) {
	pgEnv(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		return openPostgres(t, pgDSN(t))
	})
}

func TestPostgresShared(t *testing.T) {
	pgEnv(t)
	storetest.RunShared(t, func(t *testing.T) (store.Store, store.Store) {
		dsn := pgDSN(t)
		return openPostgres(t, dsn), openPostgres(t, dsn)
	})
}

// Several instances starting at once on a new database migrate it once.
func TestConcurrentOpen(t *testing.T) {
	cases := map[string]func(t *testing.T) string{
		"sqlite": func(t *testing.T) string { return filepath.Join(t.TempDir(), "storywatch.db") },
		"postgres": func(t *testing.T) string {
			pgEnv(t)
			return pgDSN(t)
		},
	}
	for name, dsn := range cases {
		t.Run(name, func(t *testing.T) {
			dsn := dsn(t)
			const n = 8
			errs := make(chan error, n)
			dbs := make(chan *store.DB, n)
			for i := 0; i < n; i++ {
				go func() {
					db, err := store.Open(context.Background(), dsn)
					errs <- err
					dbs <- db
				}()
			}
			for i := 0; i < n; i++ {
				if err := <-errs; err != nil {
					t.Errorf("concurrent open: %v", err)
				}
				if db := <-dbs; db != nil {
					t.Cleanup(func() { db.Close() })
				}
			}
		})
	}
}

// Close leaves the database file complete: the WAL checkpointed away.
func TestSQLiteCloseCheckpoints(t *testing.T) {
	path := filepath.Join(t.TempDir(), "storywatch.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddStories(context.Background(), []store.NewStory{{URL: "https://a.example/x", Source: "cli"}}); err != nil {
		t.Fatal(err)
	}
	if db.Driver() != "sqlite" {
		t.Errorf("Driver() = %q", db.Driver())
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path + "-wal"); err == nil && st.Size() > 0 {
		t.Errorf("WAL left with %d bytes after Close", st.Size())
	}
	db = openSQLite(t, path)
	if _, err := db.Story(context.Background(), "https://a.example/x"); err != nil {
		t.Errorf("story lost across reopen: %v", err)
	}
}
