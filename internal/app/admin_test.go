package app_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The clinic admin's pages: dashboard, staff, doctor profiles, catalogs,
// settings.

// adminSvc is the domain service on the test store, for arranging and
// checking what the pages did.
func adminSvc(e *env) *clinic.Service { return clinic.New(e.st, clinic.Options{}) }

// adminSetPlan sets clinic c's seat limits as the platform would.
func adminSetPlan(t *testing.T, e *env, c dbtest.Clinic, doctors, receptionists int32) {
	t.Helper()
	svc := adminSvc(e)
	pc, err := svc.PlatformClinicBySlug(context.Background(), c.Slug)
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.PlatformUpdateClinic(context.Background(), c.Slug, clinic.Version(pc.UpdatedAt), clinic.ClinicPlanInput{
		Name: pc.Name, MaxDoctors: doctors, MaxReceptionists: receptionists, MaxPatients: pc.MaxPatients,
		SubscriptionStatus: pc.SubscriptionStatus, SubscriptionEndsOn: pc.SubscriptionEndsOn,
	})
	if err != nil {
		t.Fatal(err)
	}
}

// adminUser reads a member of c as its admin.
func adminUser(t *testing.T, e *env, c dbtest.Clinic, id uuid.UUID) dbsqlc.User {
	t.Helper()
	u, err := adminSvc(e).GetUser(context.Background(), c.Scope(store.RoleAdmin), id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// adminUserByEmail reports whether c has a member with email.
func adminUserByEmail(t *testing.T, e *env, c dbtest.Clinic, email string) bool {
	t.Helper()
	found := false
	err := e.st.Read(context.Background(), c.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		_, err := e.st.Queries().UserByEmail(context.Background(), tx, email)
		found = err == nil
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func adminWantBody(t *testing.T, what, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(body, s) {
			t.Errorf("%s: page lacks %q", what, s)
		}
	}
}

func TestAdminDashboardPage(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	admin := e.browser()
	admin.login(subject(e.A, "admin"))
	resp, body := admin.get("/clinic/" + e.A.Slug + "/admin-dashboard/")
	wantStatus(t, "dashboard", resp, body, http.StatusOK)
	adminWantBody(t, "dashboard", body, "Test clinic "+e.A.Slug, "Today's visits", "Registered this month",
		"Pending tests", "<th scope=\"row\">Doctors</th><td>2 of 10</td>", "<th scope=\"row\">Receptionists</th><td>1 of 5</td>")

	doctor := e.browser()
	doctor.login(subject(e.A, "doctor"))
	resp, body = doctor.get("/clinic/" + e.A.Slug + "/admin-dashboard/")
	wantStatus(t, "doctor on the dashboard", resp, body, http.StatusForbidden)

	other := e.browser()
	other.login(subject(e.B, "admin"))
	resp, body = other.get("/clinic/" + e.A.Slug + "/admin-dashboard/")
	wantStatus(t, "B's admin on A's dashboard", resp, body, http.StatusNotFound)
}

func TestAdminStaffInviteAndRoles(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	admin := e.browser()
	admin.login(subject(e.A, "admin"))
	base := "/clinic/" + e.A.Slug + "/admin/staff/"
	resp, body := admin.get(base)
	wantStatus(t, "staff page", resp, body, http.StatusOK)
	adminWantBody(t, "staff page", body, e.A.ByLogin["doctor2"].DisplayName, "License MMC-", "Invite someone")
	if strings.Contains(body, e.A.Users[store.RolePatient].Email) {
		t.Errorf("the staff page lists the patient's portal login")
	}

	// Invalid input is shown again with a message per field.
	resp, body = admin.post(base+"invite", url.Values{"display_name": {""}, "email": {"not-an-email"}, "role": {"patient"}})
	wantStatus(t, "invalid invitation", resp, body, http.StatusUnprocessableEntity)
	adminWantBody(t, "invalid invitation", body, "Enter a name", "Enter an email address", "Choose one of the roles",
		`value="not-an-email"`, `aria-invalid="true"`)

	email := "newrecep@" + e.A.Slug + ".example"
	resp, body = admin.post(base+"invite", url.Values{"display_name": {"New Receptionist"}, "email": {email}, "role": {"receptionist"}})
	wantStatus(t, "invite", resp, body, http.StatusSeeOther)
	resp, body = admin.get(resp.Header.Get("Location"))
	wantStatus(t, "staff page after invite", resp, body, http.StatusOK)
	adminWantBody(t, "staff page after invite", body, "Invitation saved", "New Receptionist", "Invited")

	// Role change with the version the page carried.
	doc2 := e.A.ByLogin["doctor2"]
	version := clinic.Version(adminUser(t, e, e.A, doc2.ID).UpdatedAt)
	resp, body = admin.post(base+doc2.ID.String()+"/role", url.Values{"role": {"lab_tech"}, "version": {version}})
	wantStatus(t, "role change", resp, body, http.StatusSeeOther)
	if got := adminUser(t, e, e.A, doc2.ID).Role; got != "lab_tech" {
		t.Errorf("role after change = %s, want lab_tech", got)
	}
	resp, body = admin.post(base+doc2.ID.String()+"/role", url.Values{"role": {"doctor"}, "version": {version}})
	wantStatus(t, "role change with a stale version", resp, body, http.StatusPreconditionFailed)
	adminWantBody(t, "stale role change", body, "Someone else changed")
	resp, body = admin.post(base+doc2.ID.String()+"/role", url.Values{"role": {"super_admin"}, "version": {version}})
	wantStatus(t, "unknown role", resp, body, http.StatusUnprocessableEntity)
	adminWantBody(t, "unknown role", body, "Choose one of the roles")

	// Not yourself.
	me := e.A.Users[store.RoleAdmin].ID
	resp, body = admin.post(base+me.String()+"/deactivate", nil)
	wantStatus(t, "deactivate yourself", resp, body, http.StatusConflict)
	adminWantBody(t, "deactivate yourself", body, "cannot change your own role or deactivate yourself")

	// Another clinic's members, and ids that are no ids, are not found.
	bDoc := e.B.Users[store.RoleDoctor]
	for _, path := range []string{bDoc.ID.String() + "/deactivate", bDoc.ID.String() + "/activate", "not-a-uuid/deactivate"} {
		resp, body = admin.post(base+path, nil)
		wantStatus(t, "POST "+path, resp, body, http.StatusNotFound)
	}
	resp, body = admin.post(base+bDoc.ID.String()+"/role", url.Values{"role": {"admin"}, "version": {clinic.Version(bDoc.UpdatedAt)}})
	wantStatus(t, "role change of B's doctor", resp, body, http.StatusNotFound)
	if got := adminUser(t, e, e.B, bDoc.ID); got.Role != "doctor" || !got.Active {
		t.Errorf("B's doctor changed: %+v", got)
	}

	// Other roles are refused.
	recep := e.browser()
	recep.login(subject(e.A, "reception"))
	resp, body = recep.get(base)
	wantStatus(t, "receptionist on the staff page", resp, body, http.StatusForbidden)
	resp, body = recep.post(base+"invite", url.Values{"display_name": {"X"}, "email": {"x@example.com"}, "role": {"admin"}})
	wantStatus(t, "receptionist inviting", resp, body, http.StatusForbidden)
	resp, body = recep.post(base+doc2.ID.String()+"/deactivate", nil)
	wantStatus(t, "receptionist deactivating", resp, body, http.StatusForbidden)
}

func TestAdminPlanLimitsOnPages(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	adminSetPlan(t, e, e.A, 2, 1) // the seed has 2 doctors and 1 receptionist
	admin := e.browser()
	admin.login(subject(e.A, "admin"))
	base := "/clinic/" + e.A.Slug + "/admin/staff/"

	email := "thirddoc@" + e.A.Slug + ".example"
	resp, body := admin.post(base+"invite", url.Values{"display_name": {"Third Doctor"}, "email": {email}, "role": {"doctor"}})
	wantStatus(t, "third doctor", resp, body, http.StatusConflict)
	adminWantBody(t, "third doctor", body, "plan allows 2 doctors", `value="Third Doctor"`)
	if adminUserByEmail(t, e, e.A, email) {
		t.Fatal("the refused invitation was written")
	}
	resp, body = admin.post(base+"invite", url.Values{"display_name": {"Second Desk"}, "email": {"desk2@" + e.A.Slug + ".example"}, "role": {"receptionist"}})
	wantStatus(t, "second receptionist", resp, body, http.StatusConflict)
	adminWantBody(t, "second receptionist", body, "plan allows 1 receptionists")

	// A lab technician becoming a doctor needs a seat too.
	lab := e.A.Users[store.RoleLabTech]
	resp, body = admin.post(base+lab.ID.String()+"/role", url.Values{"role": {"doctor"}, "version": {clinic.Version(adminUser(t, e, e.A, lab.ID).UpdatedAt)}})
	wantStatus(t, "lab tech to doctor", resp, body, http.StatusConflict)

	// Deactivating a doctor frees a seat; reactivating them then finds none.
	doc2 := e.A.ByLogin["doctor2"]
	resp, body = admin.post(base+doc2.ID.String()+"/deactivate", nil)
	wantStatus(t, "deactivate doctor2", resp, body, http.StatusSeeOther)
	resp, body = admin.post(base+"invite", url.Values{"display_name": {"Third Doctor"}, "email": {email}, "role": {"doctor"}})
	wantStatus(t, "doctor into the freed seat", resp, body, http.StatusSeeOther)
	resp, body = admin.post(base+doc2.ID.String()+"/activate", nil)
	wantStatus(t, "reactivate doctor2", resp, body, http.StatusConflict)
	adminWantBody(t, "reactivate doctor2", body, "plan allows 2 doctors")
	if adminUser(t, e, e.A, doc2.ID).Active {
		t.Error("doctor2 was reactivated beyond the plan")
	}
}

func TestAdminDoctorProfilePage(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	admin := e.browser()
	admin.login(subject(e.A, "admin"))
	svc := adminSvc(e)
	ctx := context.Background()
	doc := e.A.Users[store.RoleDoctor]
	path := "/clinic/" + e.A.Slug + "/admin/staff/" + doc.ID.String() + "/doctor"
	p, err := svc.DoctorProfileByUser(ctx, e.A.Scope(store.RoleAdmin), doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	resp, body := admin.get(path)
	wantStatus(t, "doctor profile", resp, body, http.StatusOK)
	adminWantBody(t, "doctor profile", body, p.LicenseNumber, "License (registration) number")

	form := url.Values{"version": {clinic.Version(p.UpdatedAt)}, "specialization": {"Cardiology"},
		"qualification": {"MBBS, DM"}, "license_number": {"MMC-NEW-77"}, "active": {"on"}}
	resp, body = admin.post(path, form)
	wantStatus(t, "save profile", resp, body, http.StatusSeeOther)
	p2, err := svc.DoctorProfileByUser(ctx, e.A.Scope(store.RoleAdmin), doc.ID)
	if err != nil || p2.LicenseNumber != "MMC-NEW-77" || p2.Specialization != "Cardiology" {
		t.Fatalf("profile after save: %+v, %v", p2, err)
	}
	resp, body = admin.post(path, form) // the old version again
	wantStatus(t, "stale profile", resp, body, http.StatusPreconditionFailed)

	// Another doctor's license number, and no license at all.
	other, err := svc.DoctorProfileByUser(ctx, e.A.Scope(store.RoleAdmin), e.A.ByLogin["doctor2"].ID)
	if err != nil {
		t.Fatal(err)
	}
	form.Set("version", clinic.Version(p2.UpdatedAt))
	form.Set("license_number", other.LicenseNumber)
	resp, body = admin.post(path, form)
	wantStatus(t, "duplicate license", resp, body, http.StatusConflict)
	adminWantBody(t, "duplicate license", body, "Another doctor of this clinic has that license number", `id="license_number-err"`)
	form.Set("license_number", "")
	resp, body = admin.post(path, form)
	wantStatus(t, "no license", resp, body, http.StatusUnprocessableEntity)
	adminWantBody(t, "no license", body, "Enter the doctor&#39;s registration (license) number")

	// A new doctor gets a profile; a receptionist cannot have one.
	u, err := svc.InviteStaff(ctx, e.A.Scope(store.RoleAdmin), clinic.InviteInput{DisplayName: "Dr. New", Email: "drnew@" + e.A.Slug + ".example", Role: "doctor"})
	if err != nil {
		t.Fatal(err)
	}
	newPath := "/clinic/" + e.A.Slug + "/admin/staff/" + u.ID.String() + "/doctor"
	resp, body = admin.get(newPath)
	wantStatus(t, "new doctor's profile form", resp, body, http.StatusOK)
	adminWantBody(t, "new doctor's profile form", body, "Create profile")
	resp, body = admin.post(newPath, url.Values{"license_number": {"MMC-FRESH-1"}, "specialization": {"ENT"}})
	wantStatus(t, "create profile", resp, body, http.StatusSeeOther)
	recep := e.A.Users[store.RoleReceptionist]
	recepPath := "/clinic/" + e.A.Slug + "/admin/staff/" + recep.ID.String() + "/doctor"
	resp, body = admin.get(recepPath)
	wantStatus(t, "receptionist's profile page", resp, body, http.StatusOK)
	adminWantBody(t, "receptionist's profile page", body, "Only doctors have a profile")
	resp, body = admin.post(recepPath, url.Values{"license_number": {"MMC-NOPE"}})
	wantStatus(t, "receptionist's profile", resp, body, http.StatusConflict)

	// Another clinic's member is not found.
	bPath := "/clinic/" + e.A.Slug + "/admin/staff/" + e.B.Users[store.RoleDoctor].ID.String() + "/doctor"
	resp, body = admin.get(bPath)
	wantStatus(t, "B's doctor profile", resp, body, http.StatusNotFound)
	resp, body = admin.post(bPath, url.Values{"license_number": {"MMC-B"}})
	wantStatus(t, "create a profile for B's doctor", resp, body, http.StatusNotFound)
}

func TestAdminMedicineCatalogPages(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	admin := e.browser()
	admin.login(subject(e.A, "admin"))
	base := "/clinic/" + e.A.Slug + "/admin/medicines/"
	resp, body := admin.get(base)
	wantStatus(t, "medicines", resp, body, http.StatusOK)
	adminWantBody(t, "medicines", body, "Paracetamol", "Amoxicillin", `hx-get="`+base+`"`)
	resp, body = admin.get(base + "?q=amo")
	wantStatus(t, "medicine search", resp, body, http.StatusOK)
	if !strings.Contains(body, "Amoxicillin") || strings.Contains(body, "Paracetamol") {
		t.Errorf("search for amo does not list just Amoxicillin")
	}

	resp, body = admin.post(base, url.Values{"name": {""}, "form": {"lozenge"}, "default_duration_days": {"999"}, "strength": {"5 mg"}})
	wantStatus(t, "invalid medicine", resp, body, http.StatusUnprocessableEntity)
	adminWantBody(t, "invalid medicine", body, "Enter the medicine&#39;s name", "Must be one of: tablet", "Must be between 1 and 365", `value="5 mg"`)
	resp, body = admin.post(base, url.Values{"name": {"Ibuprofen"}, "default_duration_days": {"three"}})
	wantStatus(t, "unparsable duration", resp, body, http.StatusUnprocessableEntity)
	adminWantBody(t, "unparsable duration", body, "Enter a whole number")

	resp, body = admin.post(base, url.Values{"name": {"Ibuprofen"}, "generic_name": {"Ibuprofen"}, "form": {"tablet"},
		"strength": {"400 mg"}, "default_dose": {"1 tablet"}, "default_schedule": {"1-0-1"}, "default_duration_days": {"5"}})
	wantStatus(t, "new medicine", resp, body, http.StatusSeeOther)
	resp, body = admin.post(base, url.Values{"name": {"Ibuprofen"}, "form": {"tablet"}, "strength": {"400 mg"}})
	wantStatus(t, "the same medicine again", resp, body, http.StatusConflict)
	adminWantBody(t, "the same medicine again", body, "already has a medicine with this name, form and strength")

	svc := adminSvc(e)
	page, err := svc.ListMedicines(context.Background(), e.A.Scope(store.RoleAdmin), clinic.MedicineQuery{NamePrefix: "Ibuprofen"})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("Ibuprofen in the catalog: %+v, %v", page.Items, err)
	}
	m := page.Items[0]
	edit := base + m.ID.String() + "/"
	resp, body = admin.get(edit)
	wantStatus(t, "edit medicine", resp, body, http.StatusOK)
	adminWantBody(t, "edit medicine", body, `value="400 mg"`, `value="`+clinic.Version(m.UpdatedAt)+`"`)
	form := url.Values{"version": {clinic.Version(m.UpdatedAt)}, "name": {"Ibuprofen"}, "form": {"tablet"},
		"strength": {"200 mg"}, "default_duration_days": {""}, "active": {"on"}}
	resp, body = admin.post(edit, form)
	wantStatus(t, "save medicine", resp, body, http.StatusSeeOther)
	resp, body = admin.post(edit, form)
	wantStatus(t, "stale medicine", resp, body, http.StatusPreconditionFailed)
	resp, body = admin.post(edit+"deactivate", nil)
	wantStatus(t, "deactivate medicine", resp, body, http.StatusSeeOther)
	got, err := svc.GetMedicine(context.Background(), e.A.Scope(store.RoleAdmin), m.ID)
	if err != nil || got.Active || got.Strength != "200 mg" || got.DefaultDurationDays != nil {
		t.Errorf("medicine after edit and deactivation: %+v, %v", got, err)
	}

	// Another clinic's medicine is not found, and stays as it was.
	bPage, err := svc.ListMedicines(context.Background(), e.B.Scope(store.RoleAdmin), clinic.MedicineQuery{NamePrefix: "Paracetamol"})
	if err != nil || len(bPage.Items) != 1 {
		t.Fatal(err)
	}
	bMed := bPage.Items[0]
	bEdit := base + bMed.ID.String() + "/"
	resp, body = admin.get(bEdit)
	wantStatus(t, "B's medicine", resp, body, http.StatusNotFound)
	resp, body = admin.post(bEdit, url.Values{"version": {clinic.Version(bMed.UpdatedAt)}, "name": {"Hacked"}, "form": {"tablet"}})
	wantStatus(t, "edit B's medicine", resp, body, http.StatusNotFound)
	resp, body = admin.post(bEdit+"deactivate", nil)
	wantStatus(t, "deactivate B's medicine", resp, body, http.StatusNotFound)
	if got, err := svc.GetMedicine(context.Background(), e.B.Scope(store.RoleAdmin), bMed.ID); err != nil || got.Name != "Paracetamol" || !got.Active {
		t.Errorf("B's medicine changed: %+v, %v", got, err)
	}
	resp, body = admin.get(base + "nope/")
	wantStatus(t, "malformed id", resp, body, http.StatusNotFound)

	doctor := e.browser()
	doctor.login(subject(e.A, "doctor"))
	resp, body = doctor.get(base)
	wantStatus(t, "doctor on the catalog page", resp, body, http.StatusForbidden)
}

func TestAdminTestCatalogPages(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	admin := e.browser()
	admin.login(subject(e.A, "admin"))
	base := "/clinic/" + e.A.Slug + "/admin/test-catalog/"
	resp, body := admin.get(base)
	wantStatus(t, "test catalog", resp, body, http.StatusOK)
	adminWantBody(t, "test catalog", body, "Complete blood count", "Chest X-ray")

	resp, body = admin.post(base, url.Values{"name": {""}, "test_type": {"vibes"}, "description": {"kept"}})
	wantStatus(t, "invalid test", resp, body, http.StatusUnprocessableEntity)
	adminWantBody(t, "invalid test", body, "Enter the test&#39;s name", "Must be one of: blood", ">kept</textarea>")
	resp, body = admin.post(base, url.Values{"name": {"Thyroid profile"}, "test_type": {"blood"}, "description": {"T3, T4, TSH"}})
	wantStatus(t, "new test", resp, body, http.StatusSeeOther)
	resp, body = admin.post(base, url.Values{"name": {"Thyroid profile"}, "test_type": {"blood"}})
	wantStatus(t, "duplicate test", resp, body, http.StatusConflict)

	svc := adminSvc(e)
	page, err := svc.ListTestCatalog(context.Background(), e.A.Scope(store.RoleAdmin), clinic.CatalogTestQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var ct dbsqlc.TestCatalog
	for _, it := range page.Items {
		if it.Name == "Thyroid profile" {
			ct = it
		}
	}
	edit := base + ct.ID.String() + "/"
	form := url.Values{"version": {clinic.Version(ct.UpdatedAt)}, "name": {"Thyroid panel"}, "test_type": {"blood"}, "active": {"on"}}
	resp, body = admin.post(edit, form)
	wantStatus(t, "save test", resp, body, http.StatusSeeOther)
	resp, body = admin.post(edit, form)
	wantStatus(t, "stale test", resp, body, http.StatusPreconditionFailed)
	resp, body = admin.post(edit+"deactivate", nil)
	wantStatus(t, "deactivate test", resp, body, http.StatusSeeOther)
	if got, err := svc.GetCatalogTest(context.Background(), e.A.Scope(store.RoleAdmin), ct.ID); err != nil || got.Active || got.Name != "Thyroid panel" {
		t.Errorf("test after edit: %+v, %v", got, err)
	}

	bPage, err := svc.ListTestCatalog(context.Background(), e.B.Scope(store.RoleAdmin), clinic.CatalogTestQuery{Limit: 1})
	if err != nil || len(bPage.Items) != 1 {
		t.Fatal(err)
	}
	bEdit := base + bPage.Items[0].ID.String() + "/"
	resp, body = admin.get(bEdit)
	wantStatus(t, "B's test", resp, body, http.StatusNotFound)
	resp, body = admin.post(bEdit+"deactivate", nil)
	wantStatus(t, "deactivate B's test", resp, body, http.StatusNotFound)

	lab := e.browser()
	lab.login(subject(e.A, "lab"))
	resp, body = lab.get(base)
	wantStatus(t, "lab tech on the test catalog page", resp, body, http.StatusForbidden)
}

func TestAdminSettingsPage(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	admin := e.browser()
	admin.login(subject(e.A, "admin"))
	path := "/clinic/" + e.A.Slug + "/admin/settings/"
	resp, body := admin.get(path)
	wantStatus(t, "settings", resp, body, http.StatusOK)
	adminWantBody(t, "settings", body, `value="Asia/Kolkata"`, "Patient-number code")

	svc := adminSvc(e)
	c, err := svc.ClinicSettings(context.Background(), e.A.Scope(store.RoleAdmin))
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"version": {clinic.Version(c.UpdatedAt)}, "name": {"Renamed Clinic"}, "address": {"1 New Road"},
		"city": {"Mumbai"}, "timezone": {"Europe/London"}, "code": {"new1"}, "email": {"desk@renamed.example"}}
	bad := url.Values{"version": form["version"], "name": {"Renamed Clinic"}, "timezone": {"Mars/Olympus_Mons"},
		"code": {"A"}, "email": {"nope"}, "phone": {"call me"}}
	resp, body = admin.post(path, bad)
	wantStatus(t, "invalid settings", resp, body, http.StatusUnprocessableEntity)
	adminWantBody(t, "invalid settings", body, "Enter a timezone such as Asia/Kolkata", "Use 2 to 12 capital letters",
		"Enter an email address", "Use digits, spaces", `value="Mars/Olympus_Mons"`)
	resp, body = admin.post(path, form)
	wantStatus(t, "save settings", resp, body, http.StatusSeeOther)
	c2, err := svc.ClinicSettings(context.Background(), e.A.Scope(store.RoleAdmin))
	if err != nil || c2.Name != "Renamed Clinic" || c2.Timezone != "Europe/London" || c2.Code != "NEW1" || c2.City != "Mumbai" {
		t.Fatalf("settings after save: %+v, %v", c2, err)
	}
	resp, body = admin.post(path, form)
	wantStatus(t, "stale settings", resp, body, http.StatusPreconditionFailed)
	if c3, _ := svc.ClinicSettings(context.Background(), e.B.Scope(store.RoleAdmin)); c3.Name == "Renamed Clinic" {
		t.Error("clinic B was renamed")
	}

	doctor := e.browser()
	doctor.login(subject(e.A, "doctor"))
	resp, body = doctor.post(path, form)
	wantStatus(t, "doctor saving settings", resp, body, http.StatusForbidden)
}
