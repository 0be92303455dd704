package store_test

// The clinic context cannot be forged from SQL: the database accepts only a
// context signed with an installed key, for this backend, before its
// expiry. Each attack below runs as the application role on a raw
// connection, inside a transaction, and must see no rows and write nothing;
// each has a control that the same statements work with a genuine context.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/migrate"
	"github.com/santkrupa/santkrupa/internal/store"
)

// probe sets value as app.context in a transaction on conn and reports
// what the database makes of it: the verified clinic ("" for none), the
// patients visible and whether an insert into patients succeeds.
func probe(t *testing.T, conn *pgx.Conn, value string) (clinic string, patients int64, inserted bool) {
	t.Helper()
	ctx := context.Background()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `SELECT set_config('app.context', $1, true)`, value); err != nil {
		t.Fatalf("set app.context: %v", err)
	}
	if err := tx.QueryRow(ctx, `SELECT COALESCE(app.current_clinic()::text, ''), (SELECT count(*) FROM patients)`).
		Scan(&clinic, &patients); err != nil {
		t.Fatalf("probe read: %v", err)
	}
	_, err = tx.Exec(ctx, `SAVEPOINT s`)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO patients (patient_number, name) VALUES ('PT-FORGED-1', 'Forged')`)
	inserted = err == nil
	return clinic, patients, inserted
}

func TestForgedContextsGrantNothing(t *testing.T) {
	t.Parallel()
	st := dbtest.Store(t)
	a := dbtest.NewClinic(t, st, 2)
	b := dbtest.NewClinic(t, st, 3)
	conn := appConn(t)
	other := appConn(t)
	key := dbtest.Keys(t)[0]
	pid := conn.PgConn().PID()
	admin := b.Users[store.RoleAdmin].ID.String()
	soon := time.Now().Add(store.ContextTTL)
	genuine := store.SignContext(key, b.ID.String(), admin, "admin", pid, soon)

	// Control: the genuine context for this backend sees B's 3 patients.
	if clinic, n, _ := probe(t, conn, genuine); clinic != b.ID.String() || n != 3 {
		t.Fatalf("control: genuine context verified as %q with %d patients; want %s and 3", clinic, n, b.ID)
	}

	flip := func(s string, i int) string {
		r := []byte(s)
		if r[i] == '0' {
			r[i] = '1'
		} else {
			r[i] = '0'
		}
		return string(r)
	}
	sigStart := strings.LastIndex(genuine, ".") + 1
	// The context a transaction of clinic B set on another connection.
	copied := store.SignContext(key, b.ID.String(), admin, "admin", other.PgConn().PID(), soon)
	wrongKey := store.Key{ID: key.ID, Secret: []byte("0123456789abcdef0123456789abcdef-guess")}
	unknownKid := store.Key{ID: "retired-or-unknown", Secret: key.Secret}

	cases := []struct{ name, value string }{
		{"plain uuid of clinic B", b.ID.String()},
		{"unsigned context", strings.Join(strings.Split(genuine, ".")[:7], ".")},
		{"flipped signature byte", flip(genuine, sigStart+5)},
		{"flipped payload byte (clinic)", strings.Replace(genuine, b.ID.String(), a.ID.String(), 1)},
		{"role raised from doctor to admin", strings.Replace(store.SignContext(key, b.ID.String(), admin, "doctor", pid, soon), ".doctor.", ".admin.", 1)},
		{"expired a minute ago", store.SignContext(key, b.ID.String(), admin, "admin", pid, time.Now().Add(-time.Minute))},
		{"signed with a guessed key", store.SignContext(wrongKey, b.ID.String(), admin, "admin", pid, soon)},
		{"signed under an unknown (retired) key id", store.SignContext(unknownKid, b.ID.String(), admin, "admin", pid, soon)},
		{"valid signature for another connection", copied},
		{"uppercase hex signature", genuine[:sigStart] + strings.ToUpper(genuine[sigStart:])},
		{"extra field", genuine + ".x"},
		{"oversized", genuine + strings.Repeat("0", 500)},
		{"empty", ""},
	}
	for _, tc := range cases {
		clinic, n, inserted := probe(t, conn, tc.value)
		if clinic != "" || n != 0 || inserted {
			t.Errorf("%s: verified as %q, %d patients visible, insert succeeded=%v; want nothing", tc.name, clinic, n, inserted)
		}
	}

	// The old plain settings grant nothing either.
	ctx := context.Background()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `SELECT set_config('app.current_clinic', $1, true), set_config('app.current_user', $2, true),
		set_config('app.current_role', 'admin', true)`, b.ID.String(), admin); err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM patients`).Scan(&n); err != nil || n != 0 {
		t.Errorf("plain settings for clinic B: %d patients (err %v), want 0", n, err)
	}
}

func TestContextKeysAreOutOfReach(t *testing.T) {
	t.Parallel()
	conn := appConn(t)
	ctx := context.Background()
	if _, err := conn.Exec(ctx, `SELECT * FROM app_private.context_keys`); sqlstate(err) != codeInsufficientPrivilege {
		t.Errorf("reading the key table as the app role: %v, want permission denied", err)
	}
	keys := dbtest.Keys(t)
	secret := fmt.Sprintf("%x", keys[0].Secret)
	for _, s := range []string{fmt.Sprint(keys), fmt.Sprintf("%+v", keys), fmt.Sprintf("%#v", keys)} {
		if strings.Contains(s, secret) || strings.Contains(s, string(keys[0].Secret)) {
			t.Errorf("printing the keys shows a secret: %s", s)
		}
	}
	if _, err := store.ParseKeys("k1:c2hvcnQ="); err == nil || strings.Contains(err.Error(), "c2hvcnQ") {
		t.Errorf("a short key: error %v must refuse it without quoting it", err)
	}

	// What pg_stat_activity shows of a store transaction: the prologue
	// with a placeholder, never a context or a key.
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 1)
	su := dbtest.Conn(t, dbtest.SuperuserURL())
	var seen []string
	err := st.Tx(ctx, c.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		var pid int64
		if err := tx.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
			return err
		}
		rows, err := su.Query(ctx, `SELECT query FROM pg_stat_activity WHERE pid = $1`, pid)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var q string
			if err := rows.Scan(&q); err != nil {
				return err
			}
			seen = append(seen, q)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range seen {
		if strings.Contains(q, "v1.") || strings.Contains(q, keys[0].ID+".") {
			t.Errorf("pg_stat_activity shows a context: %q", q)
		}
	}
}

// TestKeyRotation rotates keys the way an operator does, without downtime:
// install the new key beside the old, sign with the new, retire the old.
func TestKeyRotation(t *testing.T) {
	ctx := context.Background()
	current := dbtest.Keys(t)
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 2)
	next := store.Key{ID: fmt.Sprintf("rot%d", time.Now().UnixNano()%1e9), Secret: []byte(strings.Repeat("n", 40))}
	log := &strings.Builder{}
	count := func(keys store.Keys) int64 {
		t.Helper()
		s, err := store.New(dbtest.Pool(t, dbtest.AppURL()), keys)
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := s.Read(ctx, c.Scope(store.RoleDoctor), func(tx dbsqlc.DBTX) error {
			var err error
			n, err = s.Queries().CountPatients(ctx, tx)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Step 1: both keys installed; servers still sign with the old one.
	if err := migrate.InstallKeys(ctx, dbtest.OwnerURL(), append(store.Keys{current[0]}, next), log); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := migrate.InstallKeys(ctx, dbtest.OwnerURL(), current, &strings.Builder{}); err != nil {
			t.Errorf("restore keys: %v", err)
		}
	})
	if n := count(current); n != 2 {
		t.Fatalf("old key during rotation: %d patients, want 2", n)
	}
	// Step 2: servers sign with the new key.
	if n := count(store.Keys{next, current[0]}); n != 2 {
		t.Fatalf("new key during rotation: %d patients, want 2", n)
	}
	// Step 3: the old key… here the new one is retired instead (the test
	// database's own key must stay), which is the same operation.
	if err := migrate.InstallKeys(ctx, dbtest.OwnerURL(), current, log); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "retired: ["+next.ID+"]") {
		t.Errorf("migrate did not report retiring %s: %s", next.ID, log)
	}
	if strings.Contains(log.String(), string(next.Secret)) {
		t.Errorf("migrate's output shows a secret")
	}
	if n := count(store.Keys{next}); n != 0 {
		t.Errorf("a retired key still verifies: %d patients, want 0", n)
	}
	if n := count(current); n != 2 {
		t.Errorf("the remaining key after retirement: %d patients, want 2", n)
	}
}

// TestUnboundContext pins SANTKRUPA_CONTEXT_BINDING=none: a context the
// server signs for backend 0 is accepted on any connection (what a
// transaction-mode pooler needs), and is otherwise checked like any other.
func TestUnboundContext(t *testing.T) {
	t.Parallel()
	st := dbtest.Store(t)
	a := dbtest.NewClinic(t, st, 2)
	b := dbtest.NewClinic(t, st, 3)
	key := dbtest.Keys(t)[0]
	admin := b.Users[store.RoleAdmin].ID.String()
	unbound := store.SignContext(key, b.ID.String(), admin, "admin", 0, time.Now().Add(store.ContextTTL))
	for i, conn := range []*pgx.Conn{appConn(t), appConn(t)} {
		if clinic, n, _ := probe(t, conn, unbound); clinic != b.ID.String() || n != 3 {
			t.Fatalf("connection %d: unbound context verified as %q with %d patients; want %s and 3", i, clinic, n, b.ID)
		}
	}
	conn := appConn(t)
	for _, tc := range []struct{ name, value string }{
		{"expired", store.SignContext(key, b.ID.String(), admin, "admin", 0, time.Now().Add(-time.Minute))},
		{"clinic changed", strings.Replace(unbound, b.ID.String(), a.ID.String(), 1)},
		{"backend changed from 0", strings.Replace(unbound, ".admin.0.", ".admin.1.", 1)},
	} {
		if clinic, n, inserted := probe(t, conn, tc.value); clinic != "" || n != 0 || inserted {
			t.Errorf("%s: verified as %q, %d patients visible, insert succeeded=%v; want nothing", tc.name, clinic, n, inserted)
		}
	}

	// A store told to sign unbound contexts works end to end.
	us, err := store.New(dbtest.Pool(t, dbtest.AppURL()), dbtest.Keys(t))
	if err != nil {
		t.Fatal(err)
	}
	us.SetUnboundContext(true)
	if err := us.CheckContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	var n int64
	err = us.Read(context.Background(), b.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		var err error
		n, err = us.Queries().CountPatients(context.Background(), tx)
		return err
	})
	if err != nil || n != 3 {
		t.Fatalf("unbound store in clinic B: %d patients, %v; want 3", n, err)
	}
}

// TestUUIDFormCheck: app.is_uuid_text, which decides whether a signed
// clinic or user names one, accepts exactly the canonical form the server
// signs (uuid.UUID.String: lower-case, 8-4-4-4-12) over generated strings
// near that form: other spellings PostgreSQL's uuid input reads, hyphens
// and letters in the wrong places, multi-byte characters, LIKE's own
// wildcards.
func TestUUIDFormCheck(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("0123456789abcdefABCDEFg-{}_% é")
	pick := func() rune { return alphabet[rng.IntN(len(alphabet))] }
	var inputs []string
	for i := range 4000 {
		u := uuid.UUID{}
		for j := range u {
			u[j] = byte(rng.Uint32())
		}
		s := []rune(u.String())
		switch i % 4 {
		case 0: // canonical
		case 1: // one character replaced
			s[rng.IntN(len(s))] = pick()
		case 2: // one character dropped or added
			k := rng.IntN(len(s))
			if rng.IntN(2) == 0 {
				s = append(s[:k], s[k+1:]...)
			} else {
				s = append(s[:k], append([]rune{pick()}, s[k:]...)...)
			}
		case 3: // random characters of the same length
			for k := range s {
				s[k] = pick()
			}
		}
		inputs = append(inputs, string(s))
	}
	inputs = append(inputs, "", "----", "00000000-0000-0000-0000-000000000000",
		"0000000--0000-0000-0000-000000000000", "00000000000000000000000000000000",
		"{00000000-0000-0000-0000-000000000000}", "00000000-0000-0000-0000-00000000000A")
	owner := dbtest.Conn(t, dbtest.OwnerURL())
	var got []bool
	if err := owner.QueryRow(ctx, `SELECT array_agg(app.is_uuid_text(s) ORDER BY i)
		FROM unnest($1::text[]) WITH ORDINALITY AS t(s, i)`, inputs).Scan(&got); err != nil {
		t.Fatal(err)
	}
	canonical := 0
	for i, s := range inputs {
		u, err := uuid.Parse(s)
		want := err == nil && u.String() == s
		if want {
			canonical++
		}
		if got[i] != want {
			t.Errorf("app.is_uuid_text(%q) = %v, want %v", s, got[i], want)
		}
	}
	if canonical < 1000 || canonical > len(inputs)-1000 {
		t.Fatalf("control: %d canonical of %d inputs; the corpus does not test both answers", canonical, len(inputs))
	}
}
