package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// bodyDecoders teaches the validator the non-JSON media types the API
// serves: the reference page and uploaded documents. (kin-openapi keeps
// its decoders in a package registry.)
var bodyDecoders sync.Once

func registerBodyDecoders() {
	bodyDecoders.Do(func() {
		openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
		for _, mt := range []string{"application/pdf", "image/png", "image/jpeg", "image/webp"} {
			openapi3filter.RegisterBodyDecoder(mt, openapi3filter.FileBodyDecoder)
		}
	})
}

// Response is what the server answered.
type Response struct {
	Method, Path string
	Status       int
	Header       http.Header
	Body         []byte
	// Value is the body decoded as JSON (nil if it is not JSON).
	Value any
}

// Request is a request as Send makes it: nothing about it is checked
// against the document, so it may be as wrong as a test needs.
type Request struct {
	Method, Path, Token string
	// ContentType is sent when set (Body alone sends none).
	ContentType string
	Body        []byte
	// Header adds headers.
	Header http.Header
}

// Do sends method path with token (empty: none) and body (nil: none;
// []byte or json.RawMessage: as is; anything else: JSON-encoded), sent as
// application/json, and headers given as name, value pairs. Both the
// request and the response must match the OpenAPI document; any mismatch
// (undocumented route, method, parameter, status, header or schema) fails
// the test. Do is safe to call from several goroutines: it reports with
// t.Errorf.
func (e *Env) Do(t testing.TB, method, path, token string, body any, headers ...string) *Response {
	t.Helper()
	req := Request{Method: method, Path: path, Token: token, Header: http.Header{}}
	if len(headers)%2 != 0 {
		t.Fatalf("apitest.Do: headers must be name, value pairs")
	}
	for i := 0; i < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	if body != nil {
		switch b := body.(type) {
		case []byte:
			req.Body = b
		case json.RawMessage:
			req.Body = b
		default:
			raw, err := json.Marshal(body)
			if err != nil {
				t.Fatalf("apitest.Do: encode body: %v", err)
			}
			req.Body = raw
		}
		req.ContentType = "application/json"
	}
	return e.send(t, req, true)
}

// Send sends a request without checking it against the document (for
// malformed JSON, wrong content types, huge bodies, missing or bad tokens,
// undocumented methods and paths) and validates the response: against the
// operation when the document has one, else as a problem document.
func (e *Env) Send(t testing.TB, req Request) *Response {
	t.Helper()
	return e.send(t, req, false)
}

func (e *Env) send(t testing.TB, r Request, checkRequest bool) *Response {
	t.Helper()
	res := &Response{Method: r.Method, Path: r.Path}
	newReq := func(base string) *http.Request {
		var body io.Reader = http.NoBody
		if r.Body != nil {
			body = bytes.NewReader(r.Body)
		}
		req, err := http.NewRequestWithContext(context.Background(), r.Method, base+r.Path, body)
		if err != nil {
			t.Fatalf("%s %s: %v", r.Method, r.Path, err)
		}
		for k, vs := range r.Header {
			for _, v := range vs {
				req.Header.Add(k, v)
			}
		}
		if r.ContentType != "" {
			req.Header.Set("Content-Type", r.ContentType)
		}
		if r.Token != "" {
			req.Header.Set("Authorization", "Bearer "+r.Token)
		}
		return req
	}

	// The document's view of the request: its route, if any.
	vreq := newReq("http://santkrupa.test")
	route, params, routeErr := e.router.FindRoute(vreq)
	var input *openapi3filter.RequestValidationInput
	if routeErr == nil {
		input = &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route,
			Options: &openapi3filter.Options{
				AuthenticationFunc:                bearerPresent,
				RejectWhenRequestBodyNotSpecified: true,
				MultiError:                        true,
			}}
	}
	if checkRequest {
		switch {
		case routeErr != nil:
			t.Errorf("%s %s is not in the OpenAPI document (%v); use Send for deliberately undocumented requests",
				r.Method, r.Path, routeErr)
		default:
			if err := openapi3filter.ValidateRequest(context.Background(), input); err != nil {
				t.Errorf("%s %s: the request does not match the OpenAPI document: %v", r.Method, r.Path, err)
			}
		}
	}

	resp, err := e.client.Do(newReq(e.Srv.URL))
	if err != nil {
		t.Errorf("%s %s: %v", r.Method, r.Path, err)
		return res
	}
	defer resp.Body.Close()
	res.Status, res.Header = resp.StatusCode, resp.Header
	if res.Body, err = io.ReadAll(resp.Body); err != nil {
		t.Errorf("%s %s: read body: %v", r.Method, r.Path, err)
	}
	if len(res.Body) > 0 && isJSON(res.Header.Get("Content-Type")) {
		if err := json.Unmarshal(res.Body, &res.Value); err != nil {
			t.Errorf("%s %s: %d response is not the JSON it claims: %v", r.Method, r.Path, res.Status, err)
		}
	}
	if res.Status >= 500 {
		t.Errorf("%s %s: status %d: %s", r.Method, r.Path, res.Status, res.Body)
	}
	if routeErr == nil && !isMethodRouteMismatch(res.Status) {
		if err := e.validateResponse(input, route, res); err != nil {
			t.Errorf("%s %s: the %d response does not match the OpenAPI document: %v\nbody: %s",
				r.Method, r.Path, res.Status, err, clip(res.Body))
		}
	} else if err := e.validateProblem(res); err != nil {
		t.Errorf("%s %s (not in the document): %v\nbody: %s", r.Method, r.Path, err, clip(res.Body))
	}
	return res
}

// isMethodRouteMismatch: a 405 is never documented per operation; it is
// checked as a problem document instead.
func isMethodRouteMismatch(status int) bool { return status == http.StatusMethodNotAllowed }

// contractHeaders must be documented on a response that sends them.
var contractHeaders = []string{"ETag", "Location", "WWW-Authenticate", "Retry-After", "Allow"}

func (e *Env) validateResponse(input *openapi3filter.RequestValidationInput, route *routers.Route, res *Response) error {
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input, Status: res.Status, Header: res.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	out.SetBodyBytes(res.Body)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return err
	}
	ref := route.Operation.Responses.Status(res.Status)
	if ref == nil || ref.Value == nil {
		return fmt.Errorf("status %d is not documented", res.Status)
	}
	spec := ref.Value
	for _, h := range contractHeaders {
		if res.Header.Get(h) == "" {
			continue
		}
		if _, ok := lookupHeader(spec.Headers, h); !ok {
			return fmt.Errorf("it sends %s, which the document does not declare for %d", h, res.Status)
		}
	}
	if len(spec.Content) == 0 && len(res.Body) > 0 {
		return fmt.Errorf("it has a body, but the document declares none for %d", res.Status)
	}
	if len(spec.Content) > 0 && len(res.Body) == 0 {
		return fmt.Errorf("it has no body, but the document declares one for %d", res.Status)
	}
	return nil
}

func lookupHeader(hs openapi3.Headers, name string) (*openapi3.HeaderRef, bool) {
	for k, v := range hs {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

// validateProblem checks an answer to a request the document does not
// describe: it must be a 4xx problem document (405 with Allow).
func (e *Env) validateProblem(res *Response) error {
	if res.Status < 400 || res.Status >= 500 {
		return fmt.Errorf("status %d; an undocumented request must be refused with a 4xx", res.Status)
	}
	if mt, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type")); mt != "application/problem+json" {
		return fmt.Errorf("content type %q, want application/problem+json", res.Header.Get("Content-Type"))
	}
	if err := e.problem.VisitJSON(res.Value, openapi3.EnableJSONSchema2020()); err != nil {
		return fmt.Errorf("not a problem document: %w", err)
	}
	if res.Status == http.StatusMethodNotAllowed && res.Header.Get("Allow") == "" {
		return errors.New("405 without Allow")
	}
	return nil
}

// bearerPresent checks the request carries what the operation's security
// requirement asks for; the server decides whether the token is valid.
func bearerPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecurityScheme == nil || in.SecurityScheme.Type != "http" || !strings.EqualFold(in.SecurityScheme.Scheme, "bearer") {
		return fmt.Errorf("security scheme %q is not supported by apitest", in.SecuritySchemeName)
	}
	h := in.RequestValidationInput.Request.Header.Get("Authorization")
	if !strings.HasPrefix(h, "Bearer ") || len(h) <= len("Bearer ") {
		return errors.New("no bearer token (use Send to test requests without one)")
	}
	return nil
}

func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

func clip(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// Want fails the test unless the status is one of want.
func (r *Response) Want(t testing.TB, want ...int) *Response {
	t.Helper()
	for _, w := range want {
		if r.Status == w {
			return r
		}
	}
	t.Fatalf("%s %s: status %d, want %v; body: %s", r.Method, r.Path, r.Status, want, clip(r.Body))
	return r
}

// Decode unmarshals the body into dst.
func (r *Response) Decode(t testing.TB, dst any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, dst); err != nil {
		t.Fatalf("%s %s: decode %d body: %v; body: %s", r.Method, r.Path, r.Status, err, clip(r.Body))
	}
}

// Problem is an RFC 9457 problem document as the API writes it.
type Problem struct {
	Type     string            `json:"type"`
	Title    string            `json:"title"`
	Status   int               `json:"status"`
	Detail   string            `json:"detail"`
	Instance string            `json:"instance"`
	Errors   map[string]string `json:"errors"`
}

// Problem decodes a problem document and checks its status and content
// type; Kind is the last segment of its type ("validation", "not-found").
func (r *Response) Problem(t testing.TB) Problem {
	t.Helper()
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/problem+json" {
		t.Fatalf("%s %s: %d with content type %q, want a problem document; body: %s",
			r.Method, r.Path, r.Status, r.Header.Get("Content-Type"), clip(r.Body))
	}
	var p Problem
	r.Decode(t, &p)
	if p.Status != r.Status {
		t.Errorf("%s %s: problem status %d in a %d response", r.Method, r.Path, p.Status, r.Status)
	}
	return p
}

// Kind is the stable slug of a problem's type.
func (p Problem) Kind() string { return p.Type[strings.LastIndex(p.Type, "/")+1:] }

// Query builds path?query from name, value pairs.
func Query(path string, pairs ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		q.Add(pairs[i], pairs[i+1])
	}
	return path + "?" + q.Encode()
}

// BigJSON is a syntactically valid JSON object of about n bytes, for
// body-limit tests.
func BigJSON(n int) []byte {
	if n < 16 {
		n = 16
	}
	return []byte(`{"padding":"` + strings.Repeat("x", n-15) + `"}`)
}

// List walks a list from path through its next links, every page
// validated like Do, and returns all items. A repeated id fails the test
// (a cursor that skips back).
func (e *Env) List(t testing.TB, path, token string) []map[string]any {
	t.Helper()
	var all []map[string]any
	seen := map[any]bool{}
	for next := path; next != ""; {
		var page struct {
			Items []map[string]any `json:"items"`
			Next  *string          `json:"next"`
		}
		e.Do(t, http.MethodGet, next, token, nil).Want(t, http.StatusOK).Decode(t, &page)
		for _, it := range page.Items {
			if id, ok := it["id"]; ok {
				if seen[id] {
					t.Fatalf("list %s: id %v on two pages", path, id)
				}
				seen[id] = true
			}
			all = append(all, it)
		}
		next = ""
		if page.Next != nil {
			next = *page.Next
		}
	}
	return all
}
