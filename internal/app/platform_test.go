package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/app"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/devidp"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The platform pages: super admins only, clinic rows and counts only.

// platformPatients lists clinic c's patients (names and numbers), to prove
// the platform shows none of them.
func platformPatients(t *testing.T, e *env, c dbtest.Clinic) []dbsqlc.Patient {
	t.Helper()
	page, err := adminSvc(e).FindPatients(context.Background(), c.Scope(store.RoleAdmin), clinic.PatientQuery{})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("patients of %s: %d, %v", c.Slug, len(page.Items), err)
	}
	return page.Items
}

func platformNoPatientData(t *testing.T, what, body string, patients []dbsqlc.Patient) {
	t.Helper()
	for _, p := range patients {
		for _, s := range []string{p.Name, p.PatientNumber, p.ID.String(), p.Phone} {
			if s != "" && strings.Contains(body, s) {
				t.Errorf("%s shows patient data %q", what, s)
			}
		}
	}
}

func TestPlatformClinicPages(t *testing.T) {
	t.Parallel()
	slug := "p-" + strings.ReplaceAll(uuid.NewString(), "-", "")[:12]
	firstAdmin := "boss@" + slug + ".example"
	e := setup(t, envOptions{extraUsers: func(_, _ dbtest.Clinic) []devidp.User {
		return []devidp.User{{Subject: "t-" + slug + "-boss", Name: "Boss", Email: firstAdmin, EmailVerified: true}}
	}})
	op := e.browser()
	op.login(app.DevSuperAdminSubject)
	patients := platformPatients(t, e, e.A)

	resp, body := op.get("/platform/clinics")
	wantStatus(t, "clinic list", resp, body, http.StatusOK)
	adminWantBody(t, "clinic list", body, "Visits this month", "New clinic")
	platformNoPatientData(t, "the clinic list", body, patients)

	resp, body = op.get("/platform/clinics/" + e.A.Slug + "/")
	wantStatus(t, "clinic A", resp, body, http.StatusOK)
	adminWantBody(t, "clinic A", body, "Test clinic "+e.A.Slug, "<th scope=\"row\">Patients</th><td>2 of 50000</td>",
		"<th scope=\"row\">Active staff</th><td>5</td>")
	platformNoPatientData(t, "clinic A's platform page", body, patients)

	// Create: invalid input comes back with messages; a taken slug is a conflict.
	resp, body = op.post("/platform/clinics", url.Values{"name": {""}, "slug": {"Bad Slug"}, "code": {"x"},
		"admin_email": {"nope"}, "max_doctors": {"many"}, "timezone": {"Nowhere/Town"}, "subscription_status": {"free"}})
	wantStatus(t, "invalid clinic", resp, body, http.StatusUnprocessableEntity)
	adminWantBody(t, "invalid clinic", body, "Enter the clinic&#39;s name", "Use lower-case letters", "Use 2 to 12 capital letters",
		"Enter an email address", "Enter a whole number", "Enter a timezone", "Must be one of: trial", `value="Bad Slug"`)
	resp, body = op.post("/platform/clinics", url.Values{"name": {"Copy"}, "slug": {e.A.Slug}, "code": {"CPY"}, "admin_email": {"x@copy.example"}})
	wantStatus(t, "taken slug", resp, body, http.StatusConflict)
	adminWantBody(t, "taken slug", body, "That clinic address (slug) is taken", `id="slug-err"`)

	resp, body = op.post("/platform/clinics", url.Values{"name": {"Lonavala Care"}, "slug": {slug}, "code": {"lnv"},
		"city": {"Lonavala"}, "admin_name": {"Boss"}, "admin_email": {firstAdmin}, "max_doctors": {"1"},
		"max_receptionists": {"1"}, "max_patients": {"100"}, "subscription_status": {"trial"}})
	wantStatus(t, "create clinic", resp, body, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/platform/clinics/"+slug+"/?done=created" {
		t.Fatalf("after create: redirected to %q", loc)
	}
	resp, body = op.get("/platform/clinics/" + slug + "/")
	wantStatus(t, "new clinic", resp, body, http.StatusOK)
	adminWantBody(t, "new clinic", body, "Lonavala Care", "LNV", "<th scope=\"row\">Active staff</th><td>1</td>")

	// The invited first admin signs in and runs the new clinic.
	boss := e.browser()
	boss.login("t-" + slug + "-boss")
	resp, body = boss.get("/clinic/" + slug + "/admin-dashboard/")
	wantStatus(t, "first admin's dashboard", resp, body, http.StatusOK)
	adminWantBody(t, "first admin's dashboard", body, "Lonavala Care", "<td>0 of 1</td>")

	// Edit the plan with the page's version; the same version again is stale.
	pc, err := adminSvc(e).PlatformClinicBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"version": {clinic.Version(pc.UpdatedAt)}, "name": {"Lonavala Care Centre"}, "max_doctors": {"3"},
		"max_receptionists": {"2"}, "max_patients": {"500"}, "subscription_status": {"active"}, "subscription_ends_on": {"2027-03-31"}}
	resp, body = op.post("/platform/clinics/"+slug+"/", form)
	wantStatus(t, "edit plan", resp, body, http.StatusSeeOther)
	resp, body = op.post("/platform/clinics/"+slug+"/", form)
	wantStatus(t, "stale plan", resp, body, http.StatusPreconditionFailed)
	resp, body = op.post("/platform/clinics/"+slug+"/", url.Values{"version": form["version"], "name": {"X"},
		"max_doctors": {"-1"}, "max_receptionists": {""}, "max_patients": {"5"}, "subscription_status": {"active"}, "subscription_ends_on": {"31/03/2027"}})
	wantStatus(t, "invalid plan", resp, body, http.StatusUnprocessableEntity)
	adminWantBody(t, "invalid plan", body, "Must be between 0 and", "Enter a whole number", "Enter a date such as")
	pc, err = adminSvc(e).PlatformClinicBySlug(context.Background(), slug)
	if err != nil || pc.Name != "Lonavala Care Centre" || pc.MaxDoctors != 3 || pc.SubscriptionStatus != "active" ||
		pc.SubscriptionEndsOn == nil || pc.SubscriptionEndsOn.Format("2006-01-02") != "2027-03-31" {
		t.Fatalf("clinic after edit: %+v, %v", pc, err)
	}

	// Suspend and reactivate, each once.
	resp, body = op.post("/platform/clinics/"+slug+"/suspend", nil)
	wantStatus(t, "suspend", resp, body, http.StatusSeeOther)
	resp, body = boss.get("/clinic/" + slug + "/")
	wantStatus(t, "suspended clinic's admin", resp, body, http.StatusNotFound)
	resp, body = op.post("/platform/clinics/"+slug+"/suspend", nil)
	wantStatus(t, "suspend twice", resp, body, http.StatusConflict)
	adminWantBody(t, "suspend twice", body, "already suspended")
	resp, body = op.post("/platform/clinics/"+slug+"/reactivate", nil)
	wantStatus(t, "reactivate", resp, body, http.StatusSeeOther)
	resp, body = op.post("/platform/clinics/"+slug+"/reactivate", nil)
	wantStatus(t, "reactivate twice", resp, body, http.StatusConflict)
	resp, body = boss.get("/clinic/" + slug + "/")
	wantStatus(t, "reactivated clinic's admin", resp, body, http.StatusOK)

	for _, path := range []string{"/platform/clinics/no-such-clinic-" + slug + "/", "/platform/clinics/Not_A_Slug/"} {
		resp, body = op.get(path)
		wantStatus(t, path, resp, body, http.StatusNotFound)
	}
	resp, body = op.post("/platform/clinics/no-such-clinic-"+slug+"/suspend", nil)
	wantStatus(t, "suspend an unknown clinic", resp, body, http.StatusNotFound)

	// To a clinic admin the platform does not exist.
	admin := e.browser()
	admin.login(subject(e.A, "admin"))
	for _, path := range []string{"/platform/clinics", "/platform/clinics/" + e.A.Slug + "/"} {
		resp, body = admin.get(path)
		wantStatus(t, "clinic admin: GET "+path, resp, body, http.StatusNotFound)
	}
	resp, body = admin.post("/platform/clinics/"+e.B.Slug+"/suspend", nil)
	wantStatus(t, "clinic admin suspending", resp, body, http.StatusNotFound)
	resp, body = admin.post("/platform/clinics", url.Values{"name": {"Mine"}, "slug": {"mine-" + slug}, "code": {"MN"}, "admin_email": {"a@b.example"}})
	wantStatus(t, "clinic admin creating", resp, body, http.StatusNotFound)
	if _, err := adminSvc(e).PlatformClinicBySlug(context.Background(), "mine-"+slug); err == nil {
		t.Error("a clinic admin created a clinic")
	}
}
