package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// TestConfirmMembership pins Scope.Confirm: a membership the database
// still has works in Read, Write and Tx; one it no longer has — user
// deactivated, role changed, clinic suspended, or a user and clinic that
// do not belong together — fails with ErrMembershipEnded before the
// statement runs, so nothing is read and nothing is written.
func TestConfirmMembership(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	su := dbtest.Conn(t, dbtest.SuperuserURL())
	q := st.Queries()
	a := dbtest.NewClinic(t, st, 2)
	b := dbtest.NewClinic(t, st, 1)

	confirmed := func(c dbtest.Clinic, role store.Role) store.Scope {
		sc := c.Scope(role)
		sc.Confirm = true
		return sc
	}
	count := func(sc store.Scope) (int64, error) {
		var n int64
		err := st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
			var err error
			n, err = q.CountPatients(ctx, tx)
			return err
		})
		return n, err
	}
	invite := func(sc store.Scope, email string, inTx bool) error {
		fn := func(tx dbsqlc.DBTX) error {
			_, err := q.InviteUser(ctx, tx, dbsqlc.InviteUserParams{DisplayName: "Someone", Email: email, Role: "doctor"})
			return err
		}
		if inTx {
			return st.Tx(ctx, sc, fn)
		}
		return st.Write(ctx, sc, fn)
	}
	invited := func(email string) bool {
		var n int
		if err := su.QueryRow(ctx, "SELECT count(*) FROM users WHERE email = $1", email).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n > 0
	}

	// Current: everything works as without Confirm.
	admin := confirmed(a, store.RoleAdmin)
	if n, err := count(confirmed(a, store.RoleReceptionist)); err != nil || n != 2 {
		t.Fatalf("confirmed receptionist reads %d patients, %v; want 2", n, err)
	}
	for i, inTx := range []bool{false, true} {
		email := uuid.NewString() + "@example.com"
		if err := invite(admin, email, inTx); err != nil || !invited(email) {
			t.Fatalf("confirmed admin's write %d: %v", i, err)
		}
	}

	// Ended: each way fails with ErrMembershipEnded and leaves nothing.
	wantEnded := func(what string, sc store.Scope) {
		t.Helper()
		if n, err := count(sc); !errors.Is(err, store.ErrMembershipEnded) || n != 0 {
			t.Errorf("%s: read %d patients, %v; want ErrMembershipEnded", what, n, err)
		}
		if sc.Role != store.RoleAdmin {
			return
		}
		for i, inTx := range []bool{false, true} {
			email := uuid.NewString() + "@example.com"
			if err := invite(sc, email, inTx); !errors.Is(err, store.ErrMembershipEnded) {
				t.Errorf("%s: write %d: %v, want ErrMembershipEnded", what, i, err)
			}
			if invited(email) {
				t.Errorf("%s: write %d was kept", what, i)
			}
		}
	}
	// A user of clinic B presented as clinic A's, and A's admin as a doctor.
	wantEnded("B's admin in A", store.Scope{ClinicID: a.ID, UserID: b.Users[store.RoleAdmin].ID, Role: store.RoleAdmin, Confirm: true})
	wantEnded("admin as doctor", store.Scope{ClinicID: a.ID, UserID: a.Users[store.RoleAdmin].ID, Role: store.RoleDoctor, Confirm: true})
	wantEnded("unknown user", store.Scope{ClinicID: a.ID, UserID: uuid.New(), Role: store.RoleAdmin, Confirm: true})

	set := func(sql string, args ...any) {
		t.Helper()
		if _, err := su.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	set("UPDATE users SET active = false WHERE id = $1", a.Users[store.RoleReceptionist].ID)
	wantEnded("deactivated receptionist", confirmed(a, store.RoleReceptionist))
	set("UPDATE users SET role = 'lab_tech' WHERE id = $1", a.Users[store.RoleDoctor].ID)
	wantEnded("doctor made lab technician", confirmed(a, store.RoleDoctor))
	if n, err := count(confirmed(a, store.RoleLabTech)); err != nil || n != 2 {
		t.Errorf("A's lab technician, still current: %d patients, %v", n, err)
	}
	set("UPDATE clinics SET subscription_status = 'suspended' WHERE id = $1", a.ID)
	wantEnded("admin of a suspended clinic", admin)

	// Without Confirm the store does not ask (the caller looked the
	// membership up itself); Confirm without a user is a caller's bug.
	if _, err := count(a.Scope(store.RoleAdmin)); err != nil {
		t.Errorf("unconfirmed scope: %v", err)
	}
	if _, err := count(store.Scope{ClinicID: a.ID, Role: store.RoleAdmin, Confirm: true}); err == nil || errors.Is(err, store.ErrMembershipEnded) {
		t.Errorf("Confirm without a user: %v, want a scope error", err)
	}
}
