package web

import (
	"net/http"

	"github.com/santkrupa/santkrupa/internal/auth"
)

// adminDashboard shows the clinic at a glance: today's visits by status,
// this month's registrations, pending tests and staff against the plan.
func (s *Site) adminDashboard(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	d, err := s.Clinic.Dashboard(r.Context(), a.Scope)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "admin_dashboard", d)
}
