package devidp

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

// TestAuthorizeRefuses checks each malformed authorization request. Until
// client and redirect URI are trusted the error is a page here; after,
// it goes back to the client with the state.
func TestAuthorizeRefuses(t *testing.T) {
	t.Parallel()
	b := setup(t)
	valid := func() url.Values {
		return url.Values{
			"client_id": {webID}, "redirect_uri": {b.web.RedirectURL}, "response_type": {"code"},
			"scope": {"openid email"}, "state": {"st-1"}, "nonce": {"n-1"},
			"code_challenge":        {oauth2.S256ChallengeFromVerifier(oauth2.GenerateVerifier())},
			"code_challenge_method": {"S256"},
		}
	}
	tests := []struct {
		name  string
		edit  func(url.Values)
		want  string // OAuth error code
		page  bool   // shown here rather than redirected
		state bool   // redirected with the state
	}{
		{"missing client_id", func(v url.Values) { v.Del("client_id") }, "invalid_request", true, false},
		{"unknown client", func(v url.Values) { v.Set("client_id", "intruder") }, "invalid_request", true, false},
		{"missing redirect_uri", func(v url.Values) { v.Del("redirect_uri") }, "invalid_request", true, false},
		{"unregistered redirect_uri", func(v url.Values) { v.Set("redirect_uri", b.app.URL+"/elsewhere") }, "invalid_request", true, false},
		{"redirect_uri with extra query", func(v url.Values) { v.Set("redirect_uri", b.web.RedirectURL+"?next=evil") }, "invalid_request", true, false},
		{"redirect_uri of another client", func(v url.Values) { v.Set("redirect_uri", b.cli.RedirectURL) }, "invalid_request", true, false},
		{"repeated redirect_uri", func(v url.Values) { v.Add("redirect_uri", b.web.RedirectURL) }, "invalid_request", true, false},
		{"missing code_challenge", func(v url.Values) { v.Del("code_challenge"); v.Del("code_challenge_method") }, "invalid_request", false, true},
		{"plain code_challenge_method", func(v url.Values) { v.Set("code_challenge_method", "plain") }, "invalid_request", false, true},
		{"missing code_challenge_method", func(v url.Values) { v.Del("code_challenge_method") }, "invalid_request", false, true},
		{"malformed code_challenge", func(v url.Values) { v.Set("code_challenge", "too-short") }, "invalid_request", false, true},
		{"implicit flow", func(v url.Values) { v.Set("response_type", "id_token token") }, "unsupported_response_type", false, true},
		{"missing response_type", func(v url.Values) { v.Del("response_type") }, "unsupported_response_type", false, true},
		{"not openid", func(v url.Values) { v.Set("scope", "email profile") }, "invalid_scope", false, true},
		{"missing state", func(v url.Values) { v.Del("state") }, "invalid_request", false, false},
		{"repeated state", func(v url.Values) { v.Add("state", "st-2") }, "invalid_request", false, true},
		{"fragment response mode", func(v url.Values) { v.Set("response_mode", "fragment") }, "invalid_request", false, true},
		{"request object", func(v url.Values) { v.Set("request", "eyJhbGciOiJub25lIn0.e30.") }, "request_not_supported", false, true},
		{"prompt none", func(v url.Values) { v.Set("prompt", "none") }, "login_required", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := valid()
			tt.edit(v)
			resp, body := get(t, b.browser, b.issuer+"/authorize?"+v.Encode())
			if tt.page {
				if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
					t.Fatalf("status %d, location %q: want a 400 page", resp.StatusCode, resp.Header.Get("Location"))
				}
				if !strings.Contains(body, tt.want) || resp.Header.Get("X-Frame-Options") != "DENY" {
					t.Errorf("page lacks %q or X-Frame-Options:\n%s", tt.want, body)
				}
				return
			}
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("status %d, want 303:\n%s", resp.StatusCode, body)
			}
			loc, err := url.Parse(resp.Header.Get("Location"))
			if err != nil {
				t.Fatal(err)
			}
			q := loc.Query()
			if got := loc.Scheme + "://" + loc.Host + loc.Path; got != b.web.RedirectURL {
				t.Errorf("redirected to %s, want %s", got, b.web.RedirectURL)
			}
			if q.Get("error") != tt.want || q.Get("code") != "" || q.Get("iss") != b.issuer {
				t.Errorf("redirect query %v: want error %s, iss, no code", q, tt.want)
			}
			if wantState := map[bool]string{true: "st-1"}[tt.state]; q.Get("state") != wantState {
				t.Errorf("state = %q, want %q", q.Get("state"), wantState)
			}
		})
	}
}

// TestApproveRefuses checks the picker's POST: it is refused cross-site,
// re-validates the carried request, and lets the user cancel.
func TestApproveRefuses(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := newFlow()
	resp, body := get(t, b.browser, f.authURL(b.web))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET authorize: %d", resp.StatusCode)
	}
	form := parsePicker(t, body)

	tests := []struct {
		name       string
		edit       func(url.Values)
		header     []string
		wantStatus int
		wantError  string // in the redirect, for 303
	}{
		{"cross-site post", func(v url.Values) { v.Set("subject", "dev-asha") }, []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden, ""},
		{"foreign origin", func(v url.Values) { v.Set("subject", "dev-asha") }, []string{"Origin", "https://evil.example"}, http.StatusForbidden, ""},
		{"unknown user", func(v url.Values) { v.Set("subject", "dev-nobody") }, nil, http.StatusBadRequest, ""},
		{"no user", func(url.Values) {}, nil, http.StatusBadRequest, ""},
		{"tampered redirect_uri", func(v url.Values) {
			v.Set("subject", "dev-asha")
			v.Set("redirect_uri", "https://evil.example/cb")
		}, nil, http.StatusBadRequest, ""},
		{"tampered challenge method", func(v url.Values) {
			v.Set("subject", "dev-asha")
			v.Set("code_challenge_method", "plain")
		}, nil, http.StatusSeeOther, "invalid_request"},
		{"cancel", func(v url.Values) { v.Set("cancel", "1") }, nil, http.StatusSeeOther, "access_denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := url.Values{}
			for k, vs := range form.fields {
				v[k] = append([]string(nil), vs...)
			}
			tt.edit(v)
			resp, body := postForm(t, b.browser, form.action, v, tt.header...)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d:\n%s", resp.StatusCode, tt.wantStatus, body)
			}
			if tt.wantStatus != http.StatusSeeOther {
				if loc := resp.Header.Get("Location"); loc != "" {
					t.Errorf("redirected to %s", loc)
				}
				return
			}
			loc, err := url.Parse(resp.Header.Get("Location"))
			if err != nil {
				t.Fatal(err)
			}
			if q := loc.Query(); q.Get("error") != tt.wantError || q.Get("state") != f.state || q.Get("code") != "" {
				t.Errorf("redirect query %v: want error %s and state %s", q, tt.wantError, f.state)
			}
		})
	}
}

// TestApproveSameOrigin checks that a real browser's same-origin
// submission passes the cross-origin protection.
func TestApproveSameOrigin(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := newFlow()
	_, body := get(t, b.browser, f.authURL(b.cli))
	form := parsePicker(t, body)
	form.fields.Set("subject", "dev-ravi")
	origin := strings.TrimSuffix(b.issuer, "/dev-idp")
	resp, body := postForm(t, b.browser, form.action, form.fields, "Sec-Fetch-Site", "same-origin", "Origin", origin)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d, want 303:\n%s", resp.StatusCode, body)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if loc.Query().Get("code") == "" || loc.Query().Get("state") != f.state {
		t.Errorf("redirect %s: want code and state", loc)
	}
}
