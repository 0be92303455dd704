package clinic_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// doctorBundle is what the doctor-area tests need: a service, two seeded
// clinics and a visit waiting unassigned in clinic A.
type doctorBundle struct {
	ctx     context.Context
	st      *store.Store
	svc     *clinic.Service
	A, B    dbtest.Clinic
	patient uuid.UUID // clinic A's first patient
	visit   uuid.UUID // its open, unassigned visit
	meds    []clinic.CatalogMedicine
	medsB   []clinic.CatalogMedicine
}

func doctorSetup(t testing.TB) *doctorBundle {
	t.Helper()
	st := dbtest.Store(t)
	b := &doctorBundle{ctx: context.Background(), st: st, svc: clinic.New(st, clinic.Options{}),
		A: dbtest.NewClinic(t, st, 1), B: dbtest.NewClinic(t, st, 1)}
	b.patient, b.visit = doctorCheckIn(t, st, b.A, nil)
	var err error
	if b.meds, err = b.svc.MedicineCatalog(b.ctx, b.A.Scope(store.RoleDoctor), ""); err != nil {
		t.Fatal(err)
	}
	if b.medsB, err = b.svc.MedicineCatalog(b.ctx, b.B.Scope(store.RoleDoctor), ""); err != nil {
		t.Fatal(err)
	}
	return b
}

// doctorCheckIn checks clinic c's first patient in (as reception) and
// returns the patient and visit ids.
func doctorCheckIn(t testing.TB, st *store.Store, c dbtest.Clinic, doctorID *uuid.UUID) (uuid.UUID, uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	var pid, vid uuid.UUID
	err := st.Tx(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		ps, err := st.Queries().ListPatients(ctx, tx, clinic.NewestPatients(50))
		if err != nil {
			return err
		}
		pid = ps[len(ps)-1].ID // the oldest: the first registered
		v, err := st.Queries().CheckInPatient(ctx, tx, dbsqlc.CheckInPatientParams{
			PatientID: pid, DoctorID: doctorID, Purpose: "Cough", Priority: "normal"})
		vid = v.ID
		return err
	})
	if err != nil {
		t.Fatalf("check in: %v", err)
	}
	return pid, vid
}

func (b *doctorBundle) rxInput(lines ...clinic.PrescriptionLineInput) clinic.PrescriptionInput {
	if len(lines) == 0 {
		lines = []clinic.PrescriptionLineInput{{MedicineID: &b.meds[0].ID, Schedule: "1-0-1", FoodInstruction: "after"}}
	}
	return clinic.PrescriptionInput{PatientID: b.patient, VisitID: &b.visit, Diagnosis: "Bronchitis", Lines: lines}
}

func (b *doctorBundle) countRx(t *testing.T, c dbtest.Clinic, patient uuid.UUID) int {
	t.Helper()
	p, err := b.svc.ListPrescriptions(b.ctx, c.Scope(store.RoleAdmin), clinic.PrescriptionQuery{PatientID: &patient})
	if err != nil {
		t.Fatal(err)
	}
	return len(p.Items)
}

func TestNormalizeSchedule(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"1-0-1": "1-0-1", "1 - 1 - 1": "1-1-1", "1-0-0-1": "1-0-0-1",
		"½-0-½": "½-0-½", "0.5-0-1": "0.5-0-1", "sos": "SOS", "bd": "BD", "HS": "HS"} {
		if got, ok := clinic.NormalizeSchedule(in); !ok || got != want {
			t.Errorf("NormalizeSchedule(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "0-0-0", "1-0", "1-0-1-1-1", "twice", "1–0–1", "a-b-c", "11-0-1"} {
		if got, ok := clinic.NormalizeSchedule(bad); ok {
			t.Errorf("NormalizeSchedule(%q) = %q, accepted", bad, got)
		}
	}
}

func TestCreatePrescriptionCatalogAndFreeText(t *testing.T) {
	t.Parallel()
	b := doctorSetup(t)
	days := int32(7)
	in := b.rxInput(
		clinic.PrescriptionLineInput{MedicineID: &b.meds[0].ID, MedicineName: "ignored", Dose: "", Schedule: "1-0-1", FoodInstruction: "after"},
		clinic.PrescriptionLineInput{MedicineName: "Steam inhalation", Schedule: "bd", DurationDays: &days, Route: "inhalation", PRN: true},
	)
	in.AdmissionRecommended, in.AdmissionReason = true, "Low oxygen saturation"
	rx, err := b.svc.CreatePrescription(b.ctx, b.A.Scope(store.RoleDoctor), in)
	if err != nil {
		t.Fatal(err)
	}
	if rx.Status != "draft" || rx.PrescriberName == "" || !rx.AdmissionRecommended || len(rx.Lines) != 2 {
		t.Fatalf("prescription = %+v", rx)
	}
	l0, l1 := rx.Lines[0], rx.Lines[1]
	if l0.MedicineID == nil || *l0.MedicineID != b.meds[0].ID || l0.MedicineName == "ignored" ||
		l0.Dose != b.meds[0].DefaultDose || l0.Form != b.meds[0].Form {
		t.Errorf("catalog line = %+v; want the catalog's name, form and default dose", l0)
	}
	if l1.MedicineID != nil || l1.MedicineName != "Steam inhalation" || l1.Schedule != "BD" ||
		l1.DurationDays == nil || *l1.DurationDays != 7 || !l1.PRN || l1.FoodInstruction != "any" {
		t.Errorf("free-text line = %+v", l1)
	}
}

func TestCreatePrescriptionRefusals(t *testing.T) {
	t.Parallel()
	b := doctorSetup(t)
	otherPatient, otherVisit := doctorCheckIn(t, b.st, b.B, nil)
	tooMany := make([]clinic.PrescriptionLineInput, clinic.MaxPrescriptionLines+1)
	for i := range tooMany {
		tooMany[i] = clinic.PrescriptionLineInput{MedicineName: "Water"}
	}
	bad := int32(0)
	cases := []struct {
		name   string
		scope  store.Scope
		in     func() clinic.PrescriptionInput
		field  string
		status bool
	}{
		{"clinic B's patient", b.A.Scope(store.RoleDoctor), func() clinic.PrescriptionInput {
			in := b.rxInput()
			in.PatientID, in.VisitID = otherPatient, nil
			return in
		}, "patient_id", false},
		{"clinic B's visit", b.A.Scope(store.RoleDoctor), func() clinic.PrescriptionInput {
			in := b.rxInput()
			in.VisitID = &otherVisit
			return in
		}, "visit_id", false},
		{"clinic B's medicine", b.A.Scope(store.RoleDoctor), func() clinic.PrescriptionInput {
			return b.rxInput(clinic.PrescriptionLineInput{MedicineName: "Rest"},
				clinic.PrescriptionLineInput{MedicineID: &b.medsB[0].ID})
		}, "lines[1].medicine_id", false},
		{"no lines", b.A.Scope(store.RoleDoctor), func() clinic.PrescriptionInput {
			in := b.rxInput()
			in.Lines = nil
			return in
		}, "lines", false},
		{"51 lines", b.A.Scope(store.RoleDoctor), func() clinic.PrescriptionInput { return b.rxInput(tooMany...) }, "lines", false},
		{"bad schedule", b.A.Scope(store.RoleDoctor), func() clinic.PrescriptionInput {
			return b.rxInput(clinic.PrescriptionLineInput{MedicineName: "X", Schedule: "thrice"})
		}, "lines[0].schedule", false},
		{"bad food", b.A.Scope(store.RoleDoctor), func() clinic.PrescriptionInput {
			return b.rxInput(clinic.PrescriptionLineInput{MedicineName: "X", FoodInstruction: "during"})
		}, "lines[0].food_instruction", false},
		{"zero days", b.A.Scope(store.RoleDoctor), func() clinic.PrescriptionInput {
			return b.rxInput(clinic.PrescriptionLineInput{MedicineName: "X", DurationDays: &bad})
		}, "lines[0].duration_days", false},
		{"admission without reason", b.A.Scope(store.RoleDoctor), func() clinic.PrescriptionInput {
			in := b.rxInput()
			in.AdmissionRecommended = true
			return in
		}, "admission_reason", false},
		{"admin has no doctor record", b.A.Scope(store.RoleAdmin), func() clinic.PrescriptionInput { return b.rxInput() }, "", true},
	}
	for _, tc := range cases {
		_, err := b.svc.CreatePrescription(b.ctx, tc.scope, tc.in())
		var fe clinic.FieldErrors
		var se *clinic.StateError
		switch {
		case tc.status && !errors.As(err, &se):
			t.Errorf("%s: err = %v, want a StateError", tc.name, err)
		case !tc.status && (!errors.As(err, &fe) || fe[tc.field] == ""):
			t.Errorf("%s: err = %v, want a message for %s", tc.name, err, tc.field)
		}
	}
	if n := b.countRx(t, b.A, b.patient); n != 1 { // the seeded one only
		t.Errorf("clinic A's patient has %d prescriptions after refusals, want 1", n)
	}
	if n := b.countRx(t, b.B, otherPatient); n != 1 {
		t.Errorf("clinic B's patient has %d prescriptions after refusals, want 1", n)
	}
}

func TestFinalizePrescriptionTwiceAtOnce(t *testing.T) {
	t.Parallel()
	b := doctorSetup(t)
	rx, err := b.svc.CreatePrescription(b.ctx, b.A.Scope(store.RoleDoctor), b.rxInput())
	if err != nil {
		t.Fatal(err)
	}
	second := store.Scope{ClinicID: b.A.ID, UserID: b.A.ByLogin["doctor2"].ID, Role: store.RoleDoctor}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	start := make(chan struct{})
	for i, sc := range []store.Scope{b.A.Scope(store.RoleDoctor), second} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = b.svc.FinalizePrescription(b.ctx, sc, rx.ID)
		}()
	}
	close(start)
	wg.Wait()
	var se *clinic.StateError
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case errors.As(err, &se) && se.Detail == "This prescription is already finalised.":
		default:
			t.Errorf("finalise: unexpected error %v", err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d finalisations succeeded, want exactly 1 (errors %v)", wins, errs)
	}
	got, err := b.svc.GetPrescription(b.ctx, b.A.Scope(store.RoleDoctor), rx.ID)
	if err != nil || got.Status != "final" || got.FinalizedAt == nil {
		t.Fatalf("after finalising: %+v, %v", got.Prescription, err)
	}
	if _, err := b.svc.FinalizePrescription(b.ctx, b.B.Scope(store.RoleDoctor), rx.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("clinic B finalising clinic A's prescription: %v, want not found", err)
	}
}

func TestConsultationFlow(t *testing.T) {
	t.Parallel()
	b := doctorSetup(t)
	doc := b.A.Scope(store.RoleDoctor)
	doc2 := store.Scope{ClinicID: b.A.ID, UserID: b.A.ByLogin["doctor2"].ID, Role: store.RoleDoctor}

	q, err := b.svc.DoctorQueue(b.ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	if !queueHas(q, b.visit) {
		t.Fatalf("the unassigned visit is not in the doctor's queue: %+v", q)
	}
	v, err := b.svc.BeginConsultation(b.ctx, doc, b.visit)
	if err != nil || v.Status != "in_consultation" || v.DoctorID == nil {
		t.Fatalf("begin: %+v, %v", v, err)
	}
	if _, err := b.svc.BeginConsultation(b.ctx, doc, b.visit); err != nil {
		t.Errorf("beginning one's own consultation again: %v", err)
	}
	var se *clinic.StateError
	if _, err := b.svc.BeginConsultation(b.ctx, doc2, b.visit); !errors.As(err, &se) {
		t.Errorf("another doctor beginning it: %v, want a StateError", err)
	}
	if q, _ := b.svc.DoctorQueue(b.ctx, doc2); queueHas(q, b.visit) {
		t.Errorf("the taken visit is still in the other doctor's queue")
	}
	if _, err := b.svc.BeginConsultation(b.ctx, b.B.Scope(store.RoleDoctor), b.visit); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("clinic B beginning clinic A's visit: %v, want not found", err)
	}

	if _, err := b.svc.WriteNote(b.ctx, doc, b.visit, clinic.NoteInput{}); !isField(err, "chief_complaint") {
		t.Errorf("empty note: %v", err)
	}
	n, err := b.svc.WriteNote(b.ctx, doc, b.visit, clinic.NoteInput{ChiefComplaint: "Cough for 3 days", Diagnosis: "Bronchitis"})
	if err != nil || n.SignedAt == nil || n.PatientID != b.patient {
		t.Fatalf("note: %+v, %v", n, err)
	}
	if _, err := b.svc.WriteNote(b.ctx, b.B.Scope(store.RoleDoctor), b.visit, clinic.NoteInput{Notes: "x"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("clinic B writing a note on clinic A's visit: %v, want not found", err)
	}

	cat, err := b.svc.Consultation(b.ctx, doc, b.visit)
	if err != nil {
		t.Fatal(err)
	}
	tests, err := b.svc.OrderTests(b.ctx, doc, b.visit, []clinic.TestOrderInput{
		{CatalogID: &cat.Catalog[0].ID, Urgency: "urgent"}, {Name: "Sputum culture", TestType: "other"}})
	if err != nil || len(tests) != 2 {
		t.Fatalf("order tests: %+v, %v", tests, err)
	}
	var bCatalog []dbsqlc.TestCatalog
	_ = b.st.Read(b.ctx, b.B.Scope(store.RoleDoctor), func(tx dbsqlc.DBTX) error {
		bCatalog, err = b.st.Queries().ListCatalogTests(b.ctx, tx)
		return err
	})
	if _, err := b.svc.OrderTests(b.ctx, doc, b.visit, []clinic.TestOrderInput{
		{Name: "Valid", TestType: "blood"}, {CatalogID: &bCatalog[0].ID}}); !isField(err, "tests[1].catalog_id") {
		t.Errorf("ordering clinic B's catalog test: %v", err)
	}

	rx, err := b.svc.CreatePrescription(b.ctx, doc, b.rxInput())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.CompleteConsultation(b.ctx, doc2, b.visit); !errors.As(err, &se) {
		t.Errorf("another doctor completing: %v, want a StateError", err)
	}
	fin, err := b.svc.CompleteConsultation(b.ctx, doc, b.visit)
	if err != nil || fin.Visit.Status != "completed" || fin.Finalized != 1 {
		t.Fatalf("complete: %+v, %v", fin, err)
	}
	got, _ := b.svc.GetPrescription(b.ctx, doc, rx.ID)
	if got.Status != "final" {
		t.Errorf("the visit's prescription is %s after completing, want final", got.Status)
	}
	if _, err := b.svc.CompleteConsultation(b.ctx, doc, b.visit); !errors.As(err, &se) {
		t.Errorf("completing twice: %v, want a StateError", err)
	}

	ch, err := b.svc.Chart(b.ctx, doc, b.patient)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Counts.Visits != 2 || len(ch.Visits) != 2 || ch.Counts.Prescriptions != 2 || ch.Counts.Tests != 3 ||
		len(ch.Notes) != 2 || len(ch.Prescriptions[0].Lines) != 1 || ch.Prescriptions[0].DoctorName == "" {
		t.Errorf("chart counts %+v, %d visits, %d notes", ch.Counts, len(ch.Visits), len(ch.Notes))
	}
	seeded := ch.Tests[len(ch.Tests)-1]
	if seeded.Report == nil || len(seeded.Report.Values) != 1 {
		t.Errorf("the seeded test has no report values: %+v", seeded)
	}
	if _, err := b.svc.Chart(b.ctx, b.B.Scope(store.RoleDoctor), b.patient); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("clinic B reading clinic A's chart: %v", err)
	}
	if ch, err := b.svc.Chart(b.ctx, b.A.Scope(store.RoleReceptionist), b.patient); err != nil || len(ch.Notes) != 0 {
		t.Errorf("reception reads %d notes (err %v), want none", len(ch.Notes), err)
	}
}

func TestPrescriptionPrintForPatient(t *testing.T) {
	t.Parallel()
	b := doctorSetup(t)
	rx, err := b.svc.CreatePrescription(b.ctx, b.A.Scope(store.RoleDoctor), b.rxInput())
	if err != nil {
		t.Fatal(err)
	}
	pat := b.A.Scope(store.RolePatient) // the clinic's first patient is this login's record
	if _, err := b.svc.PrescriptionPrint(b.ctx, pat, rx.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("patient printing a draft: %v, want not found", err)
	}
	if _, err := b.svc.FinalizePrescription(b.ctx, b.A.Scope(store.RoleDoctor), rx.ID); err != nil {
		t.Fatal(err)
	}
	p, err := b.svc.PrescriptionPrint(b.ctx, pat, rx.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Doctor.Name == "" || p.Doctor.LicenseNumber == "" || p.Clinic.Name == "" || p.Patient.Number == "" ||
		p.Patient.Age == "" || len(p.Lines) != 1 {
		t.Errorf("print = %+v", p)
	}
}

func queueHas(q []clinic.DoctorQueueEntry, visit uuid.UUID) bool {
	for _, e := range q {
		if e.ID == visit {
			return true
		}
	}
	return false
}

func isField(err error, field string) bool {
	var fe clinic.FieldErrors
	return errors.As(err, &fe) && fe[field] != ""
}

// TestChartDecodesAsEncodingJSON: Chart decodes PostgreSQL's JSON lists
// with go-json-experiment/json; what the API then writes of the chart is
// byte for byte what it wrote when encoding/json decoded the same lists.
func TestChartDecodesAsEncodingJSON(t *testing.T) {
	t.Parallel()
	st, svc, doc, pid := chartPatient(t, 4)
	ctx := context.Background()
	got, err := svc.Chart(ctx, doc, pid)
	if err != nil {
		t.Fatal(err)
	}
	var row dbsqlc.DoctorChartRow
	err = st.Read(ctx, doc, func(tx dbsqlc.DBTX) error {
		row, err = st.Queries().DoctorChart(ctx, tx, dbsqlc.DoctorChartParams{MaxItems: clinic.ChartItems, ID: pid})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := clinic.Chart{Patient: got.Patient, Counts: got.Counts}
	for _, j := range []struct {
		raw []byte
		dst any
	}{{row.Visits, &want.Visits}, {row.Notes, &want.Notes}, {row.Prescriptions, &want.Prescriptions},
		{row.Tests, &want.Tests}, {row.Reports, &want.Reports}} {
		if err := json.Unmarshal(j.raw, j.dst); err != nil {
			t.Fatal(err)
		}
	}
	if len(want.Visits) < 4 || len(want.Notes) < 4 || len(want.Prescriptions) < 4 || len(want.Tests) < 4 ||
		len(want.Reports) < 4 || want.Tests[0].Report == nil || len(want.Prescriptions[0].Lines) == 0 {
		t.Fatalf("the chart is too thin to compare: %+v", want.Counts)
	}
	// Doctors' names come from the doctors list, not from the decoding.
	for i := range want.Visits {
		want.Visits[i].DoctorName = got.Visits[i].DoctorName
	}
	for i := range want.Prescriptions {
		want.Prescriptions[i].DoctorName = got.Prescriptions[i].DoctorName
	}
	gotJSON, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gotJSON, wantJSON) {
		t.Errorf("the chart decodes differently:\n%s\nwant\n%s", gotJSON, wantJSON)
	}
}

// BenchmarkChart300Visits reads the chart of a patient with 300 visits,
// each with a note, a three-line prescription and a test with a report of
// two values, and 300 documents.
func BenchmarkChart300Visits(b *testing.B) {
	_, svc, doc, pid := chartPatient(b, 300)
	doctorAnalyze(b)
	ctx := context.Background()
	ch, err := svc.Chart(ctx, doc, pid)
	if err != nil || ch.Counts.Visits < 300 || len(ch.Visits) < 300 {
		b.Fatalf("chart: %d visits, %v", len(ch.Visits), err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := svc.Chart(ctx, doc, pid); err != nil {
			b.Fatal(err)
		}
	}
}

// chartPatient is a clinic's patient with n visits of history
// (doctorHistory), and a doctor's scope to read the chart with.
func chartPatient(tb testing.TB, n int) (*store.Store, *clinic.Service, store.Scope, uuid.UUID) {
	tb.Helper()
	st := dbtest.Store(tb)
	c := dbtest.NewClinic(tb, st, 1)
	pid, _ := doctorCheckIn(tb, st, c, nil)
	doctorHistory(tb, st, c, pid, n)
	return st, clinic.New(st, clinic.Options{}), c.Scope(store.RoleDoctor), pid
}

// doctorHistory gives patient pid n completed visits, each with a note, a
// three-line prescription, a test with a two-value report and a document.
func doctorHistory(tb testing.TB, st *store.Store, c dbtest.Clinic, pid uuid.UUID, n int) {
	tb.Helper()
	ctx := context.Background()
	err := st.Tx(ctx, c.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		q := st.Queries()
		v0, err := q.ListPatientVisits(ctx, tx, pid)
		if err != nil {
			return err
		}
		for _, v := range v0 {
			if v.Status != "completed" {
				if _, err := q.CompleteVisit(ctx, tx, v.ID); err != nil {
					return err
				}
			}
		}
		docs, err := q.ListDoctors(ctx, tx)
		if err != nil {
			return err
		}
		meds, err := q.DoctorMedicineCatalog(ctx, tx, 10)
		if err != nil {
			return err
		}
		now := time.Now()
		for i := range n {
			v, err := q.CheckInPatient(ctx, tx, dbsqlc.CheckInPatientParams{PatientID: pid, DoctorID: &docs[0].ID, Purpose: "Review", Priority: "normal"})
			if err != nil {
				return err
			}
			if _, err := q.CreateDoctorNote(ctx, tx, dbsqlc.CreateDoctorNoteParams{VisitID: v.ID, PatientID: pid,
				AuthorID: docs[0].UserID, ChiefComplaint: "Review", Observations: "Stable. Chest clear, no oedema.",
				Diagnosis: "Type 2 diabetes", TreatmentPlan: "Continue metformin; diet advice.", SignedAt: &now}); err != nil {
				return err
			}
			rx, err := q.CreatePrescription(ctx, tx, dbsqlc.CreatePrescriptionParams{PatientID: pid, DoctorID: docs[0].ID,
				VisitID: &v.ID, Diagnosis: "Type 2 diabetes", Advice: "Walk daily"})
			if err != nil {
				return err
			}
			for n := range 3 {
				m := meds[(i+n)%len(meds)]
				if _, err := q.AddPrescriptionLine(ctx, tx, dbsqlc.AddPrescriptionLineParams{PrescriptionID: rx.ID,
					Position: int16(n + 1), MedicineID: &m.ID, MedicineName: m.Name, Dose: m.DefaultDose,
					Schedule: m.DefaultSchedule, FoodInstruction: "after", Route: "oral"}); err != nil {
					return err
				}
			}
			t, err := q.OrderTest(ctx, tx, dbsqlc.OrderTestParams{PatientID: pid, VisitID: &v.ID, TestType: "blood",
				Name: "HbA1c", Urgency: "routine"})
			if err != nil {
				return err
			}
			rep, err := q.CreateTestReport(ctx, tx, dbsqlc.CreateTestReportParams{TestID: t.ID, PatientID: pid, Status: "final"})
			if err != nil {
				return err
			}
			for n, a := range []string{"HbA1c", "Fasting glucose"} {
				if _, err := q.AddTestReportValue(ctx, tx, dbsqlc.AddTestReportValueParams{TestReportID: rep.ID,
					PatientID: pid, Position: int16(n + 1), Analyte: a, Value: "7.1", Unit: "%",
					ReferenceRange: "4.0-5.6", AbnormalFlag: "high"}); err != nil {
					return err
				}
			}
			doc := []byte("%PDF-1.4 demo")
			sum := [32]byte{byte(i)}
			if _, err := q.CreateMedicalReport(ctx, tx, dbsqlc.CreateMedicalReportParams{PatientID: pid,
				ReportType: "lab", Description: "HbA1c", Content: doc, ContentType: "application/pdf",
				SizeBytes: int32(len(doc)), SHA256: sum[:], OriginalFilename: "r.pdf"}); err != nil {
				return err
			}
			if _, err := q.CompleteVisit(ctx, tx, v.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("build history: %v", err)
	}
}

// doctorAnalyze refreshes the planner's statistics, as autovacuum would on a
// live database, so that a benchmark measures the plans production gets
// (the owner runs it: the application role may not).
func doctorAnalyze(tb testing.TB) {
	tb.Helper()
	conn := dbtest.Conn(tb, dbtest.OwnerURL())
	if _, err := conn.Exec(context.Background(), "ANALYZE patient_visits, doctor_notes, prescriptions, "+
		"prescription_lines, tests, test_reports, test_report_values, medical_reports"); err != nil {
		tb.Fatalf("analyze: %v", err)
	}
}

// TestChartListsNameTheAPIsMembers: every object PostgreSQL builds for the
// chart has exactly the JSON members of the Go type that decodes it, so a
// column alias that drifts from the API's name fails here rather than
// decoding as an empty field.
func TestChartListsNameTheAPIsMembers(t *testing.T) {
	t.Parallel()
	st, _, doc, pid := chartPatient(t, 2)
	ctx := context.Background()
	var row dbsqlc.DoctorChartRow
	err := st.Read(ctx, doc, func(tx dbsqlc.DBTX) error {
		var err error
		row, err = st.Queries().DoctorChart(ctx, tx, dbsqlc.DoctorChartParams{MaxItems: clinic.ChartItems, ID: pid})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Members the server fills in itself, not PostgreSQL.
	byServer := map[string]bool{"visits.doctor_name": true, "tests.description": true}
	for _, l := range []struct {
		name string
		raw  []byte
		typ  reflect.Type
	}{
		{"visits", row.Visits, reflect.TypeFor[[]clinic.ChartVisit]()},
		{"notes", row.Notes, reflect.TypeFor[[]clinic.ChartNote]()},
		{"prescriptions", row.Prescriptions, reflect.TypeFor[[]clinic.ChartPrescription]()},
		{"tests", row.Tests, reflect.TypeFor[[]clinic.ChartTest]()},
		{"reports", row.Reports, reflect.TypeFor[[]clinic.ChartReport]()},
	} {
		checkMembers(t, l.name, l.raw, l.typ, byServer)
	}
}

// checkMembers compares the JSON value raw with typ: an object's members
// with the struct's JSON names (those in byServer, by path, may be
// missing), and the first element of a list, nested lists and objects
// included; every list and object it meets must be there, not empty.
func checkMembers(t *testing.T, path string, raw json.RawMessage, typ reflect.Type, byServer map[string]bool) {
	t.Helper()
	switch typ.Kind() {
	case reflect.Pointer:
		checkMembers(t, path, raw, typ.Elem(), byServer)
		return
	case reflect.Slice:
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil || len(items) == 0 {
			t.Fatalf("%s: %s, %v: empty or not a list, nothing to check", path, raw, err)
		}
		checkMembers(t, path, items[0], typ.Elem(), byServer)
		return
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		t.Fatalf("%s: %s, %v: not an object", path, raw, err)
	}
	want := map[string]bool{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		want[name] = true
		member, ok := obj[name]
		if !ok {
			if !byServer[path+"."+name] {
				t.Errorf("%s: member %q is missing", path, name)
			}
			continue
		}
		// Descend into the chart's own types (lines, a report, its values).
		inner := f.Type
		for inner.Kind() == reflect.Pointer || inner.Kind() == reflect.Slice {
			inner = inner.Elem()
		}
		if inner.PkgPath() == typ.PkgPath() && inner.Kind() == reflect.Struct {
			checkMembers(t, path+"."+name, member, f.Type, byServer)
		}
	}
	for name := range obj {
		if !want[name] {
			t.Errorf("%s: member %q is not the API's", path, name)
		}
	}
}
