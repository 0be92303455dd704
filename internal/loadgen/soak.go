package loadgen

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/santkrupa/santkrupa/internal/benchdata"
)

// Soak is the bookkeeping of a soak run: a mixed targeter over many
// clinics whose writes carry a unique marker (a check-in's purpose, a
// prescription's diagnosis), and the checks of every response.
type Soak struct {
	f      *Fixture
	run    string // marker prefix, unique per run
	mu     sync.Mutex
	r      *rand.Rand
	n      int
	Sent   map[string]string // marker → clinic slug
	Acked  map[string]string // marker → id the server returned
	AckedN int               // 2xx writes, whether or not the body echoed the marker
	Checks ResponseChecks
}

// ResponseChecks count what the responses showed.
type ResponseChecks struct {
	Requests    int
	Codes       map[string]int
	Errors      int // not 2xx
	WrongClinic int // a clinic_id other than the token's
	Unchecked   int // 2xx without any clinic_id to check
	Samples     []string
}

// soakMix is the share of each endpoint in the soak.
var soakMix = []struct {
	endpoint string
	weight   int
}{
	{"get-patient", 30}, {"list-patients", 15}, {"search-name", 15}, {"search-phone", 5}, {"queue", 10},
	{"check-in", 10}, {"prescribe", 15},
}

// NewSoak prepares a soak over clinics; run makes the markers unique.
func NewSoak(f *Fixture, run string, seed uint64) *Soak {
	return &Soak{f: f, run: run, r: rand.New(rand.NewPCG(seed, 11)), Sent: map[string]string{},
		Acked: map[string]string{}, Checks: ResponseChecks{Codes: map[string]int{}}}
}

// MarkerPrefix is what every write of this run carries.
func (s *Soak) MarkerPrefix() string { return "soak-" + s.run + "-" }

// Targeter draws the mixed requests (thread-safe).
func (s *Soak) Targeter() vegeta.Targeter {
	total := 0
	for _, m := range soakMix {
		total += m.weight
	}
	return func(t *vegeta.Target) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		c := s.f.Wide[s.r.IntN(len(s.f.Wide))]
		x := s.r.IntN(total)
		var e Endpoint
		for _, m := range soakMix {
			if x < m.weight {
				e, _ = EndpointByName(m.endpoint)
				break
			}
			x -= m.weight
		}
		var body []byte
		if e.Write() {
			s.n++
			marker := fmt.Sprintf("%s%d", s.MarkerPrefix(), s.n)
			var ok bool
			if body, ok = s.writeBody(e, c, marker); !ok {
				// No patient left to check in here: read instead.
				e, _ = EndpointByName("get-patient")
			} else {
				s.Sent[marker] = c.Slug
			}
		}
		t.Method = e.Method
		t.URL = s.f.BaseURL + e.path(s.f, s.r, c)
		t.Body = body
		t.Header = http.Header{"Authorization": {"Bearer " + s.f.Token(c, e.Login)}}
		if body != nil {
			t.Header.Set("Content-Type", "application/json")
		}
		return nil
	}
}

func (s *Soak) writeBody(e Endpoint, c benchdata.Clinic, marker string) ([]byte, bool) {
	if e.Name == "prescribe" {
		return PrescriptionJSON(s.f.Spec, c, s.r.IntN(c.Patients), s.r, marker), true
	}
	pid, ok := s.f.takeCandidate(c.Slug)
	if !ok {
		return nil, false
	}
	b, _ := json.Marshal(map[string]any{"patient_id": pid.String(), "doctor_id": nil, "purpose": marker,
		"priority": "normal"})
	return b, true
}

// Check inspects one response: its status, every clinic_id in its body
// against the clinic of the URL (the token's clinic), and for a write the
// marker and id it acknowledged.
func (s *Soak) Check(res *vegeta.Result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Checks.Requests++
	s.Checks.Codes[fmt.Sprint(res.Code)]++
	sample := func(format string, args ...any) {
		if len(s.Checks.Samples) < 10 {
			s.Checks.Samples = append(s.Checks.Samples, fmt.Sprintf(format, args...))
		}
	}
	if res.Code < 200 || res.Code > 299 {
		s.Checks.Errors++
		sample("%s %s: %d %s %.200s", res.Method, res.URL, res.Code, res.Error, res.Body)
		return
	}
	slug := slugOf(res.URL)
	want := s.f.Spec.ClinicID(slug).String()
	var doc any
	if err := json.Unmarshal(res.Body, &doc); err != nil {
		s.Checks.Errors++
		sample("%s %s: body is not JSON: %v", res.Method, res.URL, err)
		return
	}
	ids := clinicIDs(doc, nil)
	if len(ids) == 0 {
		s.Checks.Unchecked++
	}
	for _, id := range ids {
		if id != want {
			s.Checks.WrongClinic++
			sample("%s %s: clinic_id %s in a response for %s (%s)", res.Method, res.URL, id, slug, want)
			break
		}
	}
	if res.Method == http.MethodPost {
		s.AckedN++
		if m, ok := doc.(map[string]any); ok {
			marker, _ := m["diagnosis"].(string)
			if p, ok := m["purpose"].(string); ok && marker == "" {
				marker = p
			}
			id, _ := m["id"].(string)
			if strings.HasPrefix(marker, s.MarkerPrefix()) {
				s.Acked[marker] = id
			}
		}
	}
}

// clinicIDs collects every "clinic_id" string in a JSON document.
func clinicIDs(v any, out []string) []string {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if s, ok := val.(string); ok && k == "clinic_id" {
				out = append(out, s)
				continue
			}
			out = clinicIDs(val, out)
		}
	case []any:
		for _, val := range x {
			out = clinicIDs(val, out)
		}
	}
	return out
}

// slugOf is the {slug} of an /api/v1/clinics/{slug}/… URL.
func slugOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	rest, ok := strings.CutPrefix(u.Path, "/api/v1/clinics/")
	if !ok {
		return ""
	}
	slug, _, _ := strings.Cut(rest, "/")
	return slug
}
