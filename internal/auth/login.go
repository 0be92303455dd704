package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/reqlog"
)

// pendingLogin is what the session remembers between /login and
// /auth/callback. It is removed when the callback reads it, so state,
// nonce and verifier are single-use.
type pendingLogin struct {
	State    string
	Nonce    string
	Verifier string
	Next     string
	Created  time.Time
}

// loginTimeout bounds the time a person may spend at the provider.
const loginTimeout = 10 * time.Minute

// Login is the browser login: handlers for /login, /auth/callback and
// /logout, and the middleware that reads the session.
type Login struct {
	OIDC      *OIDC
	Sessions  *scs.SessionManager
	Mapper    *Mapper
	Log       *slog.Logger
	PublicURL string
}

func random() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Start (POST /login) sends the browser to the provider. The next
// parameter is where to land afterwards: local paths only.
func (l *Login) Start(w http.ResponseWriter, r *http.Request) error {
	p, err := l.OIDC.provider(r.Context())
	if err != nil {
		return providerDown(err)
	}
	pl := pendingLogin{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier(),
		Next: LocalPath(r.FormValue("next")), Created: time.Now()}
	l.Sessions.Put(r.Context(), keyPending, pl)
	target := p.oauth.AuthCodeURL(pl.State, oidc.Nonce(pl.Nonce), oauth2.S256ChallengeOption(pl.Verifier))
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

func providerDown(err error) error {
	e := httperr.New(http.StatusServiceUnavailable, "identity-provider-unavailable",
		"The sign-in service cannot be reached right now. Please try again shortly.")
	e.Header = http.Header{"Retry-After": {"10"}}
	e.Err = err
	return e
}

func loginFailed(detail string, err error) error {
	e := httperr.New(http.StatusUnauthorized, "login-failed", detail)
	e.Err = err
	return e
}

// Callback (GET /auth/callback) finishes the code flow: checks state,
// redeems the code with the PKCE verifier, verifies the ID token and its
// nonce, maps the identity to memberships and starts a fresh session.
func (l *Login) Callback(w http.ResponseWriter, r *http.Request) (err error) {
	ctx := r.Context()
	defer func() {
		if err != nil {
			reqlog.From(ctx).LoginFailed(reqlog.LoginBrowser)
		}
	}()
	pl, ok := l.Sessions.Pop(ctx, keyPending).(pendingLogin)
	if !ok || time.Since(pl.Created) > loginTimeout {
		return loginFailed("This sign-in link has expired or was already used. Please sign in again.",
			errors.New("no pending login in session"))
	}
	q := r.URL.Query()
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(pl.State)) != 1 {
		return loginFailed("The sign-in response did not match this browser. Please sign in again.",
			errors.New("state mismatch"))
	}
	if e := q.Get("error"); e != "" {
		return loginFailed("The sign-in service declined the sign-in.", fmt.Errorf("provider error %q", e))
	}
	p, err := l.OIDC.provider(ctx)
	if err != nil {
		return providerDown(err)
	}
	tok, err := p.oauth.Exchange(l.OIDC.exchangeContext(ctx), q.Get("code"), oauth2.VerifierOption(pl.Verifier))
	if err != nil {
		return loginFailed("The sign-in could not be completed. Please sign in again.", fmt.Errorf("exchange code: %w", err))
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := p.idVerifier.Verify(ctx, raw)
	if err != nil {
		return loginFailed("The sign-in could not be verified. Please sign in again.", fmt.Errorf("verify id token: %w", err))
	}
	var c tokenClaims
	var all map[string]any
	if err := idt.Claims(&c); err != nil {
		return loginFailed("The sign-in could not be verified.", fmt.Errorf("id token claims: %w", err))
	}
	if err := idt.Claims(&all); err != nil {
		return loginFailed("The sign-in could not be verified.", fmt.Errorf("id token claims: %w", err))
	}
	id := identityFrom(idt, c)
	if subtle.ConstantTimeCompare([]byte(c.Nonce), []byte(pl.Nonce)) != 1 {
		l.recordLogin(r, id, auditlog.OutcomeFailure, "nonce mismatch")
		return loginFailed("The sign-in could not be verified. Please sign in again.", errors.New("nonce mismatch"))
	}
	if err := l.Mapper.Map(ctx, id, all); err != nil {
		l.recordLogin(r, id, auditlog.OutcomeFailure, "membership mapping failed")
		return err
	}
	// A new session token at login: a token planted before login is useless.
	if err := l.Sessions.RenewToken(ctx); err != nil {
		return fmt.Errorf("renew session: %w", err)
	}
	l.Sessions.Put(ctx, keyIssuer, id.Issuer)
	l.Sessions.Put(ctx, keySubject, id.Subject)
	l.Sessions.Put(ctx, keyName, id.Name)
	l.Sessions.Put(ctx, keyEmail, id.Email)
	l.Sessions.Put(ctx, keyVerified, id.EmailVerified)
	l.Sessions.Put(ctx, keyIDToken, raw)
	l.Log.InfoContext(ctx, "login", slog.String("issuer", id.Issuer), slog.String("subject", id.Subject))
	l.recordLogin(r, id, auditlog.OutcomeSuccess, "")
	next := pl.Next
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// Logout (POST /logout) destroys the session server-side, then ends the
// provider's session too when it advertises an end_session_endpoint.
func (l *Login) Logout(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	idToken := l.Sessions.GetString(ctx, keyIDToken)
	if err := l.Sessions.Destroy(ctx); err != nil {
		return fmt.Errorf("destroy session: %w", err)
	}
	target := "/"
	if p, err := l.OIDC.provider(ctx); err == nil && p.endSession != "" {
		v := url.Values{
			"post_logout_redirect_uri": {strings.TrimSuffix(l.PublicURL, "/") + "/"},
			"client_id":                {l.OIDC.cfg.ClientID},
		}
		if idToken != "" {
			v.Set("id_token_hint", idToken)
		}
		target = p.endSession + "?" + v.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// LoadIdentity puts the session's identity, if any, into the request
// context.
func (l *Login) LoadIdentity(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		iss, sub := l.Sessions.GetString(ctx, keyIssuer), l.Sessions.GetString(ctx, keySubject)
		if iss != "" && sub != "" {
			id := Identity{
				Issuer: iss, Subject: sub,
				Name:          l.Sessions.GetString(ctx, keyName),
				Email:         l.Sessions.GetString(ctx, keyEmail),
				EmailVerified: l.Sessions.GetBool(ctx, keyVerified),
				SuperAdmin:    l.Mapper.IsSuperAdmin(iss, sub),
			}
			r = r.WithContext(WithIdentity(ctx, id))
		}
		next.ServeHTTP(w, r)
	})
}

// LocalPath returns p when it is a path on this site ("/…", not "//…"),
// else "": the login never redirects elsewhere.
func LocalPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return ""
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return ""
	}
	return p
}

// RenewOnRoleChange issues a new session token when the acting role in a
// clinic differs from the one this session last acted with there (an admin
// changed it, or it is the first visit): a token that was valid at one
// privilege never carries over to another. The role itself is read from
// the database on every request (Clinic), never from the session.
func (l *Login) RenewOnRoleChange(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if a, ok := ActorFrom(ctx); ok {
			key := "role:" + a.Scope.ClinicID.String()
			if prev := l.Sessions.GetString(ctx, key); prev != string(a.Scope.Role) {
				if prev != "" {
					if err := l.Sessions.RenewToken(ctx); err != nil {
						l.Log.ErrorContext(ctx, "renew session after role change", slog.String("error", err.Error()))
					}
				}
				l.Sessions.Put(ctx, key, string(a.Scope.Role))
			}
		}
		next.ServeHTTP(w, r)
	})
}
