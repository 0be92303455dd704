package benchdata

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// PrepareQueue makes sure clinic c has n visits in today's queue (the
// generated history ends before today), checking patients in through the
// product's own queries as the clinic's receptionist, so they pass the
// policies and triggers like any check-in. A third are done, a third with
// the doctor, a third waiting. It returns how many it added.
func PrepareQueue(ctx context.Context, st *store.Store, su *pgxpool.Pool, s Spec, c Clinic, n int) (int, error) {
	cid := s.ClinicID(c.Slug)
	var have int
	if err := su.QueryRow(ctx, Q("TodayQueueSize"), cid).Scan(&have); err != nil {
		return 0, fmt.Errorf("queue size: %w", err)
	}
	if have >= n {
		return 0, nil
	}
	rows, err := su.Query(ctx, Q("OpenVisitFree"), cid, n-have)
	if err != nil {
		return 0, fmt.Errorf("queue candidates: %w", err)
	}
	var ids []uuid.UUID
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	reception := s.UserID(c, "reception")
	scope := store.Scope{ClinicID: cid, UserID: reception, Role: store.RoleReceptionist}
	q := st.Queries()
	for i, id := range ids {
		doctor := s.DoctorID(c, i%c.Doctors)
		err := st.Tx(ctx, scope, func(tx dbsqlc.DBTX) error {
			v, err := q.CheckInPatient(ctx, tx, dbsqlc.CheckInPatientParams{
				PatientID: id, DoctorID: &doctor, CheckedInBy: &reception, Purpose: purposes[i%len(purposes)],
				Priority: "normal",
			})
			if err != nil {
				return err
			}
			if i%3 == 2 {
				return nil
			}
			if _, err := q.StartConsultation(ctx, tx, v.ID); err != nil {
				return err
			}
			if i%3 == 0 {
				_, err = q.CompleteVisit(ctx, tx, v.ID)
			}
			return err
		})
		if err != nil {
			return i, fmt.Errorf("check in for today's queue of %s: %w", c.Slug, err)
		}
	}
	return len(ids), nil
}
