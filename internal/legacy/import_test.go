package legacy_test

import (
	"context"
	"database/sql"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/legacy"
)

var ist = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		panic(err)
	}
	return loc
}()

// The whole fixture into an empty clinic: every table's count against the
// SQLite source, counted there with SQL, and samples field by field.
func TestImportFixture(t *testing.T) {
	t.Parallel()
	st := dbtest.Store(t)
	path := fixturePath(t)
	slug := newSlug()
	rep := run(t, st, load(t, path), legacy.Options{Clinic: slug, Code: "LNV"})
	checkInvariant(t, rep)
	if !rep.ClinicCreated || rep.Outcome != "committed" || rep.LegacyClinicID != 1 {
		t.Fatalf("report: created %v, outcome %q, legacy clinic %d", rep.ClinicCreated, rep.Outcome, rep.LegacyClinicID)
	}
	clinic := rep.ClinicID

	// Every legacy row read, and (the fixture being one clinic with clean
	// keys) every one imported.
	for legacyTable, query := range map[string]string{
		"hospital_user":           `SELECT count(*) FROM hospital_user`,
		"hospital_doctor":         `SELECT count(*) FROM hospital_doctor`,
		"hospital_patient":        `SELECT count(*) FROM hospital_patient`,
		"hospital_patientvisit":   `SELECT count(*) FROM hospital_patientvisit`,
		"hospital_vitals":         `SELECT count(*) FROM hospital_vitals`,
		"hospital_prescription":   `SELECT count(*) FROM hospital_prescription`,
		"hospital_medicine":       `SELECT count(*) FROM hospital_medicine`,
		"hospital_mastermedicine": `SELECT count(*) FROM hospital_mastermedicine`,
		"hospital_mastertest":     `SELECT count(*) FROM hospital_mastertest`,
		"hospital_test":           `SELECT count(*) FROM hospital_test`,
		"hospital_test.result":    `SELECT count(*) FROM hospital_test WHERE trim(result) <> ''`,
		"hospital_doctornotes":    `SELECT count(*) FROM hospital_doctornotes`,
		"hospital_medicalreport":  `SELECT count(*) FROM hospital_medicalreport`,
	} {
		want := count(t, path, query)
		c := rep.Table(legacyTable)
		if c == nil || c.Read != want || c.Imported != want || c.Skipped != 0 || c.Already != 0 {
			t.Errorf("%s: %+v, want %d read and imported", legacyTable, c, want)
		}
	}
	// The rows are in Santkrupa, each with its legacy id.
	got := imported(t, st, clinic)
	for table, query := range map[string]string{
		"users":              `SELECT count(*) FROM hospital_user`,
		"doctors":            `SELECT count(*) FROM hospital_doctor`,
		"patients":           `SELECT count(*) FROM hospital_patient`,
		"patient_visits":     `SELECT count(*) FROM hospital_patientvisit`,
		"prescriptions":      `SELECT count(*) FROM hospital_prescription`,
		"prescription_lines": `SELECT count(*) FROM hospital_medicine`,
		"medicines":          `SELECT count(*) FROM hospital_mastermedicine`,
		"test_catalog":       `SELECT count(*) FROM hospital_mastertest`,
		"tests":              `SELECT count(*) FROM hospital_test`,
		"test_reports":       `SELECT count(*) FROM hospital_test WHERE trim(result) <> ''`,
		"doctor_notes":       `SELECT count(*) FROM hospital_doctornotes`,
	} {
		if want := count(t, path, query); got[table] != want {
			t.Errorf("%s: %d rows imported, the fixture has %d", table, got[table], want)
		}
	}
	// Every temperature in the fixture is Fahrenheit: each is converted and
	// reported.
	fahrenheit := count(t, path, `SELECT count(*) FROM hospital_vitals WHERE temp LIKE '%F' OR CAST(temp AS REAL) BETWEEN 80 AND 115`)
	if c := rep.Table("hospital_vitals"); c.Normalised != fahrenheit || len(rep.Entries("hospital_vitals", legacy.ActNormalised)) != fahrenheit {
		t.Errorf("vitals normalised %d (entries %d), want %d", c.Normalised, len(rep.Entries("hospital_vitals", legacy.ActNormalised)), fahrenheit)
	}

	t.Run("patients", func(t *testing.T) { checkPatients(t, st, clinic, path) })
	t.Run("users and doctors", func(t *testing.T) { checkStaff(t, st, clinic, path) })
	t.Run("visits", func(t *testing.T) { checkVisits(t, st, clinic, path) })
	t.Run("prescriptions, vitals and lines", func(t *testing.T) { checkPrescriptions(t, st, clinic, path) })
	t.Run("tests, results and notes", func(t *testing.T) { checkLab(t, st, clinic, path) })
}

// Running twice imports nothing twice.
func TestImportTwice(t *testing.T) {
	t.Parallel()
	st := dbtest.Store(t)
	src := load(t, fixturePath(t))
	slug := newSlug()
	first := run(t, st, src, legacy.Options{Clinic: slug})
	after1 := fingerprint(t, first.ClinicID)
	second := run(t, st, src, legacy.Options{Clinic: slug})
	checkInvariant(t, second)
	if second.ClinicCreated || second.ClinicID != first.ClinicID {
		t.Fatalf("second run: created %v, clinic %s (first %s)", second.ClinicCreated, second.ClinicID, first.ClinicID)
	}
	for _, c := range second.Tables {
		f := first.Table(c.Legacy)
		if c.Imported != 0 || c.Already != f.Imported+f.Already || c.Read != f.Read {
			t.Errorf("second run, %s: %+v (first: %+v)", c.Legacy, *c, *f)
		}
	}
	if n := len(second.Entries("", legacy.ActNormalised)) + len(second.Entries("", legacy.ActSkipped)); n != 0 {
		t.Errorf("second run reports %d changed or skipped rows", n)
	}
	sameFingerprint(t, "second run", after1, fingerprint(t, first.ClinicID))
}

// Importing into clinic B leaves clinic A exactly as it was.
func TestImportLeavesOtherClinicsAlone(t *testing.T) {
	t.Parallel()
	st := dbtest.Store(t)
	a := dbtest.NewClinic(t, st, 3)
	before := fingerprint(t, a.ID)
	rep := run(t, st, load(t, fixturePath(t)), legacy.Options{Clinic: newSlug()})
	if rep.ClinicID == a.ID {
		t.Fatal("imported into clinic A")
	}
	sameFingerprint(t, "clinic A", before, fingerprint(t, a.ID))
	if n := imported(t, st, a.ID); len(n) != 0 {
		t.Errorf("clinic A has legacy rows: %v", n)
	}
	if n := imported(t, st, rep.ClinicID)["patients"]; n != count(t, fixturePath(t), `SELECT count(*) FROM hospital_patient`) {
		t.Errorf("clinic B has %d imported patients", n)
	}
}

// A row that violates a constraint half-way leaves nothing behind: no new
// clinic, and an existing clinic exactly as it was.
func TestImportAllOrNothing(t *testing.T) {
	t.Parallel()
	st := dbtest.Store(t)
	path := fixtureCopy(t)
	// A legacy patient number longer than Santkrupa's legacy_id (40): the
	// 150th of 300 patients, after the clinic, staff, catalogs and 149
	// patients were written in the transaction.
	edit(t, path, `UPDATE hospital_patient SET patient_id = 'PT1-2026-'||hex(randomblob(20)) WHERE id = 150`)
	src := load(t, path)

	t.Run("new clinic", func(t *testing.T) {
		t.Parallel()
		slug := newSlug()
		rep, err := legacy.Import(context.Background(), st, src, legacy.Options{Clinic: slug})
		if err == nil {
			t.Fatal("the import of a corrupt patient succeeded")
		}
		if rep.Table("hospital_patient").Imported != 149 {
			t.Errorf("the failure came after %d patients, want 149 (mid-way)", rep.Table("hospital_patient").Imported)
		}
		if !regexp.MustCompile(`^failed: .*patient 150`).MatchString(rep.Outcome) {
			t.Errorf("outcome %q does not name the row", rep.Outcome)
		}
		clinicAbsent(t, st, slug)
		if got := fingerprint(t, rep.ClinicID); got["users"] != "0:" || got["clinics"] != "0:" {
			t.Errorf("rows of the failed import remain: %v", got)
		}
	})
	t.Run("existing clinic", func(t *testing.T) {
		t.Parallel()
		a := dbtest.NewClinic(t, st, 2)
		before := fingerprint(t, a.ID)
		if _, err := legacy.Import(context.Background(), st, src, legacy.Options{Clinic: a.Slug}); err == nil {
			t.Fatal("the import of a corrupt patient succeeded")
		}
		sameFingerprint(t, "clinic after a failed import", before, fingerprint(t, a.ID))
	})
}

// A dry run reports what a real run does and writes nothing.
func TestDryRun(t *testing.T) {
	t.Parallel()
	st := dbtest.Store(t)
	src := load(t, fixturePath(t))

	slug := newSlug()
	dry := run(t, st, src, legacy.Options{Clinic: slug, DryRun: true})
	if dry.Outcome != "rolled back (dry run)" || !dry.DryRun {
		t.Errorf("dry run outcome %q", dry.Outcome)
	}
	clinicAbsent(t, st, slug)
	if got := fingerprint(t, dry.ClinicID); got["clinics"] != "0:" || got["patients"] != "0:" {
		t.Errorf("the dry run wrote: %v", got)
	}
	real := run(t, st, src, legacy.Options{Clinic: slug})
	for _, c := range real.Tables {
		d := dry.Table(c.Legacy)
		if d == nil || d.Read != c.Read || d.Imported != c.Imported || d.Normalised != c.Normalised ||
			d.Flagged != c.Flagged || d.Skipped != c.Skipped || d.Already != c.Already {
			t.Errorf("%s: dry run %+v, real run %+v", c.Legacy, d, *c)
		}
	}
	if len(dry.Rows) != len(real.Rows) {
		t.Errorf("dry run reports %d rows, the real run %d", len(dry.Rows), len(real.Rows))
	}

	// Into an existing clinic: untouched.
	a := dbtest.NewClinic(t, st, 2)
	before := fingerprint(t, a.ID)
	rep := run(t, st, src, legacy.Options{Clinic: a.Slug, DryRun: true})
	if rep.Table("hospital_patient").Imported != count(t, fixturePath(t), `SELECT count(*) FROM hospital_patient`) {
		t.Errorf("dry run into an existing clinic: %+v", rep.Table("hospital_patient"))
	}
	sameFingerprint(t, "dry run into an existing clinic", before, fingerprint(t, a.ID))
}

// --- samples, field by field, against the SQLite source ---------------

// sq runs a query on the SQLite side.
func sq(t *testing.T, path, query string, args ...any) *sql.Rows {
	t.Helper()
	rows, err := sqliteDB(t, path).Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	t.Cleanup(func() { rows.Close() })
	return rows
}

func idOf(n sql.NullInt64) string {
	if !n.Valid {
		return ""
	}
	return strconv.FormatInt(n.Int64, 10)
}

func ptrID(p *uuid.UUID) uuid.UUID {
	if p == nil {
		return uuid.Nil
	}
	return *p
}

func dateOf(p *time.Time) string {
	if p == nil {
		return ""
	}
	return p.Format(time.DateOnly)
}
