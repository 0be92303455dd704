package web

import (
	"net/http"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
)

// clinicHome greets a member and lists what their role can open.
func (s *Site) clinicHome(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	var clinic dbsqlc.Clinic
	err := s.Store.Read(r.Context(), a.Scope, func(tx dbsqlc.DBTX) error {
		var err error
		clinic, err = s.Store.Queries().GetCurrentClinic(r.Context(), tx)
		return err
	})
	if err != nil {
		return err
	}
	links := navLinks(a.Slug, string(a.Scope.Role))
	return s.render(w, r, http.StatusOK, "clinic_home", struct {
		Clinic dbsqlc.Clinic
		Links  []link
	}{clinic, links})
}
