package web

import (
	"html/template"
	"net/http"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auth"
)

// Pages show times in the clinic's own timezone (its settings). The zone
// is looked up once per clinic and kept a few minutes, so a page costs no
// extra database round trip; a changed setting shows within that time.
const zoneTTL = 5 * time.Minute

type zoneCache struct {
	mu    sync.Mutex
	zones map[uuid.UUID]cachedZone
}

type cachedZone struct {
	loc   *time.Location
	until time.Time
}

// clinicZone is the acting clinic's timezone; UTC when there is no actor or
// the lookup fails (the page still renders; the log has the cause).
func (s *Site) clinicZone(r *http.Request) *time.Location {
	a, ok := auth.ActorFrom(r.Context())
	if !ok {
		return time.UTC
	}
	now := time.Now()
	s.zones.mu.Lock()
	z, ok := s.zones.zones[a.Scope.ClinicID]
	s.zones.mu.Unlock()
	if ok && now.Before(z.until) {
		return z.loc
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
	s.zones.mu.Lock()
	if s.zones.zones == nil || len(s.zones.zones) > 10000 {
		s.zones.zones = map[uuid.UUID]cachedZone{}
	}
	s.zones.zones[a.Scope.ClinicID] = cachedZone{loc: loc, until: now.Add(zoneTTL)}
	s.zones.mu.Unlock()
	return loc
}

// forgetZone drops a clinic's cached zone after its settings change.
func (s *Site) forgetZone(clinicID uuid.UUID) {
	s.zones.mu.Lock()
	delete(s.zones.zones, clinicID)
	s.zones.mu.Unlock()
}

// inZone returns a copy of the page's templates whose datetime shows times
// in loc. The parsed originals are never executed, so they can be cloned.
func inZone(t *template.Template, loc *time.Location) (*template.Template, error) {
	c, err := t.Clone()
	if err != nil {
		return nil, err
	}
	return c.Funcs(template.FuncMap{"datetime": func(v any) string { return formatDateTimeIn(v, loc) }}), nil
}
