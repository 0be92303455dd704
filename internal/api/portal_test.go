package api_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/api/apitest"
	"github.com/santkrupa/santkrupa/internal/store"
)

type myRecordOut struct {
	Patient struct {
		ID       uuid.UUID `json:"id"`
		ClinicID uuid.UUID `json:"clinic_id"`
	} `json:"patient"`
	Visits []struct {
		ID uuid.UUID `json:"id"`
	} `json:"visits"`
	Tests []struct {
		ID       uuid.UUID  `json:"id"`
		ReportID *uuid.UUID `json:"report_id"`
	} `json:"tests"`
	Documents []struct {
		ID uuid.UUID `json:"id"`
	} `json:"documents"`
}

func TestMyRecord(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	own, other := labPatients(t, e, e.A)
	ordered := labOrder(t, e, e.A, own.patient)
	path := apitest.ClinicPath(e.A, "my-record")

	var got myRecordOut
	e.Do(t, "GET", path, e.Token(t, e.A, store.RolePatient), nil).Want(t, http.StatusOK).Decode(t, &got)
	if got.Patient.ID != own.patient || got.Patient.ClinicID != e.A.ID {
		t.Fatalf("my-record is patient %v of clinic %v, want %v of %v", got.Patient.ID, got.Patient.ClinicID, own.patient, e.A.ID)
	}

	// The visits are exactly the ones reception lists for the patient.
	rec := e.Token(t, e.A, store.RoleReceptionist)
	var want, have []string
	for _, v := range e.List(t, apitest.Query(apitest.ClinicPath(e.A, "visits"), "patient_id", own.patient.String()), rec) {
		want = append(want, v["id"].(string))
	}
	for _, v := range got.Visits {
		have = append(have, v.ID.String())
	}
	slices.Sort(want)
	slices.Sort(have)
	if len(want) == 0 {
		t.Fatal("the seeded patient has no visits to compare")
	}
	if !slices.Equal(want, have) {
		t.Errorf("my-record visits %v, want reception's %v", have, want)
	}

	// A new order shows without a result; the other patient's test and
	// document do not show at all.
	tests := map[uuid.UUID]*uuid.UUID{}
	for _, x := range got.Tests {
		tests[x.ID] = x.ReportID
	}
	if r, ok := tests[ordered]; !ok || r != nil {
		t.Errorf("the new order: listed %v, report %v; want listed without a report", ok, r)
	}
	otherTests := e.List(t, apitest.Query(apitest.ClinicPath(e.A, "tests"), "patient_id", other.patient.String()),
		e.Token(t, e.A, store.RoleLabTech))
	for _, x := range otherTests {
		if _, ok := tests[uuid.MustParse(x["id"].(string))]; ok {
			t.Errorf("another patient's test %v is in my-record", x["id"])
		}
	}
	docs := map[uuid.UUID]bool{}
	for _, d := range got.Documents {
		docs[d.ID] = true
	}
	if !docs[own.document] || docs[other.document] {
		t.Errorf("documents %v: want %v and not %v", docs, own.document, other.document)
	}

	// Staff have the staff resources instead; clinic B's patient finds
	// nothing here.
	for _, role := range []store.Role{store.RoleAdmin, store.RoleDoctor, store.RoleReceptionist, store.RoleLabTech} {
		e.Do(t, "GET", path, e.Token(t, e.A, role), nil).Want(t, http.StatusForbidden)
	}
	e.Do(t, "GET", path, e.Token(t, e.B, store.RolePatient), nil).Want(t, http.StatusNotFound)
}
