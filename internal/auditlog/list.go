package auditlog

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Filter narrows a listing; zero fields do not filter.
type Filter struct {
	PatientID uuid.UUID
	UserID    uuid.UUID
	Action    Action
	// Since and Until bound occurred_at: Since <= t < Until.
	Since, Until time.Time
	// BeforeSeq pages backwards: events older than this one.
	BeforeSeq int64
	// Limit is at most MaxLimit; 0 means DefaultLimit.
	Limit int
}

// Page sizes.
const (
	DefaultLimit = 100
	MaxLimit     = 500
)

// Entry is one event as the log pages show it.
type Entry = dbsqlc.ListAuditEventsRow

// List returns the clinic's events, newest first. What the actor sees is
// decided by the database: an admin the whole clinic's log, a patient the
// events about their own record, any other role nothing.
func (l *Log) List(ctx context.Context, scope store.Scope, f Filter) ([]Entry, error) {
	var out []Entry
	err := l.st.Read(ctx, scope, func(tx dbsqlc.DBTX) error {
		var err error
		out, err = l.st.Queries().ListAuditEvents(ctx, tx, f.params())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list audit events: %w", err)
	}
	return out, nil
}

// ListOwnRecord returns the events about the acting patient's own record
// ("who accessed my record"); a patient login linked to no record has none.
func (l *Log) ListOwnRecord(ctx context.Context, scope store.Scope, f Filter) ([]Entry, error) {
	var out []Entry
	err := l.st.Read(ctx, scope, func(tx dbsqlc.DBTX) error {
		q := l.st.Queries()
		id, err := q.OwnPatientID(ctx, tx)
		if err != nil {
			return err
		}
		f.PatientID = id
		out, err = q.ListAuditEvents(ctx, tx, f.params())
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return []Entry{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list own record's audit events: %w", err)
	}
	return out, nil
}

func (f Filter) params() dbsqlc.ListAuditEventsParams {
	p := dbsqlc.ListAuditEventsParams{PatientID: optionalID(f.PatientID), ActorUserID: optionalID(f.UserID)}
	if f.Action != "" {
		a := string(f.Action)
		p.Action = &a
	}
	if !f.Since.IsZero() {
		p.Since = &f.Since
	}
	if !f.Until.IsZero() {
		p.Until = &f.Until
	}
	if f.BeforeSeq > 0 {
		p.BeforeSeq = &f.BeforeSeq
	}
	switch {
	case f.Limit <= 0:
		p.MaxRows = DefaultLimit
	case f.Limit > MaxLimit:
		p.MaxRows = MaxLimit
	default:
		p.MaxRows = int32(f.Limit)
	}
	return p
}
