package api

import (
	"net/http"
	"net/url"
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
	return writeJSON(w, http.StatusOK, out)
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
