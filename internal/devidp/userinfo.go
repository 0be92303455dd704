package devidp

import (
	"net/http"
	"strings"
)

// userinfoResponse is the UserInfo response (OpenID Connect Core §5.3).
type userinfoResponse struct {
	Subject       string   `json:"sub"`
	Name          string   `json:"name,omitempty"`
	Email         string   `json:"email,omitempty"`
	EmailVerified bool     `json:"email_verified"`
	Groups        []string `json:"groups"`
}

// userinfo (GET or POST /userinfo) returns the claims of the access
// token's subject. The token may come in the Authorization header or, for
// POST, as the access_token form field (RFC 6750 §2).
func (p *Provider) userinfo(w http.ResponseWriter, r *http.Request) error {
	raw, err := bearerToken(w, r)
	if err != nil {
		return err
	}
	c, err := p.verifyAccess(raw)
	if err != nil {
		e := newError(http.StatusUnauthorized, "invalid_token", "the access token is invalid or expired")
		e.err = err
		return e
	}
	u, ok := p.user(c.Subject)
	if !ok {
		return newError(http.StatusUnauthorized, "invalid_token", "the token's subject is unknown")
	}
	writeJSON(w, http.StatusOK, userinfoResponse{
		Subject: u.Subject, Name: u.Name, Email: u.Email, EmailVerified: u.EmailVerified, Groups: groups(u),
	})
	return nil
}

func bearerToken(w http.ResponseWriter, r *http.Request) (string, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
			return "", newError(http.StatusBadRequest, "invalid_request", "the Authorization header must be Bearer <token>")
		}
		return strings.TrimSpace(tok), nil
	}
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err == nil {
			if tok := r.PostForm.Get("access_token"); tok != "" {
				return tok, nil
			}
		}
	}
	// No credentials: a bare challenge, no error code (RFC 6750 §3.1).
	return "", newError(http.StatusUnauthorized, "", "an access token is required")
}
