// Package app wires the server together from its configuration: store,
// identity (external issuer or the development provider), sessions, pages
// and API. serve and the HTTP tests build the same App.
package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/santkrupa/santkrupa/internal/api"
	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/config"
	"github.com/santkrupa/santkrupa/internal/devidp"
	"github.com/santkrupa/santkrupa/internal/seed"
	"github.com/santkrupa/santkrupa/internal/server"
	"github.com/santkrupa/santkrupa/internal/store"
	"github.com/santkrupa/santkrupa/internal/web"
)

// App is the assembled server.
type App struct {
	Handler  http.Handler
	Store    *store.Store
	Sessions *scs.SessionManager
	// DevIdP is the development identity provider, nil with an external
	// issuer.
	DevIdP *devidp.Provider
}

// Options adjust New for tests.
type Options struct {
	// ExtraDevUsers are offered by the development provider besides the
	// demo users.
	ExtraDevUsers []devidp.User
	// HTTPClient reaches the identity provider (nil: default).
	HTTPClient *http.Client
	// DevIdPNow is the development provider's clock (nil: time.Now), so
	// tests can have it issue tokens that are already expired.
	DevIdPNow func() time.Time
}

// DevSuperAdminSubject is the development provider's platform operator.
const DevSuperAdminSubject = "dev-super-admin"

// New builds the App on st, a store whose role and key have been checked.
func New(ctx context.Context, cfg config.Config, log *slog.Logger, st *store.Store, opt Options) (*App, error) {
	pool := st.Pool()
	issuer := cfg.Issuer()
	secret := cfg.OIDCClientSecret
	superAdmins := cfg.SuperAdmins
	publicURL := strings.TrimSuffix(cfg.PublicURL, "/")

	a := &App{Store: st}
	var devHandler http.Handler
	devPath := ""
	if cfg.DevIdP() {
		if secret == "" {
			secret = randomSecret()
		}
		users := append(DemoIdentities(), opt.ExtraDevUsers...)
		p, err := devidp.New(devidp.Config{
			Issuer: issuer, Users: users, APIAudience: cfg.OIDCAPIAudience, Now: opt.DevIdPNow, Logger: log,
			Clients: []devidp.Client{{
				ID: cfg.OIDCClientID, Secret: secret,
				RedirectURIs:           []string{publicURL + "/auth/callback"},
				PostLogoutRedirectURIs: []string{publicURL + "/"},
			}},
		})
		if err != nil {
			return nil, fmt.Errorf("development identity provider: %w", err)
		}
		a.DevIdP = p
		devHandler = p.Handler()
		u, _ := url.Parse(issuer)
		devPath = u.Path
		superAdmins = strings.Trim(superAdmins+","+issuer+"|"+DevSuperAdminSubject, ",")
		log.Warn("DEVELOPMENT IDENTITY PROVIDER IS ON: anyone can sign in as any demo user. "+
			"Set SANTKRUPA_OIDC_ISSUER to use a real provider.", slog.String("issuer", issuer))
	}

	rules, err := auth.ParseClaimRules(cfg.OIDCClaimRules)
	if err != nil {
		return nil, err
	}
	mapper := auth.NewMapper(st, log, rules, superAdmins)
	oidcClient := auth.NewOIDC(auth.OIDCConfig{
		Issuer: issuer, ClientID: cfg.OIDCClientID, ClientSecret: secret,
		RedirectURL: publicURL + "/auth/callback", APIAudience: cfg.OIDCAPIAudience, HTTPClient: opt.HTTPClient,
	})
	tls := strings.HasPrefix(publicURL, "https://")
	a.Sessions = auth.NewSessions(st, auth.SessionConfig{
		IdleTimeout: cfg.SessionIdleTimeout, Lifetime: cfg.SessionLifetime, Secure: tls,
	})
	login := &auth.Login{OIDC: oidcClient, Sessions: a.Sessions, Mapper: mapper, Log: log, PublicURL: publicURL}
	svc := clinic.New(st, clinic.Options{MaxUploadBytes: int64(cfg.MaxUploadMiB) << 20})
	site, err := web.New(st, svc, login, log, cfg.DevIdP())
	if err != nil {
		return nil, err
	}
	contract, err := api.LoadContract(ctx)
	if err != nil {
		return nil, err
	}
	apiSrv := &api.API{Store: st, Clinic: svc, Bearer: &auth.Bearer{OIDC: oidcClient, Mapper: mapper}, Log: log,
		Contract: contract}

	var formOrigins []string
	if iu, err := url.Parse(issuer); err == nil && iu.Host != "" {
		formOrigins = append(formOrigins, iu.Scheme+"://"+iu.Host)
	}
	a.Handler = server.New(server.Deps{
		Log: log, Pool: pool, RequestTimeout: cfg.RequestTimeout,
		Sessions: a.Sessions, Login: login, Site: site, API: apiSrv,
		DevIdP: devHandler, DevIdPPath: devPath, FormActionOrigins: formOrigins, TLS: tls,
		ExposeRoundTrips: cfg.ExposeRoundTrips,
	})
	return a, nil
}

// DemoIdentities are the development provider's users: every demo person
// of every demo clinic, with the verified email their invitation carries,
// and the platform operator.
func DemoIdentities() []devidp.User {
	var out []devidp.User
	for _, c := range seed.Demo {
		for _, p := range seed.DemoPeople() {
			out = append(out, devidp.User{
				Subject: "dev-" + c.Slug + "-" + p.Login, Name: p.Name, Email: p.Email(c.Slug),
				EmailVerified: true, Hint: c.Slug + " · " + string(p.Role),
			})
		}
	}
	out = append(out, devidp.User{
		Subject: DevSuperAdminSubject, Name: "Platform operator", Email: "operator@platform.example",
		EmailVerified: true, Hint: "platform · super admin",
	})
	return out
}

func randomSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
