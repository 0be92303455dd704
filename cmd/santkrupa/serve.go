package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime/debug"
	"time"

	"github.com/santkrupa/santkrupa/internal/app"
	"github.com/santkrupa/santkrupa/internal/config"
	"github.com/santkrupa/santkrupa/internal/store"
)

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// serve runs the HTTP server until ctx ends (SIGINT/SIGTERM), then stops
// accepting, lets in-flight requests finish within the shutdown bound and
// closes the pool.
func serve(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	tuneGC(getenv)

	st, err := openStore(ctx, cfg, cfg.MaxConns, "serve")
	if err != nil {
		return err
	}
	defer st.Pool().Close()

	a, err := app.New(ctx, cfg, log, st, app.Options{})
	if err != nil {
		return err
	}
	go expireSessions(ctx, a.Store, log)

	base := func(net.Listener) context.Context { return context.WithoutCancel(ctx) }
	servers := []*http.Server{{
		Addr:              cfg.Addr,
		Handler:           a.Handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      cfg.RequestTimeout + 5*time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    maxHeaderBytes,
		BaseContext:       base,
	}}
	if cfg.MetricsAddr != "" {
		// Metrics on their own listener, which the operator keeps off the
		// public network (docs/operations.md).
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", a.Metrics.Handler())
		// Go's profiler too, for finding where the server's time goes
		// under real load (docs/operations.md).
		mux.HandleFunc("GET /debug/pprof/", pprof.Index)
		mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
		mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
		servers = append(servers, &http.Server{
			Addr: cfg.MetricsAddr, Handler: mux,
			ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
			IdleTimeout: 120 * time.Second, MaxHeaderBytes: 16 << 10, BaseContext: base,
		})
	}
	errc := make(chan error, len(servers))
	for i, srv := range servers {
		what := []string{"serving", "serving metrics"}[i]
		go func() {
			log.Info(what, slog.String("addr", srv.Addr))
			errc <- srv.ListenAndServe()
		}()
	}
	select {
	case err := <-errc:
		shutdown(context.WithoutCancel(ctx), servers, 0)
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", slog.Duration("bound", cfg.ShutdownTimeout))
	if err := shutdown(context.WithoutCancel(ctx), servers, cfg.ShutdownTimeout); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// maxHeaderBytes bounds a request's header block; a larger one is refused
// with 431 before any handler runs.
const maxHeaderBytes = 64 << 10

// tuneGC lets the heap grow within the server's memory budget (150 MiB
// resident, docs/operations.md): at Go's default, GOGC=100, the collector
// took a fifth of the server's CPU under a load of patient lists while the
// process used half its budget. A soft limit of 80 MiB of Go memory makes
// the collector work harder before the budget is reached (the process
// holds 15–20 MiB more). GOGC and GOMEMLIMIT, when set, are Go's own
// settings and win.
func tuneGC(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(80 << 20)
	}
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

// shutdown stops accepting at once, waits up to bound for in-flight
// requests, then closes whatever is still open so that the pool can close
// behind it. bound 0 closes at once.
func shutdown(ctx context.Context, servers []*http.Server, bound time.Duration) error {
	sctx, cancel := context.WithTimeout(ctx, bound)
	defer cancel()
	var errs []error
	for _, srv := range servers {
		if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = srv.Close()
			errs = append(errs, fmt.Errorf("shutdown %s: requests still running after %s: %w", srv.Addr, bound, err))
		}
	}
	return errors.Join(errs...)
}

// expireSessions deletes expired browser sessions every few minutes until
// ctx ends.
func expireSessions(ctx context.Context, st *store.Store, log *slog.Logger) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := st.DeleteExpiredSessions(ctx); err != nil {
				log.Warn("expire sessions", slog.String("error", err.Error()))
			} else if n > 0 {
				log.Info("expired sessions deleted", slog.Int64("count", n))
			}
		}
	}
}
