package store_test

import (
	"context"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/santkrupa/santkrupa/internal/dbtest"
)

// TestUUIDScan pins the store's binary uuid scan and encoding: values and
// pointers as parameters (a nil one is NULL), and scans of values, NULL into a
// pointer, arrays, and NULL into a plain uuid.UUID as uuid.Nil (as
// uuid.UUID's own Scan does, which the queries rely on).
func TestUUIDScan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.Pool(t, dbtest.AppURL())
	want := uuid.New()
	var (
		got     uuid.UUID
		some    *uuid.UUID
		none    *uuid.UUID
		list    []uuid.UUID
		asText  string
		fromTxt uuid.UUID
	)
	var nilParam *uuid.UUID
	var isNull bool
	err := pool.QueryRow(ctx, "SELECT $1::uuid, $1::uuid, NULL::uuid, ARRAY[$1::uuid, $3::uuid], $1::uuid::text, $2::text::uuid, $4::uuid IS NULL",
		want, want.String(), &want, nilParam).Scan(&got, &some, &none, &list, &asText, &fromTxt, &isNull)
	if err != nil {
		t.Fatal(err)
	}
	if got != want || some == nil || *some != want || none != nil || len(list) != 2 || list[1] != want ||
		asText != want.String() || fromTxt != want || !isNull {
		t.Errorf("scanned %v %v %v %v %q %v, want %v", got, some, none, list, asText, fromTxt, want)
	}
	if err := pool.QueryRow(ctx, "SELECT NULL::uuid").Scan(&got); err != nil || got != uuid.Nil {
		t.Errorf("NULL into a uuid.UUID: %v, %v; want uuid.Nil", got, err)
	}
}

// TestPointerScan pins the store's scan into nullable pointers: NULL gives
// nil (also over a pointer that was set), a value a new pointer to it, and
// a value that does not fit is an error, as with pgx's own plan.
func TestPointerScan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.Pool(t, dbtest.AppURL())
	was := "was set"
	var (
		nullText = &was
		text     *string
		at       *time.Time
		small    *int16
		mid      *int32
		big      *int64
		real     *float64
		flag     *bool
		id       *uuid.UUID
		noTime   *time.Time
	)
	err := pool.QueryRow(ctx, `SELECT NULL::text, 'x'::text, '2026-11-27 10:00:00+00'::timestamptz, 5::int2, 6::int4,
		7::int8, 1.5::float8, true, '11111111-2222-3333-4444-555555555555'::uuid, NULL::timestamptz`).
		Scan(&nullText, &text, &at, &small, &mid, &big, &real, &flag, &id, &noTime)
	if err != nil {
		t.Fatal(err)
	}
	if nullText != nil || text == nil || *text != "x" || at == nil || !at.Equal(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)) ||
		small == nil || *small != 5 || mid == nil || *mid != 6 || big == nil || *big != 7 || real == nil || *real != 1.5 ||
		flag == nil || !*flag || id == nil || id.String() != "11111111-2222-3333-4444-555555555555" || noTime != nil {
		t.Errorf("scanned %v %v %v %v %v %v %v %v %v %v", nullText, text, at, small, mid, big, real, flag, id, noTime)
	}
	if err := pool.QueryRow(ctx, "SELECT 70000::int4").Scan(&small); err == nil {
		t.Errorf("70000 scanned into an *int16: %v", *small)
	}
}

// TestNumericScan: the float64 the store's numericCodec scans is the one
// pgx's own path (a pgtype.Numeric and its Float64Value) makes of the same
// binary value, or both refuse it.
func TestNumericScan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.Pool(t, dbtest.AppURL())
	values := []string{"0", "-0", "0.00", "1", "-1", "61.50", "123.45", "-99999.99", "0.0001", "0.00001", "1e-20",
		"12345678901234567890.123456789", "1e300", "1.7976931348623157e308", "2e308", "1e-320", "1e-400", "NaN",
		"Infinity", "-Infinity", "3.14159265358979323846264338327950288", "0.1", "0.2", "0.30000000000000004",
		"9007199254740993", "10000", "100000000", "0.000100000000"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		digits := make([]byte, 1+r.IntN(30))
		for i := range digits {
			digits[i] = byte('0' + r.IntN(10))
		}
		v := string(digits)
		if p := r.IntN(len(digits) + 1); p < len(digits) {
			v = v[:p] + "." + v[p:]
		}
		if r.IntN(2) == 0 {
			v = "-" + v
		}
		values = append(values, v+"e"+strconv.Itoa(r.IntN(80)-40))
	}
	rows, err := pool.Query(ctx, "SELECT v::numeric FROM unnest($1::text[]) AS v", values)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	pgxOwn := pgtype.NewMap()
	i := 0
	for rows.Next() {
		raw := rows.RawValues()[0]
		var got, want float64
		gotErr := rows.Conn().TypeMap().Scan(pgtype.NumericOID, pgtype.BinaryFormatCode, raw, &got)
		wantErr := pgxOwn.Scan(pgtype.NumericOID, pgtype.BinaryFormatCode, raw, &want)
		switch {
		case (gotErr != nil) != (wantErr != nil):
			t.Errorf("%s: error %v, pgx's %v", values[i], gotErr, wantErr)
		case gotErr == nil && math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)):
			t.Errorf("%s: %v, pgx's %v", values[i], got, want)
		}
		i++
	}
	if err := rows.Err(); err != nil || i != len(values) {
		t.Fatalf("%d of %d rows: %v", i, len(values), err)
	}
}
