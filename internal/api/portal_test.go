package api_test

import (
	"net/http"
	"slices"
	"strconv"
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

func TestMyAccessLog(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	own, other := labPatients(t, e, e.A)
	mine, theirs := labOrder(t, e, e.A, own.patient), labOrder(t, e, e.A, other.patient)
	lab, pat := e.Token(t, e.A, store.RoleLabTech), e.Token(t, e.A, store.RolePatient)
	path := apitest.ClinicPath(e.A, "my-record/access-log")

	type log struct {
		Events []struct {
			Seq           int64   `json:"seq"`
			By            string  `json:"by"`
			ActorRole     *string `json:"actor_role"`
			Action        string  `json:"action"`
			ResourceTable *string `json:"resource_table"`
		} `json:"events"`
		NextBeforeSeq *int64 `json:"next_before_seq"`
	}
	labReads := func() int {
		var l log
		e.Do(t, "GET", apitest.Query(path, "limit", "500"), pat, nil).Want(t, http.StatusOK).Decode(t, &l)
		n := 0
		for _, ev := range l.Events {
			if ev.By == "clinic" && ev.ActorRole != nil && *ev.ActorRole == "lab_tech" && ev.Action == "read" &&
				ev.ResourceTable != nil && *ev.ResourceTable == "tests" {
				n++
			}
		}
		return n
	}
	before := labReads()
	// The lab opens the other patient's test twice and this patient's once:
	// only the one shows, by role.
	e.Do(t, "GET", apitest.ClinicPath(e.A, "tests/"+theirs.String()), lab, nil).Want(t, http.StatusOK)
	e.Do(t, "GET", apitest.ClinicPath(e.A, "tests/"+theirs.String()), lab, nil).Want(t, http.StatusOK)
	var detail struct {
		Reports []any `json:"reports"`
	}
	e.Do(t, "GET", apitest.ClinicPath(e.A, "tests/"+mine.String()), lab, nil).Want(t, http.StatusOK).Decode(t, &detail)
	if detail.Reports == nil || len(detail.Reports) != 0 {
		t.Errorf(`a test without reports: reports %v, want []`, detail.Reports)
	}
	if got := labReads(); got != before+1 {
		t.Errorf("lab reads of my tests: %d after one more, want %d", got, before+1)
	}

	// Paging: one event a page, older pages by before_seq, no event twice.
	var first, second log
	e.Do(t, "GET", apitest.Query(path, "limit", "1"), pat, nil).Want(t, http.StatusOK).Decode(t, &first)
	if len(first.Events) != 1 || first.NextBeforeSeq == nil {
		t.Fatalf("first page %+v: want one event and a next_before_seq", first)
	}
	e.Do(t, "GET", apitest.Query(path, "limit", "1", "before_seq", strconv.FormatInt(*first.NextBeforeSeq, 10)), pat, nil).
		Want(t, http.StatusOK).Decode(t, &second)
	if len(second.Events) == 1 && second.Events[0].Seq >= first.Events[0].Seq {
		t.Errorf("second page's event %d is not older than %d", second.Events[0].Seq, first.Events[0].Seq)
	}

	e.Send(t, apitest.Request{Method: "GET", Path: apitest.Query(path, "limit", "0"), Token: pat}).Want(t, http.StatusUnprocessableEntity)
	e.Do(t, "GET", path, e.Token(t, e.A, store.RoleAdmin), nil).Want(t, http.StatusForbidden)
	e.Do(t, "GET", path, e.Token(t, e.B, store.RolePatient), nil).Want(t, http.StatusNotFound)
}
