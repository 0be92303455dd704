package legacy

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx": a tracker that ran on PostgreSQL
	_ "modernc.org/sqlite"             // driver "sqlite": pure Go, so no cgo in CI
)

// OpenSQLite opens the tracker's SQLite file read-only: the import never
// writes to its source, and a missing file is an error rather than a new,
// empty database.
func OpenSQLite(ctx context.Context, path string) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("legacy sqlite %s: %w", path, err)
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("legacy sqlite: %w", err)
	}
	dsn := (&url.URL{Scheme: "file", Path: abs, RawQuery: "mode=ro&_pragma=query_only(1)"}).String()
	return ping(ctx, "sqlite", dsn, path)
}

// OpenPostgres opens a tracker database on PostgreSQL through pgx's
// database/sql driver; the same reader serves both (see values.go).
func OpenPostgres(ctx context.Context, databaseURL string) (*sql.DB, error) {
	return ping(ctx, "pgx", databaseURL, "postgres database")
}

func ping(ctx context.Context, driver, dsn, what string) (*sql.DB, error) {
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("open legacy %s: %w", what, err)
	}
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open legacy %s: %w", what, err)
	}
	return db, nil
}
