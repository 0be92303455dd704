package api

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auth"
)

type membership struct {
	ClinicID   uuid.UUID `json:"clinic_id"`
	ClinicSlug string    `json:"clinic_slug"`
	ClinicName string    `json:"clinic_name"`
	UserID     uuid.UUID `json:"user_id"`
	Role       string    `json:"role"`
}

type meResponse struct {
	Issuer      string       `json:"issuer"`
	Subject     string       `json:"subject"`
	Name        string       `json:"name,omitempty"`
	Email       string       `json:"email,omitempty"`
	SuperAdmin  bool         `json:"super_admin"`
	Memberships []membership `json:"memberships"`
}

// me answers who the token is and where it may act.
func (a *API) me(w http.ResponseWriter, r *http.Request) error {
	id, _ := auth.IdentityFrom(r.Context())
	users, err := a.Store.IdentityMemberships(r.Context(), id.Issuer, id.Subject)
	if err != nil {
		return err
	}
	clinics, err := a.Store.IdentityClinics(r.Context(), id.Issuer, id.Subject)
	if err != nil {
		return err
	}
	resp := meResponse{Issuer: id.Issuer, Subject: id.Subject, Name: id.Name, Email: id.Email,
		SuperAdmin: id.SuperAdmin, Memberships: []membership{}}
	for _, c := range clinics {
		for _, u := range users {
			if u.ClinicID == c.ID && u.Active {
				resp.Memberships = append(resp.Memberships, membership{
					ClinicID: c.ID, ClinicSlug: c.Slug, ClinicName: c.Name, UserID: u.ID, Role: u.Role,
				})
			}
		}
	}
	return writeJSON(w, http.StatusOK, resp)
}

// clinicMe answers which membership acts in the URL's clinic.
func (a *API) clinicMe(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	return writeJSON(w, http.StatusOK, membership{
		ClinicID: act.User.ClinicID, ClinicSlug: act.Slug, UserID: act.User.ID, Role: act.User.Role,
	})
}
