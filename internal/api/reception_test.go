package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/api/apitest"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

type receptionPatientBody struct {
	ID            string  `json:"id"`
	ClinicID      string  `json:"clinic_id"`
	PatientNumber string  `json:"patient_number"`
	Name          string  `json:"name"`
	Phone         string  `json:"phone"`
	DateOfBirth   *string `json:"date_of_birth"`
	Allergies     string  `json:"allergies"`
}

type receptionVisitBody struct {
	ID          string  `json:"id"`
	PatientID   string  `json:"patient_id"`
	PatientName string  `json:"patient_name"`
	DoctorID    *string `json:"doctor_id"`
	Token       int     `json:"token"`
	Status      string  `json:"status"`
	Priority    string  `json:"priority"`
	BPSystolic  *int    `json:"bp_systolic"`
}

type receptionPatientPage struct {
	Items []receptionPatientBody `json:"items"`
	Next  *string                `json:"next"`
}

type receptionVisitPage struct {
	Items []receptionVisitBody `json:"items"`
	Next  *string              `json:"next"`
}

// receptionDoctorID is an active doctor of clinic c.
func receptionDoctorID(t *testing.T, e *apitest.Env, c dbtest.Clinic) string {
	t.Helper()
	ds, err := clinic.New(e.Store, clinic.Options{}).ActiveDoctors(context.Background(), c.Scope(store.RoleReceptionist))
	if err != nil || len(ds) == 0 {
		t.Fatalf("doctors: %v", err)
	}
	return ds[0].ID.String()
}

func TestReceptionPatientsAPI(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	tok := e.Token(t, e.A, store.RoleReceptionist)
	patients := apitest.ClinicPath(e.A, "patients")
	body := map[string]any{"name": "Asha Kulkarni", "sex": "female", "date_of_birth": "1988-04-12", "phone": "+91 98220 12345"}

	// Create, retried with the same key: one patient.
	key := uuid.NewString()
	res := e.Do(t, "POST", patients, tok, body, "Idempotency-Key", key).Want(t, http.StatusCreated)
	var p receptionPatientBody
	res.Decode(t, &p)
	if p.ClinicID != e.A.ID.String() || !strings.HasPrefix(p.PatientNumber, "PT-") || res.Header.Get("Location") != patients+"/"+p.ID || res.Header.Get("ETag") == "" {
		t.Fatalf("created %+v, Location %q", p, res.Header.Get("Location"))
	}
	var again receptionPatientBody
	e.Do(t, "POST", patients, tok, body, "Idempotency-Key", key).Want(t, http.StatusCreated).Decode(t, &again)
	if again.ID != p.ID {
		t.Fatalf("the retried create made %s, first %s", again.ID, p.ID)
	}

	// The same name and phone again: 409 listing the match; confirmed: 201.
	dup := map[string]any{"name": "asha kulkarni", "phone": "9822012345"}
	res = e.Do(t, "POST", patients, tok, dup).Want(t, http.StatusConflict)
	var dp struct {
		Type    string `json:"type"`
		Matches []struct {
			ID          string  `json:"id"`
			DateOfBirth *string `json:"date_of_birth"`
		} `json:"matches"`
	}
	res.Decode(t, &dp)
	if !strings.HasSuffix(dp.Type, "/possible-duplicate") || len(dp.Matches) != 1 || dp.Matches[0].ID != p.ID ||
		dp.Matches[0].DateOfBirth == nil || *dp.Matches[0].DateOfBirth != "1988-04-12" {
		t.Fatalf("duplicate problem %+v", dp)
	}
	dup["confirm_duplicate"] = true
	e.Do(t, "POST", patients, tok, dup).Want(t, http.StatusCreated)

	// Invalid bodies: 4xx problem documents naming the field.
	for name, tc := range map[string]struct {
		body   any
		status int
		field  string
	}{
		"missing name":  {map[string]any{"phone": "9822012345"}, 422, "name"},
		"bad date":      {map[string]any{"name": "X", "date_of_birth": "12/04/1988"}, 422, "date_of_birth"},
		"bad phone":     {map[string]any{"name": "X", "phone": "call me"}, 422, "phone"},
		"bad sex":       {map[string]any{"name": "X", "sex": "yes"}, 422, "sex"},
		"unknown field": {[]byte(`{"name":"X","santkrupa_extra":1}`), 422, "santkrupa_extra"},
		"wrong type":    {[]byte(`{"name":"X","age_years":"forty"}`), 422, "age_years"},
		"malformed":     {[]byte(`{"name":`), 400, ""},
	} {
		res := e.Send(t, apitest.Request{Method: "POST", Path: patients, Token: tok, ContentType: "application/json",
			Body: mustJSON(t, tc.body)}).Want(t, tc.status)
		if pr := res.Problem(t); tc.field != "" && pr.Errors[tc.field] == "" {
			t.Errorf("%s: problem %+v does not name %s", name, pr, tc.field)
		}
	}

	// Read with ETag; PATCH needs If-Match, refuses a stale one, merges.
	one := patients + "/" + p.ID
	res = e.Do(t, "GET", one, tok, nil).Want(t, http.StatusOK)
	etag := res.Header.Get("ETag")
	e.Send(t, apitest.Request{Method: "PATCH", Path: one, Token: tok, ContentType: "application/json",
		Body: []byte(`{"phone":"9876543210"}`)}).Want(t, http.StatusPreconditionRequired)
	res = e.Do(t, "PATCH", one, tok, map[string]any{"phone": "9876543210", "weight_kg": 61.5, "allergies": "Sulfa"}, "If-Match", etag).Want(t, http.StatusOK)
	var patched receptionPatientBody
	res.Decode(t, &patched)
	newTag := res.Header.Get("ETag")
	if patched.Phone != "9876543210" || patched.Name != "Asha Kulkarni" || patched.Allergies != "Sulfa" ||
		patched.DateOfBirth == nil || newTag == etag {
		t.Fatalf("patched %+v, ETag %s → %s", patched, etag, newTag)
	}
	p412 := e.Do(t, "PATCH", one, tok, map[string]any{"name": "Lost Update"}, "If-Match", etag).Want(t, http.StatusPreconditionFailed).Problem(t)
	if p412.Kind() != "stale" {
		t.Errorf("stale PATCH: %+v", p412)
	}
	res = e.Do(t, "PATCH", one, tok, map[string]any{"date_of_birth": nil, "allergies": nil}, "If-Match", newTag).Want(t, http.StatusOK)
	res.Decode(t, &patched)
	if patched.DateOfBirth != nil || patched.Allergies != "" || patched.Phone != "9876543210" {
		t.Fatalf("null did not clear: %+v", patched)
	}
	pr := e.Do(t, "PATCH", one, tok, map[string]any{"name": ""}, "If-Match", res.Header.Get("ETag")).Want(t, http.StatusUnprocessableEntity).Problem(t)
	if pr.Errors["name"] == "" {
		t.Errorf("empty name: %+v", pr)
	}

	// Search: by number (any case), name prefix, phone with or without country code.
	for _, q := range [][]string{{"number", strings.ToLower(p.PatientNumber)}, {"name_prefix", "Asha K"},
		{"phone", "98765 43210"}, {"phone", "+919876543210"}} {
		var page receptionPatientPage
		e.Do(t, "GET", apitest.Query(patients, q...), tok, nil).Want(t, http.StatusOK).Decode(t, &page)
		found := false
		for _, it := range page.Items {
			found = found || it.ID == p.ID
		}
		if !found {
			t.Errorf("search %v does not find the patient: %+v", q, page.Items)
		}
	}
	for _, q := range [][]string{{"number", "x", "phone", "123456"}, {"limit", "0"}, {"limit", "201"}, {"limit", "ten"},
		{"cursor", "forged"}, {"name_prefix", strings.Repeat("a", 101)}} {
		e.Send(t, apitest.Request{Method: "GET", Path: apitest.Query(patients, q...), Token: tok}).
			Want(t, http.StatusUnprocessableEntity).Problem(t)
	}

	// Clinic B's token finds nothing of it; clinic A's cannot reach clinic B's.
	tokB := e.Token(t, e.B, store.RoleReceptionist)
	e.Do(t, "GET", apitest.ClinicPath(e.B, "patients/"+p.ID), tokB, nil).Want(t, http.StatusNotFound)
	e.Do(t, "PATCH", apitest.ClinicPath(e.B, "patients/"+p.ID), tokB, map[string]any{"name": "Hijack"}, "If-Match", etag).Want(t, http.StatusNotFound)
	e.Do(t, "POST", apitest.ClinicPath(e.B, "patients/"+p.ID+"/portal-invitation"), tokB, map[string]any{"email": "b@example.org"}).Want(t, http.StatusNotFound)
	var pageB receptionPatientPage
	e.Do(t, "GET", apitest.Query(apitest.ClinicPath(e.B, "patients"), "name_prefix", "asha k"), tokB, nil).Want(t, http.StatusOK).Decode(t, &pageB)
	if len(pageB.Items) != 0 {
		t.Errorf("clinic B finds clinic A's patients: %+v", pageB.Items)
	}
	e.Send(t, apitest.Request{Method: "GET", Path: patients + "/not-a-uuid", Token: tok}).Want(t, http.StatusNotFound)

	// Portal invitation.
	inv := one + "/portal-invitation"
	email := "asha." + uuid.NewString()[:6] + "@example.org"
	var invitation struct {
		PatientID string `json:"patient_id"`
		UserID    string `json:"user_id"`
		Email     string `json:"email"`
		Status    string `json:"status"`
	}
	e.Do(t, "POST", inv, tok, map[string]any{"email": email}).Want(t, http.StatusOK).Decode(t, &invitation)
	if invitation.PatientID != p.ID || invitation.Email != email || invitation.Status != "invited" || invitation.UserID == "" {
		t.Fatalf("invitation %+v", invitation)
	}
	e.Do(t, "POST", inv, tok, map[string]any{"email": "nope"}).Want(t, http.StatusUnprocessableEntity)
	other := e.Do(t, "POST", patients, tok, map[string]any{"name": "Second Patient"}).Want(t, http.StatusCreated)
	var op receptionPatientBody
	other.Decode(t, &op)
	e.Do(t, "POST", patients+"/"+op.ID+"/portal-invitation", tok, map[string]any{"email": email}).Want(t, http.StatusUnprocessableEntity)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	if b, ok := v.([]byte); ok {
		return b
	}
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestReceptionRolesAPI(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	ctx := context.Background()
	svc := clinic.New(e.Store, clinic.Options{})
	desk := e.A.Scope(store.RoleReceptionist)
	mk := func() (clinic.Patient, clinic.Visit) {
		p, err := svc.RegisterPatient(ctx, desk, clinic.PatientInput{Name: "Role " + uuid.NewString()[:6]}, true)
		if err != nil {
			t.Fatal(err)
		}
		v, err := svc.CheckIn(ctx, desk, clinic.CheckInInput{PatientID: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		return p, v
	}
	type op struct {
		name    string
		allowed []store.Role
		call    func(tok string) *apitest.Response
	}
	all := []store.Role{store.RoleAdmin, store.RoleReceptionist, store.RoleDoctor, store.RoleLabTech}
	deskRoles := []store.Role{store.RoleAdmin, store.RoleReceptionist}
	ops := []op{
		{"list patients", all, func(tok string) *apitest.Response {
			return e.Do(t, "GET", apitest.ClinicPath(e.A, "patients"), tok, nil)
		}},
		{"get patient", all, func(tok string) *apitest.Response {
			p, _ := mk()
			return e.Do(t, "GET", apitest.ClinicPath(e.A, "patients/"+p.ID.String()), tok, nil)
		}},
		{"create patient", deskRoles, func(tok string) *apitest.Response {
			return e.Do(t, "POST", apitest.ClinicPath(e.A, "patients"), tok, map[string]any{"name": "By " + uuid.NewString()[:6]})
		}},
		{"patch patient", deskRoles, func(tok string) *apitest.Response {
			p, _ := mk()
			return e.Do(t, "PATCH", apitest.ClinicPath(e.A, "patients/"+p.ID.String()), tok, map[string]any{"allergies": "Dust"},
				"If-Match", `"`+clinic.Version(p.UpdatedAt)+`"`)
		}},
		{"invite patient", deskRoles, func(tok string) *apitest.Response {
			p, _ := mk()
			return e.Do(t, "POST", apitest.ClinicPath(e.A, "patients/"+p.ID.String()+"/portal-invitation"), tok,
				map[string]any{"email": "p" + uuid.NewString()[:8] + "@example.org"})
		}},
		{"list visits", all, func(tok string) *apitest.Response {
			return e.Do(t, "GET", apitest.ClinicPath(e.A, "visits"), tok, nil)
		}},
		{"get visit", all, func(tok string) *apitest.Response {
			_, v := mk()
			return e.Do(t, "GET", apitest.ClinicPath(e.A, "visits/"+v.ID.String()), tok, nil)
		}},
		{"check in", deskRoles, func(tok string) *apitest.Response {
			p, err := svc.RegisterPatient(ctx, desk, clinic.PatientInput{Name: "Walk-in " + uuid.NewString()[:6]}, true)
			if err != nil {
				t.Fatal(err)
			}
			return e.Do(t, "POST", apitest.ClinicPath(e.A, "visits"), tok, map[string]any{"patient_id": p.ID, "doctor_id": nil, "purpose": "Fever", "priority": "normal"})
		}},
		{"start", []store.Role{store.RoleDoctor}, func(tok string) *apitest.Response {
			_, v := mk()
			return e.Do(t, "POST", apitest.ClinicPath(e.A, "visits/"+v.ID.String()+"/start"), tok, nil)
		}},
		{"complete", []store.Role{store.RoleDoctor}, func(tok string) *apitest.Response {
			_, v := mk()
			return e.Do(t, "POST", apitest.ClinicPath(e.A, "visits/"+v.ID.String()+"/complete"), tok, nil)
		}},
		{"cancel", []store.Role{store.RoleAdmin, store.RoleReceptionist, store.RoleDoctor}, func(tok string) *apitest.Response {
			_, v := mk()
			return e.Do(t, "POST", apitest.ClinicPath(e.A, "visits/"+v.ID.String()+"/cancel"), tok, map[string]any{"reason": "Left"})
		}},
	}
	for _, o := range ops {
		for _, role := range store.Roles {
			res := o.call(e.Token(t, e.A, role))
			want := http.StatusForbidden
			for _, r := range o.allowed {
				if r == role {
					want = res.Status // any 2xx
					if res.Status < 200 || res.Status > 299 {
						t.Errorf("%s as %s: %d %s", o.name, role, res.Status, res.Body)
					}
				}
			}
			if want == http.StatusForbidden && res.Status != http.StatusForbidden {
				t.Errorf("%s as %s: %d, want 403", o.name, role, res.Status)
			}
		}
	}
}

func TestReceptionVisitsAPI(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	tok := e.Token(t, e.A, store.RoleReceptionist)
	doc := e.Token(t, e.A, store.RoleDoctor)
	visits := apitest.ClinicPath(e.A, "visits")
	var p receptionPatientBody
	e.Do(t, "POST", apitest.ClinicPath(e.A, "patients"), tok, map[string]any{"name": "Visit Person"}).Want(t, http.StatusCreated).Decode(t, &p)
	var emergency receptionPatientBody
	e.Do(t, "POST", apitest.ClinicPath(e.A, "patients"), tok, map[string]any{"name": "Emergency Person"}).Want(t, http.StatusCreated).Decode(t, &emergency)
	doctorID := receptionDoctorID(t, e, e.A)

	// Check-in in the shape the benchmark uses, and one with vitals and a doctor.
	res := e.Do(t, "POST", visits, tok, map[string]any{"patient_id": p.ID, "doctor_id": nil, "purpose": "Fever", "priority": "normal"}).Want(t, http.StatusCreated)
	var v receptionVisitBody
	res.Decode(t, &v)
	if v.PatientID != p.ID || v.PatientName != "Visit Person" || v.Status != "checked_in" || v.Token < 1 || v.DoctorID != nil ||
		res.Header.Get("Location") != visits+"/"+v.ID {
		t.Fatalf("checked in %+v", v)
	}
	var ev receptionVisitBody
	e.Do(t, "POST", visits, tok, map[string]any{"patient_id": emergency.ID, "doctor_id": doctorID, "priority": "emergency",
		"bp_systolic": 150, "bp_diastolic": 95}).Want(t, http.StatusCreated).Decode(t, &ev)
	if ev.DoctorID == nil || *ev.DoctorID != doctorID || ev.BPSystolic == nil || *ev.BPSystolic != 150 {
		t.Fatalf("emergency visit %+v", ev)
	}
	// Already checked in: 409 saying so.
	pr := e.Do(t, "POST", visits, tok, map[string]any{"patient_id": p.ID}).Want(t, http.StatusConflict).Problem(t)
	if pr.Kind() != "state" || !strings.Contains(pr.Detail, "already checked in") {
		t.Errorf("second check-in: %+v", pr)
	}
	// Another clinic's patient or doctor in the body: 422, nothing written.
	var pB receptionPatientBody
	tokB := e.Token(t, e.B, store.RoleReceptionist)
	e.Do(t, "POST", apitest.ClinicPath(e.B, "patients"), tokB, map[string]any{"name": "B Person"}).Want(t, http.StatusCreated).Decode(t, &pB)
	if pr := e.Do(t, "POST", visits, tok, map[string]any{"patient_id": pB.ID}).Want(t, http.StatusUnprocessableEntity).Problem(t); pr.Errors["patient_id"] == "" {
		t.Errorf("clinic B's patient: %+v", pr)
	}
	var third receptionPatientBody
	e.Do(t, "POST", apitest.ClinicPath(e.A, "patients"), tok, map[string]any{"name": "Third Person"}).Want(t, http.StatusCreated).Decode(t, &third)
	if pr := e.Do(t, "POST", visits, tok, map[string]any{"patient_id": third.ID, "doctor_id": receptionDoctorID(t, e, e.B)}).Want(t, http.StatusUnprocessableEntity).Problem(t); pr.Errors["doctor_id"] == "" {
		t.Errorf("clinic B's doctor: %+v", pr)
	}
	var queueB receptionVisitPage
	e.Do(t, "GET", apitest.ClinicPath(e.B, "visits"), tokB, nil).Want(t, http.StatusOK).Decode(t, &queueB)
	for _, it := range queueB.Items {
		if it.PatientID == pB.ID {
			t.Error("a visit was written for clinic B's patient")
		}
	}
	// Bad bodies and vitals.
	for _, body := range []any{map[string]any{"patient_id": "not-a-uuid"}, map[string]any{"patient_id": third.ID, "priority": "soon"},
		map[string]any{"patient_id": third.ID, "pulse": 5}, map[string]any{"patient_id": third.ID, "temperature_c": 98.6}} {
		e.Send(t, apitest.Request{Method: "POST", Path: visits, Token: tok, ContentType: "application/json", Body: mustJSON(t, body)}).
			Want(t, http.StatusUnprocessableEntity).Problem(t)
	}

	// Today's queue (no parameters): the emergency first, then by token.
	var q receptionVisitPage
	e.Do(t, "GET", visits, tok, nil).Want(t, http.StatusOK).Decode(t, &q)
	if len(q.Items) < 2 || q.Items[0].ID != ev.ID {
		t.Fatalf("queue %+v", q.Items)
	}
	e.Do(t, "GET", apitest.Query(visits, "doctor_id", doctorID, "status", "checked_in"), tok, nil).Want(t, http.StatusOK).Decode(t, &q)
	for _, it := range q.Items {
		if it.DoctorID == nil || *it.DoctorID != doctorID || it.Status != "checked_in" {
			t.Errorf("filtered queue has %+v", it)
		}
	}
	e.Do(t, "GET", apitest.Query(visits, "patient_id", p.ID), tok, nil).Want(t, http.StatusOK).Decode(t, &q)
	if len(q.Items) != 1 || q.Items[0].ID != v.ID {
		t.Errorf("visits of the patient: %+v", q.Items)
	}
	e.Do(t, "GET", apitest.Query(visits, "date", "2001-01-01"), tok, nil).Want(t, http.StatusOK).Decode(t, &q)
	if len(q.Items) != 0 {
		t.Errorf("visits on 2001-01-01: %+v", q.Items)
	}
	for _, bad := range [][]string{{"date", "today"}, {"status", "waiting"}, {"doctor_id", "x"}, {"patient_id", "x"}} {
		e.Send(t, apitest.Request{Method: "GET", Path: apitest.Query(visits, bad...), Token: tok}).Want(t, http.StatusUnprocessableEntity).Problem(t)
	}

	// The day: the doctor starts (taking the unassigned visit; again is
	// harmless) and completes; wrong states are 409; cancel needs a reason.
	one := visits + "/" + v.ID
	e.Do(t, "GET", one, doc, nil).Want(t, http.StatusOK)
	var started receptionVisitBody
	e.Do(t, "POST", one+"/start", doc, nil).Want(t, http.StatusOK).Decode(t, &started)
	if started.Status != "in_consultation" || started.DoctorID == nil {
		t.Fatalf("started %+v", started)
	}
	e.Do(t, "POST", one+"/start", doc, nil).Want(t, http.StatusOK)
	// Another doctor cannot take it over.
	doc2 := e.TokenOf(t, apitest.Subject(e.A, "doctor2"))
	e.Do(t, "POST", one+"/complete", doc2, nil).Want(t, http.StatusConflict)
	var done receptionVisitBody
	e.Do(t, "POST", one+"/complete", doc, nil).Want(t, http.StatusOK).Decode(t, &done)
	if done.Status != "completed" || done.PatientName != "Visit Person" {
		t.Fatalf("completed %+v", done)
	}
	e.Do(t, "POST", one+"/start", doc, nil).Want(t, http.StatusConflict)
	e.Do(t, "POST", one+"/complete", doc, nil).Want(t, http.StatusConflict)
	e.Do(t, "POST", one+"/cancel", tok, map[string]any{"reason": "Too late"}).Want(t, http.StatusConflict)
	for _, body := range []string{`{"reason":""}`, `{"reason":"   "}`, `{}`} {
		e.Send(t, apitest.Request{Method: "POST", Path: visits + "/" + ev.ID + "/cancel", Token: tok, ContentType: "application/json",
			Body: []byte(body)}).Want(t, http.StatusUnprocessableEntity)
	}
	var cancelled receptionVisitBody
	e.Do(t, "POST", visits+"/"+ev.ID+"/cancel", tok, map[string]any{"reason": "Sent to hospital"}).Want(t, http.StatusOK).Decode(t, &cancelled)
	if cancelled.Status != "cancelled" {
		t.Fatalf("cancelled %+v", cancelled)
	}
	// Clinic B cannot touch clinic A's visits: 404 for every operation.
	docB := e.Token(t, e.B, store.RoleDoctor)
	e.Do(t, "GET", apitest.ClinicPath(e.B, "visits/"+v.ID), tokB, nil).Want(t, http.StatusNotFound)
	e.Do(t, "POST", apitest.ClinicPath(e.B, "visits/"+ev.ID+"/start"), docB, nil).Want(t, http.StatusNotFound)
	e.Do(t, "POST", apitest.ClinicPath(e.B, "visits/"+ev.ID+"/complete"), docB, nil).Want(t, http.StatusNotFound)
	e.Do(t, "POST", apitest.ClinicPath(e.B, "visits/"+ev.ID+"/cancel"), tokB, map[string]any{"reason": "x"}).Want(t, http.StatusNotFound)
}

// TestReceptionPatientsPageWhileRegistering walks a clinic's 1,000
// patients through the API, 50 a page, while other patients are registered
// through the API at the same time (and between every two pages): each of
// the 1,000 comes exactly once.
func TestReceptionPatientsPageWhileRegistering(t *testing.T) {
	t.Parallel()
	e := apitest.NewWith(t, apitest.Options{Patients: 1})
	ctx := context.Background()
	batch := strings.ToUpper(uuid.NewString()[:8])
	err := e.Store.Tx(ctx, e.A.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		_, err := e.Store.Queries().BenchInsertPatients(ctx, tx, dbsqlc.BenchInsertPatientsParams{Batch: batch, BatchOffset: 1, N: 1000})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	tok := e.Token(t, e.A, store.RoleReceptionist)
	// A first request binds the token's identity to its invitation, before
	// two requests race to do it.
	e.Do(t, "GET", apitest.ClinicPath(e.A, "me"), tok, nil).Want(t, http.StatusOK)
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; !stop.Load(); i++ {
			res := e.Do(t, "POST", apitest.ClinicPath(e.A, "patients"), tok, map[string]any{"name": fmt.Sprintf("Concurrent %d", i)})
			if res.Status != http.StatusCreated {
				t.Errorf("concurrent registration: %d %s", res.Status, res.Body)
				return
			}
		}
	})
	defer func() { stop.Store(true); wg.Wait() }()

	seen := map[string]int{}
	bulk := 0
	next := apitest.Query(apitest.ClinicPath(e.A, "patients"), "limit", "50")
	for pages := 0; next != ""; pages++ {
		if pages > 100 {
			t.Fatal("no end after 100 pages")
		}
		var page receptionPatientPage
		e.Do(t, "GET", next, tok, nil).Want(t, http.StatusOK).Decode(t, &page)
		for _, p := range page.Items {
			if seen[p.ID]++; seen[p.ID] > 1 {
				t.Fatalf("%s (%s) seen twice", p.Name, p.PatientNumber)
			}
			if strings.HasPrefix(p.PatientNumber, "BENCH-"+batch+"-") {
				bulk++
			}
		}
		next = ""
		if page.Next != nil {
			next = *page.Next
		}
		e.Do(t, "POST", apitest.ClinicPath(e.A, "patients"), tok, map[string]any{"name": fmt.Sprintf("Between pages %d", pages)}).Want(t, http.StatusCreated)
	}
	if bulk != 1000 {
		t.Fatalf("walked %d of the 1,000 patients", bulk)
	}
}
