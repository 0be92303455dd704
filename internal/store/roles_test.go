package store_test

// Role rules that the policies state, enforced by the database whatever
// the Go code asks for: a patient sees only their own (released) records
// and writes nothing but a document uploaded to their own record, as
// themselves (pgTAP tests that one; the fixture rows here have no
// uploader, so even it is refused); clinical notes are hidden from reception and the lab;
// each role writes only what it should.

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// storeCount runs a count(*) query through the store.
func storeCount(t *testing.T, st *store.Store, scope store.Scope, sql string, args ...any) int64 {
	t.Helper()
	ctx := context.Background()
	var n int64
	if err := st.Read(ctx, scope, func(tx dbsqlc.DBTX) error {
		return tx.QueryRow(ctx, sql, args...).Scan(&n)
	}); err != nil {
		t.Fatalf("%s as %s: %v", sql, scope.Role, err)
	}
	return n
}

// unreleased adds to the fixture patient's history records a patient must
// not see (a draft prescription with a line, a preliminary report with a
// value, an unsigned note) and two they must (a corrected report with a
// value, and the test it belongs to). It returns how many rows it added to
// each table.
func unreleased(t *testing.T, st *store.Store, f clinicFixture) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	q := st.Queries()
	doctorUser, lab := f.user(store.RoleDoctor), f.user(store.RoleLabTech)
	var testID uuid.UUID
	err := st.Tx(ctx, f.Scope(store.RoleDoctor), func(tx dbsqlc.DBTX) error {
		rx, err := q.CreatePrescription(ctx, tx, dbsqlc.CreatePrescriptionParams{
			PatientID: f.patient, DoctorID: f.doctor, VisitID: &f.visit, Diagnosis: "Draft, not for the patient"})
		if err != nil {
			return err
		}
		if _, err := q.AddPrescriptionLine(ctx, tx, dbsqlc.AddPrescriptionLineParams{
			PrescriptionID: rx.ID, Position: 1, MedicineID: &f.medicine, MedicineName: "Draft line",
			FoodInstruction: "any", Route: "oral"}); err != nil {
			return err
		}
		test, err := q.OrderTest(ctx, tx, dbsqlc.OrderTestParams{
			PatientID: f.patient, OrderedBy: &doctorUser, TestType: "blood", Name: "Extra test", Urgency: "routine"})
		testID = test.ID
		if err != nil {
			return err
		}
		_, err = q.CreateDoctorNote(ctx, tx, dbsqlc.CreateDoctorNoteParams{
			VisitID: f.visit, PatientID: f.patient, AuthorID: doctorUser, Notes: "Unsigned, not for the patient"})
		return err
	})
	if err != nil {
		t.Fatalf("doctor's unreleased records: %v", err)
	}
	err = st.Tx(ctx, f.Scope(store.RoleLabTech), func(tx dbsqlc.DBTX) error {
		for _, r := range []struct {
			test   uuid.UUID
			status string
		}{{testID, "preliminary"}, {f.test, "corrected"}} {
			rep, err := q.CreateTestReport(ctx, tx, dbsqlc.CreateTestReportParams{
				TestID: r.test, PatientID: f.patient, Status: r.status, PerformedBy: &lab, Notes: r.status})
			if err != nil {
				return err
			}
			if _, err := q.AddTestReportValue(ctx, tx, dbsqlc.AddTestReportValueParams{
				TestReportID: rep.ID, PatientID: f.patient, Position: 1, Analyte: "Haemoglobin", Value: "13.0",
				AbnormalFlag: "normal"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("lab's reports: %v", err)
	}
	return map[string]int64{
		"prescriptions": 1, "prescription_lines": 1, "tests": 1, "test_reports": 2, "test_report_values": 2,
		"doctor_notes": 1,
	}
}

func TestPatientSeesOnlyOwnReleasedRecords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 3)
	f := loadFixture(t, appConn(t), c)
	added := unreleased(t, st, f)
	seeded := seededRows(3)
	me := c.Scope(store.RolePatient)

	// What the patient user of the first patient may see: their own row
	// and records, prescriptions once final, reports once final or
	// corrected, notes once signed; the clinic's own row and catalogs; no
	// counters.
	want := map[string]int64{
		"clinics": 1, "users": 1, "patients": 1, "doctors": 2, "clinic_counters": 0, "patient_visits": 1,
		"medicines": 10, "prescriptions": 1, "prescription_lines": 3, "test_catalog": 6, "tests": 2,
		"test_reports": 2, "test_report_values": 2, "doctor_notes": 1, "medical_reports": 1,
	}
	ownCol := map[string]string{
		"users": "id", "patients": "id", "patient_visits": "patient_id", "prescriptions": "patient_id",
		"tests": "patient_id", "test_reports": "patient_id", "test_report_values": "patient_id",
		"doctor_notes": "patient_id", "medical_reports": "patient_id",
	}
	for _, table := range clinicTables {
		// Control: staff see everything, the added records included.
		staff := storeCount(t, st, c.Scope(store.RoleDoctor), `SELECT count(*) FROM `+table)
		if w := seeded[table] + added[table]; staff != w {
			t.Errorf("%s: doctor sees %d rows, want %d", table, staff, w)
		}
		if got := storeCount(t, st, me, `SELECT count(*) FROM `+table); got != want[table] {
			t.Errorf("%s: patient sees %d rows, want %d (of %d)", table, got, want[table], staff)
		}
		if col, ok := ownCol[table]; ok {
			own := f.patient
			if table == "users" {
				own = me.UserID
			}
			if got := storeCount(t, st, me, `SELECT count(*) FROM `+table+` WHERE `+col+` <> $1`, own); got != 0 {
				t.Errorf("%s: patient sees %d rows of someone else", table, got)
			}
		}
	}

	// Through the product's queries.
	err := st.Read(ctx, me, func(tx dbsqlc.DBTX) error {
		q := st.Queries()
		rxs, err := q.ListPatientPrescriptions(ctx, tx, f.patient)
		if err != nil {
			return err
		}
		for _, rx := range rxs {
			if rx.Status != "final" {
				t.Errorf("patient lists prescription %s with status %s", rx.ID, rx.Status)
			}
		}
		reps, err := q.ListPatientTestReports(ctx, tx, f.patient)
		if err != nil {
			return err
		}
		for _, r := range reps {
			if r.Status != "final" && r.Status != "corrected" {
				t.Errorf("patient lists report %s with status %s", r.ID, r.Status)
			}
		}
		notes, err := q.ListPatientDoctorNotes(ctx, tx, f.patient)
		if err != nil {
			return err
		}
		for _, n := range notes {
			if n.SignedAt == nil {
				t.Errorf("patient lists unsigned note %s", n.ID)
			}
		}
		if len(rxs) != 1 || len(reps) != 2 || len(notes) != 1 {
			t.Errorf("patient lists %d prescriptions, %d reports, %d notes; want 1, 2, 1", len(rxs), len(reps), len(notes))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Another patient's record is not found, not forbidden.
	var other uuid.UUID
	if err := st.Read(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		return tx.QueryRow(ctx, `SELECT id FROM patients WHERE id <> $1 LIMIT 1`, f.patient).Scan(&other)
	}); err != nil {
		t.Fatal(err)
	}
	err = st.Read(ctx, me, func(tx dbsqlc.DBTX) error {
		_, err := st.Queries().GetPatient(ctx, tx, other)
		return err
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("patient reads another patient's record: %v, want store.ErrNotFound", err)
	}

	// A patient login linked to no patient record sees no patient data.
	var loner dbsqlc.User
	if err := st.Tx(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		var err error
		loner, err = st.Queries().CreateUser(ctx, tx, dbsqlc.CreateUserParams{DisplayName: "Unlinked Patient", Role: "patient"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	unlinked := store.Scope{ClinicID: c.ID, UserID: loner.ID, Role: store.RolePatient}
	for table, col := range ownCol {
		if col != "patient_id" && table != "patients" {
			continue
		}
		if got := storeCount(t, st, unlinked, `SELECT count(*) FROM `+table); got != 0 {
			t.Errorf("%s: an unlinked patient login sees %d rows, want 0", table, got)
		}
	}
}

func TestPatientCannotWriteClinicTables(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 2)
	setup := appConn(t)
	f := loadFixture(t, setup, c)
	me := c.Scope(store.RolePatient)

	for _, tc := range tableCases() {
		t.Run(tc.table, func(t *testing.T) {
			t.Parallel()
			conn := appConn(t)
			before := fingerprint(t, conn, asRole(c, store.RoleAdmin), tc.table)
			exec := func(scope store.Scope, commit bool, sql string, args ...any) (int64, error) {
				var n int64
				err := st.Tx(ctx, scope, func(tx dbsqlc.DBTX) error {
					tag, err := tx.Exec(ctx, sql, args...)
					if err != nil {
						return err
					}
					n = tag.RowsAffected()
					if !commit {
						return errRollback
					}
					return nil
				})
				if errors.Is(err, errRollback) {
					err = nil
				}
				return n, err
			}

			sql, args := tc.insert(c.ID, f)
			if tc.table != "clinics" {
				// Control: the clinic's admin may insert this row.
				if n, err := exec(c.Scope(store.RoleAdmin), false, sql, args...); err != nil || n != 1 {
					t.Fatalf("control: admin inserts into %s: %d rows, %v", tc.table, n, err)
				}
			}
			if n, err := exec(me, true, sql, args...); !errors.Is(err, store.ErrForbidden) {
				t.Errorf("patient inserts into %s: %d rows, %v; want store.ErrForbidden", tc.table, n, err)
			}
			if tc.set != "" {
				// No WHERE: every row the patient can see, their own included.
				if n, err := exec(me, true, `UPDATE `+tc.table+` SET `+tc.set); err != nil || n != 0 {
					t.Errorf("patient updates %s: %d rows, %v; want 0 rows", tc.table, n, err)
				}
			} else if _, err := exec(me, true, `UPDATE `+tc.table+` SET clinic_id = clinic_id`); !errors.Is(err, store.ErrForbidden) {
				t.Errorf("patient updates %s (no UPDATE grant): %v; want store.ErrForbidden", tc.table, err)
			}
			if tc.deletable {
				if n, err := exec(me, true, `DELETE FROM `+tc.table); err != nil || n != 0 {
					t.Errorf("patient deletes from %s: %d rows, %v; want 0 rows", tc.table, n, err)
				}
			} else if _, err := exec(me, true, `DELETE FROM `+tc.table); !errors.Is(err, store.ErrForbidden) {
				t.Errorf("patient deletes from %s (no DELETE grant): %v; want store.ErrForbidden", tc.table, err)
			}
			if after := fingerprint(t, conn, asRole(c, store.RoleAdmin), tc.table); after != before {
				t.Errorf("%s changed by the patient: before %s, after %s", tc.table, before, after)
			}
		})
	}

	// The obvious escalations, explicitly: their own login and record.
	for _, tc := range []struct {
		name string
		sql  string
		arg  uuid.UUID
	}{
		{"make own login an admin", `UPDATE users SET role = 'admin' WHERE id = $1`, me.UserID},
		{"edit own record", `UPDATE patients SET allergies = 'none, honest' WHERE id = $1`, f.patient},
		{"unlink own record", `UPDATE patients SET user_id = NULL WHERE id = $1`, f.patient},
	} {
		var n int64 = -1
		err := st.Tx(ctx, me, func(tx dbsqlc.DBTX) error {
			tag, err := tx.Exec(ctx, tc.sql, tc.arg)
			n = tag.RowsAffected()
			return err
		})
		if err != nil || n != 0 {
			t.Errorf("patient tries to %s: %d rows, %v; want 0 rows", tc.name, n, err)
		}
	}
}

func TestDoctorNotesVisibleOnlyToDoctorsAndAdmins(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 3)
	f := loadFixture(t, appConn(t), c)
	var noteID uuid.UUID
	if err := st.Read(ctx, c.Scope(store.RoleDoctor), func(tx dbsqlc.DBTX) error {
		return tx.QueryRow(ctx, `SELECT id FROM doctor_notes WHERE patient_id = $1`, f.patient).Scan(&noteID)
	}); err != nil {
		t.Fatal(err)
	}
	seeded := seededRows(3)["doctor_notes"]

	for _, tc := range []struct {
		role store.Role
		want int64
	}{
		{store.RoleAdmin, seeded},
		{store.RoleDoctor, seeded},
		{store.RoleReceptionist, 0},
		{store.RoleLabTech, 0},
	} {
		t.Run(string(tc.role), func(t *testing.T) {
			t.Parallel()
			scope := c.Scope(tc.role)
			if got := storeCount(t, st, scope, `SELECT count(*) FROM doctor_notes`); got != tc.want {
				t.Errorf("%s sees %d notes, want %d", tc.role, got, tc.want)
			}
			var listed []dbsqlc.DoctorNote
			var getErr error
			err := st.Read(ctx, scope, func(tx dbsqlc.DBTX) error {
				var err error
				if listed, err = st.Queries().ListPatientDoctorNotes(ctx, tx, f.patient); err != nil {
					return err
				}
				_, getErr = st.Queries().GetDoctorNote(ctx, tx, noteID)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == 0 {
				if len(listed) != 0 || !errors.Is(getErr, pgx.ErrNoRows) {
					t.Errorf("%s: lists %d notes of the patient, GetDoctorNote: %v; want none and not found",
						tc.role, len(listed), getErr)
				}
				// Nor can they write one.
				err := st.Tx(ctx, scope, func(tx dbsqlc.DBTX) error {
					_, err := st.Queries().CreateDoctorNote(ctx, tx, dbsqlc.CreateDoctorNoteParams{
						VisitID: f.visit, PatientID: f.patient, AuthorID: scope.UserID, Notes: "Not mine to write"})
					return err
				})
				if !errors.Is(err, store.ErrForbidden) {
					t.Errorf("%s writes a note: %v, want store.ErrForbidden", tc.role, err)
				}
			} else if len(listed) != 1 || getErr != nil {
				t.Errorf("%s: lists %d notes of the patient, GetDoctorNote: %v; want 1 and the note", tc.role, len(listed), getErr)
			}
		})
	}
}

func TestRoleWriteRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 2)
	f := loadFixture(t, appConn(t), c)
	q := st.Queries()

	createUser := func(role string) func(tx dbsqlc.DBTX) error {
		return func(tx dbsqlc.DBTX) error {
			_, err := q.CreateUser(ctx, tx, dbsqlc.CreateUserParams{DisplayName: "New " + role, Role: role,
				Email: role + "-" + randToken() + "@example.com"})
			return err
		}
	}
	setRole := func(user uuid.UUID, role string) func(tx dbsqlc.DBTX) error {
		return func(tx dbsqlc.DBTX) error {
			_, err := q.SetUserRole(ctx, tx, dbsqlc.SetUserRoleParams{ID: user, Role: role})
			return err
		}
	}
	prescribe := func(tx dbsqlc.DBTX) error {
		_, err := q.CreatePrescription(ctx, tx, dbsqlc.CreatePrescriptionParams{PatientID: f.patient, DoctorID: f.doctor})
		return err
	}
	registerPatient := func(tx dbsqlc.DBTX) error {
		_, err := q.RegisterPatient(ctx, tx, dbsqlc.RegisterPatientParams{Name: "New Patient", Sex: "unknown", BloodGroup: "unknown"})
		return err
	}
	rawPatient := func(tx dbsqlc.DBTX) error {
		_, err := tx.Exec(ctx, `INSERT INTO patients (patient_number, name) VALUES ($1, 'Raw Patient')`, "X-"+randToken())
		return err
	}

	cases := []struct {
		name string
		role store.Role
		run  func(tx dbsqlc.DBTX) error
		want error // nil: allowed
	}{
		{"doctor prescribes", store.RoleDoctor, prescribe, nil},
		{"receptionist prescribes", store.RoleReceptionist, prescribe, store.ErrForbidden},
		{"lab_tech prescribes", store.RoleLabTech, prescribe, store.ErrForbidden},
		{"receptionist registers a patient", store.RoleReceptionist, registerPatient, nil},
		{"lab_tech registers a patient", store.RoleLabTech, registerPatient, store.ErrForbidden},
		{"lab_tech inserts a patient row", store.RoleLabTech, rawPatient, store.ErrForbidden},
		{"doctor inserts a patient row", store.RoleDoctor, rawPatient, store.ErrForbidden},
		{"receptionist inserts a patient row", store.RoleReceptionist, rawPatient, nil},
		{"receptionist creates a patient login", store.RoleReceptionist, createUser("patient"), nil},
		{"receptionist creates an admin", store.RoleReceptionist, createUser("admin"), store.ErrForbidden},
		{"receptionist creates a doctor", store.RoleReceptionist, createUser("doctor"), store.ErrForbidden},
		{"receptionist creates a receptionist", store.RoleReceptionist, createUser("receptionist"), store.ErrForbidden},
		{"receptionist creates a lab_tech", store.RoleReceptionist, createUser("lab_tech"), store.ErrForbidden},
		{"admin creates a doctor", store.RoleAdmin, createUser("doctor"), nil},
		{"doctor creates a patient login", store.RoleDoctor, createUser("patient"), store.ErrForbidden},
		{"receptionist promotes a patient login to admin", store.RoleReceptionist,
			setRole(f.user(store.RolePatient), "admin"), store.ErrForbidden},
		{"receptionist demotes the admin to patient", store.RoleReceptionist,
			setRole(f.user(store.RoleAdmin), "patient"), store.ErrNotFound},
		{"receptionist promotes self to admin", store.RoleReceptionist,
			setRole(f.user(store.RoleReceptionist), "admin"), store.ErrNotFound},
		{"admin promotes a patient login to lab_tech", store.RoleAdmin,
			setRole(f.user(store.RolePatient), "lab_tech"), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := st.Tx(ctx, c.Scope(tc.role), func(tx dbsqlc.DBTX) error {
				if err := tc.run(tx); err != nil {
					return err
				}
				return errRollback
			})
			if tc.want == nil {
				if !errors.Is(err, errRollback) {
					t.Errorf("%s: %v, want success", tc.name, err)
				}
			} else if !errors.Is(err, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
			}
		})
	}
}

// TestUnknownRoleSeesNothing: a role setting outside the five clinic roles
// (the policy functions read it as NULL) sees no row of any table and
// writes nothing, even with a valid clinic and user.
func TestUnknownRoleSeesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 2)
	setup := appConn(t)
	f := loadFixture(t, setup, c)
	want := seededRows(2)
	admin := asRole(c, store.RoleAdmin)

	// Control: the admin role, same clinic and user, sees the seeded rows.
	for _, table := range clinicTables {
		if got := countAs(t, setup, admin, `SELECT count(*) FROM `+table); got != want[table] {
			t.Fatalf("control: admin sees %d %s rows, want %d", got, table, want[table])
		}
	}
	for _, role := range []string{"super_admin", "superuser", "ADMIN", "Admin", "admin ", " admin", "admin,doctor", "owner", ""} {
		t.Run(role, func(t *testing.T) {
			t.Parallel()
			conn := appConn(t)
			sc := sqlCtx{clinic: admin.clinic, user: admin.user, role: role}
			for _, tc := range tableCases() {
				if got := countAs(t, conn, sc, `SELECT count(*) FROM `+tc.table); got != 0 {
					t.Errorf("role %q sees %d %s rows, want 0", role, got, tc.table)
				}
				sql, args := tc.insert(c.ID, f)
				if _, err := attempt(t, conn, sc, true, sql, args...); sqlstate(err) != codeInsufficientPrivilege {
					t.Errorf("role %q inserts into %s: %v, want %s", role, tc.table, err, codeInsufficientPrivilege)
				}
			}
		})
	}

	// The store refuses such a scope before it reaches the database.
	called := false
	err := st.Read(ctx, store.Scope{ClinicID: c.ID, UserID: f.user(store.RoleAdmin), Role: "super_admin"},
		func(tx dbsqlc.DBTX) error { called = true; return nil })
	if err == nil || called {
		t.Errorf("store.Read with role super_admin: %v (fn called: %v), want a refusal", err, called)
	}
}
