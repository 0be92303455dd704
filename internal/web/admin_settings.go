package web

import (
	"net/http"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
)

// Clinic settings: name and letterhead (printed on prescriptions), the
// timezone that decides "today", and the code in new patient numbers.

type adminSettingsData struct {
	Clinic  dbsqlc.Clinic
	Version string
	Fields  []formField
	Notice  string
	Problem string
}

func settingsFields() []formField {
	return []formField{
		{Name: "name", Label: "Clinic name", Type: "text", Required: true, Max: 200},
		{Name: "address", Label: "Address", Type: "textarea", Max: 500},
		{Name: "city", Label: "City", Type: "text", Max: 100},
		{Name: "state", Label: "State", Type: "text", Max: 100},
		{Name: "postal_code", Label: "Postal code", Type: "text", Max: 20},
		{Name: "phone", Label: "Phone", Type: "tel", Max: 30},
		{Name: "email", Label: "Email", Type: "email", Max: 254},
		{Name: "registration_number", Label: "Registration number", Type: "text", Max: 100,
			Hint: "The clinic's registration with the health authority, printed on the letterhead."},
		{Name: "timezone", Label: "Timezone", Type: "text", Required: true, Max: 64,
			Hint: "An IANA name such as Asia/Kolkata: it decides when the clinic's day and month begin."},
		{Name: "code", Label: "Patient-number code", Type: "text", Required: true, Max: 12,
			Hint: "2 to 12 capital letters or digits, as in PT-CODE-2026-00001. A new code applies to patients registered from now on."},
	}
}

func settingsValues(c dbsqlc.Clinic) map[string]string {
	return map[string]string{"name": c.Name, "address": c.Address, "city": c.City, "state": c.State,
		"postal_code": c.PostalCode, "phone": c.Phone, "email": c.Email,
		"registration_number": c.RegistrationNumber, "timezone": c.Timezone, "code": c.Code}
}

func (s *Site) adminSettings(w http.ResponseWriter, r *http.Request) error {
	return s.renderSettings(w, r, http.StatusOK, nil, nil, "")
}

func (s *Site) renderSettings(w http.ResponseWriter, r *http.Request, status int, posted map[string]string, errs map[string]string, problem string) error {
	a, _ := auth.ActorFrom(r.Context())
	c, err := s.Clinic.ClinicSettings(r.Context(), a.Scope)
	if err != nil {
		return err
	}
	values := settingsValues(c)
	if posted != nil {
		values = posted
	}
	return s.render(w, r, status, "admin_settings", adminSettingsData{Clinic: c, Version: clinic.Version(c.UpdatedAt),
		Fields: fill(settingsFields(), values, errs), Notice: doneNotice(r), Problem: problem})
}

func (s *Site) adminSaveSettings(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	v := postedValues(f, settingsFields())
	_, err = s.Clinic.UpdateClinicSettings(r.Context(), a.Scope, f.str("version"), clinic.SettingsInput{
		Name: v["name"], Code: v["code"], Address: v["address"], City: v["city"], State: v["state"],
		PostalCode: v["postal_code"], Phone: v["phone"], Email: v["email"],
		RegistrationNumber: v["registration_number"], Timezone: v["timezone"],
	})
	if status, msg, fields, ok := formProblem(err); ok {
		return s.renderSettings(w, r, status, v, fields, msg)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/clinic/"+a.Slug+"/admin/settings/?done=saved", http.StatusSeeOther)
	return nil
}
