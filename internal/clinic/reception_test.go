package clinic_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// receptionBundle is what the reception tests need: a service over the
// test database and two seeded clinics.
type receptionBundle struct {
	st   *store.Store
	svc  *clinic.Service
	A, B dbtest.Clinic
}

func receptionSetup(t *testing.T) receptionBundle {
	t.Helper()
	st := dbtest.Store(t)
	return receptionBundle{st: st, svc: clinic.New(st, clinic.Options{}),
		A: dbtest.NewClinic(t, st, 1), B: dbtest.NewClinic(t, st, 1)}
}

func desk(c dbtest.Clinic) store.Scope { return c.Scope(store.RoleReceptionist) }

func (b receptionBundle) register(t *testing.T, c dbtest.Clinic, name, phone string) clinic.Patient {
	t.Helper()
	p, err := b.svc.RegisterPatient(context.Background(), desk(c), clinic.PatientInput{Name: name, Phone: phone}, true)
	if err != nil {
		t.Fatalf("register %s: %v", name, err)
	}
	return p
}

func (b receptionBundle) doctor(t *testing.T, c dbtest.Clinic) uuid.UUID {
	t.Helper()
	ds, err := b.svc.ActiveDoctors(context.Background(), desk(c))
	if err != nil || len(ds) == 0 {
		t.Fatalf("active doctors: %v %v", ds, err)
	}
	return ds[0].ID
}

func TestRegisterPatientNumbersDuplicatesAndLimit(t *testing.T) {
	t.Parallel()
	b := receptionSetup(t)
	ctx := context.Background()
	dob := time.Date(1984, 3, 9, 0, 0, 0, 0, time.UTC)
	in := clinic.PatientInput{Name: "Sunita Rao", Phone: "+91 98220 11111", DateOfBirth: &dob}
	first, err := b.svc.RegisterPatient(ctx, desk(b.A), in, false)
	if err != nil {
		t.Fatal(err)
	}
	if first.PatientNumber == "" || first.RegisteredBy == nil || *first.RegisteredBy != b.A.Users[store.RoleReceptionist].ID {
		t.Fatalf("registered %+v", first)
	}

	// Same name (other case) and the same phone digits: a warning naming the first.
	_, err = b.svc.RegisterPatient(ctx, desk(b.A), clinic.PatientInput{Name: "sunita rao", Phone: "9822011111"}, false)
	var dup *clinic.DuplicateError
	if !errors.As(err, &dup) || len(dup.Matches) != 1 || dup.Matches[0].ID != first.ID ||
		dup.Matches[0].DateOfBirth == nil || !dup.Matches[0].DateOfBirth.Equal(dob) {
		t.Fatalf("duplicate by phone: %v (%+v), first %+v", err, dup, first)
	}
	// Same name and date of birth, no phone: also a warning.
	if _, err := b.svc.RegisterPatient(ctx, desk(b.A), clinic.PatientInput{Name: "Sunita Rao", DateOfBirth: &dob}, false); !errors.As(err, &dup) {
		t.Fatalf("duplicate by date of birth: %v", err)
	}
	// The same person in another clinic is nobody's duplicate there.
	if _, err := b.svc.RegisterPatient(ctx, desk(b.B), in, false); err != nil {
		t.Fatalf("clinic B: %v", err)
	}
	// Confirmed: registered, with the next number (the refused attempts gave theirs back).
	second, err := b.svc.RegisterPatient(ctx, desk(b.A), in, true)
	if err != nil {
		t.Fatal(err)
	}
	if want := nextNumber(t, first.PatientNumber); second.PatientNumber != want {
		t.Fatalf("second number %s, want %s", second.PatientNumber, want)
	}

	// Invalid input: a message per field, nothing written.
	_, err = b.svc.RegisterPatient(ctx, desk(b.A), clinic.PatientInput{Name: " ", Phone: "12ab", Sex: "x", Email: "no"}, true)
	var fe clinic.FieldErrors
	if !errors.As(err, &fe) || fe["name"] == "" || fe["phone"] == "" || fe["sex"] == "" || fe["email"] == "" {
		t.Fatalf("invalid input: %v", err)
	}

	// The plan limit: at the limit, a clear refusal.
	err = b.st.Tx(ctx, b.A.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		n, err := b.st.Queries().CountPatients(ctx, tx)
		if err != nil {
			return err
		}
		_, err = b.st.Queries().BenchSetMaxPatients(ctx, tx, int32(n))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.svc.RegisterPatient(ctx, desk(b.A), clinic.PatientInput{Name: "One Too Many"}, true)
	var lim *clinic.LimitError
	if !errors.As(err, &lim) {
		t.Fatalf("over the plan limit: %v", err)
	}
	// A lab technician may not register (row-level security).
	if _, err := b.svc.RegisterPatient(ctx, b.B.Scope(store.RoleLabTech), clinic.PatientInput{Name: "Lab Made"}, true); !errors.Is(err, store.ErrForbidden) {
		t.Fatalf("lab registers: %v", err)
	}
}

// nextNumber is PT-CODE-YEAR-00042 → PT-CODE-YEAR-00043.
func nextNumber(t *testing.T, n string) string {
	t.Helper()
	var seq int
	prefix := n[:len(n)-5]
	if _, err := fmt.Sscanf(n[len(n)-5:], "%d", &seq); err != nil {
		t.Fatalf("number %q: %v", n, err)
	}
	return fmt.Sprintf("%s%05d", prefix, seq+1)
}

func TestCheckInOneOpenVisitAndFormReplay(t *testing.T) {
	t.Parallel()
	b := receptionSetup(t)
	ctx := context.Background()
	p := b.register(t, b.A, "Mohan Kale", "9000000001")
	doc := b.doctor(t, b.A)
	sys, dia := int32(130), int32(85)
	key := uuid.New()
	in := clinic.CheckInInput{PatientID: p.ID, DoctorID: &doc, Purpose: "Fever", Priority: "urgent",
		Vitals: clinic.Vitals{BPSystolic: &sys, BPDiastolic: &dia}, FormKey: &key}
	v, err := b.svc.CheckIn(ctx, desk(b.A), in)
	if err != nil {
		t.Fatal(err)
	}
	if v.Status != clinic.VisitCheckedIn || v.PatientName != "Mohan Kale" || v.DoctorName == "" || v.Token < 1 ||
		*v.BpSystolic != 130 {
		t.Fatalf("visit %+v", v)
	}
	// The same form again: the same visit, not a second one, not an error.
	again, err := b.svc.CheckIn(ctx, desk(b.A), in)
	if err != nil || again.ID != v.ID {
		t.Fatalf("replayed form: %v %v", again.ID, err)
	}
	// Another form for the same patient: already checked in.
	in.FormKey = nil
	_, err = b.svc.CheckIn(ctx, desk(b.A), in)
	var se *clinic.StateError
	if !errors.As(err, &se) || !strings.Contains(se.Detail, "already checked in") {
		t.Fatalf("second check-in: %v", err)
	}
	// Clinic B's patient or doctor from clinic A: field errors, nothing written.
	pb := b.register(t, b.B, "Other Clinic", "")
	var fe clinic.FieldErrors
	if _, err := b.svc.CheckIn(ctx, desk(b.A), clinic.CheckInInput{PatientID: pb.ID}); !errors.As(err, &fe) || fe["patient_id"] == "" {
		t.Fatalf("clinic B's patient: %v", err)
	}
	docB := b.doctor(t, b.B)
	p2 := b.register(t, b.A, "Second Patient", "")
	if _, err := b.svc.CheckIn(ctx, desk(b.A), clinic.CheckInInput{PatientID: p2.ID, DoctorID: &docB}); !errors.As(err, &fe) || fe["doctor_id"] == "" {
		t.Fatalf("clinic B's doctor: %v", err)
	}
	// Implausible vitals: messages per field.
	bad, temp := int32(5), 98.6
	_, err = b.svc.CheckIn(ctx, desk(b.A), clinic.CheckInInput{PatientID: p2.ID, Priority: "soon",
		Vitals: clinic.Vitals{BPSystolic: &sys, BPDiastolic: &sys, Pulse: &bad, TemperatureC: &temp}})
	if !errors.As(err, &fe) || fe["priority"] == "" || fe["bp_diastolic"] == "" || fe["pulse"] == "" || fe["temperature_c"] == "" {
		t.Fatalf("bad vitals: %v", err)
	}
}

// TestCheckInDoubleSubmitAtOnce submits one form twice at the same time:
// one visit, both answers name it.
func TestCheckInDoubleSubmitAtOnce(t *testing.T) {
	t.Parallel()
	b := receptionSetup(t)
	ctx := context.Background()
	for round := 0; round < 5; round++ {
		p := b.register(t, b.A, fmt.Sprintf("Racer %d", round), "")
		key := uuid.New()
		var wg sync.WaitGroup
		ids, errs := make([]uuid.UUID, 2), make([]error, 2)
		for i := range 2 {
			wg.Go(func() {
				v, err := b.svc.CheckIn(ctx, desk(b.A), clinic.CheckInInput{PatientID: p.ID, FormKey: &key})
				ids[i], errs[i] = v.ID, err
			})
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil || ids[0] != ids[1] {
			t.Fatalf("round %d: %v %v, ids %v", round, errs[0], errs[1], ids)
		}
		page, err := b.svc.ListVisits(ctx, desk(b.A), clinic.VisitQuery{PatientID: &p.ID})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("round %d: %d visits, %v", round, len(page.Items), err)
		}
	}
}

func TestVisitTransitions(t *testing.T) {
	t.Parallel()
	b := receptionSetup(t)
	ctx := context.Background()
	doctor := b.A.Scope(store.RoleDoctor)
	p := b.register(t, b.A, "Transition Patient", "")
	v, err := b.svc.CheckIn(ctx, desk(b.A), clinic.CheckInInput{PatientID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	// Cancel needs a reason.
	var fe clinic.FieldErrors
	if _, err := b.svc.CancelVisit(ctx, desk(b.A), v.ID, "  "); !errors.As(err, &fe) || fe["reason"] == "" {
		t.Fatalf("cancel without reason: %v", err)
	}
	// The doctor area's start (the one every path uses) and the visit as
	// reception reads it.
	if _, err := b.svc.BeginConsultation(ctx, doctor, v.ID); err != nil {
		t.Fatal(err)
	}
	started, err := b.svc.GetVisit(ctx, desk(b.A), v.ID)
	if err != nil || started.Status != clinic.VisitInConsultation || started.StartedAt == nil || started.DoctorName == "" {
		t.Fatalf("start: %+v %v", started, err)
	}
	var se *clinic.StateError
	// Another clinic's visit is not found, whatever the operation.
	for name, op := range map[string]func() error{
		"get":     func() error { _, err := b.svc.GetVisit(ctx, desk(b.B), v.ID); return err },
		"cancel":  func() error { _, err := b.svc.CancelVisit(ctx, desk(b.B), v.ID, "wrong clinic"); return err },
		"unknown": func() error { _, err := b.svc.CancelVisit(ctx, desk(b.A), uuid.New(), "nobody"); return err },
	} {
		if err := op(); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s from clinic B: %v", name, err)
		}
	}
	cancelled, err := b.svc.CancelVisit(ctx, desk(b.A), v.ID, "Left without being seen")
	if err != nil || cancelled.Status != clinic.VisitCancelled || cancelled.CancelReason != "Left without being seen" {
		t.Fatalf("cancel: %+v %v", cancelled, err)
	}
	if _, err := b.svc.CancelVisit(ctx, desk(b.A), v.ID, "Again"); !errors.As(err, &se) || !strings.Contains(se.Detail, "cancelled") {
		t.Fatalf("cancel a cancelled visit: %v", err)
	}
	// The patient can be checked in again once the visit is closed.
	if _, err := b.svc.CheckIn(ctx, desk(b.A), clinic.CheckInInput{PatientID: p.ID}); err != nil {
		t.Fatalf("check in after cancel: %v", err)
	}
}

// TestCheckInRaceOnePatient: two desks check the same patient in at the
// same moment with different forms; exactly one visit results, and the
// other desk is told the patient is already checked in.
func TestCheckInRaceOnePatient(t *testing.T) {
	t.Parallel()
	b := receptionSetup(t)
	ctx := context.Background()
	for round := range 5 {
		p := b.register(t, b.A, fmt.Sprintf("Two Desks %d", round), "")
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range 2 {
			wg.Go(func() {
				_, errs[i] = b.svc.CheckIn(ctx, desk(b.A), clinic.CheckInInput{PatientID: p.ID, FormKey: ptr(uuid.New())})
			})
		}
		wg.Wait()
		var se *clinic.StateError
		ok, refused := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.As(err, &se) && strings.Contains(se.Detail, "already checked in"):
				refused++
			default:
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if ok != 1 || refused != 1 {
			t.Fatalf("round %d: %d succeeded, %d refused", round, ok, refused)
		}
	}
}

func TestQueueOrderAndVisitPages(t *testing.T) {
	t.Parallel()
	b := receptionSetup(t)
	ctx := context.Background()
	doc := b.doctor(t, b.A)
	var want []string
	for i, prio := range []string{"normal", "emergency", "normal", "urgent", "emergency"} {
		p := b.register(t, b.A, fmt.Sprintf("Queue %d %s", i, prio), "")
		var d *uuid.UUID
		if i%2 == 0 {
			d = &doc
		}
		if _, err := b.svc.CheckIn(ctx, desk(b.A), clinic.CheckInInput{PatientID: p.ID, Priority: prio, DoctorID: d}); err != nil {
			t.Fatal(err)
		}
	}
	want = []string{"Queue 1 emergency", "Queue 4 emergency", "Queue 3 urgent", "Queue 0 normal", "Queue 2 normal"}
	// The seeded clinic already has a patient in today's queue: filter to ours by name.
	day, err := b.svc.Queue(ctx, desk(b.A), clinic.QueueQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range day.Visits {
		if strings.Contains(v.PatientName, "Queue ") {
			got = append(got, v.PatientName)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("queue order %v, want %v", got, want)
	}
	if day.Counts.CheckedIn < 5 || day.Counts.Total() != int64(len(day.Visits)) || len(day.Doctors) != 2 {
		t.Fatalf("counts %+v for %d visits, %d doctors", day.Counts, len(day.Visits), len(day.Doctors))
	}
	// The doctor filter.
	mine, err := b.svc.Queue(ctx, desk(b.A), clinic.QueueQuery{DoctorID: &doc})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range mine.Visits {
		if v.DoctorID == nil || *v.DoctorID != doc {
			t.Fatalf("doctor filter let through %+v", v)
		}
	}
	// Paging today's visits two at a time gives the queue's order.
	var paged []uuid.UUID
	q := clinic.VisitQuery{Limit: 2}
	for range 20 {
		page, err := b.svc.ListVisits(ctx, desk(b.A), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range page.Items {
			paged = append(paged, v.ID)
		}
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	if len(paged) != len(day.Visits) {
		t.Fatalf("paged %d visits, queue has %d", len(paged), len(day.Visits))
	}
	for i := range paged {
		if paged[i] != day.Visits[i].ID {
			t.Fatalf("page order differs at %d", i)
		}
	}
	// Clinic B sees none of them; bad filters are field errors.
	other, err := b.svc.Queue(ctx, desk(b.B), clinic.QueueQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range other.Visits {
		if strings.Contains(v.PatientName, "Queue ") {
			t.Fatalf("clinic B sees %s", v.PatientName)
		}
	}
	var fe clinic.FieldErrors
	if _, err := b.svc.ListVisits(ctx, desk(b.A), clinic.VisitQuery{Status: "waiting", Cursor: "!!"}); !errors.As(err, &fe) || fe["status"] == "" || fe["cursor"] == "" {
		t.Fatalf("bad filters: %v", err)
	}
}

func TestPortalInvitationAndRecord(t *testing.T) {
	t.Parallel()
	b := receptionSetup(t)
	ctx := context.Background()
	p := b.register(t, b.A, "Portal Patient", "9000000002")
	email := "portal." + uuid.NewString()[:8] + "@example.org"
	inv, err := b.svc.InvitePatientToPortal(ctx, desk(b.A), p.ID, email)
	if err != nil || inv.UserID == uuid.Nil || inv.Active {
		t.Fatalf("invite: %+v %v", inv, err)
	}
	// Correcting the pending invitation's email keeps the same login.
	fixed, err := b.svc.InvitePatientToPortal(ctx, desk(b.A), p.ID, "Fixed."+email)
	if err != nil || fixed.UserID != inv.UserID || fixed.Email != "Fixed."+email {
		t.Fatalf("re-invite: %+v %v", fixed, err)
	}
	// Another patient cannot take the same email.
	q := b.register(t, b.A, "Second Portal Patient", "")
	var fe clinic.FieldErrors
	if _, err := b.svc.InvitePatientToPortal(ctx, desk(b.A), q.ID, "fixed."+email); !errors.As(err, &fe) || fe["email"] == "" {
		t.Fatalf("email taken: %v", err)
	}
	if _, err := b.svc.InvitePatientToPortal(ctx, desk(b.A), q.ID, "not an email"); !errors.As(err, &fe) {
		t.Fatalf("bad email: %v", err)
	}
	if _, err := b.svc.InvitePatientToPortal(ctx, desk(b.B), p.ID, "b@example.org"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("clinic B invites A's patient: %v", err)
	}
	// Once the patient has signed in with the invited email, the login is
	// in use: inviting again is a state error.
	var se *clinic.StateError
	if bound, err := b.st.BindInvitations(ctx, "https://idp.example", "portal-"+email, "fixed."+email); err != nil || len(bound) != 1 {
		t.Fatalf("bind: %v %v", bound, err)
	}
	if _, err := b.svc.InvitePatientToPortal(ctx, desk(b.A), p.ID, "again@example.org"); !errors.As(err, &se) {
		t.Fatalf("invite an active login: %v", err)
	}

	// The record shows the invitation and the visits, and the read is logged.
	if _, err := b.svc.CheckIn(ctx, desk(b.A), clinic.CheckInInput{PatientID: p.ID, Purpose: "Review"}); err != nil {
		t.Fatal(err)
	}
	rec, err := b.svc.ViewPatient(ctx, desk(b.A), p.ID, auditlog.Request{RequestID: "test-view"})
	if err != nil {
		t.Fatal(err)
	}
	if !rec.Portal.Linked || !rec.Portal.Active || rec.Portal.Email != "Fixed."+email || rec.VisitCount != 1 ||
		len(rec.RecentVisits) != 1 || rec.RecentVisits[0].Purpose != "Review" || rec.RecentVisits[0].VisitDate.IsZero() {
		t.Fatalf("record %+v", rec)
	}
	events, err := auditlog.New(b.st).List(ctx, b.A.Scope(store.RoleAdmin), auditlog.Filter{PatientID: p.ID, Action: auditlog.ActionRead, Limit: 10})
	if err != nil || len(events) != 1 {
		t.Fatalf("read events: %d %v", len(events), err)
	}
	if _, err := b.svc.ViewPatient(ctx, desk(b.B), p.ID, auditlog.Request{}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("clinic B views A's patient: %v", err)
	}
}

// TestReceptionRoundTrips holds reception's operations to their database
// round trips: a read is one statement per round trip (at most two), a
// write at most two statements plus COMMIT (BEGIN travels with the first).
func TestReceptionRoundTrips(t *testing.T) {
	t.Parallel()
	b := receptionSetup(t)
	sc := desk(b.A)
	p := b.register(t, b.A, "Round Trip", "9000000042")
	q := b.register(t, b.A, "Round Trip Two", "")
	var v, w clinic.Visit
	cases := []struct {
		name string
		want int64
		run  func(ctx context.Context) error
	}{
		{"FindPatients by name", 1, func(ctx context.Context) error {
			_, err := b.svc.FindPatients(ctx, sc, clinic.PatientQuery{NamePrefix: "round"})
			return err
		}},
		{"FindPatients by phone", 1, func(ctx context.Context) error {
			_, err := b.svc.FindPatients(ctx, sc, clinic.PatientQuery{Phone: "9000000042"})
			return err
		}},
		{"GetPatient", 1, func(ctx context.Context) error { _, err := b.svc.GetPatient(ctx, sc, p.ID); return err }},
		{"RegisterPatient", 3, func(ctx context.Context) error {
			_, err := b.svc.RegisterPatient(ctx, sc, clinic.PatientInput{Name: "Round Trip Three"}, false)
			return err
		}},
		{"UpdatePatient", 2, func(ctx context.Context) error {
			_, err := b.svc.UpdatePatient(ctx, sc, p.ID, clinic.Version(p.UpdatedAt), clinic.PatientInput{Name: "Round Trip"})
			return err
		}},
		{"ViewPatient (with its access-log event)", 3, func(ctx context.Context) error {
			_, err := b.svc.ViewPatient(ctx, sc, p.ID, auditlog.Request{})
			return err
		}},
		{"InvitePatientToPortal", 3, func(ctx context.Context) error {
			_, err := b.svc.InvitePatientToPortal(ctx, sc, q.ID, "rt."+uuid.NewString()[:8]+"@example.org")
			return err
		}},
		{"CheckIn", 2, func(ctx context.Context) error {
			var err error
			v, err = b.svc.CheckIn(ctx, sc, clinic.CheckInInput{PatientID: p.ID})
			return err
		}},
		{"CheckIn again (refused, explained)", 2, func(ctx context.Context) error {
			_, err := b.svc.CheckIn(ctx, sc, clinic.CheckInInput{PatientID: p.ID})
			var se *clinic.StateError
			if errors.As(err, &se) {
				return nil
			}
			return fmt.Errorf("want a state error, got %v", err)
		}},
		// Today's queue asks the clinic-local date first, so that the list
		// runs on a plan made once (docs/scaling.md, item 7), and then
		// remembers it (item 9); a given day or a patient's history is one
		// statement.
		{"ListVisits", 2, func(ctx context.Context) error { _, err := b.svc.ListVisits(ctx, sc, clinic.VisitQuery{}); return err }},
		{"ListVisits again", 1, func(ctx context.Context) error { _, err := b.svc.ListVisits(ctx, sc, clinic.VisitQuery{}); return err }},
		{"ListVisits of a day", 1, func(ctx context.Context) error {
			d := time.Now()
			_, err := b.svc.ListVisits(ctx, sc, clinic.VisitQuery{Date: &d})
			return err
		}},
		{"ListVisits of a patient", 1, func(ctx context.Context) error {
			_, err := b.svc.ListVisits(ctx, sc, clinic.VisitQuery{PatientID: &p.ID})
			return err
		}},
		{"Queue", 2, func(ctx context.Context) error { _, err := b.svc.Queue(ctx, sc, clinic.QueueQuery{}); return err }},
		{"GetVisit", 1, func(ctx context.Context) error { _, err := b.svc.GetVisit(ctx, sc, v.ID); return err }},
		{"CancelVisit", 2, func(ctx context.Context) error {
			var err error
			if w, err = b.svc.CheckIn(context.Background(), sc, clinic.CheckInInput{PatientID: q.ID}); err != nil {
				return err
			}
			_, err = b.svc.CancelVisit(ctx, sc, w.ID, "Round trip")
			return err
		}},
	}
	for _, tc := range cases {
		ctx, n := store.CountRoundTrips(context.Background())
		if err := tc.run(ctx); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := n.Load(); got != tc.want {
			t.Errorf("%s: %d round trips, want %d", tc.name, got, tc.want)
		}
	}
}

// TestTodaysQueueFollowsTheClinicsDate: the date today's queue remembers
// (docs/scaling.md, item 9) is the clinic's, ends at its midnight, and is
// forgotten when the clinic's timezone changes, as is the pages' zone.
func TestTodaysQueueFollowsTheClinicsDate(t *testing.T) {
	t.Parallel()
	b := receptionSetup(t)
	ctx := context.Background()
	admin := b.A.Scope(store.RoleAdmin)
	setZone := func(zone string) {
		t.Helper()
		cl, err := b.svc.ClinicSettings(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		in := clinic.SettingsInput{Name: cl.Name, Code: cl.Code, Address: cl.Address, City: cl.City, State: cl.State,
			PostalCode: cl.PostalCode, Phone: cl.Phone, Email: cl.Email, RegistrationNumber: cl.RegistrationNumber,
			Timezone: zone}
		if _, err := b.svc.UpdateClinicSettings(ctx, admin, clinic.Version(cl.UpdatedAt), in); err != nil {
			t.Fatalf("timezone %s: %v", zone, err)
		}
	}
	// inQueue reports whether today's queue lists visit id.
	inQueue := func(id uuid.UUID) bool {
		t.Helper()
		page, err := b.svc.ListVisits(ctx, desk(b.A), clinic.VisitQuery{})
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(page.Items, func(v clinic.Visit) bool { return v.ID == id })
	}
	// UTC+14 and UTC−11: their dates always differ.
	setZone("Pacific/Kiritimati")
	p := b.register(t, b.A, "Late Zone", "")
	v, err := b.svc.CheckIn(ctx, desk(b.A), clinic.CheckInInput{PatientID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // asked, then remembered
		if !inQueue(v.ID) {
			t.Fatalf("today's queue in Kiritimati lacks the visit of %s", v.VisitDate.Format(time.DateOnly))
		}
	}

	loc, err := time.LoadLocation("Pacific/Kiritimati")
	if err != nil {
		t.Fatal(err)
	}
	var row dbsqlc.ClinicTodayRow
	err = b.st.Read(ctx, desk(b.A), func(tx dbsqlc.DBTX) error {
		row, err = b.st.Queries().ClinicToday(ctx, tx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	y, m, d := row.Today.Date()
	if midnight := time.Date(y, m, d+1, 0, 0, 0, 0, loc); !row.EndsAt.Valid || !row.EndsAt.Time.Equal(midnight) {
		t.Errorf("today %s ends at %v, want %v", row.Today.Format(time.DateOnly), row.EndsAt, midnight)
	}

	// The pages' zone is remembered too (ClinicZone), and forgotten with
	// the date.
	zone := func() string {
		t.Helper()
		z, err := b.svc.ClinicZone(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		return z.String()
	}
	if z := zone(); z != "Pacific/Kiritimati" {
		t.Errorf("the pages' zone is %s", z)
	}

	setZone("Pacific/Pago_Pago")
	if inQueue(v.ID) {
		t.Errorf("after the timezone changed, today's queue still shows the visit of %s", v.VisitDate.Format(time.DateOnly))
	}
	if z := zone(); z != "Pacific/Pago_Pago" {
		t.Errorf("after the timezone changed, the pages' zone is still %s", z)
	}
}
