package api

import (
	"math"
	"math/rand/v2"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/clinic"
)

// fill sets every exported field of v, recursively, from r: pointers and
// slices are sometimes nil, slices sometimes empty, uuids sometimes zero,
// so that each of encoding/json's cases (null, [], omitzero, omitempty)
// comes up. A field added to a chart type gets values here without a
// change, and the comparison with encoding/json then finds it missing.
func fill(r *rand.Rand, v reflect.Value) {
	strs := []string{"", "Sunita Deshpande", "सुनीता", "a\x80b", "x\U0001F600y", "<script>&amp;", "\u2028", "\"\\\n\x1f"}
	floats := []float64{0, math.Copysign(0, -1), 36.6, 98.25, -3, 1e-7, 1e21, 123456789.125}
	switch v.Type() {
	case reflect.TypeFor[time.Time]():
		zone := []int{0, 19800, -12600}[r.IntN(3)]
		v.Set(reflect.ValueOf(time.Unix(1764237600+r.Int64N(1e8), r.Int64N(1e9)).In(time.FixedZone("z", zone))))
		return
	case reflect.TypeFor[uuid.UUID]():
		var u uuid.UUID
		if r.IntN(4) > 0 {
			u = uuid.New()
		}
		v.Set(reflect.ValueOf(u))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(r, v.Field(i))
			}
		}
	case reflect.Pointer:
		if r.IntN(3) == 0 {
			v.SetZero()
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(r, v.Elem())
	case reflect.Slice:
		switch n := r.IntN(5); n {
		case 0:
			v.SetZero()
		default:
			v.Set(reflect.MakeSlice(v.Type(), n-1, n-1))
			for i := range n - 1 {
				fill(r, v.Index(i))
			}
		}
	case reflect.String:
		v.SetString(strs[r.IntN(len(strs))])
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Int, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(r.Int64N(1<<15) - 1<<14)
	case reflect.Float64:
		v.SetFloat(floats[r.IntN(len(floats))])
	default:
		panic("fill: no case for " + v.Type().String())
	}
}

func TestChartJSONMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	for range 3000 {
		var c chartJSON
		fill(r, reflect.ValueOf(&c).Elem())
		checkSame(t, c, c)
	}
	// Values encoding/json refuses are refused too.
	var c chartJSON
	fill(r, reflect.ValueOf(&c).Elem())
	nan := math.NaN()
	c.Patient.WeightKg = &nan
	checkSame(t, c, c)
	c.Patient.WeightKg = nil
	c.Patient.CreatedAt = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	checkSame(t, c, c)
}

// BenchmarkChartJSON: writeJSON of a chart the size of the benchmark's
// (200 visits, 60 notes, 80 prescriptions of 3 lines, 60 tests with a
// report of 5 values, 10 documents), contents from fill.
func BenchmarkChartJSON(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 3))
	var c chartJSON
	fill(r, reflect.ValueOf(&c).Elem())
	grow := func(v any, n int, each func(i int)) {
		s := reflect.ValueOf(v).Elem()
		s.Set(reflect.MakeSlice(s.Type(), n, n))
		for i := range n {
			fill(r, s.Index(i))
			each(i)
		}
	}
	grow(&c.Visits, 200, func(int) {})
	grow(&c.Notes, 60, func(int) {})
	grow(&c.Prescriptions, 80, func(i int) { grow(&c.Prescriptions[i].Lines, 3, func(int) {}) })
	grow(&c.Tests, 60, func(i int) {
		c.Tests[i].Report = new(clinic.ChartTestReport)
		fill(r, reflect.ValueOf(c.Tests[i].Report).Elem())
		grow(&c.Tests[i].Report.Values, 5, func(int) {})
	})
	grow(&c.Reports, 10, func(int) {})
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		if err := writeJSON(w, 200, c); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(w.Body.Len()))
	}
}
