package web

import (
	"net/http"
	"strconv"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/download"
	"github.com/santkrupa/santkrupa/internal/store"
)

// staff are the clinic roles that see every patient.
var staff = []store.Role{store.RoleAdmin, store.RoleDoctor, store.RoleReceptionist, store.RoleLabTech}

// filesRoutes are the staff's pages for a patient's uploaded documents.
func (s *Site) filesRoutes() []route {
	return []route{
		{"GET", "/medical-reports/patient/{id}/", staff, s.patientDocuments},
		{"POST", "/medical-reports/patient/{id}/", staff, s.uploadPatientDocument},
		{"GET", "/medical-reports/{id}/download", staff, s.downloadDocument},
	}
}

// uploadForm is the document upload form as typed.
type uploadForm struct {
	Action      string
	ReportType  string
	Description string
	Errors      map[string]string
	Types       []string
	MaxMiB      int64
}

func (s *Site) newUploadForm(action string) uploadForm {
	return uploadForm{Action: action, ReportType: "other", Errors: map[string]string{}, Types: clinic.ReportTypes,
		MaxMiB: s.Clinic.MaxUploadBytes() >> 20}
}

// documentsURL is the staff's page of a patient's documents.
func documentsURL(slug string, patient uuid.UUID) string {
	return "/clinic/" + slug + "/medical-reports/patient/" + patient.String() + "/"
}

type patientDocumentsData struct {
	Patient clinic.Patient
	Page    clinic.Page[clinic.MedicalReport]
	NextURL string
	Form    uploadForm
}

func (s *Site) patientDocuments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, _ := auth.ActorFrom(r.Context())
	return s.renderPatientDocuments(w, r, http.StatusOK, id, s.newUploadForm(documentsURL(a.Slug, id)))
}

func (s *Site) renderPatientDocuments(w http.ResponseWriter, r *http.Request, status int, id uuid.UUID, form uploadForm) error {
	a, _ := auth.ActorFrom(r.Context())
	p, err := s.Clinic.GetPatient(r.Context(), a.Scope, id)
	if err != nil {
		return err
	}
	page, err := s.Clinic.ListMedicalReports(r.Context(), a.Scope, clinic.MedicalReportQuery{
		PatientID: &id, Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		return err
	}
	d := patientDocumentsData{Patient: p, Page: page, Form: form}
	if page.Next != "" {
		d.NextURL = documentsURL(a.Slug, id) + "?cursor=" + page.Next
	}
	return s.render(w, r, status, "files_patient", d)
}

// readUpload reads the upload form's fields and file.
func (s *Site) readUpload(f *formReader, action string) (uploadForm, clinic.MedicalReportInput) {
	form := s.newUploadForm(action)
	form.ReportType, form.Description = f.str("report_type"), f.str("description")
	in := clinic.MedicalReportInput{ReportType: form.ReportType, Description: form.Description}
	if u, ok := f.file("file"); ok {
		in.File = u
	}
	for k, v := range f.Errs {
		form.Errors[k] = v
	}
	return form, in
}

func (s *Site) uploadPatientDocument(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(w, r, s.Clinic.MaxUploadBytes())
	if err != nil {
		return err
	}
	form, in := s.readUpload(f, documentsURL(a.Slug, id))
	in.PatientID = &id
	if len(form.Errors) == 0 {
		_, err = s.Clinic.UploadMedicalReport(r.Context(), a.Scope, in)
		if err == nil {
			http.Redirect(w, r, documentsURL(a.Slug, id), http.StatusSeeOther)
			return nil
		}
		if !f.merge(err) {
			return err
		}
		for k, v := range f.Errs {
			form.Errors[k] = v
		}
	}
	return s.renderPatientDocuments(w, r, http.StatusUnprocessableEntity, id, form)
}

func (s *Site) downloadDocument(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.Clinic.MedicalReportFile(r.Context(), a.Scope, id, auditlog.FromRequest(r))
	if err != nil {
		return err
	}
	return download.Serve(w, f)
}

// formatFileSize writes a byte count for people: 2.4 MB, 800 KB.
func formatFileSize(n any) string {
	var b int64
	switch v := n.(type) {
	case int64:
		b = v
	case int32:
		b = int64(v)
	case int:
		b = int64(v)
	case *int64:
		if v == nil {
			return ""
		}
		b = *v
	}
	switch {
	case b >= 1<<20:
		return strconv.FormatFloat(float64(b)/(1<<20), 'f', 1, 64) + " MB"
	case b >= 1<<10:
		return strconv.FormatInt((b+512)>>10, 10) + " KB"
	}
	return strconv.FormatInt(b, 10) + " bytes"
}
