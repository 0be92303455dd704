package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/store"
)

// maxIdempotencyKey is the longest Idempotency-Key accepted.
const maxIdempotencyKey = 200

// idempotencyRetryAfter is the Retry-After (seconds) of a repeat that
// arrives while the first request is still running.
const idempotencyRetryAfter = "1"

// idempotent makes a create (POST) route honour Idempotency-Key: the first
// request with a key claims it (a row committed before h runs), and a 2xx
// answer is stored under it; a repeat with the same key and the same
// request gets the stored answer again, and h does not run twice. A repeat
// with another request (method, path, query or body) is 422, and one that
// arrives while the first is still running is 409 with Retry-After. An
// error or 4xx/5xx answer releases the key: nothing was created, so the
// client may fix the request and retry with the same key. Keys are the
// user's own and expire after 24 hours. Without the header, or outside a
// clinic (no actor), h runs as it is. Mount it inside auth.Clinic and
// auth.Allow:
//
//	r.With(auth.Allow(a.Error, store.RoleReceptionist)).Post("/patients", a.handle(a.idempotent(a.createPatient)))
func (a *API) idempotent(h func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		key, present := r.Header["Idempotency-Key"]
		act, ok := auth.ActorFrom(r.Context())
		if !present || !ok {
			return h(w, r)
		}
		if len(key) != 1 || !validIdempotencyKey(key[0]) {
			return httperr.Invalid("The Idempotency-Key header is not valid.",
				map[string]string{"Idempotency-Key": fmt.Sprintf("must be one value of 1 to %d printable ASCII characters", maxIdempotencyKey)})
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return bodyReadError(err)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		req := idemRequest{key: key[0], method: r.Method, path: r.URL.Path, sum: requestSum(r, body)}

		prev, claimed, err := a.claimKey(r.Context(), act.Scope, req)
		if err != nil {
			return err
		}
		if !claimed {
			return replay(w, prev, req)
		}

		rec := &recorder{header: http.Header{}}
		herr := h(rec, r)
		// The outcome is recorded even when the client has gone: the
		// create may have happened.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 5*time.Second)
		defer cancel()
		if herr != nil || rec.status() >= 400 {
			if err := a.releaseKey(ctx, act.Scope, req); err != nil {
				a.logKey(r, "release", err)
			}
			if herr != nil {
				return herr
			}
		} else if err := a.completeKey(ctx, act.Scope, req, rec); err != nil {
			// The create happened and the client gets its answer; the key
			// stays in progress until it expires (repeats get 409).
			a.logKey(r, "complete", err)
		}
		rec.flush(w)
		return nil
	}
}

func validIdempotencyKey(k string) bool {
	if k == "" || len(k) > maxIdempotencyKey {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x20 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

// bodyReadError is the answer to a body that could not be read.
func bodyReadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return httperr.New(http.StatusRequestEntityTooLarge, "too-large",
			fmt.Sprintf("The body is larger than %d KiB.", tooBig.Limit>>10))
	}
	e := httperr.New(http.StatusBadRequest, "unreadable-body", "The request body could not be read.")
	e.Err = err
	return e
}

// requestSum identifies a request: the same key may only repeat the same
// request.
func requestSum(r *http.Request, body []byte) []byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%d\n", r.Method, r.URL.Path, r.URL.RawQuery, len(body))
	h.Write(body)
	return h.Sum(nil)
}

type idemRequest struct {
	key, method, path string
	sum               []byte
}

// claimKey claims req.key for this request (claimed), or returns the live
// record of an earlier request with the key. One transaction: the claim,
// and when it loses, the read of the winner.
func (a *API) claimKey(ctx context.Context, sc store.Scope, req idemRequest) (prev dbsqlc.GetIdempotencyKeyRow, claimed bool, err error) {
	q := a.Store.Queries()
	err = a.Store.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		got, err := q.ClaimIdempotencyKey(ctx, tx, dbsqlc.ClaimIdempotencyKeyParams{
			Key: req.key, Method: req.method, Path: req.path, RequestSHA256: req.sum,
		})
		if err != nil || len(got) > 0 {
			claimed = len(got) > 0
			return err
		}
		rows, err := q.GetIdempotencyKey(ctx, tx, req.key)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			// Expired and pruned between the two statements: rare enough
			// to ask the client to try again.
			return inProgress()
		}
		prev = rows[0]
		return nil
	})
	if err != nil {
		return prev, false, fmt.Errorf("claim idempotency key: %w", err)
	}
	return prev, claimed, nil
}

func inProgress() error {
	e := httperr.New(http.StatusConflict, "idempotency-in-progress",
		"A request with this Idempotency-Key is still being processed. Retry after a moment to get its result.")
	e.Header = http.Header{"Retry-After": {idempotencyRetryAfter}}
	return e
}

// replay answers a repeat from the stored record.
func replay(w http.ResponseWriter, prev dbsqlc.GetIdempotencyKeyRow, req idemRequest) error {
	if !bytes.Equal(prev.RequestSHA256, req.sum) {
		return httperr.Invalid("This Idempotency-Key was already used for a different request. Use a new key for a new request.",
			map[string]string{"Idempotency-Key": "already used with another method, path or body"})
	}
	if prev.Status == nil {
		return inProgress()
	}
	var hdr http.Header
	if err := json.Unmarshal(prev.ResponseHeaders, &hdr); err != nil {
		return fmt.Errorf("replay idempotency key: stored headers: %w", err)
	}
	for k, vs := range hdr {
		w.Header()[k] = vs
	}
	w.WriteHeader(int(*prev.Status))
	_, _ = w.Write(prev.ResponseBody)
	return nil
}

func (a *API) completeKey(ctx context.Context, sc store.Scope, req idemRequest, rec *recorder) error {
	hdr, err := json.Marshal(rec.header)
	if err != nil {
		return err
	}
	status := int16(rec.status())
	return a.Store.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		n, err := a.Store.Queries().CompleteIdempotencyKey(ctx, tx, dbsqlc.CompleteIdempotencyKeyParams{
			Status: &status, ResponseHeaders: hdr, ResponseBody: rec.body.Bytes(), Key: req.key, RequestSHA256: req.sum,
		})
		if err == nil && n != 1 {
			err = fmt.Errorf("complete idempotency key: %d rows", n)
		}
		return err
	})
}

func (a *API) releaseKey(ctx context.Context, sc store.Scope, req idemRequest) error {
	return a.Store.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		_, err := a.Store.Queries().ReleaseIdempotencyKey(ctx, tx, dbsqlc.ReleaseIdempotencyKeyParams{
			Key: req.key, RequestSHA256: req.sum,
		})
		return err
	})
}

func (a *API) logKey(r *http.Request, what string, err error) {
	a.Log.ErrorContext(r.Context(), "idempotency key left in progress until it expires",
		slog.String("request_id", middleware.GetReqID(r.Context())), slog.String("step", what),
		slog.String("path", r.URL.Path), slog.String("error", err.Error()))
}

// recorder holds a create's answer until it is stored.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (c *recorder) Header() http.Header { return c.header }

func (c *recorder) WriteHeader(code int) {
	if c.code == 0 {
		c.code = code
	}
}

func (c *recorder) Write(b []byte) (int, error) {
	if c.code == 0 {
		c.code = http.StatusOK
	}
	return c.body.Write(b)
}

func (c *recorder) status() int {
	if c.code == 0 {
		return http.StatusOK
	}
	return c.code
}

// flush sends the recorded answer.
func (c *recorder) flush(w http.ResponseWriter) {
	for k, vs := range c.header {
		w.Header()[k] = vs
	}
	w.WriteHeader(c.status())
	_, _ = w.Write(c.body.Bytes())
}
