package devidp

import (
	"errors"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
)

// TestMintedTokens checks that the helpers' tokens are what go-oidc
// verifies — each only for its own audience — and that an expired one is
// refused as expired.
func TestMintedTokens(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tests := []struct {
		name        string
		mint        func() (string, error)
		verifier    *oidc.IDTokenVerifier
		wrong       *oidc.IDTokenVerifier
		wantExpired bool
	}{
		{
			name:     "access token",
			mint:     func() (string, error) { return b.idp.AccessToken("dev-asha", time.Minute) },
			verifier: b.apiVerifier(), wrong: b.idVerifier(webID),
		},
		{
			name:     "access token, default ttl",
			mint:     func() (string, error) { return b.idp.AccessToken("dev-asha", 0) },
			verifier: b.apiVerifier(), wrong: b.idVerifier(webID),
		},
		{
			name:     "expired access token",
			mint:     func() (string, error) { return b.idp.AccessToken("dev-asha", -time.Minute) },
			verifier: b.apiVerifier(), wantExpired: true,
		},
		{
			name:     "id token",
			mint:     func() (string, error) { return b.idp.IDToken("dev-asha", webID, "nonce-1", time.Minute) },
			verifier: b.idVerifier(webID), wrong: b.apiVerifier(),
		},
		{
			name:     "id token for an unregistered audience",
			mint:     func() (string, error) { return b.idp.IDToken("dev-asha", "someone-else", "nonce-1", time.Minute) },
			verifier: b.idVerifier("someone-else"), wrong: b.idVerifier(webID),
		},
		{
			name:     "expired id token",
			mint:     func() (string, error) { return b.idp.IDToken("dev-asha", webID, "nonce-1", -time.Minute) },
			verifier: b.idVerifier(webID), wantExpired: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			raw, err := tt.mint()
			if err != nil {
				t.Fatal(err)
			}
			tok, err := tt.verifier.Verify(ctx, raw)
			if tt.wantExpired {
				var expired *oidc.TokenExpiredError
				if !errors.As(err, &expired) {
					t.Fatalf("got %v, want an expired token error", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			if tok.Subject != "dev-asha" || tok.Issuer != b.issuer {
				t.Errorf("sub %q iss %q", tok.Subject, tok.Issuer)
			}
			if tok.Nonce != "" && tok.Nonce != "nonce-1" {
				t.Errorf("nonce %q", tok.Nonce)
			}
			if _, err := tt.wrong.Verify(ctx, raw); err == nil {
				t.Error("the verifier for the other audience accepted the token")
			}
		})
	}
}

// TestMintRefuses checks the helpers' errors.
func TestMintRefuses(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tests := []struct {
		name string
		mint func() (string, error)
	}{
		{"access token, unknown subject", func() (string, error) { return b.idp.AccessToken("dev-nobody", time.Minute) }},
		{"id token, unknown subject", func() (string, error) { return b.idp.IDToken("dev-nobody", webID, "", time.Minute) }},
		{"id token, no client", func() (string, error) { return b.idp.IDToken("dev-asha", "", "", time.Minute) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tok, err := tt.mint(); err == nil {
				t.Errorf("minted %q, want an error", tok)
			}
		})
	}
}
