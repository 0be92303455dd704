package app_test

// The database goes away while requests flow: the server keeps running,
// answers 503 with Retry-After (pages: the error page; API: a problem
// document), /readyz says 503 and /healthz 200, it recovers by itself when
// the database is back, and every write it acknowledged is in the database
// afterwards, exactly once. The database is taken away by a fault proxy
// between the server's pool and PostgreSQL (the PostgreSQL others share
// is never touched).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// attempt is one write, as its client saw it.
type attempt struct {
	key    string // identifies the record asked for
	acked  bool   // the server said it is stored
	status int    // HTTP status; 0 for a write through the store
	header http.Header
	body   string
	err    error     // the store's error, or the transport's
	at     time.Time // when the answer came
}

// faultWrite is one way of writing that the outage tests drive. A new
// write endpoint joins the tests by adding one to faultWrites: prepare
// runs while the database is up (sign in, warm caches) and returns the
// write, whose attempt i asks for a record identified by a key unique to
// the run; stored reads, around the proxy, how many times each of the
// run's keys is in the database.
type faultWrite struct {
	name    string
	prepare func(t *testing.T, e *env, run string) func(ctx context.Context, i int) attempt
	stored  func(t *testing.T, e *env, run string, keys []string) map[string]int
}

// faultWrites are the writes driven through outages: a patient registered
// at the reception page, through the API and, underneath, through the
// store; a staff invitation from the admin's page. (The platform's
// new-clinic page is left out: its
// clinics would outlive the test in the platform-wide list other tests
// read.)
var faultWrites = []faultWrite{
	{name: "page: register patient", prepare: preparePageRegistration, stored: storedPatients},
	{name: "api: register patient", prepare: prepareAPIRegistration, stored: storedPatients},
	{name: "store: register patient", prepare: prepareRegisterPatient, stored: storedPatients},
	{name: "page: invite staff", prepare: prepareInviteUser, stored: storedInvitations},
}

func preparePageRegistration(t *testing.T, e *env, run string) func(context.Context, int) attempt {
	b := e.browser()
	b.login(subject(e.A, "reception"))
	path := "/clinic/" + e.A.Slug + "/reception/register/"
	return func(ctx context.Context, i int) attempt {
		name := fmt.Sprintf("Fault %s p%05d", run, i)
		a := post(ctx, b, path, url.Values{"name": {name}, "sex": {"female"}, "age_years": {"40"}})
		a.key = name
		loc := a.header.Get("Location")
		a.acked = a.status == http.StatusSeeOther && strings.Contains(loc, "/reception/patients/") &&
			strings.Contains(loc, "registered=1")
		return a
	}
}

func prepareAPIRegistration(t *testing.T, e *env, run string) func(context.Context, int) attempt {
	tok := e.token(subject(e.A, "reception"), 10*time.Minute)
	path := e.srv.URL + "/api/v1/clinics/" + e.A.Slug + "/patients"
	// The first request binds the identity's invitation while the
	// database is up.
	if resp, body := e.api("/api/v1/clinics/"+e.A.Slug+"/me", tok); resp.StatusCode != http.StatusOK {
		t.Fatalf("api warm-up: %d %s", resp.StatusCode, body)
	}
	return func(ctx context.Context, i int) attempt {
		name := fmt.Sprintf("Fault %s a%05d", run, i)
		body, _ := json.Marshal(map[string]any{"name": name, "sex": "female", "age_years": 40})
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, path, strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		a := send(http.DefaultClient, req)
		a.key = name
		a.acked = a.status == http.StatusCreated
		return a
	}
}

func prepareRegisterPatient(t *testing.T, e *env, run string) func(context.Context, int) attempt {
	scope := e.A.Scope(store.RoleReceptionist)
	return func(ctx context.Context, i int) attempt {
		a := attempt{key: fmt.Sprintf("Fault %s s%05d", run, i)}
		// A request would carry the server's deadline; so does this.
		ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		a.err = e.st.Tx(ctx, scope, func(tx dbsqlc.DBTX) error {
			_, err := e.st.Queries().RegisterPatient(ctx, tx, dbsqlc.RegisterPatientParams{
				Name: a.key, Sex: "unknown", BloodGroup: "unknown",
			})
			return err
		})
		a.acked = a.err == nil
		return a
	}
}

func storedPatients(t *testing.T, e *env, run string, _ []string) map[string]int {
	ctx := context.Background()
	out := map[string]int{}
	err := e.direct.Read(ctx, e.A.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		ps, err := e.direct.Queries().SearchPatientsByNamePrefix(ctx, tx,
			dbsqlc.SearchPatientsByNamePrefixParams{Prefix: "Fault " + run + " ", MaxRows: 100000})
		for _, p := range ps {
			out[p.Name]++
		}
		return err
	})
	if err != nil {
		t.Fatalf("read patients: %v", err)
	}
	return out
}

func prepareInviteUser(t *testing.T, e *env, run string) func(context.Context, int) attempt {
	b := e.browser()
	b.login(subject(e.A, "admin"))
	path := "/clinic/" + e.A.Slug + "/admin/staff/invite"
	return func(ctx context.Context, i int) attempt {
		email := fmt.Sprintf("fault-%s-%05d@example.org", run, i)
		a := post(ctx, b, path, url.Values{"display_name": {"Fault " + run}, "email": {email}, "role": {"lab_tech"}})
		a.key = email
		a.acked = a.status == http.StatusSeeOther && strings.Contains(a.header.Get("Location"), "/admin/staff/?done=invited")
		return a
	}
}

func storedInvitations(t *testing.T, e *env, run string, _ []string) map[string]int {
	ctx := context.Background()
	out := map[string]int{}
	err := e.direct.Read(ctx, e.A.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		us, err := e.direct.Queries().ListUsers(ctx, tx)
		for _, u := range us {
			out[u.Email]++
		}
		return err
	})
	if err != nil {
		t.Fatalf("read users: %v", err)
	}
	return out
}

// post sends a form as browser b, without failing the test from a
// goroutine: a transport error is part of the attempt.
func post(ctx context.Context, b *browser, path string, form url.Values) attempt {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, b.abs(path), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return send(b.c, req)
}

func send(c *http.Client, req *http.Request) attempt {
	var a attempt
	resp, err := c.Do(req)
	if err != nil {
		a.err = err
		return a
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	a.status, a.header, a.body, a.err = resp.StatusCode, resp.Header, string(body), err
	return a
}

// leaks are fragments of internal error text that no client may see.
var leaks = []string{"SQLSTATE", "dial tcp", "EOF", "pgx", "pgconn", "connection refused", "goroutine", "context deadline"}

// unavailable checks a refused attempt: 503 with Retry-After and the
// shape its client reads (page or problem), or, through the store,
// store.ErrUnavailable or the deadline.
func unavailable(a attempt, kind string) error {
	if a.status == 0 {
		if a.err == nil {
			return errors.New("no error and no acknowledgement")
		}
		if !errors.Is(a.err, store.ErrUnavailable) && !errors.Is(a.err, context.DeadlineExceeded) {
			return fmt.Errorf("store error %v; want store.ErrUnavailable or the deadline", a.err)
		}
		return nil
	}
	if a.status != http.StatusServiceUnavailable {
		return fmt.Errorf("status %d; want 503", a.status)
	}
	if a.header.Get("Retry-After") == "" {
		return errors.New("503 without Retry-After")
	}
	for _, l := range leaks {
		if strings.Contains(a.body, l) {
			return fmt.Errorf("503 body shows internal text %q: %.300s", l, a.body)
		}
	}
	ct := a.header.Get("Content-Type")
	switch kind {
	case "page":
		if !strings.HasPrefix(ct, "text/html") || !strings.Contains(a.body, "try again") {
			return fmt.Errorf("503 page is %q and does not ask to try again: %.300s", ct, a.body)
		}
	case "api":
		var p struct {
			Type   string `json:"type"`
			Status int    `json:"status"`
		}
		if ct != "application/problem+json" || json.Unmarshal([]byte(a.body), &p) != nil || p.Status != 503 {
			return fmt.Errorf("503 is not a problem document: %q %.300s", ct, a.body)
		}
	}
	return nil
}

// log is every attempt of a run, by writer.
type outageLog struct {
	mu       sync.Mutex
	attempts map[string][]attempt
}

func (l *outageLog) add(name string, a attempt) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.attempts[name] = append(l.attempts[name], a)
}

// count returns how many attempts of name since t were acknowledged and
// how many were not.
func (l *outageLog) count(name string, since time.Time) (acked, refused int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, a := range l.attempts[name] {
		if a.at.Before(since) {
			continue
		}
		if a.acked {
			acked++
		} else {
			refused++
		}
	}
	return acked, refused
}

// firstAck is when name was first acknowledged at or after t.
func (l *outageLog) firstAck(name string, since time.Time) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, a := range l.attempts[name] {
		if a.acked && !a.at.Before(since) {
			return a.at, true
		}
	}
	return time.Time{}, false
}

// outage describes one fault: how the database goes away and for how long
// at least.
type outage struct {
	name  string
	begin func(e *env)
	hold  time.Duration
	vars  map[string]string
}

// waitFor polls cond until it holds; give up (failing the test) after
// guard, which bounds a test that would otherwise hang, not the code's
// speed.
func waitFor(t *testing.T, what string, guard time.Duration, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > guard {
			t.Fatalf("%s: not after %s", what, guard)
		}
		time.Sleep(25 * time.Millisecond)
	}
	return time.Since(start)
}

func runOutage(t *testing.T, o outage) {
	e := setup(t, envOptions{faultProxy: true, vars: o.vars})
	run := strings.ReplaceAll(uuid.NewString(), "-", "")[:10]
	ctx, stop := context.WithCancel(context.Background())
	defer stop()

	writes := make([]func(context.Context, int) attempt, len(faultWrites))
	for i, w := range faultWrites {
		writes[i] = w.prepare(t, e, run)
	}
	admin := e.browser()
	admin.login(subject(e.A, "admin"))
	token := e.token(subject(e.A, "admin"), 10*time.Minute)
	if resp, body := e.api("/api/v1/me", token); resp.StatusCode != http.StatusOK { // maps the token once
		t.Fatalf("api me: %d %s", resp.StatusCode, body)
	}
	probes := map[string]func() attempt{
		"page": func() attempt {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, admin.abs("/clinic/"+e.A.Slug+"/admin-dashboard/"), nil)
			return send(admin.c, req)
		},
		"api": func() attempt {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, e.srv.URL+"/api/v1/clinics/"+e.A.Slug+"/me", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			return send(http.DefaultClient, req)
		},
		"readyz": func() attempt {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, e.srv.URL+"/readyz", nil)
			return send(http.DefaultClient, req)
		},
		"healthz": func() attempt {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, e.srv.URL+"/healthz", nil)
			return send(http.DefaultClient, req)
		},
	}

	log := &outageLog{attempts: map[string][]attempt{}}
	var wg sync.WaitGroup
	var seq sync.Mutex
	next := 0
	for wi, w := range faultWrites {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				seq.Lock()
				i := next
				next++
				seq.Unlock()
				a := writes[wi](ctx, i)
				a.at = time.Now()
				if ctx.Err() != nil && !a.acked {
					return // the test is over; this attempt was cut short by it
				}
				log.add(w.name, a)
				time.Sleep(10 * time.Millisecond)
			}
		}()
	}
	for name, probe := range probes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				a := probe()
				a.at = time.Now()
				if ctx.Err() != nil {
					return
				}
				a.acked = a.status == http.StatusOK
				log.add(name, a)
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	names := func() []string {
		var out []string
		for _, w := range faultWrites {
			out = append(out, w.name)
		}
		for n := range probes {
			out = append(out, n)
		}
		return out
	}()

	// Flowing: every write and probe succeeds a few times.
	start := time.Now()
	waitFor(t, "writes and probes succeed before the outage", time.Minute, func() bool {
		for _, n := range names {
			if acked, _ := log.count(n, start); acked < 3 {
				return false
			}
		}
		return true
	})

	// Gone: every write and every probe but /healthz is refused a few
	// times, for at least the outage's hold.
	down := time.Now()
	o.begin(e)
	waitFor(t, "every write and probe refused during the outage", 2*time.Minute, func() bool {
		for _, n := range names {
			_, refused := log.count(n, down)
			if n != "healthz" && refused < 3 {
				return false
			}
		}
		return time.Since(down) >= o.hold
	})
	if err := e.proxy.Restore(); err != nil {
		t.Fatal(err)
	}
	up := time.Now()

	// Back: recovery is measured per write, from Restore to its first
	// acknowledgement.
	waitFor(t, "every write and probe succeeds again after restore", time.Minute, func() bool {
		for _, n := range names {
			if acked, _ := log.count(n, up); acked < 3 {
				return false
			}
		}
		return true
	})
	stop()
	wg.Wait()

	var slowest time.Duration
	for _, n := range names {
		at, _ := log.firstAck(n, up)
		if d := at.Sub(up); d > slowest {
			slowest = d
		}
		t.Logf("%s: %s down; %s recovered %s after restore", o.name, down.Sub(up).Abs().Round(time.Millisecond), n, at.Sub(up).Round(time.Millisecond))
	}
	t.Logf("%s: recovery (restore to the last first success) %s", o.name, slowest.Round(time.Millisecond))

	// What the clients saw: while the database was gone nothing but
	// acknowledgements and well-formed 503s, and /healthz always 200.
	log.mu.Lock()
	defer log.mu.Unlock()
	for name, as := range log.attempts {
		kind := map[string]string{"page": "page", "api": "api"}[name]
		if strings.HasPrefix(name, "page:") {
			kind = "page"
		}
		if strings.HasPrefix(name, "api:") {
			kind = "api"
		}
		bad := 0
		for _, a := range as {
			if a.acked {
				continue
			}
			var err error
			switch name {
			case "healthz":
				err = fmt.Errorf("/healthz answered %d %v; want 200 always", a.status, a.err)
			case "readyz":
				if a.status != http.StatusServiceUnavailable || a.header.Get("Retry-After") == "" {
					err = fmt.Errorf("/readyz answered %d %v; want 503 with Retry-After", a.status, a.err)
				}
			default:
				err = unavailable(a, kind)
			}
			if err != nil {
				if bad++; bad <= 5 {
					t.Errorf("%s at %+dms from the outage: %v", name, a.at.Sub(down).Milliseconds(), err)
				}
			}
		}
		if bad > 5 {
			t.Errorf("%s: %d more like these", name, bad-5)
		}
	}

	// What the database kept: every acknowledged write, exactly once; a
	// refused write may or may not have landed (the answer was lost),
	// but never twice.
	for _, w := range faultWrites {
		var keys []string
		for _, a := range log.attempts[w.name] {
			keys = append(keys, a.key)
		}
		stored := w.stored(t, e, run, keys)
		var acked, ambiguous int
		for _, a := range log.attempts[w.name] {
			n := stored[a.key]
			if a.acked {
				acked++
				if n != 1 {
					t.Errorf("%s: acknowledged %q is stored %d times; want exactly once", w.name, a.key, n)
				}
			} else if n > 1 {
				t.Errorf("%s: refused %q is stored %d times", w.name, a.key, n)
			} else if n == 1 {
				ambiguous++
			}
		}
		t.Logf("%s: %d attempts, %d acknowledged and stored, %d refused but stored (commit landed, answer lost)",
			w.name, len(log.attempts[w.name]), acked, ambiguous)
	}
	dbtest.WantPoolIdle(t, e.st.Pool())
}

// TestFaultDatabaseUnreachable30s: the database is unreachable (port
// closed, connections dropped) for 30 seconds under load.
func TestFaultDatabaseUnreachable30s(t *testing.T) {
	t.Parallel()
	runOutage(t, outage{name: "unreachable 30s", hold: 30 * time.Second, begin: func(e *env) { e.proxy.Cut() }})
}

// TestFaultDatabaseRestart: a short outage, as a restart is: connections
// drop, the port refuses for a couple of seconds, then the database is
// back.
func TestFaultDatabaseRestart(t *testing.T) {
	t.Parallel()
	runOutage(t, outage{name: "restart", hold: 2 * time.Second, begin: func(e *env) { e.proxy.Cut() }})
}

// TestFaultNetworkStall: packets stop (a partition): nothing fails fast,
// so the request deadline is what answers; it must still be a 503 with
// Retry-After, and the pool must give back every connection.
func TestFaultNetworkStall(t *testing.T) {
	t.Parallel()
	runOutage(t, outage{name: "stall", begin: func(e *env) { e.proxy.Stall() },
		vars: map[string]string{"SANTKRUPA_REQUEST_TIMEOUT": "1s"}})
}
