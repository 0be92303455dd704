package store_test

// Foreign-key checks bypass row-level security. Every key between clinic
// tables carries clinic_id, so a row of clinic A can only point at A's rows,
// and the error for "B has that id" must be indistinguishable from "nobody
// has that id": otherwise the foreign key is an existence oracle.

import (
	"context"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// errRollback makes store.Tx roll back a transaction whose work succeeded.
var errRollback = errors.New("test: roll back")

// refCase is one foreign key, tried from a row of clinic A.
type refCase struct {
	name  string // table.column → referenced table
	table string
	// insert is an INSERT of a valid row of clinic a (clinic_id = a, all
	// other references to a's rows) whose reference under test is ref.
	insert func(a clinicFixture, ref uuid.UUID) (string, []any)
	// target is the referenced row in a clinic's fixture.
	target func(f clinicFixture) uuid.UUID
}

func refCases() []refCase {
	user := func(r store.Role) func(f clinicFixture) uuid.UUID {
		return func(f clinicFixture) uuid.UUID { return f.user(r) }
	}
	patient := func(f clinicFixture) uuid.UUID { return f.patient }
	doctor := func(f clinicFixture) uuid.UUID { return f.doctor }
	visit := func(f clinicFixture) uuid.UUID { return f.visit }
	prescription := func(f clinicFixture) uuid.UUID { return f.prescription }
	test := func(f clinicFixture) uuid.UUID { return f.test }
	report := func(f clinicFixture) uuid.UUID { return f.report }
	medicine := func(f clinicFixture) uuid.UUID { return f.medicine }
	catalog := func(f clinicFixture) uuid.UUID { return f.catalog }
	sum := sha256.Sum256(reportContent)

	return []refCase{
		{"patients.registered_by → users", "patients", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO patients (clinic_id, patient_number, name, registered_by) VALUES ($1, $2, 'Probe', $3)`,
				[]any{a.ID, "X-" + randToken(), ref}
		}, user(store.RoleReceptionist)},
		{"patients.user_id → users", "patients", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO patients (clinic_id, patient_number, name, user_id) VALUES ($1, $2, 'Probe', $3)`,
				[]any{a.ID, "X-" + randToken(), ref}
		}, user(store.RoleLabTech)},
		{"doctors.user_id → users", "doctors", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO doctors (clinic_id, user_id, license_number) VALUES ($1, $2, $3)`,
				[]any{a.ID, ref, "LIC-" + randToken()}
		}, user(store.RoleLabTech)},
		{"patient_visits.patient_id → patients", "patient_visits", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO patient_visits (clinic_id, patient_id, visit_date, token, status)
				VALUES ($1, $2, current_date, 900000 + (random() * 99999)::int, 'completed')`, []any{a.ID, ref}
		}, patient},
		{"patient_visits.doctor_id → doctors", "patient_visits", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO patient_visits (clinic_id, patient_id, doctor_id, visit_date, token, status)
				VALUES ($1, $2, $3, current_date, 900000 + (random() * 99999)::int, 'completed')`,
				[]any{a.ID, a.patient, ref}
		}, doctor},
		{"patient_visits.checked_in_by → users", "patient_visits", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO patient_visits (clinic_id, patient_id, checked_in_by, visit_date, token, status)
				VALUES ($1, $2, $3, current_date, 900000 + (random() * 99999)::int, 'completed')`,
				[]any{a.ID, a.patient, ref}
		}, user(store.RoleReceptionist)},
		{"prescriptions.patient_id → patients", "prescriptions", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO prescriptions (clinic_id, patient_id, doctor_id) VALUES ($1, $2, $3)`,
				[]any{a.ID, ref, a.doctor}
		}, patient},
		{"prescriptions.doctor_id → doctors", "prescriptions", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO prescriptions (clinic_id, patient_id, doctor_id) VALUES ($1, $2, $3)`,
				[]any{a.ID, a.patient, ref}
		}, doctor},
		{"prescriptions.visit_id → patient_visits", "prescriptions", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO prescriptions (clinic_id, patient_id, doctor_id, visit_id) VALUES ($1, $2, $3, $4)`,
				[]any{a.ID, a.patient, a.doctor, ref}
		}, visit},
		{"prescription_lines.prescription_id → prescriptions", "prescription_lines", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO prescription_lines (clinic_id, prescription_id, position, medicine_name)
				VALUES ($1, $2, 50, 'Probe')`, []any{a.ID, ref}
		}, prescription},
		{"prescription_lines.medicine_id → medicines", "prescription_lines", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO prescription_lines (clinic_id, prescription_id, position, medicine_id, medicine_name)
				VALUES ($1, $2, 50, $3, 'Probe')`, []any{a.ID, a.prescription, ref}
		}, medicine},
		{"tests.patient_id → patients", "tests", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO tests (clinic_id, patient_id, test_type, name) VALUES ($1, $2, 'other', 'Probe')`,
				[]any{a.ID, ref}
		}, patient},
		{"tests.visit_id → patient_visits", "tests", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO tests (clinic_id, patient_id, visit_id, test_type, name) VALUES ($1, $2, $3, 'other', 'Probe')`,
				[]any{a.ID, a.patient, ref}
		}, visit},
		{"tests.prescription_id → prescriptions", "tests", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO tests (clinic_id, patient_id, prescription_id, test_type, name)
				VALUES ($1, $2, $3, 'other', 'Probe')`, []any{a.ID, a.patient, ref}
		}, prescription},
		{"tests.catalog_id → test_catalog", "tests", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO tests (clinic_id, patient_id, catalog_id, test_type, name) VALUES ($1, $2, $3, 'other', 'Probe')`,
				[]any{a.ID, a.patient, ref}
		}, catalog},
		{"tests.ordered_by → users", "tests", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO tests (clinic_id, patient_id, ordered_by, test_type, name) VALUES ($1, $2, $3, 'other', 'Probe')`,
				[]any{a.ID, a.patient, ref}
		}, user(store.RoleDoctor)},
		{"test_reports.test_id → tests", "test_reports", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO test_reports (clinic_id, test_id, patient_id) VALUES ($1, $2, $3)`,
				[]any{a.ID, ref, a.patient}
		}, test},
		{"test_reports.performed_by → users", "test_reports", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO test_reports (clinic_id, test_id, patient_id, performed_by) VALUES ($1, $2, $3, $4)`,
				[]any{a.ID, a.test, a.patient, ref}
		}, user(store.RoleLabTech)},
		{"test_reports.verified_by → users", "test_reports", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO test_reports (clinic_id, test_id, patient_id, verified_by, verified_at)
				VALUES ($1, $2, $3, $4, now())`, []any{a.ID, a.test, a.patient, ref}
		}, user(store.RoleDoctor)},
		{"test_report_values.test_report_id → test_reports", "test_report_values", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO test_report_values (clinic_id, test_report_id, patient_id, position, analyte, value)
				VALUES ($1, $2, $3, 200, 'Probe', '1')`, []any{a.ID, ref, a.patient}
		}, report},
		{"doctor_notes.visit_id → patient_visits", "doctor_notes", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO doctor_notes (clinic_id, visit_id, patient_id, author_id) VALUES ($1, $2, $3, $4)`,
				[]any{a.ID, ref, a.patient, a.user(store.RoleDoctor)}
		}, visit},
		{"doctor_notes.author_id → users", "doctor_notes", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO doctor_notes (clinic_id, visit_id, patient_id, author_id) VALUES ($1, $2, $3, $4)`,
				[]any{a.ID, a.visit, a.patient, ref}
		}, user(store.RoleDoctor)},
		{"medical_reports.patient_id → patients", "medical_reports", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO medical_reports (clinic_id, patient_id, content, content_type, size_bytes, sha256)
				VALUES ($1, $2, $3, 'text/plain', $4, $5)`,
				[]any{a.ID, ref, reportContent, int32(len(reportContent)), sum[:]}
		}, patient},
		{"medical_reports.uploaded_by → users", "medical_reports", func(a clinicFixture, ref uuid.UUID) (string, []any) {
			return `INSERT INTO medical_reports (clinic_id, patient_id, uploaded_by, content, content_type, size_bytes, sha256)
				VALUES ($1, $2, $3, $4, 'text/plain', $5, $6)`,
				[]any{a.ID, a.patient, ref, reportContent, int32(len(reportContent)), sum[:]}
		}, user(store.RoleLabTech)},
	}
}

// refError is what a failed reference tells its caller, with the probed id
// blanked out: the SQLSTATE, the constraint, the message and the detail.
type refError struct{ code, constraint, message, detail string }

func refErrorOf(err error, ref uuid.UUID) refError {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return refError{message: "not a PostgreSQL error: " + errString(err)}
	}
	blank := func(s string) string { return strings.ReplaceAll(s, ref.String(), "<ref>") }
	return refError{code: pgErr.Code, constraint: pgErr.ConstraintName, message: blank(pgErr.Message), detail: blank(pgErr.Detail)}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func TestReferencesCannotCrossClinics(t *testing.T) {
	t.Parallel()
	a, b, wantA, _ := twoClinics(t)
	setup := appConn(t)
	fa, fb := loadFixture(t, setup, a), loadFixture(t, setup, b)
	asA := asRole(a, store.RoleAdmin)

	for _, tc := range refCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			conn := appConn(t)

			// Control: the same row pointing at A's own row is valid, so
			// the reference is the only thing that differs below.
			sql, args := tc.insert(fa, tc.target(fa))
			if n, err := attempt(t, conn, asA, false, sql, args...); err != nil || n != 1 {
				t.Fatalf("control: insert pointing at A's own row: %d rows, %v; want 1", n, err)
			}

			theirs := tc.target(fb)
			sql, args = tc.insert(fa, theirs)
			_, errB := attempt(t, conn, asA, true, sql, args...)
			gotB := refErrorOf(errB, theirs)
			if gotB.code != codeForeignKey && gotB.code != codeInsufficientPrivilege {
				t.Fatalf("pointing at B's row: %v; want a foreign-key violation (%s) or RLS error (%s)",
					errB, codeForeignKey, codeInsufficientPrivilege)
			}

			// The existence oracle: an id nobody has must fail identically.
			nobody := uuid.New()
			sql, args = tc.insert(fa, nobody)
			_, errNobody := attempt(t, conn, asA, true, sql, args...)
			if gotNobody := refErrorOf(errNobody, nobody); gotNobody != gotB {
				t.Errorf("B's existing id and a missing id fail differently:\n  B's id:  %+v\n  missing: %+v", gotB, gotNobody)
			}

			if got := countAs(t, conn, asA, `SELECT count(*) FROM `+tc.table); got != wantA[tc.table] {
				t.Errorf("A has %d %s rows after the attempts, want the %d seeded", got, tc.table, wantA[tc.table])
			}
		})
	}
}

// TestReferencesThroughStore: the product's own queries (clinic_id from
// the context, never from Go) report another clinic's id as
// store.ErrInvalidReference, exactly as for an id that does not exist.
func TestReferencesThroughStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	a := dbtest.NewClinic(t, st, 2)
	b := dbtest.NewClinic(t, st, 2)
	setup := appConn(t)
	fa, fb := loadFixture(t, setup, a), loadFixture(t, setup, b)
	q := st.Queries()
	sum := sha256.Sum256(reportContent)

	cases := []struct {
		name   string
		role   store.Role
		target func(f clinicFixture) uuid.UUID
		run    func(tx dbsqlc.DBTX, ref uuid.UUID) error
	}{
		{"CreatePrescription: patient", store.RoleDoctor, func(f clinicFixture) uuid.UUID { return f.patient },
			func(tx dbsqlc.DBTX, ref uuid.UUID) error {
				_, err := q.CreatePrescription(ctx, tx, dbsqlc.CreatePrescriptionParams{PatientID: ref, DoctorID: fa.doctor})
				return err
			}},
		{"CreatePrescription: doctor", store.RoleDoctor, func(f clinicFixture) uuid.UUID { return f.doctor },
			func(tx dbsqlc.DBTX, ref uuid.UUID) error {
				_, err := q.CreatePrescription(ctx, tx, dbsqlc.CreatePrescriptionParams{PatientID: fa.patient, DoctorID: ref})
				return err
			}},
		{"CreatePrescription: visit", store.RoleDoctor, func(f clinicFixture) uuid.UUID { return f.visit },
			func(tx dbsqlc.DBTX, ref uuid.UUID) error {
				_, err := q.CreatePrescription(ctx, tx, dbsqlc.CreatePrescriptionParams{
					PatientID: fa.patient, DoctorID: fa.doctor, VisitID: &ref})
				return err
			}},
		{"AddPrescriptionLine: medicine", store.RoleDoctor, func(f clinicFixture) uuid.UUID { return f.medicine },
			func(tx dbsqlc.DBTX, ref uuid.UUID) error {
				_, err := q.AddPrescriptionLine(ctx, tx, dbsqlc.AddPrescriptionLineParams{
					PrescriptionID: fa.prescription, Position: 50, MedicineID: &ref, MedicineName: "Probe",
					FoodInstruction: "any", Route: "oral"})
				return err
			}},
		{"AddPrescriptionLine: prescription", store.RoleDoctor, func(f clinicFixture) uuid.UUID { return f.prescription },
			func(tx dbsqlc.DBTX, ref uuid.UUID) error {
				_, err := q.AddPrescriptionLine(ctx, tx, dbsqlc.AddPrescriptionLineParams{
					PrescriptionID: ref, Position: 50, MedicineName: "Probe", FoodInstruction: "any", Route: "oral"})
				return err
			}},
		{"OrderTest: catalog entry", store.RoleDoctor, func(f clinicFixture) uuid.UUID { return f.catalog },
			func(tx dbsqlc.DBTX, ref uuid.UUID) error {
				_, err := q.OrderTest(ctx, tx, dbsqlc.OrderTestParams{
					PatientID: fa.patient, CatalogID: &ref, TestType: "blood", Name: "Probe", Urgency: "routine"})
				return err
			}},
		{"OrderTest: patient", store.RoleDoctor, func(f clinicFixture) uuid.UUID { return f.patient },
			func(tx dbsqlc.DBTX, ref uuid.UUID) error {
				_, err := q.OrderTest(ctx, tx, dbsqlc.OrderTestParams{
					PatientID: ref, TestType: "blood", Name: "Probe", Urgency: "routine"})
				return err
			}},
		{"CreateTestReport: test", store.RoleLabTech, func(f clinicFixture) uuid.UUID { return f.test },
			func(tx dbsqlc.DBTX, ref uuid.UUID) error {
				_, err := q.CreateTestReport(ctx, tx, dbsqlc.CreateTestReportParams{
					TestID: ref, PatientID: fa.patient, Status: "preliminary"})
				return err
			}},
		{"AddTestReportValue: report", store.RoleLabTech, func(f clinicFixture) uuid.UUID { return f.report },
			func(tx dbsqlc.DBTX, ref uuid.UUID) error {
				_, err := q.AddTestReportValue(ctx, tx, dbsqlc.AddTestReportValueParams{
					TestReportID: ref, PatientID: fa.patient, Position: 200, Analyte: "Probe", Value: "1",
					AbnormalFlag: "normal"})
				return err
			}},
		{"CheckInPatient: patient", store.RoleReceptionist, func(f clinicFixture) uuid.UUID { return f.patient },
			func(tx dbsqlc.DBTX, ref uuid.UUID) error {
				_, err := q.CheckInPatient(ctx, tx, dbsqlc.CheckInPatientParams{PatientID: ref, Priority: "normal"})
				return err
			}},
		{"CreateDoctorNote: visit", store.RoleDoctor, func(f clinicFixture) uuid.UUID { return f.visit },
			func(tx dbsqlc.DBTX, ref uuid.UUID) error {
				_, err := q.CreateDoctorNote(ctx, tx, dbsqlc.CreateDoctorNoteParams{
					VisitID: ref, PatientID: fa.patient, AuthorID: fa.user(store.RoleDoctor)})
				return err
			}},
		{"CreateMedicalReport: patient", store.RoleLabTech, func(f clinicFixture) uuid.UUID { return f.patient },
			func(tx dbsqlc.DBTX, ref uuid.UUID) error {
				_, err := q.CreateMedicalReport(ctx, tx, dbsqlc.CreateMedicalReportParams{
					PatientID: ref, ReportType: "other", Content: reportContent, ContentType: "text/plain",
					SizeBytes: int32(len(reportContent)), SHA256: sum[:]})
				return err
			}},
		{"CreateDoctor: user", store.RoleAdmin, func(f clinicFixture) uuid.UUID { return f.user(store.RoleLabTech) },
			func(tx dbsqlc.DBTX, ref uuid.UUID) error {
				_, err := q.CreateDoctor(ctx, tx, dbsqlc.CreateDoctorParams{UserID: ref, LicenseNumber: "LIC-" + randToken()})
				return err
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			scope := a.Scope(tc.role)
			try := func(ref uuid.UUID) error {
				return st.Tx(ctx, scope, func(tx dbsqlc.DBTX) error {
					if err := tc.run(tx, ref); err != nil {
						return err
					}
					return errRollback
				})
			}
			if err := try(tc.target(fa)); !errors.Is(err, errRollback) {
				t.Fatalf("control with A's own row: %v; want success", err)
			}
			errB, errNobody := try(tc.target(fb)), try(uuid.New())
			for _, e := range []struct {
				what string
				err  error
			}{{"B's id", errB}, {"missing id", errNobody}} {
				if !errors.Is(e.err, store.ErrInvalidReference) {
					t.Errorf("%s: %v; want store.ErrInvalidReference", e.what, e.err)
				}
			}
			var eb, en *store.Error
			if errors.As(errB, &eb) && errors.As(errNobody, &en) && eb.Constraint != en.Constraint {
				t.Errorf("constraint differs: B's id %q, missing id %q", eb.Constraint, en.Constraint)
			}
		})
	}
}

// TestUniquenessIsPerClinic: unique constraints bypass row-level security
// too, so each includes clinic_id: a value B holds is free in A (a conflict
// would tell A that B holds it), while a second use within A conflicts.
func TestUniquenessIsPerClinic(t *testing.T) {
	t.Parallel()
	a, b, _, _ := twoClinics(t)
	setup := appConn(t)
	fa, fb := loadFixture(t, setup, a), loadFixture(t, setup, b)
	asA, asB := asRole(a, store.RoleAdmin), asRole(b, store.RoleAdmin)
	ctx := context.Background()

	cases := []struct {
		name string
		// insert inserts a row of the context's clinic f holding value v;
		// nth varies everything but v between two inserts in one clinic.
		insert func(f clinicFixture, v string, nth int) (string, []any)
	}{
		{"doctors.license_number", func(f clinicFixture, v string, nth int) (string, []any) {
			u := []store.Role{store.RoleLabTech, store.RoleReceptionist}[nth]
			return `INSERT INTO doctors (user_id, license_number) VALUES ($1, $2)`, []any{f.user(u), v}
		}},
		{"users.email", func(f clinicFixture, v string, nth int) (string, []any) {
			return `INSERT INTO users (display_name, email, role) VALUES ('Probe', $1, 'doctor')`, []any{v + "@example.com"}
		}},
		{"patients.patient_number", func(f clinicFixture, v string, nth int) (string, []any) {
			return `INSERT INTO patients (patient_number, name) VALUES ($1, 'Probe')`, []any{v}
		}},
		{"patients.legacy_id", func(f clinicFixture, v string, nth int) (string, []any) {
			return `INSERT INTO patients (patient_number, legacy_id, name) VALUES ($1, $2, 'Probe')`, []any{randToken(), v}
		}},
		{"test_catalog.name", func(f clinicFixture, v string, nth int) (string, []any) {
			return `INSERT INTO test_catalog (name, test_type) VALUES ($1, 'other')`, []any{v}
		}},
		{"medicines.name_form_strength", func(f clinicFixture, v string, nth int) (string, []any) {
			return `INSERT INTO medicines (name, form, strength) VALUES ($1, 'tablet', '500 mg')`, []any{v}
		}},
		{"users.oidc_identity", func(f clinicFixture, v string, nth int) (string, []any) {
			return `INSERT INTO users (display_name, role, oidc_issuer, oidc_subject) VALUES ('Probe', 'doctor', 'https://idp.example', $1)`,
				[]any{v}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			conn := appConn(t)
			v := "U" + randToken()
			sql, args := tc.insert(fb, v, 0)
			if n, err := attempt(t, conn, asB, true, sql, args...); err != nil || n != 1 {
				t.Fatalf("B takes %q: %d rows, %v", v, n, err)
			}
			inCtx(t, conn, asA, func(tx pgx.Tx) {
				sql, args := tc.insert(fa, v, 0)
				if _, err := tx.Exec(ctx, sql, args...); err != nil {
					t.Errorf("A takes B's value %q: %v (SQLSTATE %q); want success", v, err, sqlstate(err))
					return
				}
				// Control: the constraint exists, within A.
				sql, args = tc.insert(fa, v, 1)
				if _, err := tx.Exec(ctx, sql, args...); sqlstate(err) != codeUnique {
					t.Errorf("A takes %q a second time: %v; want unique violation %s", v, err, codeUnique)
				}
			})
		})
	}
}
