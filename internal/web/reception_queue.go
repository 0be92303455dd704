package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/httperr"
)

// queueData is today's queue page and the fragment its polling refreshes.
type queueData struct {
	Day      clinic.QueueDay
	Status   string
	DoctorID string
	Statuses []string
	// Self is this view's URL (filters kept), which the fragment polls.
	Self      string
	CheckedIn string // the token just checked in, for the notice
}

// receptionQueue is today's queue, filtered by status and doctor through a
// plain GET form; htmx polls the same URL for the table only.
func (s *Site) receptionQueue(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	q := r.URL.Query()
	d := queueData{Status: q.Get("status"), DoctorID: q.Get("doctor"), Statuses: clinic.VisitStatuses,
		CheckedIn: q.Get("checked_in")}
	qq := clinic.QueueQuery{Status: d.Status}
	if d.DoctorID != "" {
		id, err := uuid.Parse(d.DoctorID)
		if err != nil {
			return httperr.Invalid("Choose a doctor from the list.", map[string]string{"doctor": "Choose a doctor from the list."})
		}
		qq.DoctorID = &id
	}
	day, err := s.Clinic.Queue(r.Context(), a.Scope, qq)
	if err != nil {
		return err
	}
	d.Day = day
	d.Self = receptionBase(a) + "queue/?" + url.Values{"status": {d.Status}, "doctor": {d.DoctorID}}.Encode()
	if isHTMX(r) {
		return s.renderPart(w, r, "reception_queue", "reception_queue_table", d)
	}
	return s.render(w, r, http.StatusOK, "reception_queue", d)
}

// cancelData is the cancel-a-visit page.
type cancelData struct {
	Visit  clinic.Visit
	Reason string
	Errors map[string]string
}

func (s *Site) cancelVisitForm(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Clinic.GetVisit(r.Context(), a.Scope, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "reception_cancel", cancelData{Visit: v})
}

// cancelVisit cancels with the reason given and returns to the queue.
func (s *Site) cancelVisit(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	reason := f.str("reason")
	_, err = s.Clinic.CancelVisit(r.Context(), a.Scope, id, reason)
	var fe clinic.FieldErrors
	var se *clinic.StateError
	if errors.As(err, &fe) || errors.As(err, &se) {
		v, gerr := s.Clinic.GetVisit(r.Context(), a.Scope, id)
		if gerr != nil {
			return gerr
		}
		d := cancelData{Visit: v, Reason: reason, Errors: fe}
		if se != nil {
			d.Errors = map[string]string{"reason": se.Detail}
			return s.render(w, r, http.StatusConflict, "reception_cancel", d)
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "reception_cancel", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, receptionBase(a)+"queue/", http.StatusSeeOther)
	return nil
}

// receptionHome is the desk's start page: the search box and today's queue
// at a glance.
func (s *Site) receptionHome(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	day, err := s.Clinic.Queue(r.Context(), a.Scope, clinic.QueueQuery{Status: clinic.VisitCheckedIn, Limit: 8})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "reception_home", day)
}
