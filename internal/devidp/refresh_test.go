package devidp

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
)

// TestRefreshRotates checks the refresh_token grant: new tokens, a new
// refresh token, the old one refused, and its reuse revoking the new one.
func TestRefreshRotates(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	first, f := b.exchange(t, b.web, "dev-asha")

	second, err := refresh(ctx, b.web, first.RefreshToken)
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if second.RefreshToken == "" || second.RefreshToken == first.RefreshToken || second.AccessToken == first.AccessToken {
		t.Fatal("refresh did not rotate the tokens")
	}
	id, err := b.idVerifier(webID).Verify(ctx, idToken(t, second))
	if err != nil {
		t.Fatalf("verify refreshed id token: %v", err)
	}
	if id.Subject != "dev-asha" || id.Nonce != f.nonce {
		t.Errorf("refreshed id token: sub %q nonce %q", id.Subject, id.Nonce)
	}
	if _, err := b.apiVerifier().Verify(ctx, second.AccessToken); err != nil {
		t.Errorf("verify refreshed access token: %v", err)
	}

	// The old refresh token is spent; presenting it again looks like
	// theft, so the family — the new token too — is revoked.
	_, err = refresh(ctx, b.web, first.RefreshToken)
	if code, _ := oauthErr(t, err); code != "invalid_grant" {
		t.Errorf("old refresh token: %s, want invalid_grant", code)
	}
	_, err = refresh(ctx, b.web, second.RefreshToken)
	if code, _ := oauthErr(t, err); code != "invalid_grant" {
		t.Errorf("refresh token after reuse: %s, want invalid_grant", code)
	}
}

// TestRefreshRefuses checks refresh requests on the wire, where the scope
// parameter and the response headers can be seen.
func TestRefreshRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		form       func(rt string) url.Values
		wantStatus int
		wantError  string
		wantScope  string
	}{
		{
			name:       "narrower scope",
			form:       func(rt string) url.Values { return url.Values{"scope": {"openid email"}} },
			wantStatus: http.StatusOK, wantScope: "openid email",
		},
		{
			name:       "wider scope",
			form:       func(rt string) url.Values { return url.Values{"scope": {"openid admin"}} },
			wantStatus: http.StatusBadRequest, wantError: "invalid_scope",
		},
		{
			name:       "another client's token",
			form:       func(rt string) url.Values { return url.Values{"client_id": {cliID}} },
			wantStatus: http.StatusBadRequest, wantError: "invalid_grant",
		},
		{
			name:       "made-up token",
			form:       func(rt string) url.Values { return url.Values{"refresh_token": {randomToken(32)}} },
			wantStatus: http.StatusBadRequest, wantError: "invalid_grant",
		},
		{
			name:       "missing token",
			form:       func(rt string) url.Values { return url.Values{"refresh_token": {""}} },
			wantStatus: http.StatusBadRequest, wantError: "invalid_request",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			tok, _ := b.exchange(t, b.web, "dev-asha")
			form := url.Values{
				"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken},
				"client_id": {webID}, "client_secret": {webSecret},
			}
			for k, v := range tt.form(tok.RefreshToken) {
				form[k] = v
			}
			if form.Get("client_id") == cliID {
				form.Del("client_secret")
			}
			resp, body := postForm(t, http.DefaultClient, b.issuer+"/token", form)
			var got struct {
				Error        string `json:"error"`
				Scope        string `json:"scope"`
				AccessToken  string `json:"access_token"`
				RefreshToken string `json:"refresh_token"`
			}
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatalf("body %q: %v", body, err)
			}
			if resp.StatusCode != tt.wantStatus || got.Error != tt.wantError || got.Scope != tt.wantScope {
				t.Errorf("got %d %s scope %q, want %d %s scope %q", resp.StatusCode, got.Error, got.Scope,
					tt.wantStatus, tt.wantError, tt.wantScope)
			}
			if resp.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q", resp.Header.Get("Cache-Control"))
			}
			if tt.wantStatus == http.StatusOK {
				at, err := b.apiVerifier().Verify(t.Context(), got.AccessToken)
				if err != nil {
					t.Fatal(err)
				}
				var c struct {
					Scope string `json:"scope"`
				}
				if err := at.Claims(&c); err != nil || c.Scope != tt.wantScope {
					t.Errorf("access token scope %q (%v), want %q", c.Scope, err, tt.wantScope)
				}
				// The new refresh token keeps the original scope.
				next, err := refresh(t.Context(), b.web, got.RefreshToken)
				if err != nil {
					t.Fatal(err)
				}
				if s, _ := next.Extra("scope").(string); s != "openid profile email groups" {
					t.Errorf("scope after a plain refresh %q, want the original", s)
				}
			}
		})
	}
}
