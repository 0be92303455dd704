package store_test

// A pooled connection outlives the request that used it. The context is
// transaction-local, so the next user of the connection inherits nothing;
// and a session-level setting that got onto a connection anyway (an
// injected set_config(…, false)) never decides what the store sees.

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// singleConnStore is a store on a pool of exactly one connection, so every
// Acquire and every store call gets the same backend.
func singleConnStore(t *testing.T) (*store.Store, *pgxpool.Pool) {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(dbtest.AppURL())
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxConns = 1
	cfg.MinConns = 0
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	st, err := store.New(pool, dbtest.Keys(t))
	if err != nil {
		t.Fatal(err)
	}
	return st, pool
}

// rawState is what a raw statement on the pool's connection sees, outside
// any store transaction: the context as the database verifies it ("" for
// none) and what the policies then let through.
type rawState struct {
	pid                  uint32
	clinic, user, role   *string
	patients, anyClinics int64
}

func readRaw(t *testing.T, pool *pgxpool.Pool) rawState {
	t.Helper()
	ctx := context.Background()
	conn, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	s := rawState{pid: conn.Conn().PgConn().PID()}
	err = conn.QueryRow(ctx, `SELECT COALESCE(app.current_clinic()::text, ''), COALESCE(app.current_app_user()::text, ''),
		COALESCE(app.current_app_role(), ''), (SELECT count(*) FROM patients), (SELECT count(*) FROM clinics)`).
		Scan(&s.clinic, &s.user, &s.role, &s.patients, &s.anyClinics)
	if err != nil {
		t.Fatalf("raw read: %v", err)
	}
	return s
}

// settingText shows a setting as read, NULL included.
func settingText(s *string) string {
	if s == nil {
		return "<NULL>"
	}
	return *s
}

// TestPooledConnectionCarriesNoContext: after a store transaction for
// clinic A, the same (only) connection holds no clinic, user or role, and
// sees no rows.
func TestPooledConnectionCarriesNoContext(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	seedStore := dbtest.Store(t)
	a := dbtest.NewClinic(t, seedStore, 3)
	want := seededRows(3)["patients"]
	errBoom := errors.New("boom")

	cases := []struct {
		name    string
		wantErr error
		run     func(st *store.Store, fn func(tx dbsqlc.DBTX) error) error
	}{
		{"Tx committed", nil, func(st *store.Store, fn func(tx dbsqlc.DBTX) error) error {
			return st.Tx(ctx, a.Scope(store.RoleAdmin), fn)
		}},
		{"Tx rolled back", errBoom, func(st *store.Store, fn func(tx dbsqlc.DBTX) error) error {
			return st.Tx(ctx, a.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
				if err := fn(tx); err != nil {
					return err
				}
				return errBoom
			})
		}},
		{"Tx failed in the database", store.ErrInvalid, func(st *store.Store, fn func(tx dbsqlc.DBTX) error) error {
			return st.Tx(ctx, a.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
				if err := fn(tx); err != nil {
					return err
				}
				_, err := tx.Exec(ctx, `SELECT 'not-a-uuid'::uuid`)
				return err
			})
		}},
		{"Read", nil, func(st *store.Store, fn func(tx dbsqlc.DBTX) error) error {
			return st.Read(ctx, a.Scope(store.RoleDoctor), fn)
		}},
		{"Read of several statements", nil, func(st *store.Store, fn func(tx dbsqlc.DBTX) error) error {
			return st.Read(ctx, a.Scope(store.RoleDoctor), func(tx dbsqlc.DBTX) error {
				if _, err := st.Queries().ListDoctors(ctx, tx); err != nil {
					return err
				}
				return fn(tx)
			})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st, pool := singleConnStore(t)
			var pid uint32
			var inside int64
			var insideClinic string
			err := tc.run(st, func(tx dbsqlc.DBTX) error {
				if err := tx.QueryRow(ctx, `SELECT pg_backend_pid(), COALESCE(app.current_clinic()::text, '')`).
					Scan(&pid, &insideClinic); err != nil {
					return err
				}
				var err error
				inside, err = st.Queries().CountPatients(ctx, tx)
				return err
			})
			if tc.wantErr == nil && err != nil || tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Fatalf("store call: %v, want %v", err, tc.wantErr)
			}
			// Control: inside, the context was A's and A's rows were seen.
			if inside != want || insideClinic != a.ID.String() {
				t.Fatalf("inside the store call: clinic %q, %d patients; want %s and %d", insideClinic, inside, a.ID, want)
			}

			after := readRaw(t, pool)
			if after.pid != pid {
				t.Fatalf("the pool handed out backend %d, the store used %d: not the same connection", after.pid, pid)
			}
			// No verified context survives the transaction.
			if settingText(after.clinic) != "" || settingText(after.user) != "" || settingText(after.role) != "" {
				t.Errorf("reused connection carries clinic=%q user=%q role=%q, want all ''",
					settingText(after.clinic), settingText(after.user), settingText(after.role))
			}
			if after.patients != 0 || after.anyClinics != 0 {
				t.Errorf("reused connection sees %d patients and %d clinics without context, want 0 and 0",
					after.patients, after.anyClinics)
			}
		})
	}
}

// TestSessionLevelSettingDoesNotDecideStoreScope injects session-level
// settings into a pooled connection — the old plain settings and a forged
// signed context — as an injected statement could. They grant nothing to
// raw statements (the context is verified in the database), and the store
// still scopes every transaction to the clinic it is asked for.
func TestSessionLevelSettingDoesNotDecideStoreScope(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	seedStore := dbtest.Store(t)
	a := dbtest.NewClinic(t, seedStore, 3)
	b := dbtest.NewClinic(t, seedStore, 2)
	wantA, wantB := seededRows(3)["patients"], seededRows(2)["patients"]
	st, pool := singleConnStore(t)

	// The injection: A's admin, session-wide, outside any transaction.
	conn, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	injected := asRole(a, store.RoleAdmin)
	pid := conn.Conn().PgConn().PID()
	forger := store.Key{ID: dbtest.Keys(t)[0].ID, Secret: []byte("an attacker's guess at the secret key")}
	forged := store.SignContext(forger, injected.clinic, injected.user, injected.role, pid, time.Now().Add(time.Minute))
	if _, err := conn.Exec(ctx, `SELECT set_config('app.current_clinic', $1, false), set_config('app.current_user', $2, false),
		set_config('app.current_role', $3, false), set_config('app.context', $4, false)`,
		injected.clinic, injected.user, injected.role, forged); err != nil {
		t.Fatal(err)
	}
	conn.Release()
	if raw := readRaw(t, pool); raw.pid != pid || raw.patients != 0 || raw.anyClinics != 0 {
		t.Fatalf("after the injection raw reads on backend %d (injected on %d) see %d patients and %d clinics, want none",
			raw.pid, pid, raw.patients, raw.anyClinics)
	}

	type seen struct {
		pid                uint32
		clinic, user, role string
		patients           []dbsqlc.Patient
		count              int64
	}
	look := func(tx dbsqlc.DBTX) (seen, error) {
		var s seen
		err := tx.QueryRow(ctx, `SELECT pg_backend_pid(), COALESCE(app.current_clinic()::text, ''),
			COALESCE(app.current_app_user()::text, ''), COALESCE(app.current_app_role(), '')`).
			Scan(&s.pid, &s.clinic, &s.user, &s.role)
		if err != nil {
			return s, err
		}
		if s.count, err = st.Queries().CountPatients(ctx, tx); err != nil {
			return s, err
		}
		s.patients, err = st.Queries().ListPatients(ctx, tx, clinic.NewestPatients(100))
		return s, err
	}
	check := func(t *testing.T, what string, s seen, scope store.Scope) {
		t.Helper()
		if s.pid != pid {
			t.Fatalf("%s ran on backend %d, not the injected %d", what, s.pid, pid)
		}
		if s.clinic != scope.ClinicID.String() || s.user != scope.UserID.String() || s.role != string(scope.Role) {
			t.Errorf("%s: settings clinic=%q user=%q role=%q, want the scope's %v", what, s.clinic, s.user, s.role, scope)
		}
		if s.count != wantB || int64(len(s.patients)) != wantB {
			t.Errorf("%s: %d patients counted, %d listed; want B's %d", what, s.count, len(s.patients), wantB)
		}
		for _, p := range s.patients {
			if p.ClinicID != b.ID {
				t.Errorf("%s: listed patient %s of clinic %s, want only B's (%s)", what, p.PatientNumber, p.ClinicID, b.ID)
			}
		}
	}

	scopeB := b.Scope(store.RoleReceptionist)
	var s seen
	if err := st.Read(ctx, scopeB, func(tx dbsqlc.DBTX) error {
		var err error
		s, err = look(tx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	check(t, "store.Read for B", s, scopeB)

	// In a Tx the statements after the first go straight to the
	// connection: they too act for B.
	if err := st.Tx(ctx, scopeB, func(tx dbsqlc.DBTX) error {
		if _, err := st.Queries().ListDoctors(ctx, tx); err != nil {
			return err
		}
		var err error
		s, err = look(tx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	check(t, "store.Tx for B", s, scopeB)

	// A store scope with no acting user clears the injected user too.
	system := store.Scope{ClinicID: b.ID, Role: store.RoleAdmin}
	var user string
	if err := st.Read(ctx, system, func(tx dbsqlc.DBTX) error {
		return tx.QueryRow(ctx, `SELECT COALESCE(app.current_app_user()::text, '')`).Scan(&user)
	}); err != nil {
		t.Fatal(err)
	}
	if user != "" {
		t.Errorf("store.Read with no acting user: app.current_user = %q, want '' (not the injected %s)", user, injected.user)
	}

	// After the store calls the forged session value is back in force, and
	// still grants nothing.
	raw := readRaw(t, pool)
	if raw.pid != pid || settingText(raw.clinic) != "" || settingText(raw.role) != "" || raw.patients != 0 {
		t.Errorf("after the store calls, raw reads on backend %d: clinic=%q role=%q, %d patients; want none",
			raw.pid, settingText(raw.clinic), settingText(raw.role), raw.patients)
	}
	_ = wantA
}
