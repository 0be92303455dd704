package legacy_test

import (
	"context"
	_ "embed"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/legacy"
)

//go:embed testdata/legacy-postgres.sql
var legacyPostgresSchema string

// A tracker that ran on PostgreSQL: the fixture is copied into a scratch
// PostgreSQL database in Django's PostgreSQL types (boolean, timestamp
// with time zone, date, real), read through the pgx driver, and must give
// exactly what the SQLite reader gives.
func TestPostgresSourceReadsLikeSQLite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := fixturePath(t)
	srcURL := scratchDatabase(t)
	conn, err := pgx.Connect(ctx, srcURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, legacyPostgresSchema); err != nil {
		t.Fatalf("legacy schema on PostgreSQL: %v", err)
	}
	for _, table := range regexp.MustCompile(`CREATE TABLE "([a-z_]+)"`).FindAllStringSubmatch(legacyPostgresSchema, -1) {
		copyTable(t, conn, path, table[1])
	}
	conn.Close(ctx)

	db, err := legacy.OpenPostgres(ctx, srcURL)
	if err != nil {
		t.Fatal(err)
	}
	fromPG, err := legacy.Load(ctx, db)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	fromSQLite := load(t, path)
	a, _ := json.Marshal(fromSQLite)
	b, _ := json.Marshal(fromPG)
	if string(a) != string(b) {
		t.Errorf("PostgreSQL source differs from SQLite:\nsqlite   %.600s\npostgres %.600s", firstDiff(a, b), firstDiff(b, a))
	}
	if len(fromPG.Patients) != count(t, path, `SELECT count(*) FROM hospital_patient`) || len(fromPG.Patients) == 0 {
		t.Errorf("%d patients read from PostgreSQL", len(fromPG.Patients))
	}
}

func firstDiff(a, b []byte) []byte {
	for i := range a {
		if i >= len(b) || a[i] != b[i] {
			if i > 200 {
				return a[i-200:]
			}
			return a
		}
	}
	return nil
}

// scratchDatabase creates an empty database on the test server, as its
// superuser, and drops it when the test ends.
func scratchDatabase(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	admin := dbtest.Conn(t, dbtest.SuperuserURL())
	name := "legacy_src_" + strings.ReplaceAll(uuid.NewString(), "-", "")[:12]
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("create scratch database: %v", err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, dbtest.SuperuserURL())
		if err != nil {
			t.Errorf("drop %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop %s: %v", name, err)
		}
	})
	u, err := url.Parse(dbtest.SuperuserURL())
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// copyTable copies one table from the SQLite fixture with COPY, turning
// SQLite's 0/1 booleans into PostgreSQL's.
func copyTable(t *testing.T, conn *pgx.Conn, path, table string) {
	t.Helper()
	rows := sq(t, path, `SELECT * FROM "`+table+`"`)
	types, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(types))
	for i, c := range types {
		names[i] = c.Name()
	}
	var data [][]any
	for rows.Next() {
		vals := make([]any, len(types))
		ptrs := make([]any, len(types))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, c := range types {
			if n, ok := vals[i].(int64); ok && strings.EqualFold(c.DatabaseTypeName(), "bool") {
				vals[i] = n != 0
			}
			if tm, ok := vals[i].(time.Time); ok {
				vals[i] = tm.UTC()
			}
		}
		data = append(data, vals)
	}
	if _, err := conn.CopyFrom(context.Background(), pgx.Identifier{table}, names, pgx.CopyFromRows(data)); err != nil {
		t.Fatalf("copy %s: %v", table, err)
	}
}
