package web

import (
	"html/template"
	"net/http"
	"time"

	"github.com/santkrupa/santkrupa/internal/auth"
)

// clinicZone is the acting clinic's timezone (clinic.Service.ClinicZone);
// UTC when there is no actor or the lookup fails (the page still renders;
// the log has the cause).
func (s *Site) clinicZone(r *http.Request) *time.Location {
	a, ok := auth.ActorFrom(r.Context())
	if !ok {
		return time.UTC
	}
	loc, err := s.Clinic.ClinicZone(r.Context(), a.Scope)
	if err != nil {
		s.Log.WarnContext(r.Context(), "clinic timezone", "error", err.Error())
		return time.UTC
	}
	return loc
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
