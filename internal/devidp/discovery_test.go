package devidp

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestDiscovery checks the metadata fields relying parties read beyond
// what go-oidc needs: every endpoint absolute under the issuer, and the
// protocol choices (code flow, S256 only, RS256).
func TestDiscovery(t *testing.T) {
	t.Parallel()
	b := setup(t)
	resp, body := get(t, http.DefaultClient, b.issuer+"/.well-known/openid-configuration")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var d map[string]any
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		t.Fatal(err)
	}
	if d["issuer"] != b.issuer {
		t.Errorf("issuer %v, want %s", d["issuer"], b.issuer)
	}
	endpoints := map[string]string{
		"authorization_endpoint": "/authorize", "token_endpoint": "/token", "userinfo_endpoint": "/userinfo",
		"jwks_uri": "/keys", "end_session_endpoint": "/end_session",
	}
	for field, path := range endpoints {
		if d[field] != b.issuer+path {
			t.Errorf("%s = %v, want %s", field, d[field], b.issuer+path)
		}
	}
	lists := map[string][]string{
		"response_types_supported":              {"code"},
		"subject_types_supported":               {"public"},
		"id_token_signing_alg_values_supported": {"RS256"},
		"code_challenge_methods_supported":      {"S256"},
		"grant_types_supported":                 {"authorization_code", "refresh_token"},
	}
	for field, want := range lists {
		if got := strs(d[field]); !slices.Equal(got, want) {
			t.Errorf("%s = %v, want %v", field, d[field], want)
		}
	}
	for _, field := range []string{"scopes_supported", "claims_supported", "token_endpoint_auth_methods_supported"} {
		if len(strs(d[field])) == 0 {
			t.Errorf("%s = %v, want a list", field, d[field])
		}
	}

	// The key set has the one RS256 signing key.
	resp, body = get(t, http.DefaultClient, b.issuer+"/keys")
	var jwks struct {
		Keys []struct {
			Kid, Kty, Alg, Use string
		} `json:"keys"`
	}
	if err := json.Unmarshal([]byte(body), &jwks); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("keys: %d %v", resp.StatusCode, err)
	}
	if len(jwks.Keys) != 1 || jwks.Keys[0].Kty != "RSA" || jwks.Keys[0].Alg != "RS256" || jwks.Keys[0].Use != "sig" || jwks.Keys[0].Kid == "" {
		t.Errorf("keys = %+v", jwks.Keys)
	}
	if strings.Contains(body, `"d"`) {
		t.Error("the key set leaks the private key")
	}
}

// strs reads a JSON array of strings decoded into any.
func strs(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}
