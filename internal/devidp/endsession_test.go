package devidp

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestEndSession checks RP-initiated logout: it redirects, with the state,
// only to a post-logout URI registered for the client that the hint or
// client_id names, and otherwise says so on a page.
func TestEndSession(t *testing.T) {
	t.Parallel()
	b := setup(t)
	other := setup(t)
	mint := func(p *Provider, client string, ttl time.Duration) string {
		tok, err := p.IDToken("dev-asha", client, "n", ttl)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	webHint, cliHint := mint(b.idp, webID, time.Minute), mint(b.idp, cliID, time.Minute)
	expiredHint := mint(b.idp, webID, -time.Hour)
	foreignHint := mint(other.idp, webID, time.Minute)
	accessToken, err := b.idp.AccessToken("dev-asha", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	webBye, cliBye := b.app.URL+"/", b.app.URL+"/cli/bye"

	tests := []struct {
		name       string
		query      url.Values
		wantStatus int
		wantTarget string // for 303: the redirect without its query
	}{
		{"hint and registered uri", url.Values{"id_token_hint": {webHint}, "post_logout_redirect_uri": {webBye}, "state": {"s1"}}, http.StatusSeeOther, webBye},
		{"client_id and registered uri", url.Values{"client_id": {cliID}, "post_logout_redirect_uri": {cliBye}, "state": {"s1"}}, http.StatusSeeOther, cliBye},
		{"hint and matching client_id", url.Values{"id_token_hint": {cliHint}, "client_id": {cliID}, "post_logout_redirect_uri": {cliBye}, "state": {"s1"}}, http.StatusSeeOther, cliBye},
		{"expired hint", url.Values{"id_token_hint": {expiredHint}, "post_logout_redirect_uri": {webBye}, "state": {"s1"}}, http.StatusSeeOther, webBye},
		{"no redirect", url.Values{"id_token_hint": {webHint}}, http.StatusOK, ""},
		{"nothing at all", url.Values{}, http.StatusOK, ""},
		{"unregistered uri", url.Values{"id_token_hint": {webHint}, "post_logout_redirect_uri": {"https://evil.example/"}}, http.StatusBadRequest, ""},
		{"another client's uri", url.Values{"id_token_hint": {webHint}, "post_logout_redirect_uri": {cliBye}}, http.StatusBadRequest, ""},
		{"uri without a client", url.Values{"post_logout_redirect_uri": {webBye}}, http.StatusBadRequest, ""},
		{"unknown client_id", url.Values{"client_id": {"intruder"}, "post_logout_redirect_uri": {webBye}}, http.StatusBadRequest, ""},
		{"hint and other client_id", url.Values{"id_token_hint": {webHint}, "client_id": {cliID}, "post_logout_redirect_uri": {cliBye}}, http.StatusBadRequest, ""},
		{"another provider's hint", url.Values{"id_token_hint": {foreignHint}, "post_logout_redirect_uri": {webBye}}, http.StatusBadRequest, ""},
		{"access token as hint", url.Values{"id_token_hint": {accessToken}, "post_logout_redirect_uri": {webBye}}, http.StatusBadRequest, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp, body := get(t, b.browser, b.issuer+"/end_session?"+tt.query.Encode())
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d:\n%s", resp.StatusCode, tt.wantStatus, body)
			}
			loc := resp.Header.Get("Location")
			switch tt.wantStatus {
			case http.StatusSeeOther:
				u, err := url.Parse(loc)
				if err != nil {
					t.Fatal(err)
				}
				if got := u.Scheme + "://" + u.Host + u.Path; got != tt.wantTarget || u.Query().Get("state") != "s1" {
					t.Errorf("redirected to %s, want %s with state s1", loc, tt.wantTarget)
				}
			case http.StatusOK:
				if loc != "" || !strings.Contains(body, "Signed out") {
					t.Errorf("location %q, body:\n%s", loc, body)
				}
			default:
				if loc != "" {
					t.Errorf("redirected to %s", loc)
				}
			}
		})
	}
}
