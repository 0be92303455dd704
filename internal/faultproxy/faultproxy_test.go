package faultproxy_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/santkrupa/santkrupa/internal/faultproxy"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// echo is a line echo server standing in for PostgreSQL.
func echo(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { _ = ln.Close(); <-done })
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { _, _ = io.Copy(c, c); _ = c.Close() }()
		}
	}()
	return ln.Addr().String()
}

type client struct {
	c net.Conn
	r *bufio.Reader
}

func dial(t *testing.T, addr string) (*client, error) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { _ = c.Close() })
	return &client{c: c, r: bufio.NewReader(c)}, nil
}

func (c *client) roundTrip(s string) (string, error) {
	if _, err := c.c.Write([]byte(s + "\n")); err != nil {
		return "", err
	}
	line, err := c.r.ReadString('\n')
	if err != nil {
		return "", err
	}
	return line[:len(line)-1], nil
}

func mustRoundTrip(t *testing.T, c *client, s string) {
	t.Helper()
	got, err := c.roundTrip(s)
	if err != nil || got != s {
		t.Fatalf("round trip %q: %q, %v", s, got, err)
	}
}

func TestCutRefusesAndDropsThenRestores(t *testing.T) {
	t.Parallel()
	p, err := faultproxy.Start(echo(t))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()

	c, err := dial(t, p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	mustRoundTrip(t, c, "hello")
	if p.Open() != 1 {
		t.Fatalf("open links = %d, want 1", p.Open())
	}

	p.Cut()
	if _, err := c.roundTrip("after cut"); err == nil {
		t.Fatal("an open connection still answers after Cut")
	}
	if _, err := net.Dial("tcp", p.Addr()); err == nil {
		t.Fatal("a new connection was accepted after Cut; want refused")
	}

	if err := p.Restore(); err != nil {
		t.Fatal(err)
	}
	c2, err := dial(t, p.Addr())
	if err != nil {
		t.Fatalf("dial after Restore: %v", err)
	}
	mustRoundTrip(t, c2, "back")
	if p.Total() != 2 {
		t.Errorf("accepted %d connections, want 2", p.Total())
	}
}

func TestStallHoldsTrafficUntilRestore(t *testing.T) {
	t.Parallel()
	p, err := faultproxy.Start(echo(t))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	c, err := dial(t, p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	mustRoundTrip(t, c, "before")

	p.Stall()
	type result struct {
		s   string
		err error
	}
	got := make(chan result, 1)
	go func() { s, err := c.roundTrip("held"); got <- result{s, err} }()
	// Nothing may come back while stalled: the read deadline is how this
	// test observes silence, not a bound on the code under test.
	_ = c.c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	r := <-got
	var ne net.Error
	if r.err == nil || !errors.As(r.err, &ne) || !ne.Timeout() {
		t.Fatalf("while stalled: %q, %v; want silence", r.s, r.err)
	}
	_ = c.c.SetReadDeadline(time.Time{})

	// A new connection is accepted but hangs too.
	c2, err := dial(t, p.Addr())
	if err != nil {
		t.Fatalf("dial while stalled: %v", err)
	}
	go func() { s, err := c2.roundTrip("late"); got <- result{s, err} }()

	if err := p.Restore(); err != nil {
		t.Fatal(err)
	}
	if r := <-got; r.err != nil || r.s != "late" {
		t.Fatalf("held connection after Restore: %q, %v", r.s, r.err)
	}
	// The held bytes of the first connection arrive too.
	line, err := c.r.ReadString('\n')
	if err != nil || line != "held\n" {
		t.Fatalf("held bytes after Restore: %q, %v", line, err)
	}
}

func TestCloseEndsEverything(t *testing.T) {
	t.Parallel()
	p, err := faultproxy.Start(echo(t))
	if err != nil {
		t.Fatal(err)
	}
	c, err := dial(t, p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	mustRoundTrip(t, c, "x")
	p.Stall()
	p.Close() // must not hang on the stalled link
	if p.Open() != 0 {
		t.Errorf("open links after Close = %d", p.Open())
	}
	if err := p.Restore(); err == nil {
		t.Error("Restore after Close succeeded")
	}
}
