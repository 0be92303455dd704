// Package server assembles the HTTP handler: chi middleware (request id,
// logging, recovery, timeouts) and the routes. Pages and the API mount here
// as they arrive; today it serves the health endpoints.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Deps is what the handler needs from the rest of the program.
type Deps struct {
	Log            *slog.Logger
	Pool           *pgxpool.Pool
	RequestTimeout time.Duration
}

// New returns the root handler.
func New(d Deps) http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(accessLog(d.Log))
	r.Use(recoverer(d.Log))
	r.Use(middleware.Timeout(d.RequestTimeout))

	r.Get("/healthz", healthz)
	r.Get("/readyz", readyz(d.Pool))
	r.Get("/", home)
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

func home(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(`<!doctype html><html lang="en"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1"><title>Santkrupa</title></head>` +
		`<body><h1>Santkrupa</h1><p>The clinic platform is running. ` +
		`Health: <a href="/healthz">/healthz</a>, readiness: <a href="/readyz">/readyz</a>.</p></body></html>`))
}
