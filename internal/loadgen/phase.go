package loadgen

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/santkrupa/santkrupa/internal/benchdata"
	"github.com/santkrupa/santkrupa/internal/procstat"
)

// Phase is one measured stretch of load: one endpoint against one set of
// clinics, closed-loop with Workers concurrent clients, bounded by
// Duration and MaxRequests.
type Phase struct {
	Endpoint    Endpoint
	Set         Set
	Workers     int
	Duration    time.Duration
	MaxRequests int
	Seed        uint64
}

// Name is "endpoint/set".
func (p Phase) Name() string { return p.Endpoint.Name + "/" + string(p.Set) }

// PhaseResult is what a phase measured.
type PhaseResult struct {
	Name        string         `json:"name"`
	Endpoint    string         `json:"endpoint"`
	Request     string         `json:"request"`
	Set         string         `json:"set"`
	Workers     int            `json:"workers"`
	Requests    uint64         `json:"requests"`
	Seconds     float64        `json:"seconds"`
	Throughput  float64        `json:"throughput"` // successful requests per second
	Success     float64        `json:"success"`    // share of 2xx
	StatusCodes map[string]int `json:"status_codes"`
	P50         float64        `json:"p50_ms"`
	P95         float64        `json:"p95_ms"`
	P99         float64        `json:"p99_ms"`
	Max         float64        `json:"max_ms"`
	// ServerCPU and DBCPU are CPU milliseconds per request of the server
	// process and of its database backends; ServerCores is the server's
	// average CPU use in cores.
	ServerCPU   float64 `json:"server_cpu_ms_per_req"`
	DBCPU       float64 `json:"db_cpu_ms_per_req"`
	ServerCores float64 `json:"server_cores"`
	RSS         int64   `json:"rss_bytes"`
	// WALBytes is the WAL the database wrote per request during the
	// phase; WALStart and WALEnd are the positions it was read at, for
	// pg_waldump.
	WALBytes float64  `json:"wal_bytes_per_req"`
	WALStart string   `json:"wal_start_lsn,omitempty"`
	WALEnd   string   `json:"wal_end_lsn,omitempty"`
	Errors   []string `json:"errors,omitempty"`
	// RoundTrips per request, from the counting pass (-1: not counted).
	RoundTrips float64 `json:"round_trips"`
}

// Probe reads CPU of the server and its backends.
type Probe struct {
	Server *Server
	SU     *pgxpool.Pool
}

func (p Probe) dbCPU(ctx context.Context) map[int]time.Duration {
	out := map[int]time.Duration{}
	rows, err := p.SU.Query(ctx, benchdata.Q("ServerBackends"))
	if err != nil {
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) == nil {
			if c, err := procstat.CPU(pid); err == nil {
				out[pid] = c
			}
		}
	}
	return out
}

// wal reads the database's WAL position (zero and "" if it cannot).
func (p Probe) wal(ctx context.Context) (int64, string) {
	var pos int64
	var lsn string
	if err := p.SU.QueryRow(ctx, benchdata.Q("WALPosition")).Scan(&pos, &lsn); err != nil {
		return 0, ""
	}
	return pos, lsn
}

// Run drives and measures one phase.
func (ph Phase) Run(ctx context.Context, f *Fixture, probe Probe) PhaseResult {
	tr := f.Targeter(ph.Endpoint, ph.Set, ph.Seed, ph.MaxRequests)
	db0 := probe.dbCPU(ctx)
	wal0, lsn0 := probe.wal(ctx)
	cpu0 := probe.Server.CPU()
	start := time.Now()
	m := runClosedLoop(ctx, tr, ph.Workers, ph.Duration)
	wall := time.Since(start)
	cpu := probe.Server.CPU() - cpu0
	wal1, lsn1 := probe.wal(ctx)
	var db time.Duration
	for pid, c := range probe.dbCPU(ctx) {
		db += c - db0[pid] // a backend opened during the phase started at zero
	}
	r := PhaseResult{
		Name: ph.Name(), Endpoint: ph.Endpoint.Name, Request: ph.Endpoint.describe(), Set: string(ph.Set),
		Workers: ph.Workers, Requests: uint64(m.requests), Seconds: wall.Seconds(), StatusCodes: m.codes,
		P50: ms(quantile(m.latencies, 0.50)), P95: ms(quantile(m.latencies, 0.95)), P99: ms(quantile(m.latencies, 0.99)),
		Max: ms(quantile(m.latencies, 1)), RSS: probe.Server.Mem().RSS, RoundTrips: -1,
		WALStart: lsn0, WALEnd: lsn1,
	}
	if m.requests > 0 {
		r.Success = float64(m.success) / float64(m.requests)
		r.Throughput = float64(m.success) / wall.Seconds()
		r.ServerCPU = ms(cpu) / float64(m.requests)
		r.DBCPU = ms(db) / float64(m.requests)
		if lsn0 != "" && lsn1 != "" {
			r.WALBytes = float64(wal1-wal0) / float64(m.requests)
		}
	}
	r.ServerCores = cpu.Seconds() / wall.Seconds()
	keys := make([]string, 0, len(m.errs))
	for k := range m.errs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m.errs[keys[i]] > m.errs[keys[j]] })
	for i, k := range keys {
		if i == 3 {
			break
		}
		r.Errors = append(r.Errors, fmt.Sprintf("%d× %s", m.errs[k], k))
	}
	return r
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// CountRoundTrips sends n requests of e one after another (after warm
// requests, which also prepare the server's statements) and returns the
// database round trips per request that proxy saw.
func CountRoundTrips(ctx context.Context, f *Fixture, e Endpoint, set Set, proxy *Proxy, warm, n int) (float64, int, error) {
	tr := f.Targeter(e, set, 99, warm+n)
	client := &http.Client{Timeout: 30 * time.Second}
	ok := 0
	var counted int64
	for i := range warm + n {
		var t vegeta.Target
		if err := tr(&t); err != nil {
			return 0, ok, nil // out of targets (check-in candidates)
		}
		req, err := t.Request()
		if err != nil {
			return 0, ok, err
		}
		// The identity's membership, as the server remembers it after the
		// first of its requests: a GET of the clinic's /me, not counted.
		if err := warmMembership(ctx, req); err != nil {
			return 0, ok, err
		}
		before := proxy.RoundTrips()
		resp, err := client.Do(req.WithContext(ctx))
		if err != nil {
			return 0, ok, err
		}
		_ = drain(resp)
		if i >= warm {
			counted += proxy.RoundTrips() - before
			if resp.StatusCode/100 == 2 {
				ok++
			}
		}
	}
	return float64(counted) / float64(n), ok, nil
}

// warmMembership sends GET /api/v1/clinics/{slug}/me with req's token.
func warmMembership(ctx context.Context, req *http.Request) error {
	const prefix = "/api/v1/clinics/"
	rest, found := strings.CutPrefix(req.URL.Path, prefix)
	slug, _, _ := strings.Cut(rest, "/")
	if !found || slug == "" {
		return fmt.Errorf("round trips: %s names no clinic", req.URL.Path)
	}
	u := *req.URL
	u.Path, u.RawQuery = prefix+slug+"/me", ""
	status, err := Get(ctx, u.String(), strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer "))
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("round trips: GET %s answered %d", u.Path, status)
	}
	return nil
}
