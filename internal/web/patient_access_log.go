package web

import (
	"net/http"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/auth"
)

// patientAccessLog shows a patient who accessed their record: the events
// of the clinic's access log about their own patient id (the database's
// read policy lets a patient see no other).
func (s *Site) patientAccessLog(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	events, err := auditlog.New(s.Store).ListOwnRecord(r.Context(), a.Scope, auditlog.Filter{Limit: auditlog.MaxLimit})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "patient_access_log", struct {
		Events []auditlog.Entry
	}{events})
}
