package web

import (
	"net/http"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
)

// doctorQueue lists today's visits of the acting doctor and the unassigned
// ones. The page polls itself with htmx (hx-select keeps only the table),
// and a plain reload does the same without JavaScript.
func (s *Site) doctorQueue(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	q, err := s.Clinic.DoctorQueue(r.Context(), a.Scope)
	if err != nil {
		return err
	}
	waiting := 0
	for _, e := range q {
		if e.Status == "checked_in" {
			waiting++
		}
	}
	return s.render(w, r, http.StatusOK, "doctor_queue", struct {
		Queue   []clinic.DoctorQueueEntry
		Waiting int
	}{q, waiting})
}

// doctorStartVisit moves a visit into consultation with the acting doctor
// and opens it.
func (s *Site) doctorStartVisit(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Clinic.BeginConsultation(r.Context(), a.Scope, id); err != nil {
		return err
	}
	http.Redirect(w, r, doctorBase(r)+"visits/"+id.String()+"/", http.StatusSeeOther)
	return nil
}
