package app_test

// What an operator sees: one access-log line per request carrying who
// acted (clinic, user, role, found deep in auth), and the Prometheus
// metrics counting requests by route, refusals and failed sign-ins.

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santkrupa/santkrupa/internal/store"
)

// logBuffer collects the server's JSON log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// requests returns the access-log lines ("msg":"request").
func (b *logBuffer) requests(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(b.buf.String()))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, sc.Text())
		}
		if m["msg"] == "request" {
			out = append(out, m)
		}
	}
	return out
}

// line returns the one access-log line of method path (and status, if
// not 0).
func (b *logBuffer) line(t *testing.T, method, path string, status ...int) map[string]any {
	t.Helper()
	var found []map[string]any
	for _, m := range b.requests(t) {
		if len(status) > 0 && m["status"] != float64(status[0]) {
			continue
		}
		if m["method"] == method && m["path"] == path {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d access-log lines for %s %s, want 1", len(found), method, path)
	}
	return found[0]
}

func wantFields(t *testing.T, what string, line map[string]any, want map[string]any) {
	t.Helper()
	for k, v := range want {
		got, ok := line[k]
		if v == nil {
			if ok {
				t.Errorf("%s: log has %s=%v, want none", what, k, got)
			}
			continue
		}
		if f, isNum := got.(float64); isNum {
			got = int(f)
		}
		if got != v {
			t.Errorf("%s: log %s = %v, want %v (line %v)", what, k, got, v, line)
		}
	}
}

func scrape(t *testing.T, e *env) string {
	t.Helper()
	rec := httptest.NewRecorder()
	e.app.Metrics.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("metrics: %d", rec.Code)
	}
	body, _ := io.ReadAll(rec.Body)
	return string(body)
}

// metric returns the value of the series whose line starts with series
// (name and labels exactly as exposed), or "" when absent.
func metric(text, series string) string {
	for _, l := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(l, series+" "); ok {
			return v
		}
	}
	return ""
}

func TestAccessLogNamesTheActor(t *testing.T) {
	t.Parallel()
	logs := &logBuffer{}
	e := setup(t, envOptions{log: logs})
	admin := e.browser()
	admin.login(subject(e.A, "admin"))
	doctor := e.browser()
	doctor.login(subject(e.A, "doctor"))

	resp, body := admin.get("/clinic/" + e.A.Slug + "/admin-dashboard/")
	wantStatus(t, "admin dashboard", resp, body, http.StatusOK)
	resp, body = admin.get("/clinic/" + e.B.Slug + "/")
	wantStatus(t, "other clinic", resp, body, http.StatusNotFound)
	resp, body = doctor.get("/clinic/" + e.A.Slug + "/admin/audit/")
	wantStatus(t, "doctor on the audit page", resp, body, http.StatusForbidden)
	resp, body = e.api("/api/v1/clinics/"+e.A.Slug+"/me", e.token(subject(e.A, "lab"), time.Minute))
	wantStatus(t, "api", resp, body, http.StatusOK)
	resp, body = e.api("/api/v1/me", "not-a-token")
	wantStatus(t, "bad token", resp, body, http.StatusUnauthorized)
	resp, body = admin.get("/auth/callback?state=forged&code=forged")
	wantStatus(t, "forged callback", resp, body, http.StatusUnauthorized)
	resp, body = e.api("/healthz", "")
	wantStatus(t, "healthz", resp, body, http.StatusOK)

	adminUser, doctorUser, labUser := e.A.Users[store.RoleAdmin], e.A.Users[store.RoleDoctor], e.A.Users[store.RoleLabTech]
	line := logs.line(t, "GET", "/clinic/"+e.A.Slug+"/admin-dashboard/")
	wantFields(t, "admin dashboard", line, map[string]any{
		"clinic": e.A.Slug, "user_id": adminUser.ID.String(), "role": "admin", "status": 200,
		"route": "/clinic/{slug}/admin-dashboard", "level": "INFO",
	})
	for _, k := range []string{"request_id", "duration", "time"} {
		if line[k] == nil || line[k] == "" {
			t.Errorf("access log lacks %s: %v", k, line)
		}
	}
	// Not a member of B: nobody acts there, and the refusal is named.
	wantFields(t, "other clinic", logs.line(t, "GET", "/clinic/"+e.B.Slug+"/"), map[string]any{
		"status": 404, "clinic": nil, "user_id": nil,
	})
	if d := logs.line(t, "GET", "/clinic/"+e.B.Slug+"/")["denied"]; d == nil || !strings.Contains(jsonString(d), "not_member") {
		t.Errorf("other clinic: denied = %v, want not_member", d)
	}
	wantFields(t, "doctor refused", logs.line(t, "GET", "/clinic/"+e.A.Slug+"/admin/audit/"), map[string]any{
		"status": 403, "clinic": e.A.Slug, "user_id": doctorUser.ID.String(), "role": "doctor",
	})
	wantFields(t, "api", logs.line(t, "GET", "/api/v1/clinics/"+e.A.Slug+"/me"), map[string]any{
		"status": 200, "clinic": e.A.Slug, "user_id": labUser.ID.String(), "role": "lab_tech",
		"route": "/api/v1/clinics/{slug}/me",
	})
	wantFields(t, "bad token", logs.line(t, "GET", "/api/v1/me"), map[string]any{"status": 401, "login_failed": "bearer"})
	wantFields(t, "forged callback", logs.line(t, "GET", "/auth/callback", 401), map[string]any{"status": 401, "login_failed": "browser"})
	wantFields(t, "probe", logs.line(t, "GET", "/healthz"), map[string]any{"level": "DEBUG"})

	m := scrape(t, e)
	for series, want := range map[string]string{
		`santkrupa_http_requests_total{method="GET",route="/clinic/{slug}/admin-dashboard",status="200"}`: "1",
		`santkrupa_http_requests_total{method="GET",route="/api/v1/clinics/{slug}/me",status="200"}`:      "1",
		`santkrupa_isolation_denials_total{kind="not_member"}`:                                            "1",
		`santkrupa_isolation_denials_total{kind="role"}`:                                                  "1",
		`santkrupa_isolation_denials_total{kind="rls"}`:                                                   "0",
		`santkrupa_login_failures_total{method="bearer"}`:                                                 "1",
		`santkrupa_login_failures_total{method="browser"}`:                                                "1",
		`santkrupa_db_pool_max_conns`:                                                                     "8",
	} {
		if got := metric(m, series); got != want {
			t.Errorf("metric %s = %q, want %q", series, got, want)
		}
	}
	for _, series := range []string{
		`santkrupa_http_request_duration_seconds_count{method="GET",route="/clinic/{slug}/admin-dashboard",status="200"}`,
		`santkrupa_db_pool_acquires_total`, `santkrupa_db_pool_total_conns`, `santkrupa_http_requests_in_flight`,
		`go_goroutines`,
	} {
		if metric(m, series) == "" {
			t.Errorf("metric %s missing", series)
		}
	}
	// Routes, never raw paths: no clinic slug in a label.
	if strings.Contains(m, e.A.Slug) || strings.Contains(m, e.B.Slug) {
		t.Errorf("a clinic slug appears in the metrics")
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
