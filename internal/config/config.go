// Package config reads Santkrupa's settings from the environment once, at
// start-up, into a typed struct that is passed down; nothing reads the
// environment later. Defaults make `make run` work on a developer machine.
package config

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the binary.
type Config struct {
	// DatabaseURL is how serve and seed connect: as the application role,
	// which row-level security holds.
	DatabaseURL string
	// MigrationDatabaseURL is how migrate connects: as the schema owner.
	MigrationDatabaseURL string
	// Addr is the HTTP listen address.
	Addr string
	// MaxConns bounds the database pool.
	MaxConns int32
	// StatementTimeout bounds every statement the server runs.
	StatementTimeout time.Duration
	// RequestTimeout bounds the handling of one HTTP request.
	RequestTimeout time.Duration
	// ExposeRoundTrips sends X-Db-Round-Trips on every response (benchmarks).
	ExposeRoundTrips bool
	// MaxUploadMiB bounds an uploaded report (pages and API).
	MaxUploadMiB int32
	// ShutdownTimeout bounds the wait for in-flight requests on SIGTERM.
	ShutdownTimeout time.Duration
	// LogFormat is "text" or "json".
	LogFormat string
	// MetricsAddr is where /metrics is served, apart from the public
	// listener (e.g. 127.0.0.1:9464); empty serves no metrics.
	MetricsAddr string

	// PublicURL is where browsers reach the server (scheme, host, port);
	// redirect URIs and the development issuer derive from it.
	PublicURL string
	// OIDCIssuer is the external identity provider; empty serves the
	// built-in development provider at PublicURL + "/dev-idp".
	OIDCIssuer string
	// OIDCClientID and OIDCClientSecret identify the web client.
	OIDCClientID     string
	OIDCClientSecret string
	// OIDCAPIAudience is the "aud" API access tokens must carry; it must
	// differ from OIDCClientID so an ID token never passes as one.
	OIDCAPIAudience string
	// OIDCClaimRules provision memberships from claims, e.g.
	// "groups=santkrupa:{clinic}:{role}"; empty turns them off.
	OIDCClaimRules string
	// SuperAdmins lists the platform operators as "issuer|subject" pairs,
	// comma separated; never derived from a claim.
	SuperAdmins string
	// ContextKeys signs the clinic context: "kid:base64secret,…", the
	// first signs, all are installed by migrate. Never logged.
	ContextKeys string
	// UnboundContext signs the clinic context for any connection rather
	// than for one backend (SANTKRUPA_CONTEXT_BINDING=none), for a
	// transaction-mode pooler such as PgBouncer (docs/scaling.md).
	UnboundContext bool
	// SessionIdleTimeout and SessionLifetime bound a browser session.
	SessionIdleTimeout time.Duration
	SessionLifetime    time.Duration
}

// DevIdP reports whether the built-in development identity provider serves
// the login.
func (c Config) DevIdP() bool { return c.OIDCIssuer == "" }

// Issuer is the OIDC issuer in use.
func (c Config) Issuer() string {
	if c.DevIdP() {
		return strings.TrimSuffix(c.PublicURL, "/") + "/dev-idp"
	}
	return c.OIDCIssuer
}

// Defaults for a local development database made by db/postgres.sh.
const (
	DefaultDatabaseURL          = "postgres://santkrupa_app:santkrupa_app@127.0.0.1:5432/santkrupa?sslmode=disable"
	DefaultMigrationDatabaseURL = "postgres://santkrupa_owner:santkrupa_owner@127.0.0.1:5432/santkrupa?sslmode=disable"
)

// Load reads the configuration through getenv (os.Getenv in main, a map in
// tests).
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL:          str(getenv, "SANTKRUPA_DATABASE_URL", DefaultDatabaseURL),
		MigrationDatabaseURL: str(getenv, "SANTKRUPA_MIGRATION_DATABASE_URL", DefaultMigrationDatabaseURL),
		Addr:                 str(getenv, "SANTKRUPA_ADDR", ":8080"),
		LogFormat:            str(getenv, "SANTKRUPA_LOG_FORMAT", "text"),
		MetricsAddr:          getenv("SANTKRUPA_METRICS_ADDR"),
		OIDCIssuer:           getenv("SANTKRUPA_OIDC_ISSUER"),
		OIDCClientID:         str(getenv, "SANTKRUPA_OIDC_CLIENT_ID", "santkrupa-web"),
		OIDCClientSecret:     getenv("SANTKRUPA_OIDC_CLIENT_SECRET"),
		OIDCAPIAudience:      str(getenv, "SANTKRUPA_OIDC_API_AUDIENCE", "santkrupa-api"),
		OIDCClaimRules:       getenv("SANTKRUPA_OIDC_CLAIM_RULES"),
		SuperAdmins:          getenv("SANTKRUPA_SUPER_ADMINS"),
		ContextKeys:          getenv("SANTKRUPA_CONTEXT_KEYS"),
	}
	c.PublicURL = str(getenv, "SANTKRUPA_PUBLIC_URL", defaultPublicURL(c.Addr))
	var err error
	if c.MaxConns, err = int32Env(getenv, "SANTKRUPA_DB_MAX_CONNS", 10); err != nil {
		return Config{}, err
	}
	if c.StatementTimeout, err = durationEnv(getenv, "SANTKRUPA_STATEMENT_TIMEOUT", 5*time.Second); err != nil {
		return Config{}, err
	}
	if c.RequestTimeout, err = durationEnv(getenv, "SANTKRUPA_REQUEST_TIMEOUT", 15*time.Second); err != nil {
		return Config{}, err
	}
	c.ExposeRoundTrips = getenv("SANTKRUPA_EXPOSE_ROUND_TRIPS") == "1"
	switch b := getenv("SANTKRUPA_CONTEXT_BINDING"); b {
	case "", "backend":
	case "none":
		c.UnboundContext = true
	default:
		return Config{}, fmt.Errorf("SANTKRUPA_CONTEXT_BINDING: want backend or none, got %q", b)
	}
	if c.MaxUploadMiB, err = int32Env(getenv, "SANTKRUPA_MAX_UPLOAD_MIB", 10); err != nil {
		return Config{}, err
	}
	if c.ShutdownTimeout, err = durationEnv(getenv, "SANTKRUPA_SHUTDOWN_TIMEOUT", 20*time.Second); err != nil {
		return Config{}, err
	}
	if c.SessionIdleTimeout, err = durationEnv(getenv, "SANTKRUPA_SESSION_IDLE_TIMEOUT", 30*time.Minute); err != nil {
		return Config{}, err
	}
	if c.SessionLifetime, err = durationEnv(getenv, "SANTKRUPA_SESSION_LIFETIME", 12*time.Hour); err != nil {
		return Config{}, err
	}
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Config{}, fmt.Errorf("SANTKRUPA_PUBLIC_URL: want an http(s) URL, got %q", c.PublicURL)
	}
	if c.OIDCAPIAudience == c.OIDCClientID {
		return Config{}, fmt.Errorf("SANTKRUPA_OIDC_API_AUDIENCE must differ from SANTKRUPA_OIDC_CLIENT_ID")
	}
	if !c.DevIdP() && c.OIDCClientSecret == "" {
		return Config{}, fmt.Errorf("SANTKRUPA_OIDC_CLIENT_SECRET is required with an external SANTKRUPA_OIDC_ISSUER")
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return Config{}, fmt.Errorf("SANTKRUPA_LOG_FORMAT: want text or json, got %q", c.LogFormat)
	}
	return c, nil
}

// defaultPublicURL is http://localhost on the listen address's port.
func defaultPublicURL(addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" || port == "0" {
		port = "8080"
	}
	return "http://localhost:" + port
}

func str(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func int32Env(getenv func(string) string, key string, def int32) (int32, error) {
	v := getenv(key)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s: want a positive integer, got %q", key, v)
	}
	return int32(n), nil
}

func durationEnv(getenv func(string) string, key string, def time.Duration) (time.Duration, error) {
	v := getenv(key)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s: want a positive duration such as 5s, got %q", key, v)
	}
	return d, nil
}
