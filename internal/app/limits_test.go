package app_test

// Request bodies are bounded (1 MiB outside upload routes, less for API
// JSON): over the bound is 413 with a body that says so, as a page or a
// problem document, whether the length was declared or the body simply
// kept coming. (The
// header bound, 431, belongs to the http.Server that serve builds: see
// cmd/santkrupa.)

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// endless is a body of unknown length (sent chunked): n bytes of a form
// field.
func endless(n int) io.Reader {
	return io.MultiReader(strings.NewReader("display_name="), strings.NewReader(strings.Repeat("a", n)))
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	admin := e.browser()
	admin.login(subject(e.A, "admin"))
	invite := "/clinic/" + e.A.Slug + "/admin/staff/invite"
	big := url.Values{"display_name": {strings.Repeat("a", 2<<20)}}.Encode()

	cases := []struct {
		name    string
		path    string
		body    func() io.Reader
		chunked bool
		api     bool
	}{
		{"page, declared length", invite, func() io.Reader { return strings.NewReader(big) }, false, false},
		{"page, chunked", invite, func() io.Reader { return endless(2 << 20) }, true, false},
		{"api, declared length", "/api/v1/clinics/" + e.A.Slug + "/prescriptions", func() io.Reader {
			return strings.NewReader(`{"name":"` + strings.Repeat("a", 2<<20) + `"}`)
		}, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, admin.abs(tc.path), tc.body())
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.api {
				req.Header.Set("Content-Type", "application/json")
			}
			if tc.chunked != (req.ContentLength == 0) {
				t.Fatalf("request length %d; chunked=%v", req.ContentLength, tc.chunked)
			}
			if tc.api {
				req.Header.Set("Authorization", "Bearer "+e.token(subject(e.A, "doctor"), time.Minute))
			}
			resp, body := admin.do(req)
			wantStatus(t, tc.name, resp, body, http.StatusRequestEntityTooLarge)
			ct := resp.Header.Get("Content-Type")
			if tc.api {
				var p struct {
					Type   string `json:"type"`
					Detail string `json:"detail"`
				}
				if ct != "application/problem+json" || json.Unmarshal([]byte(body), &p) != nil ||
					!strings.HasSuffix(p.Type, "/too-large") || !strings.Contains(p.Detail, "KiB") {
					t.Errorf("413 problem: %q %s", ct, body)
				}
				return
			}
			if !strings.HasPrefix(ct, "text/html") || !strings.Contains(body, "larger than") {
				t.Errorf("413 page: %q %.500s", ct, body)
			}
		})
	}

	// Under the bound the same form is read and judged on its content.
	resp, body := admin.post(invite, url.Values{"display_name": {strings.Repeat("a", 300)}, "email": {"x@example.org"}, "role": {"doctor"}})
	wantStatus(t, "a long name under the body bound", resp, body, http.StatusUnprocessableEntity)
}
