package web

import (
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The admin and platform forms are lists of formField, each rendered the
// same accessible way: a label, an optional hint, the control with the
// user's value, and its message tied to it (aria-invalid,
// aria-describedby).

type fieldOption struct{ Value, Label string }

type formField struct {
	Name, Label string
	Type        string // text, email, number, date, select, textarea, checkbox
	Value       string
	Hint        string
	Error       string
	Required    bool
	Max         int // maxlength of text
	Options     []fieldOption
	Checked     bool
	Prefix      string // makes ids unique when a page has several forms
}

// ID is the control's id.
func (f formField) ID() string { return f.Prefix + f.Name }

// DescribedBy lists the ids of the hint and message, if any.
func (f formField) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID()+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID()+"-err")
	}
	return strings.Join(ids, " ")
}

var fieldTmpl = template.Must(template.New("field").Parse(`
{{- if eq .Type "checkbox" -}}
<div class="check"><input type="checkbox" id="{{.ID}}" name="{{.Name}}" value="on"{{if .Checked}} checked{{end}}
 {{- with .DescribedBy}} aria-describedby="{{.}}"{{end}}{{if .Error}} aria-invalid="true"{{end}}>
<label for="{{.ID}}">{{.Label}}</label></div>
{{- else -}}
<label for="{{.ID}}">{{.Label}}{{if .Required}} <span class="muted">(required)</span>{{end}}</label>
{{- if eq .Type "select"}}
<select id="{{.ID}}" name="{{.Name}}"{{with .DescribedBy}} aria-describedby="{{.}}"{{end}}{{if .Error}} aria-invalid="true"{{end}}>
{{- range .Options}}<option value="{{.Value}}"{{if eq .Value $.Value}} selected{{end}}>{{.Label}}</option>{{end -}}
</select>
{{- else if eq .Type "textarea"}}
<textarea id="{{.ID}}" name="{{.Name}}" rows="3"{{if .Max}} maxlength="{{.Max}}"{{end}}{{with .DescribedBy}} aria-describedby="{{.}}"{{end}}{{if .Error}} aria-invalid="true"{{end}}>{{.Value}}</textarea>
{{- else}}
<input id="{{.ID}}" name="{{.Name}}" type="{{.Type}}" value="{{.Value}}"{{if .Required}} required{{end}}{{if .Max}} maxlength="{{.Max}}"{{end}}
 {{- with .DescribedBy}} aria-describedby="{{.}}"{{end}}{{if .Error}} aria-invalid="true"{{end}}>
{{- end}}
{{- end}}
{{- with .Hint}}
<div id="{{$.ID}}-hint" class="muted hint">{{.}}</div>{{end}}
{{- with .Error}}
<div id="{{$.ID}}-err" class="field-error">{{.}}</div>{{end}}
`))

// HTML renders the field (html/template escapes every value).
func (f formField) HTML() (template.HTML, error) {
	var b strings.Builder
	if err := fieldTmpl.Execute(&b, f); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil // #nosec: produced by html/template
}

// fill returns specs with the submitted or stored values and the messages.
func fill(specs []formField, values map[string]string, errs map[string]string) []formField {
	out := make([]formField, len(specs))
	for i, f := range specs {
		if v, ok := values[f.Name]; ok {
			f.Value = v
		}
		f.Checked = f.Type == "checkbox" && f.Value == "on"
		f.Error = errs[f.Name]
		out[i] = f
	}
	return out
}

// postedValues reads specs' fields from a posted form, trimmed.
func postedValues(f *formReader, specs []formField) map[string]string {
	v := map[string]string{}
	for _, s := range specs {
		v[s.Name] = f.str(s.Name)
	}
	return v
}

func options(values ...string) []fieldOption {
	out := make([]fieldOption, len(values))
	for i, v := range values {
		out[i] = fieldOption{Value: v, Label: v}
	}
	return out
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return ""
}

// formProblem is how a form shows a refused change beside the user's
// input: the status and a message for the page, or ok false for errors
// the error page answers (not found, forbidden, unavailable).
func formProblem(err error) (status int, msg string, fields clinic.FieldErrors, ok bool) {
	var fe clinic.FieldErrors
	var state *clinic.StateError
	var lim *clinic.LimitError
	var se *store.Error
	switch {
	case errors.As(err, &fe):
		return http.StatusUnprocessableEntity, "Please correct the fields marked below.", fe, true
	case errors.As(err, &se) && se.Kind == store.ErrConflict:
		e := httperr.From(err)
		if f, ok := conflictFields[se.Constraint]; ok {
			return e.Status, "Please correct the fields marked below.", clinic.FieldErrors{f: e.Detail}, true
		}
		return e.Status, e.Detail, nil, true
	case errors.As(err, &state), errors.As(err, &lim), errors.Is(err, clinic.ErrStale):
		e := httperr.From(err)
		return e.Status, e.Detail, nil, true
	}
	return 0, "", nil, false
}

// conflictFields names the form field a unique constraint is about.
var conflictFields = map[string]string{
	"users_clinic_email_key":                     "email",
	"doctors_clinic_id_license_number_key":       "license_number",
	"medicines_clinic_id_name_form_strength_key": "name",
	"test_catalog_clinic_id_name_key":            "name",
	"clinics_slug_key":                           "slug",
}

// doneNotices are the confirmations a page shows after a redirect
// (?done=…); only these fixed texts are ever shown.
var doneNotices = map[string]string{
	"invited":     "Invitation saved. The person joins when they first sign in with that email address.",
	"role":        "Role changed.",
	"deactivated": "Deactivated. They lose access at their next request.",
	"activated":   "Reactivated.",
	"doctor":      "Doctor profile saved.",
	"created":     "Added.",
	"saved":       "Saved.",
	"suspended":   "Clinic suspended. Its members lose access at their next request.",
	"reactivated": "Clinic reactivated.",
}

func doneNotice(r *http.Request) string { return doneNotices[r.URL.Query().Get("done")] }
