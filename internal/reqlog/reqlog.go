// Package reqlog is the record of one request that its access-log line
// and its metrics are written from. The server's outermost middleware puts
// an empty Entry in the request context; the layers that learn something
// on the way fill it in — auth the clinic, user and role, auth and the
// store the refusals they make — and the middleware reads it when the
// response is done. It exists so that the access log knows who acted,
// though the actor is found several handlers deeper, without a global.
package reqlog

import (
	"context"
	"sync"
)

// Denial kinds: why isolation refused a request.
const (
	// DenyNotMember: an identity asked for a clinic it is not an active
	// member of (answered 404).
	DenyNotMember = "not_member"
	// DenyRLS: the database refused a statement (42501, a failed row-level
	// security WITH CHECK or a missing grant).
	DenyRLS = "rls"
	// DenyRole: a member's role may not use the route (403).
	DenyRole = "role"
)

// Login failure methods.
const (
	LoginBrowser = "browser" // the OIDC callback did not complete a sign-in
	LoginBearer  = "bearer"  // an API access token was presented and refused
)

// Entry is what the layers learned about one request. The zero value is
// ready; a nil *Entry ignores every call, so code under test without the
// middleware needs no guard.
type Entry struct {
	mu           sync.Mutex
	clinic       string
	userID       string
	role         string
	denials      []string
	loginFailure string
}

type ctxKey struct{}

// With returns ctx carrying a new Entry, and the Entry.
func With(ctx context.Context) (context.Context, *Entry) {
	e := &Entry{}
	return context.WithValue(ctx, ctxKey{}, e), e
}

// From returns the request's Entry, or nil.
func From(ctx context.Context) *Entry {
	e, _ := ctx.Value(ctxKey{}).(*Entry)
	return e
}

// SetActor records who acts: the clinic's slug, the users row and its
// role (role alone, with empty clinic and user, for a platform operator).
func (e *Entry) SetActor(clinic, userID, role string) {
	if e == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.clinic, e.userID, e.role = clinic, userID, role
}

// Deny records an isolation refusal of the given kind.
func (e *Entry) Deny(kind string) {
	if e == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.denials = append(e.denials, kind)
}

// LoginFailed records a failed sign-in by method.
func (e *Entry) LoginFailed(method string) {
	if e == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.loginFailure = method
}

// Snapshot is a copy of an Entry's fields.
type Snapshot struct {
	Clinic, UserID, Role string
	Denials              []string
	LoginFailure         string
}

// Snapshot copies the entry (the zero Snapshot for nil).
func (e *Entry) Snapshot() Snapshot {
	if e == nil {
		return Snapshot{}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return Snapshot{Clinic: e.clinic, UserID: e.userID, Role: e.role,
		Denials: append([]string(nil), e.denials...), LoginFailure: e.loginFailure}
}
