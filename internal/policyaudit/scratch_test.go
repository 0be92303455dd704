package policyaudit_test

// Scratch databases: a template migrated once per test run, cloned for
// each test so that a test can break its own copy of the schema. The DDL
// lives here, in a test file, as the superuser (dbtest.SuperuserURL).

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/migrate"
	"github.com/santkrupa/santkrupa/internal/store"
)

var (
	templateName string
	cloneMu      sync.Mutex // CREATE DATABASE … TEMPLATE wants the template to itself
)

func TestMain(m *testing.M) {
	code := func() int {
		name, drop, err := makeTemplate()
		if err != nil {
			fmt.Fprintln(os.Stderr, "policyaudit tests: migrated template:", err)
			return 1
		}
		defer drop()
		templateName = name
		return m.Run()
	}()
	os.Exit(code)
}

// withDB returns u with its database replaced.
func withDB(u, db string) string {
	p, err := url.Parse(u)
	if err != nil {
		panic(err)
	}
	p.Path = "/" + db
	return p.String()
}

func superuser(ctx context.Context) (*pgx.Conn, error) {
	return pgx.Connect(ctx, dbtest.SuperuserURL())
}

// createDB creates db owned by santkrupa_owner with bootstrap.sql's
// database privileges.
func createDB(ctx context.Context, su *pgx.Conn, db, template string) error {
	stmts := []string{
		fmt.Sprintf(`CREATE DATABASE %s OWNER santkrupa_owner`, pgx.Identifier{db}.Sanitize()),
		fmt.Sprintf(`REVOKE ALL ON DATABASE %s FROM PUBLIC`, pgx.Identifier{db}.Sanitize()),
		fmt.Sprintf(`GRANT CONNECT ON DATABASE %s TO santkrupa_app`, pgx.Identifier{db}.Sanitize()),
		fmt.Sprintf(`GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %s TO santkrupa_owner`, pgx.Identifier{db}.Sanitize()),
	}
	if template != "" {
		stmts[0] += " TEMPLATE " + pgx.Identifier{template}.Sanitize()
	}
	for _, s := range stmts {
		if _, err := su.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

func dropDB(ctx context.Context, db string) error {
	su, err := superuser(ctx)
	if err != nil {
		return err
	}
	defer su.Close(ctx)
	_, err = su.Exec(ctx, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, pgx.Identifier{db}.Sanitize()))
	return err
}

func randomName(prefix string) string {
	return prefix + strings.ReplaceAll(uuid.NewString(), "-", "")[:12]
}

// makeTemplate creates and migrates the template database.
func makeTemplate() (string, func(), error) {
	ctx := context.Background()
	su, err := superuser(ctx)
	if err != nil {
		return "", nil, err
	}
	defer su.Close(ctx)
	name := randomName("santkrupa_pa_tmpl_")
	if err := createDB(ctx, su, name, ""); err != nil {
		return "", nil, err
	}
	drop := func() { _ = dropDB(context.Background(), name) }
	keys, err := store.ParseKeys(dbtest.KeysConfig(&testing.T{}))
	if err != nil {
		drop()
		return "", nil, err
	}
	if err := migrate.Run(ctx, withDB(dbtest.OwnerURL(), name), keys, io.Discard); err != nil {
		drop()
		return "", nil, err
	}
	return name, drop, nil
}

// scratch is a fresh migrated database of the test's own.
type scratch struct {
	Name string
	// Owner and Super connect to it as the schema owner and a superuser.
	Owner, Super *pgx.Conn
}

func newScratch(t *testing.T) scratch {
	t.Helper()
	ctx := context.Background()
	name := randomName("santkrupa_pa_")
	cloneMu.Lock()
	su, err := superuser(ctx)
	if err == nil {
		err = createDB(ctx, su, name, templateName)
		su.Close(ctx)
	}
	cloneMu.Unlock()
	if err != nil {
		t.Fatalf("scratch database: %v", err)
	}
	t.Cleanup(func() {
		if err := dropDB(context.Background(), name); err != nil {
			t.Errorf("drop scratch database %s: %v", name, err)
		}
	})
	return scratch{
		Name:  name,
		Owner: dbtest.Conn(t, withDB(dbtest.OwnerURL(), name)),
		Super: dbtest.Conn(t, withDB(dbtest.SuperuserURL(), name)),
	}
}

// exec runs statements on conn, failing the test on an error.
func exec(t *testing.T, conn *pgx.Conn, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := conn.Exec(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// tempRole creates a cluster role for one test (dropped with everything
// it owns in db at the end).
func tempRole(t *testing.T, s scratch, attrs string) string {
	t.Helper()
	name := randomName("sk_pa_role_")
	exec(t, s.Super, `CREATE ROLE `+name+` NOLOGIN `+attrs)
	t.Cleanup(func() {
		ctx := context.Background()
		_, _ = s.Super.Exec(ctx, `DROP OWNED BY `+name)
		su, err := superuser(ctx)
		if err != nil {
			t.Errorf("drop role %s: %v", name, err)
			return
		}
		defer su.Close(ctx)
		if _, err := su.Exec(ctx, `DROP ROLE `+name); err != nil {
			t.Errorf("drop role %s: %v", name, err)
		}
	})
	return name
}
