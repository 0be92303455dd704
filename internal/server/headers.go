package server

import (
	"net/http"
	"strings"
)

// securityHeaders sets the headers every response carries. Pages load
// nothing from elsewhere and run no inline script; forms may post only
// here and to the identity provider (the login redirect is a form action).
func securityHeaders(formActionOrigins []string, tls bool) func(http.Handler) http.Handler {
	formAction := "'self'"
	if len(formActionOrigins) > 0 {
		formAction += " " + strings.Join(formActionOrigins, " ")
	}
	csp := "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; " +
		"frame-ancestors 'none'; form-action " + formAction
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Security-Policy", csp)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "same-origin")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
			if tls || r.TLS != nil {
				h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
			}
			next.ServeHTTP(w, r)
		})
	}
}
