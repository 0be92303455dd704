package app_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/santkrupa/santkrupa/internal/devidp"
	"github.com/santkrupa/santkrupa/internal/store"
)

// api calls the JSON API with an optional bearer token.
func (e *env) api(path, token string) (*http.Response, string) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func (e *env) token(subject string, ttl time.Duration) string {
	e.t.Helper()
	tok, err := e.app.DevIdP.AccessToken(subject, ttl)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

func TestBearerTokenMapsToMemberships(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	tok := e.token(subject(e.A, "lab"), 5*time.Minute)

	resp, body := e.api("/api/v1/me", tok)
	wantStatus(t, "me", resp, body, http.StatusOK)
	var me struct {
		Subject     string `json:"subject"`
		Memberships []struct {
			ClinicSlug string `json:"clinic_slug"`
			Role       string `json:"role"`
		} `json:"memberships"`
	}
	if err := json.Unmarshal([]byte(body), &me); err != nil {
		t.Fatalf("me: %v in %s", err, body)
	}
	if me.Subject != subject(e.A, "lab") || len(me.Memberships) != 1 ||
		me.Memberships[0].ClinicSlug != e.A.Slug || me.Memberships[0].Role != string(store.RoleLabTech) {
		t.Errorf("me = %+v; want one lab_tech membership in %s", me, e.A.Slug)
	}
	resp, body = e.api("/api/v1/clinics/"+e.A.Slug+"/me", tok)
	wantStatus(t, "own clinic", resp, body, http.StatusOK)
	resp, body = e.api("/api/v1/clinics/"+e.B.Slug+"/me", tok)
	wantStatus(t, "other clinic", resp, body, http.StatusNotFound)
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("404 content type %q, want application/problem+json", ct)
	}
	var p struct {
		Type   string `json:"type"`
		Status int    `json:"status"`
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil || p.Status != 404 || !strings.HasSuffix(p.Type, "/not-found") {
		t.Errorf("problem document %s (err %v)", body, err)
	}
}

func TestBearerTokenFailures(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	sub := subject(e.A, "admin")

	// A provider with its own key but the same issuer (forged signature),
	// and one with another issuer.
	newIdP := func(issuer string) *devidp.Provider {
		p, err := devidp.New(devidp.Config{
			Issuer: issuer, APIAudience: "santkrupa-api",
			Users:   []devidp.User{{Subject: sub, Email: "admin@" + e.A.Slug + ".example", EmailVerified: true}},
			Clients: []devidp.Client{{ID: "santkrupa-web", Secret: "x", RedirectURIs: []string{"http://localhost/cb"}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	forger := newIdP(e.app.DevIdP.Issuer())
	stranger := newIdP("https://issuer.example/")
	forged, err := forger.AccessToken(sub, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	foreign, err := stranger.AccessToken(sub, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	idToken, err := e.app.DevIdP.IDToken(sub, "santkrupa-web", "n", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	valid := e.token(sub, time.Minute)
	cases := []struct {
		name, header string
	}{
		{"missing", ""},
		{"not bearer", "Basic YWRtaW46YWRtaW4="},
		{"empty bearer", "Bearer "},
		{"garbage", "Bearer not.a.jwt"},
		{"expired", "Bearer " + e.token(sub, -time.Minute)},
		{"forged signature", "Bearer " + forged},
		{"wrong issuer", "Bearer " + foreign},
		{"ID token as access token", "Bearer " + idToken},
		{"tampered payload", "Bearer " + tamper(valid)},
	}
	for _, tc := range cases {
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/me", nil)
		if tc.header != "" {
			req.Header.Set("Authorization", tc.header)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", tc.name, resp.StatusCode)
		}
		if !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s: WWW-Authenticate %q", tc.name, resp.Header.Get("WWW-Authenticate"))
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("%s: content type %q", tc.name, ct)
		}
	}
	// A session cookie is no API credential.
	b := e.browser()
	b.login(sub)
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/me", nil)
	resp, body := b.do(req)
	wantStatus(t, "API with a session cookie only", resp, body, http.StatusUnauthorized)
}

func TestBearerDeactivatedUserIsRefused(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	tok := e.token(subject(e.A, "doctor"), 5*time.Minute)
	resp, body := e.api("/api/v1/clinics/"+e.A.Slug+"/me", tok)
	wantStatus(t, "doctor before", resp, body, http.StatusOK)
	admin := e.browser()
	admin.login(subject(e.A, "admin"))
	resp, body = admin.post("/clinic/"+e.A.Slug+"/admin/staff/"+e.A.Users[store.RoleDoctor].ID.String()+"/deactivate", nil)
	wantStatus(t, "deactivate", resp, body, http.StatusSeeOther)
	resp, body = e.api("/api/v1/clinics/"+e.A.Slug+"/me", tok)
	wantStatus(t, "deactivated doctor's token", resp, body, http.StatusNotFound)
}

// tamper flips a character of a JWT's payload, keeping its signature.
func tamper(jwt string) string {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 || len(parts[1]) < 10 {
		return jwt + "x"
	}
	b := []byte(parts[1])
	if b[5] == 'A' {
		b[5] = 'B'
	} else {
		b[5] = 'A'
	}
	parts[1] = string(b)
	return strings.Join(parts, ".")
}

// TestBearerFirstRequestsAtOnce: an invited identity's first requests,
// sent together, all act as the member the first of them binds; none is
// answered before the binding is done.
func TestBearerFirstRequestsAtOnce(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	tok := e.token(subject(e.A, "reception"), 5*time.Minute)
	const n = 8
	statuses := make(chan int, n)
	for range n {
		go func() {
			req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/clinics/"+e.A.Slug+"/me", nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				statuses <- 0
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	for range n {
		if s := <-statuses; s != http.StatusOK {
			t.Errorf("a first request answered %d, want 200", s)
		}
	}
}
