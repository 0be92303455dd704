// Package faultproxy is a TCP proxy for tests that puts a switch between a
// client (the server's database pool) and PostgreSQL, so that a test can
// take the database away without touching the PostgreSQL others share:
//
//   - Cut refuses new connections (the port is closed) and drops the open
//     ones, as a database restart or a dead host does;
//   - Stall holds every byte in both directions and leaves new connections
//     hanging, as a network partition does;
//   - Restore lets traffic through again.
//
// Only tests import it.
package faultproxy

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

type state int

const (
	up state = iota
	stalled
	cut
	closed
)

// Proxy forwards connections on Addr to a target address.
type Proxy struct {
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener // nil while cut
	state state
	gate  chan struct{} // closed and replaced at every change of state
	links map[*link]struct{}
	total int
	wg    sync.WaitGroup
}

// link is one proxied connection.
type link struct {
	client   net.Conn
	upstream net.Conn // nil until dialled
	done     chan struct{}
	once     sync.Once
}

func (l *link) kill() {
	l.once.Do(func() {
		close(l.done)
		_ = l.client.Close()
		if l.upstream != nil {
			_ = l.upstream.Close()
		}
	})
}

// Start listens on a free loopback port and forwards to target
// ("host:port").
func Start(target string) (*Proxy, error) {
	ln, err := listenFixable()
	if err != nil {
		return nil, fmt.Errorf("faultproxy: listen: %w", err)
	}
	p := &Proxy{target: target, addr: ln.Addr().String(), ln: ln, gate: make(chan struct{}),
		links: map[*link]struct{}{}}
	p.wg.Add(1)
	go p.accept(ln)
	return p, nil
}

// listenFixable listens on a loopback port below the kernel's ephemeral
// range. Restore must listen on the same port again, and a port the kernel
// handed out (port 0) can meanwhile become the local end of one of the
// many connections a test makes, so that Restore fails with "address
// already in use". Where the range cannot be read, any free port.
func listenFixable() (net.Listener, error) {
	low := 32768 // Linux's default low end
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if f := strings.Fields(string(b)); len(f) == 2 {
			if n, err := strconv.Atoi(f[0]); err == nil {
				low = n
			}
		}
	}
	if low > 11000 {
		for range 50 {
			port := 10000 + rand.IntN(low-10000)
			ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
			if err == nil {
				return ln, nil
			}
			if !errors.Is(err, syscall.EADDRINUSE) {
				return nil, err
			}
		}
	}
	return net.Listen("tcp", "127.0.0.1:0")
}

// Addr is the proxy's address; it stays the same across Cut and Restore.
func (p *Proxy) Addr() string { return p.addr }

// URL is databaseURL with its host and port replaced by the proxy's.
func (p *Proxy) URL(databaseURL string) (string, error) {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return "", fmt.Errorf("faultproxy: %w", err)
	}
	u.Host = p.addr
	return u.String(), nil
}

// Target is the host:port of databaseURL, for Start.
func Target(databaseURL string) (string, error) {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return "", fmt.Errorf("faultproxy: %w", err)
	}
	if u.Port() == "" {
		return net.JoinHostPort(u.Hostname(), "5432"), nil
	}
	return u.Host, nil
}

// Open is the number of connections the proxy holds open now: after the
// client closed its pool it must be 0.
func (p *Proxy) Open() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.links)
}

// Total is the number of connections the proxy has accepted so far.
func (p *Proxy) Total() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.total
}

// setState changes the state and wakes every link waiting at the gate.
// The caller holds p.mu.
func (p *Proxy) setState(s state) {
	p.state = s
	close(p.gate)
	p.gate = make(chan struct{})
}

// Cut closes the port, so new connections are refused, and drops every
// open connection.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state == closed {
		return
	}
	p.setState(cut)
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for l := range p.links {
		l.kill()
	}
}

// Stall holds all traffic: open connections stop moving bytes, new ones
// are accepted but get no answer.
func (p *Proxy) Stall() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state == closed {
		return
	}
	if p.ln == nil {
		p.listenLocked() // a stall after a cut: connections hang rather than fail
	}
	p.setState(stalled)
}

// Restore lets traffic through again, reopening the port after a cut.
func (p *Proxy) Restore() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state == closed {
		return errors.New("faultproxy: closed")
	}
	if p.ln == nil {
		if err := p.listenLocked(); err != nil {
			return err
		}
	}
	p.setState(up)
	return nil
}

func (p *Proxy) listenLocked() error {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		return fmt.Errorf("faultproxy: listen again on %s: %w", p.addr, err)
	}
	p.ln = ln
	p.wg.Add(1)
	go p.accept(ln)
	return nil
}

// Close stops the proxy and waits for its goroutines.
func (p *Proxy) Close() {
	p.mu.Lock()
	if p.state != closed {
		p.setState(closed)
		if p.ln != nil {
			_ = p.ln.Close()
			p.ln = nil
		}
		for l := range p.links {
			l.kill()
		}
	}
	p.mu.Unlock()
	p.wg.Wait()
}

func (p *Proxy) accept(ln net.Listener) {
	defer p.wg.Done()
	for {
		c, err := ln.Accept()
		if err != nil {
			return // the listener was closed (Cut or Close)
		}
		l := &link{client: c, done: make(chan struct{})}
		p.mu.Lock()
		if p.state == cut || p.state == closed || p.ln != ln {
			p.mu.Unlock()
			_ = c.Close()
			continue
		}
		p.links[l] = struct{}{}
		p.total++
		p.wg.Add(1)
		p.mu.Unlock()
		go p.serve(l)
	}
}

// pass waits until traffic may flow; false means the link is gone.
func (p *Proxy) pass(l *link) bool {
	for {
		p.mu.Lock()
		s, gate := p.state, p.gate
		p.mu.Unlock()
		switch s {
		case up:
			return true
		case cut, closed:
			l.kill()
			return false
		}
		select {
		case <-gate:
		case <-l.done:
			return false
		}
	}
}

func (p *Proxy) serve(l *link) {
	defer p.wg.Done()
	defer func() {
		l.kill()
		p.mu.Lock()
		delete(p.links, l)
		p.mu.Unlock()
	}()
	if !p.pass(l) {
		return
	}
	u, err := net.Dial("tcp", p.target)
	if err != nil {
		return
	}
	p.mu.Lock()
	select {
	case <-l.done: // cut while dialling
		p.mu.Unlock()
		_ = u.Close()
		return
	default:
		l.upstream = u
	}
	p.mu.Unlock()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); p.pipe(l, u, l.client) }()
	go func() { defer wg.Done(); p.pipe(l, l.client, u) }()
	wg.Wait()
}

// pipe copies src to dst, holding each chunk at the gate while stalled.
// Either side ending ends the link.
func (p *Proxy) pipe(l *link, dst, src net.Conn) {
	defer l.kill()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if !p.pass(l) {
				return
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil { // io.EOF or a dropped connection
			return
		}
	}
}
