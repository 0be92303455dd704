package benchdata

import (
	"context"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// BenchmarkIsolation is "the cost of isolation": the same reads of the
// wide set, 8 concurrent clients, (1) through store.Read as the
// application role under row-level security, the signed context pipelined
// with the statement, (2) as santkrupa_bench_norls (BYPASSRLS) with an
// explicit clinic_id filter and no context, and (3) as (2) through
// store.Read on that role, so with the signed context statement pipelined
// in front (nothing verifies it: the role has no policies), which splits
// the cost into the context statement and the policies. Both decode rows with the same
// sqlc code, one round trip each. Interleaved rounds; compare within one
// run. Needs the benchmark database (`make bench` sets the variables).
func BenchmarkIsolation(b *testing.B) {
	appURL, noRLSURL, keysText := os.Getenv("SANTKRUPA_BENCH_DATABASE_URL"), os.Getenv("SANTKRUPA_BENCH_NORLS_URL"),
		os.Getenv("SANTKRUPA_CONTEXT_KEYS")
	if appURL == "" || noRLSURL == "" || keysText == "" {
		b.Skip("SANTKRUPA_BENCH_DATABASE_URL, SANTKRUPA_BENCH_NORLS_URL and SANTKRUPA_CONTEXT_KEYS name the benchmark database (make bench)")
	}
	ctx := context.Background()
	keys, err := store.ParseKeys(keysText)
	if err != nil {
		b.Fatal(err)
	}
	appPool := pool(b, appURL)
	st, err := store.New(appPool, keys)
	if err != nil {
		b.Fatal(err)
	}
	noRLS := pool(b, noRLSURL)
	// The store on the role without policies: store.Read sends its context
	// statement in front, and nothing verifies it.
	noRLSStore, err := store.New(noRLS, keys)
	if err != nil {
		b.Fatal(err)
	}
	s := DefaultSpec()
	if v := os.Getenv("SANTKRUPA_BENCH_WIDE_CLINICS"); v != "" {
		// A smaller trial set (generate -wide-clinics).
		s.WideClinics = atoi(b, v)
	}
	if v := os.Getenv("SANTKRUPA_BENCH_WIDE_PATIENTS"); v != "" {
		s.WidePatients = atoi(b, v)
	}
	q := st.Queries()

	type pick struct {
		clinic  uuid.UUID
		patient uuid.UUID
	}
	draw := func(r *rand.Rand) pick {
		c := WideClinic(s, r.IntN(s.WideClinics))
		return pick{s.ClinicID(c.Slug), s.PatientID(c.Slug, r.IntN(s.WidePatients))}
	}
	reads := []struct {
		name     string
		rls      func(p pick) (int, error)
		explicit func(p pick) (int, error)
		context  func(p pick) (int, error)
	}{
		{"get-patient",
			func(p pick) (int, error) {
				err := st.Read(ctx, store.Scope{ClinicID: p.clinic, Role: store.RoleReceptionist}, func(tx dbsqlc.DBTX) error {
					_, err := q.GetPatient(ctx, tx, p.patient)
					return err
				})
				return 1, err
			},
			func(p pick) (int, error) {
				_, err := q.GetPatient(ctx, explicitDB{noRLS, Q("ExplicitGetPatient"), p.clinic}, p.patient)
				return 1, err
			},
			func(p pick) (int, error) {
				err := noRLSStore.Read(ctx, store.Scope{ClinicID: p.clinic, Role: store.RoleReceptionist}, func(tx dbsqlc.DBTX) error {
					_, err := q.GetPatient(ctx, explicitDB{tx, Q("ExplicitGetPatient"), p.clinic}, p.patient)
					return err
				})
				return 1, err
			}},
		{"list-patients",
			func(p pick) (int, error) {
				var n int
				err := st.Read(ctx, store.Scope{ClinicID: p.clinic, Role: store.RoleReceptionist}, func(tx dbsqlc.DBTX) error {
					ps, err := q.ListPatients(ctx, tx, clinic.NewestPatients(50))
					n = len(ps)
					return err
				})
				return n, err
			},
			func(p pick) (int, error) {
				ps, err := q.ListPatients(ctx, explicitDB{noRLS, Q("ExplicitListPatients"), p.clinic},
					clinic.NewestPatients(50))
				return len(ps), err
			},
			func(p pick) (int, error) {
				var n int
				err := noRLSStore.Read(ctx, store.Scope{ClinicID: p.clinic, Role: store.RoleReceptionist}, func(tx dbsqlc.DBTX) error {
					ps, err := q.ListPatients(ctx, explicitDB{tx, Q("ExplicitListPatients"), p.clinic},
						clinic.NewestPatients(50))
					n = len(ps)
					return err
				})
				return n, err
			}},
	}
	want := map[string]int{"get-patient": 1, "list-patients": min(50, s.WidePatients)}
	run := func(name string, f func(pick) (int, error)) func(b *testing.B) {
		return func(b *testing.B) {
			b.SetParallelism(4) // × GOMAXPROCS(2) = 8 clients
			b.RunParallel(func(pb *testing.PB) {
				r := rand.New(rand.NewPCG(rand.Uint64(), 1))
				for pb.Next() {
					n, err := f(draw(r))
					if err != nil || n != want[name] {
						b.Fatalf("%s: %d rows, %v", name, n, err)
					}
				}
			})
		}
	}
	for range 3 {
		for _, rd := range reads {
			b.Run(rd.name+"/rls", run(rd.name, rd.rls))
			b.Run(rd.name+"/explicit", run(rd.name, rd.explicit))
			b.Run(rd.name+"/context", run(rd.name, rd.context))
		}
	}
}

func pool(b *testing.B, url string) *pgxpool.Pool {
	b.Helper()
	p, err := store.Open(context.Background(), url, store.Options{MaxConns: 8})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(p.Close)
	return p
}

func atoi(b *testing.B, s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			b.Fatalf("not a number: %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// explicitDB runs its own statement, with the clinic as the first
// argument, in place of the sqlc statement it is given: the sqlc method
// then decodes the rows exactly as it does for the store.
type explicitDB struct {
	db     dbsqlc.DBTX // the pool, or a store transaction
	sql    string
	clinic uuid.UUID
}

func (d explicitDB) Exec(ctx context.Context, _ string, args ...any) (pgconn.CommandTag, error) {
	return d.db.Exec(ctx, d.sql, append([]any{d.clinic}, args...)...)
}

func (d explicitDB) Query(ctx context.Context, _ string, args ...any) (pgx.Rows, error) {
	return d.db.Query(ctx, d.sql, append([]any{d.clinic}, args...)...)
}

func (d explicitDB) QueryRow(ctx context.Context, _ string, args ...any) pgx.Row {
	return d.db.QueryRow(ctx, d.sql, append([]any{d.clinic}, args...)...)
}
