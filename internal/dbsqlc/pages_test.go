package dbsqlc_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// TestPatientPagesMatchGenerated: each hand-written page method returns
// what the generated method it stands in for returns, row for row and
// field for field, with its room made once. A column added to patients
// makes the hand-written scan fail here.
func TestPatientPagesMatchGenerated(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 40)
	q := st.Queries()
	err := st.Read(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		everyone := dbsqlc.ListPatientsParams{
			AfterCreatedAt: pgtype.Timestamptz{Time: time.Now().Add(time.Hour), Valid: true}, MaxRows: 500}
		all, err := q.ListPatients(ctx, tx, everyone)
		if err != nil || len(all) != 40 {
			t.Fatalf("list: %d patients, %v", len(all), err)
		}
		var phone string
		for _, p := range all {
			if p.PhoneKey != nil && *p.PhoneKey != "" {
				phone = *p.PhoneKey
				break
			}
		}
		if phone == "" {
			t.Fatal("no seeded patient has a phone")
		}
		mid := all[len(all)/2]
		type run func() ([]dbsqlc.Patient, error)
		type pageCase struct {
			name           string
			generated, got run
			room           int
		}
		var cases []pageCase
		for _, p := range []dbsqlc.ListPatientsParams{
			everyone,
			{AfterCreatedAt: everyone.AfterCreatedAt, MaxRows: 7},
			{AfterCreatedAt: pgtype.Timestamptz{Time: mid.CreatedAt, Valid: true}, AfterID: mid.ID, MaxRows: 50},
		} {
			cases = append(cases, pageCase{"list", func() ([]dbsqlc.Patient, error) { return q.ListPatients(ctx, tx, p) },
				func() ([]dbsqlc.Patient, error) { return q.ListPatientsPage(ctx, tx, p) }, int(p.MaxRows)})
		}
		afterName := *mid.NameSearch
		for _, p := range []dbsqlc.SearchPatientsByNamePrefixParams{
			{Prefix: "", MaxRows: 20},
			{Prefix: (*mid.NameSearch)[:1], MaxRows: 50},
			{Prefix: "", AfterName: &afterName, AfterID: &mid.ID, MaxRows: 20},
			{Prefix: "no such name", MaxRows: 20},
		} {
			cases = append(cases, pageCase{"name", func() ([]dbsqlc.Patient, error) { return q.SearchPatientsByNamePrefix(ctx, tx, p) },
				func() ([]dbsqlc.Patient, error) { return q.SearchPatientsByNamePrefixPage(ctx, tx, p) }, int(p.MaxRows)})
		}
		for _, p := range []dbsqlc.SearchPatientsByPhoneParams{
			{Digits: phone, MaxRows: 20},
			{Digits: "0000000000", MaxRows: 20},
		} {
			cases = append(cases, pageCase{"phone", func() ([]dbsqlc.Patient, error) { return q.SearchPatientsByPhone(ctx, tx, p) },
				func() ([]dbsqlc.Patient, error) { return q.SearchPatientsByPhonePage(ctx, tx, p) }, int(p.MaxRows)})
		}
		found := 0
		for i, tc := range cases {
			want, err := tc.generated()
			if err != nil {
				t.Fatalf("%s %d: generated: %v", tc.name, i, err)
			}
			got, err := tc.got()
			if err != nil {
				t.Fatalf("%s %d: page: %v", tc.name, i, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %d: page differs from the generated method:\n got %+v\nwant %+v", tc.name, i, got, want)
			}
			if cap(got) != tc.room {
				t.Errorf("%s %d: room for %d rows, want %d made at once", tc.name, i, cap(got), tc.room)
			}
			found += len(got)
		}
		if found == 0 {
			t.Error("no case found a patient: the comparison proved nothing")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
