package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"

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

// TestWriteIsOneAtomicStatement pins store.Write: its statement commits,
// a second statement is refused and the first is then not kept, and the
// context is gone from the connection afterwards.
func TestWriteIsOneAtomicStatement(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 1)
	q := st.Queries()
	invite := func(email string) func(tx dbsqlc.DBTX) error {
		return func(tx dbsqlc.DBTX) error {
			_, err := q.InviteUser(ctx, tx, dbsqlc.InviteUserParams{DisplayName: "Someone", Email: email, Role: "doctor"})
			return err
		}
	}
	found := func(email string) bool {
		err := st.Read(ctx, c.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
			_, err := q.UserByEmail(ctx, tx, email)
			return err
		})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			t.Fatal(err)
		}
		return err == nil
	}
	if err := st.Write(ctx, c.Scope(store.RoleAdmin), invite("one@example.com")); err != nil {
		t.Fatalf("one statement: %v", err)
	}
	if !found("one@example.com") {
		t.Fatal("the statement of a Write was not committed")
	}
	err := st.Write(ctx, c.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		if err := invite("two@example.com")(tx); err != nil {
			return err
		}
		return invite("three@example.com")(tx)
	})
	if err == nil || !strings.Contains(err.Error(), "exactly one statement") {
		t.Fatalf("a second statement in Write: %v, want it refused", err)
	}
	// The first statement ran as its own transaction: it is kept (which is
	// why the second is refused rather than run).
	if found("three@example.com") {
		t.Fatal("the refused second statement was run")
	}
	// A failing statement leaves nothing: the same email again is a conflict.
	err = st.Write(ctx, c.Scope(store.RoleAdmin), invite("one@example.com"))
	if !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a duplicate invitation: %v, want ErrConflict", err)
	}
	// The context does not outlive the implicit transaction.
	got, err := q.ContextClinic(ctx, st.Pool())
	if err != nil {
		t.Fatal(err)
	}
	if got != uuid.Nil {
		t.Fatalf("after a Write, a bare connection still has clinic %s", got)
	}
}
