package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/store"
)

// checkInForm is the check-in form as typed.
type checkInForm struct {
	PatientID, DoctorID, Purpose, Priority, Notes                          string
	BPSystolic, BPDiastolic, Pulse, TemperatureC, SpO2, BloodSugar, Weight string
	// FormKey makes a second submission of this form return the visit of
	// the first.
	FormKey string
}

// checkInData is the check-in page: a patient search when no patient is
// chosen, else the form for the chosen one.
type checkInData struct {
	Q          string
	Found      []clinic.Patient
	Patient    *clinic.Patient
	Doctors    []clinic.Doctor
	Priorities []string
	Form       checkInForm
	Errors     map[string]string
	Problem    string
}

func (s *Site) checkInForm(w http.ResponseWriter, r *http.Request) error {
	d := checkInData{Q: r.URL.Query().Get("q"), Form: checkInForm{Priority: "normal", FormKey: uuid.NewString()}}
	if v := r.URL.Query().Get("patient"); v != "" {
		id, err := uuid.Parse(v)
		if err != nil {
			return httperr.NotFound()
		}
		d.Form.PatientID = id.String()
	}
	return s.renderCheckIn(w, r, http.StatusOK, d)
}

// renderCheckIn loads the chosen patient and the doctors (or the search
// results) and renders the page.
func (s *Site) renderCheckIn(w http.ResponseWriter, r *http.Request, status int, d checkInData) error {
	a, _ := auth.ActorFrom(r.Context())
	d.Priorities = clinic.Priorities
	if id, err := uuid.Parse(d.Form.PatientID); err == nil {
		p, err := s.Clinic.GetPatient(r.Context(), a.Scope, id)
		if err != nil {
			return err // another clinic's patient: 404
		}
		d.Patient = &p
		if d.Doctors, err = s.Clinic.ActiveDoctors(r.Context(), a.Scope); err != nil {
			return err
		}
	} else if d.Q != "" {
		q := patientSearch(d.Q)
		q.Limit = 20
		page, err := s.Clinic.FindPatients(r.Context(), a.Scope, q)
		var fe clinic.FieldErrors
		switch {
		case errors.As(err, &fe):
			d.Errors, status = fe, http.StatusUnprocessableEntity
		case err != nil:
			return err
		}
		d.Found = page.Items
	}
	return s.render(w, r, status, "reception_checkin", d)
}

func (s *Site) checkInPatient(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	cf := checkInForm{PatientID: f.str("patient_id"), DoctorID: f.str("doctor_id"), Purpose: f.str("purpose"),
		Priority: f.str("priority"), Notes: f.str("notes"), BPSystolic: f.str("bp_systolic"),
		BPDiastolic: f.str("bp_diastolic"), Pulse: f.str("pulse"), TemperatureC: f.str("temperature_c"),
		SpO2: f.str("spo2"), BloodSugar: f.str("blood_sugar"), Weight: f.str("weight_kg"), FormKey: f.str("form_key")}
	patientID, err := uuid.Parse(cf.PatientID)
	if err != nil {
		return httperr.NotFound() // the form always carries the chosen patient
	}
	in := clinic.CheckInInput{PatientID: patientID, DoctorID: f.optUUID("doctor_id"), Purpose: cf.Purpose,
		Priority: cf.Priority, Notes: cf.Notes, Vitals: clinic.Vitals{
			BPSystolic: f.optInt("bp_systolic"), BPDiastolic: f.optInt("bp_diastolic"), Pulse: f.optInt("pulse"),
			TemperatureC: f.optFloat("temperature_c"), SpO2: f.optInt("spo2"), BloodSugar: f.optFloat("blood_sugar"),
			WeightKg: f.optFloat("weight_kg")}}
	if key, err := uuid.Parse(cf.FormKey); err == nil {
		in.FormKey = &key
	} else {
		cf.FormKey = uuid.NewString()
	}
	d := checkInData{Form: cf, Errors: f.Errs}
	if len(f.Errs) > 0 {
		f.merge(in.Validate())
		return s.renderCheckIn(w, r, http.StatusUnprocessableEntity, d)
	}
	v, err := s.Clinic.CheckIn(r.Context(), a.Scope, in)
	var se *clinic.StateError
	switch {
	case f.merge(err):
		if f.Errs["patient_id"] != "" { // not this clinic's patient
			return httperr.NotFound()
		}
		return s.renderCheckIn(w, r, http.StatusUnprocessableEntity, d)
	case errors.As(err, &se):
		d.Problem = se.Detail
		return s.renderCheckIn(w, r, http.StatusConflict, d)
	case errors.Is(err, store.ErrNotFound):
		return httperr.NotFound()
	case err != nil:
		return err
	}
	http.Redirect(w, r, receptionBase(a)+"queue/?checked_in="+strconv.Itoa(int(v.Token)), http.StatusSeeOther)
	return nil
}
