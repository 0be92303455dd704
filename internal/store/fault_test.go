package store_test

// The database going away is store.ErrUnavailable, whatever the moment:
// before a connection is made, between statements, in the middle of a
// transaction; a stalled network ends at the caller's deadline; and the
// pool recovers by itself when the database is back.

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

func registerOne(ctx context.Context, st *store.Store, scope store.Scope, name string) (dbsqlc.Patient, error) {
	var p dbsqlc.Patient
	err := st.Tx(ctx, scope, func(tx dbsqlc.DBTX) error {
		var err error
		p, err = st.Queries().RegisterPatient(ctx, tx, dbsqlc.RegisterPatientParams{Name: name, Sex: "female", BloodGroup: "unknown"})
		return err
	})
	return p, err
}

func TestFaultCutIsUnavailable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	direct := dbtest.Store(t)
	c := dbtest.NewClinic(t, direct, 0)
	proxy, url := dbtest.FaultProxy(t)
	st := dbtest.StoreAt(t, url)
	scope := c.Scope(store.RoleReceptionist)

	if _, err := registerOne(ctx, st, scope, "Before Cut"); err != nil {
		t.Fatal(err)
	}

	// Cut between requests: the pooled connection is dead, new ones are
	// refused.
	proxy.Cut()
	for i := range 3 {
		_, err := registerOne(ctx, st, scope, "During Cut")
		if !errors.Is(err, store.ErrUnavailable) {
			t.Fatalf("write %d during the cut: %v; want store.ErrUnavailable", i, err)
		}
	}
	err := st.Read(ctx, scope, func(tx dbsqlc.DBTX) error {
		_, err := st.Queries().CountPatients(ctx, tx)
		return err
	})
	if !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("read during the cut: %v; want store.ErrUnavailable", err)
	}
	if _, err := st.ClinicIDBySlug(ctx, c.Slug); !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("slug lookup during the cut: %v; want store.ErrUnavailable", err)
	}
	if err := proxy.Restore(); err != nil {
		t.Fatal(err)
	}
	if _, err := registerOne(ctx, st, scope, "After Restore"); err != nil {
		t.Fatalf("first write after restore: %v", err)
	}

	// Cut in the middle of a transaction: its first statement ran, the
	// connection dies before the next; nothing of it is kept.
	err = st.Tx(ctx, scope, func(tx dbsqlc.DBTX) error {
		if _, err := st.Queries().RegisterPatient(ctx, tx, dbsqlc.RegisterPatientParams{Name: "Half Done", Sex: "male", BloodGroup: "unknown"}); err != nil {
			return err
		}
		proxy.Cut()
		_, err := st.Queries().CountPatients(ctx, tx)
		return err
	})
	if !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("transaction cut in the middle: %v; want store.ErrUnavailable", err)
	}
	if err := proxy.Restore(); err != nil {
		t.Fatal(err)
	}
	// Cut right before COMMIT.
	err = st.Tx(ctx, scope, func(tx dbsqlc.DBTX) error {
		_, err := st.Queries().RegisterPatient(ctx, tx, dbsqlc.RegisterPatientParams{Name: "Not Committed", Sex: "male", BloodGroup: "unknown"})
		proxy.Cut()
		return err
	})
	if !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("commit after a cut: %v; want store.ErrUnavailable", err)
	}
	if err := proxy.Restore(); err != nil {
		t.Fatal(err)
	}

	var names []string
	err = direct.Read(ctx, scope, func(tx dbsqlc.DBTX) error {
		ps, err := direct.Queries().ListPatients(ctx, tx, clinic.NewestPatients(100))
		for _, p := range ps {
			names = append(names, p.Name)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 2 || !contains(names, "Before Cut") || !contains(names, "After Restore") {
		t.Errorf("patients after the cuts: %q; want exactly the two acknowledged writes", names)
	}
	dbtest.WantPoolIdle(t, st.Pool())
}

func TestFaultStallEndsAtTheDeadline(t *testing.T) {
	t.Parallel()
	direct := dbtest.Store(t)
	c := dbtest.NewClinic(t, direct, 0)
	proxy, url := dbtest.FaultProxy(t)
	st := dbtest.StoreAt(t, url)
	scope := c.Scope(store.RoleReceptionist)
	if _, err := registerOne(context.Background(), st, scope, "Before Stall"); err != nil {
		t.Fatal(err)
	}

	proxy.Stall()
	// Once on the pooled connection (a query that never hears back) and
	// once on a connection that never completes its handshake.
	for i := range 2 {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		if i == 1 {
			st.Pool().Reset() // drop the pooled connection: the next one is dialled
		}
		_, err := registerOne(ctx, st, scope, "During Stall")
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, store.ErrUnavailable) {
			t.Fatalf("write %d during a stall: %v; want the deadline or store.ErrUnavailable", i, err)
		}
	}
	if err := proxy.Restore(); err != nil {
		t.Fatal(err)
	}
	if _, err := registerOne(context.Background(), st, scope, "After Stall"); err != nil {
		t.Fatalf("write after the stall: %v", err)
	}
	dbtest.WantPoolIdle(t, st.Pool())
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
