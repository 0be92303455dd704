package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Every session of a pool that store.Open makes carries the statement
// timeout (and twice that for idling in a transaction); a statement that
// runs past it is cancelled by the database and is store.ErrTimeout,
// which the HTTP layer answers 503 with Retry-After.
func TestStatementTimeout(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, err := store.Open(ctx, dbtest.AppURL(), store.Options{MaxConns: 2, StatementTimeout: 150 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	st, err := store.New(pool, dbtest.Keys(t))
	if err != nil {
		t.Fatal(err)
	}
	c := dbtest.NewClinic(t, dbtest.Store(t), 0)

	var stmt, idle string
	err = st.Read(ctx, c.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		if err := tx.QueryRow(ctx, "SHOW statement_timeout").Scan(&stmt); err != nil {
			return err
		}
		return tx.QueryRow(ctx, "SHOW idle_in_transaction_session_timeout").Scan(&idle)
	})
	if err != nil || stmt != "150ms" || idle != "300ms" {
		t.Fatalf("session timeouts: statement %q, idle in transaction %q, %v; want 150ms and 300ms", stmt, idle, err)
	}

	// A statement that outruns the timeout (pg_sleep stands for a slow
	// query) is cancelled, and its transaction with it.
	err = st.Tx(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		if _, err := st.Queries().RegisterPatient(ctx, tx, dbsqlc.RegisterPatientParams{
			Name: "Slow Transaction", Sex: "unknown", BloodGroup: "unknown"}); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "SELECT pg_sleep(5)")
		return err
	})
	if !errors.Is(err, store.ErrTimeout) {
		t.Fatalf("statement past the timeout: %v; want store.ErrTimeout", err)
	}
	var n int64
	err = st.Read(ctx, c.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		var err error
		n, err = st.Queries().CountPatients(ctx, tx)
		return err
	})
	if err != nil || n != 0 {
		t.Errorf("patients after the cancelled transaction: %d, %v; want 0", n, err)
	}
	dbtest.WantPoolIdle(t, pool)
}
