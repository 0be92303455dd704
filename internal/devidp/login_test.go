package devidp

import (
	"slices"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// TestLoginFlow runs the whole authorization-code flow with PKCE through
// the real client libraries, for each way a client may authenticate.
func TestLoginFlow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		public    bool
		authStyle oauth2.AuthStyle
	}{
		{"confidential, basic auth", false, oauth2.AuthStyleInHeader},
		{"confidential, secret in form", false, oauth2.AuthStyleInParams},
		{"confidential, auto-detected", false, oauth2.AuthStyleAutoDetect},
		{"public, client_id only", true, oauth2.AuthStyleInParams},
		{"public, auto-detected (basic, empty secret)", true, oauth2.AuthStyleAutoDetect},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			ctx := t.Context()
			conf := b.web
			if tt.public {
				conf = b.cli
			}
			conf.Endpoint.AuthStyle = tt.authStyle

			f := newFlow()
			q := b.login(t, f.authURL(conf), "dev-asha")
			if q.Get("state") != f.state {
				t.Errorf("state = %q, want %q", q.Get("state"), f.state)
			}
			if q.Get("iss") != b.issuer {
				t.Errorf("iss = %q, want %q", q.Get("iss"), b.issuer)
			}
			tok, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(f.verifier))
			if err != nil {
				t.Fatalf("exchange: %v", err)
			}
			if tok.TokenType != "Bearer" || tok.RefreshToken == "" {
				t.Errorf("token type %q, refresh token %q: want Bearer and one", tok.TokenType, tok.RefreshToken)
			}
			if ttl := time.Until(tok.Expiry); ttl < DefaultTokenTTL-time.Minute || ttl > DefaultTokenTTL {
				t.Errorf("expires in %v, want about %v", ttl, DefaultTokenTTL)
			}

			// The ID token: for this client, with the nonce, bound to the
			// access token, carrying the profile.
			rawID := idToken(t, tok)
			id, err := b.idVerifier(conf.ClientID).Verify(ctx, rawID)
			if err != nil {
				t.Fatalf("verify id token: %v", err)
			}
			if id.Nonce != f.nonce {
				t.Errorf("nonce = %q, want %q", id.Nonce, f.nonce)
			}
			if err := id.VerifyAccessToken(tok.AccessToken); err != nil {
				t.Errorf("at_hash: %v", err)
			}
			var idc struct {
				Name          string   `json:"name"`
				Email         string   `json:"email"`
				EmailVerified bool     `json:"email_verified"`
				Groups        []string `json:"groups"`
				AuthTime      int64    `json:"auth_time"`
			}
			if err := id.Claims(&idc); err != nil {
				t.Fatal(err)
			}
			if id.Subject != "dev-asha" || idc.Name != "Dr. Asha Rao" || idc.Email != "asha@santkrupa.example" ||
				!idc.EmailVerified || !slices.Equal(idc.Groups, []string{"santkrupa:santkrupa:doctor"}) || idc.AuthTime == 0 {
				t.Errorf("id token: sub %q, claims %+v", id.Subject, idc)
			}

			// The access token: for the API, naming client and scope.
			at, err := b.apiVerifier().Verify(ctx, tok.AccessToken)
			if err != nil {
				t.Fatalf("verify access token: %v", err)
			}
			var atc struct {
				Scope    string   `json:"scope"`
				ClientID string   `json:"client_id"`
				Email    string   `json:"email"`
				Groups   []string `json:"groups"`
			}
			if err := at.Claims(&atc); err != nil {
				t.Fatal(err)
			}
			if at.Subject != "dev-asha" || atc.ClientID != conf.ClientID || atc.Scope != "openid profile email groups" ||
				atc.Email != "asha@santkrupa.example" || len(atc.Groups) != 1 {
				t.Errorf("access token: sub %q, claims %+v", at.Subject, atc)
			}

			// Neither token passes for the other.
			if _, err := b.apiVerifier().Verify(ctx, rawID); err == nil {
				t.Error("the API verifier accepted an ID token")
			}
			if _, err := b.idVerifier(conf.ClientID).Verify(ctx, tok.AccessToken); err == nil {
				t.Error("the client's verifier accepted an access token")
			}

			// And the access token opens userinfo.
			info, err := b.op.UserInfo(ctx, oauth2.StaticTokenSource(tok))
			if err != nil {
				t.Fatalf("userinfo: %v", err)
			}
			if info.Subject != "dev-asha" || info.Email != "asha@santkrupa.example" || !info.EmailVerified {
				t.Errorf("userinfo = %+v", info)
			}
		})
	}
}

// TestLoginFlowOtherUser checks that the user picked is the user signed
// in, for a user without groups or a verified email.
func TestLoginFlowOtherUser(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tok, f := b.exchange(t, b.web, "dev-ravi")
	id, err := b.idVerifier(webID).Verify(t.Context(), idToken(t, tok))
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := id.Claims(&c); err != nil {
		t.Fatal(err)
	}
	groups, ok := c["groups"].([]any)
	if id.Subject != "dev-ravi" || id.Nonce != f.nonce || c["email_verified"] != false || !ok || len(groups) != 0 {
		t.Errorf("sub %q nonce %q claims %v: want dev-ravi, unverified, empty groups", id.Subject, id.Nonce, c)
	}
	if _, ok := c["aud"].(string); !ok {
		t.Errorf("aud = %v, want a single string", c["aud"])
	}
}
