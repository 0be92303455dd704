package store

import (
	"context"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// RoundTrips counts the database round trips of the store's transactions
// run with a context that carries it (see CountRoundTrips): the measure of
// a request's cost that latency on a quiet machine hides.
type RoundTrips struct{ n atomic.Int64 }

// Load returns the count so far.
func (c *RoundTrips) Load() int64 { return c.n.Load() }

type roundTripsKey struct{}

// CountRoundTrips returns ctx carrying a new counter.
func CountRoundTrips(ctx context.Context) (context.Context, *RoundTrips) {
	c := &RoundTrips{}
	return context.WithValue(ctx, roundTripsKey{}, c), c
}

// countRoundTrip adds one to ctx's counter, if it carries one.
func countRoundTrip(ctx context.Context) {
	if c, ok := ctx.Value(roundTripsKey{}).(*RoundTrips); ok {
		c.n.Add(1)
	}
}

// unscoped runs the statements that need no clinic context (sessions,
// identity lookups) straight on the pool, one round trip each, counted
// like the scoped ones.
type unscoped struct{ pool *pgxpool.Pool }

func (u unscoped) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	countRoundTrip(ctx)
	return u.pool.Exec(ctx, sql, args...)
}

func (u unscoped) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	countRoundTrip(ctx)
	return u.pool.Query(ctx, sql, args...)
}

func (u unscoped) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	countRoundTrip(ctx)
	return u.pool.QueryRow(ctx, sql, args...)
}
