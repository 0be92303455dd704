package benchreport

import (
	"bytes"
	"strings"
	"testing"

	"github.com/santkrupa/santkrupa/internal/loadgen"
)

const goBenchOut = `goos: linux
BenchmarkIsolation/get-patient/rls-2         	    2784	    400000 ns/op
BenchmarkIsolation/get-patient/explicit-2    	    3120	    360000 ns/op
BenchmarkIsolation/get-patient/rls#01-2      	    1874	    500000 ns/op
BenchmarkIsolation/get-patient/explicit#01-2 	   10000	    250000 ns/op
BenchmarkIsolation/get-patient/rls#02-2      	    1874	    300000 ns/op
BenchmarkIsolation/get-patient/explicit#02-2 	   10000	    270000 ns/op
PASS
`

func TestRatios(t *testing.T) {
	t.Parallel()
	bs, err := ParseGoBench(strings.NewReader(goBenchOut))
	if err != nil || len(bs) != 6 {
		t.Fatalf("parsed %d lines, %v", len(bs), err)
	}
	rs := Ratios(bs, "BenchmarkIsolation", "rls", "explicit")
	if len(rs) != 1 || len(rs[0].Rounds) != 3 {
		t.Fatalf("ratios %+v", rs)
	}
	if rs[0].Median != 0.9 { // rounds 0.5, 0.9, 0.9
		t.Fatalf("median %v, want 0.9", rs[0].Median)
	}
}

// TestReport: the report states each target's verdict, a 404 is never
// counted as a measurement, and WAL not read is not shown as none.
func TestReport(t *testing.T) {
	t.Parallel()
	r := &Results{
		PeakRSS: 40 << 20,
		Phases: []loadgen.PhaseResult{
			{Name: "get-patient/wide", Endpoint: "get-patient", Set: "wide", Workers: 8, Throughput: 3000, Success: 1,
				P99: 5, RoundTrips: 2, StatusCodes: map[string]int{"200": 100}, WALStart: "0/100", WALEnd: "0/100"},
			{Name: "chart/small", Endpoint: "chart", Set: "small", Success: 1, P99: 4, RoundTrips: 3,
				WALBytes: 34179.4, WALStart: "0/100", WALEnd: "0/8000"},
			{Name: "chart/deep", Endpoint: "chart", Set: "deep", Success: 1, P99: 8, RoundTrips: 3},
			{Name: "queue/small", Endpoint: "queue", Set: "small", Success: 0, RoundTrips: -1,
				StatusCodes: map[string]int{"404": 10}},
			{Name: "queue/deep", Endpoint: "queue", Set: "deep", Success: 0, RoundTrips: -1},
		},
		Pgbench: []loadgen.PgbenchResult{{Name: "get-patient", Clients: 8, TPS: 5000}},
	}
	bs, _ := ParseGoBench(strings.NewReader(goBenchOut))
	r.GoBench = bs
	var out bytes.Buffer
	if err := Markdown(r, "x.png", &out); err != nil {
		t.Fatal(err)
	}
	md := out.String()
	for _, want := range []string{
		"| 1 | cost of isolation, get-patient: RLS ≥ 0.9× explicit filter | 0.90× | **met** |",
		"| 2 | ceiling, get-patient: API ≥ 0.5× pgbench | 3000 / 5000 = 0.60× | **met** |",
		"| 3 | flat with scale, chart: p99 deep ≤ 1.5× small | 8.00 / 4.00 ms = 2.00× | **missed** |",
		"| 3 | flat with scale, queue: p99 deep ≤ 1.5× small | API answered no 2xx | not measurable yet |",
		"| 4 | round trips, chart/small ≤ 2 | 3.00 | **missed** |",
		"| 5 | server peak RSS < 150 MiB | 40.0 MiB | **met** |",
		// WAL per request: none written is 0, a position not read is –.
		"| 2.00 | 0.000 | 0.000 | 0 | 200×100 |",
		"| 3.00 | 0.000 | 0.000 | 34179 |  |",
		"| – | 0.000 | 0.000 | – |  |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	var png bytes.Buffer
	if err := Chart(r, &png); err != nil || !bytes.HasPrefix(png.Bytes(), []byte("\x89PNG")) {
		t.Fatalf("chart: %v", err)
	}
}

// TestCeilingRounds: with alternating rounds, target 2 is the median of
// the rounds' ratios, and a round whose API failed counts as 0.
func TestCeilingRounds(t *testing.T) {
	r := &Results{
		Pgbench: []loadgen.PgbenchResult{{Name: "list-patients", Clients: 8, TPS: 4000}},
		Ceiling: []CeilingRound{
			{Endpoint: "list-patients", Round: 1, API: 1600, APISuccess: 1, Pgbench: 4000},
			{Endpoint: "get-patient", Round: 1, API: 3000, APISuccess: 1, Pgbench: 5000},
			{Endpoint: "list-patients", Round: 2, API: 2400, APISuccess: 1, Pgbench: 4000},
			{Endpoint: "get-patient", Round: 2, API: 3000, APISuccess: 0.5, Pgbench: 5000},
			{Endpoint: "list-patients", Round: 3, API: 1800, APISuccess: 1, Pgbench: 4000},
			{Endpoint: "get-patient", Round: 3, API: 2000, APISuccess: 1, Pgbench: 5000},
		},
	}
	var out bytes.Buffer
	if err := Markdown(r, "x.png", &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| 2 | ceiling, list-patients: API ≥ 0.5× pgbench | 0.45× (median of rounds 0.40, 0.45, 0.60) | **missed** |",
		"| 2 | ceiling, get-patient: API ≥ 0.5× pgbench | 0.40× (median of rounds 0.00, 0.40, 0.60) | **missed** |",
		"| list-patients | 2 | 2400 | 4000 | 0.60× |",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q", want)
		}
	}
}
