package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/santkrupa/santkrupa/internal/benchdata"
	"github.com/santkrupa/santkrupa/internal/benchreport"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/loadgen"
	"github.com/santkrupa/santkrupa/internal/store"
)

// phasePlan is the load run: reads across the wide set, the scale
// comparison (deep against small), then writes. Each endpoint of
// loadgen.Endpoints appears at least once.
var phasePlan = []struct {
	endpoint string
	set      loadgen.Set
}{
	{"get-patient", loadgen.SetWide},
	{"list-patients", loadgen.SetWide},
	{"search-name", loadgen.SetWide},
	{"search-phone", loadgen.SetWide},
	{"search-name", loadgen.SetSmall},
	{"search-name", loadgen.SetDeep},
	{"chart", loadgen.SetSmall},
	{"chart", loadgen.SetDeep},
	{"queue", loadgen.SetSmall},
	{"queue", loadgen.SetDeep},
	{"check-in", loadgen.SetWide},
	{"prescribe", loadgen.SetWide},
}

func runCmd(ctx context.Context, args []string, e env, out io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	spec := specFlags(fs)
	dir := fs.String("out", "bin/bench", "directory for results.json and the server logs")
	workers := fs.Int("clients", 8, "concurrent clients (load generator and pgbench)")
	phaseDur := fs.Duration("phase", 8*time.Second, "duration of each load phase")
	maxReq := fs.Int("max-requests", 40000, "bound on the requests of each load phase")
	rtN := fs.Int("rt-requests", 40, "requests per endpoint of the round-trip count")
	pgDur := fs.Duration("pgbench", 8*time.Second, "duration of each pgbench run")
	rounds := fs.Int("ceiling-rounds", 3, "alternating rounds of API and pgbench for the ceiling")
	binary := fs.String("server", "bin/santkrupa", "the server binary to drive")
	profile := fs.String("cpuprofile", "", "write the harness's CPU profile (the load generator's) here")
	only := fs.String("only", "", "run only the phases whose name matches this regular expression (a quick look; the report needs all)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	stop, err := startProfile(*profile)
	if err != nil {
		return err
	}
	defer stop()
	start := time.Now()
	res := &benchreport.Results{Started: start, Machine: machine()}
	h, err := newHarness(ctx, e, *spec, *dir, out)
	if err != nil {
		return err
	}
	defer h.close()
	h.binary = *binary
	if err := h.describe(ctx, res); err != nil {
		return err
	}
	// Patients free for check-in: enough for both passes.
	if err := h.fix.LoadCandidates(ctx, h.su, h.fix.Wide, 12); err != nil {
		return err
	}

	keep, err := regexp.Compile(*only)
	if err != nil {
		return fmt.Errorf("-only: %w", err)
	}
	var phases []loadgen.Phase
	for i, p := range phasePlan {
		ep, ok := loadgen.EndpointByName(p.endpoint)
		if !ok {
			return fmt.Errorf("phase plan names unknown endpoint %q", p.endpoint)
		}
		ph := loadgen.Phase{Endpoint: ep, Set: p.set, Workers: *workers, Duration: *phaseDur,
			MaxRequests: *maxReq, Seed: uint64(i + 1)}
		if keep.MatchString(ph.Name()) {
			phases = append(phases, ph)
		}
	}

	// Pass 1: round trips, one request at a time through the counting proxy.
	trips, err := h.countRoundTrips(ctx, phases, *rtN)
	if err != nil {
		return err
	}

	// Pass 2: throughput and latency, straight to PostgreSQL, from a
	// fresh checkpoint.
	if _, err := h.su.Exec(ctx, benchdata.Q("Checkpoint")); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	h.logf("run: load phases (%d clients, %s each, at most %d requests)", *workers, *phaseDur, *maxReq)
	srv, err := h.startServer(ctx, nil)
	if err != nil {
		return err
	}
	err = h.loadPass(ctx, e, srv, phases, trips, ceilingConfig{rounds: *rounds, workers: *workers,
		phase: *phaseDur, maxRequests: *maxReq, pgbench: *pgDur, keep: keep}, res)
	res.PeakRSS = srv.Mem().HWM
	srv.Stop()
	if err != nil {
		return err
	}

	if res.Explains, err = h.explains(ctx); err != nil {
		return err
	}
	path := filepath.Join(*dir, "results.json")
	if err := res.Save(path); err != nil {
		return err
	}
	h.logf("run: done in %s; results in %s", time.Since(start).Round(time.Second), path)
	return nil
}

// loadPass runs the load phases on srv, and the ceiling's rounds after the
// reads and before the writes, whose background work (WAL, autovacuum)
// would weigh on them.
func (h *harness) loadPass(ctx context.Context, e env, srv *loadgen.Server, phases []loadgen.Phase,
	trips map[string]float64, c ceilingConfig, res *benchreport.Results) error {
	if err := h.checkPgbenchContext(ctx); err != nil {
		return err
	}
	probe := loadgen.Probe{Server: srv, SU: h.su}
	run := func(phases []loadgen.Phase) {
		for _, ph := range phases {
			if ctx.Err() != nil {
				return
			}
			r := ph.Run(ctx, h.fix, probe)
			r.RoundTrips = trips[ph.Name()]
			res.Phases = append(res.Phases, r)
			h.logf("  %-22s %7.0f req/s  p50 %6.2f  p95 %6.2f  p99 %6.2f ms  %d× 2xx of %d  rt %.2f  server %.2f ms/req  %v",
				r.Name, r.Throughput, r.P50, r.P95, r.P99, int(r.Success*float64(r.Requests)), r.Requests, r.RoundTrips,
				r.ServerCPU, r.Errors)
		}
	}
	writes := slices.IndexFunc(phases, func(ph loadgen.Phase) bool { return ph.Endpoint.Method != http.MethodGet })
	if writes < 0 {
		writes = len(phases)
	}
	run(phases[:writes])
	if ctx.Err() == nil {
		if err := h.ceiling(ctx, e, c, probe, res); err != nil {
			return err
		}
	}
	run(phases[writes:])
	return ctx.Err()
}

// ceilingConfig is how the ceiling's rounds run.
type ceilingConfig struct {
	rounds, workers, maxRequests int
	phase, pgbench               time.Duration
	keep                         *regexp.Regexp // the phases -only selects
}

// ceiling measures target 2: the API and pgbench on the same reads with
// the same client count, alternating, in rounds. The machine is shared and
// its speed drifts within a run; a load phase and the pgbench run right
// after it are compared, not two measurements minutes apart.
func (h *harness) ceiling(ctx context.Context, e env, c ceilingConfig, probe loadgen.Probe, res *benchreport.Results) error {
	h.logf("run: the ceiling, %d rounds of the API and pgbench", c.rounds)
	for round := 1; round <= c.rounds && ctx.Err() == nil; round++ {
		for i, pb := range []struct{ name, script string }{
			{"get-patient", "pgbench_get_patient.sql"}, {"list-patients", "pgbench_list_patients.sql"},
		} {
			ep, _ := loadgen.EndpointByName(pb.name)
			ph := loadgen.Phase{Endpoint: ep, Set: loadgen.SetWide, Workers: c.workers, Duration: c.phase,
				MaxRequests: c.maxRequests, Seed: uint64(100*round + i)}
			if !c.keep.MatchString(ph.Name()) {
				continue
			}
			a := ph.Run(ctx, h.fix, probe)
			pg, err := loadgen.RunPgbench(ctx, loadgen.PgbenchConfig{
				Name: pb.name, Script: pb.script, URL: e.PgbenchURL, Clients: c.workers, Threads: 2, Duration: c.pgbench,
				Vars: map[string]string{"tag": h.spec.Tag(), "kid": pgbenchKID, "secret": h.secret,
					"clinics": strconv.Itoa(h.spec.WideClinics), "patients": strconv.Itoa(h.spec.WidePatients)},
			})
			if err != nil {
				return err
			}
			if round == 1 {
				res.Pgbench = append(res.Pgbench, pg)
			}
			res.Ceiling = append(res.Ceiling, benchreport.CeilingRound{Endpoint: pb.name, Round: round,
				API: a.Throughput, APISuccess: a.Success, Pgbench: pg.TPS})
			h.logf("  round %d %-14s API %7.0f req/s  pgbench %7.0f tps  = %.2f×  (pgbench p50 %.2f  p99 %.2f ms)",
				round, pb.name, a.Throughput, pg.TPS, a.Throughput/pg.TPS, pg.P50, pg.P99)
		}
	}
	return nil
}

// countRoundTrips serves through the counting proxy and counts each
// phase's database round trips per request.
func (h *harness) countRoundTrips(ctx context.Context, phases []loadgen.Phase, n int) (map[string]float64, error) {
	proxy, err := loadgen.StartProxy(proxyAddr, hostOf(h.env.AppURL))
	if err != nil {
		return nil, err
	}
	defer proxy.Close()
	srv, err := h.startServer(ctx, proxy)
	if err != nil {
		return nil, err
	}
	defer srv.Stop()
	out := map[string]float64{}
	h.logf("run: database round trips per request (%d requests each, one at a time)", n)
	for _, ph := range phases {
		rt, ok, err := loadgen.CountRoundTrips(ctx, h.fix, ph.Endpoint, ph.Set, proxy, 5, n)
		if err != nil {
			return nil, err
		}
		if ok < n {
			// A 404 costs fewer round trips than the real thing: do not
			// report it as the endpoint's count.
			h.logf("  %-22s %.2f (only %d of %d answered 2xx: not counted)", ph.Name(), rt, ok, n)
			out[ph.Name()] = -1
			continue
		}
		out[ph.Name()] = rt
		h.logf("  %-22s %.2f", ph.Name(), rt)
	}
	return out, nil
}

func hostOf(dbURL string) string {
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		return "127.0.0.1:5432"
	}
	return fmt.Sprintf("%s:%d", cfg.Host, cfg.Port)
}

// checkPgbenchContext proves that the pgbench scripts' way of signing the
// context is accepted: otherwise pgbench would measure empty results.
func (h *harness) checkPgbenchContext(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, h.env.PgbenchURL)
	if err != nil {
		return fmt.Errorf("connect as the pgbench role: %w", err)
	}
	defer conn.Close(ctx)
	var n int
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, benchdata.SQL("pgbench_check.sql"), h.spec.Tag(), pgbenchKID, h.secret); err != nil {
			return err
		}
		return tx.QueryRow(ctx, benchdata.Q("VisiblePatients")).Scan(&n)
	})
	if err != nil {
		return fmt.Errorf("pgbench context check: %w", err)
	}
	if n != h.spec.WidePatients {
		return fmt.Errorf("pgbench context check: the signed context shows %d patients, want %d", n, h.spec.WidePatients)
	}
	return nil
}

// explains runs EXPLAIN (ANALYZE, BUFFERS) of the product's search, list,
// chart, queue and urgent-worklist queries as the application role, in the
// deep and the small clinic.
func (h *harness) explains(ctx context.Context) ([]benchreport.Explain, error) {
	var out []benchreport.Explain
	cases := []struct {
		name, query string
		role        store.Role
		args        func(c benchdata.Clinic) map[string]any
	}{
		{"search-name", "SearchPatientsByNamePrefix", store.RoleReceptionist, func(benchdata.Clinic) map[string]any {
			return map[string]any{"prefix": "ram", "max_rows": int32(20)}
		}},
		{"list-patients", "ListPatients", store.RoleReceptionist, func(benchdata.Clinic) map[string]any {
			p := clinic.NewestPatients(50)
			return map[string]any{"after_created_at": p.AfterCreatedAt, "after_id": p.AfterID, "max_rows": p.MaxRows}
		}},
		{"chart", "DoctorChart", store.RoleDoctor, func(c benchdata.Clinic) map[string]any {
			return map[string]any{"id": h.spec.PatientID(c.Slug, 0), "max_items": int32(clinic.ChartItems)}
		}},
		{"queue", "TodayQueue", store.RoleReceptionist, func(benchdata.Clinic) map[string]any { return nil }},
		// The lab's urgent worklist, first page: a custom plan, as on a
		// connection's first executions (docs/scaling.md, item 12).
		{"lab-urgent", "LabListUrgentTests", store.RoleLabTech, func(benchdata.Clinic) map[string]any {
			p := clinic.FirstUrgentTests("urgent", nil, clinic.DefaultPageSize)
			return map[string]any{"urgency": p.Urgency, "max_rows": p.MaxRows,
				"after_ordered_at": p.AfterOrderedAt, "after_id": p.AfterID}
		}},
	}
	for _, cs := range cases {
		sql, params, err := benchdata.ProductQuery("queries", cs.query)
		if err != nil {
			h.logf("run: EXPLAIN %s skipped: %v", cs.name, err)
			continue
		}
		for _, c := range []benchdata.Clinic{h.fix.Small, h.fix.Deep} {
			scope := store.Scope{ClinicID: h.spec.ClinicID(c.Slug), Role: cs.role}
			named := cs.args(c)
			args := make([]any, len(params)) // absent: NULL (no cursor)
			for i, p := range params {
				args[i] = named[p]
			}
			// Run twice; keep the second (warm) plan, as the load run sees it.
			var plan string
			for range 2 {
				if plan, err = benchdata.Explain(ctx, h.st, scope, sql, args...); err != nil {
					return nil, fmt.Errorf("%s in %s: %w", cs.name, c.Slug, err)
				}
			}
			out = append(out, benchreport.Explain{Name: cs.name, Set: string(c.Kind), Query: cs.query,
				Plan: plan, ExecM: executionMs(plan)})
		}
	}
	return out, nil
}

func executionMs(plan string) float64 {
	for _, l := range strings.Split(plan, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "Execution Time: "); ok {
			f, _ := strconv.ParseFloat(strings.TrimSuffix(v, " ms"), 64)
			return f
		}
	}
	return 0
}

// describe records the data set: generation cost and sizes.
func (h *harness) describe(ctx context.Context, res *benchreport.Results) error {
	g := &res.Generation
	g.Tag = h.spec.Tag()
	var finished time.Time
	err := h.su.QueryRow(ctx, benchdata.Q("LastRun")).Scan(&g.Clinics, &g.Rows, &g.LoadS, &g.VerifyS, &g.VacuumS,
		&g.DBCPUS, &g.HarnessCPU, &finished)
	if err != nil && err != pgx.ErrNoRows {
		return fmt.Errorf("last generation: %w", err)
	}
	if err := h.su.QueryRow(ctx, benchdata.Q("DatabaseSize")).Scan(&g.DatabaseB); err != nil {
		return err
	}
	if err := h.su.QueryRow(ctx, benchdata.Q("Settings")).Scan(&res.Machine.PostgreSQL, &res.Machine.SharedBuf); err != nil {
		return err
	}
	rows, err := h.su.Query(ctx, benchdata.Q("TableSizes"))
	if err != nil {
		return err
	}
	res.Tables, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (benchreport.Table, error) {
		var t benchreport.Table
		err := r.Scan(&t.Name, &t.Rows, &t.Heap, &t.Indexes)
		return t, err
	})
	if err != nil {
		return err
	}
	if err := h.su.QueryRow(ctx, benchdata.Q("ClinicBytes"), "bench-deep").Scan(&res.Clinics.DeepBytes, new(int64)); err != nil {
		return err
	}
	if err := h.su.QueryRow(ctx, benchdata.Q("ClinicBytes"), "bench-small").Scan(&res.Clinics.SmallBytes, new(int64)); err != nil {
		return err
	}
	// The wide set is the rest of the clinic tables.
	var all int64
	if err := h.su.QueryRow(ctx, benchdata.Q("ClinicTablesBytes")).Scan(&all); err != nil {
		return err
	}
	if h.spec.WideClinics > 0 {
		res.Clinics.WideBytes = (all - res.Clinics.DeepBytes - res.Clinics.SmallBytes) / int64(h.spec.WideClinics)
	}
	return nil
}

func machine() benchreport.Machine {
	m := benchreport.Machine{CPUs: runtime.NumCPU()}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 0 {
			m.Load1, _ = strconv.ParseFloat(f[0], 64)
		}
	}
	return m
}
