package store_test

import (
	"context"
	"net"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// countingConn counts the writes a client makes: with pgx, one write is one
// flush of a pipeline, so one write followed by reading the answers is one
// round trip.
type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c countingConn) Write(b []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(b)
}

// TestRoundTrips pins the round trips the README promises: a Read of one
// statement is one, a Write (one statement) is one, a Tx of one statement is two (the statement with BEGIN
// and the context, then COMMIT), a Tx of three statements is four.
func TestRoundTrips(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 2)

	cfg, err := pgxpool.ParseConfig(dbtest.AppURL())
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxConns = 1
	var writes atomic.Int64
	dial := cfg.ConnConfig.DialFunc
	cfg.ConnConfig.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return countingConn{Conn: conn, writes: &writes}, nil
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	counted, err := store.New(pool, dbtest.Keys(t))
	if err != nil {
		t.Fatal(err)
	}
	q := counted.Queries()
	scope := c.Scope(store.RoleReceptionist)

	cases := []struct {
		name string
		want int64
		run  func() error
	}{
		{"Read, one statement", 1, func() error {
			return counted.Read(ctx, scope, func(tx dbsqlc.DBTX) error {
				_, err := q.CountPatients(ctx, tx)
				return err
			})
		}},
		{"Read, two statements", 2, func() error {
			return counted.Read(ctx, scope, func(tx dbsqlc.DBTX) error {
				if _, err := q.CountPatients(ctx, tx); err != nil {
					return err
				}
				_, err := q.ListDoctors(ctx, tx)
				return err
			})
		}},
		{"Write, one statement", 1, func() error {
			return counted.Write(ctx, c.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
				_, err := q.InviteUser(ctx, tx, dbsqlc.InviteUserParams{DisplayName: "Counted", Email: uuid.NewString() + "@example.com", Role: "doctor"})
				return err
			})
		}},
		{"Tx, one statement", 2, func() error {
			return counted.Tx(ctx, scope, func(tx dbsqlc.DBTX) error {
				_, err := q.CountPatients(ctx, tx)
				return err
			})
		}},
		{"Tx, three statements", 4, func() error {
			return counted.Tx(ctx, scope, func(tx dbsqlc.DBTX) error {
				for range 3 {
					if _, err := q.CountPatients(ctx, tx); err != nil {
						return err
					}
				}
				return nil
			})
		}},
	}
	for _, tc := range cases {
		// The first run prepares the statements on the connection (pgx
		// caches them); the second is what every later request costs.
		if err := tc.run(); err != nil {
			t.Fatalf("%s: warm-up: %v", tc.name, err)
		}
		before := writes.Load()
		var counter *store.RoundTrips
		ctx, counter = store.CountRoundTrips(context.Background())
		if err := tc.run(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := writes.Load() - before; got != tc.want {
			t.Errorf("%s: %d round trips, want %d", tc.name, got, tc.want)
		}
		// The store's own counter, which the server reports per request,
		// agrees with the wire.
		if got := counter.Load(); got != tc.want {
			t.Errorf("%s: store counted %d round trips, the wire %d", tc.name, got, tc.want)
		}
	}
}
