package devidp

import (
	"context"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

const (
	testAudience = "santkrupa-api"
	webID        = "santkrupa-web" // confidential
	webSecret    = "correct horse battery staple"
	cliID        = "santkrupa-cli" // public
)

// testClock is a clock a test can move, for code expiry.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func testUsers() []User {
	return []User{
		{
			Subject: "dev-asha", Name: "Dr. Asha Rao", Email: "asha@santkrupa.example", EmailVerified: true,
			Groups: []string{"santkrupa:santkrupa:doctor"}, Hint: "santkrupa · doctor",
		},
		{Subject: "dev-ravi", Name: "Ravi <Desk> & Co", Email: "ravi@santkrupa.example", Hint: "santkrupa · receptionist"},
	}
}

// bundle is what a test of the provider needs: the provider served over
// HTTP, a fake relying party whose /callback echoes its query, and the
// real client libraries pointed at them.
type bundle struct {
	idp    *Provider
	issuer string
	clock  *testClock
	app    *httptest.Server
	op     *oidc.Provider
	// web is the confidential client, cli the public one.
	web, cli oauth2.Config
	// browser does not follow redirects, so tests see them.
	browser *http.Client
}

// setup starts a provider mounted, unstripped, at /dev-idp on a test
// server. edit may change the configuration before New.
func setup(t *testing.T, edit ...func(*Config)) *bundle {
	t.Helper()
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, r.URL.RawQuery)
	}))
	t.Cleanup(app.Close)
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	clock := &testClock{t: time.Now()}
	cfg := Config{
		Issuer:      srv.URL + "/dev-idp",
		Users:       testUsers(),
		APIAudience: testAudience,
		Now:         clock.Now,
		Clients: []Client{
			{
				ID: webID, Secret: webSecret, RedirectURIs: []string{app.URL + "/callback"},
				PostLogoutRedirectURIs: []string{app.URL + "/"},
			},
			{
				ID: cliID, RedirectURIs: []string{app.URL + "/cli/callback", "http://127.0.0.1:9/cli"},
				PostLogoutRedirectURIs: []string{app.URL + "/cli/bye"},
			},
		},
	}
	for _, e := range edit {
		e(&cfg)
	}
	idp, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	mux.Handle("/dev-idp/", idp.Handler())

	op, err := oidc.NewProvider(t.Context(), cfg.Issuer)
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	ep := op.Endpoint()
	webEP, cliEP := ep, ep
	webEP.AuthStyle, cliEP.AuthStyle = oauth2.AuthStyleInHeader, oauth2.AuthStyleInParams
	scopes := []string{oidc.ScopeOpenID, "profile", "email", "groups"}
	return &bundle{
		idp: idp, issuer: cfg.Issuer, clock: clock, app: app, op: op,
		web: oauth2.Config{
			ClientID: webID, ClientSecret: webSecret, Endpoint: webEP,
			RedirectURL: app.URL + "/callback", Scopes: scopes,
		},
		cli: oauth2.Config{ClientID: cliID, Endpoint: cliEP, RedirectURL: app.URL + "/cli/callback", Scopes: scopes},
		browser: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}},
	}
}

// idVerifier accepts ID tokens for the confidential client; apiVerifier
// accepts access tokens, as the application builds them.
func (b *bundle) idVerifier(clientID string) *oidc.IDTokenVerifier {
	return b.op.Verifier(&oidc.Config{ClientID: clientID})
}

func (b *bundle) apiVerifier() *oidc.IDTokenVerifier {
	return b.op.Verifier(&oidc.Config{ClientID: testAudience})
}

// pickerForm is the sign-in page's form as a browser would submit it.
type pickerForm struct {
	action   string
	fields   url.Values
	subjects []string
}

var (
	formRE    = regexp.MustCompile(`<form method="post" action="([^"]*)">`)
	hiddenRE  = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)
	subjectRE = regexp.MustCompile(`name="subject" value="([^"]*)"`)
)

func parsePicker(t *testing.T, body string) pickerForm {
	t.Helper()
	m := formRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no form in page:\n%s", body)
	}
	f := pickerForm{action: html.UnescapeString(m[1]), fields: url.Values{}}
	for _, h := range hiddenRE.FindAllStringSubmatch(body, -1) {
		f.fields.Add(html.UnescapeString(h[1]), html.UnescapeString(h[2]))
	}
	for _, s := range subjectRE.FindAllStringSubmatch(body, -1) {
		f.subjects = append(f.subjects, html.UnescapeString(s[1]))
	}
	return f
}

func get(t *testing.T, c *http.Client, target string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, c, req)
}

func postForm(t *testing.T, c *http.Client, target string, form url.Values, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, c, req)
}

func do(t *testing.T, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return resp, string(body)
}

// flow is one authorization request's secrets, kept by the relying party.
type flow struct {
	state, nonce, verifier string
}

func newFlow() flow {
	return flow{state: oauth2.GenerateVerifier()[:20], nonce: oauth2.GenerateVerifier()[:20], verifier: oauth2.GenerateVerifier()}
}

func (f flow) authURL(conf oauth2.Config, opts ...oauth2.AuthCodeOption) string {
	opts = append([]oauth2.AuthCodeOption{oidc.Nonce(f.nonce), oauth2.S256ChallengeOption(f.verifier)}, opts...)
	return conf.AuthCodeURL(f.state, opts...)
}

// login plays the browser: it opens the authorization URL, picks subject
// on the page, follows the redirect to the relying party's callback and
// returns the query the callback received.
func (b *bundle) login(t *testing.T, authURL, subject string) url.Values {
	t.Helper()
	resp, body := get(t, b.browser, authURL)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET authorize: status %d:\n%s", resp.StatusCode, body)
	}
	form := parsePicker(t, body)
	form.fields.Set("subject", subject)
	resp, body = postForm(t, b.browser, form.action, form.fields)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST authorize: status %d, want 303:\n%s", resp.StatusCode, body)
	}
	resp, body = get(t, http.DefaultClient, resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("callback: status %d", resp.StatusCode)
	}
	q, err := url.ParseQuery(body)
	if err != nil {
		t.Fatalf("callback query %q: %v", body, err)
	}
	return q
}

// code runs a login with conf and returns the code and the flow's secrets.
func (b *bundle) code(t *testing.T, conf oauth2.Config, subject string) (string, flow) {
	t.Helper()
	f := newFlow()
	q := b.login(t, f.authURL(conf), subject)
	if q.Get("state") != f.state || q.Get("code") == "" {
		t.Fatalf("callback query %v: want code and state %q", q, f.state)
	}
	return q.Get("code"), f
}

// exchange redeems a fresh code and fails the test on error.
func (b *bundle) exchange(t *testing.T, conf oauth2.Config, subject string) (*oauth2.Token, flow) {
	t.Helper()
	code, f := b.code(t, conf, subject)
	tok, err := conf.Exchange(t.Context(), code, oauth2.VerifierOption(f.verifier))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	return tok, f
}

// oauthErr returns the OAuth error code and HTTP status of a failed token
// request, or fails the test if err is not one.
func oauthErr(t *testing.T, err error) (string, int) {
	t.Helper()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		t.Fatalf("got %v, want an oauth2 error response", err)
	}
	return re.ErrorCode, re.Response.StatusCode
}

func idToken(t *testing.T, tok *oauth2.Token) string {
	t.Helper()
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		t.Fatal("token response has no id_token")
	}
	return raw
}

// refresh redeems a refresh token through oauth2's own refresh path.
func refresh(ctx context.Context, conf oauth2.Config, rt string) (*oauth2.Token, error) {
	return conf.TokenSource(ctx, &oauth2.Token{RefreshToken: rt}).Token()
}
