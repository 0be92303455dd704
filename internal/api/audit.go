package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/httperr"
)

// auditEvent is one access-log event in the API.
type auditEvent struct {
	Seq             int64      `json:"seq"`
	ID              uuid.UUID  `json:"id"`
	OccurredAt      time.Time  `json:"occurred_at"`
	ActorUserID     *uuid.UUID `json:"actor_user_id"`
	ActorName       *string    `json:"actor_name"`
	ActorRole       *string    `json:"actor_role"`
	IdentityIssuer  *string    `json:"identity_issuer,omitempty"`
	IdentitySubject *string    `json:"identity_subject,omitempty"`
	Action          string     `json:"action"`
	ResourceTable   *string    `json:"resource_table"`
	ResourceID      *uuid.UUID `json:"resource_id"`
	PatientID       *uuid.UUID `json:"patient_id"`
	IP              *string    `json:"ip"`
	UserAgent       *string    `json:"user_agent"`
	RequestID       *string    `json:"request_id"`
	Outcome         string     `json:"outcome"`
	Detail          string     `json:"detail,omitempty"`
}

type auditEventsResponse struct {
	Events []auditEvent `json:"events"`
	// NextBeforeSeq pages to older events; absent on the last page.
	NextBeforeSeq *int64 `json:"next_before_seq,omitempty"`
}

// auditEvents (GET /api/v1/clinics/{slug}/audit-events, admins) lists the
// clinic's access log, newest first. Filters: patient_id, user_id, action,
// since and until (RFC 3339), before_seq, limit (1–500, default 100).
func (a *API) auditEvents(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	q := r.URL.Query()
	f := auditlog.Filter{Limit: auditlog.DefaultLimit}
	fields := map[string]string{}
	var err error
	if v := q.Get("patient_id"); v != "" {
		if f.PatientID, err = uuid.Parse(v); err != nil {
			fields["patient_id"] = "must be a uuid"
		}
	}
	if v := q.Get("user_id"); v != "" {
		if f.UserID, err = uuid.Parse(v); err != nil {
			fields["user_id"] = "must be a uuid"
		}
	}
	if v := q.Get("action"); v != "" {
		if f.Action = auditlog.Action(v); !f.Action.Valid() {
			fields["action"] = "must be one of read, create, update, delete, export, login, failed_access"
		}
	}
	for name, dst := range map[string]*time.Time{"since": &f.Since, "until": &f.Until} {
		if v := q.Get(name); v != "" {
			if *dst, err = time.Parse(time.RFC3339, v); err != nil {
				fields[name] = "must be an RFC 3339 time such as 2026-11-27T00:00:00Z"
			}
		}
	}
	if v := q.Get("before_seq"); v != "" {
		if f.BeforeSeq, err = strconv.ParseInt(v, 10, 64); err != nil || f.BeforeSeq < 1 {
			fields["before_seq"] = "must be a positive integer"
		}
	}
	if v := q.Get("limit"); v != "" {
		if f.Limit, err = strconv.Atoi(v); err != nil || f.Limit < 1 || f.Limit > auditlog.MaxLimit {
			fields["limit"] = "must be between 1 and 500"
		}
	}
	if len(fields) > 0 {
		return httperr.Invalid("Some query parameters are not valid.", fields)
	}
	entries, err := auditlog.New(a.Store).List(r.Context(), act.Scope, f)
	if err != nil {
		return err
	}
	resp := auditEventsResponse{Events: make([]auditEvent, 0, len(entries))}
	for _, e := range entries {
		ev := auditEvent{Seq: e.Seq, ID: e.ID, OccurredAt: e.OccurredAt, ActorUserID: e.ActorUserID, ActorName: e.ActorName,
			ActorRole: e.ActorRole, IdentityIssuer: e.IdentityIssuer, IdentitySubject: e.IdentitySubject, Action: e.Action,
			ResourceTable: e.ResourceTable, ResourceID: e.ResourceID, PatientID: e.PatientID, UserAgent: e.UserAgent,
			RequestID: e.RequestID, Outcome: e.Outcome, Detail: e.Detail}
		if e.Ip != nil {
			s := e.Ip.String()
			ev.IP = &s
		}
		resp.Events = append(resp.Events, ev)
	}
	if len(entries) == f.Limit {
		next := entries[len(entries)-1].Seq
		resp.NextBeforeSeq = &next
	}
	return writeJSON(w, http.StatusOK, resp)
}
