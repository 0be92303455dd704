package store

import (
	"context"
	"sync/atomic"
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
