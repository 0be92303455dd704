package web

import (
	"errors"
	"net/http"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
)

// registerData is the registration page: the form, its messages, and the
// possible duplicates a first attempt found.
type registerData struct {
	Form       patientForm
	Errors     map[string]string
	Choices    patientChoices
	Duplicates []clinic.PatientSummary
	Problem    string // a refusal that is not about one field (plan limit)
}

func (s *Site) registerForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "reception_register", registerData{
		Form: patientForm{Sex: "unknown", BloodGroup: "unknown", FormKey: uuid.NewString()}, Choices: demographicsChoices})
}

// registerPatient registers and shows the new record with its number. A
// possible duplicate re-renders the form listing the matches, with a
// "register anyway" button that confirms.
func (s *Site) registerPatient(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	pf, in := readPatientForm(f)
	if in.FormKey == nil { // a form from before keys, or a forged one: a fresh key
		pf.FormKey = uuid.NewString()
	}
	d := registerData{Form: pf, Errors: f.Errs, Choices: demographicsChoices}
	if len(f.Errs) > 0 {
		f.merge(in.Validate())
		return s.render(w, r, http.StatusUnprocessableEntity, "reception_register", d)
	}
	p, err := s.Clinic.RegisterPatient(r.Context(), a.Scope, in, f.str("confirm_duplicate") == "yes")
	var dup *clinic.DuplicateError
	var lim *clinic.LimitError
	switch {
	case f.merge(err):
		return s.render(w, r, http.StatusUnprocessableEntity, "reception_register", d)
	case errors.As(err, &dup):
		d.Duplicates = dup.Matches
		return s.render(w, r, http.StatusConflict, "reception_register", d)
	case errors.As(err, &lim):
		d.Problem = lim.Detail
		return s.render(w, r, http.StatusConflict, "reception_register", d)
	case err != nil:
		return err
	}
	http.Redirect(w, r, receptionBase(a)+"patients/"+p.ID.String()+"/?registered=1", http.StatusSeeOther)
	return nil
}
