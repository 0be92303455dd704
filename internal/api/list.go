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
	out := list[T]{Items: make([]T, 0, len(p.Items))}
	for _, it := range p.Items {
		out.Items = append(out.Items, conv(it))
	}
	if p.Next != "" {
		q := r.URL.Query()
		q.Set("cursor", p.Next)
		next := (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
		out.Next = &next
	}
	if appendable[T]() {
		return writeJSON(w, http.StatusOK, appendedList[T](out))
	}
	return writeJSON(w, http.StatusOK, out)
}

// appendable reports whether T writes its own JSON.
func appendable[T any]() bool {
	var zero T
	_, ok := any(&zero).(jsonAppender)
	return ok
}

// appendedList is a list whose items write their own JSON (appendable).
type appendedList[T any] list[T]

func (l appendedList[T]) appendJSON(b []byte) ([]byte, error) {
	b = slices.Grow(b, 1024*len(l.Items)) // a patient is 600–900 bytes
	b = append(b, `{"items":[`...)
	for i := range l.Items {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = any(&l.Items[i]).(jsonAppender).appendJSON(b); err != nil {
			return b, err
		}
	}
	b = append(b, `],"next":`...)
	b = appendJSONStringPtr(b, l.Next)
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
