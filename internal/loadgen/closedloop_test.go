package loadgen

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// TestClosedLoop: every target is sent once, with its method, header and
// body; answers with a length, in chunks, and errors are counted by their
// status, and the loop stops when the targets run out.
func TestClosedLoop(t *testing.T) {
	t.Parallel()
	var got atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
		body, _ := io.ReadAll(r.Body)
		switch {
		case r.Header.Get("Authorization") != "Bearer t":
			http.Error(w, "no token", http.StatusUnauthorized)
		case r.URL.Path == "/chunked":
			w.Write([]byte(strings.Repeat("x", 100000))) // no length: sent in chunks
		case r.Method == http.MethodPost && string(body) == `{"a":1}`:
			w.Header().Set("Content-Length", "2")
			w.WriteHeader(http.StatusCreated)
			w.Write([]byte("{}"))
		default:
			http.Error(w, "unexpected "+r.Method+" "+r.URL.Path, http.StatusTeapot)
		}
	}))
	defer srv.Close()
	targets := []vegeta.Target{
		{Method: "GET", URL: srv.URL + "/chunked", Header: http.Header{"Authorization": {"Bearer t"}}},
		{Method: "POST", URL: srv.URL + "/write", Header: http.Header{"Authorization": {"Bearer t"}}, Body: []byte(`{"a":1}`)},
		{Method: "GET", URL: srv.URL + "/chunked"},
	}
	var n atomic.Int64
	tr := func(t *vegeta.Target) error {
		i := n.Add(1) - 1
		if i >= 300 {
			return vegeta.ErrNoTargets
		}
		*t = targets[i%3]
		return nil
	}
	m := runClosedLoop(context.Background(), tr, 4, time.Minute)
	if m.requests != 300 || got.Load() != 300 || m.success != 200 || m.codes["200"] != 100 || m.codes["201"] != 100 ||
		m.codes["401"] != 100 || len(m.latencies) != 300 {
		t.Fatalf("requests %d (server saw %d), success %d, codes %v, %d latencies", m.requests, got.Load(), m.success,
			m.codes, len(m.latencies))
	}
	if m.errs["401 no token\n"] != 100 || len(m.errs) != 1 {
		t.Errorf("errors %v", m.errs)
	}
	for i := 1; i < len(m.latencies); i++ {
		if m.latencies[i] < m.latencies[i-1] {
			t.Fatal("latencies not sorted")
		}
	}
	if q := quantile(m.latencies, 1); q != m.latencies[299] || quantile(m.latencies, 0.5) != m.latencies[149] || quantile(nil, 0.5) != 0 {
		t.Errorf("quantiles")
	}
	// A server that is gone: every request is an error, none an answer.
	srv.Close()
	n.Store(0)
	m = runClosedLoop(context.Background(), tr, 2, time.Minute)
	if m.requests != 300 || m.success != 0 || m.codes["0"] != 300 || len(m.latencies) != 0 {
		t.Errorf("after close: requests %d, success %d, codes %v", m.requests, m.success, m.codes)
	}
}
