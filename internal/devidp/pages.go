package devidp

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
)

//go:embed templates
var templateFS embed.FS

// pages are the HTML templates with their one stylesheet, inlined, and
// the CSP source that admits that stylesheet by hash: the pages need no
// other origin, no script and no nonce.
type pages struct {
	t        *template.Template
	css      template.CSS
	styleSrc string
}

func parsePages() (*pages, error) {
	t, err := template.ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	css, err := templateFS.ReadFile("templates/style.css")
	if err != nil {
		return nil, fmt.Errorf("read stylesheet: %w", err)
	}
	sum := sha256.Sum256(css)
	return &pages{
		t:        t,
		css:      template.CSS(css),
		styleSrc: "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'",
	}, nil
}

// page is what every template's head needs.
type page struct {
	Title string
	CSS   template.CSS
}

type pickerPage struct {
	page
	ClientID    string
	RedirectURI string
	Action      string
	Hidden      []hiddenField
	Users       []pickerUser
}

type hiddenField struct{ Name, Value string }

type pickerUser struct {
	Subject, Name, Email, Hint string
	Suggested                  bool
}

// message is a page that only tells something: a refused request, or
// that the user is signed out.
type message struct {
	page
	Text string
	Code string
}

// renderPicker shows the user list. Its form may post here and, because
// browsers apply form-action to the redirect that follows, to the
// client's redirect URI.
func (p *Provider) renderPicker(w http.ResponseWriter, data pickerPage) error {
	data.CSS = p.pages.css
	return p.render(w, http.StatusOK, "picker.html", data, "'self' "+originSource(data.RedirectURI))
}

func (p *Provider) renderMessage(w http.ResponseWriter, status int, m message) {
	m.CSS = p.pages.css
	if err := p.render(w, status, "message.html", m, "'none'"); err != nil {
		p.log.Error("dev-idp render message", "error", err)
	}
}

// render executes a template into a buffer first, so a template error
// becomes a 500 instead of half a page, and sets the headers that keep
// the pages out of frames, caches and referrers.
func (p *Provider) render(w http.ResponseWriter, status int, name string, data any, formAction string) error {
	var buf bytes.Buffer
	if err := p.pages.t.ExecuteTemplate(&buf, name, data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src "+p.pages.styleSrc+
		"; base-uri 'none'; frame-ancestors 'none'; form-action "+formAction)
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w) // the status is sent; a write error has no one to tell
	return nil
}

// originSource is the CSP source for the origin of a validated redirect
// URI: scheme://host for the web, the bare scheme for an app's custom one.
func originSource(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if u.Host == "" {
		return u.Scheme + ":"
	}
	return u.Scheme + "://" + u.Host
}
