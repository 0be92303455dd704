package loadgen

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"syscall"
	"time"

	"github.com/santkrupa/santkrupa/internal/procstat"
)

// ServerConfig is how the server subprocess is started.
type ServerConfig struct {
	Binary      string // bin/santkrupa
	Addr        string // 127.0.0.1:18200
	DatabaseURL string // the application role (or the counting proxy)
	Issuer      string
	ClientID    string
	Secret      string
	ContextKeys string
	MaxConns    int
	Log         io.Writer // the server's log
}

// Server is a running `santkrupa serve`.
type Server struct {
	cmd  *exec.Cmd
	URL  string
	done chan error
}

// StartServer starts the server and waits until /readyz answers.
func StartServer(ctx context.Context, c ServerConfig) (*Server, error) {
	cmd := exec.Command(c.Binary, "serve")
	cmd.Env = append(os.Environ(),
		"SANTKRUPA_DATABASE_URL="+c.DatabaseURL,
		"SANTKRUPA_ADDR="+c.Addr,
		"SANTKRUPA_PUBLIC_URL=http://"+c.Addr,
		"SANTKRUPA_OIDC_ISSUER="+c.Issuer,
		"SANTKRUPA_OIDC_CLIENT_ID="+c.ClientID,
		"SANTKRUPA_OIDC_CLIENT_SECRET="+c.Secret,
		"SANTKRUPA_OIDC_API_AUDIENCE="+APIAudience,
		"SANTKRUPA_CONTEXT_KEYS="+c.ContextKeys,
		fmt.Sprintf("SANTKRUPA_DB_MAX_CONNS=%d", c.MaxConns),
		"SANTKRUPA_LOG_FORMAT=json",
	)
	cmd.Stdout, cmd.Stderr = c.Log, c.Log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start server: %w", err)
	}
	s := &Server{cmd: cmd, URL: "http://" + c.Addr, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-s.done:
			return nil, fmt.Errorf("server exited during start-up (see its log): %v", err)
		case <-ctx.Done():
			s.Stop()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if resp, err := http.Get(s.URL + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, fmt.Errorf("server not ready after 30s")
		}
	}
}

// PID is the server's process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// CPU is the CPU time the server has used so far.
func (s *Server) CPU() time.Duration {
	d, _ := procstat.CPU(s.PID())
	return d
}

// Mem is the server's resident memory now and at its peak.
func (s *Server) Mem() procstat.Memory {
	m, _ := procstat.Mem(s.PID())
	return m
}

// Stop sends SIGTERM and waits (SIGKILL after 25s).
func (s *Server) Stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(25 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}
