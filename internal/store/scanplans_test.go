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
		{pgtype.NumericOID, new(*float64), &ptrScan[float64]{}},
		{pgtype.NumericOID, new(float64), scanNumericFloat64{}},
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

// TestNumericScanRefusesMalformed: a binary numeric cut short, with an
// unknown sign or a digit beyond 9999 is an error, not a number.
func TestNumericScanRefusesMalformed(t *testing.T) {
	var f float64
	for _, bad := range [][]byte{{0, 1}, {0, 1, 0, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0x12, 0x34, 0, 0, 0, 1}, {0, 1, 0, 0, 0, 0, 0, 0, 0x27, 0x10}} {
		if err := (scanNumericFloat64{}).Scan(bad, &f); err == nil {
			t.Errorf("% x scanned as %v", bad, f)
		}
	}
}
