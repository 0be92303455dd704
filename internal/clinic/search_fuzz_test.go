package clinic_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// FuzzFindPatients sends search terms of every shape (SQL metacharacters,
// LIKE wildcards, NUL bytes, invalid UTF-8, very long text) through the
// real search under row-level security: the answer is matching patients
// or field messages, never another error, and a name search returns only
// names with that prefix.
func FuzzFindPatients(f *testing.F) {
	st := dbtest.Store(f)
	c := dbtest.NewClinic(f, st, 3)
	svc := clinic.New(st, clinic.Options{})
	sc := c.Scope(store.RoleReceptionist)
	for _, seed := range []string{"a", "%", "_", "%%", "a_b", "' OR 1=1 --", "\x00", "\xff\xfe", "PT-%",
		"Robert'); DROP TABLE patients;--", strings.Repeat("a", 10000), "+91 98220", "\\", "ा"} {
		f.Add(seed, uint8(0))
		f.Add(seed, uint8(1))
		f.Add(seed, uint8(2))
	}
	f.Fuzz(func(t *testing.T, term string, mode uint8) {
		var q clinic.PatientQuery
		switch mode % 4 {
		case 0:
			q.NamePrefix = term
		case 1:
			q.Phone = term
		case 2:
			q.Number = term
		default:
			q.Cursor = term
		}
		page, err := svc.FindPatients(context.Background(), sc, q)
		if err != nil {
			var fe clinic.FieldErrors
			if !errors.As(err, &fe) {
				t.Fatalf("FindPatients(%+v): %v; want results or field messages", q, err)
			}
			return
		}
		prefix := strings.ToLower(strings.TrimSpace(q.NamePrefix))
		for _, p := range page.Items {
			if p.ClinicID != c.ID {
				t.Fatalf("another clinic's patient %s", p.ID)
			}
			if prefix != "" && !strings.HasPrefix(strings.ToLower(p.Name), prefix) {
				t.Fatalf("name search %q returned %q", prefix, p.Name)
			}
		}
	})
}
