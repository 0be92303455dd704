package devidp

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// AccessToken mints a signed JWT access token for subject, with the API
// audience, as the token endpoint would — for tests and the load
// generator, which need to call the API without a browser. ttl zero means
// Config.TokenTTL; a negative ttl mints an already expired token. The
// token carries every scope and no client_id, since no client asked for
// it. It is an error if subject is not a configured user.
func (p *Provider) AccessToken(subject string, ttl time.Duration) (string, error) {
	if _, ok := p.user(subject); !ok {
		return "", fmt.Errorf("access token: unknown subject %q", subject)
	}
	tok, err := p.mintAccess(grant{subject: subject, scope: strings.Join(knownScopes(), " ")}, ttl)
	if err != nil {
		return "", fmt.Errorf("access token: %w", err)
	}
	return tok, nil
}

// IDToken mints a signed ID token for subject with audience clientID and
// the given nonce, for tests of the application's ID token checks. ttl
// zero means Config.TokenTTL; a negative ttl mints an already expired
// token. clientID need not be registered, so a test can mint a token for
// the wrong audience. It is an error if subject is not a configured user.
func (p *Provider) IDToken(subject, clientID, nonce string, ttl time.Duration) (string, error) {
	if _, ok := p.user(subject); !ok {
		return "", fmt.Errorf("id token: unknown subject %q", subject)
	}
	if clientID == "" {
		return "", errors.New("id token: empty client id")
	}
	tok, err := p.mintID(grant{subject: subject, clientID: clientID, nonce: nonce}, "", ttl)
	if err != nil {
		return "", fmt.Errorf("id token: %w", err)
	}
	return tok, nil
}
