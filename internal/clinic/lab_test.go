package clinic_test

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// noReq is the request of a test that has no HTTP request.
var noReq = auditlog.Request{RequestID: "domain-test"}

// pdf is the smallest thing Sniff takes for a PDF.
var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

type labBundle struct {
	svc  *clinic.Service
	st   *store.Store
	A, B dbtest.Clinic
	// own is A's patient linked to A's patient login; other is another
	// patient of A; bOwn is B's linked patient.
	own, other, bOwn uuid.UUID
}

func labSetup(t *testing.T) labBundle {
	t.Helper()
	st := dbtest.Store(t)
	b := labBundle{st: st, svc: clinic.New(st, clinic.Options{MaxUploadBytes: 1 << 20}),
		A: dbtest.NewClinic(t, st, 2), B: dbtest.NewClinic(t, st, 2)}
	b.own, b.other = labPatients(t, b, b.A)
	b.bOwn, _ = labPatients(t, b, b.B)
	return b
}

// labPatients returns the clinic's patient linked to its patient login and
// another one.
func labPatients(t *testing.T, b labBundle, c dbtest.Clinic) (own, other uuid.UUID) {
	t.Helper()
	page, err := b.svc.FindPatients(context.Background(), c.Scope(store.RoleAdmin), clinic.PatientQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range page.Items {
		if p.UserID != nil && *p.UserID == c.Users[store.RolePatient].ID {
			own = p.ID
		} else {
			other = p.ID
		}
	}
	if own == uuid.Nil || other == uuid.Nil {
		t.Fatalf("seeded clinic lacks a linked and an unlinked patient")
	}
	return own, other
}

// labOrder orders a test for patient as the clinic's doctor.
func labOrder(t *testing.T, b labBundle, c dbtest.Clinic, patient uuid.UUID, urgency string) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	doc := c.Users[store.RoleDoctor].ID
	var id uuid.UUID
	err := b.st.Tx(ctx, c.Scope(store.RoleDoctor), func(tx dbsqlc.DBTX) error {
		tst, err := b.st.Queries().OrderTest(ctx, tx, dbsqlc.OrderTestParams{
			PatientID: patient, OrderedBy: &doc, TestType: "blood", Name: "Complete blood count", Urgency: urgency})
		id = tst.ID
		return err
	})
	if err != nil {
		t.Fatalf("order test: %v", err)
	}
	return id
}

func stateErr(err error) bool {
	var se *clinic.StateError
	return errors.As(err, &se)
}

func TestLabTestLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := labSetup(t)
	lab, pat := b.A.Scope(store.RoleLabTech), b.A.Scope(store.RolePatient)
	id := labOrder(t, b, b.A, b.own, "stat")

	pending, err := b.svc.ListTests(ctx, lab, clinic.TestQuery{Statuses: clinic.PendingStatuses})
	if err != nil {
		t.Fatal(err)
	}
	if len(pending.Items) != 1 || pending.Items[0].ID != id || pending.Items[0].PatientNumber == "" {
		t.Fatalf("pending tests: %+v, want just the new one with its patient", pending.Items)
	}

	if _, err := b.svc.MarkCollected(ctx, lab, id); err != nil {
		t.Fatalf("collect: %v", err)
	}
	if _, err := b.svc.MarkCollected(ctx, lab, id); !stateErr(err) {
		t.Fatalf("collect twice: %v, want a StateError", err)
	}
	if _, err := b.svc.MarkCollected(ctx, lab, uuid.New()); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("collect an unknown test: %v, want not found", err)
	}

	in := clinic.ResultsInput{Notes: "Sample adequate.", Values: []clinic.ResultValue{
		{Analyte: "Haemoglobin", Value: "9.1", Unit: "g/dL", ReferenceRange: "12.0-16.0", AbnormalFlag: "low"},
		{Analyte: "WBC", Value: "7000", Unit: "/uL", ReferenceRange: "4000-11000"},
	}, File: &clinic.Upload{Name: `C:\fakepath\cbc.pdf`, Data: pdf}}
	rep, err := b.svc.EnterResults(ctx, lab, id, in)
	if err != nil {
		t.Fatalf("enter results: %v", err)
	}
	if rep.Status != "preliminary" || rep.TestStatus != "completed" || len(rep.Values) != 2 ||
		rep.Values[1].AbnormalFlag != "normal" || rep.Values[0].Position != 1 || rep.File == nil ||
		rep.File.Name != "cbc.pdf" || rep.File.ContentType != "application/pdf" {
		t.Fatalf("entered report: %+v", rep)
	}
	if _, err := b.svc.EnterResults(ctx, lab, id, in); !stateErr(err) {
		t.Fatalf("results twice: %v, want a StateError", err)
	}

	// Not released yet: the patient cannot read it.
	if _, err := b.svc.GetTestReport(ctx, pat, rep.ID, noReq); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("patient reads a preliminary report: %v, want not found", err)
	}
	if _, err := b.svc.CorrectReport(ctx, lab, rep.ID, in); !stateErr(err) {
		t.Fatalf("correct a preliminary report: %v, want a StateError", err)
	}

	final, err := b.svc.VerifyReport(ctx, b.A.Scope(store.RoleDoctor), rep.ID)
	if err != nil || final.Status != "final" || final.VerifiedBy == nil || *final.VerifiedBy != b.A.Users[store.RoleDoctor].ID {
		t.Fatalf("verify: %+v, %v", final, err)
	}
	if _, err := b.svc.VerifyReport(ctx, lab, rep.ID); !stateErr(err) {
		t.Fatalf("verify twice: %v, want a StateError", err)
	}
	if got, err := b.svc.GetTestReport(ctx, pat, rep.ID, noReq); err != nil || len(got.Values) != 2 {
		t.Fatalf("patient reads the final report: %+v, %v", got, err)
	}

	// A correction without a file keeps the earlier version's.
	fix := clinic.ResultsInput{Notes: "Haemoglobin re-run.", Values: []clinic.ResultValue{
		{Analyte: "Haemoglobin", Value: "12.9", Unit: "g/dL", ReferenceRange: "12.0-16.0"},
	}}
	cor, err := b.svc.CorrectReport(ctx, lab, rep.ID, fix)
	if err != nil {
		t.Fatalf("correct: %v", err)
	}
	if cor.Status != "corrected" || cor.Supersedes == nil || *cor.Supersedes != rep.ID || len(cor.Values) != 1 ||
		cor.File == nil || cor.VerifiedBy == nil || len(cor.History) != 2 || !cor.Current() {
		t.Fatalf("corrected report: %+v", cor)
	}
	old, err := b.svc.GetTestReport(ctx, pat, rep.ID, noReq)
	if err != nil || old.Current() || *old.SupersededBy != cor.ID || old.Values[0].Value != "9.1" {
		t.Fatalf("the earlier version as history: %+v, %v", old, err)
	}
	if _, err := b.svc.CorrectReport(ctx, lab, rep.ID, fix); !stateErr(err) {
		t.Fatalf("correct a replaced version: %v, want a StateError", err)
	}
	// The latest version can be corrected again, and its file removed.
	fix.RemoveFile = true
	cor2, err := b.svc.CorrectReport(ctx, lab, cor.ID, fix)
	if err != nil || cor2.File != nil || len(cor2.History) != 3 {
		t.Fatalf("second correction without the file: %+v, %v", cor2, err)
	}
	f, err := b.svc.TestReportFile(ctx, pat, rep.ID, noReq)
	if err != nil || string(f.Data) != string(pdf) || f.ContentType != "application/pdf" {
		t.Fatalf("patient downloads the first version's file: %v", err)
	}
	if _, err := b.svc.TestReportFile(ctx, pat, cor2.ID, noReq); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("file of a version without one: %v, want not found", err)
	}

	d, err := b.svc.GetTest(ctx, pat, id, noReq)
	if err != nil || len(d.Reports) != 3 || !d.Reports[0].Current() || d.Reports[0].ID != cor2.ID {
		t.Fatalf("patient's test with its versions: %+v, %v", d, err)
	}
}

func TestLabOtherClinicAndOtherPatient(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := labSetup(t)
	id := labOrder(t, b, b.A, b.other, "routine")
	bLab := b.B.Scope(store.RoleLabTech)
	vals := clinic.ResultsInput{Values: []clinic.ResultValue{{Analyte: "X", Value: "1"}}}

	if _, err := b.svc.GetTest(ctx, bLab, id, noReq); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("B reads A's test: %v", err)
	}
	if _, err := b.svc.MarkCollected(ctx, bLab, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("B collects A's test: %v", err)
	}
	if _, err := b.svc.EnterResults(ctx, bLab, id, vals); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("B enters results for A's test: %v", err)
	}
	// A's patient login: another patient's test is not there.
	if _, err := b.svc.GetTest(ctx, b.A.Scope(store.RolePatient), id, noReq); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("A's patient reads another patient's test: %v", err)
	}
	d, err := b.svc.GetTest(ctx, b.A.Scope(store.RoleLabTech), id, noReq)
	if err != nil || d.Status != "ordered" || len(d.Reports) != 0 {
		t.Fatalf("A's test after B's attempts: %+v, %v", d, err)
	}
}

func TestLabValidation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := labSetup(t)
	id := labOrder(t, b, b.A, b.own, "routine")
	lab := b.A.Scope(store.RoleLabTech)
	many := make([]clinic.ResultValue, clinic.MaxResultValues+1)
	for i := range many {
		many[i] = clinic.ResultValue{Analyte: "A", Value: "1"}
	}
	cases := []struct {
		name  string
		in    clinic.ResultsInput
		field string
	}{
		{"nothing", clinic.ResultsInput{}, "values"},
		{"too many values", clinic.ResultsInput{Values: many}, "values"},
		{"no analyte", clinic.ResultsInput{Values: []clinic.ResultValue{{Value: "1"}}}, "values[0].analyte"},
		{"no value", clinic.ResultsInput{Values: []clinic.ResultValue{{Analyte: "A"}, {Analyte: "B"}}}, "values[1].value"},
		{"bad flag", clinic.ResultsInput{Values: []clinic.ResultValue{{Analyte: "A", Value: "1", AbnormalFlag: "weird"}}}, "values[0].abnormal_flag"},
		{"long unit", clinic.ResultsInput{Values: []clinic.ResultValue{{Analyte: "A", Value: "1", Unit: strings.Repeat("u", 33)}}}, "values[0].unit"},
		{"NUL", clinic.ResultsInput{Notes: "a\x00b", Values: []clinic.ResultValue{{Analyte: "A", Value: "1"}}}, "notes"},
		{"executable named .pdf", clinic.ResultsInput{File: &clinic.Upload{Name: "r.pdf", Data: []byte("MZ\x90\x00rest")}}, "file"},
		{"svg", clinic.ResultsInput{File: &clinic.Upload{Name: "r.svg", Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)}}, "file"},
		{"too big", clinic.ResultsInput{File: &clinic.Upload{Name: "r.pdf", Data: append([]byte("%PDF-"), make([]byte, 1<<20)...)}}, "file"},
	}
	for _, tc := range cases {
		_, err := b.svc.EnterResults(ctx, lab, id, tc.in)
		var fe clinic.FieldErrors
		if !errors.As(err, &fe) || fe[tc.field] == "" {
			t.Errorf("%s: %v, want a message for %s", tc.name, err, tc.field)
		}
	}
	d, err := b.svc.GetTest(ctx, lab, id, noReq)
	if err != nil || d.Status != "ordered" || len(d.Reports) != 0 {
		t.Fatalf("after refused input the test is %+v, %v; want untouched", d, err)
	}
	if _, err := b.svc.ListTests(ctx, lab, clinic.TestQuery{Statuses: []string{"lost"}}); err == nil {
		t.Errorf("list by an unknown status: no error")
	}
	if _, err := b.svc.ListTests(ctx, lab, clinic.TestQuery{Cursor: "!!"}); err == nil {
		t.Errorf("list with a bad cursor: no error")
	}
}

// Two people acting on the same record at once: exactly one wins, the
// other is told why, and nothing is written twice.
func TestLabConcurrentTransitions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := labSetup(t)
	lab, doc := b.A.Scope(store.RoleLabTech), b.A.Scope(store.RoleDoctor)
	vals := clinic.ResultsInput{Values: []clinic.ResultValue{{Analyte: "Glucose", Value: "90", Unit: "mg/dL"}}}

	race := func(what string, f func(scope store.Scope) error) {
		t.Helper()
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i, sc := range []store.Scope{lab, doc} {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = f(sc) }()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case stateErr(err), errors.Is(err, store.ErrConflict):
			default:
				t.Errorf("%s: unexpected error %v", what, err)
			}
		}
		if ok != 1 {
			t.Errorf("%s: %d succeeded (%v), want exactly 1", what, ok, errs)
		}
	}
	id := labOrder(t, b, b.A, b.own, "urgent")
	race("two result entries", func(sc store.Scope) error { _, err := b.svc.EnterResults(ctx, sc, id, vals); return err })
	d, err := b.svc.GetTest(ctx, lab, id, noReq)
	if err != nil || len(d.Reports) != 1 {
		t.Fatalf("reports after the race: %+v, %v; want 1", d.Reports, err)
	}
	rep := d.Reports[0].ID
	race("two verifications", func(sc store.Scope) error { _, err := b.svc.VerifyReport(ctx, sc, rep); return err })
	race("two corrections", func(sc store.Scope) error { _, err := b.svc.CorrectReport(ctx, sc, rep, vals); return err })
	if d, err = b.svc.GetTest(ctx, lab, id, noReq); err != nil || len(d.Reports) != 2 {
		t.Fatalf("reports after the correction race: %d, %v; want 2", len(d.Reports), err)
	}
}

func TestLabRoundTrips(t *testing.T) {
	t.Parallel()
	b := labSetup(t)
	lab := b.A.Scope(store.RoleLabTech)
	id := labOrder(t, b, b.A, b.own, "routine")
	count := func(what string, max int64, f func(ctx context.Context) error) {
		t.Helper()
		ctx, c := store.CountRoundTrips(context.Background())
		if err := f(ctx); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if n := c.Load(); n > max {
			t.Errorf("%s: %d round trips, want at most %d", what, n, max)
		}
	}
	var rep clinic.TestReport
	count("list tests", 1, func(ctx context.Context) error { _, err := b.svc.ListTests(ctx, lab, clinic.TestQuery{}); return err })
	count("collect", 2, func(ctx context.Context) error { _, err := b.svc.MarkCollected(ctx, lab, id); return err })
	count("enter results", 3, func(ctx context.Context) error {
		var err error
		rep, err = b.svc.EnterResults(ctx, lab, id, clinic.ResultsInput{Values: []clinic.ResultValue{{Analyte: "A", Value: "1"}}})
		return err
	})
	count("get test (recorded)", 3, func(ctx context.Context) error { _, err := b.svc.GetTest(ctx, lab, id, noReq); return err })
	count("get report (recorded)", 3, func(ctx context.Context) error { _, err := b.svc.GetTestReport(ctx, lab, rep.ID, noReq); return err })
	count("verify", 3, func(ctx context.Context) error { _, err := b.svc.VerifyReport(ctx, lab, rep.ID); return err })
	count("correct", 3, func(ctx context.Context) error {
		_, err := b.svc.CorrectReport(ctx, lab, rep.ID, clinic.ResultsInput{Values: []clinic.ResultValue{{Analyte: "A", Value: "2"}}})
		return err
	})
	count("patient reads their test (not recorded)", 1, func(ctx context.Context) error {
		_, err := b.svc.GetTest(ctx, b.A.Scope(store.RolePatient), id, noReq)
		return err
	})
	count("portal", 1, func(ctx context.Context) error {
		_, err := b.svc.MyRecords(ctx, b.A.Scope(store.RolePatient))
		return err
	})
	count("upload", 3, func(ctx context.Context) error {
		_, err := b.svc.UploadMedicalReport(ctx, b.A.Scope(store.RolePatient), clinic.MedicalReportInput{File: clinic.Upload{Name: "a.pdf", Data: pdf}})
		return err
	})
}

// Staff reads and downloads of a patient's results land in the access log
// with the patient named; the patient's own reads do not.
func TestLabReadsAreRecorded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := labSetup(t)
	id := labOrder(t, b, b.A, b.own, "routine")
	lab := b.A.Scope(store.RoleLabTech)
	rep, err := b.svc.EnterResults(ctx, lab, id, clinic.ResultsInput{File: &clinic.Upload{Name: "r.pdf", Data: pdf}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.VerifyReport(ctx, lab, rep.ID); err != nil {
		t.Fatal(err)
	}
	doc := b.A.Scope(store.RoleDoctor)
	req := auditlog.Request{RequestID: "lab-read-test"}
	if _, err := b.svc.GetTestReport(ctx, doc, rep.ID, req); err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.TestReportFile(ctx, doc, rep.ID, req); err != nil {
		t.Fatal(err)
	}
	pat := b.A.Scope(store.RolePatient)
	if _, err := b.svc.GetTestReport(ctx, pat, rep.ID, req); err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.TestReportFile(ctx, pat, rep.ID, req); err != nil {
		t.Fatal(err)
	}
	events, err := auditlog.New(b.st).List(ctx, b.A.Scope(store.RoleAdmin), auditlog.Filter{PatientID: b.own})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, e := range events {
		if e.RequestID != nil && *e.RequestID == "lab-read-test" {
			got[string(e.Action)+" by "+deref(e.ActorRole)]++
		}
	}
	if got["read by doctor"] != 1 || got["export by doctor"] != 1 || len(got) != 2 {
		t.Errorf("recorded events %v, want one read and one export by the doctor, none by the patient", got)
	}
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// TestLabListPagesInOrder: the lab's list, two tests a page with every
// status set, urgency and patient, is the clinic's tests filtered and
// ordered in Go (oldest order first, then id); a patient login lists only
// their own tests.
func TestLabListPagesInOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	svc := clinic.New(st, clinic.Options{})
	c := dbtest.NewClinic(t, st, 40)
	lab := c.Scope(store.RoleLabTech)
	// Beside the seeded history: tests of every urgency, ordered, collected
	// and cancelled, in two transactions (so some share an order time and
	// are told apart by id).
	for round := range 2 {
		err := st.Tx(ctx, c.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
			patients, err := st.Queries().ListPatients(ctx, tx, clinic.NewestPatients(8))
			if err != nil {
				return err
			}
			for i := range 12 {
				x, err := st.Queries().OrderTest(ctx, tx, dbsqlc.OrderTestParams{PatientID: patients[i%len(patients)].ID,
					TestType: "blood", Name: "CBC", Urgency: clinic.Urgencies[(i+round)%len(clinic.Urgencies)]})
				if err != nil {
					return err
				}
				if s := []string{"", "collected", "cancelled", ""}[i%4]; s != "" {
					if _, err := st.Queries().SetTestStatus(ctx, tx, dbsqlc.SetTestStatusParams{Status: s, ID: x.ID}); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// Every test of the clinic, by status, and its patient's name.
	var all []clinic.TestListItem
	byID := map[uuid.UUID]dbsqlc.Patient{} // every patient of the clinic
	err := st.Read(ctx, lab, func(tx dbsqlc.DBTX) error {
		list, err := st.Queries().ListPatients(ctx, tx, clinic.NewestPatients(1000))
		if err != nil {
			return err
		}
		for _, p := range list {
			byID[p.ID] = p
		}
		for _, s := range clinic.TestStatuses {
			tests, err := st.Queries().ListTestsByStatus(ctx, tx, dbsqlc.ListTestsByStatusParams{Status: s, MaxRows: 100000})
			if err != nil {
				return err
			}
			for _, x := range tests {
				all = append(all, clinic.TestListItem{Test: x, PatientNumber: byID[x.PatientID].PatientNumber,
					PatientName: byID[x.PatientID].Name})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(all, func(a, b clinic.TestListItem) int {
		if c := a.OrderedAt.Compare(b.OrderedAt); c != 0 {
			return c
		}
		return bytes.Compare(a.ID[:], b.ID[:])
	})
	statuses, urgencies, patients := map[string]int{}, map[string]int{}, map[uuid.UUID]int{}
	for _, x := range all {
		statuses[x.Status]++
		urgencies[x.Urgency]++
		patients[x.PatientID]++
	}
	if len(all) < 40 || len(statuses) < 4 || len(urgencies) < 3 {
		t.Fatalf("fixture: %d tests, statuses %v, urgencies %v; the comparison would prove little", len(all), statuses, urgencies)
	}
	busiest := uuid.Nil
	for p, n := range patients {
		if busiest == uuid.Nil || n > patients[busiest] {
			busiest = p
		}
	}

	// An urgency other than routine, with no patient, is read by its own
	// statement (LabListUrgentTests); with a patient, or routine, by
	// LabListTests.
	queries := []clinic.TestQuery{{}, {Statuses: clinic.PendingStatuses}, {PatientID: &busiest},
		{PatientID: &busiest, Urgency: "urgent"}, {Statuses: clinic.PendingStatuses, Urgency: "stat"}}
	for s := range statuses {
		queries = append(queries, clinic.TestQuery{Statuses: []string{s}})
		for u := range urgencies {
			queries = append(queries, clinic.TestQuery{Statuses: []string{s}, Urgency: u})
		}
	}
	for u := range urgencies {
		queries = append(queries, clinic.TestQuery{Urgency: u})
	}
	compared := 0
	for _, q := range queries {
		want := slices.DeleteFunc(slices.Clone(all), func(x clinic.TestListItem) bool {
			return (len(q.Statuses) > 0 && !slices.Contains(q.Statuses, x.Status)) ||
				(q.Urgency != "" && x.Urgency != q.Urgency) || (q.PatientID != nil && x.PatientID != *q.PatientID)
		})
		var got []clinic.TestListItem
		q.Limit = 2
		for {
			page, err := svc.ListTests(ctx, lab, q)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, page.Items...)
			if page.Next == "" {
				break
			}
			q.Cursor = page.Next
		}
		if len(got) != len(want) {
			t.Fatalf("%+v: %d tests, want %d", q, len(got), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("%+v, test %d:\n got %+v\nwant %+v", q, i, got[i], want[i])
			}
		}
		compared += len(got)
	}
	if compared < 100 {
		t.Fatalf("compared %d tests; the fixture is too small to say anything", compared)
	}

	// A patient login: their own tests only.
	own, err := svc.ListTests(ctx, c.Scope(store.RolePatient), clinic.TestQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range own.Items {
		if p, ok := byID[x.PatientID]; !ok || p.UserID == nil || *p.UserID != c.Users[store.RolePatient].ID {
			t.Errorf("a patient login lists test %s of patient %s", x.ID, x.PatientID)
		}
	}
}
