package loadgen

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
)

// Proxy forwards TCP connections to PostgreSQL and counts round trips: the
// ReadyForQuery messages ('Z') the server sends, one per Sync or simple
// Query, which is when a client must wait for the database. The first of
// each connection ends its start-up and is not counted.
type Proxy struct {
	ln     net.Listener
	target string
	trips  atomic.Int64
	conns  atomic.Int64
	wg     sync.WaitGroup
	mu     sync.Mutex
	open   map[net.Conn]bool
	closed atomic.Bool
}

// StartProxy listens on addr and forwards to target.
func StartProxy(addr, target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, target: target, open: map[net.Conn]bool{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is where the proxy listens.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// RoundTrips counted so far.
func (p *Proxy) RoundTrips() int64 { return p.trips.Load() }

// Connections opened so far.
func (p *Proxy) Connections() int64 { return p.conns.Load() }

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.conns.Add(1)
		p.track(c, s)
		p.wg.Add(2)
		go func() { defer p.wg.Done(); _, _ = io.Copy(s, c); s.Close() }()
		go func() { defer p.wg.Done(); p.count(c, s); c.Close() }()
	}
}

func (p *Proxy) track(cs ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range cs {
		p.open[c] = true
	}
}

// count copies the server's messages to the client, counting 'Z'.
func (p *Proxy) count(client io.Writer, server io.Reader) {
	first := true
	err := ScanMessages(server, client, func(typ byte) {
		if typ != 'Z' {
			return
		}
		if first {
			first = false
			return
		}
		p.trips.Add(1)
	})
	_ = err
}

// ScanMessages copies PostgreSQL backend messages from r to w and calls
// fn with each message's type. It returns at EOF or on an error. Output is
// flushed whenever no more input is waiting, so nothing the client waits
// for is held back.
func ScanMessages(r io.Reader, w io.Writer, fn func(typ byte)) error {
	br := bufio.NewReaderSize(r, 32<<10)
	bw := bufio.NewWriterSize(w, 32<<10)
	var hdr [5]byte
	for {
		if _, err := io.ReadFull(br, hdr[:]); err != nil {
			if errors.Is(err, io.EOF) {
				return bw.Flush()
			}
			return err
		}
		// (A reply to an SSL or GSS request would be one byte; the harness
		// connects with sslmode=disable, so none comes.)
		n := int64(binary.BigEndian.Uint32(hdr[1:])) - 4
		if n < 0 {
			return errors.New("proxy: bad message length")
		}
		fn(hdr[0])
		if _, err := bw.Write(hdr[:]); err != nil {
			return err
		}
		if _, err := io.CopyN(bw, br, n); err != nil {
			return err
		}
		if br.Buffered() == 0 {
			if err := bw.Flush(); err != nil {
				return err
			}
		}
	}
}

// Close stops the proxy and its connections.
func (p *Proxy) Close() {
	if p.closed.Swap(true) {
		return
	}
	p.ln.Close()
	p.mu.Lock()
	for c := range p.open {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}
