package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/reqlog"
	"github.com/santkrupa/santkrupa/internal/store"
)

// A statement the database refuses (a failed WITH CHECK, a missing grant)
// is recorded in the request's log entry, which the metrics count as an
// isolation denial; an allowed one is not.
func TestForbiddenIsRecordedForTheRequest(t *testing.T) {
	t.Parallel()
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 0)

	ctx, entry := reqlog.With(context.Background())
	if _, err := registerOne(ctx, st, c.Scope(store.RoleReceptionist), "Allowed Patient"); err != nil {
		t.Fatal(err)
	}
	if d := entry.Snapshot().Denials; len(d) != 0 {
		t.Fatalf("an allowed write recorded denials %q", d)
	}
	_, err := registerOne(ctx, st, c.Scope(store.RoleLabTech), "Refused Patient")
	if !errors.Is(err, store.ErrForbidden) {
		t.Fatalf("lab_tech registers a patient: %v, want store.ErrForbidden", err)
	}
	if d := entry.Snapshot().Denials; !slices.Equal(d, []string{reqlog.DenyRLS}) {
		t.Errorf("denials after a refused write = %q, want [rls]", d)
	}
	// Without an entry (no request), nothing breaks.
	if _, err := registerOne(context.Background(), st, c.Scope(store.RoleLabTech), "Refused Again"); !errors.Is(err, store.ErrForbidden) {
		t.Fatalf("lab_tech again: %v", err)
	}
}
