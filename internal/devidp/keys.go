package devidp

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"fmt"

	"github.com/go-jose/go-jose/v4"
)

// signingAlg is RS256: the one algorithm every OpenID Connect relying
// party must accept.
const signingAlg = jose.RS256

// Token types in the JWT "typ" header. Access tokens carry RFC 9068's
// at+jwt so that an ID token is never accepted where an access token is
// expected, even by a verifier that ignores the audience.
const (
	typIDToken     = "JWT"
	typAccessToken = "at+jwt"
)

// signingKey is the provider's one key pair. It is generated at start-up
// and never stored: a restart invalidates every token, which is what a
// development provider wants.
type signingKey struct {
	private  *rsa.PrivateKey
	kid      string
	idSigner jose.Signer
	atSigner jose.Signer
}

func newSigningKey() (*signingKey, error) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("generate rsa key: %w", err)
	}
	// The kid is the RFC 7638 thumbprint: stable for the key, and
	// different after a restart so relying parties refetch the key set.
	thumb, err := (&jose.JSONWebKey{Key: &priv.PublicKey}).Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("key thumbprint: %w", err)
	}
	k := &signingKey{private: priv, kid: base64.RawURLEncoding.EncodeToString(thumb)}
	if k.idSigner, err = k.signer(typIDToken); err != nil {
		return nil, err
	}
	if k.atSigner, err = k.signer(typAccessToken); err != nil {
		return nil, err
	}
	return k, nil
}

func (k *signingKey) signer(typ jose.ContentType) (jose.Signer, error) {
	s, err := jose.NewSigner(
		jose.SigningKey{Algorithm: signingAlg, Key: jose.JSONWebKey{Key: k.private, KeyID: k.kid}},
		(&jose.SignerOptions{}).WithType(typ),
	)
	if err != nil {
		return nil, fmt.Errorf("new %s signer: %w", typ, err)
	}
	return s, nil
}

// publicSet is the JWKS document relying parties verify tokens with.
func (k *signingKey) publicSet() jose.JSONWebKeySet {
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{
		Key: &k.private.PublicKey, KeyID: k.kid, Algorithm: string(signingAlg), Use: "sig",
	}}}
}
