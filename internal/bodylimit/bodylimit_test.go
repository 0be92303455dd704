package bodylimit_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/santkrupa/santkrupa/internal/bodylimit"
)

// read sends a body of n bytes through the middleware (limit 10) to a
// handler that raises the limit to raise (0: not at all), after reading
// first bytes, and reports how much it read and whether it hit a limit.
func read(t *testing.T, n int, first int, raise int64) (int, bool) {
	t.Helper()
	var got int
	var tooBig bool
	h := bodylimit.Middleware(10)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if first > 0 {
			b := make([]byte, first)
			k, _ := io.ReadFull(r.Body, b)
			got += k
		}
		if raise > 0 {
			bodylimit.Raise(w, r, raise)
		}
		b, err := io.ReadAll(r.Body)
		got += len(b)
		var mbe *http.MaxBytesError
		tooBig = errors.As(err, &mbe)
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", n))))
	return got, tooBig
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		n, first   int
		raise      int64
		wantRead   int
		wantTooBig bool
	}{
		{"within the default", 10, 0, 0, 10, false},
		{"over the default", 11, 0, 0, 10, true},
		{"raised before reading", 100, 0, 100, 100, false},
		{"over the raised limit", 101, 0, 100, 100, true},
		{"raised after reading: the default still holds", 100, 5, 100, 10, true},
	}
	for _, c := range cases {
		got, tooBig := read(t, c.n, c.first, c.raise)
		if got != c.wantRead || tooBig != c.wantTooBig {
			t.Errorf("%s: read %d, too big %v; want %d, %v", c.name, got, tooBig, c.wantRead, c.wantTooBig)
		}
	}
}
