package main

// serve on SIGTERM: stops accepting at once, lets in-flight requests
// finish (with the database still there for them), then closes the pool;
// a request that outlives the bound is cut and serve says so. The pool's
// connections are counted at a fault proxy in front of the database.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/faultproxy"
)

// waitServing waits until /healthz answers on addr.
func waitServing(t *testing.T, addr string, errc <-chan error, stderr *lockedBuffer) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	for {
		select {
		case err := <-errc:
			t.Fatalf("serve returned before serving: %v; log:\n%s", err, stderr)
		default:
		}
		resp, err := client.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// eventually polls cond; guard bounds a test that would otherwise hang.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after 30s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func waitReturn(t *testing.T, errc <-chan error, stderr *lockedBuffer) error {
	t.Helper()
	select {
	case err := <-errc:
		return err
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not return; log:\n%s", stderr)
		return nil
	}
}

// startLogin begins a POST /login whose body is one byte short: the
// server has the request and its handler waits for the rest.
func startLogin(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	_, err = fmt.Fprintf(c, "POST /login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
		"Content-Length: 6\r\n\r\nnext=", addr)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// waitInFlight waits until the server is handling a request (the metrics
// listener's own requests do not count): only then is the request in
// flight rather than waiting in the listen queue.
func waitInFlight(t *testing.T, metricsAddr string) {
	t.Helper()
	eventually(t, "a request in flight", func() bool {
		resp, err := http.Get("http://" + metricsAddr + "/metrics")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return strings.Contains(string(body), "\nsantkrupa_http_requests_in_flight 1\n")
	})
}

// warmUp starts a sign-in once, so that the provider is discovered (the
// handler of a later one waits on its body alone) and the pool is in use.
func warmUp(t *testing.T, addr string) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	defer client.CloseIdleConnections()
	resp, err := client.Post("http://"+addr+"/login", "application/x-www-form-urlencoded", strings.NewReader("next=/"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /login: %d, want 303", resp.StatusCode)
	}
}

func poolClosed(t *testing.T, p *faultproxy.Proxy) {
	t.Helper()
	eventually(t, "the pool's connections closed", func() bool { return p.Open() == 0 })
}

func TestServeShutdownOnSIGTERM(t *testing.T) {
	t.Parallel()
	proxy, url := dbtest.FaultProxy(t)
	ctx, stop := signalContext(context.Background())
	defer stop()
	addr, metricsAddr := freeAddr(t), freeAddr(t)
	errc, stderr := startServe(t, ctx, url, addr, "SANTKRUPA_METRICS_ADDR", metricsAddr)
	waitServing(t, addr, errc, stderr)

	warmUp(t, addr)
	if proxy.Open() == 0 {
		t.Fatal("the pool holds no database connection")
	}

	inflight := startLogin(t, addr)
	waitInFlight(t, metricsAddr)
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}

	// New connections are refused at once…
	eventually(t, "new connections refused after SIGTERM", func() bool {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	// …while the request in flight holds the shutdown open…
	select {
	case err := <-errc:
		t.Fatalf("serve returned with a request in flight: %v", err)
	default:
	}
	// …and, once complete, is answered in full, using the database.
	if _, err := inflight.Write([]byte("/")); err != nil {
		t.Fatal(err)
	}
	r, err := http.ReadResponse(bufio.NewReader(inflight), nil)
	if err != nil {
		t.Fatalf("in-flight request: %v", err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusSeeOther || !r.Close {
		t.Errorf("in-flight request: %d (close %v); want 303 and the connection closed", r.StatusCode, r.Close)
	}

	if err := waitReturn(t, errc, stderr); err != nil {
		t.Fatalf("serve after SIGTERM: %v; log:\n%s", err, stderr)
	}
	poolClosed(t, proxy)
	for _, want := range []string{"shutting down", "stopped"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, stderr)
		}
	}
}

func TestServeShutdownBound(t *testing.T) {
	t.Parallel()
	proxy, url := dbtest.FaultProxy(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, metricsAddr := freeAddr(t), freeAddr(t)
	errc, stderr := startServe(t, ctx, url, addr, "SANTKRUPA_SHUTDOWN_TIMEOUT", "1s", "SANTKRUPA_METRICS_ADDR", metricsAddr)
	waitServing(t, addr, errc, stderr)

	warmUp(t, addr)
	stuck := startLogin(t, addr) // never completed
	waitInFlight(t, metricsAddr)
	cancel()
	err := waitReturn(t, errc, stderr)
	if err == nil || !strings.Contains(err.Error(), "still running after 1s") {
		t.Fatalf("serve with a request stuck past the bound: %v; want an error naming the bound", err)
	}
	// The stuck connection was closed rather than left open.
	_ = stuck.SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.ReadAll(stuck); err != nil {
		t.Errorf("stuck connection: %v; want it closed by the server", err)
	}
	poolClosed(t, proxy)
}

func TestServeHeaderLimitAndMetricsListener(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, metricsAddr := freeAddr(t), freeAddr(t)
	errc, stderr := startServe(t, ctx, dbtest.AppURL(), addr, "SANTKRUPA_METRICS_ADDR", metricsAddr)
	waitServing(t, addr, errc, stderr)
	get := func(url string, header http.Header) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		for k, v := range header {
			req.Header[k] = v
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}

	code, body := get("http://"+addr+"/healthz", http.Header{"X-Big": {strings.Repeat("a", 100<<10)}})
	if code != http.StatusRequestHeaderFieldsTooLarge || !strings.Contains(body, "Header") {
		t.Errorf("100 KiB of headers: %d %q; want 431 saying so", code, body)
	}
	code, _ = get("http://"+addr+"/healthz", http.Header{"X-Fine": {strings.Repeat("a", 8<<10)}})
	if code != http.StatusOK {
		t.Errorf("8 KiB of headers: %d, want 200", code)
	}

	code, body = get("http://"+metricsAddr+"/metrics", nil)
	if code != http.StatusOK || !strings.Contains(body, "santkrupa_db_pool_max_conns 10") ||
		!strings.Contains(body, `santkrupa_http_requests_total{method="GET",route="/healthz",status="200"}`) {
		t.Errorf("metrics listener: %d %.400s", code, body)
	}
	if code, _ := get("http://"+addr+"/metrics", nil); code != http.StatusNotFound {
		t.Errorf("/metrics on the public listener: %d, want 404", code)
	}
	if code, body := get("http://"+metricsAddr+"/debug/pprof/goroutine?debug=1", nil); code != http.StatusOK || !strings.Contains(body, "goroutine profile") {
		t.Errorf("profiler on the metrics listener: %d %.200s", code, body)
	}
	if code, _ := get("http://"+addr+"/debug/pprof/", nil); code == http.StatusOK {
		t.Errorf("profiler on the public listener: %d, want none", code)
	}
	cancel()
	if err := waitReturn(t, errc, stderr); err != nil {
		t.Fatal(err)
	}
	if listening(metricsAddr) {
		t.Errorf("metrics listener still open after serve returned")
	}
}
