package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
)

// The results form has a fixed number of value rows, so it works without
// JavaScript; "More rows" posts the form back with ten more (nothing is
// saved) and keeps what was typed. Blank rows are ignored.
const (
	resultRowsDefault = 10
	resultRowsStep    = 10
	moreRowsNotice    = "More rows added. Nothing was saved yet; if you had chosen a file, choose it again."
)

type resultRow struct {
	Analyte, Value, Unit, ReferenceRange, AbnormalFlag string
	Errors                                             map[string]string
}

// resultCell is one text input of a value row.
type resultCell struct {
	Name, Label, Value, Err string
	Row, Max                int
}

// Cells are the row's text inputs in column order; n is its number from 1.
func (r resultRow) Cells(n int) []resultCell {
	return []resultCell{
		{"analyte", "Analyte", r.Analyte, r.Errors["analyte"], n, 200},
		{"value", "Value", r.Value, r.Errors["value"], n, 200},
		{"unit", "Unit", r.Unit, r.Errors["unit"], n, 32},
		{"reference_range", "Reference range", r.ReferenceRange, r.Errors["reference_range"], n, 100},
	}
}

// resultsForm is the results (or correction) form as typed.
type resultsForm struct {
	Notes      string
	RemoveFile bool
	Rows       []resultRow
	Errors     map[string]string
	Flags      []string
	MaxMiB     int64
}

func (s *Site) newResultsForm(rows []resultRow) resultsForm {
	for len(rows) < resultRowsDefault {
		rows = append(rows, resultRow{AbnormalFlag: "normal"})
	}
	return resultsForm{Rows: rows, Errors: map[string]string{}, Flags: clinic.AbnormalFlags, MaxMiB: s.Clinic.MaxUploadBytes() >> 20}
}

// rowsFromValues pre-fills a correction with the version it replaces.
func rowsFromValues(vs []clinic.ResultValue) []resultRow {
	rows := make([]resultRow, 0, len(vs)+3)
	for _, v := range vs {
		rows = append(rows, resultRow{Analyte: v.Analyte, Value: v.Value, Unit: v.Unit,
			ReferenceRange: v.ReferenceRange, AbnormalFlag: v.AbnormalFlag})
	}
	for i := 0; i < 3; i++ {
		rows = append(rows, resultRow{AbnormalFlag: "normal"})
	}
	return rows
}

// readResults reads the posted form: the rows as typed (for re-rendering),
// the domain input, and for each value the row it came from.
func (s *Site) readResults(f *formReader) (resultsForm, clinic.ResultsInput, []int) {
	cols := map[string][]string{}
	n := 0
	for _, name := range []string{"analyte", "value", "unit", "reference_range", "abnormal_flag"} {
		cols[name] = f.all(name)
		n = max(n, len(cols[name]))
	}
	n = min(n, clinic.MaxResultValues+resultRowsStep)
	at := func(name string, i int) string {
		if i < len(cols[name]) {
			return strings.TrimSpace(cols[name][i])
		}
		return ""
	}
	var rows []resultRow
	var in clinic.ResultsInput
	var rowOf []int
	for i := 0; i < n; i++ {
		row := resultRow{Analyte: at("analyte", i), Value: at("value", i), Unit: at("unit", i),
			ReferenceRange: at("reference_range", i), AbnormalFlag: at("abnormal_flag", i)}
		rows = append(rows, row)
		if row.Analyte == "" && row.Value == "" && row.Unit == "" && row.ReferenceRange == "" {
			continue
		}
		in.Values = append(in.Values, clinic.ResultValue{Analyte: row.Analyte, Value: row.Value, Unit: row.Unit,
			ReferenceRange: row.ReferenceRange, AbnormalFlag: row.AbnormalFlag})
		rowOf = append(rowOf, i)
	}
	form := s.newResultsForm(rows)
	form.Notes = f.str("notes")
	form.RemoveFile = f.bool("remove_file")
	in.Notes = form.Notes
	in.RemoveFile = form.RemoveFile
	if u, ok := f.file("file"); ok {
		in.File = &u
	}
	if f.str("more") != "" {
		for i := 0; i < resultRowsStep && len(form.Rows) < clinic.MaxResultValues; i++ {
			form.Rows = append(form.Rows, resultRow{AbnormalFlag: "normal"})
		}
	}
	for k, v := range f.Errs {
		form.Errors[k] = v
	}
	return form, in, rowOf
}

// placeErrors puts the domain's messages next to the fields they are
// about: "values[3].unit" goes to the row the fourth value came from.
func (form *resultsForm) placeErrors(err error, rowOf []int) bool {
	var fe clinic.FieldErrors
	if !errors.As(err, &fe) {
		return false
	}
	for k, msg := range fe {
		idx, field, ok := parseValueField(k)
		if ok && idx < len(rowOf) && rowOf[idx] < len(form.Rows) {
			row := &form.Rows[rowOf[idx]]
			if row.Errors == nil {
				row.Errors = map[string]string{}
			}
			row.Errors[field] = msg
			continue
		}
		form.Errors[k] = msg
	}
	form.Errors["_summary"] = "Some fields need attention. Nothing was saved."
	return true
}

// parseValueField splits "values[3].unit" into 3 and "unit".
func parseValueField(k string) (int, string, bool) {
	rest, ok := strings.CutPrefix(k, "values[")
	if !ok {
		return 0, "", false
	}
	num, field, ok := strings.Cut(rest, "].")
	if !ok {
		return 0, "", false
	}
	i, err := strconv.Atoi(num)
	return i, field, err == nil && i >= 0
}

// labFormData is the results page of a test, or the correction page of a
// report (one template, lab_form, shows either).
type labFormData struct {
	Test   *clinic.TestDetail
	Report *clinic.TestReport
	Form   resultsForm
	Notice string
}

func (s *Site) labTest(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderLabTest(w, r, http.StatusOK, id, s.newResultsForm(nil), "")
}

func (s *Site) renderLabTest(w http.ResponseWriter, r *http.Request, status int, id uuid.UUID, form resultsForm, notice string) error {
	a, _ := auth.ActorFrom(r.Context())
	t, err := s.Clinic.GetTest(r.Context(), a.Scope, id, auditlog.FromRequest(r))
	if err != nil {
		return err
	}
	return s.render(w, r, status, "lab_form", labFormData{Test: &t, Form: form, Notice: notice})
}

func (s *Site) labEnterResults(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(w, r, s.Clinic.MaxUploadBytes())
	if err != nil {
		return err
	}
	form, in, rowOf := s.readResults(f)
	if f.str("more") != "" {
		return s.renderLabTest(w, r, http.StatusOK, id, form, moreRowsNotice)
	}
	if len(f.Errs) > 0 {
		form.Errors["_summary"] = "Some fields need attention. Nothing was saved."
		return s.renderLabTest(w, r, http.StatusUnprocessableEntity, id, form, "")
	}
	rep, err := s.Clinic.EnterResults(r.Context(), a.Scope, id, in)
	if form.placeErrors(err, rowOf) {
		return s.renderLabTest(w, r, http.StatusUnprocessableEntity, id, form, "")
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/clinic/"+a.Slug+"/lab/reports/"+rep.ID.String()+"/", http.StatusSeeOther)
	return nil
}
