package store

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// A transaction the database aborted to resolve a deadlock or a
// serialization conflict wrote nothing and can be retried: it is answered
// like a timeout (503 with Retry-After), never as a server fault.
func TestTranslateRetriableAborts(t *testing.T) {
	for _, code := range []string{"40001", "40P01"} {
		err := translate(fmt.Errorf("check in: %w", &pgconn.PgError{Code: code}))
		if !errors.Is(err, ErrTimeout) {
			t.Errorf("SQLSTATE %s: %v, want ErrTimeout", code, err)
		}
	}
}
