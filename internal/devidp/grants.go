package devidp

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"sync"
	"time"
)

const (
	// codeTTL is how long an authorization code may wait to be redeemed;
	// RFC 6749 recommends at most ten minutes, and a browser redirect
	// takes well under one.
	codeTTL = 60 * time.Second
	// refreshTTL bounds a refresh token, which rotation renews on use.
	refreshTTL = 12 * time.Hour
)

// Errors of redemption. Each becomes invalid_grant: the client learns only
// that the grant is no good, the log learns why.
var (
	errGrantUnknown  = errors.New("unknown or expired grant")
	errGrantReplayed = errors.New("grant already used; tokens issued from it are revoked")
	errGrantRevoked  = errors.New("grant family revoked")
)

// authCode is what an authorization code stands for until it is redeemed.
type authCode struct {
	grant
	redirectURI string
	challenge   string
	// family names every refresh token descended from this code, so a
	// replay of the code can revoke them all.
	family  string
	expires time.Time
	used    bool
}

// refreshGrant is what a refresh token stands for. A rotated token stays
// as a tombstone until it would have expired, so that its reuse — the
// sign of a stolen token — revokes the whole family.
type refreshGrant struct {
	grant
	family  string
	expires time.Time
	used    bool
}

// grants is the provider's only mutable state: outstanding codes and
// refresh tokens, in memory, behind one mutex.
type grants struct {
	mu      sync.Mutex
	codes   map[string]*authCode
	refresh map[string]*refreshGrant
	revoked map[string]time.Time // family → until when to remember it
}

func newGrants() *grants {
	return &grants{
		codes:   make(map[string]*authCode),
		refresh: make(map[string]*refreshGrant),
		revoked: make(map[string]time.Time),
	}
}

// issueCode stores c under a new random code and returns the code.
func (g *grants) issueCode(c authCode, now time.Time) string {
	code := randomToken(32)
	c.family = randomToken(16)
	c.expires = now.Add(codeTTL)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.sweep(now)
	g.codes[code] = &c
	return code
}

// redeemCode spends a code. The code is spent even if the caller then
// finds the request wrong (wrong verifier, wrong redirect URI): a code
// gets one attempt. A second attempt revokes what the first one got.
func (g *grants) redeemCode(code string, now time.Time) (authCode, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	c, ok := g.codes[code]
	switch {
	case !ok:
		return authCode{}, errGrantUnknown
	case c.used:
		g.revokeFamily(c.family, now)
		return authCode{}, errGrantReplayed
	case now.After(c.expires):
		delete(g.codes, code)
		return authCode{}, errGrantUnknown
	}
	c.used = true
	// Remember the spent code as long as tokens from it may live.
	c.expires = now.Add(refreshTTL)
	return *c, nil
}

// issueRefresh stores r under a new random refresh token. It fails if the
// family was revoked meanwhile (a replay racing the exchange).
func (g *grants) issueRefresh(r refreshGrant, now time.Time) (string, error) {
	token := randomToken(32)
	r.expires = now.Add(refreshTTL)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.sweep(now)
	if _, ok := g.revoked[r.family]; ok {
		return "", errGrantRevoked
	}
	g.refresh[token] = &r
	return token, nil
}

// rotateRefresh spends a refresh token presented by clientID. Reuse of a
// spent token, or use by another client, revokes the family.
func (g *grants) rotateRefresh(token, clientID string, now time.Time) (refreshGrant, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	r, ok := g.refresh[token]
	switch {
	case !ok || now.After(r.expires):
		return refreshGrant{}, errGrantUnknown
	case r.used:
		g.revokeFamily(r.family, now)
		return refreshGrant{}, errGrantReplayed
	case r.clientID != clientID:
		g.revokeFamily(r.family, now)
		return refreshGrant{}, errors.New("refresh token of another client; family revoked")
	}
	r.used = true
	return *r, nil
}

// revokeFamily drops every live refresh token of family. The caller holds
// the lock.
func (g *grants) revokeFamily(family string, now time.Time) {
	for t, r := range g.refresh {
		if r.family == family {
			delete(g.refresh, t)
		}
	}
	g.revoked[family] = now.Add(refreshTTL)
}

// sweep forgets what has expired; with a handful of developers the maps
// stay small, so a scan per insert is cheap. The caller holds the lock.
func (g *grants) sweep(now time.Time) {
	for k, c := range g.codes {
		if now.After(c.expires) {
			delete(g.codes, k)
		}
	}
	for k, r := range g.refresh {
		if now.After(r.expires) {
			delete(g.refresh, k)
		}
	}
	for k, until := range g.revoked {
		if now.After(until) {
			delete(g.revoked, k)
		}
	}
}

// randomToken returns n random bytes, base64url without padding. crypto/rand
// cannot fail on supported platforms (it crashes the program rather than
// return short), so there is no error to handle.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
