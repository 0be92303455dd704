package web

import (
	"net/http"
	"net/url"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/store"
)

// labStaff work in the lab pages: the lab technician, and the doctor and
// administrator who may verify or correct a report (the database lets the
// same three write reports).
var labStaff = []store.Role{store.RoleLabTech, store.RoleDoctor, store.RoleAdmin}

// labRoutes are the lab pages and the staff's document pages (files).
func (s *Site) labRoutes() []route {
	rs := []route{
		{"GET", "/lab/tests/", labStaff, s.labTests},
		{"POST", "/lab/tests/{id}/collect", labStaff, s.labCollect},
		{"GET", "/lab/tests/{id}/", labStaff, s.labTest},
		{"POST", "/lab/tests/{id}/results", labStaff, s.labEnterResults},
		{"GET", "/lab/reports/{id}/", labStaff, s.labReport},
		{"POST", "/lab/reports/{id}/verify", labStaff, s.labVerify},
		{"GET", "/lab/reports/{id}/correct", labStaff, s.labCorrectForm},
		{"POST", "/lab/reports/{id}/correct", labStaff, s.labCorrect},
		{"GET", "/lab/reports/{id}/file", labStaff, s.labReportFile},
	}
	return append(rs, s.filesRoutes()...)
}

// labFilter is the pending-tests page's filter, from its query string.
type labFilter struct {
	Status  string // pending (default), ordered, collected, completed, cancelled, all
	Urgency string // "" is any
	Cursor  string
}

var labStatusChoices = []struct{ Value, Label string }{
	{"pending", "Waiting (ordered or collected)"}, {"ordered", "Ordered"}, {"collected", "Collected"},
	{"completed", "Completed"}, {"cancelled", "Cancelled"}, {"all", "All"},
}

func (f labFilter) query() clinic.TestQuery {
	q := clinic.TestQuery{Urgency: f.Urgency, Cursor: f.Cursor}
	switch f.Status {
	case "pending", "":
		q.Statuses = clinic.PendingStatuses
	case "all":
	default:
		q.Statuses = []string{f.Status}
	}
	return q
}

// URL is the list page with this filter and cursor.
func (f labFilter) URL(slug, cursor string) string {
	v := url.Values{}
	if f.Status != "" && f.Status != "pending" {
		v.Set("status", f.Status)
	}
	if f.Urgency != "" {
		v.Set("urgency", f.Urgency)
	}
	if cursor != "" {
		v.Set("cursor", cursor)
	}
	u := "/clinic/" + slug + "/lab/tests/"
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	return u
}

type labTestsData struct {
	Filter    labFilter
	Statuses  []struct{ Value, Label string }
	Urgencies []string
	Page      clinic.Page[clinic.TestListItem]
	NextURL   string
}

func (s *Site) labTests(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	q := r.URL.Query()
	f := labFilter{Status: q.Get("status"), Urgency: q.Get("urgency"), Cursor: q.Get("cursor")}
	known := false
	for _, c := range labStatusChoices {
		known = known || c.Value == f.Status
	}
	if f.Status != "" && !known {
		return httperr.Invalid("Choose one of the listed statuses.", map[string]string{"status": "Choose one of the listed statuses."})
	}
	page, err := s.Clinic.ListTests(r.Context(), a.Scope, f.query())
	if err != nil {
		return err
	}
	d := labTestsData{Filter: f, Statuses: labStatusChoices, Urgencies: clinic.Urgencies, Page: page}
	if page.Next != "" {
		d.NextURL = f.URL(a.Slug, page.Next)
	}
	return s.render(w, r, http.StatusOK, "lab_tests", d)
}

// labCollect marks a test collected and returns to where the button was:
// the test's page when asked (back=test), else the list.
func (s *Site) labCollect(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := readForm(w, r, 0); err != nil {
		return err
	}
	if _, err := s.Clinic.MarkCollected(r.Context(), a.Scope, id); err != nil {
		return err
	}
	next := "/clinic/" + a.Slug + "/lab/tests/"
	if r.PostFormValue("back") == "test" {
		next += id.String() + "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Site) labReportFile(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.serveTestReportFile(w, r, a, id)
}
