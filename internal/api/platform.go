package api

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/httperr"
)

// The platform resources: clinics, for super admins only. They carry
// clinic rows and counts, never patient data.

// platformRoutes mounts the platform resources.
func (a *API) platformRoutes(r chi.Router) {
	r.Route("/platform", func(r chi.Router) {
		r.Use(a.platformOperatorsOnly)
		r.Get("/clinics", a.handle(a.platformListClinics))
		r.Post("/clinics", a.handle(a.platformCreateClinic))
		r.Get("/clinics/{slug}", a.handle(a.platformGetClinic))
		r.Patch("/clinics/{slug}", a.handle(a.platformPatchClinic))
		r.Post("/clinics/{slug}/suspend", a.handle(a.platformSuspend(true)))
		r.Post("/clinics/{slug}/reactivate", a.handle(a.platformSuspend(false)))
	})
}

// platformOperatorsOnly refuses every token but a super admin's with 403.
// Unlike the pages (404), the API's platform routes are public in its
// contract, so refusing them hides nothing and tells an integrator what is
// wrong with the token.
func (a *API) platformOperatorsOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id, ok := auth.IdentityFrom(r.Context()); !ok || !id.SuperAdmin {
			a.Error(w, r, httperr.New(http.StatusForbidden, "forbidden", "Only platform operators may use the platform endpoints."))
			return
		}
		next.ServeHTTP(w, r)
	})
}

type platformClinicJSON struct {
	ID                 uuid.UUID `json:"id"`
	ClinicID           uuid.UUID `json:"clinic_id"`
	Name               string    `json:"name"`
	Slug               string    `json:"slug"`
	Code               string    `json:"code"`
	City               string    `json:"city"`
	State              string    `json:"state"`
	Timezone           string    `json:"timezone"`
	SubscriptionStatus string    `json:"subscription_status"`
	SubscriptionEndsOn *string   `json:"subscription_ends_on"`
	MaxDoctors         int32     `json:"max_doctors"`
	MaxPatients        int32     `json:"max_patients"`
	MaxReceptionists   int32     `json:"max_receptionists"`
	Active             bool      `json:"active"`
	Patients           int64     `json:"patients"`
	Staff              int64     `json:"staff"`
	VisitsThisMonth    int64     `json:"visits_this_month"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

func platformClinicOut(c clinic.PlatformClinic) platformClinicJSON {
	return platformClinicJSON{ID: c.ID, ClinicID: c.ID, Name: c.Name, Slug: c.Slug, Code: c.Code, City: c.City, State: c.State,
		Timezone: c.Timezone, SubscriptionStatus: c.SubscriptionStatus, SubscriptionEndsOn: adminDate(c.SubscriptionEndsOn),
		MaxDoctors: c.MaxDoctors, MaxPatients: c.MaxPatients, MaxReceptionists: c.MaxReceptionists, Active: c.Active,
		Patients: c.Patients, Staff: c.Staff, VisitsThisMonth: c.VisitsThisMonth, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

func (a *API) platformListClinics(w http.ResponseWriter, r *http.Request) error {
	fields := map[string]string{}
	n, cursor := pageParams(r, fields)
	if len(fields) > 0 {
		return queryInvalid(fields)
	}
	page, err := a.Clinic.PlatformClinics(r.Context(), cursor, n)
	if err != nil {
		return err
	}
	return writeList(w, r, page, platformClinicOut)
}

type platformClinicBody struct {
	Name               string  `json:"name"`
	Slug               string  `json:"slug"`
	Code               string  `json:"code"`
	City               string  `json:"city"`
	State              string  `json:"state"`
	Timezone           string  `json:"timezone"`
	AdminEmail         string  `json:"admin_email"`
	AdminName          string  `json:"admin_name"`
	MaxDoctors         *int32  `json:"max_doctors"`
	MaxPatients        *int32  `json:"max_patients"`
	MaxReceptionists   *int32  `json:"max_receptionists"`
	SubscriptionStatus string  `json:"subscription_status"`
	SubscriptionEndsOn *string `json:"subscription_ends_on"`
}

// platformDate parses an optional YYYY-MM-DD field.
func platformDate(field string, v *string) (*time.Time, error) {
	if v == nil {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, *v)
	if err != nil {
		return nil, clinic.FieldErrors{field: "Enter a date such as 2027-03-31."}
	}
	return &t, nil
}

func (a *API) platformCreateClinic(w http.ResponseWriter, r *http.Request) error {
	var b platformClinicBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	ends, err := platformDate("subscription_ends_on", b.SubscriptionEndsOn)
	if err != nil {
		return err
	}
	c, _, err := a.Clinic.PlatformCreateClinic(r.Context(), clinic.NewClinicInput{
		Name: b.Name, Slug: b.Slug, Code: b.Code, City: b.City, State: b.State, Timezone: b.Timezone,
		AdminName: b.AdminName, AdminEmail: b.AdminEmail, MaxDoctors: b.MaxDoctors, MaxPatients: b.MaxPatients,
		MaxReceptionists: b.MaxReceptionists, SubscriptionStatus: b.SubscriptionStatus, SubscriptionEndsOn: ends,
	})
	if err != nil {
		return err
	}
	return adminCreated(w, "/api/v1/platform/clinics/"+c.Slug, clinic.Version(c.UpdatedAt), platformClinicOut(c))
}

func (a *API) platformGetClinic(w http.ResponseWriter, r *http.Request) error {
	c, err := a.Clinic.PlatformClinicBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return adminWithETag(w, clinic.Version(c.UpdatedAt), platformClinicOut(c))
}

type platformClinicPatch struct {
	Name               *string          `json:"name"`
	MaxDoctors         *int32           `json:"max_doctors"`
	MaxPatients        *int32           `json:"max_patients"`
	MaxReceptionists   *int32           `json:"max_receptionists"`
	SubscriptionStatus *string          `json:"subscription_status"`
	SubscriptionEndsOn adminOpt[string] `json:"subscription_ends_on"`
}

func (a *API) platformPatchClinic(w http.ResponseWriter, r *http.Request) error {
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	var p platformClinicPatch
	if err := decodeJSON(w, r, &p); err != nil {
		return err
	}
	cur, err := a.Clinic.PlatformClinicBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if err := adminStale(version, cur.UpdatedAt); err != nil {
		return err
	}
	in := clinic.ClinicPlanInput{Name: adminOr(p.Name, cur.Name), MaxDoctors: adminOr(p.MaxDoctors, cur.MaxDoctors),
		MaxPatients: adminOr(p.MaxPatients, cur.MaxPatients), MaxReceptionists: adminOr(p.MaxReceptionists, cur.MaxReceptionists),
		SubscriptionStatus: adminOr(p.SubscriptionStatus, cur.SubscriptionStatus), SubscriptionEndsOn: cur.SubscriptionEndsOn}
	if p.SubscriptionEndsOn.Set {
		if in.SubscriptionEndsOn, err = platformDate("subscription_ends_on", p.SubscriptionEndsOn.Value); err != nil {
			return err
		}
	}
	c, err := a.Clinic.PlatformUpdateClinic(r.Context(), cur.Slug, version, in)
	if err != nil {
		return err
	}
	return adminWithETag(w, clinic.Version(c.UpdatedAt), platformClinicOut(c))
}

func (a *API) platformSuspend(suspend bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		var c clinic.PlatformClinic
		var err error
		if suspend {
			c, err = a.Clinic.PlatformSuspendClinic(r.Context(), r.PathValue("slug"))
		} else {
			c, err = a.Clinic.PlatformReactivateClinic(r.Context(), r.PathValue("slug"))
		}
		if err != nil {
			return err
		}
		return adminWithETag(w, clinic.Version(c.UpdatedAt), platformClinicOut(c))
	}
}
