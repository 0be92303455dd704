package benchdata

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/migrate"
	"github.com/santkrupa/santkrupa/internal/store"
)

// TestGenerate loads a small data set into a scratch database the way
// `make bench` loads the full one, and checks that it holds: every
// foreign key verified, the policies admit the rows to their own clinic
// only, no audit events were written for the history, a second run reuses
// it, another seed is refused, and today's queue is made through the
// product's queries.
func TestGenerate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	appURL, suURL := scratch(t)
	su, err := pgxpool.New(ctx, suURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(su.Close)

	s := smallSpec()
	res, err := Generate(ctx, su, s, Options{Workers: 2, BatchClinics: 2})
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	for _, c := range s.Clinics() {
		want += int64(newPlan(s, c).rows())
	}
	if res.Clinics != len(s.Clinics()) || res.Rows != want {
		t.Fatalf("generated %d clinics, %d rows; want %d, %d", res.Clinics, res.Rows, len(s.Clinics()), want)
	}

	var events int64
	if err := su.QueryRow(ctx, `SELECT count(*) FROM audit_events`).Scan(&events); err != nil {
		t.Fatal(err)
	}
	if events != 0 {
		t.Fatalf("%d audit events for generated history", events)
	}

	st, err := store.New(dbtest.Pool(t, appURL), dbtest.Keys(t))
	if err != nil {
		t.Fatal(err)
	}
	c := WideClinic(s, 1)
	scope := store.Scope{ClinicID: s.ClinicID(c.Slug), Role: store.RoleReceptionist}
	var patients int64
	var chart []dbsqlc.PatientVisit
	err = st.Read(ctx, scope, func(tx dbsqlc.DBTX) error {
		var err error
		if patients, err = st.Queries().CountPatients(ctx, tx); err != nil {
			return err
		}
		p, err := st.Queries().GetPatient(ctx, tx, s.PatientID(c.Slug, 3))
		if err != nil {
			return fmt.Errorf("own patient: %w", err)
		}
		if p.ClinicID != scope.ClinicID {
			return fmt.Errorf("patient of clinic %s", p.ClinicID)
		}
		// Another clinic's patient does not exist for this one.
		if _, err := st.Queries().GetPatient(ctx, tx, s.PatientID(WideClinic(s, 2).Slug, 3)); err == nil {
			return errors.New("another clinic's patient is visible")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if patients != int64(s.WidePatients) {
		t.Fatalf("clinic sees %d patients, want %d", patients, s.WidePatients)
	}
	small := s.Clinics()[1]
	err = st.Read(ctx, store.Scope{ClinicID: s.ClinicID(small.Slug), Role: store.RoleDoctor}, func(tx dbsqlc.DBTX) error {
		var err error
		chart, err = st.Queries().ListPatientVisits(ctx, tx, s.PatientID(small.Slug, 0))
		return err
	})
	if err != nil || len(chart) != s.ChartVisits {
		t.Fatalf("chart patient has %d visits (%v), want %d", len(chart), err, s.ChartVisits)
	}

	again, err := Generate(ctx, su, s, Options{})
	if err != nil || again.Clinics != 0 || again.Reused != len(s.Clinics()) {
		t.Fatalf("second run: %+v, %v; want everything reused", again, err)
	}
	other := s
	other.Seed++
	if _, err := Generate(ctx, su, other, Options{}); !errors.Is(err, ErrOtherData) {
		t.Fatalf("another seed: %v, want ErrOtherData", err)
	}

	n, err := PrepareQueue(ctx, st, su, s, small, 5)
	if err != nil || n != 5 {
		t.Fatalf("queue: %d added, %v", n, err)
	}
	var queue []dbsqlc.TodayQueueRow
	err = st.Read(ctx, store.Scope{ClinicID: s.ClinicID(small.Slug), Role: store.RoleReceptionist}, func(tx dbsqlc.DBTX) error {
		var err error
		queue, err = st.Queries().TodayQueue(ctx, tx)
		return err
	})
	if err != nil || len(queue) != 5 {
		t.Fatalf("today's queue: %d visits, %v", len(queue), err)
	}
	if n, err := PrepareQueue(ctx, st, su, s, small, 5); err != nil || n != 0 {
		t.Fatalf("queue again: %d added, %v; want none", n, err)
	}
}

// scratch makes a migrated database of its own (the generator writes as
// a superuser, which the shared test database must not see) and returns
// its application and superuser URLs.
func scratch(t *testing.T) (appURL, suURL string) {
	t.Helper()
	ctx := context.Background()
	name := fmt.Sprintf("santkrupa_benchgen_%d", time.Now().UnixNano())
	su := dbtest.Conn(t, dbtest.SuperuserURL())
	for _, stmt := range []string{
		`CREATE DATABASE ` + name + ` OWNER santkrupa_owner`,
		`REVOKE ALL ON DATABASE ` + name + ` FROM PUBLIC`,
		`GRANT CONNECT ON DATABASE ` + name + ` TO santkrupa_app`,
	} {
		if _, err := su.Exec(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		_, _ = su.Exec(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	swap := func(url string) string {
		i := strings.LastIndex(url, "/")
		j := strings.Index(url[i:], "?")
		if j < 0 {
			return url[:i+1] + name
		}
		return url[:i+1] + name + url[i+j:]
	}
	if err := migrate.Run(ctx, swap(dbtest.OwnerURL()), dbtest.Keys(t), &strings.Builder{}); err != nil {
		t.Fatal(err)
	}
	return swap(dbtest.AppURL()), swap(dbtest.SuperuserURL())
}
