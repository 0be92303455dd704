package devidp

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Provider is a running development OpenID Connect provider. It is safe
// for concurrent use; its state lives in memory and dies with it.
type Provider struct {
	issuer      string
	basePath    string // the issuer's URL path, without a trailing slash
	apiAudience string
	ttl         time.Duration
	now         func() time.Time
	log         *slog.Logger

	users    []User         // in configuration order, for the picker
	subjects map[string]int // subject → index into users
	clients  map[string]Client

	key    *signingKey
	grants *grants
	pages  *pages
	mux    *http.ServeMux
}

// New validates cfg and starts a provider with a fresh signing key.
func New(cfg Config) (*Provider, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("dev idp config: %w", err)
	}
	u, _ := url.Parse(cfg.Issuer) // validated
	p := &Provider{
		issuer:      cfg.Issuer,
		basePath:    strings.TrimSuffix(u.Path, "/"),
		apiAudience: cfg.APIAudience,
		ttl:         cfg.TokenTTL,
		now:         cfg.Now,
		log:         cfg.Logger,
		subjects:    make(map[string]int, len(cfg.Users)),
		clients:     make(map[string]Client, len(cfg.Clients)),
		grants:      newGrants(),
	}
	if p.ttl == 0 {
		p.ttl = DefaultTokenTTL
	}
	if p.now == nil {
		p.now = time.Now
	}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	for i, usr := range cfg.Users {
		p.users = append(p.users, usr.clone())
		p.subjects[usr.Subject] = i
	}
	for _, c := range cfg.Clients {
		p.clients[c.ID] = c.clone()
	}
	var err error
	if p.key, err = newSigningKey(); err != nil {
		return nil, fmt.Errorf("dev idp: %w", err)
	}
	if p.pages, err = parsePages(); err != nil {
		return nil, fmt.Errorf("dev idp: %w", err)
	}
	p.mux = p.routes()
	return p, nil
}

// Issuer is the "iss" of every token, and the URL the handler must be
// mounted at.
func (p *Provider) Issuer() string { return p.issuer }

// Handler serves every endpoint. It answers both when mounted with the
// issuer's path stripped (http.StripPrefix) and when given full paths (chi
// Mount, or a ServeMux pattern "/dev-idp/"), so wiring it cannot go wrong
// in a way that only shows at login.
func (p *Provider) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		rest, ok := strings.CutPrefix(r.URL.Path, p.basePath)
		if p.basePath == "" || !ok || !strings.HasPrefix(rest, "/") {
			p.mux.ServeHTTP(w, r)
			return
		}
		r2 := new(http.Request)
		*r2 = *r
		r2.URL = new(url.URL)
		*r2.URL = *r.URL
		r2.URL.Path = rest
		r2.URL.RawPath = ""
		p.mux.ServeHTTP(w, r2)
	})
}

func (p *Provider) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.Handle("GET "+pathDiscovery, http.HandlerFunc(p.discovery))
	m.Handle("GET "+pathKeys, http.HandlerFunc(p.keys))
	m.Handle("GET "+pathAuthorize, p.serve(asPage, p.authorize))
	// The picker's POST is the one state-changing browser request: refuse
	// it cross-origin, so another site cannot log a developer in as
	// someone else.
	m.Handle("POST "+pathAuthorize, http.NewCrossOriginProtection().Handler(p.serve(asPage, p.approve)))
	m.Handle("POST "+pathToken, p.serve(asJSON, p.token))
	m.Handle("GET "+pathUserinfo, p.serve(asBearer, p.userinfo))
	m.Handle("POST "+pathUserinfo, p.serve(asBearer, p.userinfo))
	m.Handle("GET "+pathEndSession, p.serve(asPage, p.endSession))
	m.Handle("POST "+pathEndSession, p.serve(asPage, p.endSession))
	return m
}

// Endpoint paths, relative to the issuer.
const (
	pathDiscovery  = "/.well-known/openid-configuration"
	pathKeys       = "/keys"
	pathAuthorize  = "/authorize"
	pathToken      = "/token"
	pathUserinfo   = "/userinfo"
	pathEndSession = "/end_session"
)

// endpoint is the absolute URL of an endpoint path.
func (p *Provider) endpoint(path string) string {
	return strings.TrimSuffix(p.issuer, "/") + path
}

func (p *Provider) user(subject string) (User, bool) {
	i, ok := p.subjects[subject]
	if !ok {
		return User{}, false
	}
	return p.users[i], true
}
