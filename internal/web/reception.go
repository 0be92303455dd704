package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/store"
)

// desk is who does reception work: receptionists, and admins, who may
// stand in for them.
var desk = []store.Role{store.RoleReceptionist, store.RoleAdmin}

// receptionRoutes are the reception pages.
func (s *Site) receptionRoutes() []route {
	return []route{
		{"GET", "/reception/", desk, s.receptionHome},
		{"GET", "/reception/register/", desk, s.registerForm},
		{"POST", "/reception/register/", desk, s.registerPatient},
		{"GET", "/reception/patients/", desk, s.findPatients},
		{"GET", "/reception/patients/{id}/", desk, s.patientDetail},
		{"POST", "/reception/patients/{id}/", desk, s.updatePatient},
		{"POST", "/reception/patients/{id}/portal-invitation", desk, s.invitePatientToPortal},
		{"GET", "/reception/patient-checkin/", desk, s.checkInForm},
		{"POST", "/reception/patient-checkin/", desk, s.checkInPatient},
		{"GET", "/reception/queue/", desk, s.receptionQueue},
		{"GET", "/reception/visits/{id}/cancel/", desk, s.cancelVisitForm},
		{"POST", "/reception/visits/{id}/cancel/", desk, s.cancelVisit},
	}
}

// receptionBase is the path of the reception pages of the actor's clinic.
func receptionBase(a auth.Actor) string { return "/clinic/" + a.Slug + "/reception/" }

// isHTMX reports a request htmx made, which wants a fragment of the page.
func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// renderPart renders one named template of a page without the layout: the
// fragment htmx swaps in.
func (s *Site) renderPart(w http.ResponseWriter, r *http.Request, name, part string, data any) error {
	t, err := s.template(r, http.StatusOK, name)
	if err != nil {
		return fmt.Errorf("render %s/%s: %w", name, part, err)
	}
	p := page{Data: data}
	if a, ok := auth.ActorFrom(r.Context()); ok {
		p.Actor = &a
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, part, p); err != nil {
		return fmt.Errorf("render %s/%s: %w", name, part, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Vary", "HX-Request")
	_, err = buf.WriteTo(w)
	return err
}

// patientSearch reads the one search box of the reception pages: a patient
// number (letters, digits and dashes with a dash, such as PT-SKC-2026-00012),
// a phone number (mostly digits), or else the start of a name.
func patientSearch(q string) clinic.PatientQuery {
	q = strings.TrimSpace(q)
	digits, letters, other := 0, 0, 0
	for _, r := range q {
		switch {
		case unicode.IsDigit(r):
			digits++
		case unicode.IsLetter(r):
			letters++
		case strings.ContainsRune("+-() .", r):
		default:
			other++
		}
	}
	switch {
	case q == "":
		return clinic.PatientQuery{}
	case letters > 0 && digits > 0 && strings.Contains(q, "-") && !strings.ContainsAny(q, " "):
		return clinic.PatientQuery{Number: q}
	case letters == 0 && other == 0 && digits >= 6:
		return clinic.PatientQuery{Phone: q}
	}
	return clinic.PatientQuery{NamePrefix: q}
}

// patientForm is the demographics form as typed, so that a refused form
// comes back exactly as the user left it.
type patientForm struct {
	Name, DateOfBirth, AgeYears, Sex, Phone, Email, Address, WeightKg, BloodGroup, Allergies string
	EmergencyContactName, EmergencyContactPhone                                              string
	// Version is the record's version the edit started from (edits only).
	Version string
	// FormKey makes a second submission of a registration form return the
	// patient of the first (registration only).
	FormKey string
}

func patientFormOf(p clinic.Patient) patientForm {
	f := patientForm{Name: p.Name, Sex: p.Sex, Phone: p.Phone, Email: p.Email, Address: p.Address,
		BloodGroup: p.BloodGroup, Allergies: p.Allergies, EmergencyContactName: p.EmergencyContactName,
		EmergencyContactPhone: p.EmergencyContactPhone, Version: clinic.Version(p.UpdatedAt)}
	if p.DateOfBirth != nil {
		f.DateOfBirth = p.DateOfBirth.Format("2006-01-02")
	}
	if p.AgeYears != nil {
		f.AgeYears = strconv.Itoa(int(*p.AgeYears))
	}
	if p.WeightKg != nil {
		f.WeightKg = strconv.FormatFloat(*p.WeightKg, 'f', -1, 64)
	}
	return f
}

// readPatientForm reads the demographics form; values that do not parse
// are recorded in f.Errs.
func readPatientForm(f *formReader) (patientForm, clinic.PatientInput) {
	pf := patientForm{Name: f.str("name"), DateOfBirth: f.str("date_of_birth"), AgeYears: f.str("age_years"),
		Sex: f.str("sex"), Phone: f.str("phone"), Email: f.str("email"), Address: f.str("address"),
		WeightKg: f.str("weight_kg"), BloodGroup: f.str("blood_group"), Allergies: f.str("allergies"),
		EmergencyContactName: f.str("emergency_contact_name"), EmergencyContactPhone: f.str("emergency_contact_phone"),
		Version: f.str("version"), FormKey: f.str("form_key")}
	// An empty choice is "unknown", as the domain reads it.
	if pf.Sex == "" {
		pf.Sex = "unknown"
	}
	if pf.BloodGroup == "" {
		pf.BloodGroup = "unknown"
	}
	in := clinic.PatientInput{Name: pf.Name, DateOfBirth: f.optDate("date_of_birth"), AgeYears: f.optInt("age_years"),
		Sex: pf.Sex, Phone: pf.Phone, Email: pf.Email, Address: pf.Address, WeightKg: f.optFloat("weight_kg"),
		BloodGroup: pf.BloodGroup, Allergies: pf.Allergies, EmergencyContactName: pf.EmergencyContactName,
		EmergencyContactPhone: pf.EmergencyContactPhone}
	if key, err := uuid.Parse(pf.FormKey); err == nil {
		in.FormKey = &key
	}
	return pf, in
}

// patientChoices are the select options of the demographics form.
type patientChoices struct{ Sexes, BloodGroups []string }

var demographicsChoices = patientChoices{Sexes: clinic.Sexes, BloodGroups: clinic.BloodGroups}
