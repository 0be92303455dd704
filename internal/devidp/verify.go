package devidp

import (
	"errors"
	"fmt"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// parseSigned verifies that raw is a JWT of type typ signed with this
// provider's key, and decodes its claims into dest. It checks no claim:
// callers decide what time and audience mean for them.
func (p *Provider) parseSigned(raw, typ string, dest any) error {
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{signingAlg})
	if err != nil {
		return fmt.Errorf("parse jwt: %w", err)
	}
	if len(tok.Headers) != 1 {
		return errors.New("want exactly one signature")
	}
	h := tok.Headers[0]
	if h.KeyID != p.key.kid {
		return fmt.Errorf("unknown key id %q", h.KeyID)
	}
	if got, _ := h.ExtraHeaders[jose.HeaderType].(string); got != typ {
		return fmt.Errorf("token type %q, want %q", got, typ)
	}
	if err := tok.Claims(&p.key.private.PublicKey, dest); err != nil {
		return fmt.Errorf("verify jwt: %w", err)
	}
	return nil
}

// verifyAccess checks an access token as the API does: signature, type,
// issuer, audience and lifetime, without leeway.
func (p *Provider) verifyAccess(raw string) (accessClaims, error) {
	var c accessClaims
	if err := p.parseSigned(raw, typAccessToken, &c); err != nil {
		return accessClaims{}, err
	}
	want := jwt.Expected{Issuer: p.issuer, AnyAudience: jwt.Audience{p.apiAudience}, Time: p.now()}
	if err := c.ValidateWithLeeway(want, 0); err != nil {
		return accessClaims{}, fmt.Errorf("validate access token: %w", err)
	}
	return c, nil
}

// verifyIDTokenHint checks an id_token_hint: signed here and issued here.
// It may have expired — a logout often comes after the ID token did.
func (p *Provider) verifyIDTokenHint(raw string) (idClaims, error) {
	var c idClaims
	if err := p.parseSigned(raw, typIDToken, &c); err != nil {
		return idClaims{}, err
	}
	if err := c.ValidateWithLeeway(jwt.Expected{Issuer: p.issuer}, 0); err != nil && !errors.Is(err, jwt.ErrExpired) {
		return idClaims{}, fmt.Errorf("validate id token hint: %w", err)
	}
	return c, nil
}
