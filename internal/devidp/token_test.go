package devidp

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// TestTokenRefuses checks each bad code exchange through oauth2's own
// Exchange, as the application makes it.
func TestTokenRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// loginAs is the client the code is issued to (default web).
		public bool
		// exchange redeems the code; conf is the client's oauth2 config.
		exchange   func(ctx context.Context, b *bundle, conf oauth2.Config, code string, f flow) error
		wantCode   string
		wantStatus int
	}{
		{
			name: "wrong code_verifier",
			exchange: func(ctx context.Context, _ *bundle, conf oauth2.Config, code string, _ flow) error {
				_, err := conf.Exchange(ctx, code, oauth2.VerifierOption(oauth2.GenerateVerifier()))
				return err
			},
			wantCode: "invalid_grant", wantStatus: http.StatusBadRequest,
		},
		{
			name: "missing code_verifier",
			exchange: func(ctx context.Context, _ *bundle, conf oauth2.Config, code string, _ flow) error {
				_, err := conf.Exchange(ctx, code)
				return err
			},
			wantCode: "invalid_request", wantStatus: http.StatusBadRequest,
		},
		{
			name: "replayed code",
			exchange: func(ctx context.Context, _ *bundle, conf oauth2.Config, code string, f flow) error {
				if _, err := conf.Exchange(ctx, code, oauth2.VerifierOption(f.verifier)); err != nil {
					return err
				}
				_, err := conf.Exchange(ctx, code, oauth2.VerifierOption(f.verifier))
				return err
			},
			wantCode: "invalid_grant", wantStatus: http.StatusBadRequest,
		},
		{
			name: "code spent by a failed attempt",
			exchange: func(ctx context.Context, _ *bundle, conf oauth2.Config, code string, f flow) error {
				_, _ = conf.Exchange(ctx, code, oauth2.VerifierOption(oauth2.GenerateVerifier()))
				_, err := conf.Exchange(ctx, code, oauth2.VerifierOption(f.verifier))
				return err
			},
			wantCode: "invalid_grant", wantStatus: http.StatusBadRequest,
		},
		{
			name: "wrong redirect_uri",
			exchange: func(ctx context.Context, b *bundle, conf oauth2.Config, code string, f flow) error {
				conf.RedirectURL = b.app.URL + "/elsewhere"
				_, err := conf.Exchange(ctx, code, oauth2.VerifierOption(f.verifier))
				return err
			},
			wantCode: "invalid_grant", wantStatus: http.StatusBadRequest,
		},
		{
			name: "unknown client",
			exchange: func(ctx context.Context, _ *bundle, conf oauth2.Config, code string, f flow) error {
				conf.ClientID = "intruder"
				_, err := conf.Exchange(ctx, code, oauth2.VerifierOption(f.verifier))
				return err
			},
			wantCode: "invalid_client", wantStatus: http.StatusUnauthorized,
		},
		{
			name: "wrong client secret",
			exchange: func(ctx context.Context, _ *bundle, conf oauth2.Config, code string, f flow) error {
				conf.ClientSecret = "guess"
				_, err := conf.Exchange(ctx, code, oauth2.VerifierOption(f.verifier))
				return err
			},
			wantCode: "invalid_client", wantStatus: http.StatusUnauthorized,
		},
		{
			name: "wrong client secret in form",
			exchange: func(ctx context.Context, _ *bundle, conf oauth2.Config, code string, f flow) error {
				conf.ClientSecret = "guess"
				conf.Endpoint.AuthStyle = oauth2.AuthStyleInParams
				_, err := conf.Exchange(ctx, code, oauth2.VerifierOption(f.verifier))
				return err
			},
			wantCode: "invalid_client", wantStatus: http.StatusUnauthorized,
		},
		{
			name: "confidential client without its secret",
			exchange: func(ctx context.Context, _ *bundle, conf oauth2.Config, code string, f flow) error {
				conf.ClientSecret = ""
				conf.Endpoint.AuthStyle = oauth2.AuthStyleInParams
				_, err := conf.Exchange(ctx, code, oauth2.VerifierOption(f.verifier))
				return err
			},
			wantCode: "invalid_client", wantStatus: http.StatusUnauthorized,
		},
		{
			name:   "public client sending a secret",
			public: true,
			exchange: func(ctx context.Context, _ *bundle, conf oauth2.Config, code string, f flow) error {
				conf.ClientSecret = "made-up"
				_, err := conf.Exchange(ctx, code, oauth2.VerifierOption(f.verifier))
				return err
			},
			wantCode: "invalid_client", wantStatus: http.StatusUnauthorized,
		},
		{
			name:   "code of another client",
			public: true,
			exchange: func(ctx context.Context, b *bundle, _ oauth2.Config, code string, f flow) error {
				conf := b.web
				conf.RedirectURL = b.cli.RedirectURL
				_, err := conf.Exchange(ctx, code, oauth2.VerifierOption(f.verifier))
				return err
			},
			wantCode: "invalid_grant", wantStatus: http.StatusBadRequest,
		},
		{
			name: "expired code",
			exchange: func(ctx context.Context, b *bundle, conf oauth2.Config, code string, f flow) error {
				b.clock.Advance(codeTTL + time.Second)
				_, err := conf.Exchange(ctx, code, oauth2.VerifierOption(f.verifier))
				return err
			},
			wantCode: "invalid_grant", wantStatus: http.StatusBadRequest,
		},
		{
			name: "made-up code",
			exchange: func(ctx context.Context, _ *bundle, conf oauth2.Config, _ string, f flow) error {
				_, err := conf.Exchange(ctx, randomToken(32), oauth2.VerifierOption(f.verifier))
				return err
			},
			wantCode: "invalid_grant", wantStatus: http.StatusBadRequest,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			conf := b.web
			if tt.public {
				conf = b.cli
			}
			code, f := b.code(t, conf, "dev-asha")
			err := tt.exchange(t.Context(), b, conf, code, f)
			if err == nil {
				t.Fatal("exchange succeeded")
			}
			if code, status := oauthErr(t, err); code != tt.wantCode || status != tt.wantStatus {
				t.Errorf("got %s %d, want %s %d", code, status, tt.wantCode, tt.wantStatus)
			}
		})
	}
}

// TestCodeReplayRevokesTokens checks that redeeming a code twice revokes
// the refresh token the first redemption got: the code leaked, so
// whoever holds those tokens may be the thief.
func TestCodeReplayRevokesTokens(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	code, f := b.code(t, b.web, "dev-asha")
	tok, err := b.web.Exchange(ctx, code, oauth2.VerifierOption(f.verifier))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.web.Exchange(ctx, code, oauth2.VerifierOption(f.verifier)); err == nil {
		t.Fatal("replayed code accepted")
	}
	_, err = refresh(ctx, b.web, tok.RefreshToken)
	if code, _ := oauthErr(t, err); code != "invalid_grant" {
		t.Errorf("refresh after replay: %s, want invalid_grant", code)
	}
}

// TestTokenEndpointResponses checks the raw protocol details oauth2 hides:
// error bodies are RFC 6749 JSON, nothing is cacheable, an unauthenticated
// client is challenged, and only POST is allowed.
func TestTokenEndpointResponses(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tests := []struct {
		name       string
		form       url.Values
		basic      bool
		wantStatus int
		wantError  string
	}{
		{"unsupported grant", url.Values{"grant_type": {"password"}, "client_id": {cliID}}, false, http.StatusBadRequest, "unsupported_grant_type"},
		{"missing grant type", url.Values{"client_id": {cliID}}, false, http.StatusBadRequest, "invalid_request"},
		{"no client", url.Values{"grant_type": {"authorization_code"}, "code": {"x"}}, false, http.StatusUnauthorized, "invalid_client"},
		{"two auth methods", url.Values{"grant_type": {"authorization_code"}, "client_secret": {webSecret}}, true, http.StatusBadRequest, "invalid_request"},
		{"repeated parameter", url.Values{"grant_type": {"authorization_code"}, "code": {"a", "b"}, "client_id": {cliID}}, false, http.StatusBadRequest, "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var header []string
			if tt.basic {
				req, _ := http.NewRequest(http.MethodPost, "/", nil)
				req.SetBasicAuth(webID, webSecret)
				header = []string{"Authorization", req.Header.Get("Authorization")}
			}
			resp, body := postForm(t, http.DefaultClient, b.issuer+"/token", tt.form, header...)
			var e struct {
				Error       string `json:"error"`
				Description string `json:"error_description"`
			}
			if err := json.Unmarshal([]byte(body), &e); err != nil {
				t.Fatalf("body %q: %v", body, err)
			}
			if resp.StatusCode != tt.wantStatus || e.Error != tt.wantError || e.Description == "" {
				t.Errorf("got %d %+v, want %d %s", resp.StatusCode, e, tt.wantStatus, tt.wantError)
			}
			if resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Content-Type") != "application/json" {
				t.Errorf("headers %v", resp.Header)
			}
			if tt.wantStatus == http.StatusUnauthorized && resp.Header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}

	t.Run("GET", func(t *testing.T) {
		t.Parallel()
		if resp, _ := get(t, http.DefaultClient, b.issuer+"/token"); resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("status %d, want 405", resp.StatusCode)
		}
	})
}
