package benchreport

import (
	"fmt"
	"io"
	"strings"

	"github.com/santkrupa/santkrupa/internal/loadgen"
)

// Targets of issue 7, checked by the report.
const (
	targetIsolation = 0.9 // RLS throughput ≥ 0.9 × explicit filter
	targetCeiling   = 0.5 // API ≥ 0.5 × pgbench
	targetScale     = 1.5 // p99 deep ≤ 1.5 × p99 small
	targetReadRT    = 2.0
	targetWriteRT   = 3.0
	targetRSS       = 150 << 20
)

// Markdown writes docs/benchmarks.md from r; chart is the PNG's file name
// beside it.
func Markdown(r *Results, chart string, w io.Writer) error {
	b := &strings.Builder{}
	p := func(format string, args ...any) { fmt.Fprintf(b, format+"\n", args...) }
	p("# Benchmarks")
	p("")
	p("_Written by `make bench` (cmd/santkrupa-bench) on %s; do not edit by hand._", r.Started.UTC().Format("2006-01-02 15:04 MST"))
	p("")
	p("Machine: %d CPUs, load average %.1f when the run started (the machine is shared: read ratios measured "+
		"side by side, not absolute numbers); %s, shared_buffers %s.", r.Machine.CPUs, r.Machine.Load1,
		r.Machine.PostgreSQL, r.Machine.SharedBuf)
	p("")
	p("![throughput and latency per phase](%s)", chart)
	p("")

	p("## Targets")
	p("")
	p("| # | target | measured | verdict |")
	p("|---|---|---|---|")
	for _, t := range targets(r) {
		p("| %s | %s | %s | %s |", t.n, t.what, t.got, t.verdict)
	}
	p("")

	p("## Load run")
	p("")
	p("Each phase drives one endpoint closed-loop with %d concurrent clients (fasthttp) over loopback, with real "+
		"bearer tokens from the development identity provider, against `santkrupa serve` on the benchmark "+
		"database. *wide*: a random clinic of the wide set per request; *deep* / *small*: the 100,000-patient "+
		"and the 1,000-patient clinic. Round trips: the same requests one at a time through a proxy that "+
		"counts the database's ReadyForQuery messages (–: not counted, the endpoint did not answer 2xx), each "+
		"after an uncounted `GET …/me` by the same identity, so that the server remembers the membership as "+
		"it does for every request but an identity's first in a minute (that one adds the lookup's round trip; "+
		"so does a clinic's first default queue in a minute, for its date: docs/scaling.md, item 9). "+
		"CPU: the server process and its database backends, from /proc, per request. WAL: the bytes of "+
		"write-ahead log the database wrote during the phase (pg_current_wal_insert_lsn before and after), per "+
		"request (–: not read); full-page images included (docs/scaling.md, One node).", workers(r))
	p("")
	p("| phase | request | req/s (2xx) | 2xx | p50 ms | p95 ms | p99 ms | round trips | server CPU ms | db CPU ms | WAL bytes | statuses |")
	p("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|")
	for _, ph := range r.Phases {
		wal := "–" // the position could not be read
		if ph.WALStart != "" && ph.WALEnd != "" {
			wal = fmt.Sprintf("%.0f", ph.WALBytes)
		}
		p("| %s | `%s` | %.0f | %.0f%% | %.2f | %.2f | %.2f | %s | %.3f | %.3f | %s | %s |", ph.Name, ph.Request,
			ph.Throughput, 100*ph.Success, ph.P50, ph.P95, ph.P99, rt(ph.RoundTrips), ph.ServerCPU, ph.DBCPU,
			wal, statuses(ph.StatusCodes))
	}
	p("")
	p("Server peak resident memory (VmHWM) over the run: **%.1f MiB**.", mib(r.PeakRSS))
	p("")
	if errs := phaseErrors(r.Phases); errs != "" {
		p("<details><summary>Error responses (first of each kind)</summary>")
		p("")
		p("```")
		p("%s", errs)
		p("```")
		p("</details>")
		p("")
	}

	p("## pgbench beside the API")
	p("")
	p("The same SQL as get-patient and list-patients (`queries/patients.sql`), with the same client count, the " +
		"signed context and the confirmation of the receptionist's membership pipelined in front of each " +
		"statement exactly as `store.Read` does for a remembered membership (one round trip, one implicit " +
		"read-only transaction). The scripts sign the context in SQL with a benchmark-only key: one " +
		"HMAC per transaction that the server computes in Go instead.")
	p("")
	p("| script | clients | tps | p50 ms | p95 ms | p99 ms |")
	p("|---|--:|--:|--:|--:|--:|")
	for _, pg := range r.Pgbench {
		p("| %s | %d | %.0f | %.2f | %.2f | %.2f |", pg.Name, pg.Clients, pg.TPS, pg.P50, pg.P95, pg.P99)
	}
	p("")
	if len(r.Ceiling) > 0 {
		p("The ceiling (target 2) is measured in alternating rounds, after the read phases and before the " +
			"writes (whose background work would weigh on them): an API load phase, then pgbench on the same " +
			"SQL, for each read, round after round; the target compares the median of the rounds' ratios. The " +
			"machine's speed drifts within a run (it is shared), and neighbours in time are compared more " +
			"fairly than measurements minutes apart. The table above is the first round's pgbench.")
		p("")
		p("| read | round | API req/s | pgbench tps | ratio |")
		p("|---|--:|--:|--:|--:|")
		for _, c := range r.Ceiling {
			ratio := 0.0
			if c.Pgbench > 0 {
				ratio = c.API / c.Pgbench
			}
			p("| %s | %d | %.0f | %.0f | %.2f× |", c.Endpoint, c.Round, c.API, c.Pgbench, ratio)
		}
		p("")
	}

	if iso := Ratios(r.GoBench, "BenchmarkIsolation", "rls", "explicit"); len(iso) > 0 {
		p("## The cost of isolation (Go benchmark)")
		p("")
		p("`BenchmarkIsolation` (internal/benchdata), 8 clients: `store.Read` as the application role under " +
			"row-level security, versus the same statement with an explicit `clinic_id` filter as " +
			"`santkrupa_bench_norls` (BYPASSRLS, SELECT only, benchmark database only), decoded by the same " +
			"sqlc code. Throughput of RLS relative to the explicit filter, per interleaved round:")
		p("")
		p("| read | rounds | median |")
		p("|---|---|--:|")
		for _, x := range iso {
			p("| %s | %s | **%.2f×** |", x.Name, floats(x.Rounds), x.Median)
		}
		p("")
		// The split: the explicit statement with the store's context
		// statement pipelined in front (role without policies), against the
		// bare statement and against RLS.
		ctxOnly := Ratios(r.GoBench, "BenchmarkIsolation", "context", "explicit")
		policies := Ratios(r.GoBench, "BenchmarkIsolation", "rls", "context")
		if len(ctxOnly) > 0 && len(ctxOnly) == len(policies) {
			p("Where the cost lies: the same explicit statement with the store's context statement pipelined in " +
				"front (one round trip, as `store.Read` sends it; the role has no policies, so nothing verifies it), " +
				"against the bare statement — the price of a second statement in the round trip — and RLS against " +
				"that — the price of the policies and the context's verification:")
			p("")
			p("| read | context statement alone: median | policies and verification: median |")
			p("|---|--:|--:|")
			for i, x := range ctxOnly {
				p("| %s | %.2f× | %.2f× |", x.Name, x.Median, policies[i].Median)
			}
			p("")
		}
	}

	p("## Flat with scale: EXPLAIN (ANALYZE, BUFFERS) as the application role")
	p("")
	p("The product's own statements (read from `queries/`), run through `store.Read` under row-level "+
		"security in the small and the deep clinic; the second of two runs (warm). Today's queue holds %d "+
		"visits in both clinics.", 40)
	p("")
	p("| statement | small ms | deep ms |")
	p("|---|--:|--:|")
	for _, pair := range explainPairs(r.Explains) {
		p("| %s (`%s`) | %.3f | %.3f |", pair[0].Name, pair[0].Query, pair[0].ExecM, pair[1].ExecM)
	}
	p("")
	for _, e := range r.Explains {
		p("<details><summary>%s, %s clinic</summary>", e.Name, e.Set)
		p("")
		p("```")
		p("%s", e.Plan)
		p("```")
		p("</details>")
		p("")
	}

	if s := r.Soak; s != nil {
		p("## Soak")
		p("")
		p("%.0f s of mixed reads and writes at %.0f requests/s from %d clinics (`santkrupa-bench soak`). Every "+
			"response's `clinic_id` is checked against the clinic of the token; every acknowledged write is "+
			"looked up in the database at the end.", s.Seconds, s.Rate, s.Clinics)
		p("")
		p("| requests | statuses | errors | wrong clinic | writes acked | found once | missing | duplicated | RSS start → end (peak) | p99 ms |")
		p("|--:|---|--:|--:|--:|--:|--:|--:|---|--:|")
		p("| %d | %s | %d | %d | %d | %d | %d | %d | %.1f → %.1f (%.1f) MiB | %.2f |", s.Requests,
			statuses(s.StatusCodes), s.Errors, s.WrongClinic, s.WritesAcked, s.WritesFound, s.WritesMissing,
			s.WritesDup, mib(s.RSSStart), mib(s.RSSEnd), mib(s.RSSPeak), s.P99)
		if len(s.Samples) > 0 {
			p("")
			p("```")
			for _, x := range s.Samples {
				p("%s", x)
			}
			p("```")
		}
		p("")
	}

	g := r.Generation
	p("## The data set")
	p("")
	p("Seeded and reproducible (tag `%s`): a wide set of 1,000 clinics × 1,000 patients, a deep clinic of "+
		"100,000 patients and 1,000,000 visits, a small clinic of 1,000 patients; each clinic's history is "+
		"three years of visits (8%% cancelled), prescriptions for 70%% of completed visits (1–5 lines), "+
		"tests for 20%% (reports for 90%% of them) and notes for 45%%. The deep and the small clinic each "+
		"have a patient with 200 visits (the chart). See internal/benchdata.", g.Tag)
	p("")
	if g.Rows > 0 {
		cpu := ""
		if g.DBCPUS > 0 {
			cpu = fmt.Sprintf("; CPU: database %.0f s, generator %.0f s, i.e. %.1f µs of CPU a row", g.DBCPUS,
				g.HarnessCPU, 1e6*(g.DBCPUS+g.HarnessCPU)/float64(g.Rows))
		}
		p("Last generation: %d clinics, **%d rows in %.0f s = %.0f rows/s** (COPY, two connections%s); foreign "+
			"keys verified in bulk in %.0f s; VACUUM ANALYZE %.0f s. It is reused by later runs.", g.Clinics, g.Rows,
			g.LoadS, float64(g.Rows)/g.LoadS, cpu, g.VerifyS, g.VacuumS)
		p("")
	}
	p("Database size %.2f GiB. Size per clinic (heap and indexes of the clinic tables, apportioned by rows): "+
		"wide %.2f MiB, small %.2f MiB, deep %.0f MiB.", float64(g.DatabaseB)/(1<<30), mib(r.Clinics.WideBytes),
		mib(r.Clinics.SmallBytes), mib(r.Clinics.DeepBytes))
	p("")
	p("| table | rows | heap MiB | indexes MiB |")
	p("|---|--:|--:|--:|")
	for _, t := range r.Tables {
		if t.Rows <= 0 && t.Heap < 1<<20 {
			continue
		}
		p("| %s | %d | %.1f | %.1f |", t.Name, t.Rows, mib(t.Heap), mib(t.Indexes))
	}
	p("")
	for _, n := range r.Notes {
		p("%s", n)
		p("")
	}
	p("How it is measured, and why so: see [scaling.md](scaling.md) and the package docs of " +
		"internal/benchdata and internal/loadgen. Run it: `make bench` (the data set is generated on the " +
		"first run, about 19 million rows, and reused).")
	_, err := io.WriteString(w, b.String())
	return err
}

type target struct{ n, what, got, verdict string }

func targets(r *Results) []target {
	var out []target
	// 1. isolation
	iso := Ratios(r.GoBench, "BenchmarkIsolation", "rls", "explicit")
	if len(iso) == 0 {
		out = append(out, target{"1", "cost of isolation ≥ 0.9×", "not run", "–"})
	}
	for _, x := range iso {
		out = append(out, target{"1", "cost of isolation, " + x.Name + ": RLS ≥ 0.9× explicit filter",
			fmt.Sprintf("%.2f×", x.Median), verdict(x.Median >= targetIsolation)})
	}
	// 2. ceiling: the median of the alternating rounds; results of a run
	// before the rounds existed compare the load phase with pgbench.
	if cs := Ceilings(r.Ceiling); len(cs) > 0 {
		for _, c := range cs {
			out = append(out, target{"2", "ceiling, " + c.Name + ": API ≥ 0.5× pgbench",
				fmt.Sprintf("%.2f× (median of rounds %s)", c.Median, floats(c.Rounds)), verdict(c.Median >= targetCeiling)})
		}
	} else {
		for _, pg := range r.Pgbench {
			ph, ok := phase(r, pg.Name, "wide")
			if !ok {
				continue
			}
			got, v := "API answered no 2xx", "not measurable yet"
			if ph.Success > 0.99 && pg.TPS > 0 {
				ratio := ph.Throughput / pg.TPS
				got, v = fmt.Sprintf("%.0f / %.0f = %.2f×", ph.Throughput, pg.TPS, ratio), verdict(ratio >= targetCeiling)
			}
			out = append(out, target{"2", "ceiling, " + pg.Name + ": API ≥ 0.5× pgbench", got, v})
		}
	}
	// 3. scale
	for _, ep := range []string{"search-name", "chart", "queue"} {
		deep, ok1 := phase(r, ep, "deep")
		small, ok2 := phase(r, ep, "small")
		if !ok1 || !ok2 {
			continue
		}
		got, v := "API answered no 2xx", "not measurable yet"
		if deep.Success > 0.99 && small.Success > 0.99 && small.P99 > 0 {
			ratio := deep.P99 / small.P99
			got, v = fmt.Sprintf("%.2f / %.2f ms = %.2f×", deep.P99, small.P99, ratio), verdict(ratio <= targetScale)
		}
		out = append(out, target{"3", "flat with scale, " + ep + ": p99 deep ≤ 1.5× small", got, v})
	}
	// 4. round trips
	for _, ph := range r.Phases {
		if ph.Set == "deep" || (ph.Set == "small" && ph.Endpoint != "chart") {
			continue
		}
		ep, _ := loadgen.EndpointByName(ph.Endpoint)
		limit := targetReadRT
		if ep.Write() {
			limit = targetWriteRT
		}
		got, v := "–", "not measurable yet"
		if ph.RoundTrips >= 0 {
			got, v = fmt.Sprintf("%.2f", ph.RoundTrips), verdict(ph.RoundTrips <= limit)
		}
		out = append(out, target{"4", fmt.Sprintf("round trips, %s ≤ %.0f", ph.Name, limit), got, v})
	}
	// 5. memory
	out = append(out, target{"5", "server peak RSS < 150 MiB", fmt.Sprintf("%.1f MiB", mib(r.PeakRSS)),
		verdict(r.PeakRSS > 0 && r.PeakRSS < targetRSS)})
	return out
}

func phase(r *Results, endpoint, set string) (loadgen.PhaseResult, bool) {
	for _, p := range r.Phases {
		if p.Endpoint == endpoint && p.Set == set {
			return p, true
		}
	}
	return loadgen.PhaseResult{}, false
}

func verdict(ok bool) string {
	if ok {
		return "**met**"
	}
	return "**missed**"
}

func workers(r *Results) int {
	if len(r.Phases) > 0 {
		return r.Phases[0].Workers
	}
	return 0
}

func rt(v float64) string {
	if v < 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", v)
}

func statuses(m map[string]int) string {
	var parts []string
	for _, code := range []string{"200", "201", "204", "400", "401", "403", "404", "409", "422", "429", "500", "503", "0"} {
		if n := m[code]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s×%d", code, n))
		}
	}
	for code, n := range m {
		if !strings.Contains(" 200 201 204 400 401 403 404 409 422 429 500 503 0 ", " "+code+" ") {
			parts = append(parts, fmt.Sprintf("%s×%d", code, n))
		}
	}
	return strings.Join(parts, " ")
}

func phaseErrors(ps []loadgen.PhaseResult) string {
	var b strings.Builder
	for _, p := range ps {
		for _, e := range p.Errors {
			fmt.Fprintf(&b, "%s: %s\n", p.Name, e)
		}
	}
	return strings.TrimSpace(b.String())
}

func explainPairs(es []Explain) [][2]Explain {
	var out [][2]Explain
	for _, s := range es {
		if s.Set != "small" {
			continue
		}
		for _, d := range es {
			if d.Set == "deep" && d.Name == s.Name {
				out = append(out, [2]Explain{s, d})
			}
		}
	}
	return out
}

func floats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprintf("%.2f", x)
	}
	return strings.Join(s, ", ")
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }
