package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/store"
)

// auditForm is the access log's filter form as typed.
type auditForm struct {
	Patient, User, Action, From, To string
}

type adminAuditData struct {
	Clinic  dbsqlc.Clinic
	Users   []dbsqlc.User
	Actions []auditlog.Action
	Form    auditForm
	Events  []auditlog.Entry
	Errors  map[string]string
	// Next is the link to the older page, "" on the last.
	Next string
}

// adminAudit is the clinic's access log for its admins: who did what to
// which record, filtered by patient (number or id), user, action and date.
func (s *Site) adminAudit(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	q := r.URL.Query()
	d := adminAuditData{Actions: auditlog.Actions, Errors: map[string]string{}, Form: auditForm{
		Patient: strings.TrimSpace(q.Get("patient")), User: q.Get("user"), Action: q.Get("action"),
		From: q.Get("from"), To: q.Get("to"),
	}}
	err := s.Store.Read(r.Context(), a.Scope, func(tx dbsqlc.DBTX) error {
		var err error
		if d.Clinic, err = s.Store.Queries().GetCurrentClinic(r.Context(), tx); err != nil {
			return err
		}
		d.Users, err = s.Store.Queries().ListUsers(r.Context(), tx)
		return err
	})
	if err != nil {
		return err
	}
	f := auditlog.Filter{Limit: 100}
	loc, err := time.LoadLocation(d.Clinic.Timezone)
	if err != nil {
		loc = time.UTC
	}
	if d.Form.Patient != "" {
		if id, err := uuid.Parse(d.Form.Patient); err == nil {
			f.PatientID = id
		} else if id, ok := s.patientByNumber(r, a.Scope, d.Form.Patient); ok {
			f.PatientID = id
		} else {
			d.Errors["patient"] = "No patient with that number or id."
		}
	}
	if d.Form.User != "" {
		if f.UserID, err = uuid.Parse(d.Form.User); err != nil {
			d.Errors["user"] = "Choose a user from the list."
		}
	}
	if d.Form.Action != "" {
		if f.Action = auditlog.Action(d.Form.Action); !f.Action.Valid() {
			d.Errors["action"] = "Choose an action from the list."
		}
	}
	if f.Since, err = parseDay(d.Form.From, loc, 0); err != nil {
		d.Errors["from"] = "Enter a date such as 2026-11-27."
	}
	if f.Until, err = parseDay(d.Form.To, loc, 1); err != nil {
		d.Errors["to"] = "Enter a date such as 2026-11-27."
	}
	if b := q.Get("before"); b != "" {
		if f.BeforeSeq, err = strconv.ParseInt(b, 10, 64); err != nil || f.BeforeSeq < 1 {
			return httperr.New(http.StatusBadRequest, "bad-page", "That page of the log does not exist.")
		}
	}
	status := http.StatusOK
	if len(d.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	} else if d.Events, err = auditlog.New(s.Store).List(r.Context(), a.Scope, f); err != nil {
		return err
	}
	if len(d.Events) == f.Limit {
		v := url.Values{"patient": {d.Form.Patient}, "user": {d.Form.User}, "action": {d.Form.Action},
			"from": {d.Form.From}, "to": {d.Form.To}, "before": {strconv.FormatInt(d.Events[len(d.Events)-1].Seq, 10)}}
		d.Next = "?" + v.Encode()
	}
	return s.render(w, r, status, "admin_audit", d)
}

// patientByNumber finds a patient by their clinic number.
func (s *Site) patientByNumber(r *http.Request, scope store.Scope, number string) (uuid.UUID, bool) {
	var id uuid.UUID
	err := s.Store.Read(r.Context(), scope, func(tx dbsqlc.DBTX) error {
		p, err := s.Store.Queries().PatientByNumber(r.Context(), tx, number)
		id = p.ID
		return err
	})
	return id, err == nil
}

// parseDay reads a YYYY-MM-DD date as the start of that day (plus addDays)
// in loc; "" is the zero time.
func parseDay(v string, loc *time.Location, addDays int) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, v, loc)
	if err != nil {
		return time.Time{}, err
	}
	return t.AddDate(0, 0, addDays), nil
}
