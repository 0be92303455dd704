package api_test

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/api/apitest"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// These tests walk every operation of the contract, so every area's routes
// are held to them as soon as they are documented: wrong input of any kind
// is a documented 4xx problem, never a 500.

// operation is one documented operation.
type operation struct {
	method, path string
	op           *openapi3.Operation
	params       openapi3.Parameters
}

func (o operation) String() string { return o.method + " " + o.path }

func (o operation) public() bool { return o.op.Security != nil && len(*o.op.Security) == 0 }

func (o operation) inClinic() bool { return strings.HasPrefix(o.path, "/api/v1/clinics/{slug}") }

// jsonBody says whether the operation takes a JSON body.
func (o operation) jsonBody() bool {
	return o.op.RequestBody != nil && o.op.RequestBody.Value != nil && o.op.RequestBody.Value.Content.Get("application/json") != nil
}

func (o operation) hasBody() bool { return o.op.RequestBody != nil && o.op.RequestBody.Value != nil }

func (o operation) needsIfMatch() bool {
	for _, p := range o.params {
		if p.Value != nil && p.Value.In == "header" && strings.EqualFold(p.Value.Name, "If-Match") {
			return true
		}
	}
	return false
}

// pathParams are the operation's path parameters other than slug.
func (o operation) pathParams() []*openapi3.Parameter {
	var out []*openapi3.Parameter
	for _, p := range o.params {
		if p.Value != nil && p.Value.In == "path" && p.Value.Name != "slug" {
			out = append(out, p.Value)
		}
	}
	return out
}

func operations(e *apitest.Env) []operation {
	var out []operation
	for path, item := range e.Contract.Doc.Paths.Map() {
		for method, op := range item.Operations() {
			params := append(openapi3.Parameters{}, item.Parameters...)
			out = append(out, operation{method: method, path: path, op: op, params: append(params, op.Parameters...)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// url fills the operation's path: slug with c's, every other parameter
// with value (a fresh UUID when value is empty).
func (o operation) url(c dbtest.Clinic, value string) string {
	u := strings.ReplaceAll(o.path, "{slug}", c.Slug)
	for _, p := range o.pathParams() {
		v := value
		if v == "" {
			v = uuid.NewString()
		}
		u = strings.ReplaceAll(u, "{"+p.Name+"}", v)
	}
	return u
}

// tokenFor is a token that passes the clinic and role checks as far as
// possible: the clinic's admin inside a clinic, the operator elsewhere.
func tokenFor(t *testing.T, e *apitest.Env, o operation) string {
	if o.inClinic() {
		return e.Token(t, e.A, store.RoleAdmin)
	}
	return e.SuperAdminToken(t)
}

func isProblem4xx(t *testing.T, what string, res *apitest.Response) {
	t.Helper()
	if res.Status < 400 || res.Status >= 500 {
		t.Errorf("%s: status %d, want a 4xx; body %.300s", what, res.Status, res.Body)
		return
	}
	res.Problem(t)
}

func TestUnknownRoutesAreNotFound(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	admin := e.Token(t, e.A, store.RoleAdmin)
	for _, c := range []struct{ path, token string }{
		{"/api/v1/nowhere", admin},
		{"/api/v1/nowhere", ""},
		{"/api/v1/clinics/" + e.A.Slug + "/nowhere", admin},
		{"/api/v1/clinics/" + e.A.Slug + "/patients/" + uuid.NewString() + "/nowhere", admin},
		{"/api/v1/clinics/" + e.B.Slug + "/nowhere", admin},
		{"/api/v1/clinics/no-such-clinic/me", admin},
		{"/api/v1/clinics/" + e.A.Slug, admin},
	} {
		res := e.Send(t, apitest.Request{Method: "GET", Path: c.path, Token: c.token}).Want(t, http.StatusNotFound)
		if p := res.Problem(t); p.Kind() != "not-found" || p.Instance != strings.SplitN(c.path, "?", 2)[0] {
			t.Errorf("%s: problem %+v", c.path, p)
		}
	}
}

func TestWrongMethodsAre405WithAllow(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	documented := map[string][]string{}
	byPath := map[string]operation{}
	for _, o := range operations(e) {
		documented[o.path] = append(documented[o.path], o.method)
		byPath[o.path] = o
	}
	checked := 0
	for path, methods := range documented {
		o := byPath[path]
		slices.Sort(methods)
		for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
			if slices.Contains(methods, m) {
				continue
			}
			res := e.Send(t, apitest.Request{Method: m, Path: o.url(e.A, ""), Token: tokenFor(t, e, o)})
			if res.Status != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: status %d, want 405; body %.200s", m, path, res.Status, res.Body)
				continue
			}
			res.Problem(t)
			allow := strings.Split(res.Header.Get("Allow"), ", ")
			slices.Sort(allow)
			if !slices.Equal(allow, methods) {
				t.Errorf("%s %s: Allow %q, want the documented %v", m, path, res.Header.Get("Allow"), methods)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no method was checked")
	}
}

func TestTokensAreRequiredEverywhere(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	sub := apitest.Subject(e.A, "admin")
	expired := e.Mint(t, sub, -time.Minute)
	valid := e.Token(t, e.A, store.RoleAdmin)
	forged := valid[:len(valid)-4] + "AAAA"
	for _, o := range operations(e) {
		if o.public() {
			continue
		}
		for name, header := range map[string]string{
			"no token": "", "expired": "Bearer " + expired, "forged signature": "Bearer " + forged,
			"not bearer": "Basic YWRtaW46YWRtaW4=", "garbage": "Bearer not.a.jwt",
		} {
			req := apitest.Request{Method: o.method, Path: o.url(e.A, ""), Header: http.Header{}}
			if header != "" {
				req.Header.Set("Authorization", header)
			}
			if o.jsonBody() {
				req.ContentType, req.Body = "application/json", []byte(`{}`)
			}
			res := e.Send(t, req)
			if res.Status != http.StatusUnauthorized {
				t.Errorf("%s with %s: status %d, want 401", o, name, res.Status)
				continue
			}
			if !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("%s with %s: WWW-Authenticate %q", o, name, res.Header.Get("WWW-Authenticate"))
			}
		}
	}
}

// TestOtherClinicIsNotFound: a member of clinic A, whatever the role, finds
// nothing at all under clinic B.
func TestOtherClinicIsNotFound(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	n := 0
	for _, o := range operations(e) {
		if !o.inClinic() {
			continue
		}
		for _, role := range store.Roles {
			req := apitest.Request{Method: o.method, Path: o.url(e.B, ""), Token: e.Token(t, e.A, role)}
			if o.jsonBody() {
				req.ContentType, req.Body = "application/json", []byte(`{}`)
			}
			res := e.Send(t, req)
			if res.Status != http.StatusNotFound {
				t.Errorf("%s on clinic B as A's %s: status %d, want 404", o, role, res.Status)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no clinic operation")
	}
}

// TestInvalidPathIDs: a malformed id is a 4xx problem (404 for an id that
// cannot exist), never a 500.
func TestInvalidPathIDs(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	for _, o := range operations(e) {
		if len(o.pathParams()) == 0 {
			continue
		}
		for _, bad := range []string{"not-a-uuid", "1", "00000000-0000-0000-0000-00000000000g", "%27%3B--", strings.Repeat("a", 300)} {
			req := apitest.Request{Method: o.method, Path: o.url(e.A, bad), Token: tokenFor(t, e, o), Header: http.Header{}}
			if o.jsonBody() {
				req.ContentType, req.Body = "application/json", []byte(`{}`)
			}
			if o.needsIfMatch() {
				req.Header.Set("If-Match", `"x"`)
			}
			isProblem4xx(t, o.String()+" with id "+bad, e.Send(t, req))
		}
	}
}

// TestBadBodies sends every JSON operation malformed, mistyped, oversized
// and mislabelled bodies. Each must be a documented 4xx problem; creates on
// a collection (nothing to look up first) must say exactly what is wrong.
func TestBadBodies(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	cases := []struct {
		name, contentType string
		body              []byte
		want              []int // the answer of a collection create
	}{
		{"malformed JSON", "application/json", []byte(`{"name": "Asha",`), []int{400}},
		{"not an object", "application/json", []byte(`[1, 2, 3]`), []int{400, 422}},
		{"two objects", "application/json", []byte(`{} {}`), []int{400}},
		{"empty body", "application/json", nil, []int{400}},
		{"unknown field", "application/json", []byte(`{"santkrupa_no_such_field": 1}`), []int{422}},
		{"wrong types", "application/json", []byte(`{"name": 5, "phone": true, "date_of_birth": [], "id": {}}`), []int{400, 422}},
		{"huge body", "application/json", apitest.BigJSON(2 << 20), []int{413}},
		{"form content type", "application/x-www-form-urlencoded", []byte(`name=Asha`), []int{415}},
		{"no content type", "", []byte(`{"name": "Asha"}`), []int{415}},
		{"text content type", "text/plain", []byte(`{"name": "Asha"}`), []int{415}},
	}
	n := 0
	for _, o := range operations(e) {
		if !o.hasBody() {
			continue
		}
		for _, c := range cases {
			if !o.jsonBody() && c.contentType == "application/json" && c.name != "huge body" {
				continue // uploads: only the content-type and size cases apply
			}
			req := apitest.Request{Method: o.method, Path: o.url(e.A, ""), Token: tokenFor(t, e, o),
				ContentType: c.contentType, Body: c.body, Header: http.Header{}}
			if o.needsIfMatch() {
				req.Header.Set("If-Match", `"x"`)
			}
			res := e.Send(t, req)
			what := o.String() + " with " + c.name
			isProblem4xx(t, what, res)
			if len(o.pathParams()) == 0 && o.method == http.MethodPost && o.jsonBody() && res.Status != http.StatusForbidden &&
				!slices.Contains(c.want, res.Status) {
				t.Errorf("%s: status %d, want %v; body %.200s", what, res.Status, c.want, res.Body)
			}
			n++
		}
	}
	t.Logf("%d bad bodies sent", n)
}
