package clinic_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

type adminBundle struct {
	st  *store.Store
	svc *clinic.Service
	A   dbtest.Clinic
	B   dbtest.Clinic
}

func adminSetup(t *testing.T) adminBundle {
	t.Helper()
	st := dbtest.Store(t)
	return adminBundle{st: st, svc: clinic.New(st, clinic.Options{}), A: dbtest.NewClinic(t, st, 1), B: dbtest.NewClinic(t, st, 1)}
}

func (b adminBundle) setPlan(t *testing.T, c dbtest.Clinic, doctors, receptionists int32) {
	t.Helper()
	pc, err := b.svc.PlatformClinicBySlug(context.Background(), c.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.PlatformUpdateClinic(context.Background(), c.Slug, clinic.Version(pc.UpdatedAt), clinic.ClinicPlanInput{
		Name: pc.Name, MaxDoctors: doctors, MaxReceptionists: receptionists, MaxPatients: pc.MaxPatients,
		SubscriptionStatus: pc.SubscriptionStatus,
	}); err != nil {
		t.Fatal(err)
	}
}

// TestInviteAtTheLimitConcurrently: with one doctor's seat left, of eight
// admins' invitations at once exactly one gets it.
func TestInviteAtTheLimitConcurrently(t *testing.T) {
	t.Parallel()
	b := adminSetup(t)
	b.setPlan(t, b.A, 3, 5) // two seeded doctors: one seat left
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = b.svc.InviteStaff(context.Background(), b.A.Scope(store.RoleAdmin), clinic.InviteInput{
				DisplayName: "Doctor", Email: uuid.NewString() + "@" + b.A.Slug + ".example", Role: "doctor",
			})
		}()
	}
	wg.Wait()
	ok, limited := 0, 0
	for _, err := range errs {
		var lim *clinic.LimitError
		switch {
		case err == nil:
			ok++
		case errors.As(err, &lim):
			limited++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 || limited != 7 {
		t.Fatalf("%d invited, %d refused by the plan; want 1 and 7", ok, limited)
	}
	page, err := b.svc.ListUsers(context.Background(), b.A.Scope(store.RoleAdmin), clinic.UserQuery{Role: "doctor", Active: ptr(true)})
	if err != nil || len(page.Items) != 3 {
		t.Fatalf("active doctors: %d, %v; want 3", len(page.Items), err)
	}
}

func ptr[T any](v T) *T { return &v }

// TestStaffingChangesWaitForEachOther: two admins deactivating each other
// at the same moment must not leave the clinic without an admin. The
// second change waits for the first (the clinic row's lock) and then sees
// that it would remove the last active admin.
func TestStaffingChangesWaitForEachOther(t *testing.T) {
	t.Parallel()
	b := adminSetup(t)
	ctx := context.Background()
	a1 := b.A.Scope(store.RoleAdmin)
	u2, err := b.svc.InviteStaff(ctx, a1, clinic.InviteInput{DisplayName: "Second Admin", Email: "admin2@" + b.A.Slug + ".example", Role: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	a2 := store.Scope{ClinicID: b.A.ID, UserID: u2.ID, Role: store.RoleAdmin}
	watch := dbtest.Conn(t, dbtest.AppURL())

	// Admin 1 deactivates admin 2 the way UpdateStaff does, holding the
	// transaction open until admin 2's own change is seen waiting.
	second := make(chan error, 1)
	err = b.st.Tx(ctx, a1, func(tx dbsqlc.DBTX) error {
		q := b.st.Queries()
		var pid int32
		if err := tx.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
			return err
		}
		if _, err := q.AdminLockStaffing(ctx, tx); err != nil {
			return err
		}
		off := false
		if _, err := q.AdminUpdateStaff(ctx, tx, dbsqlc.AdminUpdateStaffParams{ID: u2.ID, Active: &off}); err != nil {
			return err
		}
		go func() {
			_, err := b.svc.SetStaffActive(ctx, a2, b.A.Users[store.RoleAdmin].ID, false)
			second <- err
		}()
		for {
			select {
			case err := <-second:
				second <- err
				t.Error("admin 2's change did not wait for admin 1's")
				return nil
			default:
			}
			var waiting int
			if err := watch.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
				WHERE $1::int = ANY (pg_blocking_pids(pid))`, pid).Scan(&waiting); err != nil {
				return err
			}
			if waiting > 0 {
				return nil
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	err = <-second
	var state *clinic.StateError
	if !errors.As(err, &state) || !strings.Contains(state.Detail, "last active administrator") {
		t.Fatalf("admin 2's change: %v; want the last-admin refusal", err)
	}
	if u := mustUser(t, b, a1, b.A.Users[store.RoleAdmin].ID); !u.Active {
		t.Fatal("the clinic has no active admin left")
	}
}

func mustUser(t *testing.T, b adminBundle, sc store.Scope, id uuid.UUID) dbsqlc.User {
	t.Helper()
	u, err := b.svc.GetUser(context.Background(), sc, id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestStaffChangeRefusals: each refused change says why, and changes
// nothing.
func TestStaffChangeRefusals(t *testing.T) {
	t.Parallel()
	b := adminSetup(t)
	ctx := context.Background()
	sc := b.A.Scope(store.RoleAdmin)
	doc := b.A.Users[store.RoleDoctor]
	patient := b.A.Users[store.RolePatient]
	lab := b.A.Users[store.RoleLabTech]
	b.setPlan(t, b.A, 2, 1)
	role := func(r string) *string { return &r }
	cases := []struct {
		name    string
		id      uuid.UUID
		version string
		ch      clinic.StaffChange
		check   func(error) bool
	}{
		{"yourself", b.A.Users[store.RoleAdmin].ID, "", clinic.StaffChange{Active: ptr(false)},
			func(err error) bool { var s *clinic.StateError; return errors.As(err, &s) }},
		{"a patient login to staff", patient.ID, clinic.Version(patient.UpdatedAt), clinic.StaffChange{Role: role("doctor")},
			func(err error) bool { var s *clinic.StateError; return errors.As(err, &s) }},
		{"staff to patient", doc.ID, clinic.Version(doc.UpdatedAt), clinic.StaffChange{Role: role("patient")},
			func(err error) bool { var f clinic.FieldErrors; return errors.As(err, &f) && f["role"] != "" }},
		{"a stale version", doc.ID, clinic.Version(doc.UpdatedAt.Add(-1e3)), clinic.StaffChange{Role: role("lab_tech")},
			func(err error) bool { return errors.Is(err, clinic.ErrStale) }},
		{"a seat the plan lacks", lab.ID, clinic.Version(lab.UpdatedAt), clinic.StaffChange{Role: role("receptionist")},
			func(err error) bool { var l *clinic.LimitError; return errors.As(err, &l) }},
		{"nothing to change", doc.ID, clinic.Version(doc.UpdatedAt), clinic.StaffChange{},
			func(err error) bool { var f clinic.FieldErrors; return errors.As(err, &f) }},
		{"an unknown member", uuid.New(), clinic.Version(doc.UpdatedAt), clinic.StaffChange{Role: role("lab_tech")},
			func(err error) bool { return errors.Is(err, store.ErrNotFound) }},
		{"another clinic's member", b.B.Users[store.RoleDoctor].ID, clinic.Version(b.B.Users[store.RoleDoctor].UpdatedAt),
			clinic.StaffChange{Role: role("lab_tech")}, func(err error) bool { return errors.Is(err, store.ErrNotFound) }},
	}
	for _, tc := range cases {
		var err error
		if tc.version == "" {
			_, err = b.svc.SetStaffActive(ctx, sc, tc.id, false)
		} else {
			_, err = b.svc.UpdateStaff(ctx, sc, tc.id, tc.version, tc.ch)
		}
		if !tc.check(err) {
			t.Errorf("%s: error %v", tc.name, err)
		}
	}
	for _, u := range []dbsqlc.User{doc, patient, lab} {
		if got := mustUser(t, b, sc, u.ID); got.Role != u.Role || !got.Active || !got.UpdatedAt.Equal(u.UpdatedAt) {
			t.Errorf("%s changed: %+v", u.DisplayName, got)
		}
	}
	if got := mustUser(t, b, b.B.Scope(store.RoleAdmin), b.B.Users[store.RoleDoctor].ID); got.Role != "doctor" {
		t.Errorf("B's doctor changed: %+v", got)
	}
}

// TestDashboardCountsToday: a check-in today and a registration this month
// show on the dashboard, in the clinic's own day.
func TestDashboardCounts(t *testing.T) {
	t.Parallel()
	b := adminSetup(t)
	ctx := context.Background()
	sc := b.A.Scope(store.RoleAdmin)
	before, err := b.svc.Dashboard(ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	if before.Admins != 1 || before.Doctors != 2 || before.Receptionists != 1 || before.LabTechs != 1 || before.PatientsTotal != 1 {
		t.Fatalf("dashboard of a fresh clinic: %+v", before)
	}
	if _, err := b.svc.RegisterPatient(ctx, b.A.Scope(store.RoleReceptionist), clinic.PatientInput{Name: "Dashboard Person"}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.InviteStaff(ctx, sc, clinic.InviteInput{DisplayName: "Lab Two", Email: "lab2@" + b.A.Slug + ".example", Role: "lab_tech"}); err != nil {
		t.Fatal(err)
	}
	after, err := b.svc.Dashboard(ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	if after.PatientsThisMonth != before.PatientsThisMonth+1 || after.PatientsTotal != 2 || after.LabTechs != 2 || after.Invited != before.Invited+1 {
		t.Fatalf("dashboard after a registration and an invitation: %+v (before %+v)", after, before)
	}
	other, err := b.svc.Dashboard(ctx, b.B.Scope(store.RoleAdmin))
	if err != nil || other.PatientsTotal != 1 {
		t.Fatalf("clinic B's dashboard: %+v, %v", other, err)
	}
}
