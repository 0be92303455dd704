package web

import (
	"errors"
	"net/http"
	"net/mail"
	"regexp"
	"strings"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Platform pages: super admins create, suspend and reinstate clinics and
// invite each clinic's first admin. They never open patient data: every
// write here runs in the clinic's own context with the admin role, on the
// clinics and users tables only.

type field struct {
	Name, Label, Type, Value, Error string
	Required                        bool
}

type platformData struct {
	Clinics []dbsqlc.Clinic
	Fields  []field
}

var (
	slugRe = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	codeRe = regexp.MustCompile(`^[A-Z0-9]{2,12}$`)
)

var clinicFields = []field{
	{Name: "name", Label: "Clinic name", Type: "text", Required: true},
	{Name: "slug", Label: "Web address (lower-case letters, digits, hyphens)", Type: "text", Required: true},
	{Name: "code", Label: "Code for patient numbers (2–12 capital letters or digits)", Type: "text", Required: true},
	{Name: "city", Label: "City", Type: "text"},
	{Name: "state", Label: "State", Type: "text"},
	{Name: "admin_name", Label: "First admin's name", Type: "text", Required: true},
	{Name: "admin_email", Label: "First admin's email", Type: "email", Required: true},
}

func (s *Site) platformClinics(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlatform(w, r, http.StatusOK, map[string]string{}, map[string]string{})
}

func (s *Site) renderPlatform(w http.ResponseWriter, r *http.Request, status int, values, errs map[string]string) error {
	clinics, err := s.Store.PlatformClinics(r.Context())
	if err != nil {
		return err
	}
	fs := make([]field, len(clinicFields))
	for i, f := range clinicFields {
		f.Value, f.Error = values[f.Name], errs[f.Name]
		fs[i] = f
	}
	return s.render(w, r, status, "platform_clinics", platformData{Clinics: clinics, Fields: fs})
}

func validateClinic(v map[string]string) map[string]string {
	errs := map[string]string{}
	if n := len([]rune(v["name"])); n == 0 || n > 200 {
		errs["name"] = "Enter the clinic's name (up to 200 characters)."
	}
	if !slugRe.MatchString(v["slug"]) {
		errs["slug"] = "Use lower-case letters, digits and hyphens, starting and ending with a letter or digit."
	}
	if !codeRe.MatchString(v["code"]) {
		errs["code"] = "Use 2 to 12 capital letters or digits."
	}
	for _, k := range []string{"city", "state"} {
		if len([]rune(v[k])) > 100 {
			errs[k] = "Up to 100 characters."
		}
	}
	if n := len([]rune(v["admin_name"])); n == 0 || n > 200 {
		errs["admin_name"] = "Enter the admin's name."
	}
	if a, err := mail.ParseAddress(v["admin_email"]); err != nil || a.Address != v["admin_email"] || len(v["admin_email"]) > 254 {
		errs["admin_email"] = "Enter an email address such as name@example.com."
	}
	return errs
}

func (s *Site) createClinic(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return httperr.BadForm(err)
	}
	v := map[string]string{}
	for _, f := range clinicFields {
		v[f.Name] = strings.TrimSpace(r.PostFormValue(f.Name))
	}
	v["code"] = strings.ToUpper(v["code"])
	if errs := validateClinic(v); len(errs) > 0 {
		return s.renderPlatform(w, r, http.StatusUnprocessableEntity, v, errs)
	}
	scope := store.Scope{ClinicID: uuid.New(), Role: store.RoleAdmin}
	err := s.Store.Tx(r.Context(), scope, func(tx dbsqlc.DBTX) error {
		q := s.Store.Queries()
		if _, err := q.CreateClinic(r.Context(), tx, dbsqlc.CreateClinicParams{
			Name: v["name"], Slug: v["slug"], Code: v["code"], City: v["city"], State: v["state"],
			Timezone: "Asia/Kolkata", SubscriptionStatus: "trial", MaxDoctors: 10, MaxPatients: 10000, MaxReceptionists: 5,
		}); err != nil {
			return err
		}
		_, err := q.InviteUser(r.Context(), tx, dbsqlc.InviteUserParams{
			DisplayName: v["admin_name"], Email: v["admin_email"], Role: string(store.RoleAdmin),
		})
		return err
	})
	if errors.Is(err, store.ErrConflict) {
		return s.renderPlatform(w, r, http.StatusConflict, v, map[string]string{"slug": "That web address is taken."})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/platform/clinics", http.StatusSeeOther)
	return nil
}

// setClinicSuspended suspends a clinic (its members lose access at their
// next request) or reinstates it.
func (s *Site) setClinicSuspended(suspend bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := s.Store.ClinicIDBySlug(r.Context(), r.PathValue("slug"))
		if err != nil {
			return err
		}
		status := "active"
		if suspend {
			status = "suspended"
		}
		scope := store.Scope{ClinicID: id, Role: store.RoleAdmin}
		err = s.Store.Tx(r.Context(), scope, func(tx dbsqlc.DBTX) error {
			_, err := s.Store.Queries().UpdateClinicSubscription(r.Context(), tx, dbsqlc.UpdateClinicSubscriptionParams{
				ID: id, SubscriptionStatus: status,
			})
			return err
		})
		if err != nil {
			return err
		}
		http.Redirect(w, r, "/platform/clinics", http.StatusSeeOther)
		return nil
	}
}
