package store

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
)

// Confirmation records what the database said, during one request, about
// the membership of a scope with Confirm: the store marks it confirmed when
// a context statement with the confirmation succeeds (so that a request
// whose handler ran no statement can be confirmed before it answers, with
// ConfirmMembership) and ended when one fails with ErrMembershipEnded.
type Confirmation struct{ ok, ended atomic.Bool }

type confirmationKey struct{}

// WithConfirmation returns ctx carrying a new Confirmation, and it.
func WithConfirmation(ctx context.Context) (context.Context, *Confirmation) {
	c := &Confirmation{}
	return context.WithValue(ctx, confirmationKey{}, c), c
}

// Confirmed reports whether the database confirmed the membership.
func (c *Confirmation) Confirmed() bool { return c.ok.Load() }

// Ended reports whether the database refused the membership.
func (c *Confirmation) Ended() bool { return c.ended.Load() }

func markConfirmed(ctx context.Context) {
	if c, ok := ctx.Value(confirmationKey{}).(*Confirmation); ok {
		c.ok.Store(true)
	}
}

func markEnded(ctx context.Context) {
	if c, ok := ctx.Value(confirmationKey{}).(*Confirmation); ok {
		c.ended.Store(true)
	}
}

// ConfirmMembership has the database confirm scope's membership on its own
// (one round trip): nil when it is current, ErrMembershipEnded when not.
func (s *Store) ConfirmMembership(ctx context.Context, scope Scope) error {
	if scope.UserID == uuid.Nil {
		return errors.New("store: no user to confirm")
	}
	err := s.q.ConfirmMembership(ctx, s.db, dbsqlc.ConfirmMembershipParams{
		ClinicID: scope.ClinicID, UserID: scope.UserID, Role: string(scope.Role)})
	if err != nil {
		err = translate(fmt.Errorf("confirm membership: %w", err))
		if errors.Is(err, ErrMembershipEnded) {
			markEnded(ctx)
		}
		return err
	}
	markConfirmed(ctx)
	return nil
}
