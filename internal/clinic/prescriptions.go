package clinic

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Prescription is a prescription as stored (without its lines).
type Prescription = dbsqlc.Prescription

// PrescriptionLine is one medicine of a prescription.
type PrescriptionLine = dbsqlc.PrescriptionLine

// PrescriptionDetail is a prescription with its lines in order.
type PrescriptionDetail struct {
	Prescription
	Lines []PrescriptionLine
}

// Prescription limits.
const (
	MaxPrescriptionLines = 50
	// MedicineCatalogSize bounds the catalog a prescription form offers at
	// once; the search finds the rest.
	MedicineCatalogSize = 500
)

// PrescriptionInput is what a doctor writes. VisitID is optional (a
// prescription outside a visit); when set, the visit must be the patient's.
type PrescriptionInput struct {
	PatientID            uuid.UUID
	VisitID              *uuid.UUID
	Diagnosis            string
	Advice               string
	AdmissionRecommended bool
	AdmissionReason      string
	FollowUpDate         *time.Time
	Lines                []PrescriptionLineInput
}

// PrescriptionLineInput is one line: a catalog medicine (MedicineID; its
// name, form and, when left empty, dose, schedule and duration come from
// the catalog) or free text (MedicineName).
type PrescriptionLineInput struct {
	MedicineID      *uuid.UUID
	MedicineName    string
	Dose            string
	Schedule        string // e.g. 1-0-1, 1-1-1-1, ½-0-½, or SOS, STAT, OD, BD, TDS, QID, HS
	DurationDays    *int32
	Quantity        string
	FoodInstruction string // before, after, with, any ("" is any)
	Route           string // "" is oral
	PRN             bool
	Instructions    string
}

// FoodInstructions are the accepted food instructions.
var FoodInstructions = []string{"before", "after", "with", "any"}

// Routes are the accepted routes of administration.
var Routes = []string{"oral", "sublingual", "topical", "inhalation", "nasal", "eye", "ear",
	"intravenous", "intramuscular", "subcutaneous", "rectal", "vaginal", "other"}

var (
	scheduleDose  = `(?:[0-9](?:\.[0-9]+)?|½|¼|¾|1/2|1/4|3/4)`
	scheduleRe    = regexp.MustCompile(`^` + scheduleDose + `(?:-` + scheduleDose + `){2,3}$`)
	scheduleWords = []string{"SOS", "STAT", "OD", "BD", "TDS", "QID", "HS", "WEEKLY"}
)

// NormalizeSchedule checks a dosing schedule and returns it in its stored
// form: morning-noon-night doses such as 1-0-1 (four parts for four times
// a day; halves as ½ or 0.5), not all zero, or one of SOS, STAT, OD, BD,
// TDS, QID, HS, WEEKLY (any case). ok is false for anything else.
func NormalizeSchedule(s string) (string, bool) {
	s = strings.TrimSpace(s)
	up := strings.ToUpper(s)
	for _, w := range scheduleWords {
		if up == w {
			return w, true
		}
	}
	s = strings.ReplaceAll(s, " ", "")
	if !scheduleRe.MatchString(s) {
		return "", false
	}
	for _, part := range strings.Split(s, "-") {
		if strings.Trim(part, "0.") != "" {
			return s, true
		}
	}
	return "", false // 0-0-0 is no schedule at all
}

func (in *PrescriptionInput) normalize() {
	in.Diagnosis = strings.TrimSpace(in.Diagnosis)
	in.Advice = strings.TrimSpace(in.Advice)
	in.AdmissionReason = strings.TrimSpace(in.AdmissionReason)
	for i := range in.Lines {
		l := &in.Lines[i]
		for _, f := range []*string{&l.MedicineName, &l.Dose, &l.Schedule, &l.Quantity, &l.Instructions, &l.Route, &l.FoodInstruction} {
			*f = strings.TrimSpace(*f)
		}
		l.FoodInstruction = strings.ToLower(l.FoodInstruction)
		l.Route = strings.ToLower(l.Route)
		if l.FoodInstruction == "" {
			l.FoodInstruction = "any"
		}
		if l.Route == "" {
			l.Route = "oral"
		}
		if l.MedicineID != nil && *l.MedicineID == uuid.Nil {
			l.MedicineID = nil
		}
	}
}

func (in *PrescriptionInput) validate(today time.Time) error {
	c := newChecker()
	if in.PatientID == uuid.Nil {
		c.fail("patient_id", "Choose the patient.")
	}
	c.text("diagnosis", in.Diagnosis, 2000, false)
	c.text("advice", in.Advice, 4000, false)
	c.text("admission_reason", in.AdmissionReason, 2000, in.AdmissionRecommended)
	if !in.AdmissionRecommended && in.AdmissionReason != "" {
		c.fail("admission_reason", "Tick \"admission recommended\" or leave the reason empty.")
	}
	if d := in.FollowUpDate; d != nil {
		day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
		if d.Before(day) || d.After(day.AddDate(2, 0, 0)) {
			c.fail("follow_up_date", "Enter a follow-up date from today to two years ahead.")
		}
	}
	switch {
	case len(in.Lines) == 0:
		c.fail("lines", "Add at least one medicine.")
	case len(in.Lines) > MaxPrescriptionLines:
		c.fail("lines", "A prescription holds at most "+itoa(MaxPrescriptionLines)+" medicines.")
	}
	for i := range in.Lines {
		l := &in.Lines[i]
		f := func(name string) string { return fmt.Sprintf("lines[%d].%s", i, name) }
		if l.MedicineID == nil && l.MedicineName == "" {
			c.fail(f("medicine_name"), "Choose a medicine from the catalog or write its name.")
		}
		c.text(f("medicine_name"), l.MedicineName, 200, false)
		c.text(f("dose"), l.Dose, 64, false)
		if l.Schedule != "" {
			if s, ok := NormalizeSchedule(l.Schedule); ok {
				l.Schedule = s
			} else {
				c.fail(f("schedule"), "Write doses as morning-noon-night such as 1-0-1 (or 1-0-0-1), or SOS, STAT, OD, BD, TDS, QID, HS.")
			}
		}
		c.intRange(f("duration_days"), l.DurationDays, 1, 365)
		c.text(f("quantity"), l.Quantity, 32, false)
		c.oneOf(f("food_instruction"), l.FoodInstruction, FoodInstructions...)
		c.oneOf(f("route"), l.Route, Routes...)
		c.text(f("instructions"), l.Instructions, 1000, false)
	}
	return c.errs.orNil()
}

// CreatePrescription writes a draft prescription by the acting doctor (a
// user with a doctor record) and every line in one statement, then reads
// the lines back. A patient, visit or catalog medicine this clinic
// does not have is a FieldErrors naming it, and nothing is written.
func (s *Service) CreatePrescription(ctx context.Context, sc store.Scope, in PrescriptionInput) (PrescriptionDetail, error) {
	in.normalize()
	if err := in.validate(time.Now()); err != nil {
		return PrescriptionDetail{}, err
	}
	n := len(in.Lines)
	arg := dbsqlc.DoctorCreatePrescriptionParams{
		ID: uuid.New(), VisitID: in.VisitID, Diagnosis: in.Diagnosis, Advice: in.Advice,
		AdmissionRecommended: in.AdmissionRecommended, AdmissionReason: in.AdmissionReason,
		FollowUpDate: in.FollowUpDate, UserID: sc.UserID, PatientID: in.PatientID,
		Positions: make([]int16, n), MedicineIds: make([]uuid.UUID, n), MedicineNames: make([]string, n),
		Doses: make([]string, n), Schedules: make([]string, n), Durations: make([]int16, n),
		Quantities: make([]string, n), FoodInstructions: make([]string, n), Routes: make([]string, n),
		Prns: make([]bool, n), Instructions: make([]string, n),
	}
	for i, l := range in.Lines {
		arg.Positions[i] = int16(i + 1)
		if l.MedicineID != nil {
			arg.MedicineIds[i] = *l.MedicineID // uuid.Nil marks free text
		}
		if l.DurationDays != nil {
			arg.Durations[i] = int16(*l.DurationDays) // 0 marks "none given"
		}
		arg.MedicineNames[i], arg.Doses[i], arg.Schedules[i] = l.MedicineName, l.Dose, l.Schedule
		arg.Quantities[i], arg.FoodInstructions[i], arg.Routes[i] = l.Quantity, l.FoodInstruction, l.Route
		arg.Prns[i], arg.Instructions[i] = l.PRN, l.Instructions
	}
	var out PrescriptionDetail
	err := s.st.Write(ctx, sc, func(tx dbsqlc.DBTX) error {
		rx, err := s.q.DoctorCreatePrescription(ctx, tx, arg)
		out.Prescription = dbsqlc.Prescription(rx)
		return err
	})
	if isNoRows(err) {
		return PrescriptionDetail{}, s.prescriptionRefusal(ctx, sc, arg)
	}
	if err != nil {
		return PrescriptionDetail{}, err
	}
	// The lines as stored (catalog names and defaults filled in), in order.
	err = s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		out.Lines, err = s.q.ListPrescriptionLines(ctx, tx, arg.ID)
		return err
	})
	return out, err
}

// prescriptionRefusal explains why the prescription insert wrote nothing.
func (s *Service) prescriptionRefusal(ctx context.Context, sc store.Scope, arg dbsqlc.DoctorCreatePrescriptionParams) error {
	var r dbsqlc.DoctorPrescriptionRefusalRow
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		r, err = s.q.DoctorPrescriptionRefusal(ctx, tx, dbsqlc.DoctorPrescriptionRefusalParams{
			PatientID: arg.PatientID, UserID: arg.UserID, VisitID: arg.VisitID,
			Positions: arg.Positions, MedicineIds: arg.MedicineIds,
		})
		return err
	})
	switch {
	case err != nil:
		return err
	case !r.IsDoctor:
		return errNoDoctorRecord
	case !r.PatientFound:
		return FieldErrors{"patient_id": "There is no such patient in this clinic."}
	case arg.VisitID != nil && !r.VisitOk:
		return FieldErrors{"visit_id": "This is not an open or completed visit of this patient."}
	case len(r.MissingMedicines) > 0:
		fe := FieldErrors{}
		for _, pos := range r.MissingMedicines {
			fe[fmt.Sprintf("lines[%d].medicine_id", pos-1)] = "This medicine is not in this clinic's catalog (or no longer offered)."
		}
		return fe
	}
	// Everything was there a moment later: a medicine or visit changed in
	// between. Asking again is safe (nothing was written).
	return &StateError{Detail: "The prescription could not be saved because the record changed meanwhile; please submit it again."}
}

var errNoDoctorRecord = &StateError{Detail: "Your login has no active doctor record in this clinic. " +
	"Ask the clinic administrator to add your registration details."}

// FinalizePrescription signs a draft off. Of two doctors finalising at once
// one wins; the other (and anyone finalising again) gets a *StateError.
func (s *Service) FinalizePrescription(ctx context.Context, sc store.Scope, id uuid.UUID) (Prescription, error) {
	var rx Prescription
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		rx, err = s.q.DoctorPrescriptionFinalize(ctx, tx, id)
		if !isNoRows(err) {
			return err
		}
		cur, gerr := s.q.GetPrescription(ctx, tx, id)
		if gerr != nil {
			return gerr
		}
		if cur.Status == "cancelled" {
			return &StateError{Detail: "This prescription was cancelled; it cannot be finalised."}
		}
		return &StateError{Detail: "This prescription is already finalised."}
	})
	return rx, err
}

// GetPrescription returns a prescription with its lines (two statements).
// A patient sees only their own final prescriptions; anything else is
// store.ErrNotFound.
func (s *Service) GetPrescription(ctx context.Context, sc store.Scope, id uuid.UUID) (PrescriptionDetail, error) {
	var out PrescriptionDetail
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		if out.Prescription, err = s.q.GetPrescription(ctx, tx, id); err != nil {
			return err
		}
		out.Lines, err = s.q.ListPrescriptionLines(ctx, tx, id)
		return err
	})
	return out, err
}

// PrescriptionQuery pages the prescriptions, newest first, optionally of
// one patient.
type PrescriptionQuery struct {
	PatientID *uuid.UUID
	Cursor    string
	Limit     int
}

// ListPrescriptions runs a PrescriptionQuery.
func (s *Service) ListPrescriptions(ctx context.Context, sc store.Scope, q PrescriptionQuery) (Page[Prescription], error) {
	key, after, err := decodeCursor(q.Cursor)
	if err != nil {
		return Page[Prescription]{}, FieldErrors{"cursor": "This cursor is not valid; start from the first page."}
	}
	n := limit(q.Limit, DefaultPageSize, MaxPageSize)
	var at *time.Time
	var aid *uuid.UUID
	if after {
		at, aid = &key.T, &key.ID
	}
	var rows []Prescription
	err = s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		if q.PatientID != nil {
			rows, err = s.q.DoctorListPatientPrescriptions(ctx, tx, dbsqlc.DoctorListPatientPrescriptionsParams{
				PatientID: *q.PatientID, AfterCreatedAt: at, AfterID: aid, MaxRows: n})
		} else {
			rows, err = s.q.DoctorListPrescriptions(ctx, tx, dbsqlc.DoctorListPrescriptionsParams{
				AfterCreatedAt: at, AfterID: aid, MaxRows: n})
		}
		return err
	})
	if err != nil {
		return Page[Prescription]{}, err
	}
	out := Page[Prescription]{Items: rows}
	if len(rows) == int(n) {
		last := rows[len(rows)-1]
		out.Next = encodeCursor(cursorKey{T: last.CreatedAt, ID: last.ID})
	}
	return out, nil
}

// CatalogMedicine is a medicine a prescription form offers.
type CatalogMedicine = dbsqlc.DoctorMedicineCatalogRow

// MedicineLabel is how a catalog medicine is shown and picked: name,
// strength and form, which together are unique in a clinic's catalog.
func MedicineLabel(m CatalogMedicine) string {
	l := m.Name
	if m.Strength != "" {
		l += " " + m.Strength
	}
	return l + " (" + m.Form + ")"
}

// MedicineCatalog returns the active medicines, by name: all of them up to
// MedicineCatalogSize, or those whose name starts with prefix.
func (s *Service) MedicineCatalog(ctx context.Context, sc store.Scope, prefix string) ([]CatalogMedicine, error) {
	prefix = strings.TrimSpace(prefix)
	c := newChecker()
	c.text("q", prefix, MaxSearchLen, false)
	if err := c.errs.orNil(); err != nil {
		return nil, err
	}
	var out []CatalogMedicine
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		if prefix == "" {
			var err error
			out, err = s.q.DoctorMedicineCatalog(ctx, tx, MedicineCatalogSize)
			return err
		}
		rows, err := s.q.DoctorMedicineSearch(ctx, tx, dbsqlc.DoctorMedicineSearchParams{Prefix: prefix, MaxRows: 50})
		for _, r := range rows {
			out = append(out, CatalogMedicine(r))
		}
		return err
	})
	return out, err
}

// PrescriptionPrint is everything a printed prescription shows. The
// patient portal prints from it too (a patient reads their own final
// prescriptions).
type PrescriptionPrint struct {
	Prescription Prescription
	Lines        []PrescriptionLine
	Clinic       PrintClinic
	Doctor       PrintDoctor
	Patient      PrintPatient
}

// PrintClinic is the letterhead.
type PrintClinic struct {
	Name, Address, City, State, PostalCode, Phone, Email, RegistrationNumber string
	// Location is the clinic's time zone, for printed dates and times.
	Location *time.Location
}

// AddressLine joins the address parts that are set.
func (c PrintClinic) AddressLine() string {
	var parts []string
	for _, p := range []string{c.Address, c.City, c.State, c.PostalCode} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// PrintDoctor is the prescriber.
type PrintDoctor struct {
	Name, Qualification, Specialization, LicenseNumber string
}

// PrintPatient is who the prescription is for; Age is in words ("34 years").
type PrintPatient struct {
	Name, Number, Sex, Age, Allergies string
	WeightKg                          *float64
}

// PrescriptionPrint loads a prescription for printing (two statements).
func (s *Service) PrescriptionPrint(ctx context.Context, sc store.Scope, id uuid.UUID) (PrescriptionPrint, error) {
	var out PrescriptionPrint
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		r, err := s.q.DoctorPrescriptionPrint(ctx, tx, id)
		if err != nil {
			return err
		}
		out = PrescriptionPrint{
			Prescription: r.Prescription,
			Clinic: PrintClinic{Name: r.ClinicName, Address: r.ClinicAddress, City: r.ClinicCity, State: r.ClinicState,
				PostalCode: r.ClinicPostalCode, Phone: r.ClinicPhone, Email: r.ClinicEmail,
				RegistrationNumber: r.ClinicRegistrationNumber, Location: location(r.ClinicTimezone)},
			Doctor: PrintDoctor{Name: r.DoctorName, Qualification: r.DoctorQualification,
				Specialization: r.DoctorSpecialization, LicenseNumber: r.DoctorLicenseNumber},
			Patient: PrintPatient{Name: r.PatientName, Number: r.PatientNumber, Sex: r.PatientSex,
				Age: ageOn(r.PatientDateOfBirth, r.PatientAgeYears, r.Prescription.CreatedAt), Allergies: r.PatientAllergies,
				WeightKg: r.PatientWeightKg},
		}
		out.Lines, err = s.q.ListPrescriptionLines(ctx, tx, id)
		return err
	})
	return out, err
}

// ageOn is a patient's age in words on a day: from the date of birth when
// known, else the recorded age.
func ageOn(dob *time.Time, years *int16, on time.Time) string {
	if dob != nil {
		y := on.Year() - dob.Year()
		if on.Month() < dob.Month() || (on.Month() == dob.Month() && on.Day() < dob.Day()) {
			y--
		}
		if y < 1 {
			m := int(on.Sub(*dob).Hours() / 24 / 30)
			if m < 0 {
				m = 0
			}
			return itoa(m) + " months"
		}
		return itoa(y) + " years"
	}
	if years != nil {
		return itoa(int(*years)) + " years"
	}
	return ""
}

// location loads a clinic's time zone; an unknown name falls back to UTC
// rather than failing a print.
func location(name string) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.UTC
}

// PrescriptionContext is what a prescription form for a visit needs.
type PrescriptionContext struct {
	Visit     dbsqlc.PatientVisit
	Patient   Patient
	Notes     []ChartNote
	Medicines []CatalogMedicine
}

// PrescriptionFormContext loads a visit, its patient and notes, and the
// medicine catalog (two statements).
func (s *Service) PrescriptionFormContext(ctx context.Context, sc store.Scope, visitID uuid.UUID) (PrescriptionContext, error) {
	var out PrescriptionContext
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		r, err := s.q.DoctorConsultation(ctx, tx, visitID)
		if err != nil {
			return err
		}
		out.Visit, out.Patient = r.PatientVisit, r.Patient
		if err := json.Unmarshal(r.Notes, &out.Notes); err != nil {
			return fmt.Errorf("prescription form: decode notes: %w", err)
		}
		out.Medicines, err = s.q.DoctorMedicineCatalog(ctx, tx, MedicineCatalogSize)
		return err
	})
	return out, err
}
