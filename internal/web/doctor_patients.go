package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
)

type doctorPatientsData struct {
	Q        string
	Patients []clinic.Patient
	Next     string
	Searched bool
	Errors   map[string]string
}

// doctorPatients finds a patient by number, phone or name prefix from one
// search box: a patient number has letters, digits and dashes, a phone
// only digits and separators, anything else is a name.
func (s *Site) doctorPatients(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	d := doctorPatientsData{Q: q, Searched: q != ""}
	pq := clinic.PatientQuery{Cursor: r.URL.Query().Get("cursor")}
	switch {
	case q == "":
	case strings.HasPrefix(strings.ToUpper(q), "PT-"):
		pq.Number = q
	case strings.Trim(q, "0123456789+-() ") == "":
		pq.Phone = q
	default:
		pq.NamePrefix = q
	}
	page, err := s.Clinic.FindPatients(r.Context(), a.Scope, pq)
	status := http.StatusOK
	if fe, ok := doctorFieldErrors(err); ok {
		d.Errors = map[string]string{"q": doctorFirstMessage(fe)}
		status = http.StatusUnprocessableEntity
	} else if err != nil {
		return err
	}
	d.Patients = page.Items
	if page.Next != "" {
		d.Next = doctorBase(r) + "patients/?q=" + url.QueryEscape(q) + "&cursor=" + page.Next
	}
	return s.render(w, r, status, "doctor_patients", d)
}

// doctorChart shows a patient's chart.
func (s *Site) doctorChart(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.Clinic.Chart(r.Context(), a.Scope, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "doctor_chart", c)
}
