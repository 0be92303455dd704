package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/santkrupa/santkrupa/internal/api/apitest"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/devidp"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The isolation attack suite: clinic A's staff and patient tokens try to
// read, write, reference and infer clinic B's rows (and a patient another
// patient's) through every documented operation that takes an id, and must
// find nothing. The operations are walked from the merged OpenAPI document:
// a new route with an id in its path, body or query is attacked as soon as
// it is documented, or fails these tests until it is classified in the
// tables below.
//
// Every attack is paired with the same request for a random UUID: the two
// answers must be identical once each id is replaced by a placeholder
// (status, content type, header names, the whole body), so no answer tells
// that the other row exists. Around the attacks, every clinic table of both
// clinics is fingerprinted as the superuser (whom RLS does not filter):
// nothing may change.

// attackKind is the kind of row an id names.
type attackKind string

const (
	kindPatient       attackKind = "patient"
	kindVisit         attackKind = "visit"
	kindPrescription  attackKind = "prescription"
	kindTest          attackKind = "test"
	kindTestReport    attackKind = "test report"
	kindMedicalReport attackKind = "medical report"
	kindNote          attackKind = "doctor note"
	kindUser          attackKind = "user"
	kindDoctor        attackKind = "doctor"
	kindMedicine      attackKind = "medicine"
	kindCatalogTest   attackKind = "catalog test"
)

// attackPathKinds classifies an {id} by the collection in front of it.
var attackPathKinds = map[string]attackKind{
	"patients": kindPatient, "visits": kindVisit, "prescriptions": kindPrescription, "tests": kindTest,
	"test-reports": kindTestReport, "medical-reports": kindMedicalReport, "doctor-notes": kindNote,
	"users": kindUser, "doctors": kindDoctor, "medicines": kindMedicine, "test-catalog": kindCatalogTest,
}

// attackQueryKinds classifies the id filters of lists.
var attackQueryKinds = map[string]attackKind{"patient_id": kindPatient, "doctor_id": kindDoctor, "user_id": kindUser}

// attackPathBodies are valid bodies of the operations with an id in the
// path and a body, so that an attack reaches the lookup of the id (and
// would change the row if the lookup crossed clinics).
var attackPathBodies = map[string]any{
	"PATCH /api/v1/clinics/{slug}/users/{id}":                     map[string]any{"active": false, "role": "admin"},
	"PATCH /api/v1/clinics/{slug}/doctors/{id}":                   map[string]any{"active": false, "license_number": "ATTACK-1"},
	"PATCH /api/v1/clinics/{slug}/medicines/{id}":                 map[string]any{"active": false, "name": "Attacked"},
	"PATCH /api/v1/clinics/{slug}/test-catalog/{id}":              map[string]any{"active": false, "name": "Attacked"},
	"PATCH /api/v1/clinics/{slug}/patients/{id}":                  map[string]any{"name": "Attacked", "phone": "9000000001"},
	"POST /api/v1/clinics/{slug}/patients/{id}/portal-invitation": map[string]any{"email": "attacker@attack.example"},
	"POST /api/v1/clinics/{slug}/visits/{id}/notes":               map[string]any{"diagnosis": "Attacked"},
	"POST /api/v1/clinics/{slug}/visits/{id}/tests": map[string]any{"tests": []map[string]any{
		{"name": "CBC", "test_type": "blood", "urgency": "routine"}}},
	"POST /api/v1/clinics/{slug}/visits/{id}/cancel":       map[string]any{"reason": "Attacked"},
	"POST /api/v1/clinics/{slug}/tests/{id}/reports":       map[string]any{"values": []map[string]any{{"analyte": "Hb", "value": "1"}}},
	"POST /api/v1/clinics/{slug}/test-reports/{id}/verify": map[string]any{},
	"POST /api/v1/clinics/{slug}/test-reports/{id}/corrections": map[string]any{"notes": "Attacked",
		"values": []map[string]any{{"analyte": "Hb", "value": "1"}}},
}

// attackPatientKinds are the kinds a patient's own records come in: what
// the patient role attacks with another patient's ids.
var attackPatientKinds = []attackKind{kindPatient, kindVisit, kindPrescription, kindTest, kindTestReport, kindMedicalReport, kindNote}

// attackKindRows says where the rows of a kind are, how a patient's are
// found ("id" for the patients table itself, "" for none) and which column
// varies enough to pick a few rows in different states.
var attackKindRows = map[attackKind]struct{ table, patient, vary string }{
	kindPatient:       {"patients", "id", "user_id IS NULL"},
	kindVisit:         {"patient_visits", "patient_id", "status"},
	kindPrescription:  {"prescriptions", "patient_id", "status"},
	kindTest:          {"tests", "patient_id", "status"},
	kindTestReport:    {"test_reports", "patient_id", "status"},
	kindMedicalReport: {"medical_reports", "patient_id", "report_type"},
	kindNote:          {"doctor_notes", "patient_id", "signed_at IS NULL"},
	kindUser:          {"users", "", "role, oidc_subject IS NULL"},
	kindDoctor:        {"doctors", "", "active"},
	kindMedicine:      {"medicines", "", "active"},
	kindCatalogTest:   {"test_catalog", "", "active"},
}

// attackWorld is the application with two clinics that have records in
// every state the attacks need, and a superuser connection to look.
type attackWorld struct {
	e    *apitest.Env
	A, B attackClinic
	su   *pgx.Conn
	// tables are the clinic tables (every table with clinic_id).
	tables []string
	// bIDs are the ids of every row of clinic B: none may appear in an
	// answer to clinic A, except an id the request itself named.
	bIDs map[string]bool
}

// attackClinic is one clinic's records.
type attackClinic struct {
	c   dbtest.Clinic
	tok map[store.Role]string
	// ids holds a few rows of each kind, in different states.
	ids map[attackKind][]uuid.UUID
	// consult is a visit in consultation with the clinic's first doctor,
	// of patient consultPatient.
	consult, consultPatient uuid.UUID
	// registered is a patient registered here (number and phone unique).
	registered                      uuid.UUID
	registeredNumber, registeredTel string
	medicine, catalogTest, doctor   uuid.UUID
}

func (c attackClinic) path(rest string) string { return apitest.ClinicPath(c.c, rest) }

func newAttackWorld(t *testing.T, opts ...apitest.Options) *attackWorld {
	t.Helper()
	var o apitest.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	w := &attackWorld{e: apitest.NewWith(t, o), su: dbtest.Conn(t, dbtest.SuperuserURL())}
	rows, err := w.su.Query(context.Background(), `SELECT table_name FROM information_schema.columns
		WHERE table_schema = 'public' AND column_name = 'clinic_id' ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	if w.tables, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil || len(w.tables) < 11 {
		t.Fatalf("clinic tables %v: %v", w.tables, err)
	}
	w.A, w.B = w.populate(t, w.e.A), w.populate(t, w.e.B)
	w.bIDs = w.clinicIDs(t, w.B)
	return w
}

// populate gives clinic c records in every state through its own users'
// API calls, then reads a few ids of each kind as the superuser.
func (w *attackWorld) populate(t *testing.T, c dbtest.Clinic) attackClinic {
	t.Helper()
	e := w.e
	ac := attackClinic{c: c, tok: map[store.Role]string{}}
	for _, r := range store.Roles {
		ac.tok[r] = e.Token(t, c, r)
		// The first sight of a token maps its identity (and stamps the
		// login): done here, before any fingerprint.
		e.Do(t, "GET", ac.path("me"), ac.tok[r], nil).Want(t, http.StatusOK)
	}
	rec, doc, lab := ac.tok[store.RoleReceptionist], ac.tok[store.RoleDoctor], ac.tok[store.RoleLabTech]
	ac.medicine = w.firstID(t, c.ID, "medicines")
	ac.catalogTest = w.firstID(t, c.ID, "test_catalog")
	ac.doctor = w.firstID(t, c.ID, "doctors")
	ac.registered, ac.registeredNumber, ac.registeredTel = w.register(t, ac)
	checkIn := func(patient uuid.UUID) uuid.UUID {
		var v struct{ ID uuid.UUID }
		e.Do(t, "POST", ac.path("visits"), rec, map[string]any{"patient_id": patient, "doctor_id": nil, "purpose": "Fever",
			"priority": "normal"}).Want(t, http.StatusCreated).Decode(t, &v)
		return v.ID
	}
	visitPath := func(v uuid.UUID, action string) string { return ac.path("visits/" + v.String() + "/" + action) }

	// Waiting, in consultation, completed and cancelled visits.
	checkIn(ac.registered)
	ac.consultPatient, _, _ = w.register(t, ac)
	ac.consult = checkIn(ac.consultPatient)
	e.Do(t, "POST", visitPath(ac.consult, "start"), doc, nil).Want(t, http.StatusOK)
	done, _, _ := w.register(t, ac)
	doneVisit := checkIn(done)
	e.Do(t, "POST", visitPath(doneVisit, "start"), doc, nil).Want(t, http.StatusOK)
	e.Do(t, "POST", visitPath(doneVisit, "complete"), doc, nil).Want(t, http.StatusOK)
	gone, _, _ := w.register(t, ac)
	e.Do(t, "POST", visitPath(checkIn(gone), "cancel"), rec, map[string]any{"reason": "Left"}).Want(t, http.StatusOK)

	// A note, a draft and a final prescription, tests ordered, collected
	// and reported (preliminary and verified).
	e.Do(t, "POST", visitPath(ac.consult, "notes"), doc, map[string]any{"diagnosis": "Viral fever"}).Want(t, http.StatusCreated)
	for _, final := range []bool{false, true} {
		var rx struct{ ID uuid.UUID }
		e.Do(t, "POST", ac.path("prescriptions"), doc, doctorRxBody(ac.consultPatient, ac.consult, ac.medicine)).
			Want(t, http.StatusCreated).Decode(t, &rx)
		if final {
			e.Do(t, "POST", ac.path("prescriptions/"+rx.ID.String()+"/finalize"), doc, nil).Want(t, http.StatusOK)
		}
	}
	var tests struct{ Items []struct{ ID uuid.UUID } }
	e.Do(t, "POST", visitPath(ac.consult, "tests"), doc, map[string]any{"tests": []map[string]any{
		{"catalog_id": ac.catalogTest, "urgency": "routine"}, {"catalog_id": ac.catalogTest, "urgency": "urgent"},
		{"catalog_id": ac.catalogTest, "urgency": "stat"}}}).Want(t, http.StatusCreated).Decode(t, &tests)
	if len(tests.Items) != 3 {
		t.Fatalf("ordered tests: %+v", tests)
	}
	for i, tst := range tests.Items[1:] {
		tp := ac.path("tests/" + tst.ID.String())
		e.Do(t, "POST", tp+"/collect", lab, nil).Want(t, http.StatusOK)
		var rep struct{ ID uuid.UUID }
		e.Do(t, "POST", tp+"/reports", lab, map[string]any{"values": []map[string]any{{"analyte": "Hb", "value": "13"}}}).
			Want(t, http.StatusCreated).Decode(t, &rep)
		if i == 1 {
			e.Do(t, "POST", ac.path("test-reports/"+rep.ID.String()+"/verify"), lab, map[string]any{}).Want(t, http.StatusOK)
		}
	}
	// A doctor invited but not signed in yet, without a profile.
	e.Do(t, "POST", ac.path("invitations"), ac.tok[store.RoleAdmin], map[string]any{"email": "dr.later@" + c.Slug + ".example",
		"display_name": "Dr. Later", "role": "doctor"}).Want(t, http.StatusCreated)

	ac.ids = map[attackKind][]uuid.UUID{}
	for kind := range attackKindRows {
		ac.ids[kind] = w.idsOf(t, c.ID, kind, "", uuid.Nil)
		if len(ac.ids[kind]) == 0 {
			t.Fatalf("clinic %s has no %s", c.Slug, kind)
		}
	}
	return ac
}

// register registers a patient with a unique name and phone.
func (w *attackWorld) register(t *testing.T, ac attackClinic) (id uuid.UUID, number, phone string) {
	t.Helper()
	phone = fmt.Sprintf("9%09d", uuid.New().ID()%1_000_000_000)
	var p struct {
		ID            uuid.UUID `json:"id"`
		PatientNumber string    `json:"patient_number"`
	}
	w.e.Do(t, "POST", ac.path("patients"), ac.tok[store.RoleReceptionist], map[string]any{
		"name": "Attack target " + uuid.NewString()[:8], "phone": phone, "sex": "female", "age_years": 40}).
		Want(t, http.StatusCreated).Decode(t, &p)
	return p.ID, p.PatientNumber, phone
}

// firstID is an active row of table in clinic, as the superuser.
func (w *attackWorld) firstID(t *testing.T, clinic uuid.UUID, table string) uuid.UUID {
	t.Helper()
	var id uuid.UUID
	err := w.su.QueryRow(context.Background(), `SELECT id FROM `+pgx.Identifier{table}.Sanitize()+
		` WHERE clinic_id = $1 AND active ORDER BY created_at, id LIMIT 1`, clinic).Scan(&id)
	if err != nil {
		t.Fatalf("an active row of %s: %v", table, err)
	}
	return id
}

// idsOf reads, as the superuser, a few ids of kind in clinic, one per
// state: all of them (patientMode ""), the patient's ("own") or other
// patients' ("other").
func (w *attackWorld) idsOf(t *testing.T, clinic uuid.UUID, kind attackKind, patientMode string, patient uuid.UUID) []uuid.UUID {
	t.Helper()
	return w.rowIDs(t, clinic, kind, patientMode, patient, true)
}

// allIDsOf is every id of kind in clinic (patientMode as for idsOf).
func (w *attackWorld) allIDsOf(t *testing.T, clinic uuid.UUID, kind attackKind, patientMode string, patient uuid.UUID) []uuid.UUID {
	t.Helper()
	return w.rowIDs(t, clinic, kind, patientMode, patient, false)
}

func (w *attackWorld) rowIDs(t *testing.T, clinic uuid.UUID, kind attackKind, patientMode string, patient uuid.UUID, perState bool) []uuid.UUID {
	t.Helper()
	k := attackKindRows[kind]
	where := "clinic_id = $1 AND $2::uuid IS NOT NULL"
	switch patientMode {
	case "own":
		where += " AND " + k.patient + " = $2"
	case "other":
		where += " AND " + k.patient + " <> $2"
	}
	q := `SELECT id FROM ` + pgx.Identifier{k.table}.Sanitize() + ` WHERE ` + where + ` ORDER BY id`
	if perState {
		q = `SELECT DISTINCT ON (` + k.vary + `) id FROM ` + pgx.Identifier{k.table}.Sanitize() +
			` WHERE ` + where + ` ORDER BY ` + k.vary + `, id`
	}
	rows, err := w.su.Query(context.Background(), q, clinic, patient)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// fingerprint is every clinic table's rows of both clinics, hashed, as
// the superuser. Login stamps are left out: they are not the attacks'.
func (w *attackWorld) fingerprint(t *testing.T) map[string]string {
	t.Helper()
	b := &pgx.Batch{}
	var names []string
	for _, c := range []attackClinic{w.A, w.B} {
		for _, table := range w.tables {
			names = append(names, c.c.Slug+"."+table)
			// Clinic A's access log records the refusals of its own
			// members' requests (a role that may not use a route): the
			// attacker's own clinic, by design. Clinic B's may not change.
			skip := "false"
			if table == "audit_events" && c.c.ID == w.A.c.ID {
				skip = "t.action = 'failed_access'"
			}
			b.Queue(`SELECT count(*)::text || ' ' || coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '')
				FROM (SELECT to_jsonb(t) - 'last_login_at' AS r FROM `+pgx.Identifier{table}.Sanitize()+` AS t
				WHERE clinic_id = $1 AND NOT (`+skip+`)) AS s`, c.c.ID)
		}
	}
	res := w.su.SendBatch(context.Background(), b)
	defer res.Close()
	out := map[string]string{}
	for _, n := range names {
		var fp string
		if err := res.QueryRow().Scan(&fp); err != nil {
			t.Fatalf("fingerprint %s: %v", n, err)
		}
		out[n] = fp
	}
	return out
}

// unchanged fails the test for every clinic table that changed since before.
func (w *attackWorld) unchanged(t *testing.T, what string, before map[string]string) {
	t.Helper()
	after := w.fingerprint(t)
	var changed []string
	for n, fp := range before {
		if after[n] != fp {
			changed = append(changed, n)
		}
	}
	sort.Strings(changed)
	if len(changed) > 0 {
		t.Errorf("%s changed rows of %v", what, changed)
		for _, c := range []attackClinic{w.A, w.B} {
			if before[c.c.Slug+".audit_events"] != after[c.c.Slug+".audit_events"] {
				t.Logf("the last events of clinic %s: %s", c.c.Slug, w.lastEvents(t, c.c.ID))
			}
		}
	}
}

// lastEvents describes a clinic's last few audit events.
func (w *attackWorld) lastEvents(t *testing.T, clinic uuid.UUID) string {
	t.Helper()
	rows, err := w.su.Query(context.Background(), `SELECT concat_ws(' ', seq, action, actor_role, resource_table, resource_id,
		patient_id, outcome, detail) FROM audit_events WHERE clinic_id = $1 ORDER BY seq DESC LIMIT 5`, clinic)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(evs, "; ")
}

// attackRequest is one request of an attack.
type attackRequest struct {
	method, path, token string
	body                any
	// multipart, when set, is sent as is with its content type.
	multipart   []byte
	contentType string
	header      []string
}

func (w *attackWorld) send(t *testing.T, r attackRequest) *apitest.Response {
	t.Helper()
	if r.multipart != nil {
		req := apitest.Request{Method: r.method, Path: r.path, Token: r.token, ContentType: r.contentType,
			Body: r.multipart, Header: http.Header{}}
		for i := 0; i+1 < len(r.header); i += 2 {
			req.Header.Set(r.header[i], r.header[i+1])
		}
		return w.e.Send(t, req)
	}
	return w.e.Do(t, r.method, r.path, r.token, r.body, r.header...)
}

// attackIgnoredHeaders differ between any two answers.
var attackIgnoredHeaders = []string{"Date", "Content-Length"}

// attackDiff says how two answers differ once each one's attacked value is
// replaced by a placeholder ("" if they do not).
func attackDiff(a *apitest.Response, aID string, b *apitest.Response, bID string) string {
	if a.Status != b.Status {
		return fmt.Sprintf("status %d, but %d for the other", a.Status, b.Status)
	}
	names := func(h http.Header) []string {
		var out []string
		for k := range h {
			if !slices.Contains(attackIgnoredHeaders, k) {
				out = append(out, k)
			}
		}
		sort.Strings(out)
		return out
	}
	if an, bn := names(a.Header), names(b.Header); !slices.Equal(an, bn) {
		return fmt.Sprintf("headers %v, but %v for the other", an, bn)
	}
	if a.Header.Get("Content-Type") != b.Header.Get("Content-Type") {
		return fmt.Sprintf("content type %q, but %q for the other", a.Header.Get("Content-Type"), b.Header.Get("Content-Type"))
	}
	const placeholder = "{attacked}"
	ab := strings.ReplaceAll(string(a.Body), aID, placeholder)
	bb := strings.ReplaceAll(string(b.Body), bID, placeholder)
	if ab != bb {
		return fmt.Sprintf("body %.400s, but %.400s for the other", ab, bb)
	}
	return ""
}

// attackPathKind classifies an operation's {id}; false when it has path
// parameters the suite does not know.
func attackPathKind(o operation) (attackKind, bool) {
	params := o.pathParams()
	if len(params) != 1 || params[0].Name != "id" {
		return "", false
	}
	segs := strings.Split(o.path, "/")
	i := slices.Index(segs, "{id}")
	if i < 1 {
		return "", false
	}
	kind, ok := attackPathKinds[segs[i-1]]
	return kind, ok
}

// attackPathOp is an operation with an id of kind in its path.
type attackPathOp struct {
	o    operation
	kind attackKind
}

// attackPathOps are the clinic operations with an id in the path, each
// with its kind; an unclassified one fails the test.
func attackPathOps(t *testing.T, e *apitest.Env) []attackPathOp {
	t.Helper()
	var out []attackPathOp
	for _, o := range operations(e) {
		if !o.inClinic() || len(o.pathParams()) == 0 {
			continue
		}
		kind, ok := attackPathKind(o)
		if !ok {
			t.Errorf("%s: its path parameters are not classified: add the collection to attackPathKinds", o)
			continue
		}
		if _, ok := attackPathBodies[o.String()]; o.hasBody() && !ok {
			t.Errorf("%s: add a valid body to attackPathBodies so that the attack reaches the lookup", o)
			continue
		}
		out = append(out, attackPathOp{o, kind})
	}
	if len(out) == 0 {
		t.Fatal("no operation with an id in its path")
	}
	for op := range attackPathBodies {
		if !slices.ContainsFunc(out, func(po attackPathOp) bool { return po.o.String() == op }) {
			t.Errorf("attackPathBodies names %s, which the document does not have (any more)", op)
		}
	}
	return out
}

// ifMatchVariants are the If-Match headers an update is attacked with:
// the other clinic's row's real ETag (nil when the operation takes none)
// and a stale one. A 412 for B's id would reveal that it exists.
func (w *attackWorld) ifMatchVariants(t *testing.T, o operation, owner attackClinic, id uuid.UUID) [][]string {
	t.Helper()
	if !o.needsIfMatch() {
		return [][]string{nil}
	}
	etag := ""
	for _, role := range []store.Role{store.RoleAdmin, store.RoleReceptionist, store.RoleDoctor} {
		res := w.e.Do(t, "GET", o.url(owner.c, id.String()), owner.tok[role], nil)
		if res.Status == http.StatusOK && res.Header.Get("ETag") != "" {
			etag = res.Header.Get("ETag")
			break
		}
	}
	if etag == "" {
		t.Fatalf("%s: clinic %s's own users cannot read the ETag of %s", o, owner.c.Slug, id)
	}
	return [][]string{{"If-Match", etag}, {"If-Match", `"stale"`}}
}

// attackPath sends o with id in the path as token, and the same with a
// random id, and checks the two answers are the same 404 or 403. It
// returns the status.
func (w *attackWorld) attackPath(t *testing.T, who string, o operation, token string, id uuid.UUID, header []string) int {
	t.Helper()
	body := attackPathBodies[o.String()]
	random := uuid.NewString()
	got := w.send(t, attackRequest{method: o.method, path: o.url(w.e.A, id.String()), token: token, body: body, header: header})
	ref := w.send(t, attackRequest{method: o.method, path: o.url(w.e.A, random), token: token, body: body, header: header})
	if got.Status != http.StatusNotFound && got.Status != http.StatusForbidden {
		t.Errorf("%s %s with %s: status %d, want 404; body %.300s", who, o, id, got.Status, got.Body)
	} else {
		got.Problem(t)
	}
	if d := attackDiff(got, id.String(), ref, random); d != "" {
		t.Errorf("%s %s: %s differs from a random id: %s", who, o, id, d)
	}
	if leaked := w.foreignID(got, w.bIDs, id.String()); leaked != "" {
		t.Errorf("%s %s with %s: the answer names clinic B's row %s", who, o, id, leaked)
	}
	return got.Status
}

// TestAttackPathIDsOfClinicB: every operation with an id in its path, as
// every role of clinic A, on every state of clinic B's rows of its kind.
func TestAttackPathIDsOfClinicB(t *testing.T) {
	t.Parallel()
	w := newAttackWorld(t)
	ops, attacks := 0, 0
	for _, po := range attackPathOps(t, w.e) {
		o := po.o
		before := w.fingerprint(t)
		reached := false
		for _, role := range store.Roles {
			for _, id := range w.B.ids[po.kind] {
				for _, h := range w.ifMatchVariants(t, o, w.B, id) {
					if w.attackPath(t, "clinic A's "+string(role), o, w.A.tok[role], id, h) == http.StatusNotFound {
						reached = true
					}
					attacks++
				}
			}
		}
		if !reached {
			t.Errorf("%s: no role of clinic A got past the role check: the attack tested nothing", o)
		}
		w.unchanged(t, "attacking "+o.String(), before)
		ops++
	}
	t.Logf("%d operations, %d attacks with clinic B's ids in the path", ops, attacks)
}

// attackBodyIDFields are the id fields of an operation's request body,
// in every media type it takes: "patient_id", "lines[].medicine_id",
// "data.patient_id" (a multipart part holding JSON).
func attackBodyIDFields(o operation) []string {
	if !o.hasBody() {
		return nil
	}
	seen := map[string]bool{}
	var walk func(ref *openapi3.SchemaRef, prefix string, depth int)
	walk = func(ref *openapi3.SchemaRef, prefix string, depth int) {
		if ref == nil || ref.Value == nil || depth > 8 {
			return
		}
		s := ref.Value
		for name, p := range s.Properties {
			if p == nil || p.Value == nil {
				continue
			}
			if p.Value.Format == "uuid" || strings.HasSuffix(name, "_id") || strings.HasSuffix(name, "_ids") {
				seen[prefix+name] = true
			}
			walk(p, prefix+name+".", depth+1)
			if p.Value.Items != nil {
				walk(p.Value.Items, prefix+name+"[].", depth+1)
			}
		}
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
			for _, x := range group {
				walk(x, prefix, depth+1)
			}
		}
	}
	for _, mt := range o.op.RequestBody.Value.Content {
		walk(mt.Schema, "", 0)
	}
	out := make([]string, 0, len(seen))
	for f := range seen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// attackBodyCase is an attack with another clinic's id in one body field
// of a request that is otherwise valid for clinic A.
type attackBodyCase struct {
	// op and field name the operation and field as the document does
	// (operation.String, attackBodyIDFields); errField is the field as a
	// validation problem names it ("a|b": either).
	op, field, errField string
	kind                attackKind
	// path is the request path in clinic A.
	path string
	// body is the request with id in the field; multipart bodies are the
	// JSON of the "data" part, sent with a small PDF.
	body      func(id string) any
	multipart bool
	// control is the role whose request with clinic A's own id (own)
	// must be created: proof that the rest of the body is valid.
	control store.Role
	own     func() uuid.UUID
}

// attackBodyCases are the body attacks on clinic A's paths. Each case's
// request is made valid with records of clinic A made for it.
func (w *attackWorld) attackBodyCases(t *testing.T) []attackBodyCase {
	t.Helper()
	A := w.A
	fresh := func() uuid.UUID { id, _, _ := w.register(t, A); return id }
	p1, p2 := fresh(), fresh()
	visit := func(patient uuid.UUID) func(string) any {
		return func(id string) any {
			return map[string]any{"patient_id": patient.String(), "doctor_id": id, "purpose": "Fever", "priority": "normal"}
		}
	}
	rx := func(patient, visit, medicine string) map[string]any {
		return map[string]any{"patient_id": patient, "visit_id": visit, "diagnosis": "Bronchitis", "lines": []map[string]any{
			{"medicine_id": medicine, "dose": "1 tablet", "schedule": "1-0-1", "duration_days": 5, "food_instruction": "after"}}}
	}
	cp, cv, med := A.consultPatient.String(), A.consult.String(), A.medicine.String()
	// The patient of each of clinic B's visits: an attacker who knows a
	// consistent pair of B's ids.
	visitPatient := map[string]string{}
	for _, v := range w.B.ids[kindVisit] {
		var p uuid.UUID
		if err := w.su.QueryRow(context.Background(), `SELECT patient_id FROM patient_visits WHERE id = $1`, v).Scan(&p); err != nil {
			t.Fatal(err)
		}
		visitPatient[v.String()] = p.String()
	}
	return []attackBodyCase{
		{op: "POST /api/v1/clinics/{slug}/visits", field: "patient_id", errField: "patient_id", kind: kindPatient,
			path: A.path("visits"), control: store.RoleReceptionist, own: func() uuid.UUID { return p1 },
			body: func(id string) any {
				return map[string]any{"patient_id": id, "doctor_id": nil, "purpose": "Fever", "priority": "normal"}
			}},
		{op: "POST /api/v1/clinics/{slug}/visits", field: "doctor_id", errField: "doctor_id", kind: kindDoctor,
			path: A.path("visits"), control: store.RoleReceptionist, own: func() uuid.UUID { return A.doctor },
			body: visit(p2)},
		{op: "POST /api/v1/clinics/{slug}/prescriptions", field: "patient_id", errField: "patient_id", kind: kindPatient,
			path: A.path("prescriptions"), control: store.RoleDoctor, own: func() uuid.UUID { return A.consultPatient },
			body: func(id string) any { r := rx(id, "", med); r["visit_id"] = nil; return r }},
		{op: "POST /api/v1/clinics/{slug}/prescriptions", field: "visit_id", errField: "visit_id", kind: kindVisit,
			path: A.path("prescriptions"), control: store.RoleDoctor, own: func() uuid.UUID { return A.consult },
			body: func(id string) any { return rx(cp, id, med) }},
		{op: "POST /api/v1/clinics/{slug}/prescriptions", field: "visit_id", errField: "visit_id|patient_id", kind: kindVisit,
			path: A.path("prescriptions"), control: store.RoleDoctor, own: func() uuid.UUID { return A.consult },
			body: func(id string) any {
				patient, ok := visitPatient[id]
				if id == cv {
					patient, ok = cp, true
				}
				if !ok {
					patient = uuid.NewString()
				}
				return rx(patient, id, med)
			}},
		{op: "POST /api/v1/clinics/{slug}/prescriptions", field: "lines[].medicine_id", errField: "lines[0].medicine_id",
			kind: kindMedicine, path: A.path("prescriptions"), control: store.RoleDoctor,
			own: func() uuid.UUID { return A.medicine }, body: func(id string) any { return rx(cp, cv, id) }},
		{op: "POST /api/v1/clinics/{slug}/visits/{id}/tests", field: "tests[].catalog_id", errField: "tests[0].catalog_id",
			kind: kindCatalogTest, path: A.path("visits/" + cv + "/tests"), control: store.RoleDoctor,
			own: func() uuid.UUID { return A.catalogTest },
			body: func(id string) any {
				return map[string]any{"tests": []map[string]any{{"catalog_id": id, "urgency": "routine"}}}
			}},
		{op: "POST /api/v1/clinics/{slug}/doctors", field: "user_id", errField: "user_id", kind: kindUser,
			path: A.path("doctors"), control: store.RoleAdmin,
			own: func() uuid.UUID {
				var u struct{ ID uuid.UUID }
				w.e.Do(t, "POST", A.path("invitations"), A.tok[store.RoleAdmin], map[string]any{"email": "dr.control@" + A.c.Slug + ".example",
					"display_name": "Dr. Control", "role": "doctor"}).Want(t, http.StatusCreated).Decode(t, &u)
				return u.ID
			},
			body: func(id string) any {
				return map[string]any{"user_id": id, "license_number": "ATTACK-" + id[:8], "specialization": "ENT"}
			}},
		{op: "POST /api/v1/clinics/{slug}/medical-reports", field: "data.patient_id", errField: "patient_id", kind: kindPatient,
			path: A.path("medical-reports"), control: store.RoleLabTech, multipart: true,
			own:  func() uuid.UUID { return A.consultPatient },
			body: func(id string) any { return `{"patient_id":"` + id + `","report_type":"lab"}` }},
	}
}

// request is the case's request with id, as token.
func (c attackBodyCase) request(t *testing.T, token, id string) attackRequest {
	t.Helper()
	r := attackRequest{method: "POST", path: c.path, token: token}
	if c.multipart {
		r.multipart, r.contentType = labUpload(t, c.body(id).(string), "report.pdf", labPDF)
	} else {
		r.body = c.body(id)
	}
	return r
}

// TestAttackBodyIDsOfClinicB: clinic B's ids in the body of requests
// that are otherwise valid in clinic A are refused (404, or 422 naming
// the field) exactly like random ids, and nothing is written.
func TestAttackBodyIDsOfClinicB(t *testing.T) {
	t.Parallel()
	w := newAttackWorld(t)
	cases := w.attackBodyCases(t)

	// Every id field of every documented body is attacked.
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.op+" "+c.field] = true
	}
	for _, o := range operations(w.e) {
		for _, f := range attackBodyIDFields(o) {
			if !covered[o.String()+" "+f] {
				t.Errorf("%s: the body field %s takes an id: add an attackBodyCase for it", o, f)
			}
		}
	}

	n := 0
	for _, c := range cases {
		before := w.fingerprint(t)
		reached := false
		for _, role := range store.Roles {
			for _, id := range w.B.ids[c.kind] {
				random := uuid.NewString()
				got := w.send(t, c.request(t, w.A.tok[role], id.String()))
				ref := w.send(t, c.request(t, w.A.tok[role], random))
				what := fmt.Sprintf("clinic A's %s: %s with clinic B's %s %s in %s", role, c.op, c.kind, id, c.field)
				switch got.Status {
				case http.StatusNotFound:
					got.Problem(t)
					reached = true
				case http.StatusUnprocessableEntity:
					p := got.Problem(t)
					if !slices.ContainsFunc(strings.Split(c.errField, "|"), func(f string) bool { return p.Errors[f] != "" }) {
						t.Errorf("%s: 422 does not name %s: %+v", what, c.errField, p.Errors)
					}
					reached = true
				case http.StatusForbidden:
					got.Problem(t)
				default:
					t.Errorf("%s: status %d, want 404 or 422; body %.300s", what, got.Status, got.Body)
				}
				if d := attackDiff(got, id.String(), ref, random); d != "" {
					t.Errorf("%s: differs from a random id: %s", what, d)
				}
				if leaked := w.foreignID(got, w.bIDs, id.String()); leaked != "" {
					t.Errorf("%s: the answer names clinic B's row %s", what, leaked)
				}
				n++
			}
		}
		if !reached {
			t.Errorf("%s %s: no role of clinic A got past the role check", c.op, c.field)
		}
		w.unchanged(t, c.op+" with clinic B's ids in "+c.field, before)

		// The same request with clinic A's own id is created.
		own := c.own().String()
		if res := w.send(t, c.request(t, w.A.tok[c.control], own)); res.Status != http.StatusCreated {
			t.Errorf("control: %s with clinic A's own %s as %s: status %d, want 201; body %.300s",
				c.op, c.field, c.control, res.Status, res.Body)
		}
	}
	t.Logf("%d body cases, %d attacks with clinic B's ids in the body", len(cases), n)
}

// attackListFilter is a list operation's query parameter that takes an
// id of kind.
type attackListFilter struct {
	o     operation
	param string
	kind  attackKind
}

// attackListFilters are the list operations' id filters; an unclassified
// one fails the test.
func attackListFilters(t *testing.T, e *apitest.Env) []attackListFilter {
	t.Helper()
	var out []attackListFilter
	for _, o := range operations(e) {
		if !o.inClinic() {
			continue
		}
		for _, p := range o.params {
			if p.Value == nil || p.Value.In != "query" {
				continue
			}
			s := p.Value.Schema
			isID := strings.HasSuffix(p.Value.Name, "_id") || (s != nil && s.Value != nil && s.Value.Format == "uuid")
			if !isID {
				continue
			}
			kind, ok := attackQueryKinds[p.Value.Name]
			if !ok {
				t.Errorf("%s: the query parameter %s takes an id: classify it in attackQueryKinds", o, p.Value.Name)
				continue
			}
			out = append(out, attackListFilter{o, p.Value.Name, kind})
		}
	}
	if len(out) == 0 {
		t.Fatal("no list filter takes an id")
	}
	return out
}

// attackFilter lists o filtered by param=value as token, and the same
// filtered by reference (a value that names nothing), and checks the two
// answers are the same. It returns the status.
func (w *attackWorld) attackFilter(t *testing.T, who string, o operation, token, param, value, reference string) int {
	t.Helper()
	base := o.url(w.e.A, "")
	got := w.e.Do(t, "GET", apitest.Query(base, param, value), token, nil)
	ref := w.e.Do(t, "GET", apitest.Query(base, param, reference), token, nil)
	if d := attackDiff(got, value, ref, reference); d != "" {
		t.Errorf("%s %s?%s=%s differs from a value that names nothing: %s", who, o, param, value, d)
	}
	if leaked := w.foreignID(got, w.bIDs, strings.ToLower(value)); leaked != "" {
		t.Errorf("%s %s?%s=%s: the answer names clinic B's row %s", who, o, param, value, leaked)
	}
	return got.Status
}

// TestAttackListFiltersWithClinicBIDs: filtering a list by clinic B's ids
// answers exactly what a random id does (an empty list, or the same
// refusal), for every role of clinic A; and so do the patient number and
// phone filters with clinic B's patient's.
func TestAttackListFiltersWithClinicBIDs(t *testing.T) {
	t.Parallel()
	w := newAttackWorld(t)
	// Clinic B's cursors, read by its own users before the attacks.
	cursors := map[string]string{}
	for _, o := range operations(w.e) {
		if o.inClinic() && o.method == "GET" && len(o.pathParams()) == 0 && attackIsList(o) {
			if c := w.cursorOf(t, o, w.B); c != "" {
				cursors[o.String()] = c
			}
		}
	}
	if len(cursors) == 0 {
		t.Error("no list of clinic B has a second page: the cursor attack tests nothing")
	}
	before := w.fingerprint(t)
	n := 0
	for _, f := range attackListFilters(t, w.e) {
		listed := false
		for _, role := range store.Roles {
			for _, id := range w.B.ids[f.kind] {
				if w.attackFilter(t, "clinic A's "+string(role), f.o, w.A.tok[role], f.param, id.String(), uuid.NewString()) == http.StatusOK {
					listed = true
				}
				n++
			}
		}
		if !listed {
			t.Errorf("%s?%s: no role of clinic A may list it: the attack tested nothing", f.o, f.param)
		}
	}
	patients := operation{method: "GET", path: "/api/v1/clinics/{slug}/patients"}
	for _, role := range []store.Role{store.RoleReceptionist, store.RoleDoctor} {
		tok := w.A.tok[role]
		num := w.B.registeredNumber
		w.attackFilter(t, string(role), patients, tok, "number", num, strings.Repeat("Z", len(num)))
		w.attackFilter(t, string(role), patients, tok, "phone", w.B.registeredTel, fmt.Sprintf("8%09d", uuid.New().ID()%1_000_000_000))
		n += 2
	}
	// Clinic B's cursors in clinic A's lists: a position, never B's rows.
	for _, o := range operations(w.e) {
		cursor, ok := cursors[o.String()]
		if !ok {
			continue
		}
		for _, role := range store.Roles {
			path := apitest.Query(o.url(w.e.A, ""), "cursor", cursor)
			if attackRequiresPatient(o) {
				path = apitest.Query(o.url(w.e.A, ""), "cursor", cursor, "patient_id", uuid.NewString())
			}
			res := w.e.Send(t, apitest.Request{Method: "GET", Path: path, Token: w.A.tok[role]})
			if leaked := w.foreignID(res, w.bIDs); leaked != "" {
				t.Errorf("clinic A's %s: %s with clinic B's cursor names clinic B's row %s", role, o, leaked)
			}
			n++
		}
	}
	w.unchanged(t, "listing with clinic B's ids", before)
	t.Logf("%d list filters with clinic B's ids and values", n)
}

// TestAttackPatientRoleOtherPatients: clinic A's patient, with another
// patient's ids of the same clinic, finds nothing anywhere: every
// operation with an id in its path, every list filter, and uploads.
func TestAttackPatientRoleOtherPatients(t *testing.T) {
	t.Parallel()
	w := newAttackWorld(t)
	tok := w.A.tok[store.RolePatient]
	var own uuid.UUID
	if err := w.su.QueryRow(context.Background(), `SELECT id FROM patients WHERE clinic_id = $1 AND user_id = $2`,
		w.A.c.ID, w.A.c.Users[store.RolePatient].ID).Scan(&own); err != nil {
		t.Fatalf("the patient login's record: %v", err)
	}
	before := w.fingerprint(t)
	ops, attacks, reads := 0, 0, 0
	for _, po := range attackPathOps(t, w.e) {
		if !slices.Contains(attackPatientKinds, po.kind) {
			continue
		}
		o := po.o
		others := w.idsOf(t, w.A.c.ID, po.kind, "other", own)
		if len(others) == 0 {
			t.Fatalf("no other patient's %s in clinic A", po.kind)
		}
		hidden := false
		for _, id := range others {
			for _, h := range w.ifMatchVariants(t, o, w.A, id) {
				if w.attackPath(t, "clinic A's patient", o, tok, id, h) == http.StatusNotFound {
					hidden = true
				}
				attacks++
			}
		}
		// Where another patient's record is hidden from a read, the
		// patient's own is shown: the 404 is about whose it is.
		if hidden && o.method == "GET" {
			shown := false
			for _, id := range w.idsOf(t, w.A.c.ID, po.kind, "own", own) {
				if w.e.Do(t, "GET", o.url(w.e.A, id.String()), tok, nil).Status == http.StatusOK {
					shown = true
				}
			}
			if shown {
				reads++
			}
			t.Logf("%s: other patients' hidden; own shown: %v", o, shown)
		}
		ops++
	}
	if reads == 0 {
		t.Error("the patient read none of their own records: the attacks tested nothing")
	}
	for _, f := range attackListFilters(t, w.e) {
		if f.kind != kindPatient {
			continue
		}
		for _, id := range w.idsOf(t, w.A.c.ID, kindPatient, "other", own) {
			w.attackFilter(t, "clinic A's patient", f.o, tok, f.param, id.String(), uuid.NewString())
			attacks++
		}
	}
	for _, id := range w.idsOf(t, w.A.c.ID, kindPatient, "other", own) {
		upload := func(patient string) *apitest.Response {
			mp, ct := labUpload(t, `{"patient_id":"`+patient+`"}`, "mine.pdf", labPDF)
			return labSend(t, w.e, w.A.path("medical-reports"), tok, ct, mp)
		}
		random := uuid.NewString()
		got, ref := upload(id.String()), upload(random)
		if got.Status < 400 || got.Status >= 500 {
			t.Errorf("the patient uploads for another patient %s: status %d", id, got.Status)
		}
		if d := attackDiff(got, id.String(), ref, random); d != "" {
			t.Errorf("the patient's upload for another patient differs from a random id: %s", d)
		}
		attacks++
	}
	// Unfiltered, every list the patient may read holds their own rows
	// only: no id of another patient's records appears.
	othersIDs := map[string]bool{}
	for _, kind := range attackPatientKinds {
		for _, id := range w.allIDsOf(t, w.A.c.ID, kind, "other", own) {
			othersIDs[id.String()] = true
		}
	}
	lists := 0
	for _, o := range operations(w.e) {
		if !o.inClinic() || o.method != "GET" || len(o.pathParams()) > 0 || !attackIsList(o) {
			continue
		}
		path := o.url(w.e.A, "")
		if attackRequiresPatient(o) {
			path = apitest.Query(path, "patient_id", own.String())
		}
		res := w.e.Do(t, "GET", path, tok, nil)
		if res.Status == http.StatusOK {
			lists++
			if id := w.foreignID(res, othersIDs); id != "" {
				t.Errorf("the patient's %s names another patient's record %s: %.300s", o, id, res.Body)
			}
		}
	}
	if lists == 0 {
		t.Error("the patient may read no list: the check tested nothing")
	}
	w.unchanged(t, "clinic A's patient attacking other patients", before)
	t.Logf("%d operations, %d attacks with other patients' ids", ops, attacks)
}

// attackDual is the subject of a person who works in both clinics with
// role (one users row in each, bound by invitations for one email).
func attackDual(role store.Role) string { return "t-attack-both-" + string(role) }

// attackDualRoles are the roles of the people who work in both clinics.
var attackDualRoles = []store.Role{store.RoleAdmin, store.RoleReceptionist, store.RoleDoctor, store.RoleLabTech}

// attackIdemCase is a create that takes an Idempotency-Key, made by the
// person of role who works in both clinics.
type attackIdemCase struct {
	op   string
	role store.Role
	// request is the create in clinic c; it may prepare what it needs
	// with c's own users.
	request func(t *testing.T, c attackClinic) attackRequest
}

// attackIdemCases cover every documented operation with an
// Idempotency-Key; dual is the clinic's visit in consultation with the
// doctor who works in both clinics, per clinic slug.
func (w *attackWorld) attackIdemCases(t *testing.T, dualVisit map[string]uuid.UUID) []attackIdemCase {
	t.Helper()
	e := w.e
	rnd := func() string { return uuid.NewString()[:8] }
	orderAndCollect := func(t *testing.T, c attackClinic) string {
		var tests struct{ Items []struct{ ID uuid.UUID } }
		e.Do(t, "POST", c.path("visits/"+c.consult.String()+"/tests"), c.tok[store.RoleDoctor], map[string]any{"tests": []map[string]any{
			{"catalog_id": c.catalogTest, "urgency": "routine"}}}).Want(t, http.StatusCreated).Decode(t, &tests)
		id := tests.Items[0].ID.String()
		e.Do(t, "POST", c.path("tests/"+id+"/collect"), c.tok[store.RoleLabTech], nil).Want(t, http.StatusOK)
		return id
	}
	values := []map[string]any{{"analyte": "Hb", "value": "12"}}
	return []attackIdemCase{
		{"POST /api/v1/clinics/{slug}/invitations", store.RoleAdmin, func(t *testing.T, c attackClinic) attackRequest {
			return attackRequest{path: c.path("invitations"), body: map[string]any{"email": "idem-" + rnd() + "@attack.example",
				"display_name": "Idem", "role": "lab_tech"}}
		}},
		{"POST /api/v1/clinics/{slug}/doctors", store.RoleAdmin, func(t *testing.T, c attackClinic) attackRequest {
			var u struct{ ID uuid.UUID }
			e.Do(t, "POST", c.path("invitations"), c.tok[store.RoleAdmin], map[string]any{"email": "dr.idem-" + rnd() + "@attack.example",
				"display_name": "Dr. Idem", "role": "doctor"}).Want(t, http.StatusCreated).Decode(t, &u)
			return attackRequest{path: c.path("doctors"), body: map[string]any{"user_id": u.ID, "license_number": "IDEM-" + rnd()}}
		}},
		{"POST /api/v1/clinics/{slug}/medicines", store.RoleAdmin, func(t *testing.T, c attackClinic) attackRequest {
			return attackRequest{path: c.path("medicines"), body: map[string]any{"name": "Idemcillin " + rnd(), "form": "tablet"}}
		}},
		{"POST /api/v1/clinics/{slug}/test-catalog", store.RoleAdmin, func(t *testing.T, c attackClinic) attackRequest {
			return attackRequest{path: c.path("test-catalog"), body: map[string]any{"name": "Idem panel " + rnd(), "test_type": "blood"}}
		}},
		{"POST /api/v1/clinics/{slug}/patients", store.RoleReceptionist, func(t *testing.T, c attackClinic) attackRequest {
			return attackRequest{path: c.path("patients"), body: map[string]any{"name": "Idem " + rnd()}}
		}},
		{"POST /api/v1/clinics/{slug}/visits", store.RoleReceptionist, func(t *testing.T, c attackClinic) attackRequest {
			p, _, _ := w.register(t, c)
			return attackRequest{path: c.path("visits"), body: map[string]any{"patient_id": p, "purpose": "Idem"}}
		}},
		{"POST /api/v1/clinics/{slug}/visits/{id}/notes", store.RoleDoctor, func(t *testing.T, c attackClinic) attackRequest {
			return attackRequest{path: c.path("visits/" + dualVisit[c.c.Slug].String() + "/notes"), body: map[string]any{"diagnosis": "Idem"}}
		}},
		{"POST /api/v1/clinics/{slug}/prescriptions", store.RoleDoctor, func(t *testing.T, c attackClinic) attackRequest {
			var v struct {
				PatientID uuid.UUID `json:"patient_id"`
			}
			e.Do(t, "GET", c.path("visits/"+dualVisit[c.c.Slug].String()), c.tok[store.RoleDoctor], nil).Want(t, http.StatusOK).Decode(t, &v)
			return attackRequest{path: c.path("prescriptions"), body: doctorRxBody(v.PatientID, dualVisit[c.c.Slug], c.medicine)}
		}},
		{"POST /api/v1/clinics/{slug}/visits/{id}/tests", store.RoleDoctor, func(t *testing.T, c attackClinic) attackRequest {
			return attackRequest{path: c.path("visits/" + dualVisit[c.c.Slug].String() + "/tests"),
				body: map[string]any{"tests": []map[string]any{{"catalog_id": c.catalogTest, "urgency": "routine"}}}}
		}},
		{"POST /api/v1/clinics/{slug}/medical-reports", store.RoleLabTech, func(t *testing.T, c attackClinic) attackRequest {
			mp, ct := labUpload(t, `{"patient_id":"`+c.consultPatient.String()+`"}`, "idem.pdf", labPDF)
			return attackRequest{path: c.path("medical-reports"), multipart: mp, contentType: ct}
		}},
		{"POST /api/v1/clinics/{slug}/tests/{id}/reports", store.RoleLabTech, func(t *testing.T, c attackClinic) attackRequest {
			return attackRequest{path: c.path("tests/" + orderAndCollect(t, c) + "/reports"), body: map[string]any{"values": values}}
		}},
		{"POST /api/v1/clinics/{slug}/test-reports/{id}/corrections", store.RoleLabTech, func(t *testing.T, c attackClinic) attackRequest {
			var rep struct{ ID uuid.UUID }
			lab := c.tok[store.RoleLabTech]
			e.Do(t, "POST", c.path("tests/"+orderAndCollect(t, c)+"/reports"), lab, map[string]any{"values": values}).
				Want(t, http.StatusCreated).Decode(t, &rep)
			e.Do(t, "POST", c.path("test-reports/"+rep.ID.String()+"/verify"), lab, map[string]any{}).Want(t, http.StatusOK)
			return attackRequest{path: c.path("test-reports/" + rep.ID.String() + "/corrections"),
				body: map[string]any{"notes": "Idem", "values": values}}
		}},
	}
}

// TestAttackIdempotencyKeysStayInTheirClinic: a key used in clinic A is
// unknown in clinic B, even to the same person working in both: B's
// request with the key is processed in B (not A's answer replayed, not
// refused as a reuse), each clinic then replays its own answer, and
// another user's key of the same value is theirs.
func TestAttackIdempotencyKeysStayInTheirClinic(t *testing.T) {
	t.Parallel()
	var users []devidp.User
	for _, r := range attackDualRoles {
		users = append(users, devidp.User{Subject: attackDual(r), Name: "Both " + string(r), Email: "both-" + string(r) + "@attack.example",
			EmailVerified: true})
	}
	w := newAttackWorld(t, apitest.Options{ExtraUsers: func(a, b dbtest.Clinic) []devidp.User { return users }})
	e := w.e

	// The people who work in both clinics: invited in each, then signed
	// in once; the doctor has a profile and a patient in consultation in
	// each.
	dual := map[store.Role]string{}
	dualVisit := map[string]uuid.UUID{}
	for _, c := range []attackClinic{w.A, w.B} {
		for _, r := range attackDualRoles {
			var u struct{ ID uuid.UUID }
			e.Do(t, "POST", c.path("invitations"), c.tok[store.RoleAdmin], map[string]any{"email": "both-" + string(r) + "@attack.example",
				"display_name": "Both " + string(r), "role": string(r)}).Want(t, http.StatusCreated).Decode(t, &u)
			if r == store.RoleDoctor {
				e.Do(t, "POST", c.path("doctors"), c.tok[store.RoleAdmin], map[string]any{"user_id": u.ID,
					"license_number": "BOTH-" + c.c.Slug}).Want(t, http.StatusCreated)
			}
		}
	}
	for _, r := range attackDualRoles {
		dual[r] = e.TokenOf(t, attackDual(r))
		for _, c := range []attackClinic{w.A, w.B} {
			e.Do(t, "GET", c.path("me"), dual[r], nil).Want(t, http.StatusOK)
		}
	}
	for _, c := range []attackClinic{w.A, w.B} {
		p, _, _ := w.register(t, c)
		var v struct{ ID uuid.UUID }
		e.Do(t, "POST", c.path("visits"), c.tok[store.RoleReceptionist], map[string]any{"patient_id": p, "purpose": "Both"}).
			Want(t, http.StatusCreated).Decode(t, &v)
		e.Do(t, "POST", c.path("visits/"+v.ID.String()+"/start"), dual[store.RoleDoctor], nil).Want(t, http.StatusOK)
		dualVisit[c.c.Slug] = v.ID
	}

	cases := w.attackIdemCases(t, dualVisit)
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.op] = true
	}
	for _, o := range operations(e) {
		for _, p := range o.params {
			if p.Value != nil && p.Value.In == "header" && strings.EqualFold(p.Value.Name, "Idempotency-Key") && !covered[o.String()] {
				t.Errorf("%s takes an Idempotency-Key: add an attackIdemCase for it", o)
			}
		}
	}
	aIDs := w.clinicIDs(t, w.A)
	for i, c := range cases {
		key := fmt.Sprintf("attack-key-%d-%s", i, uuid.NewString())
		send := func(r attackRequest, token string) *apitest.Response {
			r.method, r.token, r.header = "POST", token, []string{"Idempotency-Key", key}
			return w.send(t, r)
		}
		reqA, reqB := c.request(t, w.A), c.request(t, w.B)
		tok := dual[c.role]
		first := send(reqA, tok)
		inB := send(reqB, tok)
		if first.Status/100 != 2 || inB.Status/100 != 2 {
			t.Errorf("%s with one key in A, then in B: statuses %d, %d, want 2xx; bodies %.300s | %.300s", c.op, first.Status, inB.Status, first.Body, inB.Body)
			continue
		}
		if string(inB.Body) == string(first.Body) {
			t.Errorf("%s: clinic B replayed clinic A's answer for the same key: %.300s", c.op, inB.Body)
		}
		if id := w.foreignID(inB, aIDs); id != "" {
			t.Errorf("%s: clinic B's answer for the key names clinic A's row %s: %.300s", c.op, id, inB.Body)
		}
		if loc := inB.Header.Get("Location"); loc != "" && !strings.HasPrefix(loc, "/api/v1/clinics/"+w.B.c.Slug+"/") {
			t.Errorf("%s: clinic B's answer points to %s", c.op, loc)
		}
		// Each clinic replays its own answer.
		if again := send(reqB, tok); string(again.Body) != string(inB.Body) {
			t.Errorf("%s: clinic B's repeat with the key is not its first answer: %.300s", c.op, again.Body)
		}
		if again := send(reqA, tok); string(again.Body) != string(first.Body) {
			t.Errorf("%s: clinic A's repeat with the key is not its first answer: %.300s", c.op, again.Body)
		}
		// Clinic B's own user of the role, with the same key: their own
		// answer, never one stored for another user.
		other := send(reqB, w.B.tok[c.role])
		if string(other.Body) == string(first.Body) || string(other.Body) == string(inB.Body) {
			t.Errorf("%s: clinic B's %s got another user's stored answer for the key: %.300s", c.op, c.role, other.Body)
		}
		if id := w.foreignID(other, aIDs); id != "" {
			t.Errorf("%s: clinic B's %s sees clinic A's row %s through the key: %.300s", c.op, c.role, id, other.Body)
		}
	}
	t.Logf("%d idempotent creates, each key used in both clinics", len(cases))
}

// attackUUID matches a UUID in an answer.
var attackUUID = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// clinicIDs are the ids of every row of clinic c (and its own), as the
// superuser.
func (w *attackWorld) clinicIDs(t *testing.T, c attackClinic) map[string]bool {
	t.Helper()
	out := map[string]bool{c.c.ID.String(): true}
	for _, table := range w.tables {
		rows, err := w.su.Query(context.Background(), `SELECT to_jsonb(t)::text FROM `+pgx.Identifier{table}.Sanitize()+
			` AS t WHERE clinic_id = $1`, c.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		texts, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range texts {
			for _, id := range attackUUID.FindAllString(s, -1) {
				out[strings.ToLower(id)] = true
			}
		}
	}
	return out
}

// foreignID is the first id of ids that res names (body or headers),
// other than the ids the request named itself (except).
func (w *attackWorld) foreignID(res *apitest.Response, ids map[string]bool, except ...string) string {
	text := string(res.Body)
	for k, vs := range res.Header {
		text += "\n" + k + ": " + strings.Join(vs, ",")
	}
	for _, id := range attackUUID.FindAllString(text, -1) {
		if ids[strings.ToLower(id)] && !slices.Contains(except, strings.ToLower(id)) {
			return id
		}
	}
	return ""
}

// TestAttackClinicSlugIsNoOracle: clinic B's slug in the path of every
// operation answers clinic A's members (and the platform operations'
// slug answers them) exactly as a slug that names no clinic.
func TestAttackClinicSlugIsNoOracle(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	ghost := dbtest.Clinic{Slug: "t-" + strings.ReplaceAll(uuid.NewString(), "-", "")[:16]}
	n := 0
	for _, o := range operations(e) {
		if o.public() || !strings.Contains(o.path, "{slug}") {
			continue
		}
		id := uuid.NewString()
		for _, role := range store.Roles {
			req := func(c dbtest.Clinic) *apitest.Response {
				r := apitest.Request{Method: o.method, Path: o.url(c, id), Token: e.Token(t, e.A, role), Header: http.Header{}}
				if o.jsonBody() {
					r.ContentType, r.Body = "application/json", []byte(`{}`)
				}
				if o.needsIfMatch() {
					r.Header.Set("If-Match", `"stale"`)
				}
				return e.Send(t, r)
			}
			got, ref := req(e.B), req(ghost)
			if got.Status < 400 {
				t.Errorf("%s on clinic B as clinic A's %s: status %d", o, role, got.Status)
			}
			if d := attackDiff(got, e.B.Slug, ref, ghost.Slug); d != "" {
				t.Errorf("%s as clinic A's %s: clinic B's slug differs from no clinic's: %s", o, role, d)
			}
			n++
		}
	}
	t.Logf("%d requests with clinic B's slug", n)
}

// attackIsList says whether o answers a page of items.
func attackIsList(o operation) bool {
	for _, p := range o.params {
		if p.Value != nil && p.Value.In == "query" && (p.Value.Name == "cursor" || p.Value.Name == "limit") {
			return true
		}
	}
	return false
}

// attackRequiresPatient says whether o requires a patient_id filter.
func attackRequiresPatient(o operation) bool {
	for _, p := range o.params {
		if p.Value != nil && p.Value.In == "query" && p.Value.Name == "patient_id" && p.Value.Required {
			return true
		}
	}
	return false
}

// cursorOf is the cursor of the second page of list o in clinic c, as the
// first of c's users who may read it ("" if none has a second page).
func (w *attackWorld) cursorOf(t *testing.T, o operation, c attackClinic) string {
	t.Helper()
	for _, role := range store.Roles {
		path := apitest.Query(o.url(c.c, ""), "limit", "1")
		if attackRequiresPatient(o) {
			path = apitest.Query(o.url(c.c, ""), "limit", "1", "patient_id", c.consultPatient.String())
		}
		var page struct {
			Next *string `json:"next"`
		}
		res := w.e.Do(t, "GET", path, c.tok[role], nil)
		if res.Status != http.StatusOK {
			continue
		}
		res.Decode(t, &page)
		if page.Next == nil {
			continue
		}
		i := strings.Index(*page.Next, "cursor=")
		if i < 0 {
			t.Fatalf("%s: next link without a cursor: %s", o, *page.Next)
		}
		cursor, _, _ := strings.Cut((*page.Next)[i+len("cursor="):], "&")
		if u, err := url.QueryUnescape(cursor); err == nil {
			return u
		}
	}
	return ""
}

// TestAttackClinicBValuesAreFree: values unique within a clinic (emails,
// license numbers, catalog names, a patient's name and phone) that clinic
// B uses are free in clinic A: creating with them answers exactly as with
// values nobody uses, so no unique constraint or duplicate check tells A
// what B holds.
func TestAttackClinicBValuesAreFree(t *testing.T) {
	t.Parallel()
	w := newAttackWorld(t)
	e, A, B := w.e, w.A, w.B
	rnd := func() string { return uuid.NewString()[:8] }
	adminA, adminB := A.tok[store.RoleAdmin], B.tok[store.RoleAdmin]

	// Clinic B's own values.
	medB := map[string]any{"name": "Bonly " + rnd(), "form": "syrup", "strength": "5 mg/ml"}
	e.Do(t, "POST", B.path("medicines"), adminB, medB).Want(t, http.StatusCreated)
	catB := map[string]any{"name": "Bonly panel " + rnd(), "test_type": "urine"}
	e.Do(t, "POST", B.path("test-catalog"), adminB, catB).Want(t, http.StatusCreated)
	var bDoctors struct {
		Items []struct {
			LicenseNumber string `json:"license_number"`
		} `json:"items"`
	}
	e.Do(t, "GET", B.path("doctors"), adminB, nil).Want(t, http.StatusOK).Decode(t, &bDoctors)
	var bPatient struct {
		Name  string `json:"name"`
		Phone string `json:"phone"`
	}
	e.Do(t, "GET", B.path("patients/"+B.registered.String()), B.tok[store.RoleReceptionist], nil).Want(t, http.StatusOK).Decode(t, &bPatient)
	newDoctorUser := func() uuid.UUID {
		var u struct{ ID uuid.UUID }
		e.Do(t, "POST", A.path("invitations"), adminA, map[string]any{"email": "dr." + rnd() + "@attack.example",
			"display_name": "Dr. New", "role": "doctor"}).Want(t, http.StatusCreated).Decode(t, &u)
		return u.ID
	}
	freshPatient := func() string { id, _, _ := w.register(t, A); return id.String() }

	type create struct {
		what, path, token string
		body              map[string]any
	}
	cases := []struct{ taken, free create }{}
	// Each of clinic B's emails once (a second use would meet clinic A's
	// own first): signed-in staff and a pending invitation.
	for _, email := range []string{B.c.Users[store.RoleDoctor].Email, B.c.Users[store.RoleLabTech].Email} {
		cases = append(cases, struct{ taken, free create }{
			create{"an invitation with clinic B's email " + email, A.path("invitations"), adminA,
				map[string]any{"email": email, "display_name": "Someone", "role": "receptionist"}},
			create{"", A.path("invitations"), adminA,
				map[string]any{"email": "free." + rnd() + "@attack.example", "display_name": "Someone", "role": "receptionist"}},
		})
	}
	for _, email := range []string{B.c.Users[store.RoleReceptionist].Email, "dr.later@" + B.c.Slug + ".example"} {
		cases = append(cases, struct{ taken, free create }{
			create{"a portal invitation with clinic B's email " + email, A.path("patients/" + freshPatient() + "/portal-invitation"),
				A.tok[store.RoleReceptionist], map[string]any{"email": email}},
			create{"", A.path("patients/" + freshPatient() + "/portal-invitation"), A.tok[store.RoleReceptionist],
				map[string]any{"email": "free." + rnd() + "@attack.example"}},
		})
	}
	cases = append(cases,
		struct{ taken, free create }{
			create{"a doctor with clinic B's license number", A.path("doctors"), adminA,
				map[string]any{"user_id": newDoctorUser(), "license_number": bDoctors.Items[0].LicenseNumber}},
			create{"", A.path("doctors"), adminA, map[string]any{"user_id": newDoctorUser(), "license_number": "FREE-" + rnd()}},
		},
		struct{ taken, free create }{
			create{"a medicine named as clinic B's", A.path("medicines"), adminA, medB},
			create{"", A.path("medicines"), adminA, map[string]any{"name": "Free " + rnd(), "form": "syrup", "strength": "5 mg/ml"}},
		},
		struct{ taken, free create }{
			create{"a catalog test named as clinic B's", A.path("test-catalog"), adminA, catB},
			create{"", A.path("test-catalog"), adminA, map[string]any{"name": "Free panel " + rnd(), "test_type": "urine"}},
		},
		struct{ taken, free create }{
			create{"a patient with clinic B's patient's name and phone", A.path("patients"), A.tok[store.RoleReceptionist],
				map[string]any{"name": bPatient.Name, "phone": bPatient.Phone}},
			create{"", A.path("patients"), A.tok[store.RoleReceptionist],
				map[string]any{"name": "Free " + rnd(), "phone": fmt.Sprintf("7%09d", uuid.New().ID()%1_000_000_000)}},
		},
	)
	for _, c := range cases {
		taken := e.Do(t, "POST", c.taken.path, c.taken.token, c.taken.body)
		free := e.Do(t, "POST", c.free.path, c.free.token, c.free.body)
		if taken.Status != free.Status || taken.Status/100 != 2 {
			t.Errorf("%s: status %d, but %d with a value nobody uses; body %.300s", c.taken.what, taken.Status, free.Status, taken.Body)
		}
		if leaked := w.foreignID(taken, w.bIDs); leaked != "" {
			t.Errorf("%s: the answer names clinic B's row %s: %.300s", c.taken.what, leaked, taken.Body)
		}
	}
}
