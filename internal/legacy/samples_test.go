package legacy_test

import (
	"context"
	"database/sql"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The checks below read the SQLite fixture with their own SQL and compare
// with what Santkrupa holds, so they do not share the importer's reading
// or mapping code. Where the mapping changes a value the expectation is
// written out here (a Fahrenheit temperature, a month of treatment).

func checkPatients(t *testing.T, st *store.Store, clinic uuid.UUID, path string) {
	users := legacyIDs(t, st, clinic, "users")
	rows := sq(t, path, `SELECT id, patient_id, patient_name, age, gender, address, phone_number, date_of_birth,
		weight, registration_date, status, registered_by_id, user_id FROM hospital_patient WHERE id IN (1, 4, 6, 150, 300)`)
	number := regexp.MustCompile(`^PT-LNV-\d{4}-\d{5}$`)
	n := 0
	for rows.Next() {
		n++
		var (
			id                                           int64
			legacyID, name, gender, address, phone, stat string
			age                                          int64
			dob, registered                              sql.NullTime
			weight                                       sql.NullFloat64
			registeredBy, user                           sql.NullInt64
		)
		if err := rows.Scan(&id, &legacyID, &name, &age, &gender, &address, &phone, &dob, &weight, &registered,
			&stat, &registeredBy, &user); err != nil {
			t.Fatal(err)
		}
		var p dbsqlc.Patient
		read(t, st, clinic, func(q *dbsqlc.Queries, tx dbsqlc.DBTX) (err error) {
			p, err = q.PatientByLegacyID(context.Background(), tx, legacyID)
			return err
		})
		wantSex := gender
		if gender == "" {
			wantSex = "unknown"
		}
		wantDOB := ""
		if dob.Valid {
			wantDOB = dob.Time.Format(time.DateOnly)
		}
		if p.Name != name || p.AgeYears == nil || int64(*p.AgeYears) != age || p.Sex != wantSex ||
			p.Address != address || p.Phone != phone || p.Status != stat || dateOf(p.DateOfBirth) != wantDOB {
			t.Errorf("patient %s: %+v", legacyID, p)
		}
		if weight.Valid != (p.WeightKg != nil) || (weight.Valid && math.Abs(*p.WeightKg-weight.Float64) > 0.005) {
			t.Errorf("patient %s: weight %v, want %v", legacyID, p.WeightKg, weight)
		}
		if ptrID(p.RegisteredBy) != users[idOf(registeredBy)] || ptrID(p.UserID) != users[idOf(user)] {
			t.Errorf("patient %s: registered by %v, login %v; want legacy users %v, %v", legacyID,
				p.RegisteredBy, p.UserID, registeredBy, user)
		}
		wantCreated := time.Date(registered.Time.Year(), registered.Time.Month(), registered.Time.Day(), 0, 0, 0, 0, ist)
		if !p.CreatedAt.Equal(wantCreated) || !number.MatchString(p.PatientNumber) || p.LegacyID == nil || *p.LegacyID != legacyID {
			t.Errorf("patient %s: created %v (want %v), number %q", legacyID, p.CreatedAt, wantCreated, p.PatientNumber)
		}
	}
	if n != 5 {
		t.Fatalf("%d sample patients", n)
	}
}

func checkStaff(t *testing.T, st *store.Store, clinic uuid.UUID, path string) {
	var users []dbsqlc.User
	var doctors []dbsqlc.ListDoctorsRow
	read(t, st, clinic, func(q *dbsqlc.Queries, tx dbsqlc.DBTX) (err error) {
		if users, err = q.ListUsers(context.Background(), tx); err != nil {
			return err
		}
		doctors, err = q.ListDoctors(context.Background(), tx)
		return err
	})
	byLegacy := map[string]dbsqlc.User{}
	for _, u := range users {
		if u.LegacyID != nil {
			byLegacy[*u.LegacyID] = u
		}
		if u.OIDCIssuer != nil || u.OIDCSubject != nil {
			t.Errorf("user %s has an identity: invitations have none", u.DisplayName)
		}
	}
	rows := sq(t, path, `SELECT id, first_name, last_name, email, role, coalesce(mobile_number, ''), is_active FROM hospital_user`)
	n := 0
	for rows.Next() {
		n++
		var id int64
		var first, last, email, role, mobile string
		var active bool
		if err := rows.Scan(&id, &first, &last, &email, &role, &mobile, &active); err != nil {
			t.Fatal(err)
		}
		u, ok := byLegacy[strconv.FormatInt(id, 10)]
		if !ok || u.DisplayName != strings.TrimSpace(first+" "+last) || u.Email != email || u.Role != role ||
			u.Phone != mobile || u.Active != active {
			t.Errorf("legacy user %d: %+v", id, u)
		}
	}
	if n != len(byLegacy) {
		t.Errorf("%d legacy users, %d imported", n, len(byLegacy))
	}
	lic := map[string]dbsqlc.ListDoctorsRow{}
	for _, d := range doctors {
		lic[*d.LegacyID] = d
	}
	rows = sq(t, path, `SELECT id, user_id, specialization, license_number FROM hospital_doctor`)
	for rows.Next() {
		var id, user int64
		var spec, licence string
		if err := rows.Scan(&id, &user, &spec, &licence); err != nil {
			t.Fatal(err)
		}
		d := lic[strconv.FormatInt(id, 10)]
		if d.LicenseNumber != licence || d.Specialization != spec || d.UserID != byLegacy[strconv.FormatInt(user, 10)].ID {
			t.Errorf("legacy doctor %d: %+v", id, d)
		}
	}
}

// wantVisitStatus is the visit status rule, restated in SQL: a visit left
// open while a later visit of the same patient is open is closed.
const wantVisitStatus = `
SELECT v.id, v.check_in_date, v.purpose, v.checked_in_by_id,
  CASE WHEN v.status IN ('checked_in', 'in_consultation') AND EXISTS (
         SELECT 1 FROM hospital_patientvisit AS w
         WHERE w.patient_id = v.patient_id AND w.status IN ('checked_in', 'in_consultation')
           AND (w.check_in_date > v.check_in_date OR (w.check_in_date = v.check_in_date AND w.id > v.id)))
       THEN 'cancelled' ELSE v.status END
FROM hospital_patientvisit AS v ORDER BY v.id`

func checkVisits(t *testing.T, st *store.Store, clinic uuid.UUID, path string) {
	visits := legacyIDs(t, st, clinic, "patient_visits")
	users := legacyIDs(t, st, clinic, "users")
	rows := sq(t, path, wantVisitStatus)
	open := 0
	read(t, st, clinic, func(q *dbsqlc.Queries, tx dbsqlc.DBTX) error {
		for rows.Next() {
			var id int64
			var at time.Time
			var purpose, status string
			var by sql.NullInt64
			if err := rows.Scan(&id, &at, &purpose, &by, &status); err != nil {
				return err
			}
			v, err := q.GetVisit(context.Background(), tx, visits[strconv.FormatInt(id, 10)])
			if err != nil {
				return err
			}
			if v.Status != status || !v.CheckedInAt.Equal(at) || v.Purpose != purpose ||
				ptrID(v.CheckedInBy) != users[idOf(by)] || v.VisitDate.Format(time.DateOnly) != at.In(ist).Format(time.DateOnly) {
				t.Errorf("legacy visit %d (%s, %s): %+v", id, status, at, v)
			}
			if v.Status == "checked_in" || v.Status == "in_consultation" {
				open++
			}
		}
		return rows.Err()
	})
	if want := count(t, path, `SELECT count(DISTINCT patient_id) FROM hospital_patientvisit WHERE status IN ('checked_in', 'in_consultation')`); open != want {
		t.Errorf("%d open visits, want one for each of %d patients", open, want)
	}
}

func checkPrescriptions(t *testing.T, st *store.Store, clinic uuid.UUID, path string) {
	rxs := legacyIDs(t, st, clinic, "prescriptions")
	visits := legacyIDs(t, st, clinic, "patient_visits")
	doctors := legacyIDs(t, st, clinic, "doctors")
	ctx := context.Background()

	// Prescription 2 and its vitals (140/90, 65, 99.1F, 96, 122) on the
	// visit of the same patient and day.
	var visitID, doctorID int64
	var rxDate time.Time
	if err := sqliteDB(t, path).QueryRow(`SELECT v.id, p.doctor_id, p.prescription_date FROM hospital_prescription AS p
		JOIN hospital_patientvisit AS v ON v.patient_id = p.patient_id AND date(v.check_in_date) = date(p.prescription_date)
		WHERE p.id = 2`).Scan(&visitID, &doctorID, &rxDate); err != nil {
		t.Fatal(err)
	}
	var vt struct{ bp, pulse, temp, spo2, sugar string }
	if err := sqliteDB(t, path).QueryRow(`SELECT bp, pulse, temp, spo2, sugar FROM hospital_vitals WHERE prescription_id = 2`).
		Scan(&vt.bp, &vt.pulse, &vt.temp, &vt.spo2, &vt.sugar); err != nil {
		t.Fatal(err)
	}
	if vt != (struct{ bp, pulse, temp, spo2, sugar string }{"140/90", "65", "99.1F", "96", "122"}) {
		t.Fatalf("the fixture changed: vitals of prescription 2 are %+v", vt)
	}
	read(t, st, clinic, func(q *dbsqlc.Queries, tx dbsqlc.DBTX) error {
		rx, err := q.GetPrescription(ctx, tx, rxs["2"])
		if err != nil {
			return err
		}
		if rx.Status != "final" || rx.FinalizedAt == nil || !rx.FinalizedAt.Equal(rxDate) || !rx.CreatedAt.Equal(rxDate) ||
			rx.DoctorID != doctors[strconv.FormatInt(doctorID, 10)] || ptrID(rx.VisitID) != visits[strconv.FormatInt(visitID, 10)] {
			t.Errorf("prescription 2: %+v", rx)
		}
		v, err := q.GetVisit(ctx, tx, ptrID(rx.VisitID))
		if err != nil {
			return err
		}
		if v.BpSystolic == nil || *v.BpSystolic != 140 || *v.BpDiastolic != 90 || *v.Pulse != 65 ||
			*v.TemperatureC != 37.3 || *v.SpO2 != 96 || *v.BloodSugar != 122 {
			t.Errorf("vitals on visit %d: %+v", visitID, v)
		}
		return nil
	})

	// Every status, against the legacy one.
	rows := sq(t, path, `SELECT id, status FROM hospital_prescription`)
	want := map[string]string{"pending": "draft", "completed": "final", "cancelled": "cancelled"}
	read(t, st, clinic, func(q *dbsqlc.Queries, tx dbsqlc.DBTX) error {
		for rows.Next() {
			var id int64
			var status string
			if err := rows.Scan(&id, &status); err != nil {
				return err
			}
			rx, err := q.GetPrescription(ctx, tx, rxs[strconv.FormatInt(id, 10)])
			if err != nil {
				return err
			}
			if rx.Status != want[status] {
				t.Errorf("prescription %d: %s, want %s", id, rx.Status, want[status])
			}
		}
		return rows.Err()
	})

	// The lines of prescription 1, in legacy order.
	schedule := map[string]string{"morning": "1-0-0", "night": "0-0-1", "morning_night": "1-0-1",
		"morning_afternoon_night": "1-1-1", "sos": "SOS", "morning_evening": "morning & evening"}
	food := map[string]string{"before": "before", "after": "after", "anytime": "any"}
	days := map[string]int16{"3 days": 3, "5 days": 5, "7 days": 7, "1 month": 30}
	freq := map[int]string{1: "once daily", 2: "twice daily", 3: "thrice daily"}
	var lines []dbsqlc.PrescriptionLine
	read(t, st, clinic, func(q *dbsqlc.Queries, tx dbsqlc.DBTX) (err error) {
		lines, err = q.ListPrescriptionLines(ctx, tx, rxs["1"])
		return err
	})
	rows = sq(t, path, `SELECT id, medicine_name, dosage, duration, instructions, food_instruction, schedule, medicine_type,
		qty, frequency_per_day FROM hospital_medicine WHERE prescription_id = 1 ORDER BY id`)
	i := 0
	for ; rows.Next(); i++ {
		var id int64
		var name, dosage, duration, instr, fd, sched, typ string
		var qty, fr int
		if err := rows.Scan(&id, &name, &dosage, &duration, &instr, &fd, &sched, &typ, &qty, &fr); err != nil {
			t.Fatal(err)
		}
		if i >= len(lines) {
			t.Fatalf("prescription 1 has %d lines", len(lines))
		}
		l := lines[i]
		if *l.LegacyID != strconv.FormatInt(id, 10) || l.Position != int16(i+1) || l.MedicineName != name ||
			l.Dose != dosage || l.DurationDays == nil || *l.DurationDays != days[duration] || l.Instructions != instr ||
			l.FoodInstruction != food[fd] || l.Schedule != schedule[sched] || l.Form != typ ||
			l.Quantity != strconv.Itoa(qty) || l.Frequency != freq[fr] || l.PRN != (sched == "sos") || l.MedicineID == nil {
			t.Errorf("line %d of prescription 1: %+v", i+1, l)
		}
	}
	if i != len(lines) || i == 0 {
		t.Errorf("prescription 1: %d legacy lines, %d imported", i, len(lines))
	}
}

func checkLab(t *testing.T, st *store.Store, clinic uuid.UUID, path string) {
	rxs := legacyIDs(t, st, clinic, "prescriptions")
	doctors := legacyIDs(t, st, clinic, "doctors")
	ctx := context.Background()
	var rxID, doctor int64
	var name, typ, result string
	var date time.Time
	var completed bool
	if err := sqliteDB(t, path).QueryRow(`SELECT t.prescription_id, p.doctor_id, t.test_name, t.test_type, t.result,
		t.test_date, t.is_completed FROM hospital_test AS t JOIN hospital_prescription AS p ON p.id = t.prescription_id
		WHERE t.id = 1`).Scan(&rxID, &doctor, &name, &typ, &result, &date, &completed); err != nil {
		t.Fatal(err)
	}
	if result != "Hb 11.2 g/dL (low)" || !completed {
		t.Fatalf("the fixture changed: test 1 is %q, completed %v", result, completed)
	}
	var doctorUser uuid.UUID
	read(t, st, clinic, func(q *dbsqlc.Queries, tx dbsqlc.DBTX) error {
		rx, err := q.GetPrescription(ctx, tx, rxs[strconv.FormatInt(rxID, 10)])
		if err != nil {
			return err
		}
		d, err := q.GetDoctor(ctx, tx, doctors[strconv.FormatInt(doctor, 10)])
		if err != nil {
			return err
		}
		doctorUser = d.UserID
		tests, err := q.ListPatientTests(ctx, tx, rx.PatientID)
		if err != nil {
			return err
		}
		var test dbsqlc.Test
		for _, x := range tests {
			if x.LegacyID != nil && *x.LegacyID == "1" {
				test = x
			}
		}
		wantDone := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, ist)
		if test.Name != name || test.TestType != typ || test.Status != "completed" || test.CompletedAt == nil ||
			!test.CompletedAt.Equal(wantDone) || ptrID(test.PrescriptionID) != rx.ID || ptrID(test.OrderedBy) != doctorUser ||
			ptrID(test.VisitID) != ptrID(rx.VisitID) || test.CatalogID == nil {
			t.Errorf("test 1: %+v", test)
		}
		reports, err := q.ListPatientTestReports(ctx, tx, rx.PatientID)
		if err != nil {
			return err
		}
		found := false
		for _, r := range reports {
			if r.TestID != test.ID {
				continue
			}
			found = true
			if r.Notes != result || r.Status != "final" || !r.PerformedAt.Equal(wantDone) {
				t.Errorf("result of test 1: %+v", r)
			}
			vals, err := q.ListTestReportValues(ctx, tx, r.ID)
			if err != nil {
				return err
			}
			if len(vals) != 1 || vals[0].Analyte != "Hb" || vals[0].Value != "11.2" || vals[0].Unit != "g/dL" || vals[0].AbnormalFlag != "low" {
				t.Errorf("values of test 1: %+v", vals)
			}
		}
		if !found {
			t.Error("test 1 has no report for its result")
		}
		return nil
	})

	// Note 1, on the visit of its prescription, by its doctor.
	var obs, diag, plan string
	var updated time.Time
	var rxStatus string
	if err := sqliteDB(t, path).QueryRow(`SELECT n.prescription_id, n.observations, n.diagnosis, n.treatment_plan, n.updated_at,
		p.status FROM hospital_doctornotes AS n JOIN hospital_prescription AS p ON p.id = n.prescription_id WHERE n.id = 1`).
		Scan(&rxID, &obs, &diag, &plan, &updated, &rxStatus); err != nil {
		t.Fatal(err)
	}
	read(t, st, clinic, func(q *dbsqlc.Queries, tx dbsqlc.DBTX) error {
		rx, err := q.GetPrescription(ctx, tx, rxs[strconv.FormatInt(rxID, 10)])
		if err != nil {
			return err
		}
		d, err := q.GetDoctor(ctx, tx, rx.DoctorID)
		if err != nil {
			return err
		}
		notes, err := q.ListPatientDoctorNotes(ctx, tx, rx.PatientID)
		if err != nil {
			return err
		}
		var n dbsqlc.DoctorNote
		for _, x := range notes {
			if x.LegacyID != nil && *x.LegacyID == "1" {
				n = x
			}
		}
		signed := rxStatus == "completed"
		if n.Observations != obs || n.Diagnosis != diag || n.TreatmentPlan != plan || n.VisitID != ptrID(rx.VisitID) ||
			n.AuthorID != d.UserID || (n.SignedAt != nil) != signed || (signed && !n.SignedAt.Equal(updated)) {
			t.Errorf("note 1 (prescription %d, %s): %+v", rxID, rxStatus, n)
		}
		return nil
	})
}
