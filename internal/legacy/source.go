package legacy

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"strings"
	"time"
)

// The legacy rows, as the tracker's models define them (hospital/models.py),
// keeping only what the import maps or reports. ClinicID is nil for rows
// written before the tracker became multi-tenant.

// Clinic is a hospital_clinic row.
type Clinic struct {
	ID                                                        int64
	Name, Slug, Logo, Address, City, State, Zip, Phone, Email string
	Website, RegistrationNumber, SubscriptionStatus           string
	MaxDoctors, MaxPatients, MaxReceptionists                 int64
	Active                                                    bool
}

// User is a hospital_user row (staff and patient logins alike). Its
// password hash is never read.
type User struct {
	ID                                                 int64
	ClinicID                                           *int64
	Username, FirstName, LastName, Email, Role, Mobile string
	Active, Superuser                                  bool
	DateJoined                                         time.Time
}

// Doctor is a hospital_doctor row.
type Doctor struct {
	ID                      int64
	ClinicID                *int64
	UserID                  int64
	Specialization, License string
}

// Patient is a hospital_patient row. default_password is never read.
type Patient struct {
	ID                             int64
	ClinicID                       *int64
	PatientID, Name                string
	Age                            int64
	Gender, Address, Phone, Status string
	DateOfBirth                    *Date
	Weight                         *float64
	Registered                     Date
	RegisteredBy, UserID           *int64
}

// Visit is a hospital_patientvisit row.
type Visit struct {
	ID                     int64
	ClinicID               *int64
	PatientID              int64
	CheckedInBy            *int64
	CheckIn                time.Time
	Purpose, Status, Notes string
}

// Prescription is a hospital_prescription row; DoctorID is nil when the
// doctor was deleted (on_delete=SET_NULL).
type Prescription struct {
	ID                   int64
	ClinicID             *int64
	PatientID            int64
	DoctorID             *int64
	Date                 time.Time
	Status               string
	AdmissionRecommended bool
	AdmissionReason      string
}

// Vitals is a hospital_vitals row: free text, one per prescription.
type Vitals struct {
	ID                           int64
	ClinicID                     *int64
	PrescriptionID               int64
	BP, Pulse, Temp, SpO2, Sugar *string
}

// Line is a hospital_medicine row: one medicine of a prescription.
type Line struct {
	ID                 int64
	ClinicID           *int64
	PrescriptionID     int64
	Name, Type, Dosage string
	FrequencyPerDay    int64
	Schedule, Duration string
	Qty                int64
	Food, Instructions string
}

// MasterMedicine is a hospital_mastermedicine row (the medicine catalog).
type MasterMedicine struct {
	ID                                       int64
	ClinicID                                 *int64
	Name, Type, DefaultDosage, CommonDosages string
	DefaultSchedule, DefaultDuration         string
	FrequencyPerDay                          int64
	Food, Description                        string
	Active                                   bool
	Created                                  time.Time
}

// MasterTest is a hospital_mastertest row (the test catalog).
type MasterTest struct {
	ID                                int64
	ClinicID                          *int64
	Name, Type, Description, Category string
	Active                            bool
	Created                           time.Time
}

// Test is a hospital_test row: a test ordered on a prescription, with its
// result as free text.
type Test struct {
	ID                      int64
	ClinicID                *int64
	PrescriptionID          int64
	Type, Name, Description string
	Date                    *Date
	Result                  string
	Completed               bool
}

// Note is a hospital_doctornotes row, one per prescription.
type Note struct {
	ID                                                     int64
	ClinicID                                               *int64
	PrescriptionID                                         int64
	Observations, Diagnosis, TreatmentPlan, Notes, Purpose string
	Created, Updated                                       time.Time
}

// MedicalReport is a hospital_medicalreport row; File is relative to the
// tracker's MEDIA_ROOT.
type MedicalReport struct {
	ID                      int64
	ClinicID                *int64
	PatientID               int64
	File, Type, Description string
	Uploaded                time.Time
}

// TestReport is a hospital_testreport row: an uploaded lab report, not
// tied to a test.
type TestReport struct {
	ID                int64
	ClinicID          *int64
	PatientID         int64
	UploadedBy        *int64
	Type, File, Notes string
	Uploaded          time.Time
	TestDate          *Date
}

// Unmapped is a row of a table Santkrupa has no place for yet.
type Unmapped struct {
	ID       int64
	ClinicID *int64
}

// Source is everything read from the tracker's database, in id order.
type Source struct {
	Clinics         []Clinic
	Users           []User
	Doctors         []Doctor
	Patients        []Patient
	Visits          []Visit
	Prescriptions   []Prescription
	Vitals          []Vitals
	Lines           []Line
	MasterMedicines []MasterMedicine
	MasterTests     []MasterTest
	Tests           []Test
	Notes           []Note
	MedicalReports  []MedicalReport
	TestReports     []TestReport
	// Unmapped rows by legacy table name.
	Unmapped map[string][]Unmapped
}

//go:embed source.sql
var sourceSQL string

// sourceQueries is source.sql split at its lines starting "-- name: ";
// other comment lines are dropped.
func sourceQueries() map[string]string {
	out := map[string]string{}
	name := ""
	var body []string
	flush := func() {
		if name != "" {
			out[name] = strings.TrimSpace(strings.Join(body, "\n"))
		}
		body = nil
	}
	for _, line := range strings.Split(sourceSQL, "\n") {
		if n, ok := strings.CutPrefix(line, "-- name: "); ok {
			flush()
			name = strings.TrimSpace(n)
			continue
		}
		if !strings.HasPrefix(strings.TrimSpace(line), "--") {
			body = append(body, line)
		}
	}
	flush()
	return out
}

// unmappedTables are the legacy tables whose rows are counted and reported
// as not imported.
var unmappedTables = []struct{ key, table, reason string }{
	{"admissions", "hospital_patientadmission", "Santkrupa has no admissions yet"},
	{"treatment_logs", "hospital_treatmentlog", "Santkrupa has no admissions (treatment logs) yet"},
	{"templates", "hospital_standardprescriptiontemplate", "Santkrupa has no prescription templates yet"},
	{"associated_medicals", "hospital_associatedmedical", "Santkrupa has no associated pharmacies yet"},
}

// Load reads the tracker's tables from db (SQLite or PostgreSQL). It reads
// everything before the import opens its transaction, so the source is
// never read while Santkrupa's rows are locked.
func Load(ctx context.Context, db *sql.DB) (*Source, error) {
	q := sourceQueries()
	s := &Source{Unmapped: map[string][]Unmapped{}}
	steps := []struct {
		key string
		row func(c *cols)
	}{
		{"clinics", func(c *cols) {
			s.Clinics = append(s.Clinics, Clinic{ID: c.int(), Name: c.str(), Slug: c.str(), Logo: c.str(),
				Address: c.str(), City: c.str(), State: c.str(), Zip: c.str(), Phone: c.str(), Email: c.str(),
				Website: c.str(), RegistrationNumber: c.str(), SubscriptionStatus: c.str(),
				MaxDoctors: c.int(), MaxPatients: c.int(), MaxReceptionists: c.int(), Active: c.bool()})
		}},
		{"users", func(c *cols) {
			s.Users = append(s.Users, User{ID: c.int(), ClinicID: c.optInt(), Username: c.str(),
				FirstName: c.str(), LastName: c.str(), Email: c.str(), Role: c.str(), Mobile: c.str(),
				Active: c.bool(), Superuser: c.bool(), DateJoined: c.instant()})
		}},
		{"doctors", func(c *cols) {
			s.Doctors = append(s.Doctors, Doctor{ID: c.int(), ClinicID: c.optInt(), UserID: c.int(),
				Specialization: c.str(), License: c.str()})
		}},
		{"patients", func(c *cols) {
			s.Patients = append(s.Patients, Patient{ID: c.int(), ClinicID: c.optInt(), PatientID: c.str(),
				Name: c.str(), Age: c.int(), Gender: c.str(), Address: c.str(), Phone: c.str(),
				DateOfBirth: c.optDay(), Weight: c.optFloat(), Registered: c.day(), Status: c.str(),
				RegisteredBy: c.optInt(), UserID: c.optInt()})
		}},
		{"visits", func(c *cols) {
			s.Visits = append(s.Visits, Visit{ID: c.int(), ClinicID: c.optInt(), PatientID: c.int(),
				CheckedInBy: c.optInt(), CheckIn: c.instant(), Purpose: c.str(), Status: c.str(), Notes: c.str()})
		}},
		{"prescriptions", func(c *cols) {
			s.Prescriptions = append(s.Prescriptions, Prescription{ID: c.int(), ClinicID: c.optInt(),
				PatientID: c.int(), DoctorID: c.optInt(), Date: c.instant(), Status: c.str(),
				AdmissionRecommended: c.bool(), AdmissionReason: c.str()})
		}},
		{"vitals", func(c *cols) {
			s.Vitals = append(s.Vitals, Vitals{ID: c.int(), ClinicID: c.optInt(), PrescriptionID: c.int(),
				BP: c.optStr(), Pulse: c.optStr(), Temp: c.optStr(), SpO2: c.optStr(), Sugar: c.optStr()})
		}},
		{"lines", func(c *cols) {
			s.Lines = append(s.Lines, Line{ID: c.int(), ClinicID: c.optInt(), PrescriptionID: c.int(),
				Name: c.str(), Type: c.str(), Dosage: c.str(), FrequencyPerDay: c.int(), Schedule: c.str(),
				Duration: c.str(), Qty: c.int(), Food: c.str(), Instructions: c.str()})
		}},
		{"master_medicines", func(c *cols) {
			s.MasterMedicines = append(s.MasterMedicines, MasterMedicine{ID: c.int(), ClinicID: c.optInt(),
				Name: c.str(), Type: c.str(), DefaultDosage: c.str(), CommonDosages: c.str(),
				DefaultSchedule: c.str(), DefaultDuration: c.str(), FrequencyPerDay: c.int(), Food: c.str(),
				Description: c.str(), Active: c.bool(), Created: c.instant()})
		}},
		{"master_tests", func(c *cols) {
			s.MasterTests = append(s.MasterTests, MasterTest{ID: c.int(), ClinicID: c.optInt(), Name: c.str(),
				Type: c.str(), Description: c.str(), Category: c.str(), Active: c.bool(), Created: c.instant()})
		}},
		{"tests", func(c *cols) {
			s.Tests = append(s.Tests, Test{ID: c.int(), ClinicID: c.optInt(), PrescriptionID: c.int(),
				Type: c.str(), Name: c.str(), Description: c.str(), Date: c.optDay(), Result: c.str(),
				Completed: c.bool()})
		}},
		{"notes", func(c *cols) {
			s.Notes = append(s.Notes, Note{ID: c.int(), ClinicID: c.optInt(), PrescriptionID: c.int(),
				Observations: c.str(), Diagnosis: c.str(), TreatmentPlan: c.str(), Notes: c.str(),
				Purpose: c.str(), Created: c.instant(), Updated: c.instant()})
		}},
		{"medical_reports", func(c *cols) {
			s.MedicalReports = append(s.MedicalReports, MedicalReport{ID: c.int(), ClinicID: c.optInt(),
				PatientID: c.int(), File: c.str(), Type: c.str(), Description: c.str(), Uploaded: c.instant()})
		}},
		{"test_reports", func(c *cols) {
			s.TestReports = append(s.TestReports, TestReport{ID: c.int(), ClinicID: c.optInt(),
				PatientID: c.int(), UploadedBy: c.optInt(), Type: c.str(), File: c.str(), Uploaded: c.instant(),
				TestDate: c.optDay(), Notes: c.str()})
		}},
	}
	for _, u := range unmappedTables {
		u := u
		steps = append(steps, struct {
			key string
			row func(c *cols)
		}{u.key, func(c *cols) {
			s.Unmapped[u.table] = append(s.Unmapped[u.table], Unmapped{ID: c.int(), ClinicID: c.optInt()})
		}})
	}
	for _, step := range steps {
		if err := readTable(ctx, db, step.key, q[step.key], step.row); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// readTable runs one section and hands each row to fn.
func readTable(ctx context.Context, db *sql.DB, key, query string, fn func(c *cols)) error {
	if query == "" {
		return fmt.Errorf("read legacy %s: no query", key)
	}
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("read legacy %s: %w", key, err)
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return fmt.Errorf("read legacy %s: %w", key, err)
	}
	vals := make([]any, len(names))
	ptrs := make([]any, len(names))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("read legacy %s: %w", key, err)
		}
		c := &cols{names: names, vals: vals}
		fn(c)
		if c.err != nil {
			return fmt.Errorf("read legacy %s row %v: %w", key, vals[0], c.err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read legacy %s: %w", key, err)
	}
	return nil
}

// cols reads one scanned row column by column, in SELECT order, keeping
// the first conversion error.
type cols struct {
	names []string
	vals  []any
	i     int
	err   error
}

func (c *cols) next() any {
	if c.i >= len(c.vals) {
		c.fail(fmt.Errorf("more fields read than selected"))
		return nil
	}
	v := c.vals[c.i]
	c.i++
	return v
}

func (c *cols) fail(err error) {
	if c.err == nil {
		name := "?"
		if c.i > 0 && c.i <= len(c.names) {
			name = c.names[c.i-1]
		}
		c.err = fmt.Errorf("column %s: %w", name, err)
	}
}

func (c *cols) str() string {
	s, err := str(c.next())
	if err != nil {
		c.fail(err)
	}
	return s
}

func (c *cols) optStr() *string {
	s, err := optStr(c.next())
	if err != nil {
		c.fail(err)
	}
	return s
}

func (c *cols) int() int64 {
	n, err := integer(c.next())
	if err != nil {
		c.fail(err)
	}
	return n
}

func (c *cols) optInt() *int64 {
	n, err := optInt(c.next())
	if err != nil {
		c.fail(err)
	}
	return n
}

func (c *cols) bool() bool {
	b, err := boolean(c.next())
	if err != nil {
		c.fail(err)
	}
	return b
}

func (c *cols) optFloat() *float64 {
	f, err := optFloat(c.next())
	if err != nil {
		c.fail(err)
	}
	return f
}

func (c *cols) instant() time.Time {
	t, err := instant(c.next())
	if err != nil {
		c.fail(err)
	}
	return t
}

func (c *cols) day() Date {
	d, err := day(c.next())
	if err != nil {
		c.fail(err)
	}
	return d
}

func (c *cols) optDay() *Date {
	d, err := optDay(c.next())
	if err != nil {
		c.fail(err)
	}
	return d
}
