package devidp

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// tokenResponse is RFC 6749 §5.1's successful response, with OpenID
// Connect's id_token.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	IDToken      string `json:"id_token,omitempty"`
	Scope        string `json:"scope,omitempty"`
}

// token (POST /token) redeems an authorization code or a refresh token.
func (p *Provider) token(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		e := invalidRequest("the form could not be read")
		e.err = err
		return e
	}
	// Parameters count only in the body, and only once (§3.2).
	form := r.PostForm
	for name, vals := range form {
		if len(vals) > 1 {
			return invalidRequest(name + " is repeated")
		}
	}
	grantType := form.Get("grant_type")
	switch grantType {
	case "authorization_code", "refresh_token":
	case "":
		return invalidRequest("grant_type is missing")
	default:
		return newError(http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
	}
	client, err := p.authenticateClient(r)
	if err != nil {
		return err
	}
	if grantType == "authorization_code" {
		return p.exchangeCode(w, form, client)
	}
	return p.refresh(w, form, client)
}

// exchangeCode is the authorization_code grant (§4.1.3) with PKCE.
// Malformed requests are refused before the code is touched; after that
// the code is spent whatever the outcome.
func (p *Provider) exchangeCode(w http.ResponseWriter, form url.Values, client Client) error {
	code, redirectURI, verifier := form.Get("code"), form.Get("redirect_uri"), form.Get("code_verifier")
	switch {
	case code == "":
		return invalidRequest("code is missing")
	case redirectURI == "":
		return invalidRequest("redirect_uri is missing")
	case verifier == "":
		return invalidRequest("code_verifier is missing: PKCE is required")
	case !validVerifier(verifier):
		return invalidRequest("code_verifier must be 43 to 128 unreserved characters")
	}
	now := p.now()
	ac, err := p.grants.redeemCode(code, now)
	if err != nil {
		return invalidGrant(fmt.Errorf("code: %w", err))
	}
	switch {
	case ac.clientID != client.ID:
		return invalidGrant(errors.New("the code was issued to another client"))
	case ac.redirectURI != redirectURI:
		return invalidGrant(errors.New("redirect_uri differs from the authorization request's"))
	case !verifierMatches(verifier, ac.challenge):
		return invalidGrant(errors.New("code_verifier does not match the code_challenge"))
	}
	return p.issueTokens(w, ac.grant, refreshGrant{grant: ac.grant, family: ac.family}, now)
}

// refresh is the refresh_token grant (§6). The refresh token rotates: the
// presented one is spent and a new one returned. A narrower scope may be
// asked for the new access token; the refresh token keeps the original.
func (p *Provider) refresh(w http.ResponseWriter, form url.Values, client Client) error {
	token := form.Get("refresh_token")
	if token == "" {
		return invalidRequest("refresh_token is missing")
	}
	now := p.now()
	rg, err := p.grants.rotateRefresh(token, client.ID, now)
	if err != nil {
		return invalidGrant(fmt.Errorf("refresh token: %w", err))
	}
	access := rg.grant
	if scope := form.Get("scope"); scope != "" {
		had := strings.Fields(rg.scope)
		for _, s := range strings.Fields(scope) {
			if !slices.Contains(had, s) {
				return newError(http.StatusBadRequest, "invalid_scope", "scope "+s+" was not granted")
			}
		}
		access.scope = strings.Join(strings.Fields(scope), " ")
	}
	return p.issueTokens(w, access, refreshGrant{grant: rg.grant, family: rg.family}, now)
}

// issueTokens mints the access and ID tokens for g and stores the next
// refresh token r.
func (p *Provider) issueTokens(w http.ResponseWriter, g grant, r refreshGrant, now time.Time) error {
	rt, err := p.grants.issueRefresh(r, now)
	if errors.Is(err, errGrantRevoked) {
		return invalidGrant(err)
	}
	if err != nil {
		return fmt.Errorf("issue refresh token: %w", err)
	}
	at, err := p.mintAccess(g, 0)
	if err != nil {
		return fmt.Errorf("mint access token: %w", err)
	}
	id, err := p.mintID(g, at, 0)
	if err != nil {
		return fmt.Errorf("mint id token: %w", err)
	}
	writeJSON(w, http.StatusOK, tokenResponse{
		AccessToken: at, TokenType: "Bearer", ExpiresIn: int64(p.ttl / time.Second),
		RefreshToken: rt, IDToken: id, Scope: g.scope,
	})
	return nil
}
