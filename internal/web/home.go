package web

import (
	"net/http"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
)

// home is the start page: the sign-in button, or the clinics of the
// signed-in person — straight into the only one when there is just one.
func (s *Site) home(w http.ResponseWriter, r *http.Request) error {
	id, ok := auth.IdentityFrom(r.Context())
	if !ok {
		return s.render(w, r, http.StatusOK, "login", loginData{DevIdP: s.DevIdP})
	}
	clinics, err := s.Store.IdentityClinics(r.Context(), id.Issuer, id.Subject)
	if err != nil {
		return err
	}
	if len(clinics) == 1 && !id.SuperAdmin {
		http.Redirect(w, r, "/clinic/"+clinics[0].Slug+"/", http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, "home", struct{ Clinics []dbsqlc.Clinic }{clinics})
}

type loginData struct {
	Next   string
	DevIdP bool
}

// loginPage shows the sign-in button; the POST starts the flow, so a GET
// changes nothing.
func (s *Site) loginPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "login", loginData{Next: auth.LocalPath(r.URL.Query().Get("next")), DevIdP: s.DevIdP})
}
