package devidp

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// idClaims is the payload of an ID token (OpenID Connect Core §2). Profile,
// email and groups claims are always included: a development provider has
// no consent screen to withhold them behind.
type idClaims struct {
	jwt.Claims
	AuthTime      *jwt.NumericDate `json:"auth_time,omitempty"`
	Nonce         string           `json:"nonce,omitempty"`
	AtHash        string           `json:"at_hash,omitempty"`
	AZP           string           `json:"azp,omitempty"`
	Name          string           `json:"name,omitempty"`
	Email         string           `json:"email,omitempty"`
	EmailVerified bool             `json:"email_verified"`
	Groups        []string         `json:"groups"`
}

// accessClaims is the payload of a JWT access token (RFC 9068), which the
// API verifies on its own without calling back to the provider.
type accessClaims struct {
	jwt.Claims
	Scope         string   `json:"scope,omitempty"`
	ClientID      string   `json:"client_id,omitempty"`
	Name          string   `json:"name,omitempty"`
	Email         string   `json:"email,omitempty"`
	EmailVerified bool     `json:"email_verified"`
	Groups        []string `json:"groups"`
}

// grant is what a token is issued for: who, to which client, for what.
type grant struct {
	subject  string
	clientID string
	scope    string
	nonce    string
	authTime time.Time
}

// lifetime returns the issue and expiry times of a token of ttl minted
// now. A negative ttl (expired-token tests) still yields a token that was
// issued before it expired, as a real one would have been.
func (p *Provider) lifetime(ttl time.Duration) (iat, exp time.Time) {
	now := p.now()
	if ttl == 0 {
		ttl = p.ttl
	}
	iat, exp = now, now.Add(ttl)
	if ttl < 0 {
		iat = exp.Add(-p.ttl)
	}
	return iat, exp
}

func (p *Provider) mintAccess(g grant, ttl time.Duration) (string, error) {
	u, ok := p.user(g.subject)
	if !ok {
		return "", fmt.Errorf("unknown subject %q", g.subject)
	}
	iat, exp := p.lifetime(ttl)
	c := accessClaims{
		Claims: jwt.Claims{
			Issuer: p.issuer, Subject: u.Subject, Audience: jwt.Audience{p.apiAudience},
			IssuedAt: jwt.NewNumericDate(iat), NotBefore: jwt.NewNumericDate(iat),
			Expiry: jwt.NewNumericDate(exp), ID: randomToken(16),
		},
		Scope: g.scope, ClientID: g.clientID,
		Name: u.Name, Email: u.Email, EmailVerified: u.EmailVerified, Groups: groups(u),
	}
	return sign(p.key.atSigner, c)
}

func (p *Provider) mintID(g grant, accessToken string, ttl time.Duration) (string, error) {
	u, ok := p.user(g.subject)
	if !ok {
		return "", fmt.Errorf("unknown subject %q", g.subject)
	}
	iat, exp := p.lifetime(ttl)
	authTime := g.authTime
	if authTime.IsZero() {
		authTime = iat
	}
	c := idClaims{
		Claims: jwt.Claims{
			Issuer: p.issuer, Subject: u.Subject, Audience: jwt.Audience{g.clientID},
			IssuedAt: jwt.NewNumericDate(iat), Expiry: jwt.NewNumericDate(exp), ID: randomToken(16),
		},
		AuthTime: jwt.NewNumericDate(authTime), Nonce: g.nonce, AZP: g.clientID,
		Name: u.Name, Email: u.Email, EmailVerified: u.EmailVerified, Groups: groups(u),
	}
	if accessToken != "" {
		c.AtHash = atHash(accessToken)
	}
	return sign(p.key.idSigner, c)
}

func sign(s jose.Signer, claims any) (string, error) {
	tok, err := jwt.Signed(s).Claims(claims).Serialize()
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return tok, nil
}

// atHash binds an ID token to the access token issued with it (OpenID
// Connect Core §3.1.3.6): the left half of the SHA-256 of the token, as
// RS256 prescribes.
func atHash(accessToken string) string {
	sum := sha256.Sum256([]byte(accessToken))
	return base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2])
}

// groups never returns nil, so the claim is an empty array rather than
// null for a user without groups.
func groups(u User) []string {
	if u.Groups == nil {
		return []string{}
	}
	return u.Groups
}
