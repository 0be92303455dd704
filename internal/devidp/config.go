package devidp

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"time"
)

// User is a demo person offered on the sign-in page. Subject is the stable
// "sub" claim, so a user keeps the same identity across restarts even
// though the signing key does not survive them.
type User struct {
	Subject       string
	Name          string
	Email         string
	EmailVerified bool
	// Groups is emitted as the "groups" claim, which claim rules map to
	// clinic memberships.
	Groups []string
	// Hint is shown on the picker under the name, e.g. "santkrupa · doctor",
	// so a newcomer knows whom to choose.
	Hint string
}

// Client is a registered relying party. Redirect URIs are compared
// exactly, as OAuth 2.1 requires, so a typo fails loudly in development
// instead of being papered over.
type Client struct {
	ID string
	// Secret authenticates a confidential client; empty makes a public
	// client, which authenticates by PKCE alone.
	Secret                 string
	RedirectURIs           []string
	PostLogoutRedirectURIs []string
}

// Config is what New needs. Issuer must equal the URL prefix the handler
// is mounted at: it is the "iss" of every token and the base of every
// endpoint in the discovery document.
type Config struct {
	Issuer  string
	Users   []User
	Clients []Client
	// APIAudience is the "aud" of access tokens. It must differ from every
	// client ID so that an ID token never passes as an access token.
	APIAudience string
	// TokenTTL is the lifetime of ID and access tokens (default 15m).
	TokenTTL time.Duration
	// Now is the clock, replaceable in tests (default time.Now).
	Now func() time.Time
	// Logger receives one line per refused request and every internal
	// error (default: discard).
	Logger *slog.Logger
}

// DefaultTokenTTL is the lifetime of ID and access tokens when
// Config.TokenTTL is zero.
const DefaultTokenTTL = 15 * time.Minute

// validate checks the configuration once, so that a mistake is a start-up
// error rather than a puzzling login failure.
func (c Config) validate() error {
	u, err := url.Parse(c.Issuer)
	if err != nil {
		return fmt.Errorf("issuer: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("issuer %q: want an absolute http(s) URL without query or fragment", c.Issuer)
	}
	if c.APIAudience == "" {
		return errors.New("api audience is required")
	}
	if c.TokenTTL < 0 {
		return fmt.Errorf("token ttl %v is negative", c.TokenTTL)
	}
	if len(c.Users) == 0 {
		return errors.New("no users")
	}
	subjects := make(map[string]bool, len(c.Users))
	for _, usr := range c.Users {
		if usr.Subject == "" {
			return fmt.Errorf("user %q: empty subject", usr.Name)
		}
		if subjects[usr.Subject] {
			return fmt.Errorf("user %q: duplicate subject", usr.Subject)
		}
		subjects[usr.Subject] = true
	}
	if len(c.Clients) == 0 {
		return errors.New("no clients")
	}
	ids := make(map[string]bool, len(c.Clients))
	for _, cl := range c.Clients {
		if err := cl.validate(); err != nil {
			return fmt.Errorf("client %q: %w", cl.ID, err)
		}
		if ids[cl.ID] {
			return fmt.Errorf("client %q: duplicate id", cl.ID)
		}
		if cl.ID == c.APIAudience {
			return fmt.Errorf("client %q: id equals the api audience", cl.ID)
		}
		ids[cl.ID] = true
	}
	return nil
}

func (c Client) validate() error {
	if c.ID == "" {
		return errors.New("empty id")
	}
	if len(c.RedirectURIs) == 0 {
		return errors.New("no redirect uris")
	}
	for _, list := range [][]string{c.RedirectURIs, c.PostLogoutRedirectURIs} {
		for _, raw := range list {
			u, err := url.Parse(raw)
			if err != nil {
				return fmt.Errorf("redirect uri: %w", err)
			}
			if !u.IsAbs() || u.Fragment != "" {
				return fmt.Errorf("redirect uri %q: want an absolute URL without fragment", raw)
			}
		}
	}
	return nil
}

// clone copies the user so the caller's slices can change without
// reaching the provider's state.
func (u User) clone() User {
	u.Groups = slices.Clone(u.Groups)
	return u
}

func (c Client) clone() Client {
	c.RedirectURIs = slices.Clone(c.RedirectURIs)
	c.PostLogoutRedirectURIs = slices.Clone(c.PostLogoutRedirectURIs)
	return c
}

// public reports whether the client has no secret and so must prove
// itself with PKCE alone.
func (c Client) public() bool { return c.Secret == "" }
