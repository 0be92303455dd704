package apitest

import (
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/santkrupa/santkrupa/internal/store"
)

// recorder is a testing.TB that records failures instead of failing, so a
// test can check that the client does fail.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	msgs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

// run calls f with a recorder and returns what it recorded.
func run(t *testing.T, f func(tb testing.TB)) string {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return strings.Join(r.msgs, "\n")
}

func TestClientRejectsWhatTheDocumentDoesNot(t *testing.T) {
	t.Parallel()
	e := New(t)
	tok := e.Token(t, e.A, store.RoleAdmin)

	cases := []struct {
		name string
		f    func(tb testing.TB)
		want string
	}{
		{"valid request", func(tb testing.TB) { e.Do(tb, "GET", "/api/v1/me", tok, nil) }, ""},
		{"no token where one is required", func(tb testing.TB) { e.Do(tb, "GET", "/api/v1/me", "", nil) }, "no bearer token"},
		{"undocumented path", func(tb testing.TB) { e.Do(tb, "GET", "/api/v1/nowhere", tok, nil) }, "is not in the OpenAPI document"},
		{"undocumented method", func(tb testing.TB) { e.Do(tb, "DELETE", "/api/v1/me", tok, nil) }, "is not in the OpenAPI document"},
		{"undocumented query value", func(tb testing.TB) {
			e.Do(tb, "GET", ClinicPath(e.A, "audit-events?limit=9999"), tok, nil)
		}, "request does not match"},
		{"body where none is documented", func(tb testing.TB) { e.Do(tb, "GET", "/api/v1/me", tok, map[string]int{"a": 1}) }, "request does not match"},
		{"Want", func(tb testing.TB) { e.Do(tb, "GET", "/api/v1/me", tok, nil).Want(tb, http.StatusTeapot) }, "status 200, want [418]"},
		// Send checks only the response: a 405 problem with Allow passes.
		{"Send 405", func(tb testing.TB) {
			e.Send(tb, Request{Method: "PUT", Path: "/api/v1/me", Token: tok}).Want(tb, http.StatusMethodNotAllowed)
		}, ""},
	}
	for _, tc := range cases {
		got := run(t, tc.f)
		if tc.want == "" && got != "" {
			t.Errorf("%s: unexpected failure: %s", tc.name, got)
		}
		if tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("%s: recorded %q, want a failure containing %q", tc.name, got, tc.want)
		}
	}
}

func TestValidateResponse(t *testing.T) {
	t.Parallel()
	e := New(t)
	route, params, err := e.router.FindRoute(mustReq("GET", "/api/v1/me"))
	if err != nil {
		t.Fatal(err)
	}
	in := &openapi3filter.RequestValidationInput{Request: mustReq("GET", "/api/v1/me"), PathParams: params, Route: route}
	jsonCT := http.Header{"Content-Type": {"application/json"}}
	good := `{"issuer":"i","subject":"s","super_admin":false,"memberships":[]}`
	cases := []struct {
		name   string
		status int
		header http.Header
		body   string
		want   string
	}{
		{"good", 200, jsonCT, good, ""},
		{"missing field", 200, jsonCT, `{"issuer":"i","subject":"s","memberships":[]}`, "super_admin"},
		{"extra field", 200, jsonCT, `{"issuer":"i","subject":"s","super_admin":false,"memberships":[],"x":1}`, "x"},
		{"wrong type", 200, jsonCT, `{"issuer":"i","subject":"s","super_admin":"no","memberships":[]}`, "super_admin"},
		{"wrong content type", 200, http.Header{"Content-Type": {"text/plain"}}, good, "text/plain"},
		{"undocumented status", 418, jsonCT, good, "status is not supported"},
		{"undocumented contract header", 200, http.Header{"Content-Type": {"application/json"}, "Etag": {`"v"`}}, good, "ETag"},
		{"no body where one is documented", 200, jsonCT, "", "decode response body"},
		{"problem for 401", 401, http.Header{"Content-Type": {"application/problem+json"}, "Www-Authenticate": {"Bearer"}},
			`{"type":"https://santkrupa.dev/problems/unauthorized","title":"Unauthorized","status":401}`, ""},
		{"401 that is no problem document", 401, http.Header{"Content-Type": {"application/problem+json"}},
			`{"title":"Unauthorized"}`, "type"},
	}
	for _, tc := range cases {
		err := e.validateResponse(in, route, &Response{Status: tc.status, Header: tc.header, Body: []byte(tc.body)})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: err %v, want one mentioning %q", tc.name, err, tc.want)
		}
	}
}

func mustReq(method, path string) *http.Request {
	r, err := http.NewRequest(method, "http://santkrupa.test"+path, nil)
	if err != nil {
		panic(err)
	}
	return r
}
