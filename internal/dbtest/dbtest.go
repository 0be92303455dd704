// Package dbtest connects tests to the real PostgreSQL that `make test`
// prepares: as the application role for everything tenant-facing, and as
// the owner or a superuser only where a test must play a privileged role.
// A missing database fails the test; it never skips.
package dbtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/faultproxy"
	"github.com/santkrupa/santkrupa/internal/seed"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The URLs `make test` exports; the defaults match db/postgres.sh.
const (
	defaultApp       = "postgres://santkrupa_app:santkrupa_app@127.0.0.1:5432/santkrupa_test?sslmode=disable"
	defaultOwner     = "postgres://santkrupa_owner:santkrupa_owner@127.0.0.1:5432/santkrupa_test?sslmode=disable"
	defaultSuperuser = "postgres://postgres@127.0.0.1:5432/santkrupa_test?sslmode=disable"
)

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// AppURL connects as santkrupa_app.
func AppURL() string { return env("SANTKRUPA_TEST_DATABASE_URL", defaultApp) }

// OwnerURL connects as santkrupa_owner, the schema owner.
func OwnerURL() string { return env("SANTKRUPA_TEST_OWNER_DATABASE_URL", defaultOwner) }

// SuperuserURL connects as a superuser.
func SuperuserURL() string { return env("SANTKRUPA_TEST_SUPERUSER_DATABASE_URL", defaultSuperuser) }

// Pool opens a pool to url for the test's lifetime.
func Pool(t testing.TB, url string) *pgxpool.Pool {
	t.Helper()
	pool, err := store.Open(context.Background(), url, store.Options{MaxConns: 8})
	if err != nil {
		t.Fatalf("open pool: %v", err)
	}
	if err := pool.Ping(context.Background()); err != nil {
		pool.Close()
		t.Fatalf("database not reachable at %s (run the tests with `make test`): %v", redact(url), err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// Conn opens a single connection to url for the test's lifetime.
func Conn(t testing.TB, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatalf("connect to %s: %v", redact(url), err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// Keys are the context-signing keys `make test` installed in the test
// database: SANTKRUPA_TEST_CONTEXT_KEYS, else the development key file
// .dev/context-keys found above the working directory.
func Keys(t testing.TB) store.Keys {
	t.Helper()
	ks, err := store.ParseKeys(KeysConfig(t))
	if err != nil {
		t.Fatalf("test context keys: %v (run the tests with `make test`)", err)
	}
	return ks
}

// KeysConfig is Keys as SANTKRUPA_CONTEXT_KEYS spells them.
func KeysConfig(t testing.TB) string {
	t.Helper()
	if raw := os.Getenv("SANTKRUPA_TEST_CONTEXT_KEYS"); raw != "" {
		return raw
	}
	return keyFile(t)
}

func keyFile(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, ".dev", "context-keys"))
		if err == nil {
			return strings.TrimSpace(string(b))
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Store is a store on the application role, refusing to run as anything
// more privileged or with a key the database does not accept.
func Store(t testing.TB) *store.Store {
	t.Helper()
	return StoreAt(t, AppURL())
}

// StoreAt is Store over url: the application role reached another way,
// such as through a fault proxy.
func StoreAt(t testing.TB, url string) *store.Store {
	t.Helper()
	st, err := store.New(Pool(t, url), Keys(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CheckRole(context.Background()); err != nil {
		t.Fatalf("test database role: %v", err)
	}
	if err := st.CheckContext(context.Background()); err != nil {
		t.Fatalf("test database: %v", err)
	}
	return st
}

// FaultProxy starts a fault proxy in front of the test database for the
// test's lifetime and returns it with the application role's URL through
// it. Cutting it takes the database away from whoever connects through it,
// and from nobody else.
func FaultProxy(t testing.TB) (*faultproxy.Proxy, string) {
	t.Helper()
	target, err := faultproxy.Target(AppURL())
	if err != nil {
		t.Fatal(err)
	}
	p, err := faultproxy.Start(target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	u, err := p.URL(AppURL())
	if err != nil {
		t.Fatal(err)
	}
	return p, u
}

// WantPoolIdle fails the test unless every connection of pool is back:
// no request or transaction kept one. A connection the pool destroys (it
// died, or was released inside a transaction) counts as acquired until
// its close completes in the background, hence the wait (up to 10s).
func WantPoolIdle(t testing.TB, pool *pgxpool.Pool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := pool.Stat()
		if s.AcquiredConns() == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%d database connections still acquired (of %d); a request or transaction kept one",
				s.AcquiredConns(), s.TotalConns())
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// SignedContext is the app.context value acting as (clinic, user, role) on
// conn, as the store would set it, for tests that drive a raw connection.
// The parts are raw strings, so malformed values can be signed too.
func SignedContext(t testing.TB, conn *pgx.Conn, clinic, user, role string) string {
	t.Helper()
	return store.SignContext(Keys(t)[0], clinic, user, role, conn.PgConn().PID(), time.Now().Add(store.ContextTTL))
}

// Clinic is a freshly seeded clinic: one user of every role, two doctors,
// catalogs, and patients with a full history each.
type Clinic struct {
	ID   uuid.UUID
	Slug string
	// Users holds, per role, the clinic's first demo person of that role
	// (seed.DemoPeople order: "admin", "doctor", "reception", "lab",
	// "patient").
	Users map[store.Role]dbsqlc.User
	// ByLogin holds every seeded user by demo login ("doctor2", …).
	ByLogin map[string]dbsqlc.User
}

// Scope acts in the clinic as its first user of role.
func (c Clinic) Scope(role store.Role) store.Scope {
	return store.Scope{ClinicID: c.ID, UserID: c.Users[role].ID, Role: role}
}

// NewClinic seeds a clinic with a unique slug and the given number of
// patients (the first is linked to the clinic's patient user).
func NewClinic(t testing.TB, st *store.Store, patients int) Clinic {
	t.Helper()
	ctx := context.Background()
	slug := "t-" + strings.ReplaceAll(uuid.NewString(), "-", "")[:16]
	code := strings.ToUpper(slug[2:8])
	id, err := seed.Clinic1(ctx, st, seed.Clinic{
		Slug: slug, Name: "Test clinic " + slug, Code: "T" + onlyAlnum(code), City: "Pune", State: "MH", Patients: patients,
	})
	if err != nil {
		t.Fatalf("seed clinic: %v", err)
	}
	c := Clinic{ID: id, Slug: slug, Users: map[store.Role]dbsqlc.User{}, ByLogin: map[string]dbsqlc.User{}}
	err = st.Read(ctx, store.Scope{ClinicID: id, Role: store.RoleAdmin}, func(tx dbsqlc.DBTX) error {
		users, err := st.Queries().ListUsers(ctx, tx)
		if err != nil {
			return err
		}
		for _, u := range users {
			login, _, _ := strings.Cut(u.Email, "@")
			c.ByLogin[login] = u
		}
		for _, p := range seed.DemoPeople() {
			if _, ok := c.Users[p.Role]; !ok {
				c.Users[p.Role] = c.ByLogin[p.Login]
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("list seeded users: %v", err)
	}
	for _, r := range store.Roles {
		if u, ok := c.Users[r]; !ok || u.ID == uuid.Nil {
			t.Fatalf("seeded clinic has no %s user", r)
		}
	}
	return c
}

func onlyAlnum(s string) string {
	var b strings.Builder
	for _, r := range s {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func redact(url string) string {
	if i := strings.Index(url, "@"); i > 0 {
		if j := strings.Index(url, "://"); j > 0 && j < i {
			return url[:j+3] + "…" + url[i:]
		}
	}
	return fmt.Sprint(url)
}
