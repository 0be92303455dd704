// Package bodylimit bounds request bodies: every request gets a small
// limit before routing, and the few routes that take uploads raise it for
// themselves, before reading a byte. Without the raise, an upload route
// would still be held to the small limit (a reader wrapping a limited
// reader cannot read past it).
package bodylimit

import (
	"io"
	"net/http"
)

// body is a limited request body that remembers the unlimited one.
type body struct {
	io.ReadCloser // the limited reader
	raw           io.ReadCloser
	read          bool
}

func (b *body) Read(p []byte) (int, error) {
	b.read = true
	return b.ReadCloser.Read(p)
}

// Middleware limits every request body to n bytes; a longer body reads as
// an *http.MaxBytesError (413 to the client).
func Middleware(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Body != nil && r.Body != http.NoBody {
				r.Body = &body{ReadCloser: http.MaxBytesReader(w, r.Body, n), raw: r.Body}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// Raise replaces the request's limit with n bytes, for a route that
// accepts uploads. It must run before the body is read; afterwards, or on
// a request the middleware did not limit, it only adds the limit n (the
// smaller limit wins).
func Raise(w http.ResponseWriter, r *http.Request, n int64) {
	if b, ok := r.Body.(*body); ok && !b.read {
		r.Body = http.MaxBytesReader(w, b.raw, n)
		return
	}
	if r.Body != nil {
		r.Body = http.MaxBytesReader(w, r.Body, n)
	}
}
