package devidp

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// authRequest is a validated authorization request (OpenID Connect Core
// §3.1.2.1). The picker form carries it back in hidden fields and the POST
// validates it again, so the page holds no state on the server.
type authRequest struct {
	client      Client
	redirectURI string
	scope       string // the recognised requested scopes, "openid" first
	state       string
	nonce       string
	challenge   string
	loginHint   string
}

// knownScopes are the scopes a grant may carry; others are ignored, as
// RFC 6749 §3.3 allows.
func knownScopes() []string {
	return []string{"openid", "profile", "email", "groups", "offline_access"}
}

// parseAuthRequest validates an authorization request. Until the client
// and its redirect URI check out, errors are shown as a page: redirecting
// to an unverified URI would make the provider an open redirector. After
// that, errors go back to the client as RFC 6749 §4.1.2.1 prescribes.
func (p *Provider) parseAuthRequest(v url.Values) (authRequest, error) {
	for _, name := range []string{"client_id", "redirect_uri"} {
		if len(v[name]) > 1 {
			return authRequest{}, invalidRequest(name + " is repeated")
		}
	}
	clientID := v.Get("client_id")
	if clientID == "" {
		return authRequest{}, invalidRequest("client_id is missing")
	}
	client, ok := p.clients[clientID]
	if !ok {
		return authRequest{}, invalidRequest("client_id " + clientID + " is not registered")
	}
	redirectURI := v.Get("redirect_uri")
	if redirectURI == "" {
		return authRequest{}, invalidRequest("redirect_uri is missing")
	}
	if !slices.Contains(client.RedirectURIs, redirectURI) {
		return authRequest{}, invalidRequest("redirect_uri " + redirectURI + " is not registered for " + clientID)
	}

	ar := authRequest{
		client: client, redirectURI: redirectURI, state: v.Get("state"),
		nonce: v.Get("nonce"), challenge: v.Get("code_challenge"), loginHint: v.Get("login_hint"),
	}
	for _, name := range []string{"response_type", "scope", "state", "nonce", "code_challenge", "code_challenge_method"} {
		if len(v[name]) > 1 {
			return authRequest{}, ar.errBack("invalid_request", name+" is repeated")
		}
	}
	switch {
	case v.Has("request"):
		return authRequest{}, ar.errBack("request_not_supported", "request objects are not supported")
	case v.Has("request_uri"):
		return authRequest{}, ar.errBack("request_uri_not_supported", "request_uri is not supported")
	case v.Get("response_type") != "code":
		return authRequest{}, ar.errBack("unsupported_response_type", "response_type must be code")
	case v.Get("response_mode") != "" && v.Get("response_mode") != "query":
		return authRequest{}, ar.errBack("invalid_request", "response_mode must be query")
	case ar.state == "":
		return authRequest{}, ar.errBack("invalid_request", "state is required")
	case ar.challenge == "":
		return authRequest{}, ar.errBack("invalid_request", "code_challenge is required: PKCE with S256")
	case v.Get("code_challenge_method") != "S256":
		return authRequest{}, ar.errBack("invalid_request", "code_challenge_method must be S256")
	case !validChallenge(ar.challenge):
		return authRequest{}, ar.errBack("invalid_request", "code_challenge is not a base64url SHA-256 hash")
	case slices.Contains(strings.Fields(v.Get("prompt")), "none"):
		// There is no session at this provider: every login is a choice.
		return authRequest{}, ar.errBack("login_required", "the development provider always asks whom to sign in as")
	}
	requested := strings.Fields(v.Get("scope"))
	if !slices.Contains(requested, "openid") {
		return authRequest{}, ar.errBack("invalid_scope", "scope must include openid")
	}
	var granted []string
	for _, s := range knownScopes() {
		if slices.Contains(requested, s) {
			granted = append(granted, s)
		}
	}
	ar.scope = strings.Join(granted, " ")
	return ar, nil
}

// hidden is the request as the picker form carries it.
func (a authRequest) hidden() []hiddenField {
	f := []hiddenField{
		{"client_id", a.client.ID},
		{"redirect_uri", a.redirectURI},
		{"response_type", "code"},
		{"scope", a.scope},
		{"state", a.state},
		{"code_challenge", a.challenge},
		{"code_challenge_method", "S256"},
	}
	if a.nonce != "" {
		f = append(f, hiddenField{"nonce", a.nonce})
	}
	return f
}

// errBack is an error that returns to the client's redirect URI.
func (a authRequest) errBack(code, desc string) error {
	e := newError(http.StatusBadRequest, code, desc)
	e.redirect, e.state = a.redirectURI, a.state
	return e
}
