package api_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/api/apitest"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// labPDF is the smallest document the upload check takes for a PDF.
var labPDF = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// labSeeded are a seeded patient's records (one of each).
type labSeeded struct {
	patient, report, document uuid.UUID
}

// labPatients returns clinic c's patient linked to its patient login and
// another patient.
func labPatients(t *testing.T, e *apitest.Env, c dbtest.Clinic) (own, other labSeeded) {
	t.Helper()
	ctx := context.Background()
	q := e.Store.Queries()
	err := e.Store.Read(ctx, c.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		ps, err := q.ListPatients(ctx, tx, clinic.NewestPatients(10))
		if err != nil {
			return err
		}
		for _, p := range ps {
			r := labSeeded{patient: p.ID}
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

// labOrder orders a test for patient as clinic c's doctor.
func labOrder(t *testing.T, e *apitest.Env, c dbtest.Clinic, patient uuid.UUID) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	doc := c.Users[store.RoleDoctor].ID
	var id uuid.UUID
	err := e.Store.Tx(ctx, c.Scope(store.RoleDoctor), func(tx dbsqlc.DBTX) error {
		tst, err := e.Store.Queries().OrderTest(ctx, tx, dbsqlc.OrderTestParams{
			PatientID: patient, OrderedBy: &doc, TestType: "blood", Name: "Lipid profile", Urgency: "urgent"})
		id = tst.ID
		return err
	})
	if err != nil {
		t.Fatalf("order test: %v", err)
	}
	return id
}

// labUpload is a multipart body: a "data" part (none when data is ""),
// further parts, and a "file" part (none when name is "").
func labUpload(t *testing.T, data, name string, file []byte, extra ...string) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if data != "" {
		mw.WriteField("data", data)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		mw.WriteField(extra[i], extra[i+1])
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// labSend posts a multipart body (the client checks the response against
// the document; multipart requests are not checked by it).
func labSend(t *testing.T, e *apitest.Env, path, token, ct string, body []byte, header ...string) *apitest.Response {
	t.Helper()
	req := apitest.Request{Method: "POST", Path: path, Token: token, ContentType: ct, Body: body, Header: http.Header{}}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return e.Send(t, req)
}

// labInert checks the headers that make a download inert.
func labInert(t *testing.T, res *apitest.Response, ct, name string) {
	t.Helper()
	h := res.Header
	if h.Get("Content-Type") != ct {
		t.Errorf("Content-Type %q, want %q", h.Get("Content-Type"), ct)
	}
	if d := h.Get("Content-Disposition"); d != "attachment; filename="+name && d != `attachment; filename="`+name+`"` {
		t.Errorf("Content-Disposition %q, want an attachment named %s", d, name)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "private, no-store" ||
		!strings.HasPrefix(h.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("download headers are not inert: %v", h)
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
		Name string `json:"name"`
	} `json:"file"`
	Values []struct {
		Analyte      string `json:"analyte"`
		AbnormalFlag string `json:"abnormal_flag"`
	} `json:"values"`
	History []struct {
		ID uuid.UUID `json:"id"`
	} `json:"history"`
}

func TestLabTestsAndReports(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	own, other := labPatients(t, e, e.A)
	id := labOrder(t, e, e.A, own.patient)
	id2 := labOrder(t, e, e.A, other.patient)
	lab, pat := e.Token(t, e.A, store.RoleLabTech), e.Token(t, e.A, store.RolePatient)
	rec := e.Token(t, e.A, store.RoleReceptionist)
	p := func(rest string) string { return apitest.ClinicPath(e.A, rest) }

	// The worklist, one item a page: both new tests, none twice.
	seen := map[uuid.UUID]bool{}
	next := apitest.Query(p("tests"), "status", "ordered", "status", "collected", "limit", "1")
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		var l struct {
			Items []struct {
				ID       uuid.UUID `json:"id"`
				ClinicID uuid.UUID `json:"clinic_id"`
			} `json:"items"`
			Next *string `json:"next"`
		}
		e.Do(t, "GET", next, lab, nil).Want(t, http.StatusOK).Decode(t, &l)
		for _, it := range l.Items {
			if seen[it.ID] || it.ClinicID != e.A.ID {
				t.Errorf("list item %+v repeated or of another clinic", it)
			}
			seen[it.ID] = true
		}
		next = ""
		if l.Next != nil {
			next = *l.Next
		}
	}
	if len(seen) != 2 || !seen[id] || !seen[id2] {
		t.Errorf("paged worklist %v, want the 2 ordered tests", seen)
	}
	res := e.Do(t, "GET", apitest.Query(p("tests"), "limit", "200"), pat, nil).Want(t, http.StatusOK)
	if strings.Contains(string(res.Body), id2.String()) || !strings.Contains(string(res.Body), id.String()) {
		t.Errorf("a patient's test list is not exactly theirs")
	}

	res = e.Do(t, "POST", p("tests/"+id.String()+"/collect"), lab, nil).Want(t, http.StatusOK)
	if !strings.Contains(string(res.Body), `"status":"collected"`) {
		t.Errorf("collect: %s", res.Body)
	}
	if k := e.Do(t, "POST", p("tests/"+id.String()+"/collect"), lab, nil).Want(t, http.StatusConflict).Problem(t).Kind(); k != "state" {
		t.Errorf("collect twice: %s", k)
	}

	body := map[string]any{"notes": "fasting", "values": []map[string]any{
		{"analyte": "LDL", "value": "190", "unit": "mg/dL", "reference_range": "<130", "abnormal_flag": "high"},
		{"analyte": "HDL", "value": "45"},
	}}
	res = e.Do(t, "POST", p("tests/"+id.String()+"/reports"), lab, body, "Idempotency-Key", "results-1").Want(t, http.StatusCreated)
	var rep labReportOut
	res.Decode(t, &rep)
	if rep.Status != "preliminary" || len(rep.Values) != 2 || rep.Values[1].AbnormalFlag != "normal" ||
		res.Header.Get("Location") != p("test-reports/"+rep.ID.String()) {
		t.Fatalf("new report: %s", res.Body)
	}
	// The same key and body: the first answer again, nothing written twice.
	again := e.Do(t, "POST", p("tests/"+id.String()+"/reports"), lab, body, "Idempotency-Key", "results-1").Want(t, http.StatusCreated)
	if string(again.Body) != string(res.Body) {
		t.Errorf("a repeated Idempotency-Key created again: %s", again.Body)
	}
	e.Do(t, "GET", p("test-reports/"+rep.ID.String()), pat, nil).Want(t, http.StatusNotFound)
	e.Do(t, "POST", p("test-reports/"+rep.ID.String()+"/verify"), pat, nil).Want(t, http.StatusForbidden)
	// As curl sends it: a JSON content type and no body.
	e.Send(t, apitest.Request{Method: "POST", Path: p("test-reports/" + rep.ID.String() + "/verify"), Token: lab,
		ContentType: "application/json"}).Want(t, http.StatusOK)
	e.Do(t, "POST", p("test-reports/"+rep.ID.String()+"/verify"), lab, map[string]any{}).Want(t, http.StatusConflict)
	e.Do(t, "POST", p("test-reports/"+rep.ID.String()+"/verify"), lab, nil).Want(t, http.StatusConflict)
	e.Do(t, "GET", p("test-reports/"+rep.ID.String()), pat, nil).Want(t, http.StatusOK)

	// A correction with a new document, as multipart.
	mp, ct := labUpload(t, `{"notes":"re-run","values":[{"analyte":"LDL","value":"119","unit":"mg/dL"}]}`, "ldl.pdf", labPDF)
	res = labSend(t, e, p("test-reports/"+rep.ID.String()+"/corrections"), lab, ct, mp).Want(t, http.StatusCreated)
	var cor labReportOut
	res.Decode(t, &cor)
	if cor.Status != "corrected" || cor.Supersedes == nil || *cor.Supersedes != rep.ID || !cor.Current ||
		cor.File == nil || cor.File.Name != "ldl.pdf" || len(cor.History) != 2 {
		t.Fatalf("correction: %s", res.Body)
	}
	e.Do(t, "POST", p("test-reports/"+rep.ID.String()+"/corrections"), lab,
		map[string]any{"values": []map[string]any{{"analyte": "LDL", "value": "1"}}}).Want(t, http.StatusConflict)
	var old labReportOut
	e.Do(t, "GET", p("test-reports/"+rep.ID.String()), pat, nil).Want(t, http.StatusOK).Decode(t, &old)
	if old.Current || old.SupersededBy == nil || *old.SupersededBy != cor.ID {
		t.Errorf("the earlier version: %+v", old)
	}
	// A JSON correction keeps the document; remove_file drops it.
	var kept, dropped labReportOut
	e.Do(t, "POST", p("test-reports/"+cor.ID.String()+"/corrections"), lab,
		map[string]any{"values": []map[string]any{{"analyte": "LDL", "value": "118"}}}).Want(t, http.StatusCreated).Decode(t, &kept)
	e.Do(t, "POST", p("test-reports/"+kept.ID.String()+"/corrections"), lab,
		map[string]any{"values": []map[string]any{{"analyte": "LDL", "value": "117"}}, "remove_file": true}).Want(t, http.StatusCreated).Decode(t, &dropped)
	if kept.File == nil || dropped.File != nil {
		t.Errorf("document kept %v, removed %v", kept.File, dropped.File)
	}

	res = e.Do(t, "GET", p("test-reports/"+cor.ID.String()+"/file"), pat, nil).Want(t, http.StatusOK)
	labInert(t, res, "application/pdf", "ldl.pdf")
	e.Do(t, "GET", p("test-reports/"+rep.ID.String()+"/file"), pat, nil).Want(t, http.StatusNotFound)
	var d struct {
		Reports []labReportOut `json:"reports"`
	}
	e.Do(t, "GET", p("tests/"+id.String()), pat, nil).Want(t, http.StatusOK).Decode(t, &d)
	if len(d.Reports) != 4 || d.Reports[0].ID != dropped.ID {
		t.Errorf("the test's versions, newest first: %+v", d.Reports)
	}

	// Roles.
	e.Do(t, "GET", apitest.Query(p("tests"), "limit", "1"), rec, nil).Want(t, http.StatusOK)
	e.Do(t, "POST", p("tests/"+id2.String()+"/collect"), rec, nil).Want(t, http.StatusForbidden)
	e.Do(t, "POST", p("tests/"+id2.String()+"/reports"), pat,
		map[string]any{"values": []map[string]any{{"analyte": "X", "value": "1"}}}).Want(t, http.StatusForbidden)
	e.Do(t, "GET", p("tests/"+id2.String()), pat, nil).Want(t, http.StatusNotFound)
	e.Do(t, "POST", p("tests/"+id2.String()+"/collect"), e.Token(t, e.A, store.RoleDoctor), nil).Want(t, http.StatusOK)
}

func TestLabBadInputAndOtherClinics(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	ownA, otherA := labPatients(t, e, e.A)
	ownB, _ := labPatients(t, e, e.B)
	idA := labOrder(t, e, e.A, ownA.patient)
	idB := labOrder(t, e, e.B, ownB.patient)
	lab, pat := e.Token(t, e.A, store.RoleLabTech), e.Token(t, e.A, store.RolePatient)
	p := func(rest string) string { return apitest.ClinicPath(e.A, rest) }
	results := p("tests/" + idA.String() + "/reports")
	one := map[string]any{"values": []map[string]any{{"analyte": "X", "value": "1"}}}

	// Invalid fields are named (valid JSON the document would also refuse:
	// sent unchecked).
	for _, c := range []struct {
		what, body, field string
	}{
		{"unknown field", `{"values":[],"colour":"red"}`, "colour"},
		{"wrong type", `{"values":"LDL"}`, "values"},
		{"no values", `{"values":[]}`, "values"},
		{"no analyte", `{"values":[{"analyte":"X","value":"1"},{"analyte":"","value":"2"}]}`, "values[1].analyte"},
		{"bad flag", `{"values":[{"analyte":"X","value":"1","abnormal_flag":"odd"}]}`, "values[0].abnormal_flag"},
		{"remove_file on new results", `{"values":[{"analyte":"X","value":"1"}],"remove_file":true}`, "remove_file"},
	} {
		pr := e.Send(t, apitest.Request{Method: "POST", Path: results, Token: lab, ContentType: "application/json",
			Body: []byte(c.body)}).Want(t, http.StatusUnprocessableEntity).Problem(t)
		if pr.Errors[c.field] == "" {
			t.Errorf("%s: no message for %s: %+v", c.what, c.field, pr.Errors)
		}
	}
	e.Do(t, "POST", p("tests/"+uuid.NewString()+"/reports"), lab, one).Want(t, http.StatusNotFound)
	e.Do(t, "POST", p("tests/"+idB.String()+"/reports"), lab, one).Want(t, http.StatusNotFound)
	e.Do(t, "POST", p("tests/"+idB.String()+"/collect"), lab, nil).Want(t, http.StatusNotFound)
	e.Do(t, "POST", p("test-reports/"+ownB.report.String()+"/verify"), lab, nil).Want(t, http.StatusNotFound)
	for _, q := range [][]string{{"patient_id", "nope"}, {"status", "lost"}, {"urgency", "now"}, {"cursor", "zzzz"}} {
		e.Send(t, apitest.Request{Method: "GET", Path: apitest.Query(p("tests"), q...), Token: lab}).Want(t, http.StatusUnprocessableEntity)
	}
	e.Send(t, apitest.Request{Method: "GET", Path: apitest.Query(p("medical-reports"), "patient_id", "nope"), Token: lab}).Want(t, http.StatusUnprocessableEntity)
	for _, path := range []string{"tests/" + idB.String(), "test-reports/" + ownB.report.String(),
		"test-reports/" + ownB.report.String() + "/file", "medical-reports/" + ownB.document.String(),
		"medical-reports/" + ownB.document.String() + "/file", "tests/" + uuid.NewString()} {
		e.Do(t, "GET", p(path), lab, nil).Want(t, http.StatusNotFound)
	}
	e.Do(t, "GET", apitest.ClinicPath(e.B, "tests/"+idB.String()), lab, nil).Want(t, http.StatusNotFound)
	// Not released yet (preliminary) and another patient's: 404 for a patient.
	e.Do(t, "GET", p("test-reports/"+otherA.report.String()), pat, nil).Want(t, http.StatusNotFound)
	e.Do(t, "GET", p("medical-reports/"+otherA.document.String()+"/file"), pat, nil).Want(t, http.StatusNotFound)

	// Uploads: another clinic's and another patient's ids in the body,
	// hostile files, unknown parts, wrong content types, over the limit.
	// Nothing may be written.
	count := func(tok string) int {
		res := e.Do(t, "GET", apitest.Query(p("medical-reports"), "limit", "200"), tok, nil).Want(t, http.StatusOK)
		return strings.Count(string(res.Body), `"original_filename"`)
	}
	before, beforeMine := count(lab), count(pat)
	upload := func(tok, data, name string, file []byte, extra ...string) *apitest.Response {
		mp, ct := labUpload(t, data, name, file, extra...)
		return labSend(t, e, p("medical-reports"), tok, ct, mp)
	}
	field := func(what string, res *apitest.Response, status int, field string) {
		t.Helper()
		pr := res.Want(t, status).Problem(t)
		if field != "" && pr.Errors[field] == "" {
			t.Errorf("%s: no message for %s: %+v", what, field, pr.Errors)
		}
	}
	field("clinic B's patient", upload(lab, `{"patient_id":"`+ownB.patient.String()+`"}`, "x.pdf", labPDF), 422, "patient_id")
	field("another patient's record", upload(pat, `{"patient_id":"`+otherA.patient.String()+`"}`, "x.pdf", labPDF), 422, "patient_id")
	field("staff without a patient", upload(lab, `{}`, "x.pdf", labPDF), 422, "patient_id")
	for name, file := range map[string]string{
		"exe.pdf": "MZ\x90\x00", "x.svg": `<svg><script>alert(1)</script></svg>`, "x.html": "<html></html>",
		"poly.gif": "GIF89a/*\x00*/=1;alert(1)//", "empty.pdf": "",
	} {
		field("hostile "+name, upload(lab, `{"patient_id":"`+ownA.patient.String()+`"}`, name, []byte(file)), 422, "file")
	}
	field("unknown part", upload(pat, `{}`, "x.pdf", labPDF, "extra", "1"), 422, "extra")
	field("no file", upload(pat, `{}`, "", nil), 422, "file")
	field("unknown data field", upload(pat, `{"colour":1}`, "x.pdf", labPDF), 422, "colour")
	field("malformed data", upload(pat, `{"description":`, "x.pdf", labPDF), 400, "")
	field("as JSON", e.Send(t, apitest.Request{Method: "POST", Path: p("medical-reports"), Token: pat,
		ContentType: "application/json", Body: []byte(`{}`)}), 415, "")
	field("over the limit", upload(pat, `{}`, "big.pdf", append([]byte("%PDF-"), make([]byte, 12<<20)...)), 413, "")
	big, bigCT := labUpload(t, `{}`, "big.pdf", append([]byte("%PDF-"), make([]byte, 12<<20)...))
	field("over the limit, with a key", labSend(t, e, p("medical-reports"), pat, bigCT, big, "Idempotency-Key", "big-1"), 413, "")
	if n, m := count(lab), count(pat); n != before || m != beforeMine {
		t.Fatalf("refused uploads wrote documents: %d → %d, patient %d → %d", before, n, beforeMine, m)
	}

	// The patient's own upload, without a patient_id; a 2 MiB file, above
	// the 1 MiB limit of other requests, with an Idempotency-Key.
	jpeg := append([]byte("\xff\xd8\xff\xe0"), make([]byte, 2<<20)...)
	mp, ct := labUpload(t, `{"report_type":"referral","description":"from Dr. Rao"}`, "ref.jpg", jpeg)
	res := labSend(t, e, p("medical-reports"), pat, ct, mp, "Idempotency-Key", "upload-1").Want(t, http.StatusCreated)
	var m struct {
		ID           uuid.UUID `json:"id"`
		PatientID    uuid.UUID `json:"patient_id"`
		UploaderName *string   `json:"uploader_name"`
	}
	res.Decode(t, &m)
	if m.PatientID != ownA.patient || m.UploaderName == nil || res.Header.Get("Location") != p("medical-reports/"+m.ID.String()) {
		t.Fatalf("the patient's upload: %s", res.Body)
	}
	labSend(t, e, p("medical-reports"), pat, ct, mp, "Idempotency-Key", "upload-1").Want(t, http.StatusCreated)
	if n := count(pat); n != beforeMine+1 {
		t.Errorf("the patient has %d documents after one upload sent twice with a key, want %d", n, beforeMine+1)
	}
	e.Do(t, "GET", p("medical-reports/"+m.ID.String()), lab, nil).Want(t, http.StatusOK)
	res = e.Do(t, "GET", p("medical-reports/"+m.ID.String()+"/file"), lab, nil).Want(t, http.StatusOK)
	labInert(t, res, "image/jpeg", "ref.jpg")
	if !bytes.Equal(res.Body, jpeg) {
		t.Errorf("downloaded bytes differ")
	}
	res = e.Do(t, "GET", apitest.Query(p("medical-reports"), "patient_id", otherA.patient.String()), pat, nil).Want(t, http.StatusOK)
	if strings.Contains(string(res.Body), `"id"`) {
		t.Errorf("a patient lists another patient's documents: %s", res.Body)
	}
}
