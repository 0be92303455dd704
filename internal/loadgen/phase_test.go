package loadgen

import (
	"context"
	"testing"

	"github.com/santkrupa/santkrupa/internal/dbtest"
)

// TestWALPosition: the probe reads the WAL position as a byte offset that
// agrees with its text form, and a write moves it forward by what it
// logged.
func TestWALPosition(t *testing.T) {
	ctx := context.Background()
	su := dbtest.Pool(t, dbtest.SuperuserURL())
	p := Probe{SU: su}
	pos0, lsn0 := p.wal(ctx)
	if lsn0 == "" {
		t.Fatal("no WAL position read")
	}
	var asText int64
	if err := su.QueryRow(ctx, `SELECT ($1::pg_lsn - '0/0'::pg_lsn)::bigint`, lsn0).Scan(&asText); err != nil {
		t.Fatal(err)
	}
	if asText < pos0 {
		t.Fatalf("offset %d is past its own text %s (%d)", pos0, lsn0, asText)
	}
	// A write of about 100 KB, rolled back: its WAL is generated all the
	// same (in a transaction no other test sees).
	tx, err := su.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `CREATE TABLE wal_probe AS SELECT g, repeat('x', 100) AS pad FROM generate_series(1, 1000) AS g`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	pos1, lsn1 := p.wal(ctx)
	if pos1-pos0 < 100_000 {
		t.Fatalf("WAL moved %d bytes (%s → %s) over a write of 100 KB", pos1-pos0, lsn0, lsn1)
	}
}
