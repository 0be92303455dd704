package dbsqlc_test

import (
	"cmp"
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// TestVisitDayMatchesVisitDetails: ListVisitDay, the queue's statement,
// returns what ListVisitDetails returns for the same day, filters and
// cursor, row for row, page after page; and a cursor from another day
// keeps ListVisitDetails's meaning (an earlier day's cursor: nothing; a
// later day's: the whole day).
func TestVisitDayMatchesVisitDetails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 40)
	q := st.Queries()
	err := st.Read(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		all, err := q.ListVisitDetails(ctx, tx, dbsqlc.ListVisitDetailsParams{MaxRows: 10000})
		if err != nil {
			return err
		}
		// The busiest days (the seeded history may put them all on one), and
		// every filter value they hold.
		byDay := map[time.Time]int{}
		statuses, doctors := map[string]bool{}, map[uuid.UUID]bool{}
		for _, r := range all {
			byDay[r.PatientVisit.VisitDate]++
			statuses[r.PatientVisit.Status] = true
			if r.PatientVisit.DoctorID != nil {
				doctors[*r.PatientVisit.DoctorID] = true
			}
		}
		var days []time.Time
		for d := range byDay {
			days = append(days, d)
		}
		slices.SortFunc(days, func(a, b time.Time) int { return cmp.Compare(byDay[b], byDay[a]) })
		days = days[:min(len(days), 4)]
		if byDay[days[0]] < 10 || len(statuses) < 2 || len(doctors) < 2 {
			t.Fatalf("fixture: %d days (the busiest with %d visits), %d statuses, %d doctors; the comparison would prove little",
				len(days), byDay[days[0]], len(statuses), len(doctors))
		}
		type filter struct {
			status *string
			doctor *uuid.UUID
		}
		filters := []filter{{}}
		for s := range statuses {
			filters = append(filters, filter{status: &s})
		}
		for d := range doctors {
			filters = append(filters, filter{doctor: &d})
		}
		compared := 0
		for _, day := range days {
			for _, f := range filters {
				details := dbsqlc.ListVisitDetailsParams{VisitDate: &day, Status: f.status, DoctorID: f.doctor, MaxRows: 2}
				dayp := dbsqlc.ListVisitDayParams{VisitDate: day, Status: f.status, DoctorID: f.doctor,
					AfterDate: day.AddDate(0, 0, 1), MaxRows: 2}
				for page := 0; ; page++ {
					want, err := q.ListVisitDetails(ctx, tx, details)
					if err != nil {
						return err
					}
					got, err := q.ListVisitDay(ctx, tx, dayp)
					if err != nil {
						return err
					}
					if len(got) != len(want) {
						t.Fatalf("day %s, filter %+v, page %d: %d rows, want %d", day.Format(time.DateOnly), f, page, len(got), len(want))
					}
					for i := range want {
						if !reflect.DeepEqual(dbsqlc.ListVisitDetailsRow(got[i]), want[i]) {
							t.Fatalf("day %s, page %d, row %d:\n got %+v\nwant %+v", day.Format(time.DateOnly), page, i, got[i], want[i])
						}
						compared++
					}
					if len(want) < 2 {
						break
					}
					last := want[len(want)-1]
					rank, token := last.PriorityRank, last.PatientVisit.Token
					details.AfterDate, details.AfterRank, details.AfterToken = &last.PatientVisit.VisitDate, &rank, &token
					dayp.AfterDate, dayp.AfterRank, dayp.AfterToken = last.PatientVisit.VisitDate, rank, token
				}
			}
			// A cursor from another day.
			for _, other := range []time.Time{day.AddDate(0, 0, -1), day.AddDate(0, 0, 5)} {
				rank, token := int32(1), int32(1)
				want, err := q.ListVisitDetails(ctx, tx, dbsqlc.ListVisitDetailsParams{VisitDate: &day,
					AfterDate: &other, AfterRank: &rank, AfterToken: &token, MaxRows: 1000})
				if err != nil {
					return err
				}
				got, err := q.ListVisitDay(ctx, tx, dbsqlc.ListVisitDayParams{VisitDate: day,
					AfterDate: other, AfterRank: rank, AfterToken: token, MaxRows: 1000})
				if err != nil {
					return err
				}
				if len(got) != len(want) {
					t.Fatalf("day %s, cursor of %s: %d rows, want %d", day.Format(time.DateOnly), other.Format(time.DateOnly), len(got), len(want))
				}
			}
		}
		if compared < 20 {
			t.Fatalf("compared %d rows; the fixture is too small to say anything", compared)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
