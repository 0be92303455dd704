package legacy_test

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/legacy"
	"github.com/santkrupa/santkrupa/internal/store"
)

const fixtureName = "legacy-tracker.sqlite3"

// fixturePath finds shared/fixtures/legacy-tracker.sqlite3 above the
// package directory: in a work tree shared/ is beside the repository, and
// CI lays it beside the clone.
func fixturePath(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	start := dir
	for {
		p := filepath.Join(dir, "shared", "fixtures", fixtureName)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("the legacy fixture shared/fixtures/%s is not in %s or any directory above it: "+
				"lay shared/ beside the repository (as CI does)", fixtureName, start)
		}
		dir = parent
	}
}

// fixtureCopy is a private, writable copy of the fixture, for tests that
// corrupt it; the original is read-only.
func fixtureCopy(t *testing.T) string {
	t.Helper()
	src, err := os.Open(fixturePath(t))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst := filepath.Join(t.TempDir(), fixtureName)
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, src); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return dst
}

// sqliteDB opens a SQLite file read-write (the copies) for the test.
func sqliteDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// edit runs statements on a fixture copy.
func edit(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db := sqliteDB(t, path)
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("edit fixture: %s: %v", s, err)
		}
	}
}

// count is one integer from the SQLite side, counted there with SQL.
func count(t *testing.T, path, query string) int {
	t.Helper()
	var n int
	if err := sqliteDB(t, path).QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// load reads a legacy SQLite database through the product's reader.
func load(t *testing.T, path string) *legacy.Source {
	t.Helper()
	ctx := context.Background()
	db, err := legacy.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	src, err := legacy.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// newSlug is a clinic slug no other test uses.
func newSlug() string { return "legacy-" + strings.ReplaceAll(uuid.NewString(), "-", "")[:12] }

// run imports src into slug and fails the test on an error.
func run(t *testing.T, st *store.Store, src *legacy.Source, opt legacy.Options) *legacy.Report {
	t.Helper()
	rep, err := legacy.Import(context.Background(), st, src, opt)
	if err != nil {
		t.Fatalf("import into %s: %v", opt.Clinic, err)
	}
	return rep
}

// read runs fn as the clinic's admin.
func read(t *testing.T, st *store.Store, clinic uuid.UUID, fn func(q *dbsqlc.Queries, tx dbsqlc.DBTX) error) {
	t.Helper()
	err := st.Read(context.Background(), store.Scope{ClinicID: clinic, Role: store.RoleAdmin}, func(tx dbsqlc.DBTX) error {
		return fn(st.Queries(), tx)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// imported is how many rows of each Santkrupa table carry a legacy id.
func imported(t *testing.T, st *store.Store, clinic uuid.UUID) map[string]int {
	t.Helper()
	out := map[string]int{}
	read(t, st, clinic, func(q *dbsqlc.Queries, tx dbsqlc.DBTX) error {
		rows, err := q.LegacyIDs(context.Background(), tx)
		for _, r := range rows {
			out[r.TableName]++
		}
		return err
	})
	return out
}

// legacyIDs maps the legacy ids of one table to Santkrupa ids.
func legacyIDs(t *testing.T, st *store.Store, clinic uuid.UUID, table string) map[string]uuid.UUID {
	t.Helper()
	out := map[string]uuid.UUID{}
	read(t, st, clinic, func(q *dbsqlc.Queries, tx dbsqlc.DBTX) error {
		rows, err := q.LegacyIDs(context.Background(), tx)
		for _, r := range rows {
			if r.TableName == table {
				out[r.LegacyID] = r.ID
			}
		}
		return err
	})
	return out
}

// clinicTables is every table holding clinic data.
var clinicTables = []string{
	"clinics", "users", "patients", "doctors", "clinic_counters", "patient_visits", "medicines",
	"prescriptions", "prescription_lines", "test_catalog", "tests", "test_reports",
	"test_report_values", "doctor_notes", "medical_reports",
}

// fingerprint sums up every row a clinic has, table by table (row count
// and an md5 of the rows as text), read as a superuser so that nothing,
// not even a policy, filters what is compared. Equal fingerprints mean
// untouched rows: updated_at moves on any UPDATE.
func fingerprint(t *testing.T, clinic uuid.UUID) map[string]string {
	t.Helper()
	conn := dbtest.Conn(t, dbtest.SuperuserURL())
	out := map[string]string{}
	for _, table := range clinicTables {
		var fp string
		err := conn.QueryRow(context.Background(),
			`SELECT count(*)::text || ':' || coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '') FROM `+
				table+` AS x WHERE x.clinic_id = $1`, clinic).Scan(&fp)
		if err != nil {
			t.Fatalf("fingerprint %s: %v", table, err)
		}
		out[table] = fp
	}
	return out
}

func sameFingerprint(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for _, table := range clinicTables {
		if before[table] != after[table] {
			t.Errorf("%s: %s changed: %s → %s", what, table, before[table], after[table])
		}
	}
}

// clinicAbsent asserts that no active clinic has slug.
func clinicAbsent(t *testing.T, st *store.Store, slug string) {
	t.Helper()
	id, err := st.ClinicIDBySlug(context.Background(), slug)
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("clinic %s exists (%s, %v): the import wrote it", slug, id, err)
	}
}

// checkInvariant asserts that every row read was imported, already
// imported or skipped, and that each skip has its entry.
func checkInvariant(t *testing.T, rep *legacy.Report) {
	t.Helper()
	for _, c := range rep.Tables {
		if c.Read != c.Imported+c.Already+c.Skipped {
			t.Errorf("%s: read %d ≠ imported %d + already %d + skipped %d", c.Legacy, c.Read, c.Imported, c.Already, c.Skipped)
		}
		if n := len(rep.Entries(c.Legacy, legacy.ActSkipped)); n != c.Skipped {
			t.Errorf("%s: %d skipped but %d skip entries", c.Legacy, c.Skipped, n)
		}
		if c.Normalised > c.Imported || c.Flagged > c.Imported {
			t.Errorf("%s: normalised %d / flagged %d of %d imported", c.Legacy, c.Normalised, c.Flagged, c.Imported)
		}
	}
}
