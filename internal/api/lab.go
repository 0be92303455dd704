package api

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/bodylimit"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/download"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/store"
)

// labWriters may collect, enter, verify and correct results; every role
// reads (a patient only their own tests and released reports: the
// database's policies).
var labWriters = []store.Role{store.RoleLabTech, store.RoleDoctor, store.RoleAdmin}

// labRoutes mounts the lab resources (tests, test reports) and the
// uploaded documents (medical reports).
func (a *API) labRoutes(r chi.Router) {
	w := r.With(auth.Allow(a.Error, labWriters...))
	r.Get("/tests", a.handle(a.listTests))
	r.Get("/tests/{id}", a.handle(a.getTest))
	w.Post("/tests/{id}/collect", a.handle(a.collectTest))
	w.Post("/tests/{id}/reports", a.handle(a.uploadBody(a.idempotent(a.createTestReport))))
	r.Get("/test-reports/{id}", a.handle(a.getTestReport))
	w.Post("/test-reports/{id}/verify", a.handle(a.verifyTestReport))
	w.Post("/test-reports/{id}/corrections", a.handle(a.uploadBody(a.idempotent(a.correctTestReport))))
	r.Get("/test-reports/{id}/file", a.handle(a.testReportFile))
	a.filesRoutes(r)
}

// uploadBody raises the request body limit of a route that takes uploads
// to the upload limit plus room for the rest, before anything (the
// Idempotency-Key wrapper included) reads the body.
func (a *API) uploadBody(h func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		bodylimit.Raise(w, r, a.Clinic.MaxUploadBytes()+maxMultipartOverhead)
		return h(w, r)
	}
}

type labTestJSON struct {
	ID             uuid.UUID  `json:"id"`
	ClinicID       uuid.UUID  `json:"clinic_id"`
	PatientID      uuid.UUID  `json:"patient_id"`
	PatientNumber  string     `json:"patient_number,omitempty"`
	PatientName    string     `json:"patient_name,omitempty"`
	VisitID        *uuid.UUID `json:"visit_id"`
	PrescriptionID *uuid.UUID `json:"prescription_id"`
	CatalogID      *uuid.UUID `json:"catalog_id"`
	OrderedBy      *uuid.UUID `json:"ordered_by"`
	TestType       string     `json:"test_type"`
	Name           string     `json:"name"`
	Description    string     `json:"description"`
	Urgency        string     `json:"urgency"`
	Status         string     `json:"status"`
	OrderedAt      time.Time  `json:"ordered_at"`
	CollectedAt    *time.Time `json:"collected_at"`
	CompletedAt    *time.Time `json:"completed_at"`
	CancelledAt    *time.Time `json:"cancelled_at"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// labTestDetailJSON is a single test: with its reports, newest first, and
// "reports": [] before the first (the contract requires the member).
type labTestDetailJSON struct {
	labTestJSON
	Reports []reportVersionJSON `json:"reports"`
}

func toLabTestJSON(t clinic.Test, number, name string) labTestJSON {
	return labTestJSON{ID: t.ID, ClinicID: t.ClinicID, PatientID: t.PatientID, PatientNumber: number, PatientName: name,
		VisitID: t.VisitID, PrescriptionID: t.PrescriptionID, CatalogID: t.CatalogID, OrderedBy: t.OrderedBy,
		TestType: t.TestType, Name: t.Name, Description: t.Description, Urgency: t.Urgency, Status: t.Status,
		OrderedAt: t.OrderedAt, CollectedAt: t.CollectedAt, CompletedAt: t.CompletedAt, CancelledAt: t.CancelledAt,
		CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt}
}

type valueJSON struct {
	Position       int    `json:"position"`
	Analyte        string `json:"analyte"`
	Value          string `json:"value"`
	Unit           string `json:"unit"`
	ReferenceRange string `json:"reference_range"`
	AbnormalFlag   string `json:"abnormal_flag"`
}

func toValues(vs []clinic.ResultValue) []valueJSON {
	out := make([]valueJSON, 0, len(vs))
	for _, v := range vs {
		out = append(out, valueJSON(v))
	}
	return out
}

type fileJSON struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256,omitempty"`
}

type reportVersionJSON struct {
	ID           uuid.UUID   `json:"id"`
	Status       string      `json:"status"`
	Supersedes   *uuid.UUID  `json:"supersedes"`
	SupersededBy *uuid.UUID  `json:"superseded_by"`
	PerformedBy  *uuid.UUID  `json:"performed_by"`
	PerformedAt  time.Time   `json:"performed_at"`
	VerifiedBy   *uuid.UUID  `json:"verified_by"`
	VerifiedAt   *time.Time  `json:"verified_at"`
	Notes        string      `json:"notes"`
	File         *fileJSON   `json:"file"`
	CreatedAt    time.Time   `json:"created_at"`
	Values       []valueJSON `json:"values"`
}

func (a *API) listTests(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	fields := map[string]string{}
	q := clinic.TestQuery{Statuses: r.URL.Query()["status"], Urgency: r.URL.Query().Get("urgency")}
	q.PatientID = queryUUID(r, "patient_id", fields)
	q.Limit, q.Cursor = pageParams(r, fields)
	if len(fields) > 0 {
		return queryInvalid(fields)
	}
	page, err := a.Clinic.ListTests(r.Context(), act.Scope, q)
	if err != nil {
		return err
	}
	return writeList(w, r, page, func(t clinic.TestListItem) labTestJSON { return toLabTestJSON(t.Test, t.PatientNumber, t.PatientName) })
}

// queryUUID reads an optional uuid query parameter.
func queryUUID(r *http.Request, name string, fields map[string]string) *uuid.UUID {
	v := r.URL.Query().Get(name)
	if v == "" {
		return nil
	}
	id, err := uuid.Parse(v)
	if err != nil {
		fields[name] = "must be a UUID"
		return nil
	}
	return &id
}

func (a *API) getTest(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	d, err := a.Clinic.GetTest(r.Context(), act.Scope, id, auditlog.FromRequest(r))
	if err != nil {
		return err
	}
	out := labTestDetailJSON{labTestJSON: toLabTestJSON(d.Test, d.PatientNumber, d.PatientName),
		Reports: make([]reportVersionJSON, 0, len(d.Reports))}
	for _, v := range d.Reports {
		rv := reportVersionJSON{ID: v.ID, Status: v.Status, Supersedes: v.Supersedes, SupersededBy: v.SupersededBy,
			PerformedBy: v.PerformedBy, PerformedAt: v.PerformedAt, VerifiedBy: v.VerifiedBy, VerifiedAt: v.VerifiedAt,
			Notes: v.Notes, CreatedAt: v.CreatedAt, Values: toValues(v.Values)}
		if v.FileContentType != nil {
			rv.File = &fileJSON{Name: deref(v.FileName), ContentType: *v.FileContentType, Size: deref(v.FileSize)}
		}
		out.Reports = append(out.Reports, rv)
	}
	setETag(w, clinic.Version(d.UpdatedAt))
	return writeJSON(w, http.StatusOK, out)
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func (a *API) collectTest(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	t, err := a.Clinic.MarkCollected(r.Context(), act.Scope, id)
	if err != nil {
		return err
	}
	setETag(w, clinic.Version(t.UpdatedAt))
	return writeJSON(w, http.StatusOK, toLabTestJSON(t, "", ""))
}

type historyJSON struct {
	ID          uuid.UUID  `json:"id"`
	Status      string     `json:"status"`
	Supersedes  *uuid.UUID `json:"supersedes"`
	PerformedAt time.Time  `json:"performed_at"`
	VerifiedAt  *time.Time `json:"verified_at"`
	CreatedAt   time.Time  `json:"created_at"`
}

type reportTestJSON struct {
	Name     string `json:"name"`
	TestType string `json:"test_type"`
	Urgency  string `json:"urgency"`
	Status   string `json:"status"`
}

type testReportJSON struct {
	ID            uuid.UUID      `json:"id"`
	ClinicID      uuid.UUID      `json:"clinic_id"`
	TestID        uuid.UUID      `json:"test_id"`
	PatientID     uuid.UUID      `json:"patient_id"`
	PatientNumber string         `json:"patient_number"`
	PatientName   string         `json:"patient_name"`
	Test          reportTestJSON `json:"test"`
	Status        string         `json:"status"`
	Current       bool           `json:"current"`
	Supersedes    *uuid.UUID     `json:"supersedes"`
	SupersededBy  *uuid.UUID     `json:"superseded_by"`
	PerformedBy   *uuid.UUID     `json:"performed_by"`
	PerformedAt   time.Time      `json:"performed_at"`
	VerifiedBy    *uuid.UUID     `json:"verified_by"`
	VerifiedAt    *time.Time     `json:"verified_at"`
	Notes         string         `json:"notes"`
	File          *fileJSON      `json:"file"`
	Values        []valueJSON    `json:"values"`
	History       []historyJSON  `json:"history"`
	CreatedAt     time.Time      `json:"created_at"`
	UpdatedAt     time.Time      `json:"updated_at"`
}

func toTestReportJSON(rep clinic.TestReport) testReportJSON {
	out := testReportJSON{ID: rep.ID, ClinicID: rep.ClinicID, TestID: rep.TestID, PatientID: rep.PatientID,
		PatientNumber: rep.PatientNumber, PatientName: rep.PatientName,
		Test:   reportTestJSON{Name: rep.TestName, TestType: rep.TestType, Urgency: rep.Urgency, Status: rep.TestStatus},
		Status: rep.Status, Current: rep.Current(), Supersedes: rep.Supersedes, SupersededBy: rep.SupersededBy,
		PerformedBy: rep.PerformedBy, PerformedAt: rep.PerformedAt, VerifiedBy: rep.VerifiedBy, VerifiedAt: rep.VerifiedAt,
		Notes: rep.Notes, Values: toValues(rep.Values), History: make([]historyJSON, 0, len(rep.History)),
		CreatedAt: rep.CreatedAt, UpdatedAt: rep.UpdatedAt}
	if rep.File != nil {
		out.File = &fileJSON{Name: rep.File.Name, ContentType: rep.File.ContentType, Size: rep.File.Size,
			SHA256: hex.EncodeToString(rep.File.SHA256)}
	}
	for _, h := range rep.History {
		out.History = append(out.History, historyJSON(h))
	}
	return out
}

func (a *API) writeTestReport(w http.ResponseWriter, r *http.Request, status int, rep clinic.TestReport) error {
	act, _ := auth.ActorFrom(r.Context())
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/clinics/"+act.Slug+"/test-reports/"+rep.ID.String())
	}
	setETag(w, clinic.Version(rep.UpdatedAt))
	return writeJSON(w, status, toTestReportJSON(rep))
}

func (a *API) getTestReport(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	rep, err := a.Clinic.GetTestReport(r.Context(), act.Scope, id, auditlog.FromRequest(r))
	if err != nil {
		return err
	}
	return a.writeTestReport(w, r, http.StatusOK, rep)
}

// resultsBody is the body of a new report or a correction.
type resultsBody struct {
	Notes  string `json:"notes"`
	Values []struct {
		Analyte        string `json:"analyte"`
		Value          string `json:"value"`
		Unit           string `json:"unit"`
		ReferenceRange string `json:"reference_range"`
		AbnormalFlag   string `json:"abnormal_flag"`
	} `json:"values"`
	RemoveFile bool `json:"remove_file"`
}

func (b resultsBody) input(file *clinic.Upload) clinic.ResultsInput {
	in := clinic.ResultsInput{Notes: b.Notes, File: file, RemoveFile: b.RemoveFile}
	for _, v := range b.Values {
		in.Values = append(in.Values, clinic.ResultValue{Analyte: v.Analyte, Value: v.Value, Unit: v.Unit,
			ReferenceRange: v.ReferenceRange, AbnormalFlag: v.AbnormalFlag})
	}
	return in
}

// readResults reads results as application/json, or as multipart/form-data
// with the same JSON in a "data" part and the document in a "file" part.
func (a *API) readResults(w http.ResponseWriter, r *http.Request, correction bool) (clinic.ResultsInput, error) {
	var body resultsBody
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if err := decodeJSON(w, r, &body); err != nil {
			return clinic.ResultsInput{}, err
		}
		if !correction && body.RemoveFile {
			return clinic.ResultsInput{}, httperr.Invalid("remove_file is for corrections.", map[string]string{"remove_file": "only in a correction"})
		}
		return body.input(nil), nil
	}
	data, file, err := a.readMultipart(w, r, false)
	if err != nil {
		return clinic.ResultsInput{}, err
	}
	if err := decodeJSONBytes(data, &body); err != nil {
		return clinic.ResultsInput{}, err
	}
	if !correction && body.RemoveFile {
		return clinic.ResultsInput{}, httperr.Invalid("remove_file is for corrections.", map[string]string{"remove_file": "only in a correction"})
	}
	return body.input(file), nil
}

// maxMultipartOverhead is the room a multipart body needs besides its file.
const maxMultipartOverhead = 1 << 20

// readMultipart reads a multipart/form-data body of an upload: its "data"
// part (JSON; "{}" when absent) and its "file" part (nil when absent;
// required when fileRequired). The body may be as large as the upload
// limit plus room for the rest (413 beyond).
func (a *API) readMultipart(w http.ResponseWriter, r *http.Request, fileRequired bool) ([]byte, *clinic.Upload, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return nil, nil, httperr.New(http.StatusUnsupportedMediaType, "unsupported-media-type",
			"Send the upload as multipart/form-data with a \"data\" part (JSON) and a \"file\" part.")
	}
	bodylimit.Raise(w, r, a.Clinic.MaxUploadBytes()+maxMultipartOverhead)
	err = r.ParseMultipartForm(maxMultipartOverhead)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, nil, httperr.New(http.StatusRequestEntityTooLarge, "too-large",
			"The upload is larger than this server accepts. Nothing was saved.")
	case err != nil:
		return nil, nil, httperr.New(http.StatusBadRequest, "bad-multipart", "The multipart body could not be read.")
	}
	for name := range r.MultipartForm.Value {
		if name != "data" {
			return nil, nil, httperr.Invalid("The body has a part this endpoint does not know.", map[string]string{name: "unknown part"})
		}
	}
	for name := range r.MultipartForm.File {
		if name != "file" {
			return nil, nil, httperr.Invalid("The body has a part this endpoint does not know.", map[string]string{name: "unknown part"})
		}
	}
	data := []byte("{}")
	if vs := r.MultipartForm.Value["data"]; len(vs) > 0 {
		if len(vs) > 1 {
			return nil, nil, httperr.Invalid("Send one data part.", map[string]string{"data": "more than one"})
		}
		data = []byte(vs[0])
	}
	fhs := r.MultipartForm.File["file"]
	if len(fhs) > 1 {
		return nil, nil, httperr.Invalid("Send one file.", map[string]string{"file": "more than one"})
	}
	if len(fhs) == 0 {
		if fileRequired {
			return nil, nil, httperr.Invalid("Some fields need attention.", map[string]string{"file": "Choose a file to upload."})
		}
		return data, nil, nil
	}
	f, err := fhs[0].Open()
	if err != nil {
		return nil, nil, httperr.New(http.StatusBadRequest, "bad-multipart", "The file part could not be read.")
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, nil, httperr.New(http.StatusBadRequest, "bad-multipart", "The file part could not be read.")
	}
	return data, &clinic.Upload{Name: fhs[0].Filename, Data: b}, nil
}

// decodeJSONBytes decodes a multipart body's JSON part as strictly as
// decodeJSON decodes a body.
func decodeJSONBytes(data []byte, dst any) error {
	if len(data) > maxJSONBody {
		return httperr.New(http.StatusRequestEntityTooLarge, "too-large", "The data part is larger than 256 KiB.")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return httperr.New(http.StatusBadRequest, "malformed-json", "The data part must hold exactly one JSON object.")
	}
	return nil
}

func (a *API) createTestReport(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	in, err := a.readResults(w, r, false)
	if err != nil {
		return err
	}
	rep, err := a.Clinic.EnterResults(r.Context(), act.Scope, id, in)
	if err != nil {
		return err
	}
	return a.writeTestReport(w, r, http.StatusCreated, rep)
}

func (a *API) verifyTestReport(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	// No body (whatever the Content-Type says), or an empty JSON object.
	if r.ContentLength != 0 {
		var empty struct{}
		if err := decodeJSON(w, r, &empty); err != nil {
			return err
		}
	}
	rep, err := a.Clinic.VerifyReport(r.Context(), act.Scope, id)
	if err != nil {
		return err
	}
	return a.writeTestReport(w, r, http.StatusOK, rep)
}

func (a *API) correctTestReport(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	in, err := a.readResults(w, r, true)
	if err != nil {
		return err
	}
	rep, err := a.Clinic.CorrectReport(r.Context(), act.Scope, id, in)
	if err != nil {
		return err
	}
	return a.writeTestReport(w, r, http.StatusCreated, rep)
}

func (a *API) testReportFile(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	f, err := a.Clinic.TestReportFile(r.Context(), act.Scope, id, auditlog.FromRequest(r))
	if err != nil {
		return err
	}
	return download.Serve(w, f)
}
