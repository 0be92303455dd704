package clinic

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"
)

// Lists are keyset-paginated: a cursor is the sort key of the last item
// of a page, opaque to clients (base64url of a small JSON array). Rows
// inserted while a client pages cannot shift what it sees.

// ErrBadCursor is a cursor this server did not make.
var ErrBadCursor = errors.New("invalid cursor")

// MaxCursorLen bounds a cursor before it is decoded.
const MaxCursorLen = 512

// Page is one page of a list; Next is empty on the last page.
type Page[T any] struct {
	Items []T
	Next  string
}

// cursorKey is the sort key a cursor carries: a time or a text, then an id.
type cursorKey struct {
	T  time.Time `json:"t,omitzero"`
	S  string    `json:"s,omitempty"`
	N  int64     `json:"n,omitempty"`
	ID uuid.UUID `json:"id"`
}

func encodeCursor(k cursorKey) string {
	b, _ := json.Marshal(k) // cannot fail: fixed types
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor parses a cursor; "" is the first page (ok false).
func decodeCursor(s string) (k cursorKey, ok bool, err error) {
	if s == "" {
		return k, false, nil
	}
	if len(s) > MaxCursorLen {
		return k, false, ErrBadCursor
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return k, false, ErrBadCursor
	}
	if err := json.Unmarshal(b, &k); err != nil || k.ID == uuid.Nil {
		return k, false, ErrBadCursor
	}
	return k, true, nil
}

// limit clamps a requested page size: 0 means def, above max is max.
func limit(n, def, max int) int32 {
	if n <= 0 {
		return int32(def)
	}
	if n > max {
		return int32(max)
	}
	return int32(n)
}
