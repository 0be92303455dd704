package auditlog

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Action is what an event records. The database accepts these and no
// others (a CHECK constraint).
type Action string

// The actions. Create, update and delete are recorded by the database's
// triggers; the application records the others.
const (
	ActionRead         Action = "read"
	ActionCreate       Action = "create"
	ActionUpdate       Action = "update"
	ActionDelete       Action = "delete"
	ActionExport       Action = "export"
	ActionLogin        Action = "login"
	ActionFailedAccess Action = "failed_access"
)

// Actions lists every action, for filters.
var Actions = []Action{ActionRead, ActionCreate, ActionUpdate, ActionDelete, ActionExport, ActionLogin, ActionFailedAccess}

// Valid reports whether a is one of the actions.
func (a Action) Valid() bool {
	for _, x := range Actions {
		if a == x {
			return true
		}
	}
	return false
}

// Outcome says how the recorded attempt ended.
type Outcome string

// The outcomes.
const (
	OutcomeSuccess Outcome = "success"
	OutcomeDenied  Outcome = "denied"
	OutcomeFailure Outcome = "failure"
)

// Request is where an event came from: the client's address, its user
// agent and the server's request id. The zero Request is "not over HTTP".
type Request struct {
	IP        netip.Addr
	UserAgent string
	RequestID string
}

// FromRequest reads the client address (the TCP peer: no proxy header is
// trusted), user agent and chi request id of r.
func FromRequest(r *http.Request) Request {
	var out Request
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		out.IP = ip.Unmap()
	}
	out.UserAgent = clip(r.UserAgent(), 512)
	out.RequestID = clip(middleware.GetReqID(r.Context()), 200)
	return out
}

// Resource names the record an event is about. PatientID is the patient
// whose record it is (uuid.Nil: none), which is what the patient's "who
// accessed my record" page shows.
type Resource struct {
	Table     string
	ID        uuid.UUID
	PatientID uuid.UUID
}

// Event is one application-recorded event. Who acted is not part of it:
// the database takes the acting user and role from the clinic context of
// the transaction, so no caller can record in someone else's name.
type Event struct {
	Action   Action
	Resource Resource
	Outcome  Outcome
	// Issuer and Subject are the OIDC identity, when known (logins,
	// refusals).
	Issuer, Subject string
	// Detail is a short note such as the route or a reason: never clinical
	// content.
	Detail  string
	Request Request
}

// Record appends e to the access log inside tx, a transaction of
// store.Tx: the event commits or rolls back with the work it describes.
func Record(ctx context.Context, tx dbsqlc.DBTX, e Event) error {
	if !e.Action.Valid() {
		return fmt.Errorf("record audit event: unknown action %q", e.Action)
	}
	if e.Outcome == "" {
		e.Outcome = OutcomeSuccess
	}
	p := dbsqlc.RecordAuditEventParams{
		Action:          string(e.Action),
		ResourceTable:   optional(e.Resource.Table),
		ResourceID:      optionalID(e.Resource.ID),
		PatientID:       optionalID(e.Resource.PatientID),
		IdentityIssuer:  optional(clip(e.Issuer, 500)),
		IdentitySubject: optional(clip(e.Subject, 255)),
		UserAgent:       optional(e.Request.UserAgent),
		RequestID:       optional(e.Request.RequestID),
		Outcome:         string(e.Outcome),
		Detail:          clip(e.Detail, 500),
	}
	if e.Request.IP.IsValid() {
		ip := e.Request.IP
		p.Ip = &ip
	}
	if err := dbsqlc.New().RecordAuditEvent(ctx, tx, p); err != nil {
		return fmt.Errorf("record audit event: %w", err)
	}
	return nil
}

// RecordRead records that the transaction's actor read res (a patient's
// chart, a report): call it in the store.Tx that reads the data.
func RecordRead(ctx context.Context, tx dbsqlc.DBTX, req Request, res Resource) error {
	return Record(ctx, tx, Event{Action: ActionRead, Resource: res, Request: req})
}

// RecordExport records that the transaction's actor exported res (a
// download of a patient's records, a report file): call it in the store.Tx
// that reads the data.
func RecordExport(ctx context.Context, tx dbsqlc.DBTX, req Request, res Resource, detail string) error {
	return Record(ctx, tx, Event{Action: ActionExport, Resource: res, Request: req, Detail: detail})
}

// Log records events in transactions of its own, for callers that hold no
// transaction (logins, refusals).
type Log struct {
	st *store.Store
}

// New returns the log over st.
func New(st *store.Store) *Log { return &Log{st: st} }

// RecordIn records e in its own transaction acting as scope.
func (l *Log) RecordIn(ctx context.Context, scope store.Scope, e Event) error {
	return l.st.Tx(ctx, scope, func(tx dbsqlc.DBTX) error { return Record(ctx, tx, e) })
}

// RecordLogin records a login of the identity in every clinic where it is
// an active member, as that membership. An identity that is a member
// nowhere leaves no event (there is no clinic whose log it belongs in).
func (l *Log) RecordLogin(ctx context.Context, issuer, subject string, outcome Outcome, detail string, req Request) error {
	users, err := l.st.IdentityMemberships(ctx, issuer, subject)
	if err != nil {
		return fmt.Errorf("record login: %w", err)
	}
	for _, u := range users {
		if !u.Active {
			continue
		}
		scope := store.Scope{ClinicID: u.ClinicID, UserID: u.ID, Role: store.Role(u.Role)}
		e := Event{Action: ActionLogin, Outcome: outcome, Issuer: issuer, Subject: subject, Detail: detail, Request: req,
			Resource: Resource{Table: "users", ID: u.ID}}
		if err := l.RecordIn(ctx, scope, e); err != nil {
			return fmt.Errorf("record login in clinic %s: %w", u.ClinicID, err)
		}
	}
	return nil
}

// RecordDenied records that a member of a clinic was refused a page or an
// API call (their role may not use it), as that member.
func (l *Log) RecordDenied(ctx context.Context, scope store.Scope, issuer, subject, route string, req Request) error {
	return l.RecordIn(ctx, scope, Event{Action: ActionFailedAccess, Outcome: OutcomeDenied,
		Issuer: issuer, Subject: subject, Detail: route, Request: req})
}

// RecordFailedAccess records that an identity which is not an active member
// of the clinic with slug asked for one of its pages. The clinic context
// does not exist for such a request, so a SECURITY DEFINER function writes
// the event; an unknown or inactive slug records nothing.
func (l *Log) RecordFailedAccess(ctx context.Context, slug, issuer, subject, route string, req Request) error {
	p := dbsqlc.RecordFailedAccessParams{Slug: slug, Issuer: issuer, Subject: subject,
		UserAgent: req.UserAgent, RequestID: req.RequestID, Detail: clip(route, 500)}
	if req.IP.IsValid() {
		ip := req.IP
		p.Ip = &ip
	}
	if err := l.st.Queries().RecordFailedAccess(ctx, l.st.Pool(), p); err != nil {
		return fmt.Errorf("record failed access: %w", err)
	}
	return nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optionalID(id uuid.UUID) *uuid.UUID {
	if id == uuid.Nil {
		return nil
	}
	return &id
}

// clip cuts s to at most n bytes without splitting a UTF-8 sequence.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
