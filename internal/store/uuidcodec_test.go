package store_test

import (
	"context"
	"testing"

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
