package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/httperr"
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
		// A sub-router does not inherit the group's not-found page: without
		// this, an unknown path in one's own clinic is chi's plain text.
		r.NotFound(func(w http.ResponseWriter, r *http.Request) { s.Error(w, r, httperr.NotFound()) })
		for _, rt := range s.clinicRoutes() {
			r.With(auth.Allow(s.Error, rt.Roles...)).Method(rt.Method, rt.Pattern, s.handle(rt.Handler))
		}
	})
	s.platformRoutes(r)
}
