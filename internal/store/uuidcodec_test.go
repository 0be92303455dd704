package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

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
