package devidp

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
)

// oauthError is the one error type of the handlers: what the client sees
// (an RFC 6749 error code and description) kept apart from what the log
// sees (err). How it is shown depends on the endpoint — a JSON body, a
// redirect back to the client, or an HTML page — so the handler only says
// what went wrong and the adapter in serve says how to tell.
type oauthError struct {
	status int
	code   string
	desc   string
	header http.Header
	// redirect, when set, is the client's validated redirect URI: the
	// error goes back there (with state) instead of being shown here.
	redirect string
	state    string
	err      error
}

func (e *oauthError) Error() string {
	if e.err != nil {
		return fmt.Sprintf("%s: %s: %v", e.code, e.desc, e.err)
	}
	return e.code + ": " + e.desc
}

func (e *oauthError) Unwrap() error { return e.err }

func newError(status int, code, desc string) *oauthError {
	return &oauthError{status: status, code: code, desc: desc}
}

func invalidRequest(desc string) *oauthError {
	return newError(http.StatusBadRequest, "invalid_request", desc)
}

// invalidGrant tells the client why its code or refresh token is refused:
// this is a development tool, and a developer chasing a failed login
// deserves the reason more than an attacker is helped by it.
func invalidGrant(err error) *oauthError {
	e := newError(http.StatusBadRequest, "invalid_grant", err.Error())
	e.err = err
	return e
}

func invalidClient(desc string) *oauthError {
	e := newError(http.StatusUnauthorized, "invalid_client", desc)
	e.header = http.Header{"Www-Authenticate": {`Basic realm="dev-idp"`}}
	return e
}

// render says how an endpoint shows an error it does not redirect.
type render int

const (
	asJSON   render = iota // token endpoint: RFC 6749 §5.2 JSON
	asPage                 // browser endpoints: an HTML page
	asBearer               // userinfo: RFC 6750 §3 WWW-Authenticate
)

// serve adapts a handler that returns an error, so logging and rendering
// of errors live in one place.
func (p *Provider) serve(how render, h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		var e *oauthError
		if !errors.As(err, &e) {
			e = newError(http.StatusInternalServerError, "server_error", "internal error")
			e.err = err
		}
		level := slog.LevelInfo
		if e.status >= 500 {
			level = slog.LevelError
		}
		attrs := []slog.Attr{
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.String("error", e.code), slog.String("description", e.desc),
		}
		if e.err != nil {
			attrs = append(attrs, slog.String("cause", e.err.Error()))
		}
		p.log.LogAttrs(r.Context(), level, "dev-idp request refused", attrs...)
		for k, v := range e.header {
			w.Header()[k] = v
		}
		switch {
		case e.redirect != "":
			redirectError(w, r, p.issuer, e)
		case how == asJSON:
			writeJSONError(w, e)
		case how == asBearer:
			writeBearerError(w, e)
		default:
			p.renderMessage(w, e.status, message{page: page{Title: "Request refused"}, Text: e.desc, Code: e.code})
		}
	})
}

// redirectError sends the error back to the client's redirect URI
// (RFC 6749 §4.1.2.1), with iss for mix-up protection (RFC 9207).
func redirectError(w http.ResponseWriter, r *http.Request, issuer string, e *oauthError) {
	u, err := url.Parse(e.redirect)
	if err != nil { // validated before e.redirect was set
		http.Error(w, "bad redirect uri", http.StatusInternalServerError)
		return
	}
	q := u.Query()
	q.Set("error", e.code)
	q.Set("error_description", e.desc)
	if e.state != "" {
		q.Set("state", e.state)
	}
	q.Set("iss", issuer)
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
}

func writeJSONError(w http.ResponseWriter, e *oauthError) {
	writeJSON(w, e.status, map[string]string{"error": e.code, "error_description": e.desc})
}

func writeBearerError(w http.ResponseWriter, e *oauthError) {
	challenge := `Bearer realm="dev-idp"`
	if e.code == "" {
		// No credentials at all: RFC 6750 §3.1 asks for no error code.
		w.Header().Set("WWW-Authenticate", challenge)
		w.WriteHeader(e.status)
		return
	}
	w.Header().Set("WWW-Authenticate", challenge+fmt.Sprintf(`, error=%q, error_description=%q`, e.code, e.desc))
	writeJSON(w, e.status, map[string]string{"error": e.code, "error_description": e.desc})
}

// writeJSON answers v with no-store, as RFC 6749 §5.1 requires of every
// response that carries tokens and as suits every other one here.
func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the status is sent; a write error has no one to tell
}
