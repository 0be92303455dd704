package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/store"
)

const testIssuer = "https://issuer.test"

// idemEnv is a clinic, a create route wrapped in idempotent, and a count
// of how often the create really ran.
type idemEnv struct {
	t       *testing.T
	srv     *httptest.Server
	st      *store.Store
	c       dbtest.Clinic
	runs    atomic.Int64
	entered chan struct{}
	release chan struct{}
}

func newIdemEnv(t *testing.T) *idemEnv {
	t.Helper()
	st := dbtest.Store(t)
	e := &idemEnv{t: t, st: st, c: dbtest.NewClinic(t, st, 1),
		entered: make(chan struct{}, 1), release: make(chan struct{})}
	for _, role := range []store.Role{store.RoleReceptionist, store.RoleDoctor} {
		if _, err := st.BindInvitations(context.Background(), testIssuer, string(role), e.c.Users[role].Email); err != nil {
			t.Fatal(err)
		}
	}
	a := &API{Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	create := func(w http.ResponseWriter, r *http.Request) error {
		var in struct {
			Name string `json:"name"`
		}
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		switch in.Name {
		case "":
			return httperr.Invalid("Some fields need attention.", map[string]string{"name": "required"})
		case "block":
			e.entered <- struct{}{}
			<-e.release
		}
		n := e.runs.Add(1)
		id := uuid.New()
		w.Header().Set("Location", r.URL.Path+"/"+id.String())
		return writeJSON(w, http.StatusCreated, map[string]any{"id": id, "name": in.Name, "run": n})
	}
	r := chi.NewRouter()
	r.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id := auth.Identity{Issuer: testIssuer, Subject: r.Header.Get("X-Test-Role")}
			next.ServeHTTP(w, r.WithContext(auth.WithIdentity(r.Context(), id)))
		})
	})
	r.Route("/c/{slug}", func(r chi.Router) {
		r.Use(auth.Clinic(st, a.Error))
		r.Post("/things", a.handle(a.idempotent(create)))
	})
	e.srv = httptest.NewServer(r)
	t.Cleanup(e.srv.Close)
	return e
}

type idemResult struct {
	status int
	header http.Header
	body   string
}

func (e *idemEnv) post(role store.Role, key, body string) idemResult {
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/c/"+e.c.Slug+"/things", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Test-Role", string(role))
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Error(err)
		return idemResult{}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return idemResult{resp.StatusCode, resp.Header, string(b)}
}

func (r idemResult) want(t *testing.T, what string, status int) idemResult {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d; body %s", what, r.status, status, r.body)
	}
	return r
}

// keyRows counts the clinic's stored keys, as a superuser (the policies
// would hide other users' keys).
func (e *idemEnv) keyRows(where string) int {
	e.t.Helper()
	conn := dbtest.Conn(e.t, dbtest.SuperuserURL())
	var n int
	err := conn.QueryRow(context.Background(),
		`SELECT count(*) FROM api_idempotency WHERE clinic_id = $1 AND `+where, e.c.ID).Scan(&n)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// age makes a key look older than it is.
func (e *idemEnv) age(key, interval string) {
	e.t.Helper()
	conn := dbtest.Conn(e.t, dbtest.SuperuserURL())
	_, err := conn.Exec(context.Background(),
		`UPDATE api_idempotency SET created_at = created_at - $3::interval WHERE clinic_id = $1 AND key = $2`,
		e.c.ID, key, interval)
	if err != nil {
		e.t.Fatal(err)
	}
}

func TestIdempotentReplaysTheFirstAnswer(t *testing.T) {
	t.Parallel()
	e := newIdemEnv(t)
	rc := store.RoleReceptionist
	first := e.post(rc, "k1", `{"name":"Asha"}`).want(t, "first", http.StatusCreated)
	again := e.post(rc, "k1", `{"name":"Asha"}`).want(t, "repeat", http.StatusCreated)
	if again.body != first.body || again.header.Get("Location") != first.header.Get("Location") ||
		again.header.Get("Content-Type") != first.header.Get("Content-Type") {
		t.Errorf("repeat answered %v %s, want the first answer %v %s", again.header, again.body, first.header, first.body)
	}
	if n := e.runs.Load(); n != 1 {
		t.Errorf("the create ran %d times, want 1", n)
	}
	if n := e.keyRows("key = 'k1' AND status = 201 AND completed_at IS NOT NULL"); n != 1 {
		t.Errorf("%d completed rows for k1", n)
	}

	// The same key with another request is refused, and nothing runs.
	p := e.post(rc, "k1", `{"name":"Asha K"}`).want(t, "other body", http.StatusUnprocessableEntity)
	if !strings.Contains(p.body, "Idempotency-Key") {
		t.Errorf("reuse problem: %s", p.body)
	}
	// Without a key every request runs.
	e.post(rc, "", `{"name":"Asha"}`).want(t, "no key", http.StatusCreated)
	e.post(rc, "", `{"name":"Asha"}`).want(t, "no key again", http.StatusCreated)
	// Keys are per user: the doctor's k1 is another key.
	doc := e.post(store.RoleDoctor, "k1", `{"name":"Asha"}`).want(t, "another user's k1", http.StatusCreated)
	if doc.body == first.body {
		t.Errorf("another user's key replayed the receptionist's answer")
	}
	if n := e.runs.Load(); n != 4 {
		t.Errorf("the create ran %d times, want 4", n)
	}
}

func TestIdempotentReleasesFailedRequests(t *testing.T) {
	t.Parallel()
	e := newIdemEnv(t)
	rc := store.RoleReceptionist
	e.post(rc, "k", `{"name":""}`).want(t, "invalid", http.StatusUnprocessableEntity)
	e.post(rc, "k", `{"name":`).want(t, "malformed", http.StatusBadRequest)
	if n := e.keyRows("key = 'k'"); n != 0 {
		t.Errorf("a refused request left %d rows", n)
	}
	// Fixed, the same key goes through.
	e.post(rc, "k", `{"name":"Ravi"}`).want(t, "fixed", http.StatusCreated)
	if n := e.runs.Load(); n != 1 {
		t.Errorf("ran %d times", n)
	}
	for _, bad := range []string{strings.Repeat("x", 201), "tab\there", "é"} {
		e.post(rc, bad, `{"name":"Ravi"}`).want(t, fmt.Sprintf("bad key %.8q", bad), http.StatusUnprocessableEntity)
	}
}

func TestIdempotentInProgress(t *testing.T) {
	t.Parallel()
	e := newIdemEnv(t)
	rc := store.RoleReceptionist
	done := make(chan idemResult)
	go func() { done <- e.post(rc, "slow", `{"name":"block"}`) }()
	<-e.entered // the first request is inside the create, its key committed
	busy := e.post(rc, "slow", `{"name":"block"}`).want(t, "while in progress", http.StatusConflict)
	if busy.header.Get("Retry-After") == "" || !strings.Contains(busy.body, "idempotency-in-progress") {
		t.Errorf("in-progress answer: %v %s", busy.header, busy.body)
	}
	// Another body is still the wrong request, in progress or not.
	e.post(rc, "slow", `{"name":"other"}`).want(t, "other body while in progress", http.StatusUnprocessableEntity)
	close(e.release)
	first := <-done
	if first.status != http.StatusCreated {
		t.Fatalf("first: %d %s", first.status, first.body)
	}
	after := e.post(rc, "slow", `{"name":"block"}`).want(t, "after", http.StatusCreated)
	if after.body != first.body {
		t.Errorf("after completion: %s, want %s", after.body, first.body)
	}
	if n := e.runs.Load(); n != 1 {
		t.Errorf("ran %d times, want 1", n)
	}
}

func TestIdempotentConcurrentRepeatsRunOnce(t *testing.T) {
	t.Parallel()
	e := newIdemEnv(t)
	const n = 8
	var wg sync.WaitGroup
	results := make([]idemResult, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = e.post(store.RoleReceptionist, "race", `{"name":"Meera"}`)
		}()
	}
	wg.Wait()
	var created []string
	for _, r := range results {
		switch r.status {
		case http.StatusCreated:
			created = append(created, r.body)
		case http.StatusConflict:
		default:
			t.Errorf("status %d: %s", r.status, r.body)
		}
	}
	if got := e.runs.Load(); got != 1 {
		t.Errorf("the create ran %d times, want 1", got)
	}
	for _, b := range created[1:] {
		if b != created[0] {
			t.Errorf("two different answers: %s and %s", created[0], b)
		}
	}
	if len(created) == 0 {
		t.Errorf("no request got the created answer")
	}
}

func TestIdempotencyKeysExpire(t *testing.T) {
	t.Parallel()
	e := newIdemEnv(t)
	rc := store.RoleReceptionist
	var first, second struct {
		Run int `json:"run"`
	}
	_ = json.Unmarshal([]byte(e.post(rc, "old", `{"name":"A"}`).want(t, "first", http.StatusCreated).body), &first)
	e.post(rc, "stale", `{"name":"B"}`).want(t, "another key", http.StatusCreated)
	e.age("old", "25 hours")
	// An expired key is a new key: the create runs again.
	_ = json.Unmarshal([]byte(e.post(rc, "old", `{"name":"A"}`).want(t, "after expiry", http.StatusCreated).body), &second)
	if first.Run == second.Run || e.runs.Load() != 3 {
		t.Errorf("expired key replayed (runs %d, %d; total %d)", first.Run, second.Run, e.runs.Load())
	}
	// Completing a request prunes the user's other expired keys.
	e.age("stale", "25 hours")
	if n := e.keyRows("key = 'stale'"); n != 1 {
		t.Fatalf("stale key rows %d before pruning", n)
	}
	e.post(rc, "fresh", `{"name":"C"}`).want(t, "fresh", http.StatusCreated)
	if n := e.keyRows("key = 'stale'"); n != 0 {
		t.Errorf("the expired key was not pruned")
	}
	if n := e.keyRows("key IN ('old', 'fresh')"); n != 2 {
		t.Errorf("live keys: %d rows, want 2", n)
	}
}
