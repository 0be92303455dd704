// Package httperr is the one error type of the HTTP layer: what the client
// sees (status, title, detail, field messages) kept apart from what the log
// sees (the wrapped error), and the one place that maps domain and store
// errors to statuses. Pages render it as HTML, the API as RFC 9457
// problem+json.
package httperr

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Error is an HTTP-facing error. Title and Detail are safe to show; Err is
// for the log only.
type Error struct {
	Status int
	// Type is a stable slug; the API publishes it as
	// https://santkrupa.dev/problems/<Type>.
	Type   string
	Title  string
	Detail string
	// Fields holds per-field validation messages, by field name.
	Fields map[string]string
	// Header adds response headers (WWW-Authenticate, Retry-After, …).
	Header http.Header
	Err    error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%d %s: %v", e.Status, e.Type, e.Err)
	}
	return fmt.Sprintf("%d %s: %s", e.Status, e.Type, e.Detail)
}

func (e *Error) Unwrap() error { return e.Err }

// New is an error with a status, a type slug and a detail for the client.
func New(status int, typ, detail string) *Error {
	return &Error{Status: status, Type: typ, Title: http.StatusText(status), Detail: detail}
}

// NotFound is the answer for anything the caller may not know exists,
// another clinic's rows included.
func NotFound() *Error {
	return New(http.StatusNotFound, "not-found", "There is nothing here, or you do not have access to it.")
}

// Forbidden is the answer when the caller is a member but its role may not
// do this.
func Forbidden() *Error {
	return New(http.StatusForbidden, "forbidden", "Your role in this clinic does not allow this.")
}

// Unauthorized asks the client to authenticate; challenge becomes
// WWW-Authenticate (API) and is ignored by pages, which redirect to login.
func Unauthorized(detail, challenge string) *Error {
	e := New(http.StatusUnauthorized, "unauthorized", detail)
	if challenge != "" {
		e.Header = http.Header{"Www-Authenticate": {challenge}}
	}
	return e
}

// Invalid is a validation failure with per-field messages.
func Invalid(detail string, fields map[string]string) *Error {
	e := New(http.StatusUnprocessableEntity, "validation", detail)
	e.Fields = fields
	return e
}

// TooLarge refuses a request body over limit bytes.
func TooLarge(limit int64) *Error {
	return New(http.StatusRequestEntityTooLarge, "too-large",
		fmt.Sprintf("The request is too large: at most %d KiB may be sent here.", limit>>10))
}

// From turns any error into an *Error: an *Error is kept, store errors get
// their status, anything else is a 500 whose cause stays in the log.
func From(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if out := fromClinic(err); out != nil {
		out.Err = err
		return out
	}
	var se *store.Error
	if errors.As(err, &se) {
		out := fromStore(se)
		out.Err = err
		return out
	}
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		out := TooLarge(tooLarge.Limit)
		out.Err = err
		return out
	case errors.Is(err, context.DeadlineExceeded):
		out := New(http.StatusServiceUnavailable, "timeout", "The request took too long. Please try again.")
		out.Header = http.Header{"Retry-After": {"5"}}
		out.Err = err
		return out
	case errors.Is(err, context.Canceled):
		out := New(499, "canceled", "The request was canceled.")
		out.Title = "Client Closed Request"
		out.Err = err
		return out
	}
	out := New(http.StatusInternalServerError, "internal", "Something went wrong on our side. It has been logged.")
	out.Err = err
	return out
}

// fromClinic maps the domain's errors; nil when err is none of them.
func fromClinic(err error) *Error {
	var fields clinic.FieldErrors
	var state *clinic.StateError
	var lim *clinic.LimitError
	var dup *clinic.DuplicateError
	switch {
	case errors.As(err, &fields):
		return Invalid("Some fields need attention.", fields)
	case errors.Is(err, clinic.ErrStale):
		return New(http.StatusPreconditionFailed, "stale",
			"Someone else changed this record after you opened it. Reload it, then apply your change again.")
	case errors.As(err, &state):
		return New(http.StatusConflict, "state", state.Detail)
	case errors.As(err, &lim):
		return New(http.StatusConflict, "plan-limit", lim.Detail)
	case errors.As(err, &dup):
		return New(http.StatusConflict, "possible-duplicate",
			"A patient with the same name and phone or date of birth is already registered. Confirm to register anyway.")
	}
	return nil
}

func fromStore(se *store.Error) *Error {
	switch se.Kind {
	case store.ErrNotFound, store.ErrMembershipEnded:
		return NotFound()
	case store.ErrConflict:
		return New(http.StatusConflict, "conflict", conflictDetail(se.Constraint))
	case store.ErrInvalidReference:
		return New(http.StatusUnprocessableEntity, "invalid-reference",
			"A record this refers to does not exist, or you do not have access to it.")
	case store.ErrForbidden:
		return Forbidden()
	case store.ErrInvalid:
		return New(http.StatusUnprocessableEntity, "validation", "A value is not valid.")
	case store.ErrTimeout:
		e := New(http.StatusServiceUnavailable, "timeout", "The request took too long. Please try again.")
		e.Header = http.Header{"Retry-After": {"5"}}
		return e
	case store.ErrUnavailable:
		e := New(http.StatusServiceUnavailable, "unavailable",
			"The database is not reachable right now. Nothing was lost; please try again shortly.")
		e.Header = http.Header{"Retry-After": {"5"}}
		return e
	}
	return New(http.StatusInternalServerError, "internal", "Something went wrong on our side. It has been logged.")
}

// conflictDetail explains a unique violation by its constraint, in the
// user's words.
func conflictDetail(constraint string) string {
	switch constraint {
	case "users_clinic_email_key":
		return "Someone in this clinic already uses that email address."
	case "doctors_clinic_id_license_number_key":
		return "Another doctor of this clinic has that license number."
	case "patient_visits_one_open_idx":
		return "This patient already has an open visit today."
	case "users_clinic_id_oidc_issuer_oidc_subject_key":
		return "That login is already a member of this clinic."
	case "clinics_slug_key":
		return "That clinic address (slug) is taken."
	case "test_reports_supersedes_key":
		return "Someone else corrected this version of the report at the same time; open the latest version."
	case "doctors_clinic_id_user_id_key":
		return "This member already has a doctor profile."
	case "medicines_clinic_id_name_form_strength_key":
		return "The catalog already has a medicine with this name, form and strength."
	case "test_catalog_clinic_id_name_key":
		return "The test catalog already has a test with this name."
	}
	return "This conflicts with an existing record."
}

// Log writes the one log line of a refused or failed request: 4xx at info,
// 5xx at error, with the cause (which the client never sees).
func Log(log *slog.Logger, r *http.Request, e *Error) {
	attrs := []any{slog.String("request_id", middleware.GetReqID(r.Context())), slog.Int("status", e.Status),
		slog.String("type", e.Type), slog.String("path", r.URL.Path)}
	if e.Err != nil {
		attrs = append(attrs, slog.String("error", e.Err.Error()))
	}
	if e.Status >= 500 {
		log.ErrorContext(r.Context(), "request failed", attrs...)
	} else {
		log.InfoContext(r.Context(), "request refused", attrs...)
	}
}

// WriteHeaders adds the error's own response headers (WWW-Authenticate,
// Retry-After, …).
func WriteHeaders(w http.ResponseWriter, e *Error) {
	for k, vs := range e.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
}
