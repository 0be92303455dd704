package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

func TestSeededClinicIsVisibleOnlyInItsOwnContext(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	a := dbtest.NewClinic(t, st, 3)
	b := dbtest.NewClinic(t, st, 2)

	var n int64
	err := st.Read(ctx, a.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		var err error
		n, err = st.Queries().CountPatients(ctx, tx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("clinic A sees %d patients, want 3", n)
	}
	id, err := st.ClinicIDBySlug(ctx, b.Slug)
	if err != nil || id != b.ID {
		t.Fatalf("ClinicIDBySlug(%s) = %v, %v; want %v", b.Slug, id, err, b.ID)
	}
	if _, err := st.ClinicIDBySlug(ctx, "no-such-clinic"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown slug: got %v, want ErrNotFound", err)
	}
}

// TestReadCannotWrite pins that store.Read is read-only: a write inside it
// fails and leaves nothing behind.
func TestReadCannotWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 1)
	err := st.Read(ctx, c.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		_, err := st.Queries().InviteUser(ctx, tx, dbsqlc.InviteUserParams{DisplayName: "Nobody", Email: "nobody@example.com", Role: "doctor"})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("a write in store.Read: %v, want a read-only transaction error", err)
	}
	err = st.Read(ctx, c.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		_, err := st.Queries().UserByEmail(ctx, tx, "nobody@example.com")
		return err
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after the refused write: %v, want ErrNotFound", err)
	}
}
