package store_test

// Clinic isolation, table by table, attacked from a raw connection as the
// application role. Each attack sets the clinic context itself with
// set_config(…, true), exactly as any code holding a connection could; the
// product never writes these statements (they live in queries/context.sql),
// but an attacker may, so the database alone must hold.

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// sqlSetContext is a raw copy of the store's prologue. The context it sets
// must be signed for the connection's own backend (signedCtx), as the store
// signs it; a forged or hand-set context grants nothing (context_test.go).
const sqlSetContext = `SELECT set_config('app.context', $1, true)`

// signedCtx is sc signed for conn's backend with the test key.
func signedCtx(t *testing.T, conn *pgx.Conn, sc sqlCtx) string {
	t.Helper()
	return dbtest.SignedContext(t, conn, sc.clinic, sc.user, sc.role)
}

// SQLSTATEs the tests expect.
const (
	codeInsufficientPrivilege = "42501" // permission denied, and a failed WITH CHECK
	codeForeignKey            = "23503"
	codeUnique                = "23505"
)

// clinicTables is every table that holds clinic data.
var clinicTables = []string{
	"clinics", "users", "patients", "doctors", "clinic_counters", "patient_visits", "medicines",
	"prescriptions", "prescription_lines", "test_catalog", "tests", "test_reports",
	"test_report_values", "doctor_notes", "medical_reports", "api_idempotency",
}

// auditTables are clinic tables whose rows every write adds to (the access
// log: a trigger records each write), so no fixed seeded count exists for
// them; their isolation is attacked table-driven in internal/auditlog
// (TestAuditEventsIsolation), and the coverage test below holds them to
// forced row-level security like the others.
var auditTables = []string{"audit_events"}

// seededRows is how many rows dbtest.NewClinic(t, st, n) puts in each table
// (see internal/seed): six users, two doctors, ten medicines, six catalog
// tests, and per patient one completed visit with a signed note, a final
// prescription of three lines, a test with one verified report of one value
// and a document; every third patient (i%3 == 1) also waits in today's
// queue. The counters are this year's patient numbers and today's tokens.
func seededRows(n int) map[string]int64 {
	queued := 0
	for i := 0; i < n; i++ {
		if i%3 == 1 {
			queued++
		}
	}
	p := int64(n)
	return map[string]int64{
		"clinics": 1, "users": 6, "patients": p, "doctors": 2, "clinic_counters": 2,
		"patient_visits": p + int64(queued), "medicines": 10, "prescriptions": p,
		"prescription_lines": 3 * p, "test_catalog": 6, "tests": p, "test_reports": p,
		"test_report_values": p, "doctor_notes": p, "medical_reports": p, "api_idempotency": 0,
	}
}

// sqlCtx is a clinic context as the three settings hold it.
type sqlCtx struct{ clinic, user, role string }

func (s sqlCtx) String() string {
	return fmt.Sprintf("clinic=%q user=%q role=%q", s.clinic, s.user, s.role)
}

// asRole is clinic c's context acting as its first user of role r.
func asRole(c dbtest.Clinic, r store.Role) sqlCtx {
	return sqlCtx{clinic: c.ID.String(), user: c.Users[r].ID.String(), role: string(r)}
}

// appConn is a dedicated raw connection as the application role.
func appConn(t *testing.T) *pgx.Conn {
	t.Helper()
	return dbtest.Conn(t, dbtest.AppURL())
}

// sqlstate is the SQLSTATE of a PostgreSQL error, "" for anything else.
func sqlstate(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code
	}
	return ""
}

// inCtx runs fn in a transaction on conn acting as sc and rolls it back.
func inCtx(t *testing.T, conn *pgx.Conn, sc sqlCtx, fn func(tx pgx.Tx)) {
	t.Helper()
	ctx := context.Background()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatalf("begin: %v", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, sqlSetContext, signedCtx(t, tx.Conn(), sc)); err != nil {
		t.Fatalf("set context %v: %v", sc, err)
	}
	fn(tx)
}

// attempt runs one statement in its own transaction on conn acting as sc,
// commits it when commit is set (rolls back otherwise) and returns the
// number of rows it affected.
func attempt(t *testing.T, conn *pgx.Conn, sc sqlCtx, commit bool, sql string, args ...any) (int64, error) {
	t.Helper()
	ctx := context.Background()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatalf("begin: %v", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, sqlSetContext, signedCtx(t, tx.Conn(), sc)); err != nil {
		t.Fatalf("set context %v: %v", sc, err)
	}
	tag, err := tx.Exec(ctx, sql, args...)
	if err != nil {
		return 0, err
	}
	if commit {
		if err := tx.Commit(ctx); err != nil {
			return 0, err
		}
	}
	return tag.RowsAffected(), nil
}

// countAs runs a count(*) query acting as sc; any error fails the test.
func countAs(t *testing.T, conn *pgx.Conn, sc sqlCtx, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	inCtx(t, conn, sc, func(tx pgx.Tx) {
		if err := tx.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
			t.Fatalf("%s as %v: %v", sql, sc, err)
		}
	})
	return n
}

// fingerprint sums up every row of table that sc can see: the row count and
// an md5 of all rows as text. Equal fingerprints mean untouched rows
// (updated_at moves on any UPDATE).
func fingerprint(t *testing.T, conn *pgx.Conn, sc sqlCtx, table string) string {
	t.Helper()
	var fp string
	inCtx(t, conn, sc, func(tx pgx.Tx) {
		sql := `SELECT count(*)::text || ':' || coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '') FROM ` +
			table + ` AS x`
		if err := tx.QueryRow(context.Background(), sql).Scan(&fp); err != nil {
			t.Fatalf("fingerprint %s as %v: %v", table, sc, err)
		}
	})
	return fp
}

// randToken is a short random string for unique values.
func randToken() string { return strings.ReplaceAll(uuid.NewString(), "-", "")[:10] }

// clinicFixture is a seeded clinic with one id of every kind of row, all
// belonging to the clinic's first patient (the one linked to its patient
// user) where they belong to a patient.
type clinicFixture struct {
	dbtest.Clinic
	patient, visit, doctor, prescription, test, report, medicine, catalog uuid.UUID
	patientNumber                                                         string
}

func (f clinicFixture) user(r store.Role) uuid.UUID { return f.Users[r].ID }

// loadFixture reads the fixture ids of c as its admin.
func loadFixture(t *testing.T, conn *pgx.Conn, c dbtest.Clinic) clinicFixture {
	t.Helper()
	f := clinicFixture{Clinic: c}
	inCtx(t, conn, asRole(c, store.RoleAdmin), func(tx pgx.Tx) {
		ctx := context.Background()
		one := func(sql string, args []any, dest ...any) {
			if err := tx.QueryRow(ctx, sql, args...).Scan(dest...); err != nil {
				t.Fatalf("fixture of %s: %s: %v", c.Slug, sql, err)
			}
		}
		one(`SELECT id, patient_number FROM patients WHERE user_id = $1`,
			[]any{f.user(store.RolePatient)}, &f.patient, &f.patientNumber)
		p := []any{f.patient}
		one(`SELECT id FROM patient_visits WHERE patient_id = $1 ORDER BY checked_in_at LIMIT 1`, p, &f.visit)
		one(`SELECT id FROM doctors WHERE user_id = $1`, []any{f.user(store.RoleDoctor)}, &f.doctor)
		one(`SELECT id FROM prescriptions WHERE patient_id = $1 ORDER BY created_at LIMIT 1`, p, &f.prescription)
		one(`SELECT id FROM tests WHERE patient_id = $1 ORDER BY created_at LIMIT 1`, p, &f.test)
		one(`SELECT id FROM test_reports WHERE patient_id = $1 ORDER BY created_at LIMIT 1`, p, &f.report)
		one(`SELECT id FROM medicines ORDER BY name LIMIT 1`, nil, &f.medicine)
		one(`SELECT id FROM test_catalog ORDER BY name LIMIT 1`, nil, &f.catalog)
	})
	return f
}

// tableCase is how the tests write to one clinic table.
type tableCase struct {
	table string
	// clinicCol is the column that names the clinic and could move a row:
	// clinic_id, or id for clinics (whose clinic_id is generated from id).
	clinicCol string
	// insert is a minimal valid INSERT of a row with clinic_id (for
	// clinics: id) = clinic, referring to the rows of f.
	insert func(clinic uuid.UUID, f clinicFixture) (string, []any)
	// set is the SET clause of a harmless UPDATE of a column the
	// application role may update; "" when it may update none.
	set string
	// deletable reports whether the application role may DELETE at all.
	deletable bool
}

var reportContent = []byte("intruder")

func tableCases() []tableCase {
	sum := sha256.Sum256(reportContent)
	return []tableCase{
		{table: "clinics", clinicCol: "id", set: "name = name || ' (changed)'",
			insert: func(clinic uuid.UUID, f clinicFixture) (string, []any) {
				return `INSERT INTO clinics (id, name, slug, code) VALUES ($1, 'Intruder clinic', $2, 'INTR')`,
					[]any{clinic, "x-" + randToken()}
			}},
		{table: "users", clinicCol: "clinic_id", set: "display_name = display_name || ' (changed)'", deletable: true,
			insert: func(clinic uuid.UUID, f clinicFixture) (string, []any) {
				return `INSERT INTO users (clinic_id, display_name, role) VALUES ($1, 'Intruder', 'admin')`,
					[]any{clinic}
			}},
		{table: "patients", clinicCol: "clinic_id", set: "name = name || ' (changed)'", deletable: true,
			insert: func(clinic uuid.UUID, f clinicFixture) (string, []any) {
				return `INSERT INTO patients (clinic_id, patient_number, name) VALUES ($1, $2, 'Intruder')`,
					[]any{clinic, "X-" + randToken()}
			}},
		{table: "doctors", clinicCol: "clinic_id", set: "specialization = specialization || ' (changed)'", deletable: true,
			insert: func(clinic uuid.UUID, f clinicFixture) (string, []any) {
				return `INSERT INTO doctors (clinic_id, user_id, license_number) VALUES ($1, $2, $3)`,
					[]any{clinic, f.user(store.RoleLabTech), "LIC-" + randToken()}
			}},
		// No DELETE grant: a reset counter would hand out numbers twice.
		{table: "clinic_counters", clinicCol: "clinic_id", set: "value = value + 1000",
			insert: func(clinic uuid.UUID, f clinicFixture) (string, []any) {
				return `INSERT INTO clinic_counters (clinic_id, counter, period, value) VALUES ($1, 'visit_token', $2, 1)`,
					[]any{clinic, randToken()}
			}},
		{table: "patient_visits", clinicCol: "clinic_id", set: "notes = notes || ' (changed)'", deletable: true,
			insert: func(clinic uuid.UUID, f clinicFixture) (string, []any) {
				return `INSERT INTO patient_visits (clinic_id, patient_id, visit_date, token, status)
					VALUES ($1, $2, current_date, 900000 + (random() * 99999)::int, 'completed')`,
					[]any{clinic, f.patient}
			}},
		{table: "medicines", clinicCol: "clinic_id", set: "generic_name = generic_name || ' (changed)'", deletable: true,
			insert: func(clinic uuid.UUID, f clinicFixture) (string, []any) {
				return `INSERT INTO medicines (clinic_id, name) VALUES ($1, $2)`, []any{clinic, "Intruder " + randToken()}
			}},
		{table: "prescriptions", clinicCol: "clinic_id", set: "advice = advice || ' (changed)'", deletable: true,
			insert: func(clinic uuid.UUID, f clinicFixture) (string, []any) {
				return `INSERT INTO prescriptions (clinic_id, patient_id, doctor_id) VALUES ($1, $2, $3)`,
					[]any{clinic, f.patient, f.doctor}
			}},
		{table: "prescription_lines", clinicCol: "clinic_id", set: "instructions = instructions || ' (changed)'", deletable: true,
			insert: func(clinic uuid.UUID, f clinicFixture) (string, []any) {
				return `INSERT INTO prescription_lines (clinic_id, prescription_id, position, medicine_id, medicine_name)
					VALUES ($1, $2, 50, $3, 'Intruder')`,
					[]any{clinic, f.prescription, f.medicine}
			}},
		{table: "test_catalog", clinicCol: "clinic_id", set: "description = description || ' (changed)'", deletable: true,
			insert: func(clinic uuid.UUID, f clinicFixture) (string, []any) {
				return `INSERT INTO test_catalog (clinic_id, name, test_type) VALUES ($1, $2, 'other')`,
					[]any{clinic, "Intruder " + randToken()}
			}},
		{table: "tests", clinicCol: "clinic_id", set: "description = description || ' (changed)'", deletable: true,
			insert: func(clinic uuid.UUID, f clinicFixture) (string, []any) {
				return `INSERT INTO tests (clinic_id, patient_id, test_type, name) VALUES ($1, $2, 'other', 'Intruder')`,
					[]any{clinic, f.patient}
			}},
		{table: "test_reports", clinicCol: "clinic_id", set: "notes = notes || ' (changed)'", deletable: true,
			insert: func(clinic uuid.UUID, f clinicFixture) (string, []any) {
				return `INSERT INTO test_reports (clinic_id, test_id, patient_id) VALUES ($1, $2, $3)`,
					[]any{clinic, f.test, f.patient}
			}},
		{table: "test_report_values", clinicCol: "clinic_id", set: "unit = unit || ' (changed)'", deletable: true,
			insert: func(clinic uuid.UUID, f clinicFixture) (string, []any) {
				return `INSERT INTO test_report_values (clinic_id, test_report_id, patient_id, position, analyte, value)
					VALUES ($1, $2, $3, 200, 'Intruder', '1')`,
					[]any{clinic, f.report, f.patient}
			}},
		{table: "doctor_notes", clinicCol: "clinic_id", set: "notes = notes || ' (changed)'", deletable: true,
			insert: func(clinic uuid.UUID, f clinicFixture) (string, []any) {
				return `INSERT INTO doctor_notes (clinic_id, visit_id, patient_id, author_id) VALUES ($1, $2, $3, $4)`,
					[]any{clinic, f.visit, f.patient, f.user(store.RoleDoctor)}
			}},
		// Idempotency keys: each user's own (the key's user_id is the acting
		// user's, so the row refers to clinic B's admin in B).
		{table: "api_idempotency", clinicCol: "clinic_id", set: "path = path || '/changed'", deletable: true,
			insert: func(clinic uuid.UUID, f clinicFixture) (string, []any) {
				return `INSERT INTO api_idempotency (clinic_id, user_id, key, method, path, request_sha256)
					VALUES ($1, $2, $3, 'POST', '/x', sha256('x'::bytea))`, []any{clinic, f.user(store.RoleAdmin), randToken()}
			}},
		{table: "medical_reports", clinicCol: "clinic_id", deletable: true, // files are immutable: no UPDATE grant
			insert: func(clinic uuid.UUID, f clinicFixture) (string, []any) {
				return `INSERT INTO medical_reports (clinic_id, patient_id, content, content_type, size_bytes, sha256)
					VALUES ($1, $2, $3, 'text/plain', $4, $5)`,
					[]any{clinic, f.patient, reportContent, int32(len(reportContent)), sum[:]}
			}},
	}
}

// TestTableCasesCoverEveryClinicTable keeps the table-driven tests honest:
// a clinic table added to the schema must be added to them, and every
// listed table must really be under forced row-level security.
func TestTableCasesCoverEveryClinicTable(t *testing.T) {
	t.Parallel()
	conn := appConn(t)
	rows, err := conn.Query(context.Background(), `
		SELECT c.relname::text, c.relrowsecurity, c.relforcerowsecurity
		FROM pg_catalog.pg_class AS c
		WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
		  AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute AS a
		              WHERE a.attrelid = c.oid AND a.attname = 'clinic_id' AND NOT a.attisdropped)
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	type rls struct{ enabled, forced bool }
	got := map[string]rls{}
	for rows.Next() {
		var name string
		var r rls
		if err := rows.Scan(&name, &r.enabled, &r.forced); err != nil {
			t.Fatal(err)
		}
		got[name] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	cases := map[string]bool{}
	for _, tc := range tableCases() {
		cases[tc.table] = true
	}
	for _, name := range clinicTables {
		if !cases[name] {
			t.Errorf("table %s has no tableCase", name)
		}
		r, ok := got[name]
		if !ok {
			t.Errorf("table %s: not found with a clinic_id column", name)
			continue
		}
		if !r.enabled || !r.forced {
			t.Errorf("table %s: row level security enabled=%v forced=%v, want both", name, r.enabled, r.forced)
		}
		delete(got, name)
	}
	for _, name := range auditTables {
		r, ok := got[name]
		if !ok {
			t.Errorf("audit table %s: not found with a clinic_id column", name)
			continue
		}
		if !r.enabled || !r.forced {
			t.Errorf("audit table %s: row level security enabled=%v forced=%v, want both", name, r.enabled, r.forced)
		}
		delete(got, name)
	}
	for name := range got {
		t.Errorf("table %s has a clinic_id column but is not in clinicTables: add it to the isolation tests", name)
	}
	if len(cases) != len(clinicTables) {
		t.Errorf("%d table cases for %d clinic tables", len(cases), len(clinicTables))
	}
}

// twoClinics seeds clinics A (3 patients) and B (2 patients): different
// sizes, so a count that mixes them cannot pass.
func twoClinics(t *testing.T) (a, b dbtest.Clinic, wantA, wantB map[string]int64) {
	t.Helper()
	st := dbtest.Store(t)
	a = dbtest.NewClinic(t, st, 3)
	b = dbtest.NewClinic(t, st, 2)
	return a, b, seededRows(3), seededRows(2)
}

func TestIsolationReadsSeeOnlyOwnClinic(t *testing.T) {
	t.Parallel()
	a, b, wantA, wantB := twoClinics(t)
	for _, table := range clinicTables {
		t.Run(table, func(t *testing.T) {
			t.Parallel()
			conn := appConn(t)
			for _, r := range []store.Role{store.RoleAdmin, store.RoleDoctor} {
				for _, side := range []struct {
					me, other dbtest.Clinic
					want      int64
				}{{a, b, wantA[table]}, {b, a, wantB[table]}} {
					sc := asRole(side.me, r)
					var total, own, other int64
					inCtx(t, conn, sc, func(tx pgx.Tx) {
						err := tx.QueryRow(context.Background(),
							`SELECT count(*), count(*) FILTER (WHERE clinic_id = $1) FROM `+table, side.me.ID).Scan(&total, &own)
						if err != nil {
							t.Fatalf("count %s as %v: %v", table, sc, err)
						}
						err = tx.QueryRow(context.Background(),
							`SELECT count(*) FROM `+table+` WHERE clinic_id = $1`, side.other.ID).Scan(&other)
						if err != nil {
							t.Fatalf("count %s of the other clinic as %v: %v", table, sc, err)
						}
					})
					if total != side.want {
						t.Errorf("%s as %s of %s: %d rows, want the %d seeded", table, r, side.me.Slug, total, side.want)
					}
					if own != total {
						t.Errorf("%s as %s of %s: %d of %d rows have another clinic_id", table, r, side.me.Slug, total-own, total)
					}
					if other != 0 {
						t.Errorf("%s as %s of %s: WHERE clinic_id = %s (the other clinic) returned %d rows, want 0",
							table, r, side.me.Slug, side.other.ID, other)
					}
				}
			}
		})
	}
}

func TestIsolationInsertIntoOtherClinicFails(t *testing.T) {
	t.Parallel()
	a, b, _, wantB := twoClinics(t)
	setup := appConn(t)
	fa, fb := loadFixture(t, setup, a), loadFixture(t, setup, b)
	for _, tc := range tableCases() {
		t.Run(tc.table, func(t *testing.T) {
			t.Parallel()
			conn := appConn(t)
			asA := asRole(a, store.RoleAdmin)

			// Control: the same statement for A's own clinic succeeds, so
			// the refusal below is about the clinic and nothing else. A
			// clinic row can only be created for the context's own (new) id.
			ctrlCtx, ctrlClinic := asA, a.ID
			if tc.table == "clinics" {
				ctrlClinic = uuid.New()
				ctrlCtx = sqlCtx{clinic: ctrlClinic.String(), role: string(store.RoleAdmin)}
			}
			sql, args := tc.insert(ctrlClinic, fa)
			if n, err := attempt(t, conn, ctrlCtx, false, sql, args...); err != nil || n != 1 {
				t.Fatalf("control insert into own clinic: %d rows, %v; want 1 row", n, err)
			}

			// Attack: a row of clinic B, referring only to B's rows (so no
			// foreign key can be what stops it), under A's context.
			sql, args = tc.insert(b.ID, fb)
			n, err := attempt(t, conn, asA, true, sql, args...)
			if code := sqlstate(err); code != codeInsufficientPrivilege {
				t.Errorf("insert of B's row under A's context: %d rows, err %v (SQLSTATE %q); want RLS violation %s",
					n, err, code, codeInsufficientPrivilege)
			}
			if got := countAs(t, conn, asRole(b, store.RoleAdmin), `SELECT count(*) FROM `+tc.table); got != wantB[tc.table] {
				t.Errorf("B has %d %s rows after the attack, want the %d seeded", got, tc.table, wantB[tc.table])
			}
		})
	}
}

func TestIsolationUpdateAndDeleteOfOtherClinicTouchNothing(t *testing.T) {
	t.Parallel()
	a, b, wantA, wantB := twoClinics(t)
	setup := appConn(t)
	fa := loadFixture(t, setup, a)
	for _, tc := range tableCases() {
		t.Run(tc.table, func(t *testing.T) {
			t.Parallel()
			conn := appConn(t)
			asA, asB := asRole(a, store.RoleAdmin), asRole(b, store.RoleAdmin)
			before := fingerprint(t, conn, asB, tc.table)
			if !strings.HasPrefix(before, fmt.Sprintf("%d:", wantB[tc.table])) {
				t.Fatalf("B's %s before the attack: %s, want %d rows", tc.table, before, wantB[tc.table])
			}

			set := tc.set
			if set == "" {
				set = "clinic_id = clinic_id"
			}
			update := `UPDATE ` + tc.table + ` SET ` + set + ` WHERE clinic_id = $1`
			// Control: the same UPDATE without any WHERE reaches exactly
			// the rows of A's own (rolled back).
			n, err := attempt(t, conn, asA, false, `UPDATE `+tc.table+` SET `+set)
			switch {
			case tc.set == "":
				if code := sqlstate(err); code != codeInsufficientPrivilege {
					t.Errorf("UPDATE of own %s (no UPDATE grant): %d rows, %v; want %s", tc.table, n, err, codeInsufficientPrivilege)
				}
			case err != nil || n != wantA[tc.table]:
				t.Errorf("control UPDATE of A's own %s: %d rows, %v; want %d", tc.table, n, err, wantA[tc.table])
			}
			// Attack: the same UPDATE aimed at B, committed.
			n, err = attempt(t, conn, asA, true, update, b.ID)
			if tc.set == "" {
				if code := sqlstate(err); code != codeInsufficientPrivilege {
					t.Errorf("UPDATE of B's %s (no UPDATE grant): %d rows, %v; want %s", tc.table, n, err, codeInsufficientPrivilege)
				}
			} else if err != nil || n != 0 {
				t.Errorf("UPDATE of B's %s under A's context: %d rows, %v; want 0 rows", tc.table, n, err)
			}

			del := `DELETE FROM ` + tc.table + ` WHERE clinic_id = $1`
			if tc.deletable {
				// Control: a row of A's own, inserted in the same
				// transaction, is deleted by the same statement shape.
				inCtx(t, conn, asA, func(tx pgx.Tx) {
					ctx := context.Background()
					sql, args := tc.insert(a.ID, fa)
					if _, err := tx.Exec(ctx, sql, args...); err != nil {
						t.Fatalf("control insert: %v", err)
					}
					tag, err := tx.Exec(ctx, del+` AND xmin = pg_current_xact_id()::xid`, a.ID)
					if err != nil || tag.RowsAffected() != 1 {
						t.Errorf("control DELETE of a fresh row of A: %v, %v; want 1 row", tag, err)
					}
				})
			}
			n, err = attempt(t, conn, asA, true, del, b.ID)
			if !tc.deletable {
				if code := sqlstate(err); code != codeInsufficientPrivilege {
					t.Errorf("DELETE of B's %s (no DELETE grant): %d rows, %v; want %s", tc.table, n, err, codeInsufficientPrivilege)
				}
			} else if err != nil || n != 0 {
				t.Errorf("DELETE of B's %s under A's context: %d rows, %v; want 0 rows", tc.table, n, err)
			}
			if after := fingerprint(t, conn, asB, tc.table); after != before {
				t.Errorf("B's %s changed under A's UPDATE/DELETE: before %s, after %s", tc.table, before, after)
			}
		})
	}
}

func TestIsolationMovingRowToOtherClinicFails(t *testing.T) {
	t.Parallel()
	a, b, wantA, wantB := twoClinics(t)
	for _, tc := range tableCases() {
		t.Run(tc.table, func(t *testing.T) {
			t.Parallel()
			conn := appConn(t)
			asA, asB := asRole(a, store.RoleAdmin), asRole(b, store.RoleAdmin)
			beforeA := fingerprint(t, conn, asA, tc.table)
			move := `UPDATE ` + tc.table + ` SET ` + tc.clinicCol + ` = $1 WHERE ` + tc.clinicCol + ` = $2`
			n, err := attempt(t, conn, asA, true, move, b.ID, a.ID)
			if code := sqlstate(err); code != codeInsufficientPrivilege {
				t.Errorf("%s as A: %d rows, %v (SQLSTATE %q); want %s", move, n, err, code, codeInsufficientPrivilege)
			}
			if after := fingerprint(t, conn, asA, tc.table); after != beforeA {
				t.Errorf("A's %s changed: before %s, after %s", tc.table, beforeA, after)
			}
			if !strings.HasPrefix(beforeA, fmt.Sprintf("%d:", wantA[tc.table])) {
				t.Errorf("A's %s: %s, want %d rows", tc.table, beforeA, wantA[tc.table])
			}
			if got := countAs(t, conn, asB, `SELECT count(*) FROM `+tc.table); got != wantB[tc.table] {
				t.Errorf("B has %d %s rows, want the %d seeded", got, tc.table, wantB[tc.table])
			}
		})
	}
}

// TestIsolationWithoutContext: no setting, an empty one, one left over from
// an ended transaction and malformed ones all mean no clinic: no rows, no
// writes, whatever the role and user settings say.
func TestIsolationWithoutContext(t *testing.T) {
	t.Parallel()
	a, _, wantA, _ := twoClinics(t)
	setup := appConn(t)
	fa := loadFixture(t, setup, a)
	admin := asRole(a, store.RoleAdmin)
	ctx := context.Background()

	// Values PostgreSQL itself would read as A's uuid: a policy function
	// that merely cast the setting would take them for clinic A.
	noHyphens := strings.ReplaceAll(a.ID.String(), "-", "")
	braces := "{" + a.ID.String() + "}"
	upper := strings.ToUpper(a.ID.String())
	for _, v := range []string{noHyphens, braces, upper} {
		var same bool
		if err := setup.QueryRow(ctx, `SELECT $1::uuid = $2::uuid`, v, a.ID.String()).Scan(&same); err != nil || !same {
			t.Fatalf("control: %q::uuid = A is %v, %v; want true", v, same, err)
		}
	}

	type variant struct {
		name string
		// begin prepares the connection.
		begin func(t *testing.T, conn *pgx.Conn)
		// ctx is set in each statement's transaction; nil: plain
		// statements outside any transaction of ours.
		ctx *sqlCtx
	}
	withClinic := func(clinic string) *sqlCtx {
		return &sqlCtx{clinic: clinic, user: admin.user, role: admin.role}
	}
	variants := []variant{
		{name: "plain connection"},
		{name: "after a transaction with A's context ended", begin: func(t *testing.T, conn *pgx.Conn) {
			tx, err := conn.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Exec(ctx, sqlSetContext, signedCtx(t, tx.Conn(), admin)); err != nil {
				t.Fatal(err)
			}
			var n int64
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM patients`).Scan(&n); err != nil || n != wantA["patients"] {
				t.Fatalf("control: inside A's transaction %d patients, %v; want %d", n, err, wantA["patients"])
			}
			if err := tx.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			var s *string
			if err := conn.QueryRow(ctx, `SELECT current_setting('app.context', true)`).Scan(&s); err != nil {
				t.Fatal(err)
			}
			if s == nil || *s != "" {
				t.Fatalf("after the transaction app.context = %v, want '' (what an ended local setting reads as)", s)
			}
		}},
		{name: "empty clinic", ctx: withClinic("")},
		{name: "malformed clinic", ctx: withClinic("not-a-uuid")},
		{name: "clinic without hyphens", ctx: withClinic(noHyphens)},
		{name: "clinic in braces", ctx: withClinic(braces)},
		{name: "clinic in upper case", ctx: withClinic(upper)},
		{name: "clinic with trailing space", ctx: withClinic(a.ID.String() + " ")},
		{name: "nil uuid clinic", ctx: withClinic(uuid.Nil.String())},
		{name: "two clinics", ctx: withClinic(a.ID.String() + "," + a.ID.String())},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			conn := appConn(t)
			if v.begin != nil {
				v.begin(t, conn)
			}
			for _, tc := range tableCases() {
				var (
					n   int64
					err error
				)
				countSQL := `SELECT count(*) FROM ` + tc.table
				sql, args := tc.insert(a.ID, fa)
				if v.ctx == nil {
					if err := conn.QueryRow(ctx, countSQL).Scan(&n); err != nil {
						t.Fatalf("%s: %v", countSQL, err)
					}
					if n != 0 {
						t.Errorf("%s: %d rows without context, want 0", tc.table, n)
					}
					_, err = conn.Exec(ctx, sql, args...)
				} else {
					if n = countAs(t, conn, *v.ctx, countSQL); n != 0 {
						t.Errorf("%s as %v: %d rows, want 0", tc.table, *v.ctx, n)
					}
					_, err = attempt(t, conn, *v.ctx, true, sql, args...)
				}
				if code := sqlstate(err); code != codeInsufficientPrivilege {
					t.Errorf("insert into %s without a valid clinic: %v (SQLSTATE %q), want %s",
						tc.table, err, code, codeInsufficientPrivilege)
				}
			}
			// Nothing was added to A by any of the inserts.
			for _, tc := range tableCases() {
				if got := countAs(t, conn, admin, `SELECT count(*) FROM `+tc.table); got != wantA[tc.table] {
					t.Errorf("A has %d %s rows, want the %d seeded", got, tc.table, wantA[tc.table])
				}
			}
		})
	}
}

// TestIsolationUpsertCannotReachOtherClinic: INSERT … ON CONFLICT can
// neither update nor move another clinic's row, nor tell whether it exists.
func TestIsolationUpsertCannotReachOtherClinic(t *testing.T) {
	t.Parallel()
	a, b, _, _ := twoClinics(t)
	setup := appConn(t)
	fb := loadFixture(t, setup, b)
	asA, asB := asRole(a, store.RoleAdmin), asRole(b, store.RoleAdmin)
	ctx := context.Background()

	var year string // the period of B's (and A's) patient-number counter
	inCtx(t, setup, asB, func(tx pgx.Tx) {
		if err := tx.QueryRow(ctx, `SELECT period FROM clinic_counters WHERE counter = 'patient_number'`).Scan(&year); err != nil {
			t.Fatal(err)
		}
	})
	var medName, medForm, medStrength string
	inCtx(t, setup, asB, func(tx pgx.Tx) {
		if err := tx.QueryRow(ctx, `SELECT name, form, strength FROM medicines WHERE id = $1`, fb.medicine).
			Scan(&medName, &medForm, &medStrength); err != nil {
			t.Fatal(err)
		}
	})

	cases := []struct {
		name, table, sql string
		args             []any
		// wantCode is the expected SQLSTATE; "" means the statement
		// succeeds and wantClinic is the clinic_id it returns.
		wantCode   string
		wantClinic uuid.UUID
		// probe, for an error, is the same statement with a key that does
		// not exist in B: it must fail the same way (no existence oracle).
		probe []any
	}{
		{
			name: "counter with B's clinic_id", table: "clinic_counters",
			sql: `INSERT INTO clinic_counters (clinic_id, counter, period, value) VALUES ($1, 'patient_number', $2, 1)
				ON CONFLICT (clinic_id, counter, period) DO UPDATE SET value = clinic_counters.value + 1000
				RETURNING clinic_id`,
			args: []any{b.ID, year}, wantCode: codeInsufficientPrivilege, probe: []any{b.ID, "1999"},
		},
		{
			name: "counter with B's clinic_id, DO NOTHING", table: "clinic_counters",
			sql: `INSERT INTO clinic_counters (clinic_id, counter, period, value) VALUES ($1, 'patient_number', $2, 1)
				ON CONFLICT DO NOTHING RETURNING clinic_id`,
			args: []any{b.ID, year}, wantCode: codeInsufficientPrivilege, probe: []any{b.ID, "1999"},
		},
		{
			name: "counter in A's clinic with B's key updates A's own", table: "clinic_counters",
			sql: `INSERT INTO clinic_counters (counter, period, value) VALUES ('patient_number', $1, 1)
				ON CONFLICT (clinic_id, counter, period) DO UPDATE SET value = clinic_counters.value + 1000
				RETURNING clinic_id`,
			args: []any{year}, wantClinic: a.ID,
		},
		{
			name: "counter moved by DO UPDATE SET clinic_id", table: "clinic_counters",
			sql: `INSERT INTO clinic_counters (counter, period, value) VALUES ('patient_number', $1, 1)
				ON CONFLICT (clinic_id, counter, period) DO UPDATE SET clinic_id = $2
				RETURNING clinic_id`,
			args: []any{year, b.ID}, wantCode: codeInsufficientPrivilege,
		},
		{
			name: "patient number with B's clinic_id", table: "patients",
			sql: `INSERT INTO patients (clinic_id, patient_number, name) VALUES ($1, $2, 'Intruder')
				ON CONFLICT (clinic_id, patient_number) DO UPDATE SET name = 'Pwned'
				RETURNING clinic_id`,
			args: []any{b.ID, fb.patientNumber}, wantCode: codeInsufficientPrivilege,
			probe: []any{b.ID, "PT-NOPE-1999-00001"},
		},
		{
			name: "patient number with B's clinic_id, DO NOTHING", table: "patients",
			sql: `INSERT INTO patients (clinic_id, patient_number, name) VALUES ($1, $2, 'Intruder')
				ON CONFLICT DO NOTHING RETURNING clinic_id`,
			args: []any{b.ID, fb.patientNumber}, wantCode: codeInsufficientPrivilege,
			probe: []any{b.ID, "PT-NOPE-1999-00001"},
		},
		{
			name: "B's patient number in A's clinic makes A's own row", table: "patients",
			sql: `INSERT INTO patients (patient_number, name) VALUES ($1, 'Intruder')
				ON CONFLICT (clinic_id, patient_number) DO UPDATE SET name = 'Pwned'
				RETURNING clinic_id`,
			args: []any{fb.patientNumber}, wantClinic: a.ID,
		},
		{
			name: "patient moved by DO UPDATE SET clinic_id", table: "patients",
			sql: `INSERT INTO patients (patient_number, name)
				SELECT patient_number, 'Intruder' FROM patients LIMIT 1
				ON CONFLICT (clinic_id, patient_number) DO UPDATE SET clinic_id = $1
				RETURNING clinic_id`,
			args: []any{b.ID}, wantCode: codeInsufficientPrivilege,
		},
		{
			name: "medicine with B's clinic_id", table: "medicines",
			sql: `INSERT INTO medicines (clinic_id, name, form, strength) VALUES ($1, $2, $3, $4)
				ON CONFLICT (clinic_id, name, form, strength) DO UPDATE SET generic_name = 'Pwned'
				RETURNING clinic_id`,
			args: []any{b.ID, medName, medForm, medStrength}, wantCode: codeInsufficientPrivilege,
			probe: []any{b.ID, "No such medicine", medForm, medStrength},
		},
		{
			name: "user identity with B's clinic_id", table: "users",
			sql: `INSERT INTO users (clinic_id, display_name, role, oidc_issuer, oidc_subject)
				VALUES ($1, 'Intruder', 'admin', 'https://idp.example', $2)
				ON CONFLICT (clinic_id, oidc_issuer, oidc_subject) DO UPDATE SET role = 'admin'
				RETURNING clinic_id`,
			args: []any{b.ID, "subject-" + randToken()}, wantCode: codeInsufficientPrivilege,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			conn := appConn(t)
			before := fingerprint(t, conn, asB, tc.table)
			run := func(args []any) (uuid.UUID, error) {
				var got uuid.UUID
				var err error
				inCtx(t, conn, asA, func(tx pgx.Tx) {
					err = tx.QueryRow(ctx, tc.sql, args...).Scan(&got)
					if err == nil {
						err = tx.Commit(ctx) // a success must not be hidden by the rollback
					}
				})
				return got, err
			}
			got, err := run(tc.args)
			if tc.wantCode != "" {
				if code := sqlstate(err); code != tc.wantCode {
					t.Errorf("got clinic %v, err %v (SQLSTATE %q); want SQLSTATE %s", got, err, code, tc.wantCode)
				}
				if tc.probe != nil {
					_, perr := run(tc.probe)
					if sqlstate(perr) != sqlstate(err) {
						t.Errorf("existence oracle: B's existing key gives %v, a missing key gives %v", err, perr)
					}
				}
			} else if err != nil || got != tc.wantClinic {
				t.Errorf("got clinic %v, %v; want a row of %v", got, err, tc.wantClinic)
			}
			if after := fingerprint(t, conn, asB, tc.table); after != before {
				t.Errorf("B's %s changed: before %s, after %s", tc.table, before, after)
			}
		})
	}
}

// TestIsolationTruncateAndReferencesRefused: TRUNCATE and foreign keys are
// not subject to row-level security, so the application role may use
// neither, and may create no table to hang a REFERENCES on.
func TestIsolationTruncateAndReferencesRefused(t *testing.T) {
	t.Parallel()
	a, _, wantA, _ := twoClinics(t)
	ctx := context.Background()

	conn := appConn(t)
	var tempOK, publicCreate, appCreate, platformCreate bool
	err := conn.QueryRow(ctx, `SELECT has_database_privilege(current_database(), 'TEMPORARY'),
		has_schema_privilege('public', 'CREATE'), has_schema_privilege('app', 'CREATE'),
		has_schema_privilege('platform', 'CREATE')`).Scan(&tempOK, &publicCreate, &appCreate, &platformCreate)
	if err != nil {
		t.Fatal(err)
	}
	if tempOK || publicCreate || appCreate || platformCreate {
		t.Errorf("application role may create tables: TEMPORARY=%v public=%v app=%v platform=%v; want none",
			tempOK, publicCreate, appCreate, platformCreate)
	}

	for _, tc := range tableCases() {
		t.Run(tc.table, func(t *testing.T) {
			t.Parallel()
			conn := appConn(t)
			asA := asRole(a, store.RoleAdmin)
			for _, stmt := range []string{
				`TRUNCATE ` + tc.table,
				`TRUNCATE ` + tc.table + ` CASCADE`,
			} {
				if _, err := attempt(t, conn, asA, true, stmt); sqlstate(err) != codeInsufficientPrivilege {
					t.Errorf("%s: %v, want %s", stmt, err, codeInsufficientPrivilege)
				}
			}
			key := "clinic_id"
			if tc.table == "clinics" {
				key = "id"
			}
			for _, stmt := range []string{
				`CREATE TABLE public.rls_probe_` + randToken() + ` (k uuid REFERENCES ` + tc.table + ` (` + key + `))`,
				`CREATE TEMPORARY TABLE rls_probe_` + randToken() + ` (k uuid REFERENCES ` + tc.table + ` (` + key + `))`,
				`CREATE TABLE app.rls_probe_` + randToken() + ` (k uuid REFERENCES ` + tc.table + ` (` + key + `))`,
			} {
				if _, err := attempt(t, conn, asA, true, stmt); sqlstate(err) != codeInsufficientPrivilege {
					t.Errorf("%s: %v, want %s", stmt, err, codeInsufficientPrivilege)
				}
			}
			var truncate, references, trigger, anyColumnReferences bool
			err := conn.QueryRow(ctx, `SELECT has_table_privilege($1, 'TRUNCATE'), has_table_privilege($1, 'REFERENCES'),
				has_table_privilege($1, 'TRIGGER'), has_any_column_privilege($1, 'REFERENCES')`, tc.table).
				Scan(&truncate, &references, &trigger, &anyColumnReferences)
			if err != nil {
				t.Fatal(err)
			}
			if truncate || references || trigger || anyColumnReferences {
				t.Errorf("%s: TRUNCATE=%v REFERENCES=%v TRIGGER=%v column REFERENCES=%v; want none",
					tc.table, truncate, references, trigger, anyColumnReferences)
			}
			if got := countAs(t, conn, asA, `SELECT count(*) FROM `+tc.table); got != wantA[tc.table] {
				t.Errorf("A has %d %s rows after the attempts, want the %d seeded", got, tc.table, wantA[tc.table])
			}
		})
	}
}
