package clinic

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The doctor's side of a visit. The acting doctor is the doctors row whose
// user is the scope's user; a login without one cannot start, complete or
// prescribe (a *StateError says so).

// DoctorQueueEntry is one visit in a doctor's queue.
type DoctorQueueEntry = dbsqlc.DoctorQueueRow

// DoctorQueue is today's queue of the acting doctor: their visits and the
// unassigned ones, in consultation first, then waiting by priority and
// token, then completed (cancelled visits are left out). One statement.
func (s *Service) DoctorQueue(ctx context.Context, sc store.Scope) ([]DoctorQueueEntry, error) {
	var out []DoctorQueueEntry
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		out, err = s.q.DoctorQueue(ctx, tx, sc.UserID)
		return err
	})
	return out, err
}

// BeginConsultation moves a waiting visit into consultation with the acting
// doctor (taking it when unassigned). Starting one's own visit again is
// harmless; another doctor's, a completed or a cancelled visit is a
// *StateError. (The reception area's StartConsultation moves the status
// only; this one also assigns the doctor.)
func (s *Service) BeginConsultation(ctx context.Context, sc store.Scope, visitID uuid.UUID) (dbsqlc.PatientVisit, error) {
	var v dbsqlc.PatientVisit
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		v, err = s.q.DoctorStartVisit(ctx, tx, dbsqlc.DoctorStartVisitParams{ID: visitID, UserID: sc.UserID})
		if isNoRows(err) {
			return s.visitRefusal(ctx, tx, sc, visitID)
		}
		return err
	})
	return v, err
}

// FinishedVisit is a completed visit and how many draft prescriptions
// completing it finalised.
type FinishedVisit struct {
	Visit     dbsqlc.PatientVisit
	Finalized int
}

// CompleteConsultation completes a visit and finalises its draft
// prescriptions, in one statement and one transaction: either both happen
// or neither.
func (s *Service) CompleteConsultation(ctx context.Context, sc store.Scope, visitID uuid.UUID) (FinishedVisit, error) {
	var out FinishedVisit
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		r, err := s.q.DoctorCompleteVisit(ctx, tx, dbsqlc.DoctorCompleteVisitParams{ID: visitID, UserID: sc.UserID})
		if isNoRows(err) {
			return s.visitRefusal(ctx, tx, sc, visitID)
		}
		if err != nil {
			return err
		}
		out = FinishedVisit{Visit: dbsqlc.PatientVisit{
			ClinicID: r.ClinicID, ID: r.ID, PatientID: r.PatientID, DoctorID: r.DoctorID, CheckedInBy: r.CheckedInBy,
			CheckedInAt: r.CheckedInAt, VisitDate: r.VisitDate, Token: r.Token, Purpose: r.Purpose, Priority: r.Priority,
			Status: r.Status, StartedAt: r.StartedAt, CompletedAt: r.CompletedAt, CancelledAt: r.CancelledAt,
			CancelReason: r.CancelReason, BpSystolic: r.BpSystolic, BpDiastolic: r.BpDiastolic, Pulse: r.Pulse,
			TemperatureC: r.TemperatureC, SpO2: r.SpO2, BloodSugar: r.BloodSugar, WeightKg: r.WeightKg, Notes: r.Notes,
			CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, LegacyID: r.LegacyID,
		}, Finalized: int(r.Finalized)}
		return nil
	})
	return out, err
}

// visitRefusal explains why a doctor's visit update matched no row.
func (s *Service) visitRefusal(ctx context.Context, tx dbsqlc.DBTX, sc store.Scope, visitID uuid.UUID) error {
	r, err := s.q.DoctorVisitRefusal(ctx, tx, dbsqlc.DoctorVisitRefusalParams{ID: visitID, UserID: sc.UserID})
	switch {
	case err != nil:
		return err // not found included
	case r.MyDoctorID == uuid.Nil:
		return errNoDoctorRecord
	case r.Status == "completed":
		return &StateError{Detail: "This visit is already completed."}
	case r.Status == "cancelled":
		return &StateError{Detail: "This visit was cancelled."}
	case r.DoctorID != nil && *r.DoctorID != r.MyDoctorID:
		return &StateError{Detail: "This visit is in another doctor's queue."}
	}
	return &StateError{Detail: "This visit cannot be changed now."}
}

// DoctorNote is a clinical note as stored.
type DoctorNote = dbsqlc.DoctorNote

// NoteInput is a note's parts; at least one must be written.
type NoteInput struct {
	ChiefComplaint string
	Observations   string
	Diagnosis      string
	TreatmentPlan  string
	Notes          string
}

func (in *NoteInput) validate() error {
	for _, f := range []*string{&in.ChiefComplaint, &in.Observations, &in.Diagnosis, &in.TreatmentPlan, &in.Notes} {
		*f = strings.TrimSpace(*f)
	}
	c := newChecker()
	c.text("chief_complaint", in.ChiefComplaint, 2000, false)
	c.text("observations", in.Observations, 8000, false)
	c.text("diagnosis", in.Diagnosis, 2000, false)
	c.text("treatment_plan", in.TreatmentPlan, 4000, false)
	c.text("notes", in.Notes, 8000, false)
	if in.ChiefComplaint+in.Observations+in.Diagnosis+in.TreatmentPlan+in.Notes == "" {
		c.fail("chief_complaint", "Write at least one part of the note.")
	}
	return c.errs.orNil()
}

// WriteNote adds a note to a visit, signed by the acting user on save (a
// signed note is what the patient may later read). A cancelled visit is a
// *StateError.
func (s *Service) WriteNote(ctx context.Context, sc store.Scope, visitID uuid.UUID, in NoteInput) (DoctorNote, error) {
	if err := in.validate(); err != nil {
		return DoctorNote{}, err
	}
	var n DoctorNote
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		n, err = s.q.DoctorWriteNote(ctx, tx, dbsqlc.DoctorWriteNoteParams{
			AuthorID: sc.UserID, ChiefComplaint: in.ChiefComplaint, Observations: in.Observations,
			Diagnosis: in.Diagnosis, TreatmentPlan: in.TreatmentPlan, Notes: in.Notes, VisitID: visitID,
		})
		if !isNoRows(err) {
			return err
		}
		if _, gerr := s.q.GetVisit(ctx, tx, visitID); gerr != nil {
			return gerr
		}
		return &StateError{Detail: "This visit was cancelled; notes cannot be added to it."}
	})
	return n, err
}

// ListNotes pages a patient's notes, newest first. Reception and the lab
// see none (the database hides them); a patient only their own signed ones.
func (s *Service) ListNotes(ctx context.Context, sc store.Scope, patientID uuid.UUID, cursor string, lim int) (Page[DoctorNote], error) {
	key, after, err := decodeCursor(cursor)
	if err != nil {
		return Page[DoctorNote]{}, FieldErrors{"cursor": "This cursor is not valid; start from the first page."}
	}
	n := limit(lim, DefaultPageSize, MaxPageSize)
	p := dbsqlc.DoctorNotesByPatientParams{PatientID: patientID, MaxRows: n}
	if after {
		p.AfterCreatedAt, p.AfterID = &key.T, &key.ID
	}
	var rows []DoctorNote
	err = s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		rows, err = s.q.DoctorNotesByPatient(ctx, tx, p)
		return err
	})
	if err != nil {
		return Page[DoctorNote]{}, err
	}
	out := Page[DoctorNote]{Items: rows}
	if len(rows) == int(n) {
		last := rows[len(rows)-1]
		out.Next = encodeCursor(cursorKey{T: last.CreatedAt, ID: last.ID})
	}
	return out, nil
}

// Test is a lab test as stored.
type Test = dbsqlc.Test

// TestOrderInput is one test to order: from the catalog (CatalogID; its
// name and type come from there) or free text (Name and TestType).
type TestOrderInput struct {
	CatalogID   *uuid.UUID
	Name        string
	TestType    string
	Description string
	Urgency     string // routine, urgent, stat ("" is routine)
}

// Test order limits and values.
var (
	TestTypes     = []string{"blood", "urine", "x-ray", "ultrasound", "ecg", "ct", "mri", "other"}
	TestUrgencies = []string{"routine", "urgent", "stat"}
)

// MaxTestOrders bounds the tests ordered at once.
const MaxTestOrders = 20

// OrderTests orders tests for a visit's patient, all in one statement. A
// catalog test this clinic does not offer is a FieldErrors naming it; a
// cancelled visit is a *StateError; nothing is written then.
func (s *Service) OrderTests(ctx context.Context, sc store.Scope, visitID uuid.UUID, orders []TestOrderInput) ([]Test, error) {
	c := newChecker()
	switch {
	case len(orders) == 0:
		c.fail("tests", "Choose at least one test.")
	case len(orders) > MaxTestOrders:
		c.fail("tests", "Order at most "+itoa(MaxTestOrders)+" tests at once.")
	}
	n := len(orders)
	p := dbsqlc.DoctorOrderTestsParams{OrderedBy: sc.UserID, VisitID: visitID, CatalogIds: make([]uuid.UUID, n),
		Names: make([]string, n), TestTypes: make([]string, n), Descriptions: make([]string, n), Urgencies: make([]string, n)}
	for i := range orders {
		o := &orders[i]
		f := func(name string) string { return fmt.Sprintf("tests[%d].%s", i, name) }
		o.Name, o.Description = strings.TrimSpace(o.Name), strings.TrimSpace(o.Description)
		o.TestType, o.Urgency = strings.ToLower(strings.TrimSpace(o.TestType)), strings.ToLower(strings.TrimSpace(o.Urgency))
		if o.Urgency == "" {
			o.Urgency = "routine"
		}
		if o.CatalogID != nil && *o.CatalogID == uuid.Nil {
			o.CatalogID = nil
		}
		if o.CatalogID == nil {
			if o.Name == "" {
				c.fail(f("name"), "Choose a test from the catalog or write its name.")
			}
			c.text(f("name"), o.Name, 200, false)
			c.oneOf(f("test_type"), o.TestType, TestTypes...)
		} else {
			p.CatalogIds[i] = *o.CatalogID
			if o.TestType == "" {
				o.TestType = "other" // replaced by the catalog's
			}
		}
		c.text(f("description"), o.Description, 2000, false)
		c.oneOf(f("urgency"), o.Urgency, TestUrgencies...)
		p.Names[i], p.TestTypes[i], p.Descriptions[i], p.Urgencies[i] = o.Name, o.TestType, o.Description, o.Urgency
	}
	if err := c.errs.orNil(); err != nil {
		return nil, err
	}
	var out []Test
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		if out, err = s.q.DoctorOrderTests(ctx, tx, p); err != nil {
			return err
		}
		if len(out) == n {
			return nil
		}
		if len(out) == 0 {
			v, gerr := s.q.GetVisit(ctx, tx, visitID)
			if gerr != nil {
				return gerr
			}
			if v.Status == "cancelled" {
				return &StateError{Detail: "This visit was cancelled; tests cannot be ordered on it."}
			}
		}
		got := map[uuid.UUID]bool{}
		for _, t := range out {
			if t.CatalogID != nil {
				got[*t.CatalogID] = true
			}
		}
		fe := FieldErrors{}
		for i, o := range orders {
			if o.CatalogID != nil && !got[*o.CatalogID] {
				fe[fmt.Sprintf("tests[%d].catalog_id", i)] = "This test is not in this clinic's catalog (or no longer offered)."
			}
		}
		if len(fe) == 0 {
			return fmt.Errorf("order tests: %d of %d written and no reason found", len(out), n)
		}
		return fe
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Consultation is what the doctor sees of one visit: the visit, the
// patient, the notes, prescriptions and tests of this visit, and the test
// catalog to order from.
type Consultation struct {
	Visit         dbsqlc.PatientVisit
	Patient       Patient
	DoctorName    string
	Notes         []ChartNote
	Prescriptions []ConsultationPrescription
	Tests         []ChartTest
	Catalog       []dbsqlc.TestCatalog
}

// ConsultationPrescription is a prescription of the visit, in brief.
type ConsultationPrescription struct {
	ID                   uuid.UUID  `json:"id"`
	Status               string     `json:"status"`
	Diagnosis            string     `json:"diagnosis"`
	CreatedAt            time.Time  `json:"created_at"`
	FinalizedAt          *time.Time `json:"finalized_at"`
	AdmissionRecommended bool       `json:"admission_recommended"`
	LineCount            int        `json:"line_count"`
}

// Consultation loads a visit's consultation page (two statements).
func (s *Service) Consultation(ctx context.Context, sc store.Scope, visitID uuid.UUID) (Consultation, error) {
	var out Consultation
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		r, err := s.q.DoctorConsultation(ctx, tx, visitID)
		if err != nil {
			return err
		}
		out.Visit, out.Patient, out.DoctorName = r.PatientVisit, r.Patient, r.DoctorName
		for _, j := range []struct {
			raw []byte
			dst any
		}{{r.Notes, &out.Notes}, {r.Prescriptions, &out.Prescriptions}, {r.Tests, &out.Tests}} {
			if err := json.Unmarshal(j.raw, j.dst); err != nil {
				return fmt.Errorf("consultation: decode: %w", err)
			}
		}
		out.Catalog, err = s.q.ListCatalogTests(ctx, tx)
		return err
	})
	return out, err
}

// GetNote returns one note; roles that may not read notes, and other
// clinics, get store.ErrNotFound.
func (s *Service) GetNote(ctx context.Context, sc store.Scope, id uuid.UUID) (DoctorNote, error) {
	var n DoctorNote
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		n, err = s.q.GetDoctorNote(ctx, tx, id)
		return err
	})
	return n, err
}
