package dbsqlc_test

import (
	"cmp"
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// visitRow is a row of either visit list; the two have the same columns.
type visitRow = dbsqlc.ListPatientVisitDetailsRow

// queueOrder is the lists' order: newest day first, then rank, then token.
func queueOrder(a, b visitRow) int {
	if c := b.PatientVisit.VisitDate.Compare(a.PatientVisit.VisitDate); c != 0 {
		return c
	}
	if c := cmp.Compare(a.PriorityRank, b.PriorityRank); c != 0 {
		return c
	}
	return cmp.Compare(a.PatientVisit.Token, b.PatientVisit.Token)
}

// visitFilter is the lists' optional filters.
type visitFilter struct {
	day    *time.Time
	status *string
	doctor *uuid.UUID
}

func (f visitFilter) keeps(r visitRow) bool {
	v := r.PatientVisit
	return (f.day == nil || v.VisitDate.Equal(*f.day)) && (f.status == nil || v.Status == *f.status) &&
		(f.doctor == nil || (v.DoctorID != nil && *v.DoctorID == *f.doctor))
}

// TestVisitListsAgree: the queue's statement (ListVisitDay, by day) and a
// patient's history (ListPatientVisitDetails, by patient) list the same
// visits with the same columns; each lists in queue order; and each, page
// by page with every filter, returns its whole list filtered in Go. A
// cursor from another day keeps its meaning: an earlier day's gives
// nothing of the day, a later day's the whole day.
func TestVisitListsAgree(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 40)
	q := st.Queries()
	farDay := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	listPatients := func(tx dbsqlc.DBTX) ([]dbsqlc.Patient, error) {
		return q.ListPatients(ctx, tx, clinic.NewestPatients(1000))
	}
	// One patient with six more visits today, of every priority and both
	// doctors, beside the seeded history.
	err := st.Tx(ctx, c.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		patients, err := listPatients(tx)
		if err != nil {
			return err
		}
		docs, err := q.ListDoctors(ctx, tx)
		if err != nil || len(docs) < 2 {
			t.Fatalf("fixture: doctors %d, %v", len(docs), err)
		}
		open, err := q.ListPatientVisits(ctx, tx, patients[0].ID)
		if err != nil {
			return err
		}
		for _, v := range open {
			if v.Status == "checked_in" || v.Status == "in_consultation" {
				if _, err := q.CompleteVisit(ctx, tx, v.ID); err != nil {
					return err
				}
			}
		}
		for i := range 6 {
			v, err := q.CheckInPatient(ctx, tx, dbsqlc.CheckInPatientParams{PatientID: patients[0].ID,
				DoctorID: &docs[i%2].ID, Purpose: "Review", Priority: []string{"normal", "urgent", "emergency"}[i%3]})
			if err != nil {
				return err
			}
			if i < 5 {
				if _, err := q.CompleteVisit(ctx, tx, v.ID); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = st.Read(ctx, c.Scope(store.RoleReceptionist), func(tx dbsqlc.DBTX) error {
		patients, err := listPatients(tx)
		if err != nil {
			return err
		}
		history := func(p uuid.UUID, f visitFilter, after visitRow, max int32) ([]visitRow, error) {
			return q.ListPatientVisitDetails(ctx, tx, dbsqlc.ListPatientVisitDetailsParams{PatientID: p,
				VisitDate: f.day, Status: f.status, DoctorID: f.doctor, AfterDate: after.PatientVisit.VisitDate,
				AfterRank: after.PriorityRank, AfterToken: after.PatientVisit.Token, MaxRows: max})
		}
		day := func(d time.Time, f visitFilter, after visitRow, max int32) ([]visitRow, error) {
			rows, err := q.ListVisitDay(ctx, tx, dbsqlc.ListVisitDayParams{VisitDate: d, Status: f.status,
				DoctorID: f.doctor, AfterDate: after.PatientVisit.VisitDate, AfterRank: after.PriorityRank,
				AfterToken: after.PatientVisit.Token, MaxRows: max})
			out := make([]visitRow, 0, len(rows))
			for _, r := range rows {
				out = append(out, visitRow(r))
			}
			return out, err
		}
		start := func(d time.Time) visitRow { // a cursor before every visit of d and earlier
			var r visitRow
			r.PatientVisit.VisitDate = d
			return r
		}

		// Every patient's whole history, by visit.
		byID := map[uuid.UUID]visitRow{}
		var busiest []uuid.UUID // patients with the most visits first
		visits := map[uuid.UUID]int{}
		for _, p := range patients {
			rows, err := history(p.ID, visitFilter{}, start(farDay), 10000)
			if err != nil {
				return err
			}
			if !slices.IsSortedFunc(rows, queueOrder) {
				t.Fatalf("patient %s: history not in queue order", p.ID)
			}
			for _, r := range rows {
				if r.PatientVisit.PatientID != p.ID {
					t.Fatalf("patient %s's history lists a visit of %s", p.ID, r.PatientVisit.PatientID)
				}
				byID[r.PatientVisit.ID] = r
			}
			visits[p.ID] = len(rows)
			busiest = append(busiest, p.ID)
		}
		slices.SortFunc(busiest, func(a, b uuid.UUID) int { return cmp.Compare(visits[b], visits[a]) })

		// Every day's whole list: the same visits, row for row.
		byDay := map[time.Time]int{}
		statuses, doctors := map[string]bool{}, map[uuid.UUID]bool{}
		for _, r := range byID {
			byDay[r.PatientVisit.VisitDate]++
			statuses[r.PatientVisit.Status] = true
			if r.PatientVisit.DoctorID != nil {
				doctors[*r.PatientVisit.DoctorID] = true
			}
		}
		listed := 0
		for d := range byDay {
			rows, err := day(d, visitFilter{}, start(d.AddDate(0, 0, 1)), 10000)
			if err != nil {
				return err
			}
			if !slices.IsSortedFunc(rows, queueOrder) {
				t.Fatalf("day %s: not in queue order", d.Format(time.DateOnly))
			}
			for _, r := range rows {
				if want, ok := byID[r.PatientVisit.ID]; !ok || !reflect.DeepEqual(r, want) {
					t.Fatalf("day %s lists\n %+v\nthe patient's history has\n %+v", d.Format(time.DateOnly), r, want)
				}
			}
			listed += len(rows)
		}
		if listed != len(byID) {
			t.Fatalf("the days list %d visits, the histories %d", listed, len(byID))
		}
		var days []time.Time
		for d := range byDay {
			days = append(days, d)
		}
		slices.SortFunc(days, func(a, b time.Time) int { return cmp.Compare(byDay[b], byDay[a]) })
		days = days[:min(len(days), 4)]
		busiest = busiest[:min(len(busiest), 4)]
		if byDay[days[0]] < 10 || visits[busiest[0]] < 3 || len(statuses) < 2 || len(doctors) < 2 {
			t.Fatalf("fixture: the busiest day has %d visits, the busiest patient %d, %d statuses, %d doctors; "+
				"the comparison would prove little", byDay[days[0]], visits[busiest[0]], len(statuses), len(doctors))
		}

		filters := []visitFilter{{}}
		for s := range statuses {
			filters = append(filters, visitFilter{status: &s})
		}
		for d := range doctors {
			filters = append(filters, visitFilter{doctor: &d})
		}
		// pages compares a list read two rows a page with want.
		compared := 0
		pages := func(what string, want []visitRow, first visitRow, list func(after visitRow) ([]visitRow, error)) error {
			after, got := first, []visitRow{}
			for {
				page, err := list(after)
				if err != nil {
					return err
				}
				got = append(got, page...)
				if len(page) < 2 {
					break
				}
				after = page[len(page)-1]
			}
			if len(got) != len(want) {
				t.Fatalf("%s: %d rows, want %d", what, len(got), len(want))
			}
			for i := range want {
				if got[i].PatientVisit.ID != want[i].PatientVisit.ID {
					t.Fatalf("%s, row %d: visit %s, want %s", what, i, got[i].PatientVisit.ID, want[i].PatientVisit.ID)
				}
			}
			compared += len(got)
			return nil
		}
		sorted := func(f visitFilter) []visitRow {
			var rows []visitRow
			for _, r := range byID {
				if f.keeps(r) {
					rows = append(rows, r)
				}
			}
			slices.SortFunc(rows, queueOrder)
			return rows
		}
		for _, d := range days {
			for _, f := range filters {
				f.day = &d
				err := pages("day "+d.Format(time.DateOnly), sorted(f), start(d.AddDate(0, 0, 1)),
					func(after visitRow) ([]visitRow, error) { return day(d, f, after, 2) })
				if err != nil {
					return err
				}
			}
			// A cursor from another day.
			for _, other := range []time.Time{d.AddDate(0, 0, -1), d.AddDate(0, 0, 5)} {
				cursor := start(other)
				cursor.PriorityRank, cursor.PatientVisit.Token = 1, 1
				rows, err := day(d, visitFilter{}, cursor, 1000)
				if err != nil {
					return err
				}
				want := 0
				if other.After(d) {
					want = byDay[d]
				}
				if len(rows) != want {
					t.Fatalf("day %s, cursor of %s: %d rows, want %d", d.Format(time.DateOnly), other.Format(time.DateOnly), len(rows), want)
				}
			}
		}
		for _, p := range busiest {
			for _, f := range append(filters, visitFilter{day: &days[0]}) {
				want := slices.DeleteFunc(sorted(f), func(r visitRow) bool { return r.PatientVisit.PatientID != p })
				err := pages("patient "+p.String(), want, start(farDay),
					func(after visitRow) ([]visitRow, error) { return history(p, f, after, 2) })
				if err != nil {
					return err
				}
			}
		}
		if compared < 40 {
			t.Fatalf("compared %d rows; the fixture is too small to say anything", compared)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
