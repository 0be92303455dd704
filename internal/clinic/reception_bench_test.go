package clinic_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// bulkPatients adds n synthetic patients to clinic c in one statement
// (queries/reception_bench.sql).
func bulkPatients(tb testing.TB, st *store.Store, c dbtest.Clinic, n int) {
	tb.Helper()
	ctx := context.Background()
	err := st.Tx(ctx, c.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		_, err := st.Queries().BenchInsertPatients(ctx, tx, dbsqlc.BenchInsertPatientsParams{
			Batch: strings.ToUpper(uuid.NewString()[:8]), BatchOffset: int64(uuid.New().ID()), N: int32(n)})
		return err
	})
	if err != nil {
		tb.Fatalf("bulk patients: %v", err)
	}
}

// analyzePatients refreshes the planner's statistics after a bulk insert,
// as autovacuum would shortly (ANALYZE needs the table's owner).
func analyzePatients(tb testing.TB) {
	tb.Helper()
	if _, err := dbtest.Pool(tb, dbtest.OwnerURL()).Exec(context.Background(), "ANALYZE patients"); err != nil {
		tb.Fatalf("analyze: %v", err)
	}
}

// BenchmarkFindPatients searches a clinic of 20,000 patients (beside the
// other clinics of the test database) as reception does: by name prefix,
// broad and narrow, by phone, by number, and the first page of the list.
//
// Run it with the test database's environment (see the Makefile's
// TEST_ENV): go test -run '^$' -bench FindPatients ./internal/clinic/
func BenchmarkFindPatients(b *testing.B) {
	st := dbtest.Store(b)
	svc := clinic.New(st, clinic.Options{})
	c := dbtest.NewClinic(b, st, 1)
	bulkPatients(b, st, c, 20000)
	analyzePatients(b)
	ctx := context.Background()
	sc := c.Scope(store.RoleReceptionist)
	// A phone number and a patient number that exist.
	page, err := svc.FindPatients(ctx, sc, clinic.PatientQuery{NamePrefix: "priya patil 1", Limit: 1})
	if err != nil || len(page.Items) != 1 {
		b.Fatalf("probe: %v %v", page.Items, err)
	}
	probe := page.Items[0]
	cases := []struct {
		name string
		q    clinic.PatientQuery
		want int // -1: at least one
	}{
		{"name_prefix_broad", clinic.PatientQuery{NamePrefix: "s", Limit: 50}, 50},            // ~1 in 4 of the clinic
		{"name_prefix_broad_page2", clinic.PatientQuery{NamePrefix: "s", Limit: 50}, 50},      // the next page, by cursor
		{"name_prefix_narrow", clinic.PatientQuery{NamePrefix: "priya patil", Limit: 50}, 50}, // ~1 in 192
		{"name_prefix_full_name", clinic.PatientQuery{NamePrefix: probe.Name, Limit: 50}, -1},
		{"phone", clinic.PatientQuery{Phone: probe.Phone, Limit: 50}, 1},
		{"phone_without_country_code", clinic.PatientQuery{Phone: probe.Phone[4:], Limit: 50}, 1},
		{"number", clinic.PatientQuery{Number: probe.PatientNumber}, 1},
		{"newest_first", clinic.PatientQuery{Limit: 50}, 50},
	}
	for _, tc := range cases {
		q := tc.q
		if tc.name == "name_prefix_broad_page2" {
			first, err := svc.FindPatients(ctx, sc, q)
			if err != nil {
				b.Fatal(err)
			}
			q.Cursor = first.Next
		}
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				page, err := svc.FindPatients(ctx, sc, q)
				if err != nil {
					b.Fatal(err)
				}
				if len(page.Items) != tc.want && (tc.want >= 0 || len(page.Items) == 0) {
					b.Fatalf("%d results, want %d", len(page.Items), tc.want)
				}
			}
		})
	}
	// The same searches from 8 goroutines: throughput on a shared pool.
	b.Run("parallel_mix", func(b *testing.B) {
		b.SetParallelism(4) // 2 cores × 4
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				tc := cases[i%len(cases)]
				i++
				if tc.name == "name_prefix_broad_page2" {
					continue
				}
				if _, err := svc.FindPatients(ctx, sc, tc.q); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// TestFindPatientsPagesWhileInserting walks a clinic's 1,000 patients 37
// at a time, newest first and by name prefix, registering patients between
// the pages (names that sort before, among and after the walked ones):
// every one of the 1,000 comes exactly once.
func TestFindPatientsPagesWhileInserting(t *testing.T) {
	t.Parallel()
	st := dbtest.Store(t)
	svc := clinic.New(st, clinic.Options{})
	c := dbtest.NewClinic(t, st, 0)
	bulkPatients(t, st, c, 1000)
	ctx := context.Background()
	sc := c.Scope(store.RoleReceptionist)

	for _, q := range []clinic.PatientQuery{{Limit: 37}, {NamePrefix: "S", Limit: 37}} {
		seen := map[uuid.UUID]int{}
		bulk := 0
		for pages := 0; ; pages++ {
			if pages > 100 {
				t.Fatalf("%+v: no end after 100 pages", q)
			}
			page, err := svc.FindPatients(ctx, sc, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range page.Items {
				if seen[p.ID]++; seen[p.ID] > 1 {
					t.Fatalf("%+v: %s seen twice", q, p.Name)
				}
				if strings.HasPrefix(p.PatientNumber, "BENCH-") {
					bulk++
				}
			}
			if page.Next == "" {
				break
			}
			q.Cursor = page.Next
			for _, name := range []string{"Sa Inserted", "Sneha Patil 5 Inserted", "Sz Inserted", "Aa Inserted"} {
				if _, err := svc.RegisterPatient(ctx, sc, clinic.PatientInput{Name: name}, true); err != nil {
					t.Fatal(err)
				}
			}
		}
		want := 1000
		if q.NamePrefix != "" { // first names with S: Sneha (g%16 == 3), Sanjay (6), Suresh (14)
			want = 0
			for g := 1; g <= 1000; g++ {
				if m := g % 16; m == 3 || m == 6 || m == 14 {
					want++
				}
			}
		}
		if bulk != want {
			t.Fatalf("%+v: walked %d of the %d bulk patients", q, bulk, want)
		}
	}
}
