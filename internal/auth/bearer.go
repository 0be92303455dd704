package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/reqlog"
)

// Bearer authenticates API requests by their JWT access token: verified
// against the issuer with the API audience (an ID token, whose audience is
// the web client, does not pass), then mapped to memberships like a login.
type Bearer struct {
	OIDC   *OIDC
	Mapper *Mapper

	mu     sync.Mutex
	mapped map[string]*mapping // by issuer|subject
	tokens tokenCache
}

// mapping is one run of the Mapper for an identity. Requests that arrive
// while it runs wait for it, so an identity's first concurrent requests
// all see the invitations it binds.
type mapping struct {
	done  chan struct{}
	err   error
	until time.Time // when mapping runs again; set before done closes
}

func (m *mapping) finished() bool {
	select {
	case <-m.done:
		return true
	default:
		return false
	}
}

// mapEvery bounds how often an API identity's invitations and claim rules
// are re-applied.
const mapEvery = 5 * time.Minute

func challenge(desc string) string {
	if desc == "" {
		return `Bearer realm="santkrupa"`
	}
	return fmt.Sprintf(`Bearer realm="santkrupa", error="invalid_token", error_description=%q`, desc)
}

// Middleware puts the token's identity into the request context or answers
// 401 with a WWW-Authenticate challenge.
func (b *Bearer) Middleware(errs ErrorWriter) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id, err := b.authenticate(r)
			if err != nil {
				errs(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(WithIdentity(r.Context(), id)))
		})
	}
}

// BearerToken returns the token of an "Authorization: Bearer <token>"
// header value (scheme case-insensitive, surrounding spaces ignored); ok is
// false for any other value.
func BearerToken(header string) (token string, ok bool) {
	scheme, raw, found := strings.Cut(header, " ")
	token = strings.TrimSpace(raw)
	if !found || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return token, true
}

func (b *Bearer) authenticate(r *http.Request) (Identity, error) {
	raw, ok := BearerToken(r.Header.Get("Authorization"))
	if !ok {
		return Identity{}, httperr.Unauthorized("An access token is required (Authorization: Bearer …).", challenge(""))
	}
	ctx := r.Context()
	t, ok := b.tokens.get(raw, time.Now())
	if !ok {
		var expiry time.Time
		var err error
		if t, expiry, err = b.verify(ctx, raw); err != nil {
			return Identity{}, err
		}
		b.tokens.put(raw, t, expiry, time.Now())
	}
	id := t.id
	id.SuperAdmin = b.Mapper.IsSuperAdmin(id.Issuer, id.Subject)
	if err := b.mapOnce(ctx, id, t.claims); err != nil {
		return Identity{}, err
	}
	return id, nil
}

// verify checks a token's signature, issuer, audience and expiry and reads
// its claims.
func (b *Bearer) verify(ctx context.Context, raw string) (cachedToken, time.Time, error) {
	p, err := b.OIDC.provider(ctx)
	if err != nil {
		return cachedToken{}, time.Time{}, providerDown(err)
	}
	tok, err := p.apiVerifier.Verify(ctx, raw)
	if err != nil {
		reqlog.From(ctx).LoginFailed(reqlog.LoginBearer)
		e := httperr.Unauthorized("The access token is not valid.", challenge("the access token is invalid or expired"))
		e.Err = fmt.Errorf("verify access token: %w", err)
		return cachedToken{}, time.Time{}, e
	}
	var c tokenClaims
	var all map[string]any
	if err := errors.Join(tok.Claims(&c), tok.Claims(&all)); err != nil {
		reqlog.From(ctx).LoginFailed(reqlog.LoginBearer)
		e := httperr.Unauthorized("The access token is not valid.", challenge("unreadable claims"))
		e.Err = err
		return cachedToken{}, time.Time{}, e
	}
	return cachedToken{id: identityFrom(tok, c), claims: all}, tok.Expiry, nil
}

// mapOnce maps an API identity at first sight and then every mapEvery, so
// an API-only client's invitations bind without a browser login.
func (b *Bearer) mapOnce(ctx context.Context, id Identity, claims map[string]any) error {
	key := id.Issuer + "|" + id.Subject
	b.mu.Lock()
	if b.mapped == nil {
		b.mapped = map[string]*mapping{}
	}
	m := b.mapped[key]
	if m != nil && (!m.finished() || time.Now().Before(m.until)) {
		b.mu.Unlock()
		select {
		case <-m.done:
			return m.err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	m = &mapping{done: make(chan struct{})}
	if len(b.mapped) >= 10000 { // forget the oldest era rather than grow
		b.mapped = map[string]*mapping{}
	}
	b.mapped[key] = m
	b.mu.Unlock()

	m.err = b.Mapper.Map(ctx, id, claims)
	m.until = time.Now().Add(mapEvery)
	if m.err != nil {
		b.mu.Lock()
		if b.mapped[key] == m {
			delete(b.mapped, key)
		}
		b.mu.Unlock()
	}
	close(m.done)
	return m.err
}
