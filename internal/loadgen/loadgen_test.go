package loadgen

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/santkrupa/santkrupa/internal/benchdata"
)

func msg(typ byte, body string) []byte {
	b := []byte{typ, 0, 0, 0, 0}
	binary.BigEndian.PutUint32(b[1:], uint32(4+len(body)))
	return append(b, body...)
}

// TestScanMessages: the proxy passes the stream through unchanged and
// sees each message's type, however the stream is cut.
func TestScanMessages(t *testing.T) {
	t.Parallel()
	var in []byte
	for _, m := range [][]byte{msg('R', "\x00\x00\x00\x00"), msg('Z', "I"), msg('1', ""), msg('2', ""),
		msg('D', strings.Repeat("x", 70000)), msg('C', "SELECT 1\x00"), msg('Z', "I")} {
		in = append(in, m...)
	}
	var out bytes.Buffer
	var types []byte
	if err := ScanMessages(bytes.NewReader(in), &out, func(typ byte) { types = append(types, typ) }); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), in) {
		t.Fatal("stream changed in transit")
	}
	if got, want := string(types), "RZ12DCZ"; got != want {
		t.Fatalf("types %q, want %q", got, want)
	}
	if err := ScanMessages(bytes.NewReader([]byte{'Z', 0, 0, 0, 1}), &out, func(byte) {}); err == nil {
		t.Fatal("a length below 4 was accepted")
	}
}

func TestEndpointPaths(t *testing.T) {
	t.Parallel()
	s := benchdata.DefaultSpec()
	f := &Fixture{Spec: s, namePrefixes: benchdata.NamePrefixes(), phonePrefixes: benchdata.PhonePrefixes()}
	c := benchdata.WideClinic(s, 7)
	r := rand.New(rand.NewPCG(1, 2))
	for _, e := range Endpoints {
		p := e.path(f, r, c)
		if strings.Contains(p, "{") || !strings.HasPrefix(p, "/api/v1/clinics/bench-w0007/") && p != "/api/v1/clinics/bench-w0007" {
			t.Errorf("%s: path %q", e.Name, p)
		}
	}
	chart, _ := EndpointByName("chart")
	if p := chart.path(f, r, c); !strings.Contains(p, s.PatientID(c.Slug, 0).String()) {
		t.Errorf("chart path %q does not name the chart patient", p)
	}
}

func TestClinicIDs(t *testing.T) {
	t.Parallel()
	doc := map[string]any{"items": []any{
		map[string]any{"clinic_id": "a", "patient": map[string]any{"clinic_id": "b"}},
		map[string]any{"clinic_id": "a"},
	}, "next": nil}
	got := clinicIDs(doc, nil)
	if strings.Join(sorted(got), ",") != "a,a,b" {
		t.Fatalf("clinic ids %v", got)
	}
	if slugOf("http://127.0.0.1:1/api/v1/clinics/bench-w0001/patients?limit=5") != "bench-w0001" {
		t.Fatal("slug not found")
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}
