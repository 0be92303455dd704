package api

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/httperr"
)

// list is the shape of every list response: the items of one page and the
// URL of the next, null on the last page.
type list[T any] struct {
	Items []T     `json:"items"`
	Next  *string `json:"next"`
}

// writeList converts a page and links its next page: the request's URL
// with the cursor replaced.
func writeList[S, T any](w http.ResponseWriter, r *http.Request, p clinic.Page[S], conv func(S) T) error {
	var next *string
	if p.Next != "" {
		q := r.URL.Query()
		q.Set("cursor", p.Next)
		u := (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
		next = &u
	}
	if appendable[T]() {
		return writeJSON(w, http.StatusOK, appendedList[S, T]{items: p.Items, conv: conv, next: next})
	}
	out := list[T]{Items: make([]T, 0, len(p.Items)), Next: next}
	for _, it := range p.Items {
		out.Items = append(out.Items, conv(it))
	}
	return writeJSON(w, http.StatusOK, out)
}

// appendable reports whether T writes its own JSON.
func appendable[T any]() bool {
	_, ok := any((*T)(nil)).(jsonAppender)
	return ok
}

// appendedList is a page whose items write their own JSON (appendable).
// Each item is converted as it is written, into one T: a page of 50
// patients converted up front was a 16 KB slice made for one answer.
type appendedList[S, T any] struct {
	items []S
	conv  func(S) T
	next  *string
}

func (l appendedList[S, T]) appendJSON(b []byte) ([]byte, error) {
	b = slices.Grow(b, 1024*len(l.items)) // a patient is 600–900 bytes
	b = append(b, `{"items":[`...)
	var item T
	a := any(&item).(jsonAppender)
	for i, it := range l.items {
		if i > 0 {
			b = append(b, ',')
		}
		item = l.conv(it)
		var err error
		if b, err = a.appendJSON(b); err != nil {
			return b, err
		}
	}
	b = append(b, `],"next":`...)
	b = appendJSONStringPtr(b, l.next)
	return append(b, '}'), nil
}

// pageParams reads limit (1–200) and cursor from the query.
func pageParams(r *http.Request, fields map[string]string) (limit int, cursor string) {
	q := r.URL.Query()
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > clinic.MaxPageSize {
			fields["limit"] = "must be an integer from 1 to 200"
		}
		limit = n
	}
	return limit, q.Get("cursor")
}

// queryInvalid is the answer to bad query parameters.
func queryInvalid(fields map[string]string) error {
	return httperr.Invalid("Some query parameters are not valid.", fields)
}
