package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/migrate"
	"github.com/santkrupa/santkrupa/internal/seed"
	"github.com/santkrupa/santkrupa/internal/store"
)

// unsignedContext replaces the verification with what the policy
// functions did before contexts were signed: read the setting, check the
// UUIDs' form and the role, and trust it. It is the baseline for what
// signing costs. Benchmarks only, in a scratch database.
const unsignedContext = `CREATE OR REPLACE FUNCTION app.verified_context() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN f[3] ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
         AND (f[4] = '' OR f[4] ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
         AND f[5] IN ('admin', 'doctor', 'receptionist', 'lab_tech', 'patient')
        THEN ARRAY[f[3], f[4], f[5]]
    END
    FROM (SELECT string_to_array(current_setting('app.context', true), '.') AS f) AS s
$$`

// bareContext trusts the setting without even checking its form: a floor
// no real version had, to show what verification costs at most.
const bareContext = `CREATE OR REPLACE FUNCTION app.verified_context() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT (string_to_array(current_setting('app.context', true), '.'))[3:5] $$`

// scratchDatabase creates a migrated database of its own for a benchmark
// that changes the schema, and drops it afterwards.
func scratchDatabase(b *testing.B) (appURL, ownerURL string) {
	b.Helper()
	ctx := context.Background()
	name := fmt.Sprintf("santkrupa_bench_%d", time.Now().UnixNano())
	su := dbtest.Conn(b, dbtest.SuperuserURL())
	for _, stmt := range []string{
		`CREATE DATABASE ` + name + ` OWNER santkrupa_owner`,
		`REVOKE ALL ON DATABASE ` + name + ` FROM PUBLIC`,
		`GRANT CONNECT ON DATABASE ` + name + ` TO santkrupa_app`,
	} {
		if _, err := su.Exec(ctx, stmt); err != nil {
			b.Fatal(err)
		}
	}
	b.Cleanup(func() {
		_, _ = su.Exec(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	swap := func(url string) string { return strings.Replace(url, "/santkrupa_test?", "/"+name+"?", 1) }
	appURL, ownerURL = swap(dbtest.AppURL()), swap(dbtest.OwnerURL())
	if err := migrate.Run(ctx, ownerURL, dbtest.Keys(b), &strings.Builder{}); err != nil {
		b.Fatal(err)
	}
	return appURL, ownerURL
}

// BenchmarkContextSigning measures list-50 (ListPatients through
// store.Read, 8 concurrent clients) with the signed context verified in
// the database ("signed"), with the unsigned checks the policy functions
// made before contexts were signed ("unsigned"), and with a bare trusting
// parse ("bare"). Compare the ns/op within one run: `make bench`.
func BenchmarkContextSigning(b *testing.B) {
	ctx := context.Background()
	appURL, ownerURL := scratchDatabase(b)
	keys := dbtest.Keys(b)
	st, err := store.New(dbtest.Pool(b, appURL), keys)
	if err != nil {
		b.Fatal(err)
	}
	clinicID, err := seed.Clinic1(ctx, st, seed.Clinic{Slug: "bench", Name: "Bench", Code: "BEN", Patients: 200})
	if err != nil {
		b.Fatal(err)
	}
	scope := store.Scope{ClinicID: clinicID, Role: store.RoleReceptionist}
	owner := dbtest.Conn(b, ownerURL)
	var signedBody string
	if err := owner.QueryRow(ctx, `SELECT pg_get_functiondef('app.verified_context()'::regprocedure)`).Scan(&signedBody); err != nil {
		b.Fatal(err)
	}
	list := func(b *testing.B) {
		b.SetParallelism(4) // 4 × GOMAXPROCS(2) = 8 clients
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				var n int
				err := st.Read(ctx, scope, func(tx dbsqlc.DBTX) error {
					ps, err := st.Queries().ListPatients(ctx, tx, clinic.NewestPatients(50))
					n = len(ps)
					return err
				})
				if err != nil || n != 50 {
					b.Fatalf("list: %d patients, %v", n, err)
				}
			}
		})
	}
	set := func(b *testing.B, body string) {
		if _, err := owner.Exec(ctx, body, pgx.QueryExecModeSimpleProtocol); err != nil {
			b.Fatal(err)
		}
	}
	// Interleaved rounds, so that a noisy moment of the machine hits both.
	for range 3 {
		b.Run("signed", func(b *testing.B) { set(b, signedBody); list(b) })
		b.Run("unsigned", func(b *testing.B) { set(b, unsignedContext); list(b) })
		b.Run("bare", func(b *testing.B) { set(b, bareContext); list(b) })
	}
	set(b, signedBody)
}
