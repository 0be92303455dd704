package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// labAPI calls the JSON API with any method, body and content type.
func (e *env) labAPI(method, path, token, ct string, body []byte) (*http.Response, string) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// labUpload is a multipart body with a "data" JSON part and a "file" part.
func labUpload(t *testing.T, data string, name string, file []byte) ([]byte, string) {
	t.Helper()
	fields := url.Values{}
	if data != "" {
		fields.Set("data", data)
	}
	buf, ct := labMultipart(t, fields, "file", name, file)
	return buf.Bytes(), ct
}

// labProblem checks a problem document's status and, when field is set,
// that it names the field.
func labProblem(t *testing.T, what string, resp *http.Response, body string, status int, field string) {
	t.Helper()
	wantStatus(t, what, resp, body, status)
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("%s: Content-Type %q, want application/problem+json", what, ct)
	}
	var p struct {
		Status int               `json:"status"`
		Errors map[string]string `json:"errors"`
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil || p.Status != status {
		t.Errorf("%s: not a problem document: %s", what, body)
	}
	if field != "" && p.Errors[field] == "" {
		t.Errorf("%s: no message for %s: %s", what, field, body)
	}
}

type labReportOut struct {
	ID           uuid.UUID  `json:"id"`
	ClinicID     uuid.UUID  `json:"clinic_id"`
	Status       string     `json:"status"`
	Current      bool       `json:"current"`
	Supersedes   *uuid.UUID `json:"supersedes"`
	SupersededBy *uuid.UUID `json:"superseded_by"`
	File         *struct {
		Name, ContentType string
	} `json:"file"`
	Values []struct {
		Analyte      string `json:"analyte"`
		AbnormalFlag string `json:"abnormal_flag"`
	} `json:"values"`
	History []struct {
		ID uuid.UUID `json:"id"`
	} `json:"history"`
}

func labDecode[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return v
}

func TestLabAPI(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	own, other := labPatients(t, e, e.A)
	id := labOrder(t, e, e.A, own.patient.ID)
	id2 := labOrder(t, e, e.A, other.patient.ID)
	base := "/api/v1/clinics/" + e.A.Slug
	lab := e.token(subject(e.A, "lab"), 10*time.Minute)
	pat := e.token(subject(e.A, "patient"), 10*time.Minute)
	rec := e.token(subject(e.A, "reception"), 10*time.Minute)
	const js = "application/json"

	// The worklist, paged one at a time: both new tests, no repeats.
	seen := map[uuid.UUID]bool{}
	next := base + "/tests?status=ordered&status=collected&limit=1"
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		resp, body := e.labAPI("GET", next, lab, "", nil)
		wantStatus(t, "list tests", resp, body, http.StatusOK)
		l := labDecode[struct {
			Items []struct {
				ID            uuid.UUID `json:"id"`
				ClinicID      uuid.UUID `json:"clinic_id"`
				PatientNumber string    `json:"patient_number"`
			} `json:"items"`
			Next *string `json:"next"`
		}](t, body)
		for _, it := range l.Items {
			if seen[it.ID] || it.ClinicID != e.A.ID || it.PatientNumber == "" {
				t.Errorf("list item %+v repeated or incomplete", it)
			}
			seen[it.ID] = true
		}
		next = ""
		if l.Next != nil {
			next = *l.Next
		}
	}
	if len(seen) != 2 || !seen[id] || !seen[id2] {
		t.Errorf("paged worklist: %v, want the 2 ordered tests", seen)
	}
	// The patient's list holds only their own tests.
	resp, body := e.labAPI("GET", base+"/tests?limit=200", pat, "", nil)
	wantStatus(t, "patient lists tests", resp, body, http.StatusOK)
	if strings.Contains(body, id2.String()) || !strings.Contains(body, id.String()) {
		t.Errorf("patient's test list is not exactly theirs")
	}

	resp, body = e.labAPI("POST", base+"/tests/"+id.String()+"/collect", lab, "", nil)
	wantStatus(t, "collect", resp, body, http.StatusOK)
	if !strings.Contains(body, `"status":"collected"`) || resp.Header.Get("ETag") == "" {
		t.Errorf("collect answer: %s", body)
	}
	resp, body = e.labAPI("POST", base+"/tests/"+id.String()+"/collect", lab, "", nil)
	labProblem(t, "collect twice", resp, body, http.StatusConflict, "")

	resp, body = e.labAPI("POST", base+"/tests/"+id.String()+"/reports", lab, js,
		[]byte(`{"notes":"fasting","values":[{"analyte":"LDL","value":"190","unit":"mg/dL","reference_range":"<130","abnormal_flag":"high"},{"analyte":"HDL","value":"45"}]}`))
	wantStatus(t, "enter results", resp, body, http.StatusCreated)
	rep := labDecode[labReportOut](t, body)
	if rep.Status != "preliminary" || len(rep.Values) != 2 || rep.Values[1].AbnormalFlag != "normal" || rep.ClinicID != e.A.ID ||
		resp.Header.Get("Location") != base+"/test-reports/"+rep.ID.String() {
		t.Fatalf("new report: %s (Location %s)", body, resp.Header.Get("Location"))
	}
	resp, body = e.labAPI("GET", base+"/test-reports/"+rep.ID.String(), pat, "", nil)
	labProblem(t, "patient reads a preliminary report", resp, body, http.StatusNotFound, "")
	resp, body = e.labAPI("POST", base+"/test-reports/"+rep.ID.String()+"/verify", pat, "", nil)
	labProblem(t, "patient verifies", resp, body, http.StatusForbidden, "")
	resp, body = e.labAPI("POST", base+"/test-reports/"+rep.ID.String()+"/verify", lab, js, []byte(`{}`))
	wantStatus(t, "verify", resp, body, http.StatusOK)
	resp, body = e.labAPI("POST", base+"/test-reports/"+rep.ID.String()+"/verify", lab, "", nil)
	labProblem(t, "verify twice", resp, body, http.StatusConflict, "")
	resp, body = e.labAPI("GET", base+"/test-reports/"+rep.ID.String(), pat, "", nil)
	wantStatus(t, "patient reads the final report", resp, body, http.StatusOK)

	// A correction with a new document, as multipart.
	mp, ct := labUpload(t, `{"notes":"re-run","values":[{"analyte":"LDL","value":"119","unit":"mg/dL"}]}`, "ldl.pdf", labPDF)
	resp, body = e.labAPI("POST", base+"/test-reports/"+rep.ID.String()+"/corrections", lab, ct, mp)
	wantStatus(t, "correction", resp, body, http.StatusCreated)
	cor := labDecode[labReportOut](t, body)
	if cor.Status != "corrected" || cor.Supersedes == nil || *cor.Supersedes != rep.ID || !cor.Current ||
		cor.File == nil || len(cor.History) != 2 {
		t.Fatalf("correction: %s", body)
	}
	resp, body = e.labAPI("POST", base+"/test-reports/"+rep.ID.String()+"/corrections", lab, js, []byte(`{"values":[{"analyte":"LDL","value":"1"}]}`))
	labProblem(t, "correct a replaced version", resp, body, http.StatusConflict, "")
	resp, body = e.labAPI("GET", base+"/test-reports/"+rep.ID.String(), pat, "", nil)
	wantStatus(t, "patient reads the earlier version", resp, body, http.StatusOK)
	if old := labDecode[labReportOut](t, body); old.Current || old.SupersededBy == nil || *old.SupersededBy != cor.ID {
		t.Errorf("earlier version: %s", body)
	}
	resp, body = e.labAPI("GET", base+"/test-reports/"+cor.ID.String()+"/file", pat, "", nil)
	wantStatus(t, "patient downloads the document", resp, body, http.StatusOK)
	labInert(t, resp, "application/pdf", "ldl.pdf")
	resp, body = e.labAPI("GET", base+"/test-reports/"+rep.ID.String()+"/file", pat, "", nil)
	labProblem(t, "a version without a document", resp, body, http.StatusNotFound, "")
	resp, body = e.labAPI("GET", base+"/tests/"+id.String(), pat, "", nil)
	wantStatus(t, "patient reads their test", resp, body, http.StatusOK)
	if d := labDecode[struct {
		Reports []labReportOut `json:"reports"`
	}](t, body); len(d.Reports) != 2 || d.Reports[0].ID != cor.ID {
		t.Errorf("test with its versions: %s", body)
	}

	// Roles.
	resp, body = e.labAPI("GET", base+"/tests?limit=1", rec, "", nil)
	wantStatus(t, "receptionist lists tests", resp, body, http.StatusOK)
	resp, body = e.labAPI("POST", base+"/tests/"+id2.String()+"/collect", rec, "", nil)
	labProblem(t, "receptionist collects", resp, body, http.StatusForbidden, "")
	resp, body = e.labAPI("POST", base+"/tests/"+id2.String()+"/reports", pat, js, []byte(`{"values":[{"analyte":"X","value":"1"}]}`))
	labProblem(t, "patient enters results", resp, body, http.StatusForbidden, "")
	resp, body = e.labAPI("GET", base+"/tests/"+id2.String(), pat, "", nil)
	labProblem(t, "patient reads another's test", resp, body, http.StatusNotFound, "")
	resp, body = e.labAPI("GET", base+"/tests", "", "", nil)
	wantStatus(t, "no token", resp, body, http.StatusUnauthorized)
}

func TestLabAPIBadInputAndOtherClinics(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	ownA, otherA := labPatients(t, e, e.A)
	ownB, _ := labPatients(t, e, e.B)
	idA := labOrder(t, e, e.A, ownA.patient.ID)
	idB := labOrder(t, e, e.B, ownB.patient.ID)
	a, b := "/api/v1/clinics/"+e.A.Slug, "/api/v1/clinics/"+e.B.Slug
	lab := e.token(subject(e.A, "lab"), 10*time.Minute)
	pat := e.token(subject(e.A, "patient"), 10*time.Minute)
	const js = "application/json"
	post := func(path, ct, body string) (*http.Response, string) {
		return e.labAPI("POST", a+path, lab, ct, []byte(body))
	}
	results := "/tests/" + idA.String() + "/reports"

	cases := []struct {
		what, path, ct, body string
		status               int
		field                string
	}{
		{"malformed JSON", results, js, `{"values":[`, 400, ""},
		{"trailing data", results, js, `{} {}`, 400, ""},
		{"unknown field", results, js, `{"values":[],"colour":"red"}`, 422, "colour"},
		{"wrong type", results, js, `{"values":"LDL"}`, 422, "values"},
		{"nested wrong type", results, js, `{"values":[{"analyte":"X","value":190}]}`, 422, "values.value"},
		{"no values", results, js, `{"values":[]}`, 422, "values"},
		{"invalid value", results, js, `{"values":[{"analyte":"X","value":"1"},{"analyte":"","value":"2"}]}`, 422, "values[1].analyte"},
		{"bad flag", results, js, `{"values":[{"analyte":"X","value":"1","abnormal_flag":"odd"}]}`, 422, "values[0].abnormal_flag"},
		{"remove_file on new results", results, js, `{"values":[{"analyte":"X","value":"1"}],"remove_file":true}`, 422, "remove_file"},
		{"wrong content type", results, "text/plain", `values`, 415, ""},
		{"no content type", results, "", `{}`, 415, ""},
		{"huge JSON", results, js, `{"notes":"` + strings.Repeat("x", 300<<10) + `"}`, 413, ""},
		{"invalid uuid in path", "/tests/not-a-uuid/reports", js, `{}`, 404, ""},
		{"unknown test", "/tests/" + uuid.NewString() + "/reports", js, `{"values":[{"analyte":"X","value":"1"}]}`, 404, ""},
		{"B's test under A", "/tests/" + idB.String() + "/reports", js, `{"values":[{"analyte":"X","value":"1"}]}`, 404, ""},
		{"B's test collected under A", "/tests/" + idB.String() + "/collect", "", ``, 404, ""},
		{"verify with a body", "/test-reports/" + ownA.report.String() + "/verify", js, `{"force":true}`, 422, "force"},
		{"medical report as JSON", "/medical-reports", js, `{"patient_id":"` + ownA.patient.ID.String() + `"}`, 415, ""},
	}
	for _, c := range cases {
		resp, body := post(c.path, c.ct, c.body)
		labProblem(t, c.what, resp, body, c.status, c.field)
	}
	for _, p := range []string{"/tests?patient_id=nope", "/tests?status=lost", "/tests?limit=0", "/tests?cursor=zzzz",
		"/medical-reports?patient_id=nope", "/medical-reports?limit=500"} {
		resp, body := e.labAPI("GET", a+p, lab, "", nil)
		labProblem(t, "GET "+p, resp, body, 422, "")
	}
	for _, p := range []string{"/tests/" + idB.String(), "/test-reports/" + ownB.report.String(),
		"/test-reports/" + ownB.report.String() + "/file", "/medical-reports/" + ownB.document.String(),
		"/medical-reports/" + ownB.document.String() + "/file", "/tests/" + uuid.NewString(), "/medical-reports/x"} {
		resp, body := e.labAPI("GET", a+p, lab, "", nil)
		labProblem(t, "A reads "+p, resp, body, 404, "")
	}
	resp, body := e.labAPI("GET", b+"/tests/"+idB.String(), lab, "", nil)
	labProblem(t, "A's token in clinic B", resp, body, 404, "")

	// Uploads: cross-clinic and other-patient ids in the body, hostile
	// files, unknown parts, over the limit. Nothing may be written.
	count := func(tok string) int {
		resp, body := e.labAPI("GET", a+"/medical-reports?limit=200", tok, "", nil)
		wantStatus(t, "list documents", resp, body, http.StatusOK)
		return strings.Count(body, `"original_filename"`)
	}
	before, beforeMine := count(lab), count(pat)
	upload := func(tok, data, name string, file []byte) (*http.Response, string) {
		mp, ct := labUpload(t, data, name, file)
		return e.labAPI("POST", a+"/medical-reports", tok, ct, mp)
	}
	resp, body = upload(lab, `{"patient_id":"`+ownB.patient.ID.String()+`"}`, "x.pdf", labPDF)
	labProblem(t, "staff upload for clinic B's patient", resp, body, 422, "patient_id")
	resp, body = upload(pat, `{"patient_id":"`+otherA.patient.ID.String()+`"}`, "x.pdf", labPDF)
	labProblem(t, "patient upload for another patient", resp, body, 422, "patient_id")
	resp, body = upload(lab, `{}`, "x.pdf", labPDF)
	labProblem(t, "staff upload without a patient", resp, body, 422, "patient_id")
	for name, file := range map[string]string{
		"exe.pdf": "MZ\x90\x00", "x.svg": `<svg><script>alert(1)</script></svg>`, "x.html": "<html></html>",
		"poly.gif": "GIF89a/*\x00*/=1;alert(1)//",
	} {
		resp, body = upload(lab, `{"patient_id":"`+ownA.patient.ID.String()+`"}`, name, []byte(file))
		labProblem(t, "hostile "+name, resp, body, 422, "file")
	}
	mp, ct := labMultipart(t, url.Values{"data": {`{}`}, "extra": {"1"}}, "file", "x.pdf", labPDF)
	resp, body = e.labAPI("POST", a+"/medical-reports", pat, ct, mp.Bytes())
	labProblem(t, "unknown part", resp, body, 422, "extra")
	mp, ct = labMultipart(t, url.Values{"data": {`{}`}}, "", "", nil)
	resp, body = e.labAPI("POST", a+"/medical-reports", pat, ct, mp.Bytes())
	labProblem(t, "no file", resp, body, 422, "file")
	resp, body = upload(pat, `{"colour":1}`, "x.pdf", labPDF)
	labProblem(t, "unknown data field", resp, body, 422, "colour")
	resp, body = upload(pat, `{}`, "big.pdf", append([]byte("%PDF-"), make([]byte, 12<<20)...))
	labProblem(t, "over the limit", resp, body, 413, "")
	if n, m := count(lab), count(pat); n != before || m != beforeMine {
		t.Fatalf("refused uploads wrote documents: %d → %d, patient %d → %d", before, n, beforeMine, m)
	}

	// The patient's own upload, without a patient_id.
	resp, body = upload(pat, `{"report_type":"referral","description":"from Dr. Rao"}`, "ref.jpg", []byte("\xff\xd8\xff\xe0rest"))
	wantStatus(t, "patient uploads their own", resp, body, http.StatusCreated)
	m := labDecode[struct {
		ID        uuid.UUID `json:"id"`
		PatientID uuid.UUID `json:"patient_id"`
		Uploader  *string   `json:"uploader_name"`
	}](t, body)
	if m.PatientID != ownA.patient.ID || !strings.HasSuffix(resp.Header.Get("Location"), "/medical-reports/"+m.ID.String()) {
		t.Fatalf("patient's upload: %s", body)
	}
	resp, body = e.labAPI("GET", a+"/medical-reports/"+m.ID.String()+"/file", lab, "", nil)
	wantStatus(t, "staff download the patient's upload", resp, body, http.StatusOK)
	labInert(t, resp, "image/jpeg", "ref.jpg")
	resp, body = e.labAPI("GET", a+"/medical-reports?patient_id="+otherA.patient.ID.String(), pat, "", nil)
	wantStatus(t, "patient lists another's documents", resp, body, http.StatusOK)
	if strings.Contains(body, `"id"`) {
		t.Errorf("patient sees another patient's documents: %s", body)
	}
}
