package devidp

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"net/url"
)

// authenticateClient identifies the client of a token request (RFC 6749
// §2.3.1): client_secret_basic or client_secret_post for confidential
// clients, and "none" (client_id only) for public ones. golang.org/x/oauth2
// sends Basic with an empty password for a public client, so that is
// accepted too.
func (p *Provider) authenticateClient(r *http.Request) (Client, error) {
	form := r.PostForm
	id, secret, basic := r.BasicAuth()
	if basic {
		// The Basic credentials are form-encoded first (§2.3.1).
		var errID, errSecret error
		id, errID = url.QueryUnescape(id)
		secret, errSecret = url.QueryUnescape(secret)
		if errID != nil || errSecret != nil {
			return Client{}, invalidClient("the basic credentials are malformed")
		}
		if form.Has("client_secret") {
			return Client{}, invalidRequest("use one client authentication method, not two")
		}
		if fid := form.Get("client_id"); fid != "" && fid != id {
			return Client{}, invalidRequest("client_id differs from the authenticated client")
		}
	} else {
		id, secret = form.Get("client_id"), form.Get("client_secret")
	}
	if id == "" {
		return Client{}, invalidClient("client authentication is required")
	}
	c, ok := p.clients[id]
	if !ok {
		return Client{}, invalidClient("client " + id + " is not registered")
	}
	if c.public() {
		if secret != "" {
			return Client{}, invalidClient("a public client must not send a secret")
		}
		return c, nil
	}
	if !secretMatches(secret, c.Secret) {
		return Client{}, invalidClient("client authentication failed")
	}
	return c, nil
}

// secretMatches compares hashes in constant time, so neither the length
// nor a prefix of the secret leaks through timing.
func secretMatches(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}
