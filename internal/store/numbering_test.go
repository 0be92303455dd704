package store_test

// Human-facing numbers come from per-clinic counters locked by the
// statement that takes them: concurrent registrations get distinct,
// consecutive patient numbers, a rolled-back one gives its number back, and
// each clinic counts on its own. Check-ins use the same mechanism for the
// day's queue tokens, and a unique index allows one open visit per patient.

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

var patientNumberRE = regexp.MustCompile(`^PT-([A-Z0-9]{2,12})-([0-9]{4})-([0-9]{5,})$`)

// numbering is a clinic's patient-number prefix, PT-{CODE}-{YEAR}-, read
// from the clinic and its seeded patients.
type numbering struct {
	code, year string
	seeded     []string // the seeded patients' numbers, in order
}

func (n numbering) number(seq int) string { return fmt.Sprintf("PT-%s-%s-%05d", n.code, n.year, seq) }

func readNumbering(t *testing.T, st *store.Store, c dbtest.Clinic) numbering {
	t.Helper()
	ctx := context.Background()
	var n numbering
	err := st.Read(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		cur, err := st.Queries().GetCurrentClinic(ctx, tx)
		if err != nil {
			return err
		}
		n.code = cur.Code
		patients, err := st.Queries().ListPatients(ctx, tx, clinic.NewestPatients(1000))
		if err != nil {
			return err
		}
		for _, p := range patients {
			n.seeded = append(n.seeded, p.PatientNumber)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(n.seeded)
	if len(n.seeded) == 0 {
		t.Fatalf("clinic %s has no seeded patients", c.Slug)
	}
	m := patientNumberRE.FindStringSubmatch(n.seeded[0])
	if m == nil || m[1] != n.code {
		t.Fatalf("seeded patient number %q does not match PT-%s-YYYY-NNNNN", n.seeded[0], n.code)
	}
	n.year = m[2]
	for i, got := range n.seeded {
		if want := n.number(i + 1); got != want {
			t.Fatalf("seeded patient numbers %v: #%d is %q, want %q", n.seeded, i+1, got, want)
		}
	}
	return n
}

// registerAsReception registers one patient as the clinic's receptionist, in its own
// transaction, and returns the number it got.
func registerAsReception(ctx context.Context, st *store.Store, c dbtest.Clinic, name string) (string, error) {
	var number string
	reception := c.Users[store.RoleReceptionist].ID
	err := st.Tx(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		p, err := st.Queries().RegisterPatient(ctx, tx, dbsqlc.RegisterPatientParams{
			Name: name, Sex: "unknown", BloodGroup: "unknown", RegisteredBy: &reception,
		})
		number = p.PatientNumber
		return err
	})
	return number, err
}

// counterValue is the clinic's patient-number counter for the year.
func counterValue(t *testing.T, st *store.Store, c dbtest.Clinic, year string) int64 {
	t.Helper()
	ctx := context.Background()
	var v int64
	err := st.Read(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		return tx.QueryRow(ctx, `SELECT value FROM clinic_counters WHERE counter = 'patient_number' AND period = $1`, year).Scan(&v)
	})
	if err != nil {
		t.Fatalf("read counter: %v", err)
	}
	return v
}

func TestPatientNumbersUnderConcurrentRegistration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 2)
	num := readNumbering(t, st, c)
	const n = 50

	numbers := make([]string, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			numbers[i], errs[i] = registerAsReception(ctx, st, c, fmt.Sprintf("Concurrent Patient %02d", i))
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("registration %d: %v", i, err)
		}
	}

	got := slices.Clone(numbers)
	slices.Sort(got)
	want := make([]string, n)
	for i := range want {
		want[i] = num.number(len(num.seeded) + 1 + i)
	}
	if !slices.Equal(got, want) {
		t.Errorf("numbers of %d concurrent registrations, sorted:\n got %v\nwant %v", n, got, want)
	}
	if dup := len(got) - len(slices.Compact(slices.Clone(got))); dup != 0 {
		t.Errorf("%d duplicate patient numbers among %v", dup, got)
	}
	if v, w := counterValue(t, st, c, num.year), int64(len(num.seeded)+n); v != w {
		t.Errorf("counter is %d after %d registrations on %d seeded, want %d", v, n, len(num.seeded), w)
	}
}

func TestPatientNumbersAreGapless(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 3)
	num := readNumbering(t, st, c)
	next := len(num.seeded) + 1
	reception := c.Users[store.RoleReceptionist].ID

	// Rolled back by the caller after taking a number.
	var taken string
	err := st.Tx(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		p, err := st.Queries().RegisterPatient(ctx, tx, dbsqlc.RegisterPatientParams{
			Name: "Rolled Back", Sex: "unknown", BloodGroup: "unknown", RegisteredBy: &reception,
		})
		if err != nil {
			return err
		}
		taken = p.PatientNumber
		return errRollback
	})
	if !errors.Is(err, errRollback) || taken != num.number(next) {
		t.Fatalf("rolled-back registration: number %q, %v; want %q and the rollback", taken, err, num.number(next))
	}
	if got, err := registerAsReception(ctx, st, c, "After Rollback"); err != nil || got != num.number(next) {
		t.Errorf("registration after a rollback: %q, %v; want %q again (no gap)", got, err, num.number(next))
	}
	next++

	// Failed in the database after the counter moved (the same statement
	// then hits a unique legacy id): nothing is consumed either.
	legacy := "L-" + randToken()
	first := func(name string) (string, error) {
		var number string
		err := st.Tx(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
			p, err := st.Queries().RegisterPatient(ctx, tx, dbsqlc.RegisterPatientParams{
				LegacyID: &legacy, Name: name, Sex: "unknown", BloodGroup: "unknown",
			})
			number = p.PatientNumber
			return err
		})
		return number, err
	}
	if got, err := first("Legacy One"); err != nil || got != num.number(next) {
		t.Fatalf("registration with legacy id: %q, %v; want %q", got, err, num.number(next))
	}
	next++
	if _, err := first("Legacy Duplicate"); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("second registration with legacy id %s: %v; want store.ErrConflict", legacy, err)
	}
	// And refused by a policy after the counter moved: a lab technician
	// may not register patients.
	err = st.Tx(ctx, c.Scope(store.RoleLabTech), func(tx dbsqlc.DBTX) error {
		_, err := st.Queries().RegisterPatient(ctx, tx, dbsqlc.RegisterPatientParams{
			Name: "By The Lab", Sex: "unknown", BloodGroup: "unknown",
		})
		return err
	})
	if !errors.Is(err, store.ErrForbidden) {
		t.Fatalf("registration by lab_tech: %v; want store.ErrForbidden", err)
	}
	if got, err := registerAsReception(ctx, st, c, "After Failures"); err != nil || got != num.number(next) {
		t.Errorf("registration after failed ones: %q, %v; want %q (no gap)", got, err, num.number(next))
	}
	if v := counterValue(t, st, c, num.year); v != int64(next) {
		t.Errorf("counter is %d, want %d", v, next)
	}
}

func TestPatientNumbersArePerClinic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	a := dbtest.NewClinic(t, st, 2)
	b := dbtest.NewClinic(t, st, 4)
	numA, numB := readNumbering(t, st, a), readNumbering(t, st, b)
	if numA.code == numB.code {
		t.Fatalf("fixture: clinics share the code %s", numA.code)
	}

	// A registers many; B's sequence does not move.
	for i := range 5 {
		want := numA.number(len(numA.seeded) + 1 + i)
		if got, err := registerAsReception(ctx, st, a, fmt.Sprintf("A Patient %d", i)); err != nil || got != want {
			t.Fatalf("A's registration %d: %q, %v; want %q", i, got, err, want)
		}
	}
	want := numB.number(len(numB.seeded) + 1)
	if got, err := registerAsReception(ctx, st, b, "B Patient"); err != nil || got != want {
		t.Errorf("B's first registration after A's five: %q, %v; want %q", got, err, want)
	}
	if v := counterValue(t, st, a, numA.year); v != int64(len(numA.seeded)+5) {
		t.Errorf("A's counter is %d, want %d", v, len(numA.seeded)+5)
	}
	if v := counterValue(t, st, b, numB.year); v != int64(len(numB.seeded)+1) {
		t.Errorf("B's counter is %d, want %d", v, len(numB.seeded)+1)
	}
}

// registerNewPatient registers a patient with no visit yet.
func registerNewPatient(t *testing.T, st *store.Store, c dbtest.Clinic, name string) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	var id uuid.UUID
	err := st.Tx(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		p, err := st.Queries().RegisterPatient(ctx, tx, dbsqlc.RegisterPatientParams{
			Name: name, Sex: "unknown", BloodGroup: "unknown",
		})
		id = p.ID
		return err
	})
	if err != nil {
		t.Fatalf("register %s: %v", name, err)
	}
	return id
}

// checkInAsReception checks a patient in as the clinic's receptionist.
func checkInAsReception(ctx context.Context, st *store.Store, c dbtest.Clinic, patient uuid.UUID) (dbsqlc.PatientVisit, error) {
	var v dbsqlc.PatientVisit
	reception := c.Users[store.RoleReceptionist].ID
	err := st.Tx(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		var err error
		v, err = st.Queries().CheckInPatient(ctx, tx, dbsqlc.CheckInPatientParams{
			PatientID: patient, CheckedInBy: &reception, Purpose: "Concurrent check-in", Priority: "normal",
		})
		return err
	})
	return v, err
}

// todayTokens is the clinic's queue tokens of today, sorted.
func todayTokens(t *testing.T, st *store.Store, c dbtest.Clinic) []int32 {
	t.Helper()
	ctx := context.Background()
	var tokens []int32
	err := st.Read(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		rows, err := st.Queries().TodayQueue(ctx, tx)
		for _, r := range rows {
			tokens = append(tokens, r.Token)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(tokens)
	return tokens
}

func tokensOneTo(n int) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = int32(i + 1)
	}
	return s
}

func TestConcurrentCheckInsOfOnePatient(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 3)
	seededToday := int(seededRows(3)["patient_visits"]) // every seeded visit is today's
	if got := todayTokens(t, st, c); !slices.Equal(got, tokensOneTo(seededToday)) {
		t.Fatalf("seeded tokens today: %v, want %v", got, tokensOneTo(seededToday))
	}
	patient := registerNewPatient(t, st, c, "Twice Checked In")

	const n = 2
	visits := make([]dbsqlc.PatientVisit, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			visits[i], errs[i] = checkInAsReception(ctx, st, c, patient)
		}()
	}
	close(start)
	wg.Wait()

	ok, conflicts := 0, 0
	for i, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, store.ErrConflict):
			conflicts++
		default:
			t.Errorf("check-in %d: %v; want success or store.ErrConflict", i, err)
		}
	}
	if ok != 1 || conflicts != 1 {
		t.Errorf("two concurrent check-ins: %d succeeded, %d conflicted (%v); want 1 and 1", ok, conflicts, errs)
	}

	var open []dbsqlc.PatientVisit
	err := st.Read(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		all, err := st.Queries().ListPatientVisits(ctx, tx, patient)
		for _, v := range all {
			if v.Status == "checked_in" || v.Status == "in_consultation" {
				open = append(open, v)
			}
		}
		if len(all) != len(open) {
			return fmt.Errorf("patient has %d visits, %d open", len(all), len(open))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 1 {
		t.Errorf("patient has %d open visits, want exactly 1: %+v", len(open), open)
	}
	// The loser's token went back: today's tokens stay gapless.
	if got, want := todayTokens(t, st, c), tokensOneTo(seededToday+1); !slices.Equal(got, want) {
		t.Errorf("tokens today: %v, want %v", got, want)
	}

	// Control: once the visit is closed, the patient can be checked in again.
	err = st.Tx(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		_, err := st.Queries().CompleteVisit(ctx, tx, open[0].ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := checkInAsReception(ctx, st, c, patient); err != nil {
		t.Errorf("check-in after the visit was completed: %v", err)
	}
}

func TestQueueTokensAreDistinctPerDay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	a := dbtest.NewClinic(t, st, 3)
	b := dbtest.NewClinic(t, st, 2)
	seededA, seededB := int(seededRows(3)["patient_visits"]), int(seededRows(2)["patient_visits"])

	const n = 20
	patients := make([]uuid.UUID, n)
	for i := range patients {
		patients[i] = registerNewPatient(t, st, a, fmt.Sprintf("Queue Patient %02d", i))
	}
	tokens := make([]int32, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			var v dbsqlc.PatientVisit
			v, errs[i] = checkInAsReception(ctx, st, a, patients[i])
			tokens[i] = v.Token
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("check-in %d: %v", i, err)
		}
	}
	slices.Sort(tokens)
	want := make([]int32, n)
	for i := range want {
		want[i] = int32(seededA + 1 + i)
	}
	if !slices.Equal(tokens, want) {
		t.Errorf("tokens of %d concurrent check-ins: %v, want %v", n, tokens, want)
	}
	if got := todayTokens(t, st, a); !slices.Equal(got, tokensOneTo(seededA+n)) {
		t.Errorf("A's tokens today: %v, want %v", got, tokensOneTo(seededA+n))
	}
	// B's queue counts on its own.
	if got := todayTokens(t, st, b); !slices.Equal(got, tokensOneTo(seededB)) {
		t.Errorf("B's tokens today: %v, want %v", got, tokensOneTo(seededB))
	}
	pb := registerNewPatient(t, st, b, "B Queue Patient")
	if v, err := checkInAsReception(ctx, st, b, pb); err != nil || v.Token != int32(seededB+1) {
		t.Errorf("B's next check-in: token %d, %v; want %d", v.Token, err, seededB+1)
	}
}
