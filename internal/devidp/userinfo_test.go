package devidp

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// TestUserinfo checks that a valid access token opens /userinfo, by
// header or form, through go-oidc's own client.
func TestUserinfo(t *testing.T) {
	t.Parallel()
	b := setup(t)
	at, err := b.idp.AccessToken("dev-asha", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	info, err := b.op.UserInfo(t.Context(), oauth2.StaticTokenSource(&oauth2.Token{AccessToken: at, TokenType: "Bearer"}))
	if err != nil {
		t.Fatalf("userinfo: %v", err)
	}
	var c struct {
		Name   string   `json:"name"`
		Groups []string `json:"groups"`
	}
	if err := info.Claims(&c); err != nil {
		t.Fatal(err)
	}
	if info.Subject != "dev-asha" || info.Email != "asha@santkrupa.example" || !info.EmailVerified ||
		c.Name != "Dr. Asha Rao" || !slices.Equal(c.Groups, []string{"santkrupa:santkrupa:doctor"}) {
		t.Errorf("userinfo %+v %+v", info, c)
	}

	resp, body := postForm(t, http.DefaultClient, b.issuer+"/userinfo", url.Values{"access_token": {at}})
	var got map[string]any
	if err := json.Unmarshal([]byte(body), &got); err != nil || resp.StatusCode != http.StatusOK || got["sub"] != "dev-asha" {
		t.Errorf("POST userinfo: %d %s", resp.StatusCode, body)
	}
}

// TestUserinfoRefuses checks each token /userinfo must turn away, and the
// challenge it answers with.
func TestUserinfoRefuses(t *testing.T) {
	t.Parallel()
	b := setup(t)
	other := setup(t)
	mint := func(f func() (string, error)) string {
		tok, err := f()
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	idTok := mint(func() (string, error) { return b.idp.IDToken("dev-asha", webID, "n", time.Minute) })
	// An ID token minted for the API's audience fails only on its type.
	idTokForAPI := mint(func() (string, error) { return b.idp.IDToken("dev-asha", testAudience, "n", time.Minute) })
	expired := mint(func() (string, error) { return b.idp.AccessToken("dev-asha", -time.Minute) })
	foreign := mint(func() (string, error) { return other.idp.AccessToken("dev-asha", time.Minute) })
	valid := mint(func() (string, error) { return b.idp.AccessToken("dev-asha", time.Minute) })
	// Same signature, payload changed to claim another subject.
	parts := strings.Split(valid, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	payload = []byte(strings.Replace(string(payload), `"sub":"dev-asha"`, `"sub":"dev-ravi"`, 1))
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]

	tests := []struct {
		name          string
		authorization string
		wantStatus    int
		wantChallenge string
	}{
		{"no token", "", http.StatusUnauthorized, `Bearer realm="dev-idp"`},
		{"garbage", "Bearer not-a-jwt", http.StatusUnauthorized, `error="invalid_token"`},
		{"id token", "Bearer " + idTok, http.StatusUnauthorized, `error="invalid_token"`},
		{"id token with the api audience", "Bearer " + idTokForAPI, http.StatusUnauthorized, `error="invalid_token"`},
		{"expired access token", "Bearer " + expired, http.StatusUnauthorized, `error="invalid_token"`},
		{"another provider's token", "Bearer " + foreign, http.StatusUnauthorized, `error="invalid_token"`},
		{"tampered payload", "Bearer " + tampered, http.StatusUnauthorized, `error="invalid_token"`},
		{"basic credentials", "Basic dXNlcjpwYXNz", http.StatusBadRequest, `error="invalid_request"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var header []string
			if tt.authorization != "" {
				header = []string{"Authorization", tt.authorization}
			}
			resp, _ := get(t, http.DefaultClient, b.issuer+"/userinfo", header...)
			challenge := resp.Header.Get("WWW-Authenticate")
			if resp.StatusCode != tt.wantStatus || !strings.HasPrefix(challenge, "Bearer ") || !strings.Contains(challenge, tt.wantChallenge) {
				t.Errorf("got %d %q, want %d with %q", resp.StatusCode, challenge, tt.wantStatus, tt.wantChallenge)
			}
		})
	}
}
