package auth

import (
	"context"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Identity is a person as their identity provider vouched for them.
type Identity struct {
	Issuer        string
	Subject       string
	Name          string
	Email         string
	EmailVerified bool
	// SuperAdmin comes from the platform's own configuration, never from a
	// claim.
	SuperAdmin bool
}

// Actor is an identity acting in one clinic through one membership.
type Actor struct {
	Identity Identity
	Slug     string
	User     dbsqlc.User
	// Scope is what the store needs for the actor's transactions.
	Scope store.Scope

	st *store.Store // records refusals in the access log
}

type ctxKey int

const (
	identityKey ctxKey = iota
	actorKey
)

// WithIdentity returns ctx carrying id.
func WithIdentity(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, identityKey, id)
}

// IdentityFrom returns the request's identity, if authenticated.
func IdentityFrom(ctx context.Context) (Identity, bool) {
	id, ok := ctx.Value(identityKey).(Identity)
	return id, ok
}

// ActorFrom returns the request's actor, set by the Clinic middleware.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey).(Actor)
	return a, ok
}

func withActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey, a)
}
