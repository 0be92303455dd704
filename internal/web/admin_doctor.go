package web

import (
	"errors"
	"net/http"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// A doctor's profile: specialization, qualification and the license
// (registration) number printed on prescriptions, unique in the clinic.

type adminDoctorData struct {
	User    dbsqlc.User
	Profile *clinic.DoctorProfile
	Version string
	Fields  []formField
	Problem string
}

func doctorFields(existing bool) []formField {
	fs := []formField{
		{Name: "specialization", Label: "Specialization", Type: "text", Max: 200},
		{Name: "qualification", Label: "Qualification", Type: "text", Max: 200, Hint: "Such as MBBS, MD."},
		{Name: "license_number", Label: "License (registration) number", Type: "text", Required: true, Max: 64,
			Hint: "Printed on prescriptions; no two doctors of the clinic share one."},
	}
	if existing {
		fs = append(fs, formField{Name: "active", Label: "Sees patients (offered at check-in)", Type: "checkbox"})
	}
	return fs
}

func (s *Site) adminDoctor(w http.ResponseWriter, r *http.Request) error {
	return s.renderDoctor(w, r, http.StatusOK, nil, nil, "")
}

// renderDoctor shows the profile form of member {id}: two reads.
func (s *Site) renderDoctor(w http.ResponseWriter, r *http.Request, status int, posted map[string]string, errs map[string]string, problem string) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.Clinic.GetUser(r.Context(), a.Scope, id)
	if err != nil {
		return err
	}
	d := adminDoctorData{User: u, Problem: problem}
	p, err := s.Clinic.DoctorProfileByUser(r.Context(), a.Scope, id)
	switch {
	case err == nil:
		d.Profile, d.Version = &p, clinic.Version(p.UpdatedAt)
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	values := map[string]string{"active": "on"}
	if d.Profile != nil {
		values = map[string]string{"specialization": p.Specialization, "qualification": p.Qualification,
			"license_number": p.LicenseNumber, "active": onOff(p.Active)}
	}
	if posted != nil {
		values = posted
	}
	d.Fields = fill(doctorFields(d.Profile != nil), values, errs)
	return s.render(w, r, status, "admin_doctor", d)
}

func (s *Site) adminSaveDoctor(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	version := f.str("version")
	v := postedValues(f, doctorFields(version != ""))
	in := clinic.DoctorInput{Specialization: v["specialization"], Qualification: v["qualification"],
		LicenseNumber: v["license_number"], Active: f.bool("active")}
	if version == "" {
		_, err = s.Clinic.CreateDoctorProfile(r.Context(), a.Scope, id, in)
	} else {
		var p clinic.DoctorProfile
		if p, err = s.Clinic.DoctorProfileByUser(r.Context(), a.Scope, id); err == nil {
			_, err = s.Clinic.UpdateDoctorProfile(r.Context(), a.Scope, p.ID, version, in)
		}
	}
	if status, msg, fields, ok := formProblem(err); ok {
		return s.renderDoctor(w, r, status, v, fields, msg)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, s.staffURL(a, "doctor"), http.StatusSeeOther)
	return nil
}
