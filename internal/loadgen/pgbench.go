package loadgen

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/santkrupa/santkrupa/internal/benchdata"
)

// PgbenchConfig runs one pgbench script.
type PgbenchConfig struct {
	Name     string // e.g. get-patient
	Script   string // file name under benchdata's sql/
	URL      string // the pgbench role on the benchmark database
	Clients  int
	Threads  int
	Duration time.Duration
	Vars     map[string]string
}

// PgbenchResult is what pgbench measured.
type PgbenchResult struct {
	Name         string  `json:"name"`
	Clients      int     `json:"clients"`
	TPS          float64 `json:"tps"`
	Transactions int     `json:"transactions"`
	Failed       int     `json:"failed"`
	P50          float64 `json:"p50_ms"`
	P95          float64 `json:"p95_ms"`
	P99          float64 `json:"p99_ms"`
	Mean         float64 `json:"mean_ms"`
}

var tpsRe = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)
var failedRe = regexp.MustCompile(`number of failed transactions: ([0-9]+)`)

// RunPgbench runs pgbench with per-transaction logging in a scratch
// directory and reads its latencies.
func RunPgbench(ctx context.Context, c PgbenchConfig) (PgbenchResult, error) {
	dir, err := os.MkdirTemp("", "santkrupa-pgbench-")
	if err != nil {
		return PgbenchResult{}, err
	}
	defer os.RemoveAll(dir)
	script := filepath.Join(dir, "script.sql")
	if err := os.WriteFile(script, []byte(benchdata.SQL(c.Script)), 0o600); err != nil {
		return PgbenchResult{}, err
	}
	args := []string{"-n", "-M", "prepared", "-c", strconv.Itoa(c.Clients), "-j", strconv.Itoa(c.Threads),
		"-T", strconv.Itoa(int(c.Duration.Seconds())), "-l", "-f", script}
	keys := make([]string, 0, len(c.Vars))
	for k := range c.Vars {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		args = append(args, "-D", k+"="+c.Vars[k])
	}
	args = append(args, c.URL)
	cmd := exec.CommandContext(ctx, "pgbench", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return PgbenchResult{}, fmt.Errorf("pgbench %s: %w\n%s", c.Name, err, redactSecret(string(out), c.Vars["secret"]))
	}
	r := PgbenchResult{Name: c.Name, Clients: c.Clients}
	m := tpsRe.FindStringSubmatch(string(out))
	if m == nil {
		return r, fmt.Errorf("pgbench %s: no tps in output:\n%s", c.Name, out)
	}
	r.TPS, _ = strconv.ParseFloat(m[1], 64)
	if m := failedRe.FindStringSubmatch(string(out)); m != nil {
		r.Failed, _ = strconv.Atoi(m[1])
	}
	lat, err := readPgbenchLogs(dir)
	if err != nil {
		return r, err
	}
	r.Transactions = len(lat)
	if len(lat) > 0 {
		slices.Sort(lat)
		q := func(p float64) float64 { return lat[int(p*float64(len(lat)-1))] / 1000 }
		r.P50, r.P95, r.P99 = q(0.50), q(0.95), q(0.99)
		sum := 0.0
		for _, l := range lat {
			sum += l
		}
		r.Mean = sum / float64(len(lat)) / 1000
	}
	return r, nil
}

// readPgbenchLogs reads the latency (µs, third field) of every transaction
// in the pgbench_log.* files of dir.
func readPgbenchLogs(dir string) ([]float64, error) {
	files, err := filepath.Glob(filepath.Join(dir, "pgbench_log.*"))
	if err != nil {
		return nil, err
	}
	var lat []float64
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fs := strings.Fields(sc.Text())
			if len(fs) < 3 {
				continue
			}
			if v, err := strconv.ParseFloat(fs[2], 64); err == nil {
				lat = append(lat, v)
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return lat, nil
}

func redactSecret(s, secret string) string {
	if secret == "" {
		return s
	}
	return strings.ReplaceAll(s, secret, "…")
}
