// Package web serves the server-rendered pages. Handlers return errors;
// one adapter logs them and renders the error page, so status choice and
// wording live in one place (package httperr).
package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Site is the browser side of Santkrupa.
type Site struct {
	Store  *store.Store
	Clinic *clinic.Service
	Login  *auth.Login
	Log    *slog.Logger
	DevIdP bool

	pages map[string]*template.Template
}

// New parses the templates once.
func New(st *store.Store, svc *clinic.Service, login *auth.Login, log *slog.Logger, devIdP bool) (*Site, error) {
	s := &Site{Store: st, Clinic: svc, Login: login, Log: log, DevIdP: devIdP, pages: map[string]*template.Template{}}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	funcs := template.FuncMap{"roleName": roleName, "nav": navLinks, "version": clinic.Version,
		"date": formatDate, "datetime": formatDateTime, "filesize": formatFileSize, "inc": func(i int) int { return i + 1 }}
	// Files named _*.html hold partials (templates several pages share): they
	// are parsed into every page and are no page themselves.
	files := []string{"templates/layout.html", ""}
	for _, n := range names {
		if strings.HasPrefix(path.Base(n), "_") {
			files = append(files, n)
		}
	}
	for _, n := range names {
		if strings.HasSuffix(n, "/layout.html") || strings.HasPrefix(path.Base(n), "_") {
			continue
		}
		files[1] = n
		t, err := template.New("").Funcs(funcs).ParseFS(templateFS, files...)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", n, err)
		}
		s.pages[strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")] = t
	}
	return s, nil
}

// Static serves the embedded stylesheet.
func Static() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	return http.StripPrefix("/static/", http.FileServerFS(sub))
}

// page is what every template receives.
type page struct {
	Identity *auth.Identity
	Actor    *auth.Actor
	Data     any
}

// template returns page name's templates, with times in the request's
// clinic timezone. An error page (a 5xx may mean the database is gone)
// does not look the zone up.
func (s *Site) template(r *http.Request, status int, name string) (*template.Template, error) {
	t, ok := s.pages[name]
	if !ok {
		return nil, fmt.Errorf("no template %q", name)
	}
	loc := time.UTC
	if status < 500 {
		loc = s.clinicZone(r)
	}
	return inZone(t, loc)
}

func (s *Site) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	t, err := s.template(r, status, name)
	if err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	p := page{Data: data}
	if id, ok := auth.IdentityFrom(r.Context()); ok {
		p.Identity = &id
	}
	if a, ok := auth.ActorFrom(r.Context()); ok {
		p.Actor = &a
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err = buf.WriteTo(w)
	return err
}

// handle adapts an error-returning handler.
func (s *Site) handle(h func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.Error(w, r, err)
		}
	}
}

type errorPage struct {
	Title, Detail, RequestID string
	Fields                   map[string]string
}

// Error logs err (4xx at info, 5xx at error with its chain) and renders
// the error page; a 5xx page never shows the cause.
func (s *Site) Error(w http.ResponseWriter, r *http.Request, err error) {
	e := httperr.From(err)
	reqID := middleware.GetReqID(r.Context())
	httperr.Log(s.Log, r, e)
	httperr.WriteHeaders(w, e)
	status := e.Status
	if status == 499 { // the client is gone; nobody reads this
		return
	}
	data := errorPage{Title: e.Title, Detail: e.Detail, RequestID: reqID, Fields: e.Fields}
	if rerr := s.render(w, r, status, "error", data); rerr != nil {
		s.Log.ErrorContext(r.Context(), "render error page", slog.String("error", rerr.Error()))
		http.Error(w, e.Detail, status)
	}
}

func roleName(role string) string {
	switch role {
	case "admin":
		return "clinic administrator"
	case "doctor":
		return "doctor"
	case "receptionist":
		return "receptionist"
	case "lab_tech":
		return "lab technician"
	case "patient":
		return "patient"
	}
	return role
}
