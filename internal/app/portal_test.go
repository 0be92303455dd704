package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/store"
)

func TestPatientPortal(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	mine, other := labPatients(t, e, e.A)
	bMine, _ := labPatients(t, e, e.B)
	a, bs := "/clinic/"+e.A.Slug, "/clinic/"+e.B.Slug

	// A result still preliminary is not shown; a released one is, with its flag.
	svc := clinic.New(e.st, clinic.Options{})
	pending := labOrder(t, e, e.A, mine.patient.ID)
	if _, err := svc.EnterResults(t.Context(), e.A.Scope(store.RoleLabTech), pending, clinic.ResultsInput{
		Values: []clinic.ResultValue{{Analyte: "Cholesterol", Value: "321", AbnormalFlag: "critical"}}}); err != nil {
		t.Fatal(err)
	}

	pat := e.browser()
	pat.login(subject(e.A, "patient"))
	resp, body := pat.get(a + "/patient/dashboard/")
	wantStatus(t, "dashboard", resp, body, http.StatusOK)
	for _, want := range []string{mine.patient.PatientNumber, "Haemoglobin", "/patient/prescriptions/" + mine.prescription.String() + "/",
		"/patient/reports/" + mine.document.String() + "/download", "being checked", "Upload a report of my own"} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	// The unreleased result is looked for by its analyte: its value, 321, may
	// occur in any id on the page.
	for _, leak := range []string{other.patient.PatientNumber, other.patient.Name, "Cholesterol", other.document.String()} {
		if strings.Contains(body, leak) {
			t.Errorf("dashboard shows %q, not theirs or not released", leak)
		}
	}

	resp, body = pat.get(a + "/patient/prescriptions/" + mine.prescription.String() + "/")
	wantStatus(t, "own prescription", resp, body, http.StatusOK)
	if !strings.Contains(body, "Reg. No. MMC-") || !strings.Contains(body, `class="rx-table"`) || !strings.Contains(body, mine.patient.PatientNumber) {
		t.Errorf("print view lacks the doctor's registration, the patient or the lines")
	}
	resp, body = pat.get(a + "/patient/prescriptions/" + mine.prescription.String() + "/pdf")
	wantStatus(t, "own prescription as PDF", resp, body, http.StatusOK)
	if resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("prescription PDF: %v", resp.Header)
	}
	resp, body = pat.get(a + "/patient/tests/" + mine.test.String() + "/")
	wantStatus(t, "own test", resp, body, http.StatusOK)
	resp, body = pat.get(a + "/patient/reports/" + mine.document.String() + "/download")
	wantStatus(t, "own document", resp, body, http.StatusOK)
	labInert(t, resp, "application/pdf", "report.pdf")

	// Upload of their own report: it lands in their record, marked as theirs.
	buf, ct := labMultipart(t, url.Values{"report_type": {"lab"}, "description": {"Outside lab, March"}}, "file", "outside.pdf", labPDF)
	resp, body = pat.postMultipart(a+"/patient/reports/upload", buf, ct)
	wantStatus(t, "upload own report", resp, body, http.StatusSeeOther)
	resp, body = pat.get(a + "/patient/dashboard/")
	if !strings.Contains(body, "Outside lab, March") || !strings.Contains(body, "<td>You</td>") {
		t.Errorf("own upload not listed as theirs")
	}
	// A patient_id in the form changes nothing: there is no such field.
	buf, ct = labMultipart(t, url.Values{"patient_id": {other.patient.ID.String()}, "description": {"Planted"}}, "file", "x.pdf", labPDF)
	resp, body = pat.postMultipart(a+"/patient/reports/upload", buf, ct)
	wantStatus(t, "upload with a planted patient_id", resp, body, http.StatusSeeOther)
	rec := e.browser()
	rec.login(subject(e.A, "reception"))
	_, body = rec.get(a + "/medical-reports/patient/" + other.patient.ID.String() + "/")
	if strings.Contains(body, "Planted") {
		t.Errorf("a patient's upload landed in another patient's record")
	}

	// Another patient's ids in the same clinic, and clinic B's: 404.
	for _, p := range []string{
		"/patient/prescriptions/" + other.prescription.String() + "/",
		"/patient/prescriptions/" + other.prescription.String() + "/pdf",
		"/patient/tests/" + other.test.String() + "/",
		"/patient/test-reports/" + other.report.String() + "/file",
		"/patient/reports/" + other.document.String() + "/download",
		"/patient/prescriptions/" + bMine.prescription.String() + "/",
		"/patient/tests/" + bMine.test.String() + "/",
		"/patient/reports/" + bMine.document.String() + "/download",
		"/patient/tests/" + pending.String() + "x/",
	} {
		resp, body := pat.get(a + p)
		wantStatus(t, "A1 opens "+p, resp, body, http.StatusNotFound)
	}
	resp, body = pat.get(bs + "/patient/dashboard/")
	wantStatus(t, "A1 in clinic B", resp, body, http.StatusNotFound)
	// Staff pages are not theirs.
	for _, p := range []string{"/lab/tests/", "/medical-reports/patient/" + mine.patient.ID.String() + "/",
		"/medical-reports/" + mine.document.String() + "/download"} {
		resp, body := pat.get(a + p)
		wantStatus(t, "patient opens "+p, resp, body, http.StatusForbidden)
	}
	resp, body = rec.get(a + "/patient/dashboard/")
	wantStatus(t, "receptionist on the portal", resp, body, http.StatusForbidden)
}
