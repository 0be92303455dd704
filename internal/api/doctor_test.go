package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/api/apitest"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// doctorFixture is a clinic's first patient (the patient login's record)
// waiting unassigned, and a catalog medicine and test.
type doctorFixture struct {
	patient, visit, medicine, catalogTest uuid.UUID
}

func doctorFixtureOf(t *testing.T, e *apitest.Env, c dbtest.Clinic) doctorFixture {
	t.Helper()
	ctx := context.Background()
	var f doctorFixture
	q := e.Store.Queries()
	err := e.Store.Tx(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		ps, err := q.ListPatients(ctx, tx, clinic.NewestPatients(50))
		if err != nil {
			return err
		}
		for _, p := range ps {
			if p.UserID != nil {
				f.patient = p.ID
			}
		}
		v, err := q.CheckInPatient(ctx, tx, dbsqlc.CheckInPatientParams{PatientID: f.patient, Purpose: "Cough", Priority: "normal"})
		if err != nil {
			return err
		}
		f.visit = v.ID
		meds, err := q.DoctorMedicineCatalog(ctx, tx, 1)
		if err != nil {
			return err
		}
		f.medicine = meds[0].ID
		cat, err := q.ListCatalogTests(ctx, tx)
		f.catalogTest = cat[0].ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func doctorRxBody(patient, visit, medicine uuid.UUID) map[string]any {
	return map[string]any{"patient_id": patient, "visit_id": visit, "diagnosis": "Bronchitis",
		"lines": []map[string]any{
			{"medicine_id": medicine, "medicine_name": "", "dose": "1 tablet", "schedule": "1-0-1", "duration_days": 5, "food_instruction": "after"},
			{"medicine_id": nil, "medicine_name": "Steam inhalation", "dose": "", "schedule": "BD", "duration_days": 3, "food_instruction": "any"},
		}}
}

func TestDoctorAPIPrescriptions(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	a, b := doctorFixtureOf(t, e, e.A), doctorFixtureOf(t, e, e.B)
	doc := e.Token(t, e.A, store.RoleDoctor)
	base := "/api/v1/clinics/" + e.A.Slug

	res := e.Do(t, "POST", base+"/prescriptions", doc, doctorRxBody(a.patient, a.visit, a.medicine)).Want(t, http.StatusCreated)
	var rx struct {
		ID       uuid.UUID `json:"id"`
		ClinicID uuid.UUID `json:"clinic_id"`
		Status   string    `json:"status"`
		Lines    []struct {
			MedicineName string `json:"medicine_name"`
		} `json:"lines"`
	}
	res.Decode(t, &rx)
	if rx.Status != "draft" || rx.ClinicID != e.A.ID || len(rx.Lines) != 2 || rx.Lines[1].MedicineName != "Steam inhalation" {
		t.Fatalf("created %+v", rx)
	}
	if !strings.HasSuffix(res.Header.Get("Location"), "/prescriptions/"+rx.ID.String()) {
		t.Errorf("Location %q", res.Header.Get("Location"))
	}
	got := e.Do(t, "GET", base+"/prescriptions/"+rx.ID.String(), doc, nil).Want(t, http.StatusOK)
	if got.Header.Get("ETag") == "" {
		t.Error("GET prescription has no ETag")
	}
	// The benchmark's shape: visit_id null, catalog lines by id.
	e.Do(t, "POST", base+"/prescriptions", doc, map[string]any{"patient_id": a.patient, "visit_id": nil, "diagnosis": "x",
		"lines": []map[string]any{{"medicine_id": a.medicine, "medicine_name": "Paracetamol", "dose": "1", "schedule": "1-1-1",
			"duration_days": 3, "food_instruction": "after"}}}).Want(t, http.StatusCreated)

	// Cross-clinic references in the body: refused, nothing written.
	before := doctorCountRx(t, e, e.A, a.patient)
	for name, body := range map[string]map[string]any{
		"clinic B's patient":  doctorRxBody(b.patient, uuid.Nil, a.medicine),
		"clinic B's visit":    doctorRxBody(a.patient, b.visit, a.medicine),
		"clinic B's medicine": doctorRxBody(a.patient, a.visit, b.medicine),
	} {
		if name == "clinic B's patient" {
			body["visit_id"] = nil
		}
		p := e.Do(t, "POST", base+"/prescriptions", doc, body).Want(t, http.StatusUnprocessableEntity).Problem(t)
		if len(p.Errors) == 0 {
			t.Errorf("%s: no field named: %+v", name, p)
		}
	}
	if after := doctorCountRx(t, e, e.A, a.patient); after != before {
		t.Errorf("refused creates wrote prescriptions: %d → %d", before, after)
	}
	if n := doctorCountRx(t, e, e.B, b.patient); n != 1 {
		t.Errorf("clinic B's patient has %d prescriptions, want the seeded 1", n)
	}
	// Invalid input: field messages, never 500.
	bad := doctorRxBody(a.patient, a.visit, a.medicine)
	bad["lines"] = []map[string]any{{"medicine_name": "X", "schedule": "thrice", "food_instruction": "before"}}
	p := e.Do(t, "POST", base+"/prescriptions", doc, bad).Want(t, http.StatusUnprocessableEntity).Problem(t)
	if p.Errors["lines[0].schedule"] == "" {
		t.Errorf("bad schedule: %+v", p)
	}
	e.Send(t, apitest.Request{Method: "POST", Path: base + "/prescriptions", Token: doc, ContentType: "application/json",
		Body: []byte(`{"patient_id":"not-a-uuid","lines":[]}`)}).Want(t, http.StatusUnprocessableEntity).Problem(t)
	e.Send(t, apitest.Request{Method: "POST", Path: base + "/prescriptions", Token: doc, ContentType: "application/json",
		Body: []byte(`{"patient_id":`)}).Want(t, http.StatusBadRequest).Problem(t)
	e.Send(t, apitest.Request{Method: "POST", Path: base + "/prescriptions", Token: doc, ContentType: "application/json",
		Body: []byte(`{"patient_id":"` + a.patient.String() + `","lines":[],"dosage":1}`)}).Want(t, http.StatusUnprocessableEntity).Problem(t)

	// Roles.
	for _, role := range []store.Role{store.RoleAdmin, store.RoleReceptionist, store.RoleLabTech, store.RolePatient} {
		e.Do(t, "POST", base+"/prescriptions", e.Token(t, e.A, role), doctorRxBody(a.patient, a.visit, a.medicine)).Want(t, http.StatusForbidden)
	}
	e.Do(t, "GET", base+"/prescriptions?patient_id="+a.patient.String(), e.Token(t, e.A, store.RoleReceptionist), nil).Want(t, http.StatusOK)
	e.Do(t, "GET", base+"/prescriptions", e.Token(t, e.A, store.RoleLabTech), nil).Want(t, http.StatusForbidden)
	// A patient sees only final prescriptions: the draft is not there.
	pat := e.Token(t, e.A, store.RolePatient)
	e.Do(t, "GET", base+"/prescriptions/"+rx.ID.String(), pat, nil).Want(t, http.StatusNotFound)

	// Finalise: once; clinic B cannot; then the patient can read and download it.
	e.Do(t, "POST", base+"/prescriptions/"+rx.ID.String()+"/finalize", e.Token(t, e.B, store.RoleDoctor), nil).Want(t, http.StatusNotFound)
	e.Do(t, "POST", "/api/v1/clinics/"+e.B.Slug+"/prescriptions/"+rx.ID.String()+"/finalize", e.Token(t, e.B, store.RoleDoctor), nil).Want(t, http.StatusNotFound)
	e.Do(t, "POST", base+"/prescriptions/"+rx.ID.String()+"/finalize", doc, nil).Want(t, http.StatusOK)
	if p := e.Do(t, "POST", base+"/prescriptions/"+rx.ID.String()+"/finalize", doc, nil).Want(t, http.StatusConflict).Problem(t); !strings.Contains(p.Detail, "already finalised") {
		t.Errorf("second finalise: %+v", p)
	}
	e.Do(t, "GET", base+"/prescriptions/"+rx.ID.String(), pat, nil).Want(t, http.StatusOK)
	pdf := e.Do(t, "GET", base+"/prescriptions/"+rx.ID.String()+"/pdf", pat, nil).Want(t, http.StatusOK)
	if !strings.HasPrefix(string(pdf.Body), "%PDF-") || !strings.HasPrefix(pdf.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("pdf: %q %.8q", pdf.Header.Get("Content-Disposition"), pdf.Body)
	}
	e.Do(t, "GET", "/api/v1/clinics/"+e.B.Slug+"/prescriptions/"+rx.ID.String()+"/pdf", e.Token(t, e.B, store.RoleDoctor), nil).Want(t, http.StatusNotFound)

	// Lists page without gaps.
	seen := map[uuid.UUID]bool{}
	for next := base + "/prescriptions?limit=1&patient_id=" + a.patient.String(); next != ""; {
		var page struct {
			Items []struct{ ID uuid.UUID } `json:"items"`
			Next  *string                  `json:"next"`
		}
		e.Do(t, "GET", next, doc, nil).Want(t, http.StatusOK).Decode(t, &page)
		for _, it := range page.Items {
			if seen[it.ID] {
				t.Fatalf("prescription %s listed twice", it.ID)
			}
			seen[it.ID] = true
		}
		next = ""
		if page.Next != nil {
			next = *page.Next
		}
	}
	if len(seen) != before {
		t.Errorf("paged %d prescriptions, want %d", len(seen), before)
	}
}

func TestDoctorAPIChartNotesTests(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	a, b := doctorFixtureOf(t, e, e.A), doctorFixtureOf(t, e, e.B)
	doc := e.Token(t, e.A, store.RoleDoctor)
	base := "/api/v1/clinics/" + e.A.Slug

	res := e.Do(t, "POST", base+"/visits/"+a.visit.String()+"/notes", doc,
		map[string]any{"chief_complaint": "Cough", "diagnosis": "Bronchitis"}).Want(t, http.StatusCreated)
	e.Do(t, "GET", res.Header.Get("Location"), doc, nil).Want(t, http.StatusOK)
	e.Do(t, "POST", base+"/visits/"+a.visit.String()+"/notes", doc, map[string]any{"notes": ""}).Want(t, http.StatusUnprocessableEntity)
	e.Do(t, "POST", base+"/visits/"+b.visit.String()+"/notes", doc, map[string]any{"notes": "x"}).Want(t, http.StatusNotFound)
	e.Do(t, "POST", base+"/visits/"+a.visit.String()+"/notes", e.Token(t, e.A, store.RoleReceptionist), map[string]any{"notes": "x"}).Want(t, http.StatusForbidden)

	var notes struct {
		Items []struct {
			ChiefComplaint string `json:"chief_complaint"`
		} `json:"items"`
	}
	e.Do(t, "GET", base+"/doctor-notes?patient_id="+a.patient.String(), doc, nil).Want(t, http.StatusOK).Decode(t, &notes)
	if len(notes.Items) != 2 || notes.Items[0].ChiefComplaint != "Cough" {
		t.Errorf("notes %+v", notes)
	}
	e.Do(t, "GET", base+"/doctor-notes?patient_id="+b.patient.String(), doc, nil).Want(t, http.StatusOK).Decode(t, &notes)
	if len(notes.Items) != 0 {
		t.Errorf("clinic B's patient's notes listed from clinic A: %+v", notes)
	}
	e.Send(t, apitest.Request{Method: "GET", Path: base + "/doctor-notes", Token: doc}).Want(t, http.StatusUnprocessableEntity).Problem(t)
	e.Do(t, "GET", base+"/doctor-notes?patient_id="+a.patient.String(), e.Token(t, e.A, store.RoleLabTech), nil).Want(t, http.StatusForbidden)

	var ordered struct {
		Items []struct{ Name, Urgency string } `json:"items"`
	}
	e.Do(t, "POST", base+"/visits/"+a.visit.String()+"/tests", doc, map[string]any{"tests": []map[string]any{
		{"catalog_id": a.catalogTest, "urgency": "stat"}, {"name": "Sputum culture", "test_type": "other"}}}).
		Want(t, http.StatusCreated).Decode(t, &ordered)
	if len(ordered.Items) != 2 {
		t.Errorf("ordered %+v", ordered)
	}
	p := e.Do(t, "POST", base+"/visits/"+a.visit.String()+"/tests", doc, map[string]any{"tests": []map[string]any{
		{"catalog_id": b.catalogTest}}}).Want(t, http.StatusUnprocessableEntity).Problem(t)
	if p.Errors["tests[0].catalog_id"] == "" {
		t.Errorf("clinic B's catalog test: %+v", p)
	}

	var chart struct {
		ClinicID uuid.UUID `json:"clinic_id"`
		Counts   struct{ Visits, Notes, Tests int }
		Tests    []struct {
			Report *struct {
				Values []struct {
					AbnormalFlag string `json:"abnormal_flag"`
				} `json:"values"`
			} `json:"report"`
		} `json:"tests"`
	}
	e.Do(t, "GET", base+"/patients/"+a.patient.String()+"/chart", doc, nil).Want(t, http.StatusOK).Decode(t, &chart)
	if chart.ClinicID != e.A.ID || chart.Counts.Visits != 2 || chart.Counts.Notes != 2 || chart.Counts.Tests != 3 {
		t.Errorf("chart %+v", chart)
	}
	e.Do(t, "GET", base+"/patients/"+b.patient.String()+"/chart", doc, nil).Want(t, http.StatusNotFound)
	e.Do(t, "GET", base+"/patients/"+a.patient.String()+"/chart", e.Token(t, e.A, store.RolePatient), nil).Want(t, http.StatusForbidden)
	e.Send(t, apitest.Request{Method: "GET", Path: base + "/patients/not-a-uuid/chart", Token: doc}).Want(t, http.StatusNotFound).Problem(t)
}

func doctorCountRx(t *testing.T, e *apitest.Env, c dbtest.Clinic, patient uuid.UUID) int {
	t.Helper()
	svc := clinic.New(e.Store, clinic.Options{})
	p, err := svc.ListPrescriptions(context.Background(), c.Scope(store.RoleAdmin), clinic.PrescriptionQuery{PatientID: &patient, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return len(p.Items)
}
