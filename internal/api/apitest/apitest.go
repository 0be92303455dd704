// Package apitest runs API tests against the real application: the server
// of internal/app on httptest, the real development identity provider
// minting real bearer tokens, two freshly seeded clinics in the test
// database reached as the application role, and a client that validates
// every request and response against the merged OpenAPI document, so the
// contract cannot drift from the code.
//
//	e := apitest.New(t)
//	tok := e.Token(t, e.A, store.RoleReceptionist)
//	res := e.Do(t, "POST", "/api/v1/clinics/"+e.A.Slug+"/patients", tok, body, "Idempotency-Key", "k1")
//	res.Want(t, http.StatusCreated)
//
// Deliberately invalid requests (malformed JSON, wrong content types, no
// token, undocumented methods) go through Send, which skips the request
// check but still validates the response.
package apitest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/santkrupa/santkrupa/internal/api"
	"github.com/santkrupa/santkrupa/internal/app"
	"github.com/santkrupa/santkrupa/internal/config"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/devidp"
	"github.com/santkrupa/santkrupa/internal/seed"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Env is a running Santkrupa with two seeded clinics, A and B.
type Env struct {
	Srv   *httptest.Server
	App   *app.App
	Store *store.Store
	A, B  dbtest.Clinic
	// Contract is the merged OpenAPI document the server serves.
	Contract *api.Contract

	router  routers.Router
	problem *openapi3.Schema
	client  *http.Client

	mu     sync.Mutex
	tokens map[string]string
}

// Options adjust New.
type Options struct {
	// Patients per seeded clinic (default 2).
	Patients int
	// ClaimRules is SANTKRUPA_OIDC_CLAIM_RULES.
	ClaimRules string
	// ExtraUsers are further identities the development provider knows.
	ExtraUsers func(a, b dbtest.Clinic) []devidp.User
	// IdPNow is the provider's clock.
	IdPNow func() time.Time
	// ExposeRoundTrips sets SANTKRUPA_EXPOSE_ROUND_TRIPS (benchmarks).
	ExposeRoundTrips bool
}

// New starts the application with two seeded clinics.
func New(t testing.TB) *Env { return NewWith(t, Options{}) }

// NewWith starts the application with options.
func NewWith(t testing.TB, o Options) *Env {
	t.Helper()
	if o.Patients == 0 {
		o.Patients = 2
	}
	st := dbtest.Store(t)
	e := &Env{Store: st, A: dbtest.NewClinic(t, st, o.Patients), B: dbtest.NewClinic(t, st, o.Patients),
		tokens: map[string]string{}, client: &http.Client{
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}}
	users := append(identities(e.A), identities(e.B)...)
	if o.ExtraUsers != nil {
		users = append(users, o.ExtraUsers(e.A, e.B)...)
	}
	e.Srv = httptest.NewUnstartedServer(nil)
	base := "http://" + e.Srv.Listener.Addr().String()
	vars := map[string]string{
		"SANTKRUPA_PUBLIC_URL":       base,
		"SANTKRUPA_DATABASE_URL":     dbtest.AppURL(),
		"SANTKRUPA_OIDC_CLAIM_RULES": o.ClaimRules,
		"SANTKRUPA_CONTEXT_KEYS":     dbtest.KeysConfig(t),
	}
	if o.ExposeRoundTrips {
		vars["SANTKRUPA_EXPOSE_ROUND_TRIPS"] = "1"
	}
	cfg, err := config.Load(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(testWriter{t}, nil))
	}
	a, err := app.New(context.Background(), cfg, log, st, app.Options{ExtraDevUsers: users, DevIdPNow: o.IdPNow})
	if err != nil {
		t.Fatal(err)
	}
	e.App = a
	e.Srv.Config.Handler = a.Handler
	e.Srv.Start()
	t.Cleanup(e.Srv.Close)

	if e.Contract, err = api.LoadContract(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Route by path alone: the document's server is "/", and the test
	// server's host is whatever httptest chose.
	doc := *e.Contract.Doc
	doc.Servers = nil
	if e.router, err = gorillamux.NewRouter(&doc); err != nil {
		t.Fatalf("openapi router: %v", err)
	}
	registerBodyDecoders()
	e.problem = e.Contract.Doc.Components.Schemas["Problem"].Value
	return e
}

// Subject is the identity of a seeded person of clinic c ("admin",
// "doctor", "doctor2", "reception", "lab", "patient").
func Subject(c dbtest.Clinic, login string) string { return "t-" + c.Slug + "-" + login }

// identities are the development provider's users for the seeded people of
// c, with the verified emails their invitations carry.
func identities(c dbtest.Clinic) []devidp.User {
	var out []devidp.User
	for _, p := range seed.DemoPeople() {
		out = append(out, devidp.User{Subject: Subject(c, p.Login), Name: p.Name + " of " + c.Slug,
			Email: p.Email(c.Slug), EmailVerified: true})
	}
	return out
}

// Token is a bearer access token of clinic c's first person of role.
func (e *Env) Token(t testing.TB, c dbtest.Clinic, role store.Role) string {
	t.Helper()
	for _, p := range seed.DemoPeople() {
		if p.Role == role {
			return e.TokenOf(t, Subject(c, p.Login))
		}
	}
	t.Fatalf("no seeded person has role %s", role)
	return ""
}

// SuperAdminToken is a token of the platform operator.
func (e *Env) SuperAdminToken(t testing.TB) string {
	t.Helper()
	return e.TokenOf(t, app.DevSuperAdminSubject)
}

// TokenOf is a valid token of subject (minted once per Env).
func (e *Env) TokenOf(t testing.TB, subject string) string {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if tok, ok := e.tokens[subject]; ok {
		return tok
	}
	tok := e.Mint(t, subject, time.Hour)
	e.tokens[subject] = tok
	return tok
}

// Mint is a fresh token of subject valid for ttl (negative: expired).
func (e *Env) Mint(t testing.TB, subject string, ttl time.Duration) string {
	t.Helper()
	tok, err := e.App.DevIdP.AccessToken(subject, ttl)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// ClinicPath is /api/v1/clinics/{slug} followed by rest.
func ClinicPath(c dbtest.Clinic, rest string) string {
	return "/api/v1/clinics/" + c.Slug + "/" + strings.TrimPrefix(rest, "/")
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}
