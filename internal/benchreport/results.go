// Package benchreport turns the harness's measurements into
// docs/benchmarks.md and its chart.
package benchreport

import (
	"encoding/json"
	"fmt"
	"os"
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
	Explains   []Explain               `json:"explains"`
	// PeakRSS is the server's VmHWM at the end of the load phases.
	PeakRSS int64     `json:"peak_rss_bytes"`
	Tables  []Table   `json:"tables"`
	Clinics Clinics   `json:"clinics"`
	Soak    *Soak     `json:"soak,omitempty"`
	Notes   []string  `json:"notes,omitempty"`
	GoBench []GoBench `json:"go_bench,omitempty"`
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
