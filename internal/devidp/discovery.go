package devidp

import (
	"net/http"
)

// discoveryDoc is the OpenID Provider Metadata (OpenID Connect Discovery
// §3) that go-oidc's NewProvider reads.
type discoveryDoc struct {
	Issuer                   string   `json:"issuer"`
	AuthorizationEndpoint    string   `json:"authorization_endpoint"`
	TokenEndpoint            string   `json:"token_endpoint"`
	UserinfoEndpoint         string   `json:"userinfo_endpoint"`
	JWKSURI                  string   `json:"jwks_uri"`
	EndSessionEndpoint       string   `json:"end_session_endpoint"`
	ResponseTypes            []string `json:"response_types_supported"`
	ResponseModes            []string `json:"response_modes_supported"`
	SubjectTypes             []string `json:"subject_types_supported"`
	IDTokenAlgs              []string `json:"id_token_signing_alg_values_supported"`
	CodeChallengeMethods     []string `json:"code_challenge_methods_supported"`
	GrantTypes               []string `json:"grant_types_supported"`
	Scopes                   []string `json:"scopes_supported"`
	Claims                   []string `json:"claims_supported"`
	TokenEndpointAuthMethods []string `json:"token_endpoint_auth_methods_supported"`
	IssParameterSupported    bool     `json:"authorization_response_iss_parameter_supported"`
	RequestParameter         bool     `json:"request_parameter_supported"`
	RequestURIParameter      bool     `json:"request_uri_parameter_supported"`
	ClaimsParameter          bool     `json:"claims_parameter_supported"`
}

func (p *Provider) discovery(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, discoveryDoc{
		Issuer:                p.issuer,
		AuthorizationEndpoint: p.endpoint(pathAuthorize),
		TokenEndpoint:         p.endpoint(pathToken),
		UserinfoEndpoint:      p.endpoint(pathUserinfo),
		JWKSURI:               p.endpoint(pathKeys),
		EndSessionEndpoint:    p.endpoint(pathEndSession),
		ResponseTypes:         []string{"code"},
		ResponseModes:         []string{"query"},
		SubjectTypes:          []string{"public"},
		IDTokenAlgs:           []string{string(signingAlg)},
		CodeChallengeMethods:  []string{"S256"},
		GrantTypes:            []string{"authorization_code", "refresh_token"},
		// Claims do not depend on scopes (see the package doc), but
		// relying parties may check that what they ask for is known.
		Scopes: knownScopes(),
		Claims: []string{
			"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "azp",
			"name", "email", "email_verified", "groups",
		},
		TokenEndpointAuthMethods: []string{"client_secret_basic", "client_secret_post", "none"},
		IssParameterSupported:    true,
	})
}

// keys serves the JWKS. It is not cached (writeJSON says no-store): the key
// changes at every restart, and go-oidc refetches on an unknown kid anyway.
func (p *Provider) keys(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, p.key.publicSet())
}
