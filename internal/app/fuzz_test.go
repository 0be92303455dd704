package app_test

// Fuzz tests through the whole server (the real router, auth and database):
// whatever a client sends in an Authorization header or a form body, the
// answer is a clean 4xx (or the form's success), never a 500 and never
// internal error text. Seed corpora: testdata/fuzz/<Fuzz name>.

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/santkrupa/santkrupa/internal/app"
)

// noLeak fails t when a response body shows internal error text.
func noLeak(t *testing.T, what string, body string) {
	t.Helper()
	for _, l := range leaks {
		if strings.Contains(body, l) {
			t.Fatalf("%s: body shows internal text %q: %.300s", what, l, body)
		}
	}
}

func FuzzAPIAuthorization(f *testing.F) {
	e := setup(f, envOptions{})
	real := e.token(subject(e.A, "admin"), time.Minute)
	// A genuine token with its signature spoiled, and its parts shuffled.
	f.Add("Bearer " + real[:len(real)-4] + "AAAA")
	if parts := strings.Split(real, "."); len(parts) == 3 {
		f.Add("Bearer " + parts[1] + "." + parts[0] + "." + parts[2])
		f.Add("Bearer " + parts[0] + ".." + parts[2])
	}
	path := "/api/v1/clinics/" + e.A.Slug + "/me"
	f.Fuzz(func(t *testing.T, header string) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Authorization", header)
		rec := httptest.NewRecorder()
		e.app.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized {
			t.Fatalf("Authorization %q: %d, want 401: %.300s", header, rec.Code, rec.Body.String())
		}
		if rec.Header().Get("WWW-Authenticate") == "" || rec.Header().Get("Content-Type") != "application/problem+json" {
			t.Fatalf("Authorization %q: 401 without a challenge or a problem document: %v", header, rec.Header())
		}
		noLeak(t, "401", rec.Body.String())
	})
}

// FuzzPageForms posts arbitrary bodies to the form pages that exist: the
// admin's staff invitation (which writes when the form is valid) and the
// platform's new clinic (kept invalid by a leading bad code, so that
// fuzzing does not fill the database with clinics; every other field is
// still read and judged).
func FuzzPageForms(f *testing.F) {
	e := setup(f, envOptions{})
	admin := e.browser()
	admin.login(subject(e.A, "admin"))
	operator := e.browser()
	operator.login(app.DevSuperAdminSubject)
	base, _ := url.Parse(e.srv.URL)
	invite := "/clinic/" + e.A.Slug + "/admin/staff/invite"

	f.Fuzz(func(t *testing.T, body string, platform bool) {
		path, b, ok := invite, admin, map[int]bool{303: true, 400: true, 409: true, 413: true, 422: true}
		if platform {
			path, b, body, ok = "/platform/clinics", operator, "code=%21&"+body, map[int]bool{400: true, 413: true, 422: true}
		}
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, c := range b.c.Jar.Cookies(base) {
			req.AddCookie(c)
		}
		rec := httptest.NewRecorder()
		e.app.Handler.ServeHTTP(rec, req)
		if !ok[rec.Code] {
			t.Fatalf("POST %s %q: %d: %.300s", path, body, rec.Code, rec.Body.String())
		}
		noLeak(t, path, rec.Body.String())
	})
}
