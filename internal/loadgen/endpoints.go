package loadgen

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/benchdata"
)

// Endpoint is one API request shape the benchmark drives. Every endpoint
// is in Endpoints, so a change of the API is one edit here.
type Endpoint struct {
	Name   string
	Method string
	// Path has {slug}, {patient} (a random patient), {chart} (the patient
	// with ChartVisits visits), {prefix} (a common name prefix) and
	// {phone} (a random patient's whole number: the API matches the last
	// ten digits exactly, not a prefix).
	Path string
	// Login is the staff member whose bearer token is sent.
	Login string
	// Body makes a write's JSON body; nil for reads. ok false means the
	// fixture has run out of suitable rows (the phase ends).
	Body func(f *Fixture, r *rand.Rand, c benchdata.Clinic) (body []byte, ok bool)
}

// Write reports whether the endpoint changes data.
func (e Endpoint) Write() bool { return e.Body != nil }

// Endpoints are the API shapes of docs/benchmarks.md.
var Endpoints = []Endpoint{
	{Name: "get-patient", Method: http.MethodGet, Path: "/api/v1/clinics/{slug}/patients/{patient}", Login: "reception"},
	{Name: "list-patients", Method: http.MethodGet, Path: "/api/v1/clinics/{slug}/patients?limit=50", Login: "reception"},
	{Name: "search-name", Method: http.MethodGet, Path: "/api/v1/clinics/{slug}/patients?name_prefix={prefix}&limit=20", Login: "reception"},
	{Name: "search-phone", Method: http.MethodGet, Path: "/api/v1/clinics/{slug}/patients?phone={phone}&limit=20", Login: "reception"},
	{Name: "chart", Method: http.MethodGet, Path: "/api/v1/clinics/{slug}/patients/{chart}/chart", Login: "doctor1"},
	{Name: "queue", Method: http.MethodGet, Path: "/api/v1/clinics/{slug}/visits", Login: "reception"},
	{Name: "check-in", Method: http.MethodPost, Path: "/api/v1/clinics/{slug}/visits", Login: "reception", Body: checkInBody},
	{Name: "prescribe", Method: http.MethodPost, Path: "/api/v1/clinics/{slug}/prescriptions", Login: "doctor1", Body: prescriptionBody},
}

// EndpointByName finds an endpoint of Endpoints.
func EndpointByName(name string) (Endpoint, bool) {
	for _, e := range Endpoints {
		if e.Name == name {
			return e, true
		}
	}
	return Endpoint{}, false
}

// path fills e.Path for clinic c.
func (e Endpoint) path(f *Fixture, r *rand.Rand, c benchdata.Clinic) string {
	p := e.Path
	repl := func(k, v string) {
		if strings.Contains(p, k) {
			p = strings.Replace(p, k, v, 1)
		}
	}
	repl("{slug}", c.Slug)
	repl("{patient}", f.Spec.PatientID(c.Slug, r.IntN(c.Patients)).String())
	repl("{chart}", f.Spec.PatientID(c.Slug, 0).String())
	repl("{prefix}", f.namePrefixes[r.IntN(len(f.namePrefixes))])
	if strings.Contains(p, "{phone}") {
		ph := ""
		for ph == "" { // a few patients have no phone
			ph = benchdata.PatientPhone(f.Spec, c, r.IntN(c.Patients))
		}
		repl("{phone}", ph)
	}
	return p
}

// checkInBody checks in a patient without an open visit (each used once).
func checkInBody(f *Fixture, r *rand.Rand, c benchdata.Clinic) ([]byte, bool) {
	pid, ok := f.takeCandidate(c.Slug)
	if !ok {
		return nil, false
	}
	var doctor *string
	if r.IntN(2) == 0 {
		d := f.Spec.DoctorID(c, r.IntN(c.Doctors)).String()
		doctor = &d
	}
	b, _ := json.Marshal(map[string]any{
		"patient_id": pid.String(), "doctor_id": doctor, "purpose": "fever", "priority": "normal",
	})
	return b, true
}

type rxLine struct {
	MedicineID      string `json:"medicine_id"`
	MedicineName    string `json:"medicine_name"`
	Dose            string `json:"dose"`
	Schedule        string `json:"schedule"`
	DurationDays    int    `json:"duration_days"`
	FoodInstruction string `json:"food_instruction"`
}

// prescriptionBody writes a three-line prescription for a random patient.
func prescriptionBody(f *Fixture, r *rand.Rand, c benchdata.Clinic) ([]byte, bool) {
	return PrescriptionJSON(f.Spec, c, r.IntN(c.Patients), r, "Viral fever"), true
}

// PrescriptionJSON is the body of a three-line prescription for patient n
// of clinic c with diagnosis dx.
func PrescriptionJSON(s benchdata.Spec, c benchdata.Clinic, n int, r *rand.Rand, dx string) []byte {
	lines := make([]rxLine, 3)
	for i := range lines {
		m := r.IntN(benchdata.MedicineCount())
		name, _ := benchdata.Medicine(m)
		lines[i] = rxLine{MedicineID: s.MedicineID(c, m).String(), MedicineName: name, Dose: "1 tab",
			Schedule: "1-0-1", DurationDays: 5, FoodInstruction: "after"}
	}
	b, _ := json.Marshal(map[string]any{
		"patient_id": s.PatientID(c.Slug, n).String(), "visit_id": nil, "diagnosis": dx, "lines": lines,
	})
	return b
}

// describe is "GET /api/v1/clinics/{slug}/…" for reports.
func (e Endpoint) describe() string { return fmt.Sprintf("%s %s", e.Method, e.Path) }

var _ = uuid.Nil
