package web

import (
	"html/template"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auth"
)

// Pages show times in the clinic's own timezone (its settings). The zone
// is looked up once per clinic and kept a few minutes, so a page costs no
// extra database round trip; a changed setting shows within that time.
const zoneTTL = 5 * time.Minute

// clinicZone is the acting clinic's timezone; UTC when there is no actor or
// the lookup fails (the page still renders; the log has the cause).
func (s *Site) clinicZone(r *http.Request) *time.Location {
	a, ok := auth.ActorFrom(r.Context())
	if !ok {
		return time.UTC
	}
	now := time.Now()
	if loc, ok := s.zones.Get(a.Scope.ClinicID, now); ok {
		return loc
	}
	c, err := s.Clinic.ClinicSettings(r.Context(), a.Scope)
	if err != nil {
		s.Log.WarnContext(r.Context(), "clinic timezone", "error", err.Error())
		return time.UTC
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		loc = time.UTC
	}
	s.zones.Put(a.Scope.ClinicID, loc, now.Add(zoneTTL), now)
	return loc
}

// forgetZone drops a clinic's cached zone after its settings change.
func (s *Site) forgetZone(clinicID uuid.UUID) { s.zones.Forget(clinicID) }

// inZone returns a copy of the page's templates whose datetime shows times
// in loc. The parsed originals are never executed, so they can be cloned.
func inZone(t *template.Template, loc *time.Location) (*template.Template, error) {
	c, err := t.Clone()
	if err != nil {
		return nil, err
	}
	return c.Funcs(template.FuncMap{"datetime": func(v any) string { return formatDateTimeIn(v, loc) }}), nil
}
