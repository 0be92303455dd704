package browsertest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/santkrupa/santkrupa/internal/app"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/config"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/devidp"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Bounds: one browser step (a navigation, a click and the page it loads, a
// read) must finish in stepTimeout, and the whole package in suiteBudget,
// so a hung page fails the test instead of hanging `make test`. The tests
// run in parallel, each with its own application and Chromium.
const (
	stepTimeout = 20 * time.Second
	suiteBudget = 115 * time.Second
)

var suiteDeadline time.Time

func TestMain(m *testing.M) {
	suiteDeadline = time.Now().Add(suiteBudget)
	os.Exit(m.Run())
}

// env is a running Santkrupa on a loopback port with the real development
// identity provider, over the test database as the application role, and
// one headless Chromium to look at it.
type env struct {
	t    *testing.T
	base string
	st   *store.Store
	svc  *clinic.Service
	A, B dbtest.Clinic
	// browser is the Chromium process; each person gets their own browser
	// context (cookie jar) in it.
	browser context.Context
	shots   *shots

	mu       sync.Mutex
	reported map[string]bool // accessibility problems already reported, by page and problem
}

// subject is the test identity of a seeded clinic's person (demo login:
// admin, doctor, doctor2, reception, lab, patient).
func subject(c dbtest.Clinic, login string) string { return "bt-" + c.Slug + "-" + login }

// email is the address the seeded invitation of login carries.
func email(c dbtest.Clinic, login string) string { return login + "@" + c.Slug + ".example" }

func identities(c dbtest.Clinic) []devidp.User {
	var out []devidp.User
	for _, login := range []string{"admin", "doctor", "doctor2", "reception", "lab", "patient"} {
		out = append(out, devidp.User{Subject: subject(c, login), Name: login + " of " + c.Slug,
			Email: email(c, login), EmailVerified: true})
	}
	return out
}

// setup seeds clinics A and B with the given number of patients each,
// starts the application and Chromium. extra adds identities to the
// development provider (e.g. a patient invited during the test).
func setup(t *testing.T, patients int, extra ...devidp.User) *env {
	t.Helper()
	st := dbtest.Store(t)
	e := &env{t: t, st: st, svc: clinic.New(st, clinic.Options{}),
		A: dbtest.NewClinic(t, st, patients), B: dbtest.NewClinic(t, st, patients)}
	users := append(identities(e.A), identities(e.B)...)
	users = append(users, extra...)

	srv := httptest.NewUnstartedServer(nil) // listens on 127.0.0.1, a free port
	e.base = "http://" + srv.Listener.Addr().String()
	vars := map[string]string{
		"SANTKRUPA_PUBLIC_URL":   e.base,
		"SANTKRUPA_DATABASE_URL": dbtest.AppURL(),
		"SANTKRUPA_CONTEXT_KEYS": dbtest.KeysConfig(t),
	}
	cfg, err := config.Load(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	a, err := app.New(context.Background(), cfg, log, st, app.Options{ExtraDevUsers: users})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = a.Handler
	srv.Start()
	t.Cleanup(srv.Close)

	e.reported = map[string]bool{}
	e.browser = startChromium(t)
	e.shots = newShots(t)
	return e
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// chromiumPath is Debian's chromium, which `make test` installs when it is
// missing, or SANTKRUPA_TEST_CHROMIUM.
func chromiumPath(t *testing.T) string {
	p := os.Getenv("SANTKRUPA_TEST_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if fi, err := os.Stat(p); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		t.Fatalf("no Chromium at %s (run the tests with `make test`, which installs Debian's chromium)", p)
	}
	return p
}

// startChromium starts a headless Chromium with a fresh profile; it lives
// until the test ends or the suite's budget runs out. The background
// networking flags matter: on a closed network, Chromium's own connections
// (updates, sync, QUIC probes) are refused and can stall start-up.
func startChromium(t *testing.T) context.Context {
	t.Helper()
	budget, cancelBudget := context.WithDeadline(context.Background(), suiteDeadline)
	alloc, cancelAlloc := chromedp.NewExecAllocator(budget,
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Every person's tab is a background tab to Chromium: keep their
		// timers and renderers at full speed.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-hang-monitor", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("password-store", "basic"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	// chromedp's own complaints go to the test log while the test runs
	// (registered first, this cleanup runs last, after the browser is gone).
	var mu sync.Mutex
	done := false
	t.Cleanup(func() { mu.Lock(); done = true; mu.Unlock() })
	logf := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if !done {
			t.Logf("chromedp: "+format, args...)
		}
	}
	root, cancelRoot := chromedp.NewContext(alloc, chromedp.WithErrorf(logf), chromedp.WithLogf(logf))
	t.Cleanup(func() { cancelRoot(); cancelAlloc(); cancelBudget() })
	// The first run starts the browser; it must not carry a step timeout,
	// which would end the browser with it.
	if err := chromedp.Do(root); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return root
}

// shots saves full-page screenshots under test-output/screenshots/<test>/
// at the module root (gitignored), numbered in the order taken.
type shots struct {
	dir   string
	mu    sync.Mutex
	n     int
	taken map[string]bool
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func newShots(t *testing.T) *shots {
	t.Helper()
	root := os.Getenv("SANTKRUPA_TEST_OUTPUT")
	if root == "" {
		root = filepath.Join(moduleRoot(t), "test-output")
	}
	dir := filepath.Join(root, "screenshots", unsafeName.ReplaceAllString(t.Name(), "_"))
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots: %s", dir)
	return &shots{dir: dir, taken: map[string]bool{}}
}

// once screenshots p's page under name unless a page of that name has been
// taken already (the sign-in pages, seen at every login).
func (s *shots) once(p *person, name string) {
	s.mu.Lock()
	done := s.taken[name]
	s.taken[name] = true
	s.mu.Unlock()
	if !done {
		p.screenshot(name)
	}
}

func (s *shots) path(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	return filepath.Join(s.dir, fmt.Sprintf("%02d-%s.png", s.n, unsafeName.ReplaceAllString(name, "-")))
}

func moduleRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}

// ids stand for any id in a path, so a problem of a page is reported once.
var ids = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// reportA11y reports (without stopping the test) the accessibility smoke
// check's findings on pg, each once per page.
func (e *env) reportA11y(t *testing.T, pg page) {
	t.Helper()
	u := ids.ReplaceAllString(pg.Path(), "{id}")
	if i := strings.Index(u, "?"); i >= 0 {
		u = u[:i]
	}
	for _, pr := range pg.A11y {
		e.mu.Lock()
		seen := e.reported[u+" "+pr]
		e.reported[u+" "+pr] = true
		e.mu.Unlock()
		if !seen {
			t.Errorf("accessibility: %s: %s", u, pr)
		}
	}
}
