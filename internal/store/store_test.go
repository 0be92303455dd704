package store_test

import (
	"context"
	"errors"
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
