package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/devidp"
	"github.com/santkrupa/santkrupa/internal/store"
)

// TestClinicDay runs a clinic's day across roles in the browser, everyone
// signing in through the development provider's login page:
//
//  1. Reception registers a walk-in patient (after a first try without a
//     name is refused with the message beside the field), invites them to
//     the patient portal by email and checks them in to the doctor; the
//     queue shows their token.
//  2. The doctor opens their queue, starts the consultation, writes a
//     note, orders a blood count, writes a prescription of three medicines
//     picked from the catalog, completes the visit (which finalises the
//     prescription) and opens the print view.
//  3. The lab technician marks the sample collected, enters results with a
//     low haemoglobin, attaches the PDF report and verifies it.
//  4. The patient accepts the invitation by signing in with that email and
//     sees the visit, the prescription, the results with the abnormal flag,
//     and downloads the report, byte for byte what the lab attached.
//  5. The clinic's admin sees the day on the dashboard; the platform
//     operator sees the clinic in the platform's list.
//
// A page not built yet makes the test skip at that step, naming it.
func TestClinicDay(t *testing.T) {
	t.Parallel()
	portalEmail := "kavya.portal@patients.example"
	portal := devidp.User{Subject: "bt-portal-kavya", Name: "Kavya (portal)", Email: portalEmail, EmailVerified: true}
	e := setup(t, 1, portal)
	a := "/clinic/" + e.A.Slug
	// A name no seeded patient has, so no duplicate warning; the suffix
	// keeps it unique among the test database's clinics too.
	name := "Kavya Rao " + strings.ToUpper(e.A.Slug[len(e.A.Slug)-4:])

	// 1. Reception.
	desk := e.person("A's reception")
	desk.login(e.A, "reception")
	desk.need(a+"/reception/register/", "the reception's registration page")
	desk.screenshot("reception-register")
	desk.fillNamed("phone", "+91 98220 12345")
	if pg := desk.press("Register", ""); pg.Status != 422 || !strings.Contains(pg.Text, "Please correct the fields marked below") {
		desk.fatalf("register without a name: status %d, want 422 with the form's messages; page says: %.400s", pg.Status, pg.Text)
	}
	desk.wantValue("phone", "+91 98220 12345")
	desk.screenshot("reception-register-invalid")
	desk.fill("Full name", name)
	desk.fill("Date of birth", "1991-04-12")
	desk.fill("Sex", "female")
	desk.fill("Blood group", "B+")
	desk.fill("Allergies", "Sulfa drugs")
	pg := desk.submit("Register", "")
	number := regexp.MustCompile(`PT-[A-Z0-9]+-\d{4}-\d+`).FindString(pg.Text)
	if !strings.HasPrefix(pg.Path(), a+"/reception/patients/") || number == "" || !strings.Contains(pg.Text, name) {
		desk.fatalf("after registering: at %s, want the patient's page with their new number; page says: %.400s", pg.Path(), pg.Text)
	}
	patientPage := pg.Path()
	desk.screenshot("reception-patient")

	desk.fill("Email for the patient portal", portalEmail)
	desk.submit("Invite to the portal", "")
	desk.wantText("the invitation", "Invited as", portalEmail)

	desk.follow("Check in "+name, "")
	desk.fill("Purpose of the visit", "Fever and body ache for three days")
	desk.fill("Doctor", e.A.ByLogin["doctor"].DisplayName)
	desk.fill("Blood pressure, systolic (mmHg)", "128")
	desk.fill("Blood pressure, diastolic (mmHg)", "84")
	desk.fill("Pulse (per minute)", "92")
	desk.fill("Temperature (°C)", "38.4")
	desk.screenshot("reception-checkin")
	pg = desk.submit("Check in", "")
	m := regexp.MustCompile(`Checked in with token (\d+)`).FindStringSubmatch(pg.Text)
	if m == nil {
		desk.fatalf("after check-in: at %s, want the queue naming the token; page says: %.400s", pg.Path(), pg.Text)
	}
	token := m[1]
	desk.wantRow("the queue", "="+token, name, number, "Waiting")
	desk.screenshot("reception-queue")

	// 2. Doctor.
	doc := e.person("A's doctor")
	doc.login(e.A, "doctor")
	doc.need(a+"/doctor/queue/", "the doctor's queue")
	doc.wantRow("my queue", "="+token, name, "waiting")
	doc.screenshot("doctor-queue")
	pg = doc.submit("Start consultation", name)
	visitPage := pg.Path()
	doc.wantText("the consultation", "Consultation: "+name, "in consultation", "Sulfa drugs")
	doc.fill("Chief complaint", "Fever and body ache for three days")
	doc.fill("Observations and examination", "Temperature 38.4 °C, throat congested, chest clear.")
	doc.fill("Diagnosis", "Acute viral fever")
	doc.fill("Treatment plan", "Antipyretic, antihistamine, fluids; blood count.")
	doc.submit("Save and sign note", "")
	doc.wantText("the saved note", "Diagnosis: Acute viral fever")
	doc.check("Complete blood count")
	doc.fill("Urgency", "urgent")
	doc.submit("Order", "")
	doc.wantText("the ordered test", "Complete blood count (blood, urgent)")
	doc.screenshot("doctor-consultation")

	doc.follow("Write a prescription", "")
	doc.fill("Diagnosis", "Acute viral fever")
	lines := []struct{ prefix, dose, schedule, days, food string }{
		{"Paracetamol", "1 tablet", "1-1-1", "3", "after food"},
		{"Cetirizine", "1 tablet", "0-0-1", "5", "no matter"},
		{"Pantoprazole", "1 tablet", "1-0-0", "5", "before food"},
	}
	for i, l := range lines {
		scope := fmt.Sprintf("Medicine %d", i+1)
		doc.pickIn(scope, "Medicine", l.prefix)
		doc.fillIn(scope, "Dose", l.dose)
		doc.fillIn(scope, "Schedule", l.schedule)
		doc.fillIn(scope, "Days", l.days)
		doc.fillIn(scope, "Food", l.food)
	}
	doc.fill("Advice", "Plenty of fluids; rest for three days.")
	doc.screenshot("doctor-prescription-form")
	pg = doc.submit("Save prescription (draft)", "")
	rxPage := pg.Path()
	doc.wantText("the draft prescription", "Draft", "Paracetamol", "Cetirizine", "Pantoprazole", "1-1-1", "0-0-1")

	doc.visit(visitPage, "")
	doc.submit("Complete visit", "")
	doc.visit(rxPage, "")
	pg = doc.follow("Print view", "")
	if pg.Status != 200 {
		doc.fatalf("print view: status %d", pg.Status)
	}
	lic := e.doctorLicense(t, "doctor")
	doc.wantText("the printed prescription", "Test clinic "+e.A.Slug, e.A.ByLogin["doctor"].DisplayName, lic,
		name, number, "Paracetamol", "1-1-1", "After food", "Cetirizine", "0-0-1", "Pantoprazole", "Before food",
		"Acute viral fever", "Plenty of fluids")
	if strings.Contains(doc.text(), "Draft") {
		t.Errorf("the printed prescription is still a draft after the visit was completed")
	}
	doc.screenshot("doctor-prescription-print")

	// 3. Lab.
	lab := e.person("A's lab")
	lab.login(e.A, "lab")
	lab.need(a+"/lab/tests/", "the lab's pending tests")
	lab.wantRow("pending tests", name, "Complete blood count", "=urgent", "=ordered")
	lab.screenshot("lab-tests")
	lab.submit("Mark Complete blood count of "+name+" collected", "")
	lab.wantRow("pending tests", name, "Complete blood count", "=collected")
	lab.follow("Enter results", name)
	rows := [][]string{
		{"Haemoglobin", "9.8", "g/dL", "12.0-16.0", "low"},
		{"WBC count", "7.2", "10^3/µL", "4.0-11.0", "normal"},
	}
	for i, r := range rows {
		for j, col := range []string{"Analyte", "Value", "Unit", "Reference range", "Flag"} {
			lab.fill(fmt.Sprintf("%s, row %d", col, i+1), r[j])
		}
	}
	lab.fill("Notes", "Haemoglobin low; suggest iron studies.")
	pdf := reportPDF(name)
	pdfPath := filepath.Join(t.TempDir(), "cbc-report.pdf")
	if err := os.WriteFile(pdfPath, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	lab.fill("Report document", pdfPath)
	lab.screenshot("lab-results-form")
	lab.submit("Save results (preliminary)", "")
	lab.wantText("the preliminary report", "preliminary", "Haemoglobin", "9.8", "low", "cbc-report.pdf")
	lab.submit("Verify and release to the patient", "")
	lab.wantText("the verified report", "Complete blood count: final report")
	lab.screenshot("lab-report")

	// 4. The patient, invited by reception, signs in for the first time.
	pat := e.person("the patient")
	pat.loginAs(e.A, portalEmail)
	pat.need(a+"/patient/dashboard/", "the patient's dashboard")
	pat.wantText("my records", name, number, "Fever and body ache for three days",
		"Paracetamol", "Cetirizine", "Pantoprazole", "1-1-1",
		"Complete blood count", "Some values are outside the reference range.", "Haemoglobin", "9.8", "low")
	pat.wantRow("my results", "=Haemoglobin", "=9.8", "=low")
	pat.wantRow("my results", "=WBC count", "=7.2", "=normal")
	pat.screenshot("patient-dashboard")
	got := pat.download("Download the report document", "Complete blood count")
	if !bytes.Equal(got, pdf) {
		t.Errorf("the downloaded report is %d bytes starting %q, want the %d bytes the lab attached", len(got), got[:min(len(got), 16)], len(pdf))
	}
	pat.follow("Printable prescription", "")
	pat.wantText("my prescription", "Paracetamol", "1-1-1", lic)
	pat.screenshot("patient-prescription")

	// 5. The clinic's admin and the platform operator.
	admin := e.person("A's admin")
	admin.login(e.A, "admin")
	admin.need(a+"/admin-dashboard/", "the admin dashboard")
	admin.wantText("the dashboard", "Test clinic "+e.A.Slug, "Today's visits", "Completed")
	admin.screenshot("admin-dashboard")
	admin.visit(a+"/admin/staff/", "admin-staff")
	admin.wantText("staff", email(e.A, "lab"))
	admin.visit(patientPage, "")
	admin.wantText("the patient's record as the admin", name)

	op := e.person("the platform operator")
	op.loginPlatform()
	pg = op.need("/platform/clinics", "the platform's clinic list")
	// The list is a page of 50 by name, and the test database holds every
	// test's clinics: walk the pages as an operator would.
	for i := 0; i < 1000 && !strings.Contains(pg.Text, "Test clinic "+e.A.Slug) && strings.Contains(pg.Text, "More clinics"); i++ {
		pg = op.follow("More clinics", "")
	}
	op.wantText("the platform's clinics", "Test clinic "+e.A.Slug)
	op.screenshot("platform-clinics")
}

// reportPDF is a small one-page PDF naming the patient, as a lab's report
// document.
func reportPDF(name string) []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
		"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
		"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n" +
		"4 0 obj<</Length 60>>stream\nBT /F1 12 Tf 20 100 Td (Complete blood count: " + name + ") Tj ET\nendstream endobj\n" +
		"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
}

// need opens path and wants it 200; a 404 means the page is not built
// (yet) on this branch, and the test skips there, naming it.
func (p *person) need(path, what string) page {
	p.t.Helper()
	pg := p.open(path)
	switch pg.Status {
	case 200:
		return pg
	case 404:
		p.t.Skipf("%s (%s) is not built yet: %s gets 404 there", what, path, p.name)
	}
	p.fatalf("%s: open %s: status %d, want 200; page says: %.300s", p.name, path, pg.Status, pg.Text)
	return pg
}

// doctorLicense is the license number of the clinic A doctor of login.
func (e *env) doctorLicense(t *testing.T, login string) string {
	t.Helper()
	ctx := context.Background()
	var lic string
	err := e.st.Read(ctx, e.A.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		ds, err := e.st.Queries().ListDoctors(ctx, tx)
		for _, d := range ds {
			if d.UserID == e.A.ByLogin[login].ID {
				lic = d.LicenseNumber
			}
		}
		return err
	})
	if err != nil || lic == "" {
		t.Fatalf("the license number of A's %s: %q, %v", login, lic, err)
	}
	return lic
}
