package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/santkrupa/santkrupa/internal/benchdata"
	"github.com/santkrupa/santkrupa/internal/loadgen"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Addresses of the harness (the benchmark's port range 18200-18299).
const (
	serverAddr = "127.0.0.1:18200"
	proxyAddr  = "127.0.0.1:18202"
	pgbenchKID = "pgbench"
)

// harness is what run and soak share: the database connections, the
// identity provider and the request fixture.
type harness struct {
	env     env
	spec    benchdata.Spec
	su      *pgxpool.Pool
	st      *store.Store
	idp     *loadgen.IdP
	fix     *loadgen.Fixture
	secret  string // the pgbench key, base64
	outDir  string
	log     io.Writer
	binary  string
	serverN int
}

func (h *harness) close() {
	if h.idp != nil {
		h.idp.Close()
	}
	if h.st != nil {
		h.st.Pool().Close()
	}
	if h.su != nil {
		h.su.Close()
	}
}

// newHarness checks that the data set is there and prepares a run: staff
// bound to this run's issuer, the pgbench key, today's queues, the
// identity provider and tokens.
func newHarness(ctx context.Context, e env, spec benchdata.Spec, outDir string, log io.Writer) (*harness, error) {
	h := &harness{env: e, spec: spec, outDir: outDir, log: log, binary: "bin/santkrupa"}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, err
	}
	var err error
	if h.su, err = pgxpool.New(ctx, e.SuperuserURL); err != nil {
		return nil, fmt.Errorf("connect as superuser: %w", err)
	}
	if err := h.checkGenerated(ctx); err != nil {
		h.close()
		return nil, err
	}
	keys, err := store.ParseKeys(e.ContextKeys)
	if err != nil {
		h.close()
		return nil, err
	}
	pool, err := store.Open(ctx, e.AppURL, store.Options{MaxConns: 4})
	if err != nil {
		h.close()
		return nil, err
	}
	if h.st, err = store.New(pool, keys); err != nil {
		pool.Close()
		h.close()
		return nil, err
	}
	steps := []func(context.Context) error{h.rebind, h.installKey, h.queues, h.identities}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			h.close()
			return nil, err
		}
	}
	return h, nil
}

func (h *harness) logf(format string, args ...any) { fmt.Fprintf(h.log, format+"\n", args...) }

func (h *harness) checkGenerated(ctx context.Context) error {
	if err := benchdata.Setup(ctx, h.su); err != nil {
		return err
	}
	rows, err := h.su.Query(ctx, benchdata.Q("GeneratedClinics"))
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for rows.Next() {
		var slug, tag string
		if err := rows.Scan(&slug, &tag); err != nil {
			rows.Close()
			return err
		}
		if tag != h.spec.Tag() {
			rows.Close()
			return benchdata.ErrOtherData
		}
		have[slug] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range h.spec.Clinics() {
		if !have[c.Slug] {
			return fmt.Errorf("clinic %s is not generated: run `santkrupa-bench generate` with the same flags", c.Slug)
		}
	}
	return nil
}

// rebind moves the staff identities to this run's issuer (a no-op unless
// it changed), without audit events: it is set-up, not clinic work.
func (h *harness) rebind(ctx context.Context) error {
	return pgx.BeginFunc(ctx, h.su, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, benchdata.Q("ReplicaMode")); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, benchdata.Q("RebindIssuer"), benchdata.Issuer)
		return err
	})
}

// installKey installs a fresh benchmark-only context key for pgbench.
func (h *harness) installKey(ctx context.Context) error {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	h.secret = base64.StdEncoding.EncodeToString(b)
	_, err := h.su.Exec(ctx, benchdata.Q("InstallBenchKey"), pgbenchKID, b)
	return err
}

// queueSize is today's queue of the deep and the small clinic: the same
// size in both, so the comparison is of the clinics' histories.
const queueSize = 40

func (h *harness) queues(ctx context.Context) error {
	for _, c := range h.spec.Clinics()[:2] {
		n, err := benchdata.PrepareQueue(ctx, h.st, h.su, h.spec, c, queueSize)
		if err != nil {
			return err
		}
		if n > 0 {
			h.logf("run: %d patients checked in to today's queue of %s", n, c.Slug)
		}
	}
	return nil
}

func (h *harness) identities(ctx context.Context) error {
	var err error
	h.idp, err = loadgen.StartIdP(benchdata.Issuer, "http://"+serverAddr, loadgen.Subjects(h.spec))
	if err != nil {
		return err
	}
	if h.fix, err = loadgen.NewFixture(h.spec, h.idp, "http://"+serverAddr); err != nil {
		return err
	}
	// Search with prefixes that fill a page in the small clinic too: the
	// deep clinic always fills it, so with any prefix the small one would
	// answer fewer rows (9 on average) and seem faster for that alone.
	rows, err := h.su.Query(ctx, benchdata.Q("FullPagePrefixes"), h.spec.ClinicID(h.fix.Small.Slug), searchPage)
	if err != nil {
		return fmt.Errorf("full-page prefixes: %w", err)
	}
	prefixes, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("full-page prefixes: %w", err)
	}
	return h.fix.SetNamePrefixes(prefixes)
}

// searchPage is the page size of the search-name phases (loadgen.Endpoints).
const searchPage = 20

// startServer starts `santkrupa serve` on the benchmark database, or
// through the counting proxy when proxy is set, and maps every identity
// once (the first request of an identity maps its memberships, which is
// not what the phases measure).
func (h *harness) startServer(ctx context.Context, proxy *loadgen.Proxy) (*loadgen.Server, error) {
	dbURL := h.env.AppURL
	if proxy != nil {
		u, err := url.Parse(dbURL)
		if err != nil {
			return nil, err
		}
		u.Host = proxy.Addr()
		dbURL = u.String()
	}
	h.serverN++
	logf, err := os.Create(filepath.Join(h.outDir, fmt.Sprintf("server-%d.log", h.serverN)))
	if err != nil {
		return nil, err
	}
	srv, err := loadgen.StartServer(ctx, loadgen.ServerConfig{
		Binary: h.binary, Addr: serverAddr, DatabaseURL: dbURL, Issuer: benchdata.Issuer,
		ClientID: h.idp.ClientID, Secret: h.idp.ClientSecret, ContextKeys: h.env.ContextKeys, MaxConns: 10, Log: logf,
	})
	if err != nil {
		return nil, err
	}
	if err := h.warm(ctx); err != nil {
		srv.Stop()
		return nil, err
	}
	return srv, nil
}

// warm sends GET /api/v1/clinics/{slug}/me once per token, 8 at a time.
func (h *harness) warm(ctx context.Context) error {
	type job struct {
		c     benchdata.Clinic
		login string
	}
	jobs := make(chan job)
	var mu sync.Mutex
	var errs []string
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				code, err := loadgen.Get(ctx, h.fix.BaseURL+"/api/v1/clinics/"+j.c.Slug+"/me", h.fix.Token(j.c, j.login))
				if err != nil || code != 200 {
					mu.Lock()
					errs = append(errs, fmt.Sprintf("%s/%s: %d %v", j.c.Slug, j.login, code, err))
					mu.Unlock()
				}
			}
		}()
	}
	for _, c := range h.spec.Clinics() {
		for _, l := range loadgen.Logins {
			jobs <- job{c, l}
		}
	}
	close(jobs)
	wg.Wait()
	if len(errs) > 0 {
		return errors.New("warming the identities failed (is the bearer token accepted?): " +
			strings.Join(errs[:min(3, len(errs))], "; "))
	}
	return nil
}
