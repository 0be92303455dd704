package clinic

import (
	"errors"
	"sort"
	"strings"
)

// FieldErrors is invalid input: a message per field, in words a
// receptionist understands. The keys are the JSON and form field names.
type FieldErrors map[string]string

func (f FieldErrors) Error() string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return "invalid input: " + strings.Join(keys, ", ")
}

// orNil returns f as an error when it holds a message, else nil.
func (f FieldErrors) orNil() error {
	if len(f) == 0 {
		return nil
	}
	return f
}

// ErrStale is an update whose expected version is no longer the record's:
// someone else changed it in between (HTTP 412).
var ErrStale = errors.New("the record was changed by someone else since it was read")

// StateError is an operation the record's state does not allow, such as
// finalising a prescription twice (HTTP 409).
type StateError struct{ Detail string }

func (e *StateError) Error() string { return e.Detail }

// LimitError is a plan limit reached, such as the clinic's maximum number
// of doctors (HTTP 409).
type LimitError struct{ Detail string }

func (e *LimitError) Error() string { return e.Detail }

// DuplicateError warns that a patient with the same name and phone or date
// of birth exists; registration goes ahead only when confirmed (HTTP 409).
type DuplicateError struct{ Matches []PatientSummary }

func (e *DuplicateError) Error() string { return "possible duplicate patient" }
