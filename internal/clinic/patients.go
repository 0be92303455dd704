package clinic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Patient is a patient record as stored.
type Patient = dbsqlc.Patient

// PatientSummary is what a list or a duplicate warning shows of a patient.
type PatientSummary struct {
	ID            uuid.UUID
	PatientNumber string
	Name          string
	DateOfBirth   *time.Time
	Phone         string
}

// PatientInput is the demographics a receptionist enters.
type PatientInput struct {
	Name                  string
	DateOfBirth           *time.Time
	AgeYears              *int32
	Sex                   string // male, female, other, unknown ("" is unknown)
	Phone                 string
	Email                 string
	Address               string
	WeightKg              *float64
	BloodGroup            string // "" is unknown
	Allergies             string
	EmergencyContactName  string
	EmergencyContactPhone string
	// FormKey identifies one registration form: submitting the same form
	// again returns the patient its first submission registered.
	// Registration only; edits ignore it.
	FormKey *uuid.UUID
}

// The values a patient's sex and blood group take, for forms and checks.
var (
	Sexes       = []string{"male", "female", "other", "unknown"}
	BloodGroups = []string{"A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-", "unknown"}
)

// normalize trims the text fields and fills the defaults.
func (in *PatientInput) normalize() {
	for _, f := range []*string{&in.Name, &in.Phone, &in.Email, &in.Address, &in.Allergies,
		&in.EmergencyContactName, &in.EmergencyContactPhone} {
		*f = strings.TrimSpace(*f)
	}
	if in.Sex == "" {
		in.Sex = "unknown"
	}
	if in.BloodGroup == "" {
		in.BloodGroup = "unknown"
	}
}

// Validate checks the input as RegisterPatient and UpdatePatient will,
// without saving anything, so that a form can show every message at once.
func (in PatientInput) Validate() error {
	in.normalize()
	return in.validate(time.Now())
}

// validate checks the input against the schema's limits, field by field.
func (in PatientInput) validate(today time.Time) error {
	c := newChecker()
	c.text("name", in.Name, 200, true)
	if in.DateOfBirth != nil && (in.DateOfBirth.Before(time.Date(1880, 1, 2, 0, 0, 0, 0, time.UTC)) || in.DateOfBirth.After(today)) {
		c.fail("date_of_birth", "Enter a date of birth in the past.")
	}
	c.intRange("age_years", in.AgeYears, 0, 150)
	c.oneOf("sex", in.Sex, Sexes...)
	c.phone("phone", in.Phone)
	c.email("email", in.Email, false)
	c.text("address", in.Address, 500, false)
	c.floatRange("weight_kg", in.WeightKg, 0.1, 699)
	c.oneOf("blood_group", in.BloodGroup, BloodGroups...)
	c.text("allergies", in.Allergies, 2000, false)
	c.text("emergency_contact_name", in.EmergencyContactName, 200, false)
	c.phone("emergency_contact_phone", in.EmergencyContactPhone)
	return c.errs.orNil()
}

func int16p(v *int32) *int16 {
	if v == nil {
		return nil
	}
	n := int16(*v)
	return &n
}

func phoneDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// RegisterPatient registers a patient and assigns the next patient number.
// Unless confirmDuplicate, a patient with the same name and the same phone
// or date of birth makes it a *DuplicateError listing them; the clinic's
// plan limit makes it a *LimitError. Two statements: the number (with the
// duplicate check), then the insert guarded by the plan limit.
func (s *Service) RegisterPatient(ctx context.Context, sc store.Scope, in PatientInput, confirmDuplicate bool) (Patient, error) {
	in.normalize()
	if err := in.validate(time.Now()); err != nil {
		return Patient{}, err
	}
	var p Patient
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		num, err := s.q.ReservePatientNumber(ctx, tx, dbsqlc.ReservePatientNumberParams{
			CheckDuplicates: !confirmDuplicate, Name: in.Name, PhoneDigits: phoneDigits(in.Phone),
			DateOfBirth: in.DateOfBirth,
		})
		if err != nil {
			return err
		}
		if dups, err := decodeSummaries(num.Duplicates); err != nil {
			return err
		} else if len(dups) > 0 {
			return &DuplicateError{Matches: dups}
		}
		var regBy *uuid.UUID
		if sc.UserID != uuid.Nil {
			regBy = &sc.UserID
		}
		p, err = s.q.InsertPatient(ctx, tx, dbsqlc.InsertPatientParams{
			PatientNumber: num.PatientNumber, MaxPatients: num.MaxPatients,
			Name: in.Name, DateOfBirth: in.DateOfBirth, AgeYears: int16p(in.AgeYears), Sex: in.Sex,
			Phone: in.Phone, Email: in.Email, Address: in.Address, WeightKg: in.WeightKg,
			BloodGroup: in.BloodGroup, Allergies: in.Allergies, EmergencyContactName: in.EmergencyContactName,
			EmergencyContactPhone: in.EmergencyContactPhone, RegisteredBy: regBy, FormKey: in.FormKey,
		})
		if isNoRows(err) {
			return &LimitError{Detail: "This clinic's plan allows " + itoa(int(num.MaxPatients)) +
				" patients and that many are registered. Ask the clinic administrator to upgrade the plan."}
		}
		return err
	})
	var se *store.Error
	if in.FormKey != nil && errors.As(err, &se) && se.Kind == store.ErrConflict &&
		se.Constraint == "patients_clinic_id_form_key_key" {
		// The same form again: its first submission's patient is the answer.
		return s.patientByFormKey(ctx, sc, *in.FormKey)
	}
	return p, err
}

func (s *Service) patientByFormKey(ctx context.Context, sc store.Scope, key uuid.UUID) (Patient, error) {
	var p Patient
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		p, err = s.q.PatientByFormKey(ctx, tx, key)
		return err
	})
	return p, err
}

// decodeSummaries reads the JSON array of patients a query aggregated.
func decodeSummaries(b []byte) ([]PatientSummary, error) {
	var rows []struct {
		ID            uuid.UUID `json:"id"`
		PatientNumber string    `json:"patient_number"`
		Name          string    `json:"name"`
		DateOfBirth   *string   `json:"date_of_birth"`
		Phone         string    `json:"phone"`
	}
	if len(b) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, fmt.Errorf("decode patient summaries: %w", err)
	}
	out := make([]PatientSummary, 0, len(rows))
	for _, r := range rows {
		ps := PatientSummary{ID: r.ID, PatientNumber: r.PatientNumber, Name: r.Name, Phone: r.Phone}
		if r.DateOfBirth != nil {
			d, err := time.Parse(time.DateOnly, *r.DateOfBirth)
			if err != nil {
				return nil, fmt.Errorf("decode patient summaries: %w", err)
			}
			ps.DateOfBirth = &d
		}
		out = append(out, ps)
	}
	return out, nil
}

// GetPatient returns one patient; another clinic's, or (for a patient
// login) anyone else's record, is store.ErrNotFound.
func (s *Service) GetPatient(ctx context.Context, sc store.Scope, id uuid.UUID) (Patient, error) {
	var p Patient
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		p, err = s.q.GetPatient(ctx, tx, id)
		return err
	})
	return p, err
}

// UpdatePatient edits demographics when the record is still at version
// (see Version); otherwise ErrStale.
func (s *Service) UpdatePatient(ctx context.Context, sc store.Scope, id uuid.UUID, version string, in PatientInput) (Patient, error) {
	in.normalize()
	if err := in.validate(time.Now()); err != nil {
		return Patient{}, err
	}
	at, ok := ParseVersion(version)
	if !ok {
		return Patient{}, ErrStale
	}
	var p Patient
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		p, err = s.q.UpdatePatient(ctx, tx, dbsqlc.UpdatePatientParams{
			ID: id, Version: at, Name: in.Name, DateOfBirth: in.DateOfBirth, AgeYears: int16p(in.AgeYears),
			Sex: in.Sex, Phone: in.Phone, Email: in.Email, Address: in.Address, WeightKg: in.WeightKg,
			BloodGroup: in.BloodGroup, Allergies: in.Allergies, EmergencyContactName: in.EmergencyContactName,
			EmergencyContactPhone: in.EmergencyContactPhone,
		})
		if isNoRows(err) {
			// Missing, or changed since it was read: tell which.
			if _, gerr := s.q.GetPatient(ctx, tx, id); gerr != nil {
				return gerr
			}
			return ErrStale
		}
		return err
	})
	return p, err
}

// PatientQuery finds patients: by patient number (exact), by name prefix,
// by phone digits, or all newest first. Cursor and Limit page the result.
type PatientQuery struct {
	Number     string
	NamePrefix string
	Phone      string
	Cursor     string
	Limit      int
}

// Search limits.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
	MaxSearchLen    = 100
)

// FindPatients runs a PatientQuery. A search term that could match nothing
// useful (too long, invalid text) is a FieldErrors. The patients come
// without the columns no page shows (dbsqlc.ListPatientsPage): PhoneDigits,
// PhoneKey and FormKey are nil, and NameSearch too in the list.
func (s *Service) FindPatients(ctx context.Context, sc store.Scope, q PatientQuery) (Page[Patient], error) {
	q.Number = strings.TrimSpace(q.Number)
	q.NamePrefix = strings.TrimSpace(q.NamePrefix)
	c := newChecker()
	c.text("number", q.Number, MaxSearchLen, false)
	c.text("name_prefix", q.NamePrefix, MaxSearchLen, false)
	c.text("phone", q.Phone, MaxSearchLen, false)
	digits := phoneDigits(q.Phone)
	if q.Phone != "" && len(digits) == 0 {
		c.fail("phone", "Enter the digits of a phone number.")
	}
	key, after, err := decodeCursor(q.Cursor)
	if err != nil {
		c.fail("cursor", "This cursor is not valid; start from the first page.")
	}
	if err := c.errs.orNil(); err != nil {
		return Page[Patient]{}, err
	}
	n := limit(q.Limit, DefaultPageSize, MaxPageSize)
	var rows []Patient
	err = s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		switch {
		case q.Number != "":
			var p Patient
			p, err = s.q.PatientByNumber(ctx, tx, strings.ToUpper(q.Number))
			if err == nil && !after {
				rows = []Patient{p}
			}
			if isNoRows(err) {
				err = nil
			}
		case q.NamePrefix != "":
			p := dbsqlc.SearchPatientsByNamePrefixParams{Prefix: q.NamePrefix, MaxRows: n}
			if after {
				p.AfterName, p.AfterID = &key.S, &key.ID
			}
			rows, err = s.q.SearchPatientsByNamePrefixPage(ctx, tx, p)
		case digits != "":
			p := dbsqlc.SearchPatientsByPhoneParams{Digits: digits, MaxRows: n}
			if after {
				p.AfterName, p.AfterID = &key.S, &key.ID
			}
			rows, err = s.q.SearchPatientsByPhonePage(ctx, tx, p)
		default:
			p := NewestPatients(n)
			if after {
				p.AfterCreatedAt = pgtype.Timestamptz{Time: key.T, Valid: true}
				p.AfterID = key.ID
			}
			rows, err = s.q.ListPatientsPage(ctx, tx, p)
		}
		return err
	})
	if err != nil {
		return Page[Patient]{}, err
	}
	out := Page[Patient]{Items: rows}
	if len(rows) == int(n) {
		last := rows[len(rows)-1]
		if q.NamePrefix != "" || digits != "" {
			out.Next = encodeCursor(cursorKey{S: deref(last.NameSearch), ID: last.ID})
		} else if q.Number == "" {
			out.Next = encodeCursor(cursorKey{T: last.CreatedAt, ID: last.ID})
		}
	}
	return out, nil
}

// PatientRecord is what reception sees of one patient: demographics, the
// portal login and the latest visits.
type PatientRecord struct {
	Patient Patient
	Portal  PortalLogin
	// VisitCount counts every visit; RecentVisits holds the latest
	// RecordVisits, newest first.
	VisitCount   int64
	RecentVisits []VisitLine
}

// PortalLogin is the patient portal login linked to a patient: none
// (Linked false), invited (Linked, not Active) or in use (Active).
type PortalLogin struct {
	Linked      bool
	Email       string
	Active      bool
	LastLoginAt *time.Time
}

// VisitLine is a visit as a patient's history lists it.
type VisitLine struct {
	ID           uuid.UUID `json:"id"`
	VisitDate    time.Time `json:"-"`
	Date         string    `json:"visit_date"`
	Token        int32     `json:"token"`
	Purpose      string    `json:"purpose"`
	Priority     string    `json:"priority"`
	Status       string    `json:"status"`
	DoctorName   string    `json:"doctor_name"`
	CheckedInAt  time.Time `json:"checked_in_at"`
	CancelReason string    `json:"cancel_reason"`
}

// RecordVisits is how many visits a PatientRecord lists.
const RecordVisits = 20

// ViewPatient returns a patient's record and records the read in the
// access log, in one transaction: the record is never shown without its
// event. (Lists and searches, which show only what a registration desk
// needs to tell patients apart, are not recorded.)
func (s *Service) ViewPatient(ctx context.Context, sc store.Scope, id uuid.UUID, req auditlog.Request) (PatientRecord, error) {
	var rec PatientRecord
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		row, err := s.q.PatientRecord(ctx, tx, dbsqlc.PatientRecordParams{ID: id, MaxVisits: RecordVisits})
		if err != nil {
			return err
		}
		rec = PatientRecord{Patient: row.Patient, VisitCount: row.VisitCount, Portal: PortalLogin{
			Linked: row.Patient.UserID != nil, Email: deref(row.PortalEmail), Active: row.PortalActive,
			LastLoginAt: row.PortalLastLoginAt,
		}}
		if err := json.Unmarshal(row.RecentVisits, &rec.RecentVisits); err != nil {
			return fmt.Errorf("decode visits: %w", err)
		}
		for i := range rec.RecentVisits {
			v := &rec.RecentVisits[i]
			if v.VisitDate, err = time.Parse(time.DateOnly, v.Date); err != nil {
				return fmt.Errorf("decode visits: %w", err)
			}
		}
		return auditlog.RecordRead(ctx, tx, req, auditlog.Resource{Table: "patients", ID: id, PatientID: id})
	})
	return rec, err
}

// NewestPatients is ListPatients' first page of n: the cursor is placed past
// every row (infinity, the largest uuid). The statement has no optional
// cursor, so that PostgreSQL keeps one generic plan for it (queries/patients.sql).
func NewestPatients(n int32) dbsqlc.ListPatientsParams {
	return dbsqlc.ListPatientsParams{
		AfterCreatedAt: pgtype.Timestamptz{InfinityModifier: pgtype.Infinity, Valid: true},
		AfterID:        uuid.Max,
		MaxRows:        n,
	}
}
