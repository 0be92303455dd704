package api

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

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
	r.With(auth.Allow(a.Error, store.RolePatient)).Get("/my-record", a.handle(a.myRecord))
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
