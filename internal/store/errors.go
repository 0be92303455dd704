package store

import (
	"context"
	"errors"
	"io"
	"net"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// The kinds of failure callers act on. Another clinic's row is ErrNotFound,
// never ErrForbidden: its existence is not revealed.
var (
	ErrNotFound         = errors.New("not found")
	ErrConflict         = errors.New("conflict")
	ErrInvalidReference = errors.New("invalid reference")
	ErrForbidden        = errors.New("forbidden")
	ErrInvalid          = errors.New("invalid value")
	ErrUnavailable      = errors.New("database unavailable")
	// ErrTimeout: the database cancelled a statement that ran past
	// statement_timeout or waited past lock_timeout; nothing of its
	// transaction was kept.
	ErrTimeout = errors.New("database statement timed out")
	// ErrMembershipEnded: a scope with Confirm named a membership the
	// database no longer has (deactivated, another role, clinic suspended);
	// nothing of the transaction ran.
	ErrMembershipEnded = errors.New("membership is no longer current")
)

// Error is a translated database error: Kind is one of the Err* values,
// Constraint names the violated constraint when there is one, Err is the
// original error for the log.
type Error struct {
	Kind       error
	Constraint string
	Err        error
}

func (e *Error) Error() string { return e.Kind.Error() + ": " + e.Err.Error() }

// Unwrap lets errors.Is match both the kind and the original error.
func (e *Error) Unwrap() []error { return []error{e.Kind, e.Err} }

// translate maps PostgreSQL and pgx errors to the kinds above, in one place.
// Errors it does not recognise pass through unchanged.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var already *Error
	if errors.As(err, &already) {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return &Error{Kind: ErrNotFound, Err: err}
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		kind := kindOf(pgErr.Code)
		if kind == nil {
			return err
		}
		return &Error{Kind: kind, Constraint: pgErr.ConstraintName, Err: err}
	}
	// A refused or dropped connection: the dial failed, the socket broke
	// (a reset is a net.Error, a server that closed it mid-message an
	// unexpected EOF) or pgx refused to use a connection it knows is dead.
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	if errors.As(err, &connectErr) || errors.As(err, &netErr) || pgconn.SafeToRetry(err) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		if !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			return &Error{Kind: ErrUnavailable, Err: err}
		}
	}
	return err
}

// lost translates err from work on c: an error that left the connection
// closed while the caller was still waiting means the database, or the
// way to it, went away, whatever pgx called it.
func lost(ctx context.Context, c *pgx.Conn, err error) error {
	err = translate(err)
	if err == nil || ctx.Err() != nil || !c.IsClosed() {
		return err
	}
	var already *Error
	if errors.As(err, &already) {
		return err
	}
	return &Error{Kind: ErrUnavailable, Err: err}
}

func kindOf(code string) error {
	switch code {
	case "23505", "23P01": // unique, exclusion
		return ErrConflict
	case "23503": // foreign key
		return ErrInvalidReference
	case "42501": // insufficient privilege, and a failed WITH CHECK
		return ErrForbidden
	case "28000": // app.confirm_membership: the remembered membership is gone
		return ErrMembershipEnded
	case "23502", "23514", "22001", "22003", "22007", "22008", "22P02", "22023", "22021":
		return ErrInvalid
	case "57P01", "57P02", "57P03", "53300":
		return ErrUnavailable
	case "57014", "55P03": // query_canceled (statement_timeout), lock_not_available
		return ErrTimeout
	case "40001", "40P01": // serialization failure, deadlock: nothing was written; trying again works
		return ErrTimeout
	}
	if len(code) == 5 && code[:2] == "08" { // connection exceptions
		return ErrUnavailable
	}
	return nil
}
