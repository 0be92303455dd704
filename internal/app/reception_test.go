package app_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// receptionEnv is the test environment with the domain service, to make
// and inspect reception's records directly.
type receptionEnv struct {
	*env
	svc *clinic.Service
}

func receptionSetup(t *testing.T) receptionEnv {
	t.Helper()
	e := setup(t, envOptions{})
	return receptionEnv{env: e, svc: clinic.New(e.st, clinic.Options{})}
}

// receptionAs is a browser signed in as login ("reception", "admin", …) of c.
func (e receptionEnv) receptionAs(c dbtest.Clinic, login string) *browser {
	e.t.Helper()
	b := e.browser()
	b.login(subject(c, login))
	return b
}

func (e receptionEnv) receptionPatient(c dbtest.Clinic, name, phone string) clinic.Patient {
	e.t.Helper()
	p, err := e.svc.RegisterPatient(context.Background(), c.Scope(store.RoleReceptionist),
		clinic.PatientInput{Name: name, Phone: phone}, true)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e receptionEnv) receptionDoctor(c dbtest.Clinic) uuid.UUID {
	e.t.Helper()
	ds, err := e.svc.ActiveDoctors(context.Background(), c.Scope(store.RoleReceptionist))
	if err != nil || len(ds) == 0 {
		e.t.Fatalf("doctors: %v", err)
	}
	return ds[0].ID
}

func receptionWant(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			if len(body) > 3000 {
				body = body[:3000]
			}
			t.Fatalf("%s: page lacks %q; body:\n%s", what, w, body)
		}
	}
}

func receptionBase(c dbtest.Clinic) string { return "/clinic/" + c.Slug + "/reception/" }

func TestReceptionPagesByRole(t *testing.T) {
	t.Parallel()
	e := receptionSetup(t)
	p := e.receptionPatient(e.A, "Role Check", "")
	v, err := e.svc.CheckIn(context.Background(), e.A.Scope(store.RoleReceptionist), clinic.CheckInInput{PatientID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	base := receptionBase(e.A)
	pages := []string{"", "register/", "patients/", "patients/" + p.ID.String() + "/", "patient-checkin/",
		"patient-checkin/?patient=" + p.ID.String(), "queue/", "visits/" + v.ID.String() + "/cancel/"}
	for _, login := range []string{"reception", "admin"} {
		b := e.receptionAs(e.A, login)
		for _, pg := range pages {
			resp, body := b.get(base + pg)
			wantStatus(t, login+" GET "+pg, resp, body, http.StatusOK)
		}
	}
	for _, login := range []string{"doctor", "lab", "patient"} {
		b := e.receptionAs(e.A, login)
		for _, pg := range pages {
			resp, body := b.get(base + pg)
			wantStatus(t, login+" GET "+pg, resp, body, http.StatusForbidden)
		}
		resp, body := b.post(base+"register/", url.Values{"name": {"Not Allowed"}})
		wantStatus(t, login+" POST register", resp, body, http.StatusForbidden)
	}
	// Clinic B's desk sees none of clinic A's records: 404, also for malformed ids.
	b := e.receptionAs(e.B, "reception")
	for _, pg := range []string{"patients/" + p.ID.String() + "/", "patient-checkin/?patient=" + p.ID.String(),
		"visits/" + v.ID.String() + "/cancel/", "patients/not-a-uuid/", "visits/123/cancel/", "patient-checkin/?patient=nope"} {
		resp, body := b.get(receptionBase(e.B) + pg)
		wantStatus(t, "clinic B GET "+pg, resp, body, http.StatusNotFound)
	}
}

func TestReceptionRegister(t *testing.T) {
	t.Parallel()
	e := receptionSetup(t)
	b := e.receptionAs(e.A, "reception")
	path := receptionBase(e.A) + "register/"
	resp, body := b.get(path)
	wantStatus(t, "register form", resp, body, http.StatusOK)
	receptionWant(t, "register form", body, `<label for="pt-name">`, `name="date_of_birth"`, `name="emergency_contact_phone"`)

	// Invalid: re-rendered with the input and a message per field.
	bad := url.Values{"name": {""}, "phone": {"12-ab"}, "date_of_birth": {"31/01/1990"}, "email": {"nope"},
		"address": {"12 <Lane>"}, "sex": {"female"}, "blood_group": {"B+"}}
	resp, body = b.post(path, bad)
	wantStatus(t, "invalid registration", resp, body, http.StatusUnprocessableEntity)
	receptionWant(t, "invalid registration", body, `id="pt-name-err"`, `id="pt-phone-err"`, `id="pt-dob-err"`,
		`id="pt-email-err"`, `aria-invalid="true"`, `value="12-ab"`, `12 &lt;Lane&gt;`, `<option value="female" selected>`)

	// Valid: redirected to the record, which shows the number.
	form := url.Values{"name": {"Asha Pawar"}, "phone": {"+91 98220 55555"}, "date_of_birth": {"1990-01-31"},
		"sex": {"female"}, "blood_group": {"O+"}, "allergies": {"Penicillin"}}
	resp, body = b.post(path, form)
	wantStatus(t, "registration", resp, body, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	if !strings.Contains(loc, "/reception/patients/") || !strings.HasSuffix(loc, "?registered=1") {
		t.Fatalf("registration redirects to %q", loc)
	}
	resp, body = b.get(loc)
	wantStatus(t, "new record", resp, body, http.StatusOK)
	if !regexp.MustCompile(`Patient number <strong>PT-[A-Z0-9]+-\d{4}-\d{5}</strong>`).MatchString(body) {
		t.Fatalf("the new record shows no patient number:\n%s", body)
	}
	receptionWant(t, "new record", body, "Registered.", "Asha Pawar", "Penicillin")

	// The same name and phone (written without the country code): a warning
	// listing the match, with "register anyway".
	form.Set("phone", "9822055555")
	form.Del("date_of_birth")
	resp, body = b.post(path, form)
	wantStatus(t, "duplicate", resp, body, http.StatusConflict)
	receptionWant(t, "duplicate", body, "may already be registered", `name="confirm_duplicate" value="yes"`,
		"Register anyway", `value="9822055555"`, "Asha Pawar")
	form.Set("confirm_duplicate", "yes")
	resp, body = b.post(path, form)
	wantStatus(t, "registered anyway", resp, body, http.StatusSeeOther)
}

func TestReceptionSearch(t *testing.T) {
	t.Parallel()
	e := receptionSetup(t)
	p := e.receptionPatient(e.A, "Zubin Searchable", "+91 90123 45678")
	other := e.receptionPatient(e.B, "Zubin Other Clinic", "+91 90123 45678")
	b := e.receptionAs(e.A, "reception")
	for _, q := range []string{"Zubin S", "zubin", p.PatientNumber, strings.ToLower(p.PatientNumber), "90123 45678", "+919012345678"} {
		resp, body := b.get(receptionBase(e.A) + "patients/?" + url.Values{"q": {q}}.Encode())
		wantStatus(t, "search "+q, resp, body, http.StatusOK)
		receptionWant(t, "search "+q, body, "Zubin Searchable", "<html")
		if strings.Contains(body, other.PatientNumber) || strings.Contains(body, "Zubin Other") {
			t.Fatalf("search %q shows clinic B's patient", q)
		}
	}
	// htmx asks for the results only.
	req, _ := http.NewRequest(http.MethodGet, b.abs(receptionBase(e.A)+"patients/?q=zub"), nil)
	req.Header.Set("HX-Request", "true")
	resp, body := b.do(req)
	wantStatus(t, "htmx search", resp, body, http.StatusOK)
	if strings.Contains(body, "<html") || !strings.HasPrefix(strings.TrimSpace(body), `<section id="results"`) {
		t.Fatalf("htmx search returned more than the results:\n%s", body)
	}
	receptionWant(t, "htmx search", body, "Zubin Searchable")
	// Nothing found; a too long search is a clear 422.
	resp, body = b.get(receptionBase(e.A) + "patients/?q=Nobody+Like+This")
	wantStatus(t, "no match", resp, body, http.StatusOK)
	receptionWant(t, "no match", body, "No patient matches")
	resp, body = b.get(receptionBase(e.A) + "patients/?q=" + strings.Repeat("a", 150))
	wantStatus(t, "long search", resp, body, http.StatusUnprocessableEntity)
	// Paging: the next-page link carries a cursor; a forged one is a 422.
	for i := range 30 {
		e.receptionPatient(e.A, "Yamini Pager "+string(rune('a'+i%26))+string(rune('a'+i/26)), "")
	}
	resp, body = b.get(receptionBase(e.A) + "patients/?q=yamini")
	wantStatus(t, "first page", resp, body, http.StatusOK)
	m := regexp.MustCompile(`<a href="([^"]+cursor=[^"]+)">Next page</a>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no next page link:\n%s", body)
	}
	resp, body = b.get(strings.ReplaceAll(m[1], "&amp;", "&"))
	wantStatus(t, "second page", resp, body, http.StatusOK)
	if n := strings.Count(body, `">Yamini Pager`); n != 5 {
		t.Fatalf("second page shows %d patients, want 5", n)
	}
	resp, body = b.get(receptionBase(e.A) + "patients/?q=yamini&cursor=forged")
	wantStatus(t, "forged cursor", resp, body, http.StatusUnprocessableEntity)
}

func TestReceptionPatientEditAndInvite(t *testing.T) {
	t.Parallel()
	e := receptionSetup(t)
	p := e.receptionPatient(e.A, "Edit Me", "9000011111")
	b := e.receptionAs(e.A, "reception")
	path := receptionBase(e.A) + "patients/" + p.ID.String() + "/"
	resp, body := b.get(path)
	wantStatus(t, "record", resp, body, http.StatusOK)
	version := regexp.MustCompile(`name="version" value="([^"]+)"`).FindStringSubmatch(body)
	if version == nil {
		t.Fatalf("no version in the edit form")
	}
	form := url.Values{"version": {version[1]}, "name": {"Edit Me Too"}, "phone": {"9000011111"}, "sex": {"male"},
		"blood_group": {"A+"}, "weight_kg": {"71.5"}}
	// Invalid: 422 with the input kept.
	bad := cloneValues(form)
	bad.Set("weight_kg", "heavy")
	resp, body = b.post(path, bad)
	wantStatus(t, "invalid edit", resp, body, http.StatusUnprocessableEntity)
	receptionWant(t, "invalid edit", body, `id="pt-weight-err"`, `value="heavy"`, `value="Edit Me Too"`)
	// Valid.
	resp, body = b.post(path, form)
	wantStatus(t, "edit", resp, body, http.StatusSeeOther)
	resp, body = b.get(resp.Header.Get("Location"))
	wantStatus(t, "after edit", resp, body, http.StatusOK)
	receptionWant(t, "after edit", body, "Changes saved.", "<h1>Edit Me Too</h1>", `value="71.5"`)
	// The same (now old) version again: refused, input kept, the newer version offered.
	form.Set("name", "Stale Write")
	resp, body = b.post(path, form)
	wantStatus(t, "stale edit", resp, body, http.StatusConflict)
	receptionWant(t, "stale edit", body, "Someone else changed", `value="Stale Write"`, "<h1>Edit Me Too</h1>")
	if strings.Contains(body, `name="version" value="`+version[1]+`"`) {
		t.Fatal("the stale form still carries the old version")
	}
	// Clinic B cannot edit it: 404, nothing changed.
	bB := e.receptionAs(e.B, "reception")
	resp, body = bB.post(receptionBase(e.B)+"patients/"+p.ID.String()+"/", form)
	wantStatus(t, "clinic B edit", resp, body, http.StatusNotFound)
	resp, body = bB.post(receptionBase(e.B)+"patients/"+p.ID.String()+"/portal-invitation", url.Values{"email": {"x@example.org"}})
	wantStatus(t, "clinic B invite", resp, body, http.StatusNotFound)

	// Portal invitation: a bad address is 422; a good one is shown as pending.
	inv := path + "portal-invitation"
	resp, body = b.post(inv, url.Values{"email": {"not-an-email"}})
	wantStatus(t, "bad invitation", resp, body, http.StatusUnprocessableEntity)
	receptionWant(t, "bad invitation", body, `id="portal-email-err"`, `value="not-an-email"`)
	email := "edit.me." + uuid.NewString()[:6] + "@example.org"
	resp, body = b.post(inv, url.Values{"email": {email}})
	wantStatus(t, "invitation", resp, body, http.StatusSeeOther)
	resp, body = b.get(resp.Header.Get("Location"))
	wantStatus(t, "after invitation", resp, body, http.StatusOK)
	receptionWant(t, "after invitation", body, "Invitation saved.", "Invited as <strong>"+email+"</strong>", "Update invitation")
	// Another patient cannot use the same address.
	q := e.receptionPatient(e.A, "Other Patient", "")
	resp, body = b.post(receptionBase(e.A)+"patients/"+q.ID.String()+"/portal-invitation", url.Values{"email": {email}})
	wantStatus(t, "email taken", resp, body, http.StatusUnprocessableEntity)
	receptionWant(t, "email taken", body, "already uses that email")
}

func TestReceptionCheckInAndQueue(t *testing.T) {
	t.Parallel()
	e := receptionSetup(t)
	p := e.receptionPatient(e.A, "Queue Walker", "")
	doc := e.receptionDoctor(e.A)
	b := e.receptionAs(e.A, "reception")
	path := receptionBase(e.A) + "patient-checkin/"

	// Without a patient: a search that lists matches to choose from.
	resp, body := b.get(path + "?q=queue+walk")
	wantStatus(t, "check-in search", resp, body, http.StatusOK)
	receptionWant(t, "check-in search", body, "?patient="+p.ID.String())
	resp, body = b.get(path + "?patient=" + p.ID.String())
	wantStatus(t, "check-in form", resp, body, http.StatusOK)
	receptionWant(t, "check-in form", body, "Queue Walker", `name="form_key"`, `<option value="`+doc.String()+`"`)
	key := regexp.MustCompile(`name="form_key" value="([^"]+)"`).FindStringSubmatch(body)[1]

	form := url.Values{"patient_id": {p.ID.String()}, "form_key": {key}, "purpose": {"Cough"}, "priority": {"urgent"},
		"doctor_id": {doc.String()}, "bp_systolic": {"120"}, "bp_diastolic": {"80"}, "temperature_c": {"37.2"}}
	// Invalid vitals: 422 with messages and the input.
	bad := cloneValues(form)
	bad.Set("temperature_c", "99.1")
	bad.Set("pulse", "fast")
	resp, body = b.post(path, bad)
	wantStatus(t, "bad vitals", resp, body, http.StatusUnprocessableEntity)
	receptionWant(t, "bad vitals", body, `id="ci-temp-err"`, `id="ci-pulse-err"`, `value="99.1"`, `value="fast"`, `value="`+key+`"`)
	// Clinic B's doctor: 422; clinic B's patient: 404. Nothing checked in.
	other := cloneValues(form)
	other.Set("doctor_id", e.receptionDoctor(e.B).String())
	resp, body = b.post(path, other)
	wantStatus(t, "clinic B's doctor", resp, body, http.StatusUnprocessableEntity)
	receptionWant(t, "clinic B's doctor", body, `id="ci-doctor-err"`)
	pB := e.receptionPatient(e.B, "B Patient", "")
	other = cloneValues(form)
	other.Set("patient_id", pB.ID.String())
	other.Set("form_key", uuid.NewString())
	resp, body = b.post(path, other)
	wantStatus(t, "clinic B's patient", resp, body, http.StatusNotFound)

	// Valid: to the queue with the token; the same form again: the same visit.
	resp, body = b.post(path, form)
	wantStatus(t, "check in", resp, body, http.StatusSeeOther)
	first := resp.Header.Get("Location")
	if !strings.Contains(first, "/reception/queue/?checked_in=") {
		t.Fatalf("check-in redirects to %q", first)
	}
	resp, body = b.post(path, form)
	wantStatus(t, "double submit", resp, body, http.StatusSeeOther)
	if again := resp.Header.Get("Location"); again != first {
		t.Fatalf("double submit went to %q, first to %q", again, first)
	}
	visits, err := e.svc.ListVisits(context.Background(), e.A.Scope(store.RoleReceptionist), clinic.VisitQuery{PatientID: &p.ID})
	if err != nil || len(visits.Items) != 1 {
		t.Fatalf("%d visits after a double submit (%v)", len(visits.Items), err)
	}
	v := visits.Items[0]
	// Another form for the same patient: already checked in.
	form.Set("form_key", uuid.NewString())
	resp, body = b.post(path, form)
	wantStatus(t, "second check-in", resp, body, http.StatusConflict)
	receptionWant(t, "second check-in", body, "already checked in")

	// The queue shows the visit; the htmx poll gets the table only.
	resp, body = b.get(first)
	wantStatus(t, "queue", resp, body, http.StatusOK)
	receptionWant(t, "queue", body, "Checked in with token", "Queue Walker", "Urgent", `hx-trigger="every 15s"`,
		"visits/"+v.ID.String()+"/cancel/")
	req, _ := http.NewRequest(http.MethodGet, b.abs(receptionBase(e.A)+"queue/?doctor="+doc.String()), nil)
	req.Header.Set("HX-Request", "true")
	resp, body = b.do(req)
	wantStatus(t, "queue poll", resp, body, http.StatusOK)
	if strings.Contains(body, "<html") || !strings.HasPrefix(strings.TrimSpace(body), `<section id="queue"`) {
		t.Fatalf("queue poll returned more than the table:\n%s", body)
	}
	receptionWant(t, "queue poll", body, "Queue Walker")
	resp, body = b.get(receptionBase(e.A) + "queue/?status=cancelled")
	wantStatus(t, "cancelled filter", resp, body, http.StatusOK)
	if strings.Contains(body, "Queue Walker") {
		t.Fatal("the cancelled filter shows a waiting visit")
	}
	resp, body = b.get(receptionBase(e.A) + "queue/?doctor=nobody")
	wantStatus(t, "bad doctor filter", resp, body, http.StatusUnprocessableEntity)
	resp, body = b.get(receptionBase(e.A))
	wantStatus(t, "reception home", resp, body, http.StatusOK)
	receptionWant(t, "reception home", body, "Queue Walker", "waiting")

	// Cancel: the reason is required; then the visit is cancelled, once.
	cancel := receptionBase(e.A) + "visits/" + v.ID.String() + "/cancel/"
	resp, body = e.receptionAs(e.B, "reception").post(receptionBase(e.B)+"visits/"+v.ID.String()+"/cancel/", url.Values{"reason": {"B"}})
	wantStatus(t, "clinic B cancels", resp, body, http.StatusNotFound)
	resp, body = b.post(cancel, url.Values{"reason": {" "}})
	wantStatus(t, "cancel without reason", resp, body, http.StatusUnprocessableEntity)
	receptionWant(t, "cancel without reason", body, `id="cancel-reason-err"`)
	resp, body = b.post(cancel, url.Values{"reason": {"Went home"}})
	wantStatus(t, "cancel", resp, body, http.StatusSeeOther)
	resp, body = b.post(cancel, url.Values{"reason": {"Again"}})
	wantStatus(t, "cancel twice", resp, body, http.StatusConflict)
	receptionWant(t, "cancel twice", body, "cannot be cancelled")
	resp, body = b.get(receptionBase(e.A) + "queue/?status=cancelled")
	wantStatus(t, "cancelled list", resp, body, http.StatusOK)
	receptionWant(t, "cancelled list", body, "Queue Walker", "Went home")
}

// TestReceptionRegisterTwice: a registration form submitted twice — one
// after the other (a resubmission) and both at once (a double click) —
// registers one patient, and every submission lands on that patient.
func TestReceptionRegisterTwice(t *testing.T) {
	t.Parallel()
	e := receptionSetup(t)
	b := e.receptionAs(e.A, "reception")
	path := receptionBase(e.A) + "register/"
	resp, body := b.get(path)
	wantStatus(t, "register form", resp, body, http.StatusOK)
	m := regexp.MustCompile(`name="form_key" value="([0-9a-f-]{36})"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the registration form carries no form key")
	}
	// No phone and no date of birth: the duplicate warning cannot help.
	name := "Twice " + uuid.NewString()[:8]
	form := url.Values{"name": {name}, "sex": {"male"}, "form_key": {m[1]}}
	const n = 4
	locs := make(chan string, n)
	for range n {
		go func() {
			resp, _ := b.post(path, form)
			locs <- resp.Status + " " + resp.Header.Get("Location")
		}()
	}
	first := <-locs
	for range n - 1 {
		if got := <-locs; got != first {
			t.Errorf("submissions answered %q and %q; want the same patient", first, got)
		}
	}
	if !strings.HasPrefix(first, "303 ") {
		t.Fatalf("registration answered %q", first)
	}
	resp, _ = b.post(path, form) // and once more, later
	if got := resp.Status + " " + resp.Header.Get("Location"); got != first {
		t.Errorf("a later resubmission answered %q, want %q", got, first)
	}
	page, err := e.svc.FindPatients(context.Background(), e.A.Scope(store.RoleReceptionist),
		clinic.PatientQuery{NamePrefix: name})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 {
		t.Errorf("%d patients named %q, want 1", len(page.Items), name)
	}
}

// TestPagesShowClinicTime: times on the pages are the clinic's local time
// (the seeded clinics are in Asia/Kolkata, UTC+5:30), not the server's.
func TestPagesShowClinicTime(t *testing.T) {
	t.Parallel()
	e := receptionSetup(t)
	p := e.receptionPatient(e.A, "Clock Watcher", "")
	b := e.receptionAs(e.A, "reception")
	resp, body := b.get(receptionBase(e.A) + "patients/" + p.ID.String() + "/")
	wantStatus(t, "record", resp, body, http.StatusOK)
	ist, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	local := p.CreatedAt.In(ist).Format("2 Jan 2006 15:04")
	if !strings.Contains(body, "<dd>"+local+"</dd>") {
		t.Errorf("the record does not show its registration at %s, clinic time:\n%s", local, body)
	}
}
