package api

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"html/template"
	"net/http"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// docsTemplate is the reference page: plain HTML styled by the site's own
// stylesheet, no script (the CSP allows none from elsewhere, and none is
// needed).
//
//go:embed docs.html
var docsTemplate string

type docsPage struct {
	Title, Version, Description string
	Groups                      []docGroup
	Schemas                     []docNamed
	Responses                   []docResponse
}

type docGroup struct {
	Anchor, Name string
	Ops          []docOp
}

type docOp struct {
	Anchor, Method, Path, Summary, Description string
	Public                                     bool
	Params                                     []docParam
	Body                                       []docContent
	BodyRequired                               bool
	Responses                                  []docResponse
}

type docParam struct {
	Name, In, Description string
	Required              bool
	Schema                *docSchema
}

type docContent struct {
	MediaType string
	Schema    *docSchema
}

type docResponse struct {
	Anchor, Status, Ref, Description string
	Headers                          []docParam
	Content                          []docContent
}

type docNamed struct {
	Anchor, Name string
	Schema       *docSchema
}

// docSchema is a schema as the page shows it: a link for a named
// component, else its type, constraints and properties.
type docSchema struct {
	Ref, RefAnchor string
	Type           string
	Constraints    []string
	Description    string
	Properties     []docProp
	Items          *docSchema
	Variants       []*docSchema
	VariantsKind   string
	Additional     *docSchema
}

type docProp struct {
	Name     string
	Required bool
	Schema   *docSchema
}

var methodOrder = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions}

// renderDocs renders the reference page once, at start-up.
func renderDocs(doc *openapi3.T) ([]byte, error) {
	tmpl, err := template.New("docs").Funcs(template.FuncMap{"prose": prose}).Parse(docsTemplate)
	if err != nil {
		return nil, err
	}
	p := docsPage{}
	if doc.Info != nil {
		p.Title, p.Version, p.Description = doc.Info.Title, doc.Info.Version, doc.Info.Description
	}
	groups := map[string]*docGroup{}
	for _, pth := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(pth)
		for _, m := range methodOrder {
			op := item.GetOperation(m)
			if op == nil {
				continue
			}
			g := "Other"
			if len(op.Tags) > 0 {
				g = op.Tags[0]
			}
			if groups[g] == nil {
				groups[g] = &docGroup{Anchor: "group-" + anchorName(g), Name: g}
			}
			groups[g].Ops = append(groups[g].Ops, docOperation(doc, pth, m, item, op))
		}
	}
	for _, g := range groups {
		sort.Slice(g.Ops, func(i, j int) bool {
			if g.Ops[i].Path != g.Ops[j].Path {
				return g.Ops[i].Path < g.Ops[j].Path
			}
			return methodRank(g.Ops[i].Method) < methodRank(g.Ops[j].Method)
		})
		p.Groups = append(p.Groups, *g)
	}
	sort.Slice(p.Groups, func(i, j int) bool { return p.Groups[i].Name < p.Groups[j].Name })
	if doc.Components != nil {
		for _, name := range sortedNames(doc.Components.Schemas) {
			p.Schemas = append(p.Schemas, docNamed{Anchor: "schema-" + name, Name: name,
				Schema: describe(doc.Components.Schemas[name].Value, 0)})
		}
		for _, name := range sortedNames(doc.Components.Responses) {
			r := docResp(name, doc.Components.Responses[name].Value)
			r.Anchor = "response-" + name
			p.Responses = append(p.Responses, r)
		}
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// prose renders a description: escaped text whose `backtick` spans (the
// only markup the fragments use) become code.
func prose(s string) template.HTML {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 { // an unpaired backtick: plain text
		return template.HTML(template.HTMLEscapeString(s))
	}
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 {
			b.WriteString("<code>" + template.HTMLEscapeString(p) + "</code>")
		} else {
			b.WriteString(template.HTMLEscapeString(p))
		}
	}
	return template.HTML(b.String())
}

func methodRank(m string) int {
	for i, x := range methodOrder {
		if x == m {
			return i
		}
	}
	return len(methodOrder)
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func docOperation(doc *openapi3.T, pth, method string, item *openapi3.PathItem, op *openapi3.Operation) docOp {
	o := docOp{
		Anchor: "op-" + strings.ToLower(method) + "-" + anchorName(pth),
		Method: method, Path: pth, Summary: op.Summary, Description: op.Description,
		Public: op.Security != nil && len(*op.Security) == 0,
	}
	params := append(openapi3.Parameters{}, item.Parameters...)
	params = append(params, op.Parameters...)
	for _, pr := range params {
		if pr == nil || pr.Value == nil {
			continue
		}
		v := pr.Value
		o.Params = append(o.Params, docParam{Name: v.Name, In: v.In, Description: v.Description,
			Required: v.Required, Schema: describeRef(v.Schema, 0)})
	}
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		o.BodyRequired = op.RequestBody.Value.Required
		o.Body = docContents(op.RequestBody.Value.Content)
	}
	if op.Responses != nil {
		codes := op.Responses.Map()
		for _, code := range sortedNames(codes) {
			ref := codes[code]
			r := docResp(code, ref.Value)
			r.Status = code
			if name, ok := strings.CutPrefix(ref.Ref, "#/components/responses/"); ok {
				r.Ref = name
			}
			o.Responses = append(o.Responses, r)
		}
	}
	return o
}

func docResp(status string, v *openapi3.Response) docResponse {
	r := docResponse{Status: status}
	if v == nil {
		return r
	}
	if v.Description != nil {
		r.Description = *v.Description
	}
	for _, name := range sortedNames(v.Headers) {
		h := v.Headers[name]
		if h == nil || h.Value == nil {
			continue
		}
		r.Headers = append(r.Headers, docParam{Name: name, Description: h.Value.Description,
			Required: h.Value.Required, Schema: describeRef(h.Value.Schema, 0)})
	}
	r.Content = docContents(v.Content)
	return r
}

func docContents(c openapi3.Content) []docContent {
	var out []docContent
	for _, mt := range sortedNames(c) {
		out = append(out, docContent{MediaType: mt, Schema: describeRef(c[mt].Schema, 0)})
	}
	return out
}

// describeRef links a named component instead of expanding it, which also
// keeps recursive schemas finite.
func describeRef(s *openapi3.SchemaRef, depth int) *docSchema {
	if s == nil {
		return nil
	}
	if name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/"); ok {
		return &docSchema{Ref: name, RefAnchor: "schema-" + name}
	}
	return describe(s.Value, depth)
}

func describe(s *openapi3.Schema, depth int) *docSchema {
	if s == nil {
		return nil
	}
	d := &docSchema{Description: s.Description}
	if depth > 8 {
		d.Type = "…"
		return d
	}
	if s.Type != nil {
		d.Type = strings.Join(s.Type.Slice(), " | ")
	}
	if s.Format != "" {
		d.Constraints = append(d.Constraints, "format "+s.Format)
	}
	if len(s.Enum) > 0 {
		vals := make([]string, 0, len(s.Enum))
		for _, e := range s.Enum {
			vals = append(vals, fmtValue(e))
		}
		d.Constraints = append(d.Constraints, "one of "+strings.Join(vals, ", "))
	}
	if s.Const != nil {
		d.Constraints = append(d.Constraints, "always "+fmtValue(s.Const))
	}
	if s.Pattern != "" {
		d.Constraints = append(d.Constraints, "pattern "+s.Pattern)
	}
	if s.MinLength > 0 {
		d.Constraints = append(d.Constraints, "min length "+fmtValue(s.MinLength))
	}
	if s.MaxLength != nil {
		d.Constraints = append(d.Constraints, "max length "+fmtValue(*s.MaxLength))
	}
	if s.Min != nil {
		d.Constraints = append(d.Constraints, "minimum "+fmtValue(*s.Min))
	}
	if s.Max != nil {
		d.Constraints = append(d.Constraints, "maximum "+fmtValue(*s.Max))
	}
	if s.MinItems > 0 {
		d.Constraints = append(d.Constraints, "min items "+fmtValue(s.MinItems))
	}
	if s.MaxItems != nil {
		d.Constraints = append(d.Constraints, "max items "+fmtValue(*s.MaxItems))
	}
	if s.ReadOnly {
		d.Constraints = append(d.Constraints, "read-only")
	}
	if s.Default != nil {
		d.Constraints = append(d.Constraints, "default "+fmtValue(s.Default))
	}
	required := map[string]bool{}
	for _, r := range s.Required {
		required[r] = true
	}
	for _, name := range sortedNames(s.Properties) {
		d.Properties = append(d.Properties, docProp{Name: name, Required: required[name],
			Schema: describeRef(s.Properties[name], depth+1)})
	}
	if s.Items != nil {
		d.Items = describeRef(s.Items, depth+1)
	}
	if ap := s.AdditionalProperties.Schema; ap != nil {
		d.Additional = describeRef(ap, depth+1)
	}
	for _, alt := range []struct {
		kind string
		list openapi3.SchemaRefs
	}{{"one of", s.OneOf}, {"any of", s.AnyOf}, {"all of", s.AllOf}} {
		if len(alt.list) == 0 || d.VariantsKind != "" {
			continue
		}
		d.VariantsKind = alt.kind
		for _, v := range alt.list {
			d.Variants = append(d.Variants, describeRef(v, depth+1))
		}
	}
	return d
}

func fmtValue(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return string(b)
}

// anchorName makes s usable in an id: letters, digits and dashes.
func anchorName(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
