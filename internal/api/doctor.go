package api

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/rxpdf"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Who may use the doctor resources. Reads are narrowed further by the
// database: notes are hidden from reception and the lab, and a patient
// sees only their own signed notes and final prescriptions.
var (
	apiDoctors     = []store.Role{store.RoleDoctor}
	apiChartReader = []store.Role{store.RoleAdmin, store.RoleDoctor}
	apiNoteReaders = []store.Role{store.RoleAdmin, store.RoleDoctor, store.RolePatient}
	apiRxReaders   = []store.Role{store.RoleAdmin, store.RoleDoctor, store.RoleReceptionist, store.RolePatient}
)

// doctorRoutes mounts the doctor resources.
func (a *API) doctorRoutes(r chi.Router) {
	allow := func(roles []store.Role) func(http.Handler) http.Handler { return auth.Allow(a.Error, roles...) }
	r.With(allow(apiChartReader)).Get("/patients/{id}/chart", a.handle(a.getChart))
	r.With(allow(apiDoctors)).Post("/visits/{id}/notes", a.handle(a.idempotent(a.createNote)))
	r.With(allow(apiNoteReaders)).Get("/doctor-notes", a.handle(a.listNotes))
	r.With(allow(apiNoteReaders)).Get("/doctor-notes/{id}", a.handle(a.getNote))
	r.With(allow(apiRxReaders)).Get("/prescriptions", a.handle(a.listPrescriptions))
	r.With(allow(apiDoctors)).Post("/prescriptions", a.handle(a.idempotent(a.createPrescription)))
	r.With(allow(apiRxReaders)).Get("/prescriptions/{id}", a.handle(a.getPrescription))
	r.With(allow(apiDoctors)).Post("/prescriptions/{id}/finalize", a.handle(a.finalizePrescription))
	r.With(allow(apiRxReaders)).Get("/prescriptions/{id}/pdf", a.handle(a.prescriptionPDF))
	r.With(allow(apiDoctors)).Post("/visits/{id}/tests", a.handle(a.idempotent(a.orderTests)))
}

// doctorOptUUID parses an optional id field of a body.
func doctorOptUUID(fields map[string]string, name string, v *string) *uuid.UUID {
	if v == nil || *v == "" {
		return nil
	}
	id, err := uuid.Parse(*v)
	if err != nil {
		fields[name] = "must be a UUID"
		return nil
	}
	return &id
}

func doctorDate(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

func doctorLocation(w http.ResponseWriter, r *http.Request, rest string) {
	act, _ := auth.ActorFrom(r.Context())
	w.Header().Set("Location", "/api/v1/clinics/"+act.Slug+rest)
}

// ---- chart ----

type chartPatientJSON struct {
	ID                    uuid.UUID  `json:"id"`
	ClinicID              uuid.UUID  `json:"clinic_id"`
	PatientNumber         string     `json:"patient_number"`
	Name                  string     `json:"name"`
	DateOfBirth           *string    `json:"date_of_birth"`
	AgeYears              *int16     `json:"age_years"`
	Sex                   string     `json:"sex"`
	Phone                 string     `json:"phone"`
	Email                 string     `json:"email"`
	Address               string     `json:"address"`
	WeightKg              *float64   `json:"weight_kg"`
	BloodGroup            string     `json:"blood_group"`
	Allergies             string     `json:"allergies"`
	EmergencyContactName  string     `json:"emergency_contact_name"`
	EmergencyContactPhone string     `json:"emergency_contact_phone"`
	Status                string     `json:"status"`
	CreatedAt             time.Time  `json:"created_at"`
	UpdatedAt             time.Time  `json:"updated_at"`
	UserID                *uuid.UUID `json:"-"`
}

type chartJSON struct {
	ID       uuid.UUID        `json:"id"`
	ClinicID uuid.UUID        `json:"clinic_id"`
	Patient  chartPatientJSON `json:"patient"`
	clinic.Chart
}

// getChart (GET /patients/{id}/chart) answers a patient's chart in one
// database statement.
func (a *API) getChart(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	c, err := a.Clinic.Chart(r.Context(), act.Scope, id)
	if err != nil {
		return err
	}
	p := c.Patient
	out := chartJSON{ID: p.ID, ClinicID: p.ClinicID, Chart: c, Patient: chartPatientJSON{
		ID: p.ID, ClinicID: p.ClinicID, PatientNumber: p.PatientNumber, Name: p.Name, DateOfBirth: doctorDate(p.DateOfBirth),
		AgeYears: p.AgeYears, Sex: p.Sex, Phone: p.Phone, Email: p.Email, Address: p.Address, WeightKg: p.WeightKg,
		BloodGroup: p.BloodGroup, Allergies: p.Allergies, EmergencyContactName: p.EmergencyContactName,
		EmergencyContactPhone: p.EmergencyContactPhone, Status: p.Status, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}}
	return writeJSON(w, http.StatusOK, out)
}

// ---- notes ----

type noteJSON struct {
	ID             uuid.UUID  `json:"id"`
	ClinicID       uuid.UUID  `json:"clinic_id"`
	VisitID        uuid.UUID  `json:"visit_id"`
	PatientID      uuid.UUID  `json:"patient_id"`
	AuthorID       uuid.UUID  `json:"author_id"`
	ChiefComplaint string     `json:"chief_complaint"`
	Observations   string     `json:"observations"`
	Diagnosis      string     `json:"diagnosis"`
	TreatmentPlan  string     `json:"treatment_plan"`
	Notes          string     `json:"notes"`
	SignedAt       *time.Time `json:"signed_at"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

func toNoteJSON(n clinic.DoctorNote) noteJSON {
	return noteJSON{ID: n.ID, ClinicID: n.ClinicID, VisitID: n.VisitID, PatientID: n.PatientID, AuthorID: n.AuthorID,
		ChiefComplaint: n.ChiefComplaint, Observations: n.Observations, Diagnosis: n.Diagnosis,
		TreatmentPlan: n.TreatmentPlan, Notes: n.Notes, SignedAt: n.SignedAt, CreatedAt: n.CreatedAt, UpdatedAt: n.UpdatedAt}
}

type noteBody struct {
	ChiefComplaint string `json:"chief_complaint"`
	Observations   string `json:"observations"`
	Diagnosis      string `json:"diagnosis"`
	TreatmentPlan  string `json:"treatment_plan"`
	Notes          string `json:"notes"`
}

// createNote (POST /visits/{id}/notes) writes a signed note.
func (a *API) createNote(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	var b noteBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	n, err := a.Clinic.WriteNote(r.Context(), act.Scope, id, clinic.NoteInput(b))
	if err != nil {
		return err
	}
	doctorLocation(w, r, "/doctor-notes/"+n.ID.String())
	return writeJSON(w, http.StatusCreated, toNoteJSON(n))
}

// listNotes (GET /doctor-notes?patient_id=) pages a patient's notes.
func (a *API) listNotes(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	fields := map[string]string{}
	lim, cursor := pageParams(r, fields)
	pid, err := uuid.Parse(r.URL.Query().Get("patient_id"))
	if err != nil {
		fields["patient_id"] = "required: the patient's UUID"
	}
	if len(fields) > 0 {
		return queryInvalid(fields)
	}
	page, err := a.Clinic.ListNotes(r.Context(), act.Scope, pid, cursor, lim)
	if err != nil {
		return err
	}
	return writeList(w, r, page, toNoteJSON)
}

// getNote (GET /doctor-notes/{id}).
func (a *API) getNote(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	n, err := a.Clinic.GetNote(r.Context(), act.Scope, id)
	if err != nil {
		return err
	}
	setETag(w, clinic.Version(n.UpdatedAt))
	return writeJSON(w, http.StatusOK, toNoteJSON(n))
}

// ---- prescriptions ----

type rxLineJSON struct {
	ID              uuid.UUID  `json:"id"`
	Position        int16      `json:"position"`
	MedicineID      *uuid.UUID `json:"medicine_id"`
	MedicineName    string     `json:"medicine_name"`
	Form            string     `json:"form"`
	Dose            string     `json:"dose"`
	Schedule        string     `json:"schedule"`
	DurationDays    *int16     `json:"duration_days"`
	Quantity        string     `json:"quantity"`
	FoodInstruction string     `json:"food_instruction"`
	Route           string     `json:"route"`
	PRN             bool       `json:"prn"`
	Instructions    string     `json:"instructions"`
}

type rxJSON struct {
	ID                   uuid.UUID    `json:"id"`
	ClinicID             uuid.UUID    `json:"clinic_id"`
	PatientID            uuid.UUID    `json:"patient_id"`
	DoctorID             uuid.UUID    `json:"doctor_id"`
	VisitID              *uuid.UUID   `json:"visit_id"`
	Status               string       `json:"status"`
	Diagnosis            string       `json:"diagnosis"`
	Advice               string       `json:"advice"`
	AdmissionRecommended bool         `json:"admission_recommended"`
	AdmissionReason      string       `json:"admission_reason"`
	FollowUpDate         *string      `json:"follow_up_date"`
	PrescriberName       string       `json:"prescriber_name"`
	FinalizedAt          *time.Time   `json:"finalized_at"`
	CreatedAt            time.Time    `json:"created_at"`
	UpdatedAt            time.Time    `json:"updated_at"`
	Lines                []rxLineJSON `json:"lines,omitempty"`
}

func toRxJSON(p clinic.Prescription) rxJSON {
	return rxJSON{ID: p.ID, ClinicID: p.ClinicID, PatientID: p.PatientID, DoctorID: p.DoctorID, VisitID: p.VisitID,
		Status: p.Status, Diagnosis: p.Diagnosis, Advice: p.Advice, AdmissionRecommended: p.AdmissionRecommended,
		AdmissionReason: p.AdmissionReason, FollowUpDate: doctorDate(p.FollowUpDate), PrescriberName: p.PrescriberName,
		FinalizedAt: p.FinalizedAt, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

func toRxDetailJSON(d clinic.PrescriptionDetail) rxJSON {
	out := toRxJSON(d.Prescription)
	out.Lines = make([]rxLineJSON, 0, len(d.Lines))
	for _, l := range d.Lines {
		out.Lines = append(out.Lines, rxLineJSON{ID: l.ID, Position: l.Position, MedicineID: l.MedicineID,
			MedicineName: l.MedicineName, Form: l.Form, Dose: l.Dose, Schedule: l.Schedule, DurationDays: l.DurationDays,
			Quantity: l.Quantity, FoodInstruction: l.FoodInstruction, Route: l.Route, PRN: l.PRN, Instructions: l.Instructions})
	}
	return out
}

type rxLineBody struct {
	MedicineID      *string `json:"medicine_id"`
	MedicineName    string  `json:"medicine_name"`
	Dose            string  `json:"dose"`
	Schedule        string  `json:"schedule"`
	DurationDays    *int32  `json:"duration_days"`
	Quantity        string  `json:"quantity"`
	FoodInstruction string  `json:"food_instruction"`
	Route           string  `json:"route"`
	PRN             bool    `json:"prn"`
	Instructions    string  `json:"instructions"`
}

type rxBody struct {
	PatientID            *string      `json:"patient_id"`
	VisitID              *string      `json:"visit_id"`
	Diagnosis            string       `json:"diagnosis"`
	Advice               string       `json:"advice"`
	AdmissionRecommended bool         `json:"admission_recommended"`
	AdmissionReason      string       `json:"admission_reason"`
	FollowUpDate         *string      `json:"follow_up_date"`
	Lines                []rxLineBody `json:"lines"`
}

// createPrescription (POST /prescriptions) writes a draft prescription by
// the acting doctor.
func (a *API) createPrescription(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	var b rxBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	fields := map[string]string{}
	in := clinic.PrescriptionInput{Diagnosis: b.Diagnosis, Advice: b.Advice, AdmissionRecommended: b.AdmissionRecommended,
		AdmissionReason: b.AdmissionReason, VisitID: doctorOptUUID(fields, "visit_id", b.VisitID)}
	if pid := doctorOptUUID(fields, "patient_id", b.PatientID); pid != nil {
		in.PatientID = *pid
	} else if _, bad := fields["patient_id"]; !bad {
		fields["patient_id"] = "required"
	}
	if b.FollowUpDate != nil && *b.FollowUpDate != "" {
		d, err := time.Parse(time.DateOnly, *b.FollowUpDate)
		if err != nil {
			fields["follow_up_date"] = "must be a date such as 2026-12-31"
		} else {
			in.FollowUpDate = &d
		}
	}
	for i, l := range b.Lines {
		in.Lines = append(in.Lines, clinic.PrescriptionLineInput{
			MedicineID: doctorOptUUID(fields, fmt.Sprintf("lines[%d].medicine_id", i), l.MedicineID), MedicineName: l.MedicineName,
			Dose: l.Dose, Schedule: l.Schedule, DurationDays: l.DurationDays, Quantity: l.Quantity,
			FoodInstruction: l.FoodInstruction, Route: l.Route, PRN: l.PRN, Instructions: l.Instructions})
	}
	if len(fields) > 0 {
		return httperr.Invalid("Some fields need attention.", fields)
	}
	rx, err := a.Clinic.CreatePrescription(r.Context(), act.Scope, in)
	if err != nil {
		return err
	}
	doctorLocation(w, r, "/prescriptions/"+rx.ID.String())
	setETag(w, clinic.Version(rx.UpdatedAt))
	return writeJSON(w, http.StatusCreated, toRxDetailJSON(rx))
}

// listPrescriptions (GET /prescriptions[?patient_id=]) pages prescriptions,
// newest first, without their lines.
func (a *API) listPrescriptions(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	fields := map[string]string{}
	lim, cursor := pageParams(r, fields)
	q := clinic.PrescriptionQuery{Limit: lim, Cursor: cursor}
	if v := r.URL.Query().Get("patient_id"); v != "" {
		pid, err := uuid.Parse(v)
		if err != nil {
			fields["patient_id"] = "must be a UUID"
		}
		q.PatientID = &pid
	}
	if len(fields) > 0 {
		return queryInvalid(fields)
	}
	page, err := a.Clinic.ListPrescriptions(r.Context(), act.Scope, q)
	if err != nil {
		return err
	}
	return writeList(w, r, page, toRxJSON)
}

// getPrescription (GET /prescriptions/{id}) answers it with its lines.
func (a *API) getPrescription(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	rx, err := a.Clinic.GetPrescription(r.Context(), act.Scope, id)
	if err != nil {
		return err
	}
	setETag(w, clinic.Version(rx.UpdatedAt))
	return writeJSON(w, http.StatusOK, toRxDetailJSON(rx))
}

// finalizePrescription (POST /prescriptions/{id}/finalize): 409 when it is
// final already (of two doctors at once, one wins).
func (a *API) finalizePrescription(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	if _, err := a.Clinic.FinalizePrescription(r.Context(), act.Scope, id); err != nil {
		return err
	}
	rx, err := a.Clinic.GetPrescription(r.Context(), act.Scope, id)
	if err != nil {
		return err
	}
	setETag(w, clinic.Version(rx.UpdatedAt))
	return writeJSON(w, http.StatusOK, toRxDetailJSON(rx))
}

// prescriptionPDF (GET /prescriptions/{id}/pdf) downloads the printable
// prescription.
func (a *API) prescriptionPDF(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	p, err := a.Clinic.PrescriptionPrint(r.Context(), act.Scope, id)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := rxpdf.Write(&buf, p); err != nil {
		return fmt.Errorf("prescription pdf: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="`+rxpdf.FileName(p)+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, err = buf.WriteTo(w)
	return err
}

// ---- test orders ----

type testOrderBody struct {
	Tests []struct {
		CatalogID   *string `json:"catalog_id"`
		Name        string  `json:"name"`
		TestType    string  `json:"test_type"`
		Description string  `json:"description"`
		Urgency     string  `json:"urgency"`
	} `json:"tests"`
}

type testJSON struct {
	ID          uuid.UUID  `json:"id"`
	ClinicID    uuid.UUID  `json:"clinic_id"`
	PatientID   uuid.UUID  `json:"patient_id"`
	VisitID     *uuid.UUID `json:"visit_id"`
	CatalogID   *uuid.UUID `json:"catalog_id"`
	OrderedBy   *uuid.UUID `json:"ordered_by"`
	Name        string     `json:"name"`
	TestType    string     `json:"test_type"`
	Description string     `json:"description"`
	Urgency     string     `json:"urgency"`
	Status      string     `json:"status"`
	OrderedAt   time.Time  `json:"ordered_at"`
}

type testOrderJSON struct {
	Items []testJSON `json:"items"`
}

// orderTests (POST /visits/{id}/tests) orders tests for the visit's patient.
func (a *API) orderTests(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	var b testOrderBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	fields := map[string]string{}
	orders := make([]clinic.TestOrderInput, 0, len(b.Tests))
	for i, t := range b.Tests {
		orders = append(orders, clinic.TestOrderInput{CatalogID: doctorOptUUID(fields, fmt.Sprintf("tests[%d].catalog_id", i), t.CatalogID),
			Name: t.Name, TestType: t.TestType, Description: t.Description, Urgency: t.Urgency})
	}
	if len(fields) > 0 {
		return httperr.Invalid("Some fields need attention.", fields)
	}
	tests, err := a.Clinic.OrderTests(r.Context(), act.Scope, id, orders)
	if err != nil {
		return err
	}
	out := testOrderJSON{Items: make([]testJSON, 0, len(tests))}
	for _, t := range tests {
		out.Items = append(out.Items, testJSON{ID: t.ID, ClinicID: t.ClinicID, PatientID: t.PatientID, VisitID: t.VisitID,
			CatalogID: t.CatalogID, OrderedBy: t.OrderedBy, Name: t.Name, TestType: t.TestType, Description: t.Description,
			Urgency: t.Urgency, Status: t.Status, OrderedAt: t.OrderedAt})
	}
	doctorLocation(w, r, "/tests/"+tests[0].ID.String())
	return writeJSON(w, http.StatusCreated, out)
}
