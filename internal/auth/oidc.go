package auth

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// OIDCConfig names the provider and this application's two audiences.
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string
	// APIAudience is what API access tokens must carry as "aud".
	APIAudience string
	// HTTPClient talks to the provider (nil: http.DefaultClient).
	HTTPClient *http.Client
}

// OIDC discovers the provider on first use rather than at start-up, so the
// server starts while the provider is down (and can serve its own
// development provider), and retries discovery until it succeeds.
type OIDC struct {
	cfg OIDCConfig

	mu sync.Mutex
	p  *provider
}

type provider struct {
	oauth       oauth2.Config
	idVerifier  *oidc.IDTokenVerifier // ID tokens: aud = client id
	apiVerifier *oidc.IDTokenVerifier // access tokens: aud = API audience
	endSession  string
}

// NewOIDC prepares (but does not yet contact) the provider.
func NewOIDC(cfg OIDCConfig) *OIDC { return &OIDC{cfg: cfg} }

func (o *OIDC) provider(ctx context.Context) (*provider, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.p != nil {
		return o.p, nil
	}
	// The key set keeps this context for later fetches: it must outlive
	// the request that happened to trigger discovery.
	dctx := context.WithoutCancel(ctx)
	if o.cfg.HTTPClient != nil {
		dctx = oidc.ClientContext(dctx, o.cfg.HTTPClient)
	}
	p, err := oidc.NewProvider(dctx, o.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("discover %s: %w", o.cfg.Issuer, err)
	}
	var extra struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&extra); err != nil {
		return nil, fmt.Errorf("read discovery document: %w", err)
	}
	o.p = &provider{
		oauth: oauth2.Config{
			ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret, RedirectURL: o.cfg.RedirectURL,
			Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "profile", "email"},
		},
		idVerifier:  p.Verifier(&oidc.Config{ClientID: o.cfg.ClientID}),
		apiVerifier: p.Verifier(&oidc.Config{ClientID: o.cfg.APIAudience}),
		endSession:  extra.EndSession,
	}
	return o.p, nil
}

// exchangeContext carries the provider's HTTP client into oauth2 calls.
func (o *OIDC) exchangeContext(ctx context.Context) context.Context {
	if o.cfg.HTTPClient != nil {
		return context.WithValue(ctx, oauth2.HTTPClient, o.cfg.HTTPClient)
	}
	return ctx
}

// tokenClaims is what Santkrupa reads from an ID or access token.
type tokenClaims struct {
	Email         string `json:"email"`
	EmailVerified *bool  `json:"email_verified"`
	Name          string `json:"name"`
	Nonce         string `json:"nonce"`
}

func identityFrom(tok *oidc.IDToken, c tokenClaims) Identity {
	return Identity{
		Issuer: tok.Issuer, Subject: tok.Subject, Name: c.Name, Email: c.Email,
		EmailVerified: c.EmailVerified != nil && *c.EmailVerified,
	}
}
