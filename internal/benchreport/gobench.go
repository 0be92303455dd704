package benchreport

import (
	"bufio"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([0-9.]+) ns/op`)

// ParseGoBench reads `go test -bench` output.
func ParseGoBench(r io.Reader) ([]GoBench, error) {
	var out []GoBench
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		ns, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			continue
		}
		out = append(out, GoBench{Name: m[1], NsPerOp: ns})
	}
	return out, sc.Err()
}

// Ratio is a throughput ratio measured in interleaved rounds.
type Ratio struct {
	Name   string
	Rounds []float64 // a/b per round
	Median float64
}

// settle sorts the rounds and takes their median (the upper one of an even
// count).
func (r *Ratio) settle() {
	slices.Sort(r.Rounds)
	r.Median = r.Rounds[len(r.Rounds)/2]
}

// Ratios pairs Go benchmarks "<prefix>/<case>/<a>[#nn]" with
// "<prefix>/<case>/<b>[#nn]" of the same round and returns, per case, the
// throughput of a relative to b (b's ns/op over a's).
func Ratios(benches []GoBench, prefix, a, b string) []Ratio {
	type key struct{ cas, round string }
	ns := map[key]map[string]float64{}
	var cases []string
	for _, g := range benches {
		rest, ok := strings.CutPrefix(g.Name, prefix+"/")
		if !ok {
			continue
		}
		round := ""
		if i := strings.LastIndex(rest, "#"); i >= 0 {
			rest, round = rest[:i], rest[i+1:]
		}
		i := strings.LastIndex(rest, "/")
		if i < 0 {
			continue
		}
		cas, variant := rest[:i], rest[i+1:]
		k := key{cas, round}
		if ns[k] == nil {
			ns[k] = map[string]float64{}
		}
		ns[k][variant] = g.NsPerOp
		if !slices.Contains(cases, cas) {
			cases = append(cases, cas)
		}
	}
	var out []Ratio
	for _, c := range cases {
		r := Ratio{Name: c}
		for k, v := range ns {
			if k.cas == c && v[a] > 0 && v[b] > 0 {
				r.Rounds = append(r.Rounds, v[b]/v[a])
			}
		}
		if len(r.Rounds) == 0 {
			continue
		}
		r.settle()
		out = append(out, r)
	}
	return out
}
