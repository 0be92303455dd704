// Package benchreport turns the harness's measurements into
// docs/benchmarks.md and its chart.
package benchreport

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/santkrupa/santkrupa/internal/loadgen"
)

// Results is everything one `make bench` measured.
type Results struct {
	Started    time.Time               `json:"started"`
	Machine    Machine                 `json:"machine"`
	Generation Generation              `json:"generation"`
	Phases     []loadgen.PhaseResult   `json:"phases"`
	Pgbench    []loadgen.PgbenchResult `json:"pgbench"`
	// Ceiling is the API beside pgbench on the same reads, in alternating
	// rounds (target 2).
	Ceiling  []CeilingRound `json:"ceiling,omitempty"`
	Explains []Explain      `json:"explains"`
	// PeakRSS is the server's VmHWM at the end of the load phases.
	PeakRSS int64     `json:"peak_rss_bytes"`
	Tables  []Table   `json:"tables"`
	Clinics Clinics   `json:"clinics"`
	Soak    *Soak     `json:"soak,omitempty"`
	Notes   []string  `json:"notes,omitempty"`
	GoBench []GoBench `json:"go_bench,omitempty"`
}

// CeilingRound is one round of the ceiling: an API load phase and, right
// after it, pgbench on the same SQL with the same client count.
type CeilingRound struct {
	Endpoint   string  `json:"endpoint"`
	Round      int     `json:"round"`
	API        float64 `json:"api"` // 2xx per second
	APISuccess float64 `json:"api_success"`
	Pgbench    float64 `json:"pgbench"` // transactions per second
}

// Ceilings groups the rounds per endpoint, in the order the endpoints
// first appear: each round's ratio API/pgbench, sorted, and their median.
// A round in which the API answered less than 99 % 2xx counts as 0.
func Ceilings(rounds []CeilingRound) []Ratio {
	var out []Ratio
	for _, c := range rounds {
		i := slices.IndexFunc(out, func(r Ratio) bool { return r.Name == c.Endpoint })
		if i < 0 {
			out = append(out, Ratio{Name: c.Endpoint})
			i = len(out) - 1
		}
		ratio := 0.0
		if c.APISuccess > 0.99 && c.Pgbench > 0 {
			ratio = c.API / c.Pgbench
		}
		out[i].Rounds = append(out[i].Rounds, ratio)
	}
	for i := range out {
		out[i].settle()
	}
	return out
}

// Machine describes where the numbers came from.
type Machine struct {
	CPUs       int     `json:"cpus"`
	Load1      float64 `json:"load1"` // load average at the start: others share the machine
	PostgreSQL string  `json:"postgresql"`
	SharedBuf  string  `json:"shared_buffers"`
}

// Generation is the data set and what making it cost.
type Generation struct {
	Tag        string  `json:"tag"`
	Clinics    int     `json:"clinics"`
	Rows       int64   `json:"rows"`
	LoadS      float64 `json:"load_s"`
	VerifyS    float64 `json:"verify_s"`
	VacuumS    float64 `json:"vacuum_s"`
	DBCPUS     float64 `json:"db_cpu_s"`
	HarnessCPU float64 `json:"harness_cpu_s"`
	DatabaseB  int64   `json:"database_bytes"`
}

// Explain is one EXPLAIN (ANALYZE, BUFFERS) as the application role.
type Explain struct {
	Name  string  `json:"name"`
	Set   string  `json:"set"`
	Query string  `json:"query"`
	Plan  string  `json:"plan"`
	ExecM float64 `json:"execution_ms"`
}

// Table is one table's size.
type Table struct {
	Name    string `json:"name"`
	Rows    int64  `json:"rows"`
	Heap    int64  `json:"heap_bytes"`
	Indexes int64  `json:"index_bytes"`
}

// Clinics sizes a clinic of each kind.
type Clinics struct {
	WideBytes  int64 `json:"wide_bytes_per_clinic"` // average, heap and indexes
	DeepBytes  int64 `json:"deep_bytes"`
	SmallBytes int64 `json:"small_bytes"`
}

// Soak is the soak run's outcome.
type Soak struct {
	Seconds       float64        `json:"seconds"`
	Clinics       int            `json:"clinics"`
	Requests      int            `json:"requests"`
	Rate          float64        `json:"rate"`
	StatusCodes   map[string]int `json:"status_codes"`
	Errors        int            `json:"errors"`
	WrongClinic   int            `json:"wrong_clinic"`
	Unchecked     int            `json:"unchecked"` // bodies without a clinic_id to check
	WritesAcked   int            `json:"writes_acked"`
	WritesFound   int            `json:"writes_found_once"`
	WritesMissing int            `json:"writes_missing"`
	WritesDup     int            `json:"writes_duplicated"`
	RSSStart      int64          `json:"rss_start"`
	RSSEnd        int64          `json:"rss_end"`
	RSSPeak       int64          `json:"rss_peak"`
	P99           float64        `json:"p99_ms"`
	Samples       []string       `json:"samples,omitempty"` // first problems
}

// GoBench is one line of `go test -bench` output.
type GoBench struct {
	Name    string  `json:"name"`
	NsPerOp float64 `json:"ns_per_op"`
}

// Save writes r as JSON.
func (r *Results) Save(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// Load reads results written by Save.
func Load(path string) (*Results, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Results
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}
