package benchdata

import (
	"strings"
	"testing"
)

func smallSpec() Spec {
	s := DefaultSpec()
	s.WideClinics, s.WidePatients = 3, 50
	s.DeepPatients, s.DeepVisits = 400, 4000
	s.SmallPatients, s.ChartVisits = 60, 20
	return s
}

func TestPlanShape(t *testing.T) {
	t.Parallel()
	s := smallSpec()
	for _, c := range s.Clinics() {
		p := newPlan(s, c)
		if len(p.visits) != c.Visits {
			t.Errorf("%s: %d visits, want %d", c.Slug, len(p.visits), c.Visits)
		}
		perPatient := make([]int, c.Patients)
		tokens := map[[2]int32]bool{}
		for i, v := range p.visits {
			perPatient[v.patient]++
			key := [2]int32{v.day, int32(v.token)}
			if tokens[key] {
				t.Fatalf("%s: token %d twice on day %d", c.Slug, v.token, v.day)
			}
			tokens[key] = true
			if i > 0 && p.visits[i-1].day > v.day {
				t.Fatalf("%s: visits out of order", c.Slug)
			}
			if v.day < p.patients[v.patient].day {
				t.Fatalf("%s: visit before registration", c.Slug)
			}
		}
		for i, n := range perPatient {
			if n == 0 {
				t.Fatalf("%s: patient %d never visited", c.Slug, i)
			}
		}
		if c.ChartPatient && perPatient[0] != s.ChartVisits {
			t.Errorf("%s: chart patient has %d visits, want %d", c.Slug, perPatient[0], s.ChartVisits)
		}
	}
}

// TestDeterministic: the same seed gives the same rows, another seed others.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	s := smallSpec()
	c := WideClinic(s, 1)
	first := rowsOf(newPlan(s, c))
	again := rowsOf(newPlan(s, c))
	if len(first) != len(again) {
		t.Fatalf("%d rows, then %d", len(first), len(again))
	}
	for i := range first {
		if first[i] != again[i] {
			t.Fatalf("row %d differs: %s / %s", i, first[i], again[i])
		}
	}
	s.Seed++
	other := rowsOf(newPlan(s, c))
	if len(other) > 0 && other[len(other)/2] == first[len(first)/2] {
		t.Fatal("another seed made the same rows")
	}
}

func rowsOf(p *plan) []string {
	var out []string
	for _, tb := range tables {
		for row := range tb.rows(p) {
			out = append(out, tb.name+fmtRow(row))
		}
	}
	return out
}

func fmtRow(row []any) string {
	b := []byte{}
	for _, v := range row {
		b = append(b, '|')
		b = append(b, []byte(stringOf(v))...)
	}
	return string(b)
}

func BenchmarkRows(b *testing.B) {
	s := DefaultSpec()
	for b.Loop() {
		p := newPlan(s, WideClinic(s, 1))
		n := 0
		for _, tb := range tables {
			src := newSource([]*plan{p}, tb)
			for src.Next() {
				n++
			}
			src.stop()
		}
		b.ReportMetric(float64(n), "rows/op")
	}
}

func stringOf(v any) string { return fmtAny(v) }

func TestProductQuery(t *testing.T) {
	t.Parallel()
	sql, params, err := ProductQuery("../../queries", "ListPatients")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"after_created_at", "after_id", "max_rows"}; strings.Join(params, ",") != strings.Join(want, ",") {
		t.Fatalf("params %v, want %v", params, want)
	}
	if strings.Contains(sql, "sqlc.") || strings.Contains(sql, "@") || !strings.Contains(sql, "LIMIT $3") {
		t.Fatalf("not rewritten:\n%s", sql)
	}
	if _, _, err := ProductQuery("../../queries", "NoSuchQuery"); err == nil {
		t.Fatal("unknown query found")
	}
}

// TestPatientPhone: the replay gives the phone the patients table got.
func TestPatientPhone(t *testing.T) {
	t.Parallel()
	s := smallSpec()
	c := WideClinic(s, 2)
	i := 0
	for row := range patientRows(newPlan(s, c)) {
		if got, want := PatientPhone(s, c, i), row[7].(string); got != want {
			t.Fatalf("patient %d: phone %q, generated %q", i, got, want)
		}
		i++
	}
}
