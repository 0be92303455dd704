package web

import (
	"net/http"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
)

// The test catalog: the tests doctors order by name.

type adminTestCatalogData struct {
	Items   []dbsqlc.TestCatalog
	Next    string
	Fields  []formField
	Notice  string
	Problem string
}

type adminCatalogTestData struct {
	Test    dbsqlc.TestCatalog
	Version string
	Fields  []formField
	Problem string
}

func catalogTestFields(existing bool) []formField {
	fs := []formField{
		{Name: "name", Label: "Name", Type: "text", Required: true, Max: 200, Hint: "Such as Complete blood count."},
		{Name: "test_type", Label: "Type", Type: "select", Value: "blood", Options: options(clinic.TestTypes...)},
		{Name: "description", Label: "Description", Type: "textarea", Max: 2000},
	}
	if existing {
		fs = append(fs, formField{Name: "active", Label: "In the catalog (doctors can order it)", Type: "checkbox"})
	}
	return fs
}

func catalogTestInput(f *formReader, v map[string]string) clinic.CatalogTestInput {
	return clinic.CatalogTestInput{Name: v["name"], TestType: v["test_type"], Description: v["description"], Active: f.bool("active")}
}

func (s *Site) adminTestCatalog(w http.ResponseWriter, r *http.Request) error {
	return s.renderTestCatalog(w, r, http.StatusOK, nil, nil, "")
}

func (s *Site) renderTestCatalog(w http.ResponseWriter, r *http.Request, status int, posted map[string]string, errs map[string]string, problem string) error {
	a, _ := auth.ActorFrom(r.Context())
	d := adminTestCatalogData{Notice: doneNotice(r), Problem: problem, Fields: fill(catalogTestFields(false), posted, errs)}
	page, err := s.Clinic.ListTestCatalog(r.Context(), a.Scope, clinic.CatalogTestQuery{Cursor: r.URL.Query().Get("cursor"), Limit: clinic.MaxPageSize})
	if err != nil {
		return err
	}
	d.Items = page.Items
	if page.Next != "" {
		d.Next = "?cursor=" + page.Next
	}
	return s.render(w, r, status, "admin_test_catalog", d)
}

func (s *Site) adminCreateCatalogTest(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	v := postedValues(f, catalogTestFields(false))
	_, err = s.Clinic.CreateCatalogTest(r.Context(), a.Scope, catalogTestInput(f, v))
	if status, msg, fields, ok := formProblem(err); ok {
		return s.renderTestCatalog(w, r, status, v, fields, msg)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/clinic/"+a.Slug+"/admin/test-catalog/?done=created", http.StatusSeeOther)
	return nil
}

func (s *Site) adminCatalogTest(w http.ResponseWriter, r *http.Request) error {
	return s.renderCatalogTest(w, r, http.StatusOK, nil, nil, "")
}

func (s *Site) renderCatalogTest(w http.ResponseWriter, r *http.Request, status int, posted map[string]string, errs map[string]string, problem string) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := s.Clinic.GetCatalogTest(r.Context(), a.Scope, id)
	if err != nil {
		return err
	}
	values := map[string]string{"name": t.Name, "test_type": t.TestType, "description": t.Description, "active": onOff(t.Active)}
	if posted != nil {
		values = posted
	}
	return s.render(w, r, status, "admin_catalog_test", adminCatalogTestData{Test: t, Version: clinic.Version(t.UpdatedAt),
		Fields: fill(catalogTestFields(true), values, errs), Problem: problem})
}

func (s *Site) adminUpdateCatalogTest(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	v := postedValues(f, catalogTestFields(true))
	_, err = s.Clinic.UpdateCatalogTest(r.Context(), a.Scope, id, f.str("version"), catalogTestInput(f, v))
	if status, msg, fields, ok := formProblem(err); ok {
		return s.renderCatalogTest(w, r, status, v, fields, msg)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/clinic/"+a.Slug+"/admin/test-catalog/?done=saved", http.StatusSeeOther)
	return nil
}

func (s *Site) adminSetCatalogTestActive(active bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		a, _ := auth.ActorFrom(r.Context())
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if _, err := s.Clinic.SetCatalogTestActive(r.Context(), a.Scope, id, active); err != nil {
			return err
		}
		http.Redirect(w, r, "/clinic/"+a.Slug+"/admin/test-catalog/?done=saved", http.StatusSeeOther)
		return nil
	}
}
