package dbsqlc_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// TestPatientPagesMatchGenerated: each hand-written page method returns
// what the generated method it stands in for returns, row for row and
// field for field, with its room made once, except the columns no page
// shows, which it leaves nil. A column added to patients makes the
// hand-written scan fail here.
func TestPatientPagesMatchGenerated(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 40)
	// One patient with every column set, so that a column a page failed
	// to decode would show; the legacy id is set only by an import.
	dob, age, weight, key := time.Date(1980, 5, 17, 0, 0, 0, 0, time.UTC), int32(46), 61.5, uuid.New()
	full, err := clinic.New(st, clinic.Options{}).RegisterPatient(ctx, c.Scope(store.RoleReceptionist), clinic.PatientInput{
		Name: "Every Column", DateOfBirth: &dob, AgeYears: &age, Sex: "female", Phone: "+91 98220 11223",
		Email: "every@example.com", Address: "1 Tilak Road, Pune", WeightKg: &weight, BloodGroup: "O+",
		Allergies: "sulfa", EmergencyContactName: "Next Of Kin", EmergencyContactPhone: "+91 98220 44556",
		FormKey: &key}, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dbtest.Pool(t, dbtest.SuperuserURL()).Exec(ctx,
		"UPDATE patients SET legacy_id = 'legacy-1' WHERE id = $1", full.ID); err != nil {
		t.Fatal(err)
	}
	q := st.Queries()
	err = st.Read(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		everyone := dbsqlc.ListPatientsParams{
			AfterCreatedAt: pgtype.Timestamptz{Time: time.Now().Add(time.Hour), Valid: true}, MaxRows: 500}
		all, err := q.ListPatients(ctx, tx, everyone)
		if err != nil || len(all) != 41 {
			t.Fatalf("list: %d patients, %v", len(all), err)
		}
		// Every field is set in some row, so each comparison below sees it.
		for f := range reflect.TypeFor[dbsqlc.Patient]().NumField() {
			set := false
			for _, p := range all {
				set = set || !reflect.ValueOf(p).Field(f).IsZero()
			}
			if !set {
				t.Fatalf("no patient has %s set: the fixture would hide a column left undecoded",
					reflect.TypeFor[dbsqlc.Patient]().Field(f).Name)
			}
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
		// unshown blanks what a page leaves nil: the search keys and the
		// form key, and name_search outside the searches.
		unshown := func(name string, ps []dbsqlc.Patient) (blanked int) {
			for i := range ps {
				p := &ps[i]
				if p.PhoneDigits != nil || p.PhoneKey != nil || (name == "list" && p.NameSearch != nil) {
					blanked++
				}
				p.PhoneDigits, p.PhoneKey, p.FormKey = nil, nil, nil
				if name == "list" {
					p.NameSearch = nil
				}
			}
			return blanked
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
		found, blanked := 0, 0
		for i, tc := range cases {
			want, err := tc.generated()
			if err != nil {
				t.Fatalf("%s %d: generated: %v", tc.name, i, err)
			}
			blanked += unshown(tc.name, want)
			got, err := tc.got()
			if err != nil {
				t.Fatalf("%s %d: page: %v", tc.name, i, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %d: page differs from the generated method: %s", tc.name, i, firstDifference(got, want))
			}
			if cap(got) != tc.room {
				t.Errorf("%s %d: room for %d rows, want %d made at once", tc.name, i, cap(got), tc.room)
			}
			found += len(got)
		}
		if found == 0 || blanked == 0 {
			t.Errorf("%d patients found, %d with unshown columns set: the comparison proved nothing", found, blanked)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// firstDifference names the first row and field where two pages differ.
func firstDifference(got, want []dbsqlc.Patient) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d rows, want %d", len(got), len(want))
	}
	for r := range got {
		g, w := reflect.ValueOf(got[r]), reflect.ValueOf(want[r])
		for f := range g.NumField() {
			if !reflect.DeepEqual(g.Field(f).Interface(), w.Field(f).Interface()) {
				return fmt.Sprintf("row %d, %s: %s, want %s", r, g.Type().Field(f).Name, show(g.Field(f)), show(w.Field(f)))
			}
		}
	}
	return "room or order"
}

func show(v reflect.Value) string {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "nil"
		}
		v = v.Elem()
	}
	return fmt.Sprintf("%v", v.Interface())
}
