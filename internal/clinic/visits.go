package clinic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/expiring"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Visit is a check-in with the names a queue shows beside it.
type Visit struct {
	dbsqlc.PatientVisit
	PatientName   string
	PatientNumber string
	DoctorName    string // "" when no doctor is assigned
}

// Open reports whether the visit still waits or is in consultation.
func (v Visit) Open() bool { return v.Status == VisitCheckedIn || v.Status == VisitInConsultation }

func visitOf(pv dbsqlc.PatientVisit, patientName, patientNumber string, doctorName *string) Visit {
	return Visit{PatientVisit: pv, PatientName: patientName, PatientNumber: patientNumber, DoctorName: deref(doctorName)}
}

// The visit statuses, in the order a day goes.
const (
	VisitCheckedIn      = "checked_in"
	VisitInConsultation = "in_consultation"
	VisitCompleted      = "completed"
	VisitCancelled      = "cancelled"
)

var (
	// VisitStatuses lists the statuses, for filters.
	VisitStatuses = []string{VisitCheckedIn, VisitInConsultation, VisitCompleted, VisitCancelled}
	// Priorities lists the queue priorities, most urgent last.
	Priorities = []string{"normal", "urgent", "emergency"}
)

// StatusWords is a status as a receptionist says it.
func StatusWords(status string) string {
	switch status {
	case VisitCheckedIn:
		return "waiting"
	case VisitInConsultation:
		return "in consultation"
	case VisitCompleted:
		return "completed"
	case VisitCancelled:
		return "cancelled"
	}
	return status
}

// Vitals are the measurements taken at check-in; nil is not measured.
type Vitals struct {
	BPSystolic   *int32
	BPDiastolic  *int32
	Pulse        *int32
	TemperatureC *float64
	SpO2         *int32
	BloodSugar   *float64 // mg/dL
	WeightKg     *float64
}

func (v Vitals) validate(c *checker) {
	c.intRange("bp_systolic", v.BPSystolic, 30, 300)
	c.intRange("bp_diastolic", v.BPDiastolic, 10, 200)
	if v.BPSystolic != nil && v.BPDiastolic != nil && *v.BPDiastolic >= *v.BPSystolic {
		c.fail("bp_diastolic", "The diastolic (lower) value must be below the systolic one.")
	}
	c.intRange("pulse", v.Pulse, 10, 300)
	if v.TemperatureC != nil && (*v.TemperatureC < 25 || *v.TemperatureC > 45) {
		c.fail("temperature_c", "Enter the temperature in °C, between 25 and 45.")
	}
	c.intRange("spo2", v.SpO2, 0, 100)
	c.floatRange("blood_sugar", v.BloodSugar, 0, 2000)
	c.floatRange("weight_kg", v.WeightKg, 0.1, 699)
}

// CheckInInput is what reception enters to put a patient in the queue.
type CheckInInput struct {
	PatientID uuid.UUID
	DoctorID  *uuid.UUID // nil: any doctor
	Purpose   string
	Priority  string // normal (""), urgent, emergency
	Vitals
	Notes string
	// FormKey identifies one check-in form: submitting the same form again
	// returns the visit it made instead of refusing it (pages; the API
	// has Idempotency-Key).
	FormKey *uuid.UUID
}

func (in *CheckInInput) normalize() {
	in.Purpose, in.Notes = strings.TrimSpace(in.Purpose), strings.TrimSpace(in.Notes)
	if in.Priority == "" {
		in.Priority = "normal"
	}
}

// Validate checks the input as CheckIn will, without saving anything, so
// that a form can show every message at once.
func (in CheckInInput) Validate() error {
	in.normalize()
	return in.validate()
}

func (in CheckInInput) validate() error {
	c := newChecker()
	if in.PatientID == uuid.Nil {
		c.fail("patient_id", "Choose the patient to check in.")
	}
	c.text("purpose", in.Purpose, 500, false)
	c.oneOf("priority", in.Priority, Priorities...)
	in.Vitals.validate(c)
	c.text("notes", in.Notes, 2000, false)
	return c.errs.orNil()
}

// CheckIn puts a patient in today's queue with the next token of the
// clinic-local day. A patient has at most one open visit: a second
// check-in is a *StateError saying they are already checked in, unless it
// is the same form submitted again (FormKey), which returns the first
// visit.
func (s *Service) CheckIn(ctx context.Context, sc store.Scope, in CheckInInput) (Visit, error) {
	in.normalize()
	if err := in.validate(); err != nil {
		return Visit{}, err
	}
	var checkedInBy *uuid.UUID
	if sc.UserID != uuid.Nil {
		checkedInBy = &sc.UserID
	}
	// One statement, so one implicit transaction; the queue entry with its
	// names is read afterwards.
	var id uuid.UUID
	err := s.st.Write(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		id, err = s.q.CheckIn(ctx, tx, dbsqlc.CheckInParams{
			PatientID: in.PatientID, DoctorID: in.DoctorID, CheckedInBy: checkedInBy, Purpose: in.Purpose,
			Priority: in.Priority, BpSystolic: int16p(in.BPSystolic), BpDiastolic: int16p(in.BPDiastolic),
			Pulse: int16p(in.Pulse), TemperatureC: in.TemperatureC, SpO2: int16p(in.SpO2),
			BloodSugar: in.BloodSugar, WeightKg: in.WeightKg, Notes: in.Notes, FormKey: in.FormKey,
		})
		return err
	})
	if isNoRows(err) {
		return Visit{}, FieldErrors{"doctor_id": "Choose one of the clinic's doctors."}
	}
	if err == nil {
		return s.GetVisit(ctx, sc, id)
	}
	var se *store.Error
	if !errors.As(err, &se) {
		return Visit{}, err
	}
	switch {
	case se.Kind == store.ErrConflict && (se.Constraint == "patient_visits_clinic_id_form_key_key" ||
		se.Constraint == "patient_visits_one_open_idx"):
		return s.checkInConflict(ctx, sc, in, err)
	case se.Kind == store.ErrInvalidReference && se.Constraint == "patient_visits_clinic_id_patient_id_fkey":
		return Visit{}, FieldErrors{"patient_id": "Choose a patient registered at this clinic."}
	case se.Kind == store.ErrInvalidReference && se.Constraint == "patient_visits_clinic_id_doctor_id_fkey":
		return Visit{}, FieldErrors{"doctor_id": "Choose one of the clinic's doctors."}
	}
	return Visit{}, err
}

// checkInConflict explains a refused check-in: the same form's first
// submission (then that visit is the answer) or the patient's open visit.
func (s *Service) checkInConflict(ctx context.Context, sc store.Scope, in CheckInInput, cause error) (Visit, error) {
	var v Visit
	var open bool
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		if in.FormKey != nil {
			row, err := s.q.VisitDetailByFormKey(ctx, tx, in.FormKey)
			if err == nil {
				v = visitOf(row.PatientVisit, row.PatientName, row.PatientNumber, row.DoctorName)
				return nil
			}
			if !isNoRows(err) {
				return err
			}
		}
		row, err := s.q.OpenVisitOfPatient(ctx, tx, in.PatientID)
		if err == nil {
			v, open = visitOf(row.PatientVisit, row.PatientName, row.PatientNumber, row.DoctorName), true
		}
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound): // closed in between: report the original refusal
		return Visit{}, cause
	case err != nil:
		return Visit{}, err
	case open:
		return Visit{}, &StateError{Detail: v.PatientName + " is already checked in (token " + itoa(int(v.Token)) +
			", " + StatusWords(v.Status) + "). Complete or cancel that visit before checking in again."}
	}
	return v, nil
}

// GetVisit returns one visit.
func (s *Service) GetVisit(ctx context.Context, sc store.Scope, id uuid.UUID) (Visit, error) {
	var v Visit
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		row, err := s.q.GetVisitDetail(ctx, tx, id)
		v = visitOf(row.PatientVisit, row.PatientName, row.PatientNumber, row.DoctorName)
		return err
	})
	return v, err
}

// transition applies a status change (one UPDATE guarded by the statuses it
// may leave, store.Write) and reads the visit back; when the change matched
// no row, the read tells a missing visit (not found) from a visit in the
// wrong state (*StateError).
func (s *Service) transition(ctx context.Context, sc store.Scope, id uuid.UUID, verb string, apply func(tx dbsqlc.DBTX) error) (Visit, error) {
	applied := s.st.Write(ctx, sc, apply)
	if applied != nil && !isNoRows(applied) {
		return Visit{}, applied
	}
	v, err := s.GetVisit(ctx, sc, id)
	if err != nil {
		return Visit{}, err
	}
	if applied != nil {
		return Visit{}, &StateError{Detail: "This visit is " + StatusWords(v.Status) + "; it cannot be " + verb + "."}
	}
	return v, nil
}

// CancelVisit cancels a visit that is still open; the reason is required
// and kept with the visit.
func (s *Service) CancelVisit(ctx context.Context, sc store.Scope, id uuid.UUID, reason string) (Visit, error) {
	reason = strings.TrimSpace(reason)
	c := newChecker()
	c.text("reason", reason, 500, true)
	if err := c.errs.orNil(); err != nil {
		return Visit{}, err
	}
	return s.transition(ctx, sc, id, "cancelled", func(tx dbsqlc.DBTX) error {
		_, err := s.q.CancelVisit(ctx, tx, dbsqlc.CancelVisitParams{ID: id, CancelReason: reason})
		return err
	})
}

// VisitQuery filters visits. With neither Date nor PatientID it is the
// clinic-local today's; with PatientID alone, every day's.
type VisitQuery struct {
	Date      *time.Time
	Status    string
	DoctorID  *uuid.UUID
	PatientID *uuid.UUID
	Cursor    string
	Limit     int
}

// ListVisits lists visits in queue order: newest day first, then
// emergency, urgent and normal, then token. Cursor and Limit page it.
func (s *Service) ListVisits(ctx context.Context, sc store.Scope, q VisitQuery) (Page[Visit], error) {
	c := newChecker()
	if q.Status != "" {
		c.oneOf("status", q.Status, VisitStatuses...)
	}
	key, after, err := decodeCursor(q.Cursor)
	rank, token := int32(key.N>>32), int32(key.N&0xffffffff)
	if err != nil || (after && (key.T.IsZero() || rank < 0 || rank > 2 || token <= 0)) {
		c.fail("cursor", "This cursor is not valid; start from the first page.")
	}
	if err := c.errs.orNil(); err != nil {
		return Page[Visit]{}, err
	}
	n := limit(q.Limit, DefaultPageSize, MaxPageSize)
	var status *string
	if q.Status != "" {
		status = &q.Status
	}
	var rows []dbsqlc.ListPatientVisitDetailsRow
	if q.PatientID == nil {
		// One day's queue, the receptionist's most frequent request:
		// ListVisitDay, planned once (docs/scaling.md, item 7), on the
		// clinic-local today the server remembers (item 9) or asks first.
		err = s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
			var day time.Time
			if q.Date != nil {
				day = *q.Date
			} else if d, ok := s.today.Get(sc.ClinicID, time.Now()); ok {
				day = d
			} else {
				today, err := s.q.ClinicToday(ctx, tx)
				if isNoRows(err) {
					return nil // no clinic in the context: no visits, as before
				}
				if err != nil {
					return err
				}
				s.rememberToday(sc.ClinicID, today)
				day = today.Today
			}
			p := dbsqlc.ListVisitDayParams{VisitDate: day, Status: status, DoctorID: q.DoctorID,
				AfterDate: firstPageOf(day), MaxRows: n}
			if after {
				p.AfterDate, p.AfterRank, p.AfterToken = key.T, rank, token
			}
			dayRows, err := s.q.ListVisitDay(ctx, tx, p)
			rows = make([]dbsqlc.ListPatientVisitDetailsRow, 0, len(dayRows))
			for _, r := range dayRows {
				rows = append(rows, dbsqlc.ListPatientVisitDetailsRow(r))
			}
			return err
		})
	} else {
		p := dbsqlc.ListPatientVisitDetailsParams{PatientID: *q.PatientID, VisitDate: q.Date, DoctorID: q.DoctorID,
			Status: status, AfterDate: historyStart(), MaxRows: n}
		if after {
			p.AfterDate, p.AfterRank, p.AfterToken = key.T, rank, token
		}
		err = s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
			var err error
			rows, err = s.q.ListPatientVisitDetails(ctx, tx, p)
			return err
		})
	}
	if err != nil {
		return Page[Visit]{}, err
	}
	out := Page[Visit]{Items: make([]Visit, 0, len(rows))}
	for _, r := range rows {
		out.Items = append(out.Items, visitOf(r.PatientVisit, r.PatientName, r.PatientNumber, r.DoctorName))
	}
	if len(rows) == int(n) {
		last := rows[len(rows)-1]
		out.Next = encodeCursor(cursorKey{T: last.PatientVisit.VisitDate,
			N: int64(last.PriorityRank)<<32 | int64(last.PatientVisit.Token), ID: last.PatientVisit.ID})
	}
	return out, nil
}

// todayTTL bounds how long the server remembers a clinic's date: a
// timezone changed through another server counts within it.
const todayTTL = time.Minute

// rememberToday keeps a clinic's date until the clinic-local midnight that
// ends it, or todayTTL, whichever is sooner.
func (s *Service) rememberToday(clinicID uuid.UUID, t dbsqlc.ClinicTodayRow) {
	if !t.EndsAt.Valid {
		return
	}
	now := time.Now()
	s.today.Put(clinicID, t.Today, expiring.Until(now, todayTTL, t.EndsAt.Time), now)
}

// QueueQuery chooses a day's queue: Date nil is the clinic-local today;
// Status and DoctorID filter it.
type QueueQuery struct {
	Date     *time.Time
	Status   string
	DoctorID *uuid.UUID
	// Limit bounds the visits listed (default and most: MaxQueue).
	Limit int
}

// firstPageOf is ListVisitDay's cursor date for the first page of day: a
// later day, so that every visit of day comes after it.
func firstPageOf(day time.Time) time.Time { return day.AddDate(0, 0, 1) }

// historyStart is ListPatientVisitDetails's cursor date for the first page:
// a day after every visit.
func historyStart() time.Time { return time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC) }

// MaxQueue is the most visits a queue lists.
const MaxQueue = 500

// QueueCounts are a day's visits by status.
type QueueCounts struct {
	CheckedIn, InConsultation, Completed, Cancelled int64
}

// Total counts every visit of the day.
func (c QueueCounts) Total() int64 { return c.CheckedIn + c.InConsultation + c.Completed + c.Cancelled }

// QueueDay is one day's queue: its date, its counts (for the doctor, when
// filtered by one) and its visits in queue order.
type QueueDay struct {
	Date   time.Time
	Counts QueueCounts
	Visits []Visit
	// Doctors are the clinic's active doctors, to filter by.
	Doctors []Doctor
	// More is true when the day has more visits than Limit.
	More bool
}

// Queue returns a day's queue, ordered emergency, urgent, normal, then
// token.
func (s *Service) Queue(ctx context.Context, sc store.Scope, q QueueQuery) (QueueDay, error) {
	if q.Status != "" {
		c := newChecker()
		c.oneOf("status", q.Status, VisitStatuses...)
		if err := c.errs.orNil(); err != nil {
			return QueueDay{}, err
		}
	}
	n := limit(q.Limit, MaxQueue, MaxQueue)
	var d QueueDay
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		day, err := s.q.QueueDay(ctx, tx, dbsqlc.QueueDayParams{VisitDate: q.Date, DoctorID: q.DoctorID})
		if err != nil {
			return err
		}
		d.Date = day.VisitDate
		d.Counts = QueueCounts{CheckedIn: day.CheckedIn, InConsultation: day.InConsultation,
			Completed: day.Completed, Cancelled: day.Cancelled}
		if err := json.Unmarshal(day.Doctors, &d.Doctors); err != nil {
			return fmt.Errorf("decode doctors: %w", err)
		}
		p := dbsqlc.ListVisitDayParams{VisitDate: d.Date, DoctorID: q.DoctorID,
			AfterDate: firstPageOf(d.Date), MaxRows: n + 1}
		if q.Status != "" {
			p.Status = &q.Status
		}
		rows, err := s.q.ListVisitDay(ctx, tx, p)
		if len(rows) > int(n) {
			rows, d.More = rows[:n], true
		}
		for _, r := range rows {
			d.Visits = append(d.Visits, visitOf(r.PatientVisit, r.PatientName, r.PatientNumber, r.DoctorName))
		}
		return err
	})
	return d, err
}

// Doctor is a doctor as a check-in form offers them.
type Doctor struct {
	ID             uuid.UUID `json:"id"`
	Name           string    `json:"name"`
	Specialization string    `json:"specialization"`
}

// ActiveDoctors lists the doctors a patient can be checked in to.
func (s *Service) ActiveDoctors(ctx context.Context, sc store.Scope) ([]Doctor, error) {
	var out []Doctor
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		rows, err := s.q.ActiveDoctors(ctx, tx)
		for _, r := range rows {
			out = append(out, Doctor{ID: r.ID, Name: r.DisplayName, Specialization: r.Specialization})
		}
		return err
	})
	return out, err
}
