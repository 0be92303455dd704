package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
)

// patientsData is the patient search page.
type patientsData struct {
	Q        string
	Patients []clinic.Patient
	Next     string // URL of the next page
	Errors   map[string]string
	Newest   bool // no search: the newest registrations
}

// findPatients searches by number, phone or name prefix (patientSearch);
// htmx asks for the results only, as the user types.
func (s *Site) findPatients(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	d := patientsData{Q: r.URL.Query().Get("q")}
	q := patientSearch(d.Q)
	d.Newest = q == (clinic.PatientQuery{})
	q.Cursor, q.Limit = r.URL.Query().Get("cursor"), 25
	page, err := s.Clinic.FindPatients(r.Context(), a.Scope, q)
	status := http.StatusOK
	var fe clinic.FieldErrors
	switch {
	case errors.As(err, &fe):
		d.Errors, status = fe, http.StatusUnprocessableEntity
	case err != nil:
		return err
	}
	d.Patients = page.Items
	if page.Next != "" {
		d.Next = receptionBase(a) + "patients/?" + url.Values{"q": {d.Q}, "cursor": {page.Next}}.Encode()
	}
	if isHTMX(r) {
		w.WriteHeader(status)
		return s.renderPart(w, r, "reception_patients", "reception_results", d)
	}
	return s.render(w, r, status, "reception_patients", d)
}

// patientData is the patient page: the record, the edit form and the
// portal invitation form.
type patientData struct {
	Record  clinic.PatientRecord
	Form    patientForm
	Errors  map[string]string
	Choices patientChoices
	// Stale: the edit started from an older version (the form keeps the
	// user's input; saving again applies it over the current record).
	Stale        bool
	PortalEmail  string
	PortalErrors map[string]string
	PortalIssue  string
	Notice       string
}

var patientNotices = map[string]string{
	"registered": "Registered. The patient number is shown below.",
	"saved":      "Changes saved.",
	"invited":    "Invitation saved. The patient signs in with that email address to open the patient portal.",
}

func (s *Site) patientDetail(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d := patientData{}
	for k, msg := range patientNotices {
		if r.URL.Query().Has(k) {
			d.Notice = msg
		}
	}
	return s.renderPatient(w, r, http.StatusOK, id, d, true)
}

// renderPatient loads the record (recording the read) and renders the
// page; fresh fills the forms from the record, else they keep d's input.
func (s *Site) renderPatient(w http.ResponseWriter, r *http.Request, status int, id uuid.UUID, d patientData, fresh bool) error {
	a, _ := auth.ActorFrom(r.Context())
	rec, err := s.Clinic.ViewPatient(r.Context(), a.Scope, id, auditlog.FromRequest(r))
	if err != nil {
		return err
	}
	d.Record, d.Choices = rec, demographicsChoices
	if fresh {
		d.Form = patientFormOf(rec.Patient)
		d.PortalEmail = rec.Portal.Email
		if d.PortalEmail == "" {
			d.PortalEmail = rec.Patient.Email
		}
	}
	if d.Stale { // saving again applies the user's input over the current record
		d.Form.Version = clinic.Version(rec.Patient.UpdatedAt)
	}
	return s.render(w, r, status, "reception_patient", d)
}

// updatePatient saves the demographics form. An edit of an older version
// is refused (someone else saved in between) and the form comes back with
// the user's input, beside the current record.
func (s *Site) updatePatient(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	pf, in := readPatientForm(f)
	d := patientData{Form: pf, Errors: f.Errs}
	if len(f.Errs) > 0 {
		f.merge(in.Validate())
		return s.renderPatient(w, r, http.StatusUnprocessableEntity, id, d, false)
	}
	_, err = s.Clinic.UpdatePatient(r.Context(), a.Scope, id, pf.Version, in)
	switch {
	case f.merge(err):
		return s.renderPatient(w, r, http.StatusUnprocessableEntity, id, d, false)
	case errors.Is(err, clinic.ErrStale):
		d.Stale = true
		return s.renderPatient(w, r, http.StatusConflict, id, d, false)
	case err != nil:
		return err
	}
	http.Redirect(w, r, receptionBase(a)+"patients/"+id.String()+"/?saved=1", http.StatusSeeOther)
	return nil
}

// invitePatientToPortal invites the patient (or corrects a pending
// invitation's email).
func (s *Site) invitePatientToPortal(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	email := f.str("email")
	_, err = s.Clinic.InvitePatientToPortal(r.Context(), a.Scope, id, email)
	var fe clinic.FieldErrors
	var se *clinic.StateError
	switch {
	case errors.As(err, &fe):
		return s.renderPatientPortalIssue(w, r, http.StatusUnprocessableEntity, id, email, fe, "")
	case errors.As(err, &se):
		return s.renderPatientPortalIssue(w, r, http.StatusConflict, id, email, nil, se.Detail)
	case err != nil:
		return err
	}
	http.Redirect(w, r, receptionBase(a)+"patients/"+id.String()+"/?invited=1", http.StatusSeeOther)
	return nil
}

func (s *Site) renderPatientPortalIssue(w http.ResponseWriter, r *http.Request, status int, id uuid.UUID, email string, fe map[string]string, issue string) error {
	a, _ := auth.ActorFrom(r.Context())
	rec, err := s.Clinic.ViewPatient(r.Context(), a.Scope, id, auditlog.FromRequest(r))
	if err != nil {
		return err
	}
	return s.render(w, r, status, "reception_patient", patientData{Record: rec, Form: patientFormOf(rec.Patient),
		Choices: demographicsChoices, PortalEmail: email, PortalErrors: fe, PortalIssue: issue})
}
