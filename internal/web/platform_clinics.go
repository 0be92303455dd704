package web

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/httperr"
)

// Platform pages: super admins create clinics (inviting each one's first
// admin), edit their plan, suspend and reactivate them. They see clinic
// rows and counts, never patient data (see clinic.PlatformClinics).

// platformRoutes mounts /platform; to anyone but a super admin it does not
// exist (404).
func (s *Site) platformRoutes(r chi.Router) {
	r.Route("/platform", func(r chi.Router) {
		r.Use(auth.RequireLogin(s.Error), auth.RequireSuperAdmin(s.Error))
		r.NotFound(func(w http.ResponseWriter, r *http.Request) { s.Error(w, r, httperr.NotFound()) })
		r.Get("/clinics", s.handle(s.platformClinics))
		r.Post("/clinics", s.handle(s.platformCreateClinic))
		r.Get("/clinics/{slug}/", s.handle(s.platformClinic))
		r.Post("/clinics/{slug}/", s.handle(s.platformUpdateClinic))
		r.Post("/clinics/{slug}/suspend", s.handle(s.platformSetSuspended(true)))
		r.Post("/clinics/{slug}/reactivate", s.handle(s.platformSetSuspended(false)))
	})
}

type platformClinicsData struct {
	Clinics []clinic.PlatformClinic
	Next    string
	Fields  []formField
	Problem string
}

type platformClinicData struct {
	Clinic  clinic.PlatformClinic
	Version string
	Fields  []formField
	Notice  string
	Problem string
}

func newClinicFields() []formField {
	return []formField{
		{Name: "name", Label: "Clinic name", Type: "text", Required: true, Max: 200},
		{Name: "slug", Label: "Web address", Type: "text", Required: true, Max: 63,
			Hint: "Lower-case letters, digits and hyphens: the clinic's pages live at /clinic/<address>/."},
		{Name: "code", Label: "Patient-number code", Type: "text", Required: true, Max: 12, Hint: "2 to 12 capital letters or digits."},
		{Name: "city", Label: "City", Type: "text", Max: 100},
		{Name: "state", Label: "State", Type: "text", Max: 100},
		{Name: "timezone", Label: "Timezone", Type: "text", Max: 64, Value: clinic.DefaultTimezone},
		{Name: "admin_name", Label: "First admin's name", Type: "text", Max: 200},
		{Name: "admin_email", Label: "First admin's email", Type: "email", Required: true, Max: 254,
			Hint: "Invited as the clinic's administrator; they join at their first sign-in with this verified address."},
		{Name: "max_doctors", Label: "Doctors allowed", Type: "number", Value: strconv.Itoa(clinic.DefaultMaxDoctors)},
		{Name: "max_receptionists", Label: "Receptionists allowed", Type: "number", Value: strconv.Itoa(clinic.DefaultMaxReceptionists)},
		{Name: "max_patients", Label: "Patients allowed", Type: "number", Value: strconv.Itoa(clinic.DefaultMaxPatients)},
		{Name: "subscription_status", Label: "Subscription", Type: "select", Value: "trial", Options: options(clinic.SubscriptionStatuses...)},
	}
}

func planFields() []formField {
	return []formField{
		{Name: "name", Label: "Clinic name", Type: "text", Required: true, Max: 200},
		{Name: "max_doctors", Label: "Doctors allowed", Type: "number", Required: true},
		{Name: "max_receptionists", Label: "Receptionists allowed", Type: "number", Required: true},
		{Name: "max_patients", Label: "Patients allowed", Type: "number", Required: true},
		{Name: "subscription_status", Label: "Subscription", Type: "select", Options: options(clinic.SubscriptionStatuses...),
			Hint: "A suspended clinic is closed to its members."},
		{Name: "subscription_ends_on", Label: "Subscription ends on", Type: "date"},
	}
}

func (s *Site) platformClinics(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlatformClinics(w, r, http.StatusOK, nil, nil, "")
}

func (s *Site) renderPlatformClinics(w http.ResponseWriter, r *http.Request, status int, posted map[string]string, errs map[string]string, problem string) error {
	page, err := s.Clinic.PlatformClinics(r.Context(), r.URL.Query().Get("cursor"), clinic.DefaultPageSize)
	if err != nil {
		return err
	}
	d := platformClinicsData{Clinics: page.Items, Fields: fill(newClinicFields(), posted, errs), Problem: problem}
	if page.Next != "" {
		d.Next = "?cursor=" + page.Next
	}
	return s.render(w, r, status, "platform_clinics", d)
}

func (s *Site) platformCreateClinic(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	v := postedValues(f, newClinicFields())
	in := clinic.NewClinicInput{Name: v["name"], Slug: v["slug"], Code: v["code"], City: v["city"], State: v["state"],
		Timezone: v["timezone"], AdminName: v["admin_name"], AdminEmail: v["admin_email"],
		MaxDoctors: f.optInt("max_doctors"), MaxReceptionists: f.optInt("max_receptionists"),
		MaxPatients: f.optInt("max_patients"), SubscriptionStatus: v["subscription_status"]}
	var c clinic.PlatformClinic
	if len(f.Errs) == 0 {
		c, _, err = s.Clinic.PlatformCreateClinic(r.Context(), in)
	} else {
		f.merge(in.Check())
		err = f.Errs
	}
	if status, msg, fields, ok := formProblem(err); ok {
		f.merge(fields)
		return s.renderPlatformClinics(w, r, status, v, f.Errs, msg)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/platform/clinics/"+c.Slug+"/?done=created", http.StatusSeeOther)
	return nil
}

func (s *Site) platformClinic(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlatformClinic(w, r, http.StatusOK, nil, nil, "")
}

func (s *Site) renderPlatformClinic(w http.ResponseWriter, r *http.Request, status int, posted map[string]string, errs map[string]string, problem string) error {
	c, err := s.Clinic.PlatformClinicBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	values := map[string]string{"name": c.Name, "max_doctors": strconv.Itoa(int(c.MaxDoctors)),
		"max_receptionists": strconv.Itoa(int(c.MaxReceptionists)), "max_patients": strconv.Itoa(int(c.MaxPatients)),
		"subscription_status": c.SubscriptionStatus}
	if c.SubscriptionEndsOn != nil {
		values["subscription_ends_on"] = c.SubscriptionEndsOn.Format("2006-01-02")
	}
	if posted != nil {
		values = posted
	}
	return s.render(w, r, status, "platform_clinic", platformClinicData{Clinic: c, Version: clinic.Version(c.UpdatedAt),
		Fields: fill(planFields(), values, errs), Notice: doneNotice(r), Problem: problem})
}

func (s *Site) platformUpdateClinic(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	v := postedValues(f, planFields())
	in := clinic.ClinicPlanInput{Name: v["name"], SubscriptionStatus: v["subscription_status"],
		SubscriptionEndsOn: f.optDate("subscription_ends_on")}
	for name, dst := range map[string]*int32{"max_doctors": &in.MaxDoctors, "max_receptionists": &in.MaxReceptionists, "max_patients": &in.MaxPatients} {
		if n := f.optInt(name); n != nil {
			*dst = *n
		} else {
			f.fail(name, "Enter a whole number.")
		}
	}
	if len(f.Errs) == 0 {
		_, err = s.Clinic.PlatformUpdateClinic(r.Context(), r.PathValue("slug"), f.str("version"), in)
	} else {
		f.merge(in.Check())
		err = f.Errs
	}
	if status, msg, fields, ok := formProblem(err); ok {
		f.merge(fields)
		return s.renderPlatformClinic(w, r, status, v, f.Errs, msg)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/platform/clinics/"+r.PathValue("slug")+"/?done=saved", http.StatusSeeOther)
	return nil
}

// platformSetSuspended suspends a clinic (its members lose access at their
// next request) or reactivates it.
func (s *Site) platformSetSuspended(suspend bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		slug := r.PathValue("slug")
		var err error
		done := "suspended"
		if suspend {
			_, err = s.Clinic.PlatformSuspendClinic(r.Context(), slug)
		} else {
			_, err = s.Clinic.PlatformReactivateClinic(r.Context(), slug)
			done = "reactivated"
		}
		if status, msg, _, ok := formProblem(err); ok {
			return s.renderPlatformClinic(w, r, status, nil, nil, msg)
		}
		if err != nil {
			return err
		}
		http.Redirect(w, r, "/platform/clinics/"+slug+"/?done="+done, http.StatusSeeOther)
		return nil
	}
}
