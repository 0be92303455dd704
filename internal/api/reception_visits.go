package api

import (
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
)

// receptionVisit is a visit in the API: the check-in, its place in the
// day's queue, its status and the vitals taken at the desk.
type receptionVisit struct {
	ID            uuid.UUID  `json:"id"`
	ClinicID      uuid.UUID  `json:"clinic_id"`
	PatientID     uuid.UUID  `json:"patient_id"`
	PatientNumber string     `json:"patient_number"`
	PatientName   string     `json:"patient_name"`
	DoctorID      *uuid.UUID `json:"doctor_id"`
	DoctorName    *string    `json:"doctor_name"`
	CheckedInBy   *uuid.UUID `json:"checked_in_by"`
	VisitDate     string     `json:"visit_date"`
	Token         int32      `json:"token"`
	Purpose       string     `json:"purpose"`
	Priority      string     `json:"priority"`
	Status        string     `json:"status"`
	BPSystolic    *int16     `json:"bp_systolic"`
	BPDiastolic   *int16     `json:"bp_diastolic"`
	Pulse         *int16     `json:"pulse"`
	TemperatureC  *float64   `json:"temperature_c"`
	SpO2          *int16     `json:"spo2"`
	BloodSugar    *float64   `json:"blood_sugar"`
	WeightKg      *float64   `json:"weight_kg"`
	Notes         string     `json:"notes"`
	CheckedInAt   time.Time  `json:"checked_in_at"`
	StartedAt     *time.Time `json:"started_at"`
	CompletedAt   *time.Time `json:"completed_at"`
	CancelledAt   *time.Time `json:"cancelled_at"`
	CancelReason  string     `json:"cancel_reason"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

func receptionVisitOf(v clinic.Visit) receptionVisit {
	out := receptionVisit{ID: v.ID, ClinicID: v.ClinicID, PatientID: v.PatientID, PatientNumber: v.PatientNumber,
		PatientName: v.PatientName, DoctorID: v.DoctorID, CheckedInBy: v.CheckedInBy,
		VisitDate: v.VisitDate.Format(time.DateOnly), Token: v.Token, Purpose: v.Purpose, Priority: v.Priority,
		Status: v.Status, BPSystolic: v.BpSystolic, BPDiastolic: v.BpDiastolic, Pulse: v.Pulse,
		TemperatureC: v.TemperatureC, SpO2: v.SpO2, BloodSugar: v.BloodSugar, WeightKg: v.WeightKg, Notes: v.Notes,
		CheckedInAt: v.CheckedInAt, StartedAt: v.StartedAt, CompletedAt: v.CompletedAt, CancelledAt: v.CancelledAt,
		CancelReason: v.CancelReason, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
	if v.DoctorName != "" {
		out.DoctorName = &v.DoctorName
	}
	return out
}

// listVisits (GET /visits) lists visits in queue order. Filters: date
// (default the clinic-local today, unless patient_id is given), status,
// doctor_id, patient_id.
func (a *API) listVisits(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	q := r.URL.Query()
	fields := map[string]string{}
	vq := clinic.VisitQuery{Status: q.Get("status")}
	vq.Limit, vq.Cursor = pageParams(r, fields)
	if v := q.Get("date"); v != "" {
		d := v
		vq.Date = receptionParseDate(&d, "date", fields)
	}
	for name, dst := range map[string]**uuid.UUID{"doctor_id": &vq.DoctorID, "patient_id": &vq.PatientID} {
		if v := q.Get(name); v != "" {
			id, err := uuid.Parse(v)
			if err != nil {
				fields[name] = "must be a uuid"
				continue
			}
			*dst = &id
		}
	}
	if len(fields) > 0 {
		return queryInvalid(fields)
	}
	page, err := a.Clinic.ListVisits(r.Context(), act.Scope, vq)
	if err != nil {
		return err
	}
	return writeList(w, r, page, receptionVisitOf)
}

// receptionCheckIn is the body of POST /visits.
type receptionCheckIn struct {
	// The ids are read as text, so that a malformed one is a field
	// message (422) rather than an unreadable body.
	PatientID    string   `json:"patient_id"`
	DoctorID     *string  `json:"doctor_id"`
	Purpose      string   `json:"purpose"`
	Priority     string   `json:"priority"`
	BPSystolic   *int32   `json:"bp_systolic"`
	BPDiastolic  *int32   `json:"bp_diastolic"`
	Pulse        *int32   `json:"pulse"`
	TemperatureC *float64 `json:"temperature_c"`
	SpO2         *int32   `json:"spo2"`
	BloodSugar   *float64 `json:"blood_sugar"`
	WeightKg     *float64 `json:"weight_kg"`
	Notes        string   `json:"notes"`
}

// checkIn (POST /visits) puts a patient in today's queue. A patient who
// already has an open visit is 409 (state).
func (a *API) checkIn(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	var body receptionCheckIn
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	in := clinic.CheckInInput{Purpose: body.Purpose, Priority: body.Priority, Notes: body.Notes,
		Vitals: clinic.Vitals{BPSystolic: body.BPSystolic, BPDiastolic: body.BPDiastolic, Pulse: body.Pulse,
			TemperatureC: body.TemperatureC, SpO2: body.SpO2, BloodSugar: body.BloodSugar, WeightKg: body.WeightKg}}
	fields := map[string]string{}
	var err error
	if in.PatientID, err = uuid.Parse(body.PatientID); err != nil {
		fields["patient_id"] = "must be the id of a patient of this clinic"
	}
	if body.DoctorID != nil {
		id, err := uuid.Parse(*body.DoctorID)
		if err != nil {
			fields["doctor_id"] = "must be the id of a doctor of this clinic, or null"
		}
		in.DoctorID = &id
	}
	if len(fields) > 0 {
		return receptionInvalid(fields, in.Validate())
	}
	v, err := a.Clinic.CheckIn(r.Context(), act.Scope, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", receptionClinicPath(act.Slug, "/visits/"+v.ID.String()))
	setETag(w, clinic.Version(v.UpdatedAt))
	return writeJSON(w, http.StatusCreated, receptionVisitOf(v))
}

// getVisit (GET /visits/{id}).
func (a *API) getVisit(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	v, err := a.Clinic.GetVisit(r.Context(), act.Scope, id)
	if err != nil {
		return err
	}
	setETag(w, clinic.Version(v.UpdatedAt))
	return writeJSON(w, http.StatusOK, receptionVisitOf(v))
}

// startVisit (POST /visits/{id}/start): the acting doctor takes the
// visit into consultation, by the doctor area's rule (BeginConsultation:
// their own or an unassigned visit; again is harmless). The answer is read
// back with the names a visit shows.
func (a *API) startVisit(w http.ResponseWriter, r *http.Request) error {
	return a.visitTransition(w, r, func(act auth.Actor, id uuid.UUID) (clinic.Visit, error) {
		if _, err := a.Clinic.BeginConsultation(r.Context(), act.Scope, id); err != nil {
			return clinic.Visit{}, err
		}
		return a.Clinic.GetVisit(r.Context(), act.Scope, id)
	})
}

// completeVisit (POST /visits/{id}/complete): the acting doctor completes
// the visit and its draft prescriptions are finalised in the same
// statement (the doctor area's CompleteConsultation, which the doctor's
// page uses too).
func (a *API) completeVisit(w http.ResponseWriter, r *http.Request) error {
	return a.visitTransition(w, r, func(act auth.Actor, id uuid.UUID) (clinic.Visit, error) {
		if _, err := a.Clinic.CompleteConsultation(r.Context(), act.Scope, id); err != nil {
			return clinic.Visit{}, err
		}
		return a.Clinic.GetVisit(r.Context(), act.Scope, id)
	})
}

// cancelVisit (POST /visits/{id}/cancel) with {"reason": "…"} (required).
func (a *API) cancelVisit(w http.ResponseWriter, r *http.Request) error {
	if _, err := pathUUID(r); err != nil {
		return err
	}
	var body struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	return a.visitTransition(w, r, func(act auth.Actor, id uuid.UUID) (clinic.Visit, error) {
		return a.Clinic.CancelVisit(r.Context(), act.Scope, id, body.Reason)
	})
}

func (a *API) visitTransition(w http.ResponseWriter, r *http.Request, do func(auth.Actor, uuid.UUID) (clinic.Visit, error)) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	v, err := do(act, id)
	if err != nil {
		return err
	}
	setETag(w, clinic.Version(v.UpdatedAt))
	return writeJSON(w, http.StatusOK, receptionVisitOf(v))
}
