package app_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// doctorWaiting checks clinic c's first patient in, unassigned, and returns
// the patient and visit ids.
func doctorWaiting(t *testing.T, e *env, c dbtest.Clinic) (uuid.UUID, uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	var pid, vid uuid.UUID
	err := e.st.Tx(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		ps, err := e.st.Queries().ListPatients(ctx, tx, clinic.NewestPatients(50))
		if err != nil {
			return err
		}
		for _, p := range ps { // the first registered: no visit waiting yet
			if p.UserID != nil {
				pid = p.ID
			}
		}
		v, err := e.st.Queries().CheckInPatient(ctx, tx, dbsqlc.CheckInPatientParams{PatientID: pid, Purpose: "Fever", Priority: "urgent"})
		vid = v.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return pid, vid
}

func doctorLogin(e *env, c dbtest.Clinic, login string) *browser {
	b := e.browser()
	b.login(subject(c, login))
	return b
}

func wantBody(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: page lacks %q", what, w)
		}
	}
}

var rxLocation = regexp.MustCompile(`/doctor/prescriptions/([0-9a-f-]{36})/$`)

func TestDoctorDay(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	pid, vid := doctorWaiting(t, e, e.A)
	b := doctorLogin(e, e.A, "doctor")
	base := "/clinic/" + e.A.Slug + "/doctor/"
	visit := base + "visits/" + vid.String() + "/"

	resp, body := b.get(base + "queue/")
	wantStatus(t, "queue", resp, body, http.StatusOK)
	wantBody(t, "queue", body, "Start consultation", vid.String()+"/start", `hx-trigger="every 15s"`)

	resp, body = b.post(base+"visits/"+vid.String()+"/start", url.Values{})
	wantStatus(t, "start", resp, body, http.StatusSeeOther)
	if resp.Header.Get("Location") != visit {
		t.Errorf("start redirects to %q", resp.Header.Get("Location"))
	}
	resp, body = b.get(visit)
	wantStatus(t, "visit", resp, body, http.StatusOK)
	wantBody(t, "visit", body, "in consultation", "Write a note", "Order tests", "Complete visit")

	// Notes: empty is re-rendered with a message; a note is saved and shown.
	resp, body = b.post(visit+"notes", url.Values{"diagnosis": {""}})
	wantStatus(t, "empty note", resp, body, http.StatusUnprocessableEntity)
	wantBody(t, "empty note", body, `aria-invalid="true"`, "Write at least one part of the note.")
	resp, body = b.post(visit+"notes", url.Values{"chief_complaint": {"Fever for two days"}, "diagnosis": {"Viral fever <b>"}})
	wantStatus(t, "note", resp, body, http.StatusSeeOther)
	_, body = b.get(visit)
	wantBody(t, "visit with note", body, "Fever for two days", "Viral fever &lt;b&gt;")

	// Tests: a bad free-text type comes back with the input kept.
	resp, body = b.post(visit+"tests", url.Values{"name": {"Dengue NS1"}, "test_type": {"saliva"}, "urgency": {"urgent"}})
	wantStatus(t, "bad test", resp, body, http.StatusUnprocessableEntity)
	wantBody(t, "bad test", body, `value="Dengue NS1"`, "Must be one of")
	resp, body = b.post(visit+"tests", url.Values{"name": {"Dengue NS1"}, "test_type": {"blood"}, "urgency": {"urgent"}})
	wantStatus(t, "order test", resp, body, http.StatusSeeOther)

	// Prescription: add rows, an invalid schedule, then a valid one.
	form := base + "create-prescription/" + vid.String() + "/"
	resp, body = b.get(form)
	wantStatus(t, "rx form", resp, body, http.StatusOK)
	wantBody(t, "rx form", body, "Viral fever &lt;b&gt;", `id="rx-medicines"`, "Paracetamol 500 mg (tablet)", `id="medicine-3"`)
	rows := func(meds ...string) url.Values {
		v := url.Values{"diagnosis": {"Viral fever"}, "advice": {"Fluids"}}
		for i, m := range meds {
			v.Add("medicine", m)
			v.Add("dose", "")
			v.Add("schedule", []string{"1-0-1", "thrice"}[i%2])
			v.Add("duration_days", "3")
			v.Add("quantity", "")
			v.Add("food_instruction", "after")
			v.Add("route", "oral")
			v.Add("instructions", "")
		}
		return v
	}
	more := rows("Paracetamol 500 mg (tablet)")
	more.Set("add_line", "1")
	resp, body = b.post(form, more)
	wantStatus(t, "add line", resp, body, http.StatusOK)
	wantBody(t, "add line", body, `id="medicine-2"`, `value="Paracetamol 500 mg (tablet)"`)
	resp, body = b.post(form, rows("Paracetamol 500 mg (tablet)", "Tulsi drops"))
	wantStatus(t, "bad schedule", resp, body, http.StatusUnprocessableEntity)
	wantBody(t, "bad schedule", body, `id="schedule-1"`, `aria-describedby="schedule-1-err"`, `value="Tulsi drops"`)
	ok := rows("Paracetamol 500 mg (tablet)", "Tulsi drops")
	ok["schedule"] = []string{"1-0-1", "SOS"}
	resp, body = b.post(form, ok)
	wantStatus(t, "create rx", resp, body, http.StatusSeeOther)
	m := rxLocation.FindStringSubmatch(resp.Header.Get("Location"))
	if m == nil {
		t.Fatalf("create rx redirects to %q", resp.Header.Get("Location"))
	}
	rx := base + "prescriptions/" + m[1] + "/"
	resp, body = b.get(rx)
	wantStatus(t, "rx", resp, body, http.StatusOK)
	wantBody(t, "rx", body, "Draft", "Paracetamol 500 mg", "Tulsi drops", "After food", "Finalise prescription")

	resp, body = b.get(rx + "print")
	wantStatus(t, "print", resp, body, http.StatusOK)
	wantBody(t, "print", body, "Reg. No. MH-REG-", "Reg. No. MMC-", "Draft: not valid", "1-0-1")
	resp, body = b.get(rx + "pdf")
	wantStatus(t, "pdf", resp, body, http.StatusOK)
	if !strings.HasPrefix(body, "%PDF-") || resp.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("pdf: %q %q %.10q", resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"), body)
	}

	// Completing the visit finalises the draft.
	resp, body = b.post(visit+"complete", url.Values{})
	wantStatus(t, "complete", resp, body, http.StatusSeeOther)
	_, body = b.get(rx)
	wantBody(t, "finalised rx", body, "Final since")
	resp, body = b.post(rx+"finalize", url.Values{})
	wantStatus(t, "finalise again", resp, body, http.StatusConflict)
	wantBody(t, "finalise again", body, "already finalised")

	// The chart shows it all.
	resp, body = b.get(base + "patients/" + pid.String() + "/")
	wantStatus(t, "chart", resp, body, http.StatusOK)
	wantBody(t, "chart", body, "Fever for two days", "Dengue NS1", "Tulsi drops", "Haemoglobin", "report.pdf")
	resp, body = b.get(base + "patients/?q=" + url.QueryEscape(strings.Fields(pidName(t, e, pid))[0]))
	wantStatus(t, "search", resp, body, http.StatusOK)
	wantBody(t, "search", body, pid.String())
}

func pidName(t *testing.T, e *env, pid uuid.UUID) string {
	t.Helper()
	p, err := clinic.New(e.st, clinic.Options{}).GetPatient(context.Background(), e.A.Scope(store.RoleDoctor), pid)
	if err != nil {
		t.Fatal(err)
	}
	return p.Name
}

func TestDoctorPagesIsolationAndRoles(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	pidB, vidB := doctorWaiting(t, e, e.B)
	_, vidA := doctorWaiting(t, e, e.A)
	var rxB uuid.UUID
	_ = e.st.Read(context.Background(), e.B.Scope(store.RoleDoctor), func(tx dbsqlc.DBTX) error {
		ps, err := e.st.Queries().ListPatientPrescriptions(context.Background(), tx, pidB)
		if err == nil && len(ps) > 0 {
			rxB = ps[0].ID
		}
		return err
	})
	if rxB == uuid.Nil {
		t.Fatal("clinic B has no prescription")
	}
	doc := doctorLogin(e, e.A, "doctor")
	a := "/clinic/" + e.A.Slug + "/doctor/"
	for _, p := range []string{"patients/" + pidB.String() + "/", "visits/" + vidB.String() + "/",
		"create-prescription/" + vidB.String() + "/", "prescriptions/" + rxB.String() + "/",
		"prescriptions/" + rxB.String() + "/print", "prescriptions/" + rxB.String() + "/pdf",
		"patients/not-a-uuid/", "visits/" + uuid.NewString() + "/"} {
		resp, body := doc.get(a + p)
		wantStatus(t, "clinic A doctor GET "+p, resp, body, http.StatusNotFound)
	}
	for _, p := range []string{"visits/" + vidB.String() + "/start", "visits/" + vidB.String() + "/notes",
		"visits/" + vidB.String() + "/complete", "prescriptions/" + rxB.String() + "/finalize"} {
		resp, body := doc.post(a+p, url.Values{"notes": {"x"}})
		wantStatus(t, "clinic A doctor POST "+p, resp, body, http.StatusNotFound)
	}
	resp, body := doc.post(a+"create-prescription/"+vidB.String()+"/", url.Values{"medicine": {"X"}})
	wantStatus(t, "prescribing on clinic B's visit", resp, body, http.StatusNotFound)
	// Clinic B's doctor pages are not clinic A's doctor's at all.
	resp, body = doc.get("/clinic/" + e.B.Slug + "/doctor/queue/")
	wantStatus(t, "clinic B's queue", resp, body, http.StatusNotFound)

	for _, login := range []string{"reception", "lab", "patient", "admin"} {
		b := doctorLogin(e, e.A, login)
		resp, body := b.get(a + "queue/")
		wantStatus(t, login+" queue", resp, body, http.StatusForbidden)
		resp, body = b.post(a+"visits/"+vidA.String()+"/notes", url.Values{"notes": {"x"}})
		wantStatus(t, login+" note", resp, body, http.StatusForbidden)
	}
	// Reception may print a prescription; the lab may not.
	var rxA uuid.UUID
	_ = e.st.Read(context.Background(), e.A.Scope(store.RoleDoctor), func(tx dbsqlc.DBTX) error {
		ps, err := e.st.Queries().DoctorListPrescriptions(context.Background(), tx, dbsqlc.DoctorListPrescriptionsParams{MaxRows: 1})
		if err == nil && len(ps) > 0 {
			rxA = ps[0].ID
		}
		return err
	})
	resp, body = doctorLogin(e, e.A, "reception").get(a + "prescriptions/" + rxA.String() + "/print")
	wantStatus(t, "reception print", resp, body, http.StatusOK)
	resp, body = doctorLogin(e, e.A, "lab").get(a + "prescriptions/" + rxA.String() + "/print")
	wantStatus(t, "lab print", resp, body, http.StatusForbidden)
}
