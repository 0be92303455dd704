package app_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/santkrupa/santkrupa/internal/app"
	"github.com/santkrupa/santkrupa/internal/config"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/devidp"
	"github.com/santkrupa/santkrupa/internal/faultproxy"
	"github.com/santkrupa/santkrupa/internal/store"
)

// env is a running Santkrupa on httptest with the real development
// identity provider, over the test database as the application role.
type env struct {
	t     testing.TB
	srv   *httptest.Server
	app   *app.App
	st    *store.Store // the server's store
	A, B  dbtest.Clinic
	users []devidp.User
	// proxy stands between the server's store and the database when
	// envOptions.faultProxy is set; direct reaches the database around it.
	proxy  *faultproxy.Proxy
	direct *store.Store
}

type envOptions struct {
	claimRules string
	extraUsers func(a, b dbtest.Clinic) []devidp.User
	idpNow     func() time.Time
	// faultProxy puts a fault proxy between the server and the database.
	faultProxy bool
	// vars adds configuration (SANTKRUPA_REQUEST_TIMEOUT, …).
	vars map[string]string
	// log receives the server's log (JSON) besides the test's.
	log io.Writer
}

// subject is the test identity of a seeded clinic's person.
func subject(c dbtest.Clinic, login string) string { return "t-" + c.Slug + "-" + login }

// staffIdentities are identities for the seeded people of clinic c, with the
// verified emails their invitations carry.
func staffIdentities(c dbtest.Clinic) []devidp.User {
	var out []devidp.User
	for _, login := range []string{"admin", "doctor", "reception", "lab", "patient"} {
		out = append(out, devidp.User{Subject: subject(c, login), Name: login + " of " + c.Slug,
			Email: login + "@" + c.Slug + ".example", EmailVerified: true})
	}
	return out
}

func setup(t testing.TB, o envOptions) *env {
	t.Helper()
	direct := dbtest.Store(t)
	st := direct
	e := &env{t: t, direct: direct, A: dbtest.NewClinic(t, direct, 2), B: dbtest.NewClinic(t, direct, 2)}
	if o.faultProxy {
		var url string
		e.proxy, url = dbtest.FaultProxy(t)
		st = dbtest.StoreAt(t, url)
	}
	e.st = st
	e.users = append(staffIdentities(e.A), staffIdentities(e.B)...)
	if o.extraUsers != nil {
		e.users = append(e.users, o.extraUsers(e.A, e.B)...)
	}
	e.srv = httptest.NewUnstartedServer(nil)
	base := "http://" + e.srv.Listener.Addr().String()
	vars := map[string]string{
		"SANTKRUPA_PUBLIC_URL":       base,
		"SANTKRUPA_DATABASE_URL":     dbtest.AppURL(),
		"SANTKRUPA_OIDC_CLAIM_RULES": o.claimRules,
		"SANTKRUPA_CONTEXT_KEYS":     dbtest.KeysConfig(t),
	}
	for k, v := range o.vars {
		vars[k] = v
	}
	cfg, err := config.Load(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	// A fuzz target may not log through f; its server stays quiet.
	_, fuzzing := t.(*testing.F)
	if testing.Verbose() && !fuzzing {
		log = slog.New(slog.NewTextHandler(testWriter{t}, nil))
	}
	if o.log != nil {
		h := slog.NewJSONHandler(o.log, &slog.HandlerOptions{Level: slog.LevelDebug})
		if testing.Verbose() && !fuzzing {
			log = slog.New(multiHandler{h, log.Handler()})
		} else {
			log = slog.New(h)
		}
	}
	a, err := app.New(context.Background(), cfg, log, st,
		app.Options{ExtraDevUsers: e.users, DevIdPNow: o.idpNow})
	if err != nil {
		t.Fatal(err)
	}
	e.app = a
	e.srv.Config.Handler = a.Handler
	e.srv.Start()
	t.Cleanup(e.srv.Close)
	return e
}

// multiHandler sends every record to two handlers.
type multiHandler [2]slog.Handler

func (m multiHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return m[0].Enabled(ctx, l) || m[1].Enabled(ctx, l)
}

func (m multiHandler) Handle(ctx context.Context, r slog.Record) error {
	for _, h := range m {
		if h.Enabled(ctx, r.Level) {
			if err := h.Handle(ctx, r.Clone()); err != nil {
				return err
			}
		}
	}
	return nil
}

func (m multiHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return multiHandler{m[0].WithAttrs(as), m[1].WithAttrs(as)}
}

func (m multiHandler) WithGroup(g string) slog.Handler {
	return multiHandler{m[0].WithGroup(g), m[1].WithGroup(g)}
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// browser is a cookie-keeping client that does not follow redirects, so
// each step of the login can be checked.
type browser struct {
	t    testing.TB
	e    *env
	c    *http.Client
	base string
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: e.t, e: e, base: e.srv.URL, c: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func (b *browser) get(path string) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.abs(path), nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.abs(path), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *browser) abs(p string) string {
	if strings.HasPrefix(p, "http") {
		return p
	}
	return b.base + p
}

var hiddenRe = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// startLogin presses "Sign in" and returns the provider's picker form
// fields (the authorization request as the provider echoes it back).
func (b *browser) startLogin(next string) url.Values {
	b.t.Helper()
	resp, _ := b.post("/login", url.Values{"next": {next}})
	if resp.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("POST /login: %d, want 303", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	u, _ := url.Parse(loc)
	for _, k := range []string{"state", "nonce", "code_challenge"} {
		if u.Query().Get(k) == "" {
			b.t.Fatalf("authorization request lacks %s: %s", k, loc)
		}
	}
	if u.Query().Get("code_challenge_method") != "S256" {
		b.t.Fatalf("authorization request is not PKCE S256: %s", loc)
	}
	resp, body := b.get(loc)
	if resp.StatusCode != http.StatusOK {
		b.t.Fatalf("GET authorize: %d %s", resp.StatusCode, body)
	}
	form := url.Values{}
	for _, m := range hiddenRe.FindAllStringSubmatch(body, -1) {
		form.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return form
}

// pick chooses a user at the provider and returns the callback URL it
// redirects to.
func (b *browser) pick(form url.Values, subject string) string {
	b.t.Helper()
	form = cloneValues(form)
	form.Set("subject", subject)
	resp, body := b.post(b.e.app.DevIdP.Issuer()+"/authorize", form)
	if resp.StatusCode != http.StatusFound && resp.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("POST authorize as %s: %d %s", subject, resp.StatusCode, body)
	}
	return resp.Header.Get("Location")
}

// login runs the whole flow and checks it lands where it should.
func (b *browser) login(subject string) {
	b.t.Helper()
	cb := b.pick(b.startLogin("/"), subject)
	resp, body := b.get(cb)
	if resp.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("callback as %s: %d %s", subject, resp.StatusCode, body)
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func wantStatus(t *testing.T, what string, resp *http.Response, body string, want int) {
	t.Helper()
	if resp.StatusCode != want {
		if len(body) > 400 {
			body = body[:400]
		}
		t.Fatalf("%s: status %d, want %d; body: %s", what, resp.StatusCode, want, body)
	}
}
