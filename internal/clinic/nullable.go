package clinic

import (
	"errors"

	"github.com/jackc/pgx/v5"
)

// isNoRows reports a query that matched no row, before or after the
// store's translation.
func isNoRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
