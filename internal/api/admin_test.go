package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/api/apitest"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The clinic administrator's API: members and invitations, doctor
// profiles, catalogs, settings, dashboard.

type adminUserOut struct {
	ID       uuid.UUID `json:"id"`
	ClinicID uuid.UUID `json:"clinic_id"`
	Email    string    `json:"email"`
	Role     string    `json:"role"`
	Active   bool      `json:"active"`
	Status   string    `json:"status"`
}

type adminDoctorOut struct {
	ID            uuid.UUID `json:"id"`
	UserID        uuid.UUID `json:"user_id"`
	LicenseNumber string    `json:"license_number"`
	Active        bool      `json:"active"`
}

type adminMedicineOut struct {
	ID                  uuid.UUID `json:"id"`
	Name                string    `json:"name"`
	Form                string    `json:"form"`
	DefaultDurationDays *int      `json:"default_duration_days"`
	Active              bool      `json:"active"`
}

// adminWalk follows a list's next links from path and returns every item.
func adminWalk[T any](t *testing.T, e *apitest.Env, path, tok string) []T {
	t.Helper()
	var out []T
	for path != "" {
		var page struct {
			Items []T     `json:"items"`
			Next  *string `json:"next"`
		}
		e.Do(t, "GET", path, tok, nil).Want(t, http.StatusOK).Decode(t, &page)
		out = append(out, page.Items...)
		path = ""
		if page.Next != nil {
			path = *page.Next
		}
	}
	return out
}

// adminPlan sets clinic c's seat limits through the platform API.
func adminPlan(t *testing.T, e *apitest.Env, c dbtest.Clinic, doctors, receptionists int) {
	t.Helper()
	op := e.SuperAdminToken(t)
	path := "/api/v1/platform/clinics/" + c.Slug
	res := e.Do(t, "GET", path, op, nil).Want(t, http.StatusOK)
	e.Do(t, "PATCH", path, op, map[string]any{"max_doctors": doctors, "max_receptionists": receptionists},
		"If-Match", res.Header.Get("ETag")).Want(t, http.StatusOK)
}

func adminProblem(t *testing.T, res *apitest.Response, kind string, fields ...string) apitest.Problem {
	t.Helper()
	p := res.Problem(t)
	if p.Kind() != kind {
		t.Errorf("%s %s: problem %q, want %q: %+v", res.Method, res.Path, p.Kind(), kind, p)
	}
	for _, f := range fields {
		if p.Errors[f] == "" {
			t.Errorf("%s %s: no message for %s in %+v", res.Method, res.Path, f, p)
		}
	}
	return p
}

func TestAdminUsersAPI(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	admin := e.Token(t, e.A, store.RoleAdmin)
	users := apitest.ClinicPath(e.A, "users")

	all := adminWalk[adminUserOut](t, e, apitest.Query(users, "limit", "2"), admin)
	seen := map[uuid.UUID]bool{}
	for _, u := range all {
		if seen[u.ID] || u.ClinicID != e.A.ID {
			t.Errorf("user %v listed twice or from another clinic", u)
		}
		seen[u.ID] = true
	}
	if len(all) != len(e.A.ByLogin) {
		t.Errorf("walked %d users, the clinic has %d", len(all), len(e.A.ByLogin))
	}
	var doctors struct{ Items []adminUserOut }
	e.Do(t, "GET", apitest.Query(users, "role", "doctor", "active", "true"), admin, nil).Want(t, http.StatusOK).Decode(t, &doctors)
	if len(doctors.Items) != 2 {
		t.Errorf("active doctors: %+v", doctors.Items)
	}
	adminProblem(t, e.Send(t, apitest.Request{Method: "GET", Path: apitest.Query(users, "active", "maybe", "role", "boss"), Token: admin}).
		Want(t, http.StatusUnprocessableEntity), "validation", "active", "role")

	// Read with ETag, change the role with If-Match.
	doc2 := e.A.ByLogin["doctor2"]
	path := users + "/" + doc2.ID.String()
	res := e.Do(t, "GET", path, admin, nil).Want(t, http.StatusOK)
	etag := res.Header.Get("ETag")
	var u adminUserOut
	e.Do(t, "PATCH", path, admin, map[string]any{"role": "lab_tech"}, "If-Match", etag).Want(t, http.StatusOK).Decode(t, &u)
	if u.Role != "lab_tech" || u.Status != "invited" {
		t.Errorf("after role change: %+v", u)
	}
	adminProblem(t, e.Do(t, "PATCH", path, admin, map[string]any{"role": "doctor"}, "If-Match", etag).
		Want(t, http.StatusPreconditionFailed), "stale")
	e.Send(t, apitest.Request{Method: "PATCH", Path: path, Token: admin, ContentType: "application/json", Body: []byte(`{"role":"doctor"}`)}).
		Want(t, http.StatusPreconditionRequired)
	cur := e.Do(t, "GET", path, admin, nil).Want(t, http.StatusOK).Header.Get("ETag")
	adminProblem(t, e.Send(t, apitest.Request{Method: "PATCH", Path: path, Token: admin, ContentType: "application/json",
		Body: []byte(`{"role":"patient"}`), Header: http.Header{"If-Match": {cur}}}).Want(t, http.StatusUnprocessableEntity), "validation", "role")
	adminProblem(t, e.Send(t, apitest.Request{Method: "PATCH", Path: path, Token: admin, ContentType: "application/json",
		Body: []byte(`{}`), Header: http.Header{"If-Match": {cur}}}).Want(t, http.StatusUnprocessableEntity), "validation")

	// Not yourself.
	me := users + "/" + e.A.Users[store.RoleAdmin].ID.String()
	myTag := e.Do(t, "GET", me, admin, nil).Want(t, http.StatusOK).Header.Get("ETag")
	p := adminProblem(t, e.Do(t, "PATCH", me, admin, map[string]any{"active": false}, "If-Match", myTag).Want(t, http.StatusConflict), "state")
	if !strings.Contains(p.Detail, "your own role") {
		t.Errorf("self change: %+v", p)
	}

	// Clinic B's member by id from clinic A: not found, unchanged.
	bDoc := e.B.Users[store.RoleDoctor]
	e.Do(t, "GET", users+"/"+bDoc.ID.String(), admin, nil).Want(t, http.StatusNotFound)
	e.Do(t, "PATCH", users+"/"+bDoc.ID.String(), admin, map[string]any{"active": false}, "If-Match", `"`+clinic.Version(bDoc.UpdatedAt)+`"`).
		Want(t, http.StatusNotFound)
	var bu adminUserOut
	e.Do(t, "GET", apitest.ClinicPath(e.B, "users/"+bDoc.ID.String()), e.Token(t, e.B, store.RoleAdmin), nil).Want(t, http.StatusOK).Decode(t, &bu)
	if !bu.Active {
		t.Error("clinic A's admin deactivated clinic B's doctor")
	}

	// Only admins.
	for _, role := range []store.Role{store.RoleDoctor, store.RoleReceptionist, store.RoleLabTech, store.RolePatient} {
		tok := e.Token(t, e.A, role)
		adminProblem(t, e.Do(t, "GET", users, tok, nil).Want(t, http.StatusForbidden), "forbidden")
		e.Do(t, "PATCH", path, tok, map[string]any{"active": false}, "If-Match", cur).Want(t, http.StatusForbidden)
		e.Do(t, "POST", apitest.ClinicPath(e.A, "invitations"), tok, map[string]any{"email": "x@example.com", "display_name": "X", "role": "admin"}).
			Want(t, http.StatusForbidden)
	}
}

func TestAdminInvitationsAndPlanLimitsAPI(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	admin := e.Token(t, e.A, store.RoleAdmin)
	inv := apitest.ClinicPath(e.A, "invitations")
	email := "newlab@" + e.A.Slug + ".example"
	body := map[string]any{"email": email, "display_name": "New Lab", "role": "lab_tech"}
	res := e.Do(t, "POST", inv, admin, body, "Idempotency-Key", "inv-1").Want(t, http.StatusCreated)
	var u adminUserOut
	res.Decode(t, &u)
	if u.Status != "invited" || u.Role != "lab_tech" || res.Header.Get("Location") != apitest.ClinicPath(e.A, "users/"+u.ID.String()) {
		t.Fatalf("invitation: %+v at %s", u, res.Header.Get("Location"))
	}
	var again adminUserOut
	e.Do(t, "POST", inv, admin, body, "Idempotency-Key", "inv-1").Want(t, http.StatusCreated).Decode(t, &again)
	if again.ID != u.ID {
		t.Errorf("a repeated Idempotency-Key invited twice: %s, %s", u.ID, again.ID)
	}
	e.Do(t, "GET", res.Header.Get("Location"), admin, nil).Want(t, http.StatusOK)
	adminProblem(t, e.Do(t, "POST", inv, admin, body).Want(t, http.StatusConflict), "conflict")
	adminProblem(t, e.Send(t, apitest.Request{Method: "POST", Path: inv, Token: admin, ContentType: "application/json",
		Body: []byte(`{"email":"nope","display_name":"","role":"super_admin"}`)}).Want(t, http.StatusUnprocessableEntity),
		"validation", "email", "display_name", "role")

	// The plan allows as many doctors as the seed has: the next is refused
	// with the plan's words, and nothing is written.
	adminPlan(t, e, e.A, 2, 1)
	users := apitest.ClinicPath(e.A, "users")
	before := len(adminWalk[adminUserOut](t, e, users, admin))
	p := adminProblem(t, e.Do(t, "POST", inv, admin, map[string]any{"email": "doc3@" + e.A.Slug + ".example", "display_name": "Doc Three", "role": "doctor"}).
		Want(t, http.StatusConflict), "plan-limit")
	if !strings.Contains(p.Detail, "plan allows 2 doctors") {
		t.Errorf("plan limit detail: %q", p.Detail)
	}
	adminProblem(t, e.Do(t, "POST", inv, admin, map[string]any{"email": "desk2@" + e.A.Slug + ".example", "display_name": "Desk Two", "role": "receptionist"}).
		Want(t, http.StatusConflict), "plan-limit")
	if after := len(adminWalk[adminUserOut](t, e, users, admin)); after != before {
		t.Errorf("refused invitations wrote members: %d, then %d", before, after)
	}

	// Deactivating frees a seat; reactivating into a taken one is refused.
	doc2 := users + "/" + e.A.ByLogin["doctor2"].ID.String()
	tag := e.Do(t, "GET", doc2, admin, nil).Want(t, http.StatusOK).Header.Get("ETag")
	res = e.Do(t, "PATCH", doc2, admin, map[string]any{"active": false}, "If-Match", tag).Want(t, http.StatusOK)
	e.Do(t, "POST", inv, admin, map[string]any{"email": "doc3@" + e.A.Slug + ".example", "display_name": "Doc Three", "role": "doctor"}).
		Want(t, http.StatusCreated)
	adminProblem(t, e.Do(t, "PATCH", doc2, admin, map[string]any{"active": true}, "If-Match", res.Header.Get("ETag")).
		Want(t, http.StatusConflict), "plan-limit")
	lab := users + "/" + e.A.Users[store.RoleLabTech].ID.String()
	tag = e.Do(t, "GET", lab, admin, nil).Want(t, http.StatusOK).Header.Get("ETag")
	adminProblem(t, e.Do(t, "PATCH", lab, admin, map[string]any{"role": "doctor"}, "If-Match", tag).Want(t, http.StatusConflict), "plan-limit")

	// Clinic B's limits are B's own.
	e.Do(t, "POST", apitest.ClinicPath(e.B, "invitations"), e.Token(t, e.B, store.RoleAdmin),
		map[string]any{"email": "doc3@" + e.B.Slug + ".example", "display_name": "Doc Three", "role": "doctor"}).Want(t, http.StatusCreated)
}

func TestAdminDoctorsAPI(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	admin := e.Token(t, e.A, store.RoleAdmin)
	doctors := apitest.ClinicPath(e.A, "doctors")
	var list struct{ Items []adminDoctorOut }
	e.Do(t, "GET", doctors, e.Token(t, e.A, store.RoleReceptionist), nil).Want(t, http.StatusOK).Decode(t, &list)
	if len(list.Items) != 2 {
		t.Fatalf("doctors: %+v", list.Items)
	}
	e.Do(t, "GET", doctors, e.Token(t, e.A, store.RolePatient), nil).Want(t, http.StatusForbidden)

	var newDoc adminUserOut
	e.Do(t, "POST", apitest.ClinicPath(e.A, "invitations"), admin,
		map[string]any{"email": "dr.new@" + e.A.Slug + ".example", "display_name": "Dr. New", "role": "doctor"}).Want(t, http.StatusCreated).Decode(t, &newDoc)
	body := map[string]any{"user_id": newDoc.ID, "specialization": "ENT", "qualification": "MBBS, MS", "license_number": "MMC-API-1"}
	e.Do(t, "POST", doctors, e.Token(t, e.A, store.RoleReceptionist), body).Want(t, http.StatusForbidden)
	res := e.Do(t, "POST", doctors, admin, body).Want(t, http.StatusCreated)
	var d adminDoctorOut
	res.Decode(t, &d)
	if d.UserID != newDoc.ID || d.LicenseNumber != "MMC-API-1" || !d.Active {
		t.Fatalf("new profile: %+v", d)
	}
	adminProblem(t, e.Do(t, "POST", doctors, admin, body).Want(t, http.StatusConflict), "conflict")

	// A receptionist has no profile; clinic B's doctor cannot get one here.
	body["user_id"], body["license_number"] = e.A.Users[store.RoleReceptionist].ID, "MMC-API-2"
	adminProblem(t, e.Do(t, "POST", doctors, admin, body).Want(t, http.StatusConflict), "state")
	bDoctorUser := e.B.Users[store.RoleDoctor].ID
	body["user_id"], body["license_number"] = bDoctorUser, "MMC-API-3"
	adminProblem(t, e.Do(t, "POST", doctors, admin, body).Want(t, http.StatusUnprocessableEntity), "validation", "user_id")
	adminProblem(t, e.Send(t, apitest.Request{Method: "POST", Path: doctors, Token: admin, ContentType: "application/json",
		Body: []byte(`{"user_id":"nope","license_number":""}`)}).Want(t, http.StatusUnprocessableEntity), "validation", "user_id")
	var bList struct{ Items []adminDoctorOut }
	e.Do(t, "GET", apitest.ClinicPath(e.B, "doctors"), e.Token(t, e.B, store.RoleAdmin), nil).Want(t, http.StatusOK).Decode(t, &bList)
	if len(bList.Items) != 2 {
		t.Errorf("clinic B's doctors: %+v", bList.Items)
	}

	// Edit with If-Match; another doctor's license is a conflict.
	path := res.Header.Get("Location")
	tag := e.Do(t, "GET", path, admin, nil).Want(t, http.StatusOK).Header.Get("ETag")
	res = e.Do(t, "PATCH", path, admin, map[string]any{"license_number": "MMC-API-9", "active": false}, "If-Match", tag).Want(t, http.StatusOK)
	res.Decode(t, &d)
	if d.LicenseNumber != "MMC-API-9" || d.Active {
		t.Errorf("after edit: %+v", d)
	}
	e.Do(t, "PATCH", path, admin, map[string]any{"specialization": "Oncology"}, "If-Match", tag).Want(t, http.StatusPreconditionFailed)
	adminProblem(t, e.Do(t, "PATCH", path, admin, map[string]any{"license_number": list.Items[0].LicenseNumber}, "If-Match", res.Header.Get("ETag")).
		Want(t, http.StatusConflict), "conflict")
	bDoctors := adminWalk[adminDoctorOut](t, e, apitest.ClinicPath(e.B, "doctors"), e.Token(t, e.B, store.RoleAdmin))
	e.Do(t, "GET", doctors+"/"+bDoctors[0].ID.String(), admin, nil).Want(t, http.StatusNotFound)
	e.Do(t, "PATCH", doctors+"/"+bDoctors[0].ID.String(), admin, map[string]any{"active": false}, "If-Match", tag).Want(t, http.StatusNotFound)
}

func TestAdminMedicinesAPI(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	admin := e.Token(t, e.A, store.RoleAdmin)
	doctor := e.Token(t, e.A, store.RoleDoctor)
	meds := apitest.ClinicPath(e.A, "medicines")

	var found struct{ Items []adminMedicineOut }
	e.Do(t, "GET", apitest.Query(meds, "name_prefix", "AMO"), doctor, nil).Want(t, http.StatusOK).Decode(t, &found)
	if len(found.Items) != 1 || found.Items[0].Name != "Amoxicillin" {
		t.Errorf("name_prefix AMO: %+v", found.Items)
	}
	e.Do(t, "GET", meds, e.Token(t, e.A, store.RolePatient), nil).Want(t, http.StatusForbidden)

	body := map[string]any{"name": "Ibuprofen", "form": "tablet", "strength": "400 mg", "default_schedule": "1-0-1", "default_duration_days": 5}
	e.Do(t, "POST", meds, doctor, body).Want(t, http.StatusForbidden)
	res := e.Do(t, "POST", meds, admin, body).Want(t, http.StatusCreated)
	var m adminMedicineOut
	res.Decode(t, &m)
	adminProblem(t, e.Do(t, "POST", meds, admin, body).Want(t, http.StatusConflict), "conflict")
	adminProblem(t, e.Send(t, apitest.Request{Method: "POST", Path: meds, Token: admin, ContentType: "application/json",
		Body: []byte(`{"name":" ","form":"lozenge","default_duration_days":999}`)}).Want(t, http.StatusUnprocessableEntity),
		"validation", "name", "form", "default_duration_days")
	adminProblem(t, e.Send(t, apitest.Request{Method: "POST", Path: meds, Token: admin, ContentType: "application/json",
		Body: []byte(`{"name":"X","default_duration_days":"five"}`)}).Want(t, http.StatusUnprocessableEntity), "validation", "default_duration_days")

	// PATCH: null clears the default duration, active false takes it off.
	path := res.Header.Get("Location")
	tag := res.Header.Get("ETag")
	res = e.Do(t, "PATCH", path, admin, map[string]any{"default_duration_days": nil, "active": false}, "If-Match", tag).Want(t, http.StatusOK)
	res.Decode(t, &m)
	if m.DefaultDurationDays != nil || m.Active || m.Name != "Ibuprofen" {
		t.Errorf("after patch: %+v", m)
	}
	e.Do(t, "PATCH", path, admin, map[string]any{"active": true}, "If-Match", tag).Want(t, http.StatusPreconditionFailed)
	e.Do(t, "PATCH", path, doctor, map[string]any{"active": true}, "If-Match", res.Header.Get("ETag")).Want(t, http.StatusForbidden)
	var inactive struct{ Items []adminMedicineOut }
	e.Do(t, "GET", apitest.Query(meds, "active", "false"), admin, nil).Want(t, http.StatusOK).Decode(t, &inactive)
	if len(inactive.Items) != 1 || inactive.Items[0].ID != m.ID {
		t.Errorf("inactive medicines: %+v", inactive.Items)
	}

	// Clinic B's medicine by id: not found, unchanged.
	var bMeds struct{ Items []adminMedicineOut }
	bAdmin := e.Token(t, e.B, store.RoleAdmin)
	e.Do(t, "GET", apitest.Query(apitest.ClinicPath(e.B, "medicines"), "limit", "1"), bAdmin, nil).Want(t, http.StatusOK).Decode(t, &bMeds)
	bPath := meds + "/" + bMeds.Items[0].ID.String()
	e.Do(t, "GET", bPath, admin, nil).Want(t, http.StatusNotFound)
	e.Do(t, "PATCH", bPath, admin, map[string]any{"name": "Hacked"}, "If-Match", tag).Want(t, http.StatusNotFound)
	var bm adminMedicineOut
	e.Do(t, "GET", apitest.ClinicPath(e.B, "medicines/"+bMeds.Items[0].ID.String()), bAdmin, nil).Want(t, http.StatusOK).Decode(t, &bm)
	if bm.Name != bMeds.Items[0].Name {
		t.Errorf("clinic B's medicine renamed to %q", bm.Name)
	}
}

// TestAdminMedicinePagesWithoutGapsOrDuplicates walks 1,000 medicines a
// page at a time while more are added: every one that was there is seen
// exactly once.
func TestAdminMedicinePagesWithoutGapsOrDuplicates(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	svc := clinic.New(e.Store, clinic.Options{})
	sc := e.A.Scope(store.RoleAdmin)
	ctx := context.Background()
	add := func(prefix string, from, to int) {
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := from + w; i < to; i += 4 {
					if _, err := svc.CreateMedicine(ctx, sc, clinic.MedicineInput{Name: fmt.Sprintf("%s %04d", prefix, i)}); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
	}
	add("Walk", 0, 1000)
	admin := e.Token(t, e.A, store.RoleAdmin)
	seen := map[uuid.UUID]int{}
	path := apitest.Query(apitest.ClinicPath(e.A, "medicines"), "name_prefix", "walk", "limit", "97")
	pages := 0
	for path != "" {
		var page struct {
			Items []adminMedicineOut `json:"items"`
			Next  *string            `json:"next"`
		}
		e.Do(t, "GET", path, admin, nil).Want(t, http.StatusOK).Decode(t, &page)
		for _, m := range page.Items {
			seen[m.ID]++
		}
		pages++
		// Rows before and after the cursor arrive between pages.
		add(fmt.Sprintf("Walk %04d new", pages), 0, 4)
		path = ""
		if page.Next != nil {
			path = *page.Next
		}
	}
	old := 0
	for id, n := range seen {
		if n != 1 {
			t.Errorf("medicine %s seen %d times", id, n)
		}
	}
	all, err := svc.ListMedicines(ctx, sc, clinic.MedicineQuery{NamePrefix: "Walk", Limit: clinic.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	for cursor := all; ; {
		for _, m := range cursor.Items {
			if !strings.Contains(m.Name, "new") {
				old++
				if seen[m.ID] != 1 {
					t.Errorf("medicine %s (%s) was missed", m.Name, m.ID)
				}
			}
		}
		if cursor.Next == "" {
			break
		}
		if cursor, err = svc.ListMedicines(ctx, sc, clinic.MedicineQuery{NamePrefix: "Walk", Limit: clinic.MaxPageSize, Cursor: cursor.Next}); err != nil {
			t.Fatal(err)
		}
	}
	if old != 1000 {
		t.Errorf("%d original medicines, want 1000", old)
	}
}

func TestAdminTestCatalogAPI(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	admin := e.Token(t, e.A, store.RoleAdmin)
	cat := apitest.ClinicPath(e.A, "test-catalog")
	var list struct {
		Items []struct {
			ID   uuid.UUID `json:"id"`
			Name string    `json:"name"`
		}
	}
	e.Do(t, "GET", cat, e.Token(t, e.A, store.RoleLabTech), nil).Want(t, http.StatusOK).Decode(t, &list)
	if len(list.Items) != 6 {
		t.Errorf("seeded catalog: %+v", list.Items)
	}
	res := e.Do(t, "POST", cat, admin, map[string]any{"name": "Thyroid profile", "test_type": "blood"}).Want(t, http.StatusCreated)
	adminProblem(t, e.Do(t, "POST", cat, admin, map[string]any{"name": "Thyroid profile", "test_type": "blood"}).Want(t, http.StatusConflict), "conflict")
	adminProblem(t, e.Send(t, apitest.Request{Method: "POST", Path: cat, Token: admin, ContentType: "application/json",
		Body: []byte(`{"name":"","test_type":"vibes"}`)}).Want(t, http.StatusUnprocessableEntity), "validation", "name", "test_type")
	e.Do(t, "POST", cat, e.Token(t, e.A, store.RoleDoctor), map[string]any{"name": "X", "test_type": "blood"}).Want(t, http.StatusForbidden)
	path := res.Header.Get("Location")
	res = e.Do(t, "PATCH", path, admin, map[string]any{"description": "T3, T4, TSH", "active": false}, "If-Match", res.Header.Get("ETag")).Want(t, http.StatusOK)
	e.Do(t, "PATCH", path, admin, map[string]any{"active": true}, "If-Match", `"0"`).Want(t, http.StatusPreconditionFailed)
	var bList struct {
		Items []struct {
			ID uuid.UUID `json:"id"`
		}
	}
	e.Do(t, "GET", apitest.ClinicPath(e.B, "test-catalog"), e.Token(t, e.B, store.RoleAdmin), nil).Want(t, http.StatusOK).Decode(t, &bList)
	e.Do(t, "GET", cat+"/"+bList.Items[0].ID.String(), admin, nil).Want(t, http.StatusNotFound)
	e.Do(t, "PATCH", cat+"/"+bList.Items[0].ID.String(), admin, map[string]any{"active": false}, "If-Match", res.Header.Get("ETag")).
		Want(t, http.StatusNotFound)
}

func TestAdminClinicSettingsAndDashboardAPI(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	admin := e.Token(t, e.A, store.RoleAdmin)
	path := apitest.ClinicPath(e.A, "clinic")
	var c struct {
		ID       uuid.UUID `json:"id"`
		Name     string    `json:"name"`
		Code     string    `json:"code"`
		Timezone string    `json:"timezone"`
	}
	res := e.Do(t, "GET", path, e.Token(t, e.A, store.RoleDoctor), nil).Want(t, http.StatusOK)
	res.Decode(t, &c)
	if c.ID != e.A.ID || c.Timezone != "Asia/Kolkata" {
		t.Errorf("settings: %+v", c)
	}
	e.Do(t, "GET", path, e.Token(t, e.A, store.RolePatient), nil).Want(t, http.StatusForbidden)
	tag := res.Header.Get("ETag")
	e.Do(t, "PATCH", path, e.Token(t, e.A, store.RoleDoctor), map[string]any{"name": "X"}, "If-Match", tag).Want(t, http.StatusForbidden)
	adminProblem(t, e.Do(t, "PATCH", path, admin, map[string]any{"timezone": "Mars/Olympus_Mons", "email": "nope"}, "If-Match", tag).
		Want(t, http.StatusUnprocessableEntity), "validation", "timezone", "email")
	adminProblem(t, e.Send(t, apitest.Request{Method: "PATCH", Path: path, Token: admin, ContentType: "application/json",
		Body: []byte(`{"code":"toolongcode123"}`), Header: http.Header{"If-Match": {tag}}}).Want(t, http.StatusUnprocessableEntity), "validation", "code")
	res = e.Do(t, "PATCH", path, admin, map[string]any{"name": "Renamed", "timezone": "America/New_York", "code": "ren2"}, "If-Match", tag).Want(t, http.StatusOK)
	res.Decode(t, &c)
	if c.Name != "Renamed" || c.Code != "REN2" || c.Timezone != "America/New_York" {
		t.Errorf("after patch: %+v", c)
	}
	e.Do(t, "PATCH", path, admin, map[string]any{"name": "Again"}, "If-Match", tag).Want(t, http.StatusPreconditionFailed)
	var b struct {
		Name string `json:"name"`
	}
	e.Do(t, "GET", apitest.ClinicPath(e.B, "clinic"), e.Token(t, e.B, store.RoleAdmin), nil).Want(t, http.StatusOK).Decode(t, &b)
	if b.Name == "Renamed" {
		t.Error("clinic B was renamed")
	}

	var d struct {
		ClinicID      uuid.UUID        `json:"clinic_id"`
		Timezone      string           `json:"timezone"`
		PatientsTotal int              `json:"patients_total"`
		ActiveStaff   map[string]int   `json:"active_staff"`
		Limits        map[string]int   `json:"limits"`
		VisitsToday   map[string]int64 `json:"visits_today"`
	}
	e.Do(t, "GET", apitest.ClinicPath(e.A, "dashboard"), admin, nil).Want(t, http.StatusOK).Decode(t, &d)
	if d.ClinicID != e.A.ID || d.Timezone != "America/New_York" || d.PatientsTotal != 2 || d.ActiveStaff["doctor"] != 2 || d.Limits["max_doctors"] != 10 {
		t.Errorf("dashboard: %+v", d)
	}
	e.Do(t, "GET", apitest.ClinicPath(e.A, "dashboard"), e.Token(t, e.A, store.RoleReceptionist), nil).Want(t, http.StatusForbidden)
}
