package auth

import (
	"net/http"
)

// confirmWriter holds back a response to a request that acts on a
// remembered membership until the database has confirmed that membership.
// Most handlers run a statement first, whose context statement confirms it
// in the same round trip; for the others (those that answer from the actor
// alone) the first write runs the confirmation on its own. When the
// membership is not confirmed, the handler's response is dropped and the
// Clinic middleware answers 404 instead, as for any non-member.
type confirmWriter struct {
	http.ResponseWriter
	confirm func() bool // reports whether the membership is confirmed
	header  http.Header // the headers set before the handler, to restore
	checked bool
	ok      bool
}

func newConfirmWriter(w http.ResponseWriter, confirm func() bool) *confirmWriter {
	return &confirmWriter{ResponseWriter: w, confirm: confirm, header: w.Header().Clone()}
}

func (w *confirmWriter) confirmed() bool {
	if !w.checked {
		w.checked = true
		w.ok = w.confirm()
	}
	return w.ok
}

func (w *confirmWriter) WriteHeader(code int) {
	if w.confirmed() {
		w.ResponseWriter.WriteHeader(code)
	}
}

func (w *confirmWriter) Write(b []byte) (int, error) {
	if w.confirmed() {
		return w.ResponseWriter.Write(b)
	}
	return len(b), nil // dropped: the request is answered with 404
}

// Flush sends the headers too, so it waits for the confirmation as well.
func (w *confirmWriter) Flush() {
	if w.confirmed() {
		_ = http.NewResponseController(w.ResponseWriter).Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *confirmWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// refused reports whether the response was held back because the
// membership was not confirmed; it then restores the headers the handler
// had set, so that the 404 carries none of them.
func (w *confirmWriter) refused() bool {
	if !w.checked || w.ok {
		return false
	}
	h := w.ResponseWriter.Header()
	clear(h)
	for k, v := range w.header {
		h[k] = v
	}
	return true
}
