package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/store"
)

// portalRoutes mounts the patient's own record: what the patient dashboard
// shows, for a patient's app. It gives a patient their visits, which the
// staff's /visits does not, and their patient id, which the per-patient
// lists (/doctor-notes) ask for.
func (a *API) portalRoutes(r chi.Router) {
	patient := auth.Allow(a.Error, store.RolePatient)
	r.With(patient).Get("/my-record", a.handle(a.myRecord))
	r.With(patient).Get("/my-record/access-log", a.handle(a.myAccessLog))
}

type portalVisitJSON struct {
	ID                   uuid.UUID  `json:"id"`
	VisitDate            string     `json:"visit_date"`
	CheckedInAt          time.Time  `json:"checked_in_at"`
	Token                int        `json:"token"`
	Purpose              string     `json:"purpose"`
	Status               string     `json:"status"`
	CompletedAt          *time.Time `json:"completed_at"`
	DoctorSpecialization *string    `json:"doctor_specialization"`
}

type portalLineJSON struct {
	Position        int    `json:"position"`
	MedicineName    string `json:"medicine_name"`
	Form            string `json:"form"`
	Dose            string `json:"dose"`
	Schedule        string `json:"schedule"`
	DurationDays    *int   `json:"duration_days"`
	FoodInstruction string `json:"food_instruction"`
	Instructions    string `json:"instructions"`
}

type portalPrescriptionJSON struct {
	ID           uuid.UUID        `json:"id"`
	Diagnosis    string           `json:"diagnosis"`
	Advice       string           `json:"advice"`
	FollowUpDate *string          `json:"follow_up_date"`
	FinalizedAt  time.Time        `json:"finalized_at"`
	Lines        []portalLineJSON `json:"lines"`
}

type portalTestJSON struct {
	ID          uuid.UUID            `json:"id"`
	Name        string               `json:"name"`
	TestType    string               `json:"test_type"`
	Status      string               `json:"status"`
	OrderedAt   time.Time            `json:"ordered_at"`
	CompletedAt *time.Time           `json:"completed_at"`
	ReportID    *uuid.UUID           `json:"report_id"`
	Report      *string              `json:"report_status"`
	VerifiedAt  *time.Time           `json:"verified_at"`
	Notes       string               `json:"notes"`
	HasFile     bool                 `json:"has_file"`
	Values      []clinic.ResultValue `json:"values"`
}

type portalDocumentJSON struct {
	ID               uuid.UUID `json:"id"`
	ReportType       string    `json:"report_type"`
	Description      string    `json:"description"`
	ContentType      string    `json:"content_type"`
	SizeBytes        int64     `json:"size_bytes"`
	OriginalFilename string    `json:"original_filename"`
	CreatedAt        time.Time `json:"created_at"`
	Mine             bool      `json:"mine"`
}

type myRecordJSON struct {
	Patient       receptionPatient         `json:"patient"`
	Visits        []portalVisitJSON        `json:"visits"`
	Prescriptions []portalPrescriptionJSON `json:"prescriptions"`
	Tests         []portalTestJSON         `json:"tests"`
	Documents     []portalDocumentJSON     `json:"documents"`
}

// myRecord (GET /my-record) answers the acting patient login's own record
// through the dashboard's domain function: the record is the login's, so
// nothing in the request can name another patient.
func (a *API) myRecord(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	p, err := a.Clinic.MyRecords(r.Context(), act.Scope)
	if err != nil {
		return err
	}
	if !p.Linked {
		return httperr.New(http.StatusNotFound, "not-found",
			"No patient record is linked to this login yet; ask the clinic's reception.")
	}
	out := myRecordJSON{Patient: receptionPatientOf(p.Patient), Visits: []portalVisitJSON{},
		Prescriptions: []portalPrescriptionJSON{}, Tests: []portalTestJSON{}, Documents: []portalDocumentJSON{}}
	for _, v := range p.Visits {
		out.Visits = append(out.Visits, portalVisitJSON{ID: v.ID, VisitDate: v.VisitDate.Format(time.DateOnly),
			CheckedInAt: v.CheckedInAt, Token: v.Token, Purpose: v.Purpose, Status: v.Status,
			CompletedAt: v.CompletedAt, DoctorSpecialization: v.DoctorSpecialization})
	}
	for _, rx := range p.Prescriptions {
		j := portalPrescriptionJSON{ID: rx.ID, Diagnosis: rx.Diagnosis, Advice: rx.Advice,
			FinalizedAt: rx.FinalizedAt, Lines: []portalLineJSON{}}
		if rx.FollowUpDate != nil {
			d := rx.FollowUpDate.Format(time.DateOnly)
			j.FollowUpDate = &d
		}
		for _, l := range rx.Lines {
			j.Lines = append(j.Lines, portalLineJSON{Position: l.Position, MedicineName: l.MedicineName, Form: l.Form,
				Dose: l.Dose, Schedule: l.Schedule, DurationDays: l.DurationDays, FoodInstruction: l.FoodInstruction,
				Instructions: l.Instructions})
		}
		out.Prescriptions = append(out.Prescriptions, j)
	}
	for _, t := range p.Tests {
		j := portalTestJSON{ID: t.ID, Name: t.Name, TestType: t.TestType, Status: t.Status, OrderedAt: t.OrderedAt,
			CompletedAt: t.CompletedAt, ReportID: t.ReportID, VerifiedAt: t.VerifiedAt, Notes: t.Notes,
			HasFile: t.FileName != "", Values: t.Values}
		if t.ReportID != nil {
			j.Report = &t.ReportStatus
		}
		if j.Values == nil {
			j.Values = []clinic.ResultValue{}
		}
		out.Tests = append(out.Tests, j)
	}
	for _, d := range p.Documents {
		out.Documents = append(out.Documents, portalDocumentJSON{ID: d.ID, ReportType: d.ReportType,
			Description: d.Description, ContentType: d.ContentType, SizeBytes: d.SizeBytes,
			OriginalFilename: d.OriginalFilename, CreatedAt: d.CreatedAt, Mine: d.Mine})
	}
	return writeJSON(w, http.StatusOK, out)
}

// accessEventJSON is one event of "who accessed my record": what the
// patient's page shows, so no staff names, addresses or user agents.
type accessEventJSON struct {
	Seq           int64     `json:"seq"`
	OccurredAt    time.Time `json:"occurred_at"`
	By            string    `json:"by"`
	ActorRole     *string   `json:"actor_role"`
	Action        string    `json:"action"`
	ResourceTable *string   `json:"resource_table"`
}

type accessLogJSON struct {
	Events        []accessEventJSON `json:"events"`
	NextBeforeSeq *int64            `json:"next_before_seq,omitempty"`
}

// myAccessLog (GET /my-record/access-log) lists the access log's events
// about the patient's own record, newest first, as the patient's page does.
func (a *API) myAccessLog(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	q := r.URL.Query()
	f := auditlog.Filter{Limit: auditlog.DefaultLimit}
	fields := map[string]string{}
	var err error
	if v := q.Get("before_seq"); v != "" {
		if f.BeforeSeq, err = strconv.ParseInt(v, 10, 64); err != nil || f.BeforeSeq < 1 {
			fields["before_seq"] = "must be a positive integer"
		}
	}
	if v := q.Get("limit"); v != "" {
		if f.Limit, err = strconv.Atoi(v); err != nil || f.Limit < 1 || f.Limit > auditlog.MaxLimit {
			fields["limit"] = "must be between 1 and 500"
		}
	}
	if len(fields) > 0 {
		return httperr.Invalid("Some query parameters are not valid.", fields)
	}
	entries, err := auditlog.New(a.Store).ListOwnRecord(r.Context(), act.Scope, f)
	if err != nil {
		return err
	}
	out := accessLogJSON{Events: make([]accessEventJSON, 0, len(entries))}
	for _, e := range entries {
		ev := accessEventJSON{Seq: e.Seq, OccurredAt: e.OccurredAt, By: "system", Action: e.Action,
			ResourceTable: e.ResourceTable}
		switch {
		case e.ActorUserID != nil && *e.ActorUserID == act.User.ID:
			ev.By, ev.ActorRole = "you", e.ActorRole
		case e.ActorRole != nil:
			ev.By, ev.ActorRole = "clinic", e.ActorRole
		}
		out.Events = append(out.Events, ev)
	}
	if len(entries) == f.Limit {
		next := entries[len(entries)-1].Seq
		out.NextBeforeSeq = &next
	}
	return writeJSON(w, http.StatusOK, out)
}
