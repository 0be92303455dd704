// Package api serves the JSON API under /api/v1. Handlers return errors;
// one adapter logs them and answers RFC 9457 problem+json.
package api

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/store"
)

// API is the JSON side of Santkrupa.
type API struct {
	Store  *store.Store
	Clinic *clinic.Service
	Bearer *auth.Bearer
	Log    *slog.Logger
}

// Routes mounts /api/v1 on r.
func (a *API) Routes(r chi.Router) {
	r.Route("/api/v1", func(r chi.Router) {
		r.Use(a.Bearer.Middleware(a.Error))
		r.Get("/me", a.handle(a.me))
		r.Route("/clinics/{slug}", func(r chi.Router) {
			r.Use(auth.Clinic(a.Store, a.Error))
			r.Get("/me", a.handle(a.clinicMe))
			r.With(auth.Allow(a.Error, store.RoleAdmin)).Get("/audit-events", a.handle(a.auditEvents))
			// Each resource area mounts its own routes beside its handlers.
			a.receptionRoutes(r)
			a.doctorRoutes(r)
			a.labRoutes(r)
			a.adminRoutes(r)
		})
		a.platformRoutes(r)
		r.NotFound(a.handle(func(http.ResponseWriter, *http.Request) error { return httperr.NotFound() }))
	})
}

func (a *API) handle(h func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			a.Error(w, r, err)
		}
	}
}

// problem is an RFC 9457 problem document.
type problem struct {
	Type     string            `json:"type"`
	Title    string            `json:"title"`
	Status   int               `json:"status"`
	Detail   string            `json:"detail,omitempty"`
	Instance string            `json:"instance,omitempty"`
	Errors   map[string]string `json:"errors,omitempty"`
}

// Error logs err and writes it as problem+json; a 5xx never carries the
// cause.
func (a *API) Error(w http.ResponseWriter, r *http.Request, err error) {
	e := httperr.From(err)
	httperr.Log(a.Log, r, e)
	if e.Status == 499 {
		return
	}
	httperr.WriteHeaders(w, e)
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(e.Status)
	_ = json.NewEncoder(w).Encode(problem{
		Type: "https://santkrupa.dev/problems/" + e.Type, Title: e.Title, Status: e.Status,
		Detail: e.Detail, Instance: r.URL.Path, Errors: e.Fields,
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}
