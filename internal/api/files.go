package api

import (
	"encoding/hex"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/download"
)

// filesRoutes mounts the uploaded documents. Every role may list, read and
// upload; row-level security holds a patient to their own record (and
// their uploads to it).
func (a *API) filesRoutes(r chi.Router) {
	r.Get("/medical-reports", a.handle(a.listMedicalReports))
	r.Post("/medical-reports", a.handle(a.uploadBody(a.idempotent(a.createMedicalReport))))
	r.Get("/medical-reports/{id}", a.handle(a.getMedicalReport))
	r.Get("/medical-reports/{id}/file", a.handle(a.medicalReportFile))
}

type medicalReportJSON struct {
	ID               uuid.UUID  `json:"id"`
	ClinicID         uuid.UUID  `json:"clinic_id"`
	PatientID        uuid.UUID  `json:"patient_id"`
	PatientNumber    string     `json:"patient_number"`
	PatientName      string     `json:"patient_name"`
	UploadedBy       *uuid.UUID `json:"uploaded_by"`
	UploaderName     *string    `json:"uploader_name"`
	ReportType       string     `json:"report_type"`
	Description      string     `json:"description"`
	ContentType      string     `json:"content_type"`
	SizeBytes        int32      `json:"size_bytes"`
	SHA256           string     `json:"sha256"`
	OriginalFilename string     `json:"original_filename"`
	CreatedAt        time.Time  `json:"created_at"`
}

func toMedicalReportJSON(m clinic.MedicalReport) medicalReportJSON {
	return medicalReportJSON{ID: m.ID, ClinicID: m.ClinicID, PatientID: m.PatientID, PatientNumber: m.PatientNumber,
		PatientName: m.PatientName, UploadedBy: m.UploadedBy, UploaderName: m.UploaderName, ReportType: m.ReportType,
		Description: m.Description, ContentType: m.ContentType, SizeBytes: m.SizeBytes,
		SHA256: hex.EncodeToString(m.SHA256), OriginalFilename: m.OriginalFilename, CreatedAt: m.CreatedAt}
}

func (a *API) listMedicalReports(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	fields := map[string]string{}
	q := clinic.MedicalReportQuery{PatientID: queryUUID(r, "patient_id", fields)}
	q.Limit, q.Cursor = pageParams(r, fields)
	if len(fields) > 0 {
		return queryInvalid(fields)
	}
	page, err := a.Clinic.ListMedicalReports(r.Context(), act.Scope, q)
	if err != nil {
		return err
	}
	return writeList(w, r, page, toMedicalReportJSON)
}

// medicalReportData is the "data" part of an upload.
type medicalReportData struct {
	PatientID   *uuid.UUID `json:"patient_id"`
	ReportType  string     `json:"report_type"`
	Description string     `json:"description"`
}

func (a *API) createMedicalReport(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	data, file, err := a.readMultipart(w, r, true)
	if err != nil {
		return err
	}
	var d medicalReportData
	if err := decodeJSONBytes(data, &d); err != nil {
		return err
	}
	m, err := a.Clinic.UploadMedicalReport(r.Context(), act.Scope, clinic.MedicalReportInput{
		PatientID: d.PatientID, ReportType: d.ReportType, Description: d.Description, File: *file})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/clinics/"+act.Slug+"/medical-reports/"+m.ID.String())
	setETag(w, clinic.Version(m.CreatedAt))
	return writeJSON(w, http.StatusCreated, toMedicalReportJSON(m))
}

func (a *API) getMedicalReport(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	m, err := a.Clinic.GetMedicalReport(r.Context(), act.Scope, id, auditlog.FromRequest(r))
	if err != nil {
		return err
	}
	setETag(w, clinic.Version(m.CreatedAt))
	return writeJSON(w, http.StatusOK, toMedicalReportJSON(m))
}

func (a *API) medicalReportFile(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	f, err := a.Clinic.MedicalReportFile(r.Context(), act.Scope, id, auditlog.FromRequest(r))
	if err != nil {
		return err
	}
	return download.Serve(w, f)
}
