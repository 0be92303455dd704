package server

import (
	"context"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/santkrupa/santkrupa/internal/metrics"
	"github.com/santkrupa/santkrupa/internal/reqlog"
)

// errorWriter renders an error the way the route's clients read it.
type errorWriter func(w http.ResponseWriter, r *http.Request, err error)

// probes are the paths load balancers and scrapers hit every few seconds;
// their access lines go out at debug so they do not drown the rest.
var probes = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// accessLog writes one structured line per request and records it in the
// metrics. The line carries what the layers below learned (reqlog): the
// clinic, user and role once auth.Clinic has resolved the actor, and any
// refusal. 5xx are logged at error, probes at debug, the rest at info.
func accessLog(log *slog.Logger, m *metrics.Metrics) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			done := m.Start()
			defer done()
			ctx, entry := reqlog.With(r.Context())
			r = r.WithContext(ctx)
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			next.ServeHTTP(ww, r)
			d := time.Since(start)
			status := ww.Status()
			if status == 0 {
				status = http.StatusOK
			}
			route := "unmatched"
			if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
				route = rc.RoutePattern()
			}
			s := entry.Snapshot()
			m.Observe(route, r.Method, status, d, s)

			level := slog.LevelInfo
			switch {
			case status >= 500:
				level = slog.LevelError
			case probes[r.URL.Path]:
				level = slog.LevelDebug
			}
			if !log.Enabled(r.Context(), level) {
				return
			}
			attrs := []slog.Attr{
				slog.String("request_id", middleware.GetReqID(r.Context())),
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.String("route", route),
				slog.Int("status", status),
				slog.Int("bytes", ww.BytesWritten()),
				slog.Duration("duration", d),
			}
			if s.Clinic != "" {
				attrs = append(attrs, slog.String("clinic", s.Clinic))
			}
			if s.UserID != "" {
				attrs = append(attrs, slog.String("user_id", s.UserID))
			}
			if s.Role != "" {
				attrs = append(attrs, slog.String("role", s.Role))
			}
			if len(s.Denials) > 0 {
				attrs = append(attrs, slog.Any("denied", s.Denials))
			}
			if s.LoginFailure != "" {
				attrs = append(attrs, slog.String("login_failed", s.LoginFailure))
			}
			log.LogAttrs(r.Context(), level, "request", attrs...)
		})
	}
}

// recoverer turns a panic into a logged 500 with a generic body: the stack
// goes to the log, never to the client.
func recoverer(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					log.ErrorContext(r.Context(), "panic",
						slog.String("request_id", middleware.GetReqID(r.Context())),
						slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
					http.Error(w, "internal server error", http.StatusInternalServerError)
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// timeout bounds the handling of a request: its context, and so every
// database call made with it, ends after d. A handler that ran out of time
// without answering gets the 503 "took too long" page or problem (chi's
// Timeout would add a bare 504 even after an answer).
func timeout(d time.Duration, errs errorWriter) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			next.ServeHTTP(ww, r.WithContext(ctx))
			if ww.Status() == 0 && ctx.Err() == context.DeadlineExceeded {
				errs(ww, r, ctx.Err())
			}
		})
	}
}
