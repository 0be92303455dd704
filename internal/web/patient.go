package web

import (
	"net/http"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The patient's pages. None takes a patient id: the record is the one
// linked to the login, and every id in a URL names a row that row-level
// security lets only its own patient read (anyone else's is a 404).

var patients = []store.Role{store.RolePatient}

// patientRoutes are the patient pages.
func (s *Site) patientRoutes() []route {
	return []route{
		{"GET", "/patient/dashboard/", patients, s.patientDashboard},
		{"POST", "/patient/reports/upload", patients, s.patientUpload},
		{"GET", "/patient/reports/{id}/download", patients, s.downloadDocument},
		{"GET", "/patient/prescriptions/{id}/", patients, s.patientPrescription},
		{"GET", "/patient/prescriptions/{id}/pdf", patients, s.patientPrescriptionPDF},
		{"GET", "/patient/tests/{id}/", patients, s.patientTest},
		{"GET", "/patient/test-reports/{id}/file", patients, s.patientReportFile},
	}
}

func patientUploadURL(slug string) string { return "/clinic/" + slug + "/patient/reports/upload" }

type patientDashboardData struct {
	Records clinic.Portal
	Form    uploadForm
}

func (s *Site) patientDashboard(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	return s.renderPatientDashboard(w, r, http.StatusOK, s.newUploadForm(patientUploadURL(a.Slug)))
}

func (s *Site) renderPatientDashboard(w http.ResponseWriter, r *http.Request, status int, form uploadForm) error {
	a, _ := auth.ActorFrom(r.Context())
	recs, err := s.Clinic.MyRecords(r.Context(), a.Scope)
	if err != nil {
		return err
	}
	return s.render(w, r, status, "patient_dashboard", patientDashboardData{Records: recs, Form: form})
}

// patientUpload adds a document to the patient's own record.
func (s *Site) patientUpload(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	f, err := readForm(w, r, s.Clinic.MaxUploadBytes())
	if err != nil {
		return err
	}
	form, in := s.readUpload(f, patientUploadURL(a.Slug)) // PatientID stays nil: their own record
	if len(form.Errors) == 0 {
		_, err = s.Clinic.UploadMedicalReport(r.Context(), a.Scope, in)
		if err == nil {
			http.Redirect(w, r, "/clinic/"+a.Slug+"/patient/dashboard/#documents", http.StatusSeeOther)
			return nil
		}
		if !f.merge(err) {
			return err
		}
		for k, v := range f.Errs {
			form.Errors[k] = v
		}
	}
	return s.renderPatientDashboard(w, r, http.StatusUnprocessableEntity, form)
}

// patientPrescription is the printable page of one of the patient's own
// final prescriptions: the doctor's print page, reused (row-level security
// lets a patient read only their own final prescriptions).
func (s *Site) patientPrescription(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Clinic.PrescriptionPrint(r.Context(), a.Scope, id)
	if err != nil {
		return err
	}
	return s.RenderPrescriptionPrint(w, r, p)
}

// patientPrescriptionPDF is the same prescription as a PDF download.
func (s *Site) patientPrescriptionPDF(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Clinic.PrescriptionPrint(r.Context(), a.Scope, id)
	if err != nil {
		return err
	}
	return WritePrescriptionPDF(w, p)
}

// patientTest shows one of the patient's tests with every released
// version of its results.
func (s *Site) patientTest(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := s.Clinic.GetTest(r.Context(), a.Scope, id, auditlog.FromRequest(r))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "patient_test", t)
}

func (s *Site) patientReportFile(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.serveTestReportFile(w, r, a, id)
}
