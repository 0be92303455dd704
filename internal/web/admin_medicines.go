package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
)

// The medicine catalog: what doctors pick from when prescribing, with the
// defaults that fill a prescription line.

type adminMedicinesData struct {
	Query   string
	Items   []dbsqlc.Medicine
	Next    string
	Fields  []formField
	Notice  string
	Problem string
}

type adminMedicineData struct {
	Medicine dbsqlc.Medicine
	Version  string
	Fields   []formField
	Problem  string
}

func medicineFields(existing bool) []formField {
	fs := []formField{
		{Name: "name", Label: "Name", Type: "text", Required: true, Max: 200, Hint: "As written on prescriptions."},
		{Name: "generic_name", Label: "Generic name", Type: "text", Max: 200},
		{Name: "form", Label: "Form", Type: "select", Value: "tablet", Options: options(clinic.MedicineForms...)},
		{Name: "strength", Label: "Strength", Type: "text", Max: 64, Hint: "Such as 500 mg."},
		{Name: "default_dose", Label: "Default dose", Type: "text", Max: 64, Hint: "Such as 1 tablet."},
		{Name: "default_schedule", Label: "Default schedule", Type: "text", Max: 32, Hint: "Morning-noon-night, such as 1-0-1."},
		{Name: "default_duration_days", Label: "Default duration (days)", Type: "number", Hint: "1 to 365; empty for none."},
	}
	if existing {
		fs = append(fs, formField{Name: "active", Label: "In the catalog (doctors can pick it)", Type: "checkbox"})
	}
	return fs
}

func medicineValues(m dbsqlc.Medicine) map[string]string {
	v := map[string]string{"name": m.Name, "generic_name": m.GenericName, "form": m.Form, "strength": m.Strength,
		"default_dose": m.DefaultDose, "default_schedule": m.DefaultSchedule, "active": onOff(m.Active)}
	if m.DefaultDurationDays != nil {
		v["default_duration_days"] = strconv.Itoa(int(*m.DefaultDurationDays))
	}
	return v
}

// medicineInput reads the medicine form; unparsable numbers are recorded
// on f.
func medicineInput(f *formReader, v map[string]string) clinic.MedicineInput {
	return clinic.MedicineInput{Name: v["name"], GenericName: v["generic_name"], Form: v["form"],
		Strength: v["strength"], DefaultDose: v["default_dose"], DefaultSchedule: v["default_schedule"],
		DefaultDurationDays: f.optInt("default_duration_days"), Active: f.bool("active")}
}

func (s *Site) adminMedicines(w http.ResponseWriter, r *http.Request) error {
	return s.renderMedicines(w, r, http.StatusOK, nil, nil, "")
}

func (s *Site) renderMedicines(w http.ResponseWriter, r *http.Request, status int, posted map[string]string, errs map[string]string, problem string) error {
	a, _ := auth.ActorFrom(r.Context())
	q := r.URL.Query()
	d := adminMedicinesData{Query: q.Get("q"), Notice: doneNotice(r), Problem: problem,
		Fields: fill(medicineFields(false), posted, errs)}
	page, err := s.Clinic.ListMedicines(r.Context(), a.Scope, clinic.MedicineQuery{NamePrefix: d.Query, Cursor: q.Get("cursor")})
	if err != nil {
		if st, msg, _, ok := formProblem(err); ok && posted == nil {
			// A search term or cursor we cannot use: say so, list nothing.
			d.Problem = msg
			return s.render(w, r, st, "admin_medicines", d)
		}
		return err
	}
	d.Items = page.Items
	if page.Next != "" {
		d.Next = "?" + url.Values{"q": {d.Query}, "cursor": {page.Next}}.Encode()
	}
	return s.render(w, r, status, "admin_medicines", d)
}

func (s *Site) adminCreateMedicine(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	v := postedValues(f, medicineFields(false))
	in := medicineInput(f, v)
	if len(f.Errs) == 0 {
		_, err = s.Clinic.CreateMedicine(r.Context(), a.Scope, in)
	} else {
		f.merge(in.Check())
		err = f.Errs
	}
	if status, msg, fields, ok := formProblem(err); ok {
		f.merge(fields)
		return s.renderMedicines(w, r, status, v, f.Errs, msg)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/clinic/"+a.Slug+"/admin/medicines/?done=created", http.StatusSeeOther)
	return nil
}

func (s *Site) adminMedicine(w http.ResponseWriter, r *http.Request) error {
	return s.renderMedicine(w, r, http.StatusOK, nil, nil, "")
}

func (s *Site) renderMedicine(w http.ResponseWriter, r *http.Request, status int, posted map[string]string, errs map[string]string, problem string) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.Clinic.GetMedicine(r.Context(), a.Scope, id)
	if err != nil {
		return err
	}
	values := medicineValues(m)
	if posted != nil {
		values = posted
	}
	return s.render(w, r, status, "admin_medicine", adminMedicineData{Medicine: m, Version: clinic.Version(m.UpdatedAt),
		Fields: fill(medicineFields(true), values, errs), Problem: problem})
}

func (s *Site) adminUpdateMedicine(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	v := postedValues(f, medicineFields(true))
	v["active"] = onOff(f.bool("active"))
	in := medicineInput(f, v)
	if len(f.Errs) == 0 {
		_, err = s.Clinic.UpdateMedicine(r.Context(), a.Scope, id, f.str("version"), in)
	} else {
		f.merge(in.Check())
		err = f.Errs
	}
	if status, msg, fields, ok := formProblem(err); ok {
		f.merge(fields)
		return s.renderMedicine(w, r, status, v, f.Errs, msg)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/clinic/"+a.Slug+"/admin/medicines/?done=saved", http.StatusSeeOther)
	return nil
}

func (s *Site) adminSetMedicineActive(active bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		a, _ := auth.ActorFrom(r.Context())
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if _, err := s.Clinic.SetMedicineActive(r.Context(), a.Scope, id, active); err != nil {
			return err
		}
		http.Redirect(w, r, "/clinic/"+a.Slug+"/admin/medicines/?done=saved", http.StatusSeeOther)
		return nil
	}
}
