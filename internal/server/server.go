// Package server assembles the HTTP handler: chi middleware (request id,
// logging, recovery, timeouts, security headers), the health endpoints,
// the development identity provider when it is on, the pages and the API.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/santkrupa/santkrupa/internal/api"
	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/web"
)

// Deps is what the handler needs from the rest of the program.
type Deps struct {
	Log            *slog.Logger
	Pool           *pgxpool.Pool
	RequestTimeout time.Duration
	Sessions       *scs.SessionManager
	Login          *auth.Login
	Site           *web.Site
	API            *api.API
	// DevIdP is the development identity provider, mounted at DevIdPPath;
	// nil when an external issuer is configured.
	DevIdP     http.Handler
	DevIdPPath string
	// FormActionOrigins may receive form posts (the provider's origin).
	FormActionOrigins []string
	TLS               bool
	// ExposeRoundTrips reports each request's database round trips in a
	// response header (for benchmarks).
	ExposeRoundTrips bool
}

// maxFormBody bounds every request body outside upload routes.
const maxFormBody = 1 << 20

// New returns the root handler.
func New(d Deps) http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(countRoundTrips(d.ExposeRoundTrips))
	r.Use(accessLog(d.Log))
	r.Use(recoverer(d.Log))
	r.Use(middleware.Timeout(d.RequestTimeout))
	r.Use(securityHeaders(d.FormActionOrigins, d.TLS))
	r.Use(limitBody(maxFormBody))

	r.Get("/healthz", healthz)
	r.Get("/readyz", readyz(d.Pool))
	r.Handle("/static/*", web.Static())
	if d.DevIdP != nil {
		r.Mount(d.DevIdPPath, d.DevIdP)
	}
	if d.API != nil {
		d.API.Routes(r)
	}
	if d.Site != nil {
		// Browser routes: session cookie, identity, and refusal of
		// cross-origin state-changing requests (CSRF).
		csrf := http.NewCrossOriginProtection()
		r.Group(func(r chi.Router) {
			r.Use(d.Sessions.LoadAndSave, d.Login.LoadIdentity, csrf.Handler)
			r.NotFound(func(w http.ResponseWriter, r *http.Request) { d.Site.Error(w, r, httperr.NotFound()) })
			d.Site.Routes(r)
		})
	}
	return r
}

// healthz answers while the process runs, whatever the database does.
func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz answers 200 only while the database answers, so a load balancer
// stops sending work to an instance that cannot do it.
func readyz(pool *pgxpool.Pool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := pool.Ping(ctx); err != nil {
			w.Header().Set("Retry-After", "5")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("database unavailable\n"))
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	}
}
