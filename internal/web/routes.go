package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/store"
)

// route is one row of the clinic pages' route × role table.
type route struct {
	Method  string
	Pattern string // under /clinic/{slug}
	Roles   []store.Role
	Handler func(http.ResponseWriter, *http.Request) error
}

var (
	everyone = store.Roles
	admins   = []store.Role{store.RoleAdmin}
)

// clinicRoutes is the route × role table of the clinic pages: who may
// open what. docs/routes.md mirrors it.
func (s *Site) clinicRoutes() []route {
	rs := []route{
		{"GET", "/", everyone, s.clinicHome},
		{"GET", "/admin-dashboard/", admins, s.adminUsers},
		{"POST", "/admin/users/invite", admins, s.inviteUser},
		{"POST", "/admin/users/{id}/deactivate", admins, s.setUserActive(false)},
		{"POST", "/admin/users/{id}/activate", admins, s.setUserActive(true)},
		{"GET", "/admin/audit/", admins, s.adminAudit},
		{"GET", "/patient/access-log/", []store.Role{store.RolePatient}, s.patientAccessLog},
	}
	// Each area of the clinic's day keeps its routes beside its handlers.
	for _, area := range [][]route{s.receptionRoutes(), s.doctorRoutes(), s.labRoutes(), s.patientRoutes(), s.adminRoutes()} {
		rs = append(rs, area...)
	}
	return rs
}

// Routes mounts the pages on r. The caller has already loaded the session
// and the identity.
func (s *Site) Routes(r chi.Router) {
	r.Get("/", s.handle(s.home))
	r.Get("/login", s.handle(s.loginPage))
	r.Post("/login", s.handle(s.Login.Start))
	r.Get("/auth/callback", s.handle(s.Login.Callback))
	r.Post("/logout", s.handle(s.Login.Logout))

	r.Route("/clinic/{slug}", func(r chi.Router) {
		r.Use(auth.RequireLogin(s.Error), auth.Clinic(s.Store, s.Error), s.Login.RenewOnRoleChange)
		for _, rt := range s.clinicRoutes() {
			r.With(auth.Allow(s.Error, rt.Roles...)).Method(rt.Method, rt.Pattern, s.handle(rt.Handler))
		}
	})
	r.Route("/platform", func(r chi.Router) {
		r.Use(auth.RequireLogin(s.Error), auth.RequireSuperAdmin(s.Error))
		r.Get("/clinics", s.handle(s.platformClinics))
		r.Post("/clinics", s.handle(s.createClinic))
		r.Post("/clinics/{slug}/suspend", s.handle(s.setClinicSuspended(true)))
		r.Post("/clinics/{slug}/reinstate", s.handle(s.setClinicSuspended(false)))
	})
}
