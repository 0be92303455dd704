package auth

import (
	"errors"
	"net/http"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/reqlog"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The access-log hooks of sign-in and authorisation. Recording never
// changes the answer: a refusal stays a refusal, a login a login; a failure
// to record is logged with the response (as the refusal's log-only error,
// or by Login's logger).

// recordLogin records a sign-in (or a refused one, for a verified
// identity) in every clinic where the identity is an active member.
func (l *Login) recordLogin(r *http.Request, id Identity, outcome auditlog.Outcome, detail string) {
	err := auditlog.New(l.Mapper.st).RecordLogin(r.Context(), id.Issuer, id.Subject, outcome, detail, auditlog.FromRequest(r))
	if err != nil {
		l.Log.ErrorContext(r.Context(), "access log: record login", "error", err.Error())
	}
}

// notMember records that id asked for a page of the clinic with slug
// without being its active member, and returns the 404 to answer.
// Any other error (the database is down) is returned as it is.
func notMember(r *http.Request, st *store.Store, slug string, id Identity, cause error) error {
	if !errors.Is(cause, store.ErrNotFound) {
		return cause
	}
	reqlog.From(r.Context()).Deny(reqlog.DenyNotMember)
	e := httperr.NotFound()
	rec := auditlog.New(st).RecordFailedAccess(r.Context(), slug, id.Issuer, id.Subject, r.Method+" "+r.URL.Path, auditlog.FromRequest(r))
	e.Err = errors.Join(cause, rec)
	return e
}

// roleDenied records that a member's role may not use the route, and
// returns the 403 to answer.
func roleDenied(r *http.Request, a Actor) error {
	reqlog.From(r.Context()).Deny(reqlog.DenyRole)
	e := httperr.Forbidden()
	if a.st != nil {
		e.Err = auditlog.New(a.st).RecordDenied(r.Context(), a.Scope, a.Identity.Issuer, a.Identity.Subject,
			r.Method+" "+r.URL.Path, auditlog.FromRequest(r))
	}
	return e
}
