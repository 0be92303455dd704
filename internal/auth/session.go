package auth

import (
	"context"
	"encoding/gob"
	"errors"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/santkrupa/santkrupa/internal/store"
)

func init() {
	// scs stores session values with gob; the login flow keeps one struct.
	gob.Register(pendingLogin{})
}

// SessionConfig shapes the browser session cookie.
type SessionConfig struct {
	IdleTimeout time.Duration
	Lifetime    time.Duration
	// Secure marks the cookie Secure (serving over TLS).
	Secure bool
}

// NewSessions returns an scs manager whose sessions live in PostgreSQL.
func NewSessions(st *store.Store, cfg SessionConfig) *scs.SessionManager {
	sm := scs.New()
	sm.Store = sessionStore{st: st}
	sm.IdleTimeout = cfg.IdleTimeout
	sm.Lifetime = cfg.Lifetime
	sm.Cookie.Name = "santkrupa_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.Secure
	sm.Cookie.Path = "/"
	return sm
}

// sessionStore is scs's CtxStore over the store's platform.sessions.
type sessionStore struct{ st *store.Store }

var errNoContext = errors.New("session store: use the context methods")

func (s sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	return s.st.FindSession(ctx, token)
}

func (s sessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	return s.st.CommitSession(ctx, token, b, expiry)
}

func (s sessionStore) DeleteCtx(ctx context.Context, token string) error {
	return s.st.DeleteSession(ctx, token)
}

// scs calls the context methods when a store has them; these exist only
// to satisfy scs.Store.
func (s sessionStore) Find(string) ([]byte, bool, error)      { return nil, false, errNoContext }
func (s sessionStore) Commit(string, []byte, time.Time) error { return errNoContext }
func (s sessionStore) Delete(string) error                    { return errNoContext }

// Session keys.
const (
	keyIssuer   = "iss"
	keySubject  = "sub"
	keyName     = "name"
	keyEmail    = "email"
	keyVerified = "email_verified"
	keyIDToken  = "id_token"
	keyPending  = "pending_login"
)
