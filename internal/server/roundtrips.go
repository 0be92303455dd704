package server

import (
	"net/http"
	"strconv"

	"github.com/santkrupa/santkrupa/internal/store"
)

// RoundTripsHeader reports the database round trips a request made, when
// the server is configured to expose them (benchmarks, not production: it
// tells a client something about the server's internals).
const RoundTripsHeader = "X-Db-Round-Trips"

// countRoundTrips puts a round-trip counter in every request's context and,
// when expose is set, reports it in RoundTripsHeader as the response
// headers go out (the database work of a handler precedes its answer).
func countRoundTrips(expose bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, c := store.CountRoundTrips(r.Context())
			if expose {
				w = &roundTripWriter{ResponseWriter: w, c: c}
			}
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

type roundTripWriter struct {
	http.ResponseWriter
	c     *store.RoundTrips
	wrote bool
}

func (w *roundTripWriter) WriteHeader(status int) {
	if !w.wrote {
		w.wrote = true
		w.Header().Set(RoundTripsHeader, strconv.FormatInt(w.c.Load(), 10))
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *roundTripWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *roundTripWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
