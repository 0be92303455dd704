package httperr_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The statuses clients retry on, and the ones they must not: a database
// outage or a slow statement is 503 with Retry-After, an oversized body
// 413, anything unknown a 500 whose cause stays out of the detail.
func TestFromStatuses(t *testing.T) {
	t.Parallel()
	cause := errors.New("dial tcp 10.0.0.1:5432: connect: connection refused")
	cases := []struct {
		name       string
		err        error
		status     int
		typ        string
		retryAfter bool
	}{
		{"database unavailable", &store.Error{Kind: store.ErrUnavailable, Err: cause}, 503, "unavailable", true},
		{"statement timeout", fmt.Errorf("list: %w", &store.Error{Kind: store.ErrTimeout, Err: cause}), 503, "timeout", true},
		{"request deadline", fmt.Errorf("find session: %w", context.DeadlineExceeded), 503, "timeout", true},
		{"body too large", fmt.Errorf("parse: %w", &http.MaxBytesError{Limit: 1 << 20}), 413, "too-large", false},
		{"forbidden by the policies", &store.Error{Kind: store.ErrForbidden, Err: cause}, 403, "forbidden", false},
		{"unknown", cause, 500, "internal", false},
	}
	for _, tc := range cases {
		e := httperr.From(tc.err)
		if e.Status != tc.status || e.Type != tc.typ || (e.Header.Get("Retry-After") != "") != tc.retryAfter {
			t.Errorf("%s: %d %s Retry-After %q; want %d %s retry %v", tc.name, e.Status, e.Type,
				e.Header.Get("Retry-After"), tc.status, tc.typ, tc.retryAfter)
		}
		if strings.Contains(e.Detail, "dial") {
			t.Errorf("%s: detail shows the cause: %q", tc.name, e.Detail)
		}
	}
	if e := httperr.TooLarge(1 << 20); !strings.Contains(e.Detail, "1024 KiB") {
		t.Errorf("413 detail %q does not name the limit", e.Detail)
	}
}
