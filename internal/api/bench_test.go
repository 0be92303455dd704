package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/api/apitest"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/server"
	"github.com/santkrupa/santkrupa/internal/store"
)

// BenchmarkAPI is the hot path of the API handlers: the whole handler
// chain (request id, bearer token, membership, route, domain, store,
// JSON) served in process against the real database, for the
// requests `make bench` drives over the network. It reports
// database round trips per request beside the time. Compare before and
// after a change with benchstat (docs/benchmarks.md).
func BenchmarkAPI(b *testing.B) {
	ctx := context.Background()
	e := apitest.NewWith(b, apitest.Options{Patients: 300, ExposeRoundTrips: true})
	c := e.A
	reception, doctor := e.Token(b, c, store.RoleReceptionist), e.Token(b, c, store.RoleDoctor)
	q := e.Store.Queries()
	var patients []uuid.UUID
	var medicine uuid.UUID
	err := e.Store.Read(ctx, c.Scope(store.RoleDoctor), func(tx dbsqlc.DBTX) error {
		ps, err := q.ListPatients(ctx, tx, clinic.NewestPatients(300))
		for _, p := range ps {
			patients = append(patients, p.ID)
		}
		if err != nil {
			return err
		}
		meds, err := q.DoctorMedicineCatalog(ctx, tx, 1)
		if err == nil && len(meds) > 0 {
			medicine = meds[0].ID
		}
		return err
	})
	if err != nil || len(patients) < 300 || medicine == uuid.Nil {
		b.Fatalf("fixture: %d patients, medicine %s, %v", len(patients), medicine, err)
	}
	base := "/api/v1/clinics/" + c.Slug
	svc := clinic.New(e.Store, clinic.Options{})

	// do serves one request, checks its status and returns the round
	// trips the server reports.
	do := func(b *testing.B, method, path, token string, body []byte, want int) (*httptest.ResponseRecorder, int64) {
		req := httptest.NewRequest(method, path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		w := httptest.NewRecorder()
		e.App.Handler.ServeHTTP(w, req)
		if w.Code != want {
			b.Fatalf("%s %s: %d, want %d: %s", method, path, w.Code, want, w.Body.String())
		}
		n, err := strconv.ParseInt(w.Header().Get(server.RoundTripsHeader), 10, 64)
		if err != nil {
			b.Fatalf("%s %s: no round-trip count: %v", method, path, err)
		}
		return w, n
	}
	// Reads run as 8 concurrent clients, as `make bench` drives them, so
	// that CPU saved shows as time saved; writes run one at a time, since
	// check-in must close each visit before it can check the patient in
	// again.
	bench := func(name string, f func(b *testing.B, i int) int64) {
		b.Run(name, func(b *testing.B) {
			var trips int64
			for i := range b.N {
				trips += f(b, i)
			}
			b.ReportMetric(float64(trips)/float64(b.N), "roundtrips/op")
		})
	}
	parallel := func(name string, f func(b *testing.B, i int) int64) {
		b.Run(name, func(b *testing.B) {
			var trips, next atomic.Int64
			b.SetParallelism(4) // × GOMAXPROCS(2) = 8 clients
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					trips.Add(f(b, int(next.Add(1))))
				}
			})
			b.ReportMetric(float64(trips.Load())/float64(b.N), "roundtrips/op")
		})
	}
	parallel("get-patient", func(b *testing.B, i int) int64 {
		_, n := do(b, "GET", base+"/patients/"+patients[i%len(patients)].String(), reception, nil, http.StatusOK)
		return n
	})
	parallel("list-patients", func(b *testing.B, i int) int64 {
		_, n := do(b, "GET", base+"/patients?limit=50", reception, nil, http.StatusOK)
		return n
	})
	parallel("search-name", func(b *testing.B, i int) int64 {
		_, n := do(b, "GET", base+"/patients?name_prefix=a&limit=20", reception, nil, http.StatusOK)
		return n
	})
	// Patients with no visit yet, checked in and cancelled in turn.
	fresh := make([]uuid.UUID, 20)
	for i := range fresh {
		p, err := svc.RegisterPatient(ctx, c.Scope(store.RoleReceptionist),
			clinic.PatientInput{Name: fmt.Sprintf("Benchmark Patient %d", i)}, true)
		if err != nil {
			b.Fatal(err)
		}
		fresh[i] = p.ID
	}
	bench("check-in", func(b *testing.B, i int) int64 {
		p := fresh[i%len(fresh)]
		body, _ := json.Marshal(map[string]any{"patient_id": p, "purpose": "Fever", "priority": "normal"})
		w, n := do(b, "POST", base+"/visits", reception, body, http.StatusCreated)
		// Not timed: close the visit so that the patient can be checked in again.
		b.StopTimer()
		var v struct {
			ID uuid.UUID `json:"id"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
			b.Fatal(err)
		}
		if _, err := svc.CancelVisit(ctx, c.Scope(store.RoleReceptionist), v.ID, "Benchmark"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		return n
	})
	bench("prescribe", func(b *testing.B, i int) int64 {
		body, _ := json.Marshal(map[string]any{"patient_id": patients[i%len(patients)], "diagnosis": "Viral fever",
			"lines": []map[string]any{
				{"medicine_id": medicine, "medicine_name": "", "dose": "1 tablet", "schedule": "1-0-1", "duration_days": 5, "food_instruction": "after"},
				{"medicine_id": nil, "medicine_name": "Steam inhalation", "dose": "", "schedule": "BD", "duration_days": 3, "food_instruction": "any"},
				{"medicine_id": nil, "medicine_name": fmt.Sprintf("ORS sachet %d", i%7), "dose": "1 sachet", "schedule": "SOS", "duration_days": 2, "food_instruction": "any"},
			}})
		_, n := do(b, "POST", base+"/prescriptions", doctor, body, http.StatusCreated)
		return n
	})
}
