package main

// serve refuses to start as a database role that row-level security does
// not hold (a superuser, or the owner of the tables), and starts and stops
// cleanly as the application role.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// lockedBuffer is an io.Writer the server's logger and the test share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// freeAddr is a loopback address with a port nobody listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// listening reports whether something accepts connections on addr.
func listening(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	_ = c.Close()
	return true
}

// startServe runs `santkrupa serve` against databaseURL on addr in a
// goroutine; run's result arrives on the returned channel. extra adds
// settings as key, value pairs.
func startServe(t *testing.T, ctx context.Context, databaseURL, addr string, extra ...string) (<-chan error, *lockedBuffer) {
	t.Helper()
	env := map[string]string{
		"SANTKRUPA_DATABASE_URL":     databaseURL,
		"SANTKRUPA_CONTEXT_KEYS":     dbtest.KeysConfig(t),
		"SANTKRUPA_ADDR":             addr,
		"SANTKRUPA_PUBLIC_URL":       "http://" + addr,
		"SANTKRUPA_SHUTDOWN_TIMEOUT": "10s",
	}
	for i := 0; i+1 < len(extra); i += 2 { // more settings, as key, value pairs
		env[extra[i]] = extra[i+1]
	}
	getenv := func(k string) string { return env[k] }
	stderr := &lockedBuffer{}
	errc := make(chan error, 1)
	go func() { errc <- run(ctx, []string{"serve"}, getenv, io.Discard, stderr) }()
	return errc, stderr
}

func TestServeRefusesPrivilegedRoles(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		url  string
		why  string // in the error: the reason
	}{
		{"superuser", dbtest.SuperuserURL(), "superuser"},
		{"table owner", dbtest.OwnerURL(), "owns"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			addr := freeAddr(t)
			errc, stderr := startServe(t, ctx, tc.url, addr)
			// Either run returns, or the address starts answering: the
			// latter is the failure (serving as a privileged role).
			var err error
			for done := false; !done; {
				select {
				case err = <-errc:
					done = true
				default:
					if listening(addr) {
						cancel()
						t.Fatalf("serve as %s is listening on %s; want a refusal (log: %s)", tc.name, addr, stderr)
					}
					time.Sleep(10 * time.Millisecond)
				}
			}
			if err == nil {
				t.Fatalf("serve as %s returned nil, want a refusal", tc.name)
			}
			if !errors.Is(err, store.ErrPrivilegedRole) {
				t.Errorf("serve as %s: %v; want store.ErrPrivilegedRole", tc.name, err)
			}
			for _, want := range []string{"refusing to serve", tc.why} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("serve as %s: error %q does not mention %q", tc.name, err, want)
				}
			}
			if strings.Contains(stderr.String(), "serving") || listening(addr) {
				t.Errorf("serve as %s got as far as serving on %s; log:\n%s", tc.name, addr, stderr)
			}
		})
	}
}

func TestServeStartsAsApplicationRoleAndStops(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr := freeAddr(t)
	errc, stderr := startServe(t, ctx, dbtest.AppURL(), addr)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}

	get := func(path string) (int, string, error) {
		resp, err := client.Get("http://" + addr + path)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body), err
	}

	// Wait until /healthz answers (or run gives up).
	for {
		select {
		case err := <-errc:
			t.Fatalf("serve as the application role returned before serving: %v; log:\n%s", err, stderr)
		default:
		}
		code, body, err := get("/healthz")
		if err == nil {
			if code != http.StatusOK || body != "ok\n" {
				t.Fatalf("/healthz: %d %q, want 200 \"ok\\n\"", code, body)
			}
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if code, body, err := get("/readyz"); err != nil || code != http.StatusOK {
		t.Errorf("/readyz: %d %q, %v; want 200 (the database answers)", code, body, err)
	}

	cancel()
	if err := <-errc; err != nil {
		t.Errorf("serve after cancel: %v, want nil; log:\n%s", err, stderr)
	}
	if listening(addr) {
		t.Errorf("%s still accepts connections after serve returned", addr)
	}
	if !strings.Contains(stderr.String(), "shutting down") {
		t.Errorf("no shutdown in the log:\n%s", stderr)
	}
}
