// Package api serves the JSON API under /api/v1. Handlers return errors;
// one adapter logs them and answers RFC 9457 problem+json.
package api

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

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
	// Contract is the OpenAPI document the API serves (LoadContract).
	Contract *Contract
}

// Routes mounts /api/v1 on r.
func (a *API) Routes(r chi.Router) {
	r.Route("/api/v1", func(r chi.Router) {
		// The contract is public: a client reads it before it has a token.
		r.Get("/openapi.json", a.openAPIJSON)
		r.Get("/docs", a.apiDocs)
		r.Group(func(r chi.Router) {
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
				a.portalRoutes(r)
			})
			a.platformRoutes(r)
		})
		r.NotFound(a.handle(func(http.ResponseWriter, *http.Request) error { return httperr.NotFound() }))
		r.MethodNotAllowed(a.methodNotAllowed(r))
	})
}

// methodNotAllowed answers 405 as a problem document with the Allow header
// (chi's own answer has no body, and a custom one is not told the allowed
// methods, so they are found again in the routing tree of v1).
func (a *API) methodNotAllowed(v1 chi.Routes) http.HandlerFunc {
	return a.handle(func(w http.ResponseWriter, r *http.Request) error {
		p := r.URL.RawPath
		if p == "" {
			p = r.URL.Path
		}
		p = strings.TrimPrefix(p, "/api/v1")
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			if v1.Match(chi.NewRouteContext(), m, p) {
				allow = append(allow, m)
			}
		}
		e := httperr.New(http.StatusMethodNotAllowed, "method-not-allowed",
			"This resource does not support "+r.Method+".")
		e.Header = http.Header{"Allow": {strings.Join(allow, ", ")}}
		return e
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

// bodyBuffers keeps the buffers that jsonAppender values are encoded into
// for the next response: a page of 50 patients is about 50 KB, and making
// it afresh for every request was 40% of the list's garbage
// (docs/benchmarks.md). A cache of empty buffers, shared like
// encoding/json's own; nothing in it outlives the Write that sends it.
var bodyBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledBody bounds the buffers kept: a chart's (280 KB for 200
// visits) is kept, as encoding/json keeps its own, or every chart would
// grow a new one; a rare larger answer is not held on to.
const maxPooledBody = 1 << 20

func writeJSON(w http.ResponseWriter, status int, v any) error {
	var body []byte
	if a, ok := v.(jsonAppender); ok {
		buf := bodyBuffers.Get().(*[]byte)
		// Encoded before the header is written, so a value that cannot
		// be encoded still gets a problem response.
		b, err := a.appendJSON(slices.Grow((*buf)[:0], 4096))
		if err == nil {
			b = append(b, '\n')
		}
		// Back to the pool, grown as it is, once the answer is written.
		defer func() {
			if cap(b) <= maxPooledBody {
				*buf = b
				bodyBuffers.Put(buf)
			}
		}()
		if err != nil {
			return fmt.Errorf("api: encode %T: %w", v, err)
		}
		body = b
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if body == nil {
		w.WriteHeader(status)
		return json.NewEncoder(w).Encode(v)
	}
	// With its length known, the body is sent as is, not in chunks.
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, err := w.Write(body)
	return err
}
