package app_test

import (
	"bytes"
	"context"
	"mime/multipart"
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

// labPDF is the smallest document the upload check takes for a PDF.
var labPDF = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// labRecords are a patient's seeded records, as the clinic's admin reads
// them: one of each.
type labRecords struct {
	patient                              dbsqlc.Patient
	prescription, test, report, document uuid.UUID
}

// labPatients returns the clinic's patient linked to its patient login and
// another patient, with their records.
func labPatients(t *testing.T, e *env, c dbtest.Clinic) (own, other labRecords) {
	t.Helper()
	ctx := context.Background()
	q := e.st.Queries()
	err := e.st.Read(ctx, c.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		ps, err := q.ListPatients(ctx, tx, clinic.NewestPatients(10))
		if err != nil {
			return err
		}
		for _, p := range ps {
			r := labRecords{patient: p}
			rxs, err := q.ListPatientPrescriptions(ctx, tx, p.ID)
			if err != nil || len(rxs) == 0 {
				return err
			}
			r.prescription = rxs[0].ID
			tests, err := q.ListPatientTests(ctx, tx, p.ID)
			if err != nil || len(tests) == 0 {
				return err
			}
			r.test = tests[0].ID
			reps, err := q.ListPatientTestReports(ctx, tx, p.ID)
			if err != nil || len(reps) == 0 {
				return err
			}
			r.report = reps[0].ID
			docs, err := q.ListPatientMedicalReports(ctx, tx, p.ID)
			if err != nil || len(docs) == 0 {
				return err
			}
			r.document = docs[0].ID
			if p.UserID != nil && *p.UserID == c.Users[store.RolePatient].ID {
				own = r
			} else {
				other = r
			}
		}
		return nil
	})
	if err != nil || own.report == uuid.Nil || other.report == uuid.Nil {
		t.Fatalf("seeded records: %v", err)
	}
	return own, other
}

// labOrder orders a test for patient as the clinic's doctor.
func labOrder(t *testing.T, e *env, c dbtest.Clinic, patient uuid.UUID) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	doc := c.Users[store.RoleDoctor].ID
	var id uuid.UUID
	err := e.st.Tx(ctx, c.Scope(store.RoleDoctor), func(tx dbsqlc.DBTX) error {
		tst, err := e.st.Queries().OrderTest(ctx, tx, dbsqlc.OrderTestParams{
			PatientID: patient, OrderedBy: &doc, TestType: "blood", Name: "Lipid profile", Urgency: "urgent"})
		id = tst.ID
		return err
	})
	if err != nil {
		t.Fatalf("order test: %v", err)
	}
	return id
}

// labMultipart is a multipart form body: fields, then one file (none when
// name is "").
func labMultipart(t *testing.T, fields url.Values, file, name string, data []byte) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if name != "" {
		fw, err := mw.CreateFormFile(file, name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func (b *browser) postMultipart(path string, body *bytes.Buffer, ct string) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.abs(path), body)
	req.Header.Set("Content-Type", ct)
	return b.do(req)
}

// labRows is a results form of n value rows, the first ones filled.
func labRows(n int, filled ...[4]string) url.Values {
	v := url.Values{}
	for i := 0; i < n; i++ {
		var r [4]string
		if i < len(filled) {
			r = filled[i]
		}
		v.Add("analyte", r[0])
		v.Add("value", r[1])
		v.Add("unit", r[2])
		v.Add("reference_range", r[3])
		flag := "normal"
		if i == 0 && r[0] != "" {
			flag = "high"
		}
		v.Add("abnormal_flag", flag)
	}
	return v
}

var labReportLoc = regexp.MustCompile(`/lab/reports/([0-9a-f-]{36})/$`)

func TestLabPagesDay(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	own, _ := labPatients(t, e, e.A)
	id := labOrder(t, e, e.A, own.patient.ID)
	base := "/clinic/" + e.A.Slug
	lab := e.browser()
	lab.login(subject(e.A, "lab"))

	resp, body := lab.get(base + "/lab/tests/")
	wantStatus(t, "pending tests", resp, body, http.StatusOK)
	if !strings.Contains(body, id.String()) || !strings.Contains(body, own.patient.PatientNumber) || !strings.Contains(body, "Mark collected") {
		t.Fatalf("pending tests page lacks the new test:\n%s", body)
	}
	resp, body = lab.get(base + "/lab/tests/?status=completed&urgency=stat")
	wantStatus(t, "filtered", resp, body, http.StatusOK)
	if strings.Contains(body, id.String()) {
		t.Errorf("filter by completed stat tests shows an ordered urgent test")
	}
	resp, body = lab.get(base + "/lab/tests/?status=lost")
	wantStatus(t, "unknown status filter", resp, body, http.StatusUnprocessableEntity)
	resp, body = lab.get(base + "/lab/tests/?cursor=not-a-cursor")
	wantStatus(t, "bad cursor", resp, body, http.StatusUnprocessableEntity)

	resp, body = lab.post(base+"/lab/tests/"+id.String()+"/collect", url.Values{"back": {"test"}})
	wantStatus(t, "collect", resp, body, http.StatusSeeOther)
	if resp.Header.Get("Location") != base+"/lab/tests/"+id.String()+"/" {
		t.Errorf("collect redirects to %s", resp.Header.Get("Location"))
	}
	resp, body = lab.post(base+"/lab/tests/"+id.String()+"/collect", nil)
	wantStatus(t, "collect twice", resp, body, http.StatusConflict)

	resp, body = lab.get(base + "/lab/tests/" + id.String() + "/")
	wantStatus(t, "test page", resp, body, http.StatusOK)
	if strings.Count(body, `name="analyte"`) != 10 || !strings.Contains(body, `enctype="multipart/form-data"`) {
		t.Fatalf("test page lacks the ten-row results form:\n%s", body)
	}

	// Invalid: a row with an analyte but no value. The form comes back
	// with what was typed and the message next to the row.
	form := labRows(10, [4]string{"LDL", "190", "mg/dL", "<130"}, [4]string{"HDL-typed", "", "mg/dL", ""})
	form.Set("notes", "Fasting sample")
	buf, ct := labMultipart(t, form, "", "", nil)
	resp, body = lab.postMultipart(base+"/lab/tests/"+id.String()+"/results", buf, ct)
	wantStatus(t, "results missing a value", resp, body, http.StatusUnprocessableEntity)
	for _, want := range []string{`value="HDL-typed"`, `id="value-2-err"`, `aria-invalid="true"`, "Fasting sample", "Nothing was saved"} {
		if !strings.Contains(body, want) {
			t.Errorf("re-rendered form lacks %q", want)
		}
	}
	// A hostile file is refused the same way.
	buf, ct = labMultipart(t, labRows(10, [4]string{"LDL", "190", "mg/dL", "<130"}), "file", "report.pdf", []byte("MZ\x90\x00\x03"))
	resp, body = lab.postMultipart(base+"/lab/tests/"+id.String()+"/results", buf, ct)
	wantStatus(t, "results with an executable", resp, body, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Upload a PDF, PNG or JPEG file.") {
		t.Errorf("no message for the executable")
	}
	// More rows: ten more, nothing saved.
	buf, ct = labMultipart(t, func() url.Values { v := labRows(10, [4]string{"LDL", "190", "", ""}); v.Set("more", "1"); return v }(), "", "", nil)
	resp, body = lab.postMultipart(base+"/lab/tests/"+id.String()+"/results", buf, ct)
	wantStatus(t, "more rows", resp, body, http.StatusOK)
	if strings.Count(body, `name="analyte"`) != 20 || !strings.Contains(body, `value="LDL"`) {
		t.Errorf("more rows: %d rows", strings.Count(body, `name="analyte"`))
	}

	buf, ct = labMultipart(t, labRows(10, [4]string{"LDL", "190", "mg/dL", "<130"}, [4]string{"HDL", "45", "mg/dL", ">40"}), "file", "lipids.pdf", labPDF)
	resp, body = lab.postMultipart(base+"/lab/tests/"+id.String()+"/results", buf, ct)
	wantStatus(t, "results", resp, body, http.StatusSeeOther)
	m := labReportLoc.FindStringSubmatch(resp.Header.Get("Location"))
	if m == nil {
		t.Fatalf("results redirect to %s", resp.Header.Get("Location"))
	}
	rep := m[1]
	resp, body = lab.get(base + "/lab/reports/" + rep + "/")
	wantStatus(t, "report page", resp, body, http.StatusOK)
	for _, want := range []string{"preliminary", "Verify and release", `<strong class="abnormal">190</strong>`, "lipids.pdf"} {
		if !strings.Contains(body, want) {
			t.Errorf("preliminary report page lacks %q", want)
		}
	}
	resp, body = lab.post(base+"/lab/reports/"+rep+"/verify", nil)
	wantStatus(t, "verify", resp, body, http.StatusSeeOther)
	resp, body = lab.post(base+"/lab/reports/"+rep+"/verify", nil)
	wantStatus(t, "verify twice", resp, body, http.StatusConflict)

	resp, body = lab.get(base + "/lab/reports/" + rep + "/correct")
	wantStatus(t, "correction form", resp, body, http.StatusOK)
	if !strings.Contains(body, `value="LDL"`) || !strings.Contains(body, `value="190"`) {
		t.Errorf("correction form is not pre-filled")
	}
	buf, ct = labMultipart(t, labRows(5, [4]string{"LDL", "", "", ""}), "", "", nil)
	resp, body = lab.postMultipart(base+"/lab/reports/"+rep+"/correct", buf, ct)
	wantStatus(t, "invalid correction", resp, body, http.StatusUnprocessableEntity)
	buf, ct = labMultipart(t, labRows(5, [4]string{"LDL", "119", "mg/dL", "<130"}), "", "", nil)
	resp, body = lab.postMultipart(base+"/lab/reports/"+rep+"/correct", buf, ct)
	wantStatus(t, "correction", resp, body, http.StatusSeeOther)
	m = labReportLoc.FindStringSubmatch(resp.Header.Get("Location"))
	if m == nil || m[1] == rep {
		t.Fatalf("correction redirects to %s", resp.Header.Get("Location"))
	}
	resp, body = lab.get(base + "/lab/reports/" + rep + "/")
	wantStatus(t, "earlier version", resp, body, http.StatusOK)
	if !strings.Contains(body, "replaced by a correction") || !strings.Contains(body, m[1]) || strings.Contains(body, "Correct this report") {
		t.Errorf("earlier version does not say it was replaced")
	}
	resp, body = lab.get(base + "/lab/reports/" + m[1] + "/")
	wantStatus(t, "corrected version", resp, body, http.StatusOK)
	if !strings.Contains(body, "corrected report") || !strings.Contains(body, "119") || !strings.Contains(body, "lipids.pdf") {
		t.Errorf("corrected version page:\n%s", body)
	}
	resp, body = lab.get(base + "/lab/reports/" + m[1] + "/file")
	wantStatus(t, "kept file", resp, body, http.StatusOK)
	labInert(t, resp, "application/pdf", "lipids.pdf")
	if body != string(labPDF) {
		t.Errorf("downloaded file differs")
	}
}

// labInert checks the headers that make a download inert.
func labInert(t *testing.T, resp *http.Response, ct, name string) {
	t.Helper()
	h := resp.Header
	if h.Get("Content-Type") != ct {
		t.Errorf("Content-Type %q, want %q", h.Get("Content-Type"), ct)
	}
	if d := h.Get("Content-Disposition"); d != `attachment; filename=`+name && d != `attachment; filename="`+name+`"` {
		t.Errorf("Content-Disposition %q, want an attachment named %s", d, name)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Cache-Control"), "no-store") ||
		!strings.Contains(h.Get("Cache-Control"), "private") || !strings.HasPrefix(h.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("download headers are not inert: %v", h)
	}
}

func TestLabPagesRolesAndOtherClinics(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	ownA, _ := labPatients(t, e, e.A)
	idA := labOrder(t, e, e.A, ownA.patient.ID)
	a, bs := "/clinic/"+e.A.Slug, "/clinic/"+e.B.Slug

	for _, who := range []string{"reception", "patient"} {
		br := e.browser()
		br.login(subject(e.A, who))
		resp, body := br.get(a + "/lab/tests/")
		wantStatus(t, who+" on the lab page", resp, body, http.StatusForbidden)
		resp, body = br.post(a+"/lab/tests/"+idA.String()+"/collect", nil)
		wantStatus(t, who+" collects", resp, body, http.StatusForbidden)
	}
	doc := e.browser()
	doc.login(subject(e.A, "doctor"))
	resp, body := doc.get(a + "/lab/reports/" + ownA.report.String() + "/")
	wantStatus(t, "doctor opens a report", resp, body, http.StatusOK)

	// Clinic B's lab technician, with clinic A's ids in B's URLs.
	labB := e.browser()
	labB.login(subject(e.B, "lab"))
	for _, p := range []string{"/lab/tests/" + idA.String() + "/", "/lab/reports/" + ownA.report.String() + "/",
		"/lab/reports/" + ownA.report.String() + "/correct", "/lab/reports/" + ownA.report.String() + "/file",
		"/medical-reports/patient/" + ownA.patient.ID.String() + "/", "/medical-reports/" + ownA.document.String() + "/download",
		"/lab/tests/not-a-uuid/", "/lab/reports/" + uuid.NewString() + "/"} {
		resp, body := labB.get(bs + p)
		wantStatus(t, "B opens "+p, resp, body, http.StatusNotFound)
	}
	resp, body = labB.post(bs+"/lab/tests/"+idA.String()+"/collect", nil)
	wantStatus(t, "B collects A's test", resp, body, http.StatusNotFound)
	resp, body = labB.post(bs+"/lab/reports/"+ownA.report.String()+"/verify", nil)
	wantStatus(t, "B verifies A's report", resp, body, http.StatusNotFound)
	buf, ct := labMultipart(t, labRows(3, [4]string{"X", "1", "", ""}), "", "", nil)
	resp, body = labB.postMultipart(bs+"/lab/tests/"+idA.String()+"/results", buf, ct)
	wantStatus(t, "B enters results for A's test", resp, body, http.StatusNotFound)
	buf, ct = labMultipart(t, url.Values{"report_type": {"lab"}}, "file", "x.pdf", labPDF)
	resp, body = labB.postMultipart(bs+"/medical-reports/patient/"+ownA.patient.ID.String()+"/", buf, ct)
	wantStatus(t, "B uploads to A's patient", resp, body, http.StatusNotFound)
	// A's lab technician with A's ids in B's URLs: not a member there.
	labA := e.browser()
	labA.login(subject(e.A, "lab"))
	resp, body = labA.get(bs + "/lab/tests/" + idA.String() + "/")
	wantStatus(t, "A's ids under B's slug", resp, body, http.StatusNotFound)

	// Nothing of A changed.
	resp, body = labA.get(a + "/lab/tests/" + idA.String() + "/")
	wantStatus(t, "A's test", resp, body, http.StatusOK)
	if !strings.Contains(body, "Mark sample collected") || strings.Contains(body, "<h2>Reports</h2>") {
		t.Errorf("A's test changed after B's attempts")
	}
	resp, body = labA.get(a + "/medical-reports/patient/" + ownA.patient.ID.String() + "/")
	wantStatus(t, "A's documents", resp, body, http.StatusOK)
	if strings.Count(body, "/download") != 1 {
		t.Errorf("A's patient has %d documents, want the seeded 1", strings.Count(body, "/download"))
	}
}

// TestFilesHostileUploads sends what an attacker would, as a staff member
// and as a patient, and checks that each is refused with a message and
// nothing written, or, for a real PDF named .html, stored and served
// inertly as a PDF.
func TestFilesHostileUploads(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	own, _ := labPatients(t, e, e.A)
	a := "/clinic/" + e.A.Slug
	rec := e.browser()
	rec.login(subject(e.A, "reception"))
	pat := e.browser()
	pat.login(subject(e.A, "patient"))
	staffURL := a + "/medical-reports/patient/" + own.patient.ID.String() + "/"
	count := func() int {
		_, body := rec.get(staffURL)
		return strings.Count(body, "/download")
	}
	before := count()

	hostile := []struct{ name, file string }{
		{"an executable named .pdf", "MZ\x90\x00\x03\x00\x00\x00\x04\x00"},
		{"an SVG with script", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>`},
		{"HTML", "<!doctype html><html><script>fetch('/api')</script></html>"},
		{"a GIF/JavaScript polyglot", "GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=1;alert(document.domain);//"},
		{"an empty file", ""},
	}
	for _, h := range hostile {
		for _, who := range []struct {
			b   *browser
			url string
		}{{rec, staffURL}, {pat, a + "/patient/reports/upload"}} {
			buf, ct := labMultipart(t, url.Values{"report_type": {"lab"}, "description": {"typed text"}}, "file", "report.pdf", []byte(h.file))
			resp, body := who.b.postMultipart(who.url, buf, ct)
			wantStatus(t, h.name+" to "+who.url, resp, body, http.StatusUnprocessableEntity)
			if !strings.Contains(body, `id="file-err"`) || !strings.Contains(body, `value="typed text"`) {
				t.Errorf("%s: no message next to the file, or the description was lost", h.name)
			}
		}
	}
	// No file at all.
	buf, ct := labMultipart(t, url.Values{"report_type": {"lab"}}, "", "", nil)
	resp, body := rec.postMultipart(staffURL, buf, ct)
	wantStatus(t, "no file", resp, body, http.StatusUnprocessableEntity)
	// Over the limit (10 MiB by default): refused before it is read.
	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("0"), 12<<20)...)
	buf, ct = labMultipart(t, url.Values{"report_type": {"lab"}}, "file", "big.pdf", big)
	resp, body = rec.postMultipart(staffURL, buf, ct)
	wantStatus(t, "over-limit upload", resp, body, http.StatusRequestEntityTooLarge)
	// Just over the limit but within the form's overhead: the domain says so.
	big = append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("0"), 10<<20)...)
	buf, ct = labMultipart(t, url.Values{"report_type": {"lab"}}, "file", "big.pdf", big)
	resp, body = pat.postMultipart(a+"/patient/reports/upload", buf, ct)
	wantStatus(t, "just over the limit", resp, body, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "larger than 10 MiB") {
		t.Errorf("no size message")
	}
	if n := count(); n != before {
		t.Fatalf("refused uploads wrote %d documents", n-before)
	}

	// A real PDF named .html, and a 2 MiB PNG (above the default 1 MiB
	// request limit, which upload routes raise).
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 2<<20)...)
	for _, up := range []struct {
		name, listed, want, ct string
		data                   []byte
	}{
		{"results.html", "results.html", "results.pdf", "application/pdf", []byte("%PDF-1.4\n<html><script>alert(1)</script></html>")},
		{"../../etc/scan\".png", "scan&#34;.png", "scan_.png", "image/png", png},
	} {
		buf, ct = labMultipart(t, url.Values{"report_type": {"imaging"}}, "file", up.name, up.data)
		resp, body = rec.postMultipart(staffURL, buf, ct)
		wantStatus(t, "upload "+up.name, resp, body, http.StatusSeeOther)
		resp, body = rec.get(staffURL)
		m := regexp.MustCompile(`/medical-reports/([0-9a-f-]{36})/download" download>` + regexp.QuoteMeta(up.listed)).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("uploaded %s not listed:\n%s", up.name, body)
		}
		resp, body = rec.get(a + "/medical-reports/" + m[1] + "/download")
		wantStatus(t, "download "+up.name, resp, body, http.StatusOK)
		labInert(t, resp, up.ct, up.want)
		if body != string(up.data) {
			t.Errorf("%s: downloaded bytes differ", up.name)
		}
	}
}
