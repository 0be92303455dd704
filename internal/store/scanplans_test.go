package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"
)

// TestTypesArePlanned pins that the store's plans, not pgx's reflective
// and text ones, serve the targets they are for (TestPointerScan and
// TestUUIDScan pin what they do against the database).
func TestTypesArePlanned(t *testing.T) {
	m := pgtype.NewMap()
	registerTypes(m)
	for _, c := range []struct {
		oid    uint32
		target any
		want   pgtype.ScanPlan
	}{
		{pgtype.TextOID, new(*string), &ptrScan[string]{}},
		{pgtype.UUIDOID, new(*uuid.UUID), &ptrScan[uuid.UUID]{}},
		{pgtype.TimestamptzOID, new(*time.Time), &ptrScan[time.Time]{}},
		{pgtype.Int2OID, new(*int16), &ptrScan[int16]{}},
		{pgtype.Float8OID, new(*float64), &ptrScan[float64]{}},
		{pgtype.UUIDOID, new(uuid.UUID), scanUUIDBinary{}},
	} {
		got := m.PlanScan(c.oid, pgtype.BinaryFormatCode, c.target)
		if gt, wt := typeName(got), typeName(c.want); gt != wt {
			t.Errorf("scan into %T: plan %s, want %s", c.target, gt, wt)
		}
	}
	if got := m.PlanEncode(pgtype.UUIDOID, pgtype.BinaryFormatCode, uuid.New()); typeName(got) != typeName(encodeUUIDBinary{}) {
		t.Errorf("encode uuid.UUID: plan %s", typeName(got))
	}
}

func typeName(v any) string { return fmt.Sprintf("%T", v) }
