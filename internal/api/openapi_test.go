package api

import (
	"context"
	"html/template"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/go-chi/chi/v5"
)

func TestContractLoads(t *testing.T) {
	t.Parallel()
	c, err := LoadContract(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !c.Doc.IsOpenAPI31OrLater() {
		t.Errorf("document is OpenAPI %s, want 3.1", c.Doc.OpenAPI)
	}
	if c.Doc.Paths.Value("/api/v1/me") == nil || c.Doc.Components.Schemas["Problem"] == nil {
		t.Errorf("merged document lacks the core path or a base schema")
	}
}

// chiParam strips a chi regexp ({id:[0-9]+} → {id}) so chi and OpenAPI
// patterns compare.
var chiParam = regexp.MustCompile(`\{([^}:]+):[^}]*\}`)

// TestContractCoversRoutes: every route the router mounts under /api/v1 is
// in the document, and every documented operation is mounted.
func TestContractCoversRoutes(t *testing.T) {
	t.Parallel()
	c, err := LoadContract(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r := chi.NewRouter()
	(&API{Contract: c}).Routes(r)
	mounted := map[string]bool{}
	err = chi.Walk(r, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = strings.ReplaceAll(route, "/*/", "/")
		route = chiParam.ReplaceAllString(route, "{$1}")
		if len(route) > 1 {
			route = strings.TrimSuffix(route, "/")
		}
		mounted[method+" "+route] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for p, item := range c.Doc.Paths.Map() {
		for m := range item.Operations() {
			documented[m+" "+p] = true
		}
	}
	if missing := diffKeys(mounted, documented); len(missing) > 0 {
		t.Errorf("mounted but not in the OpenAPI document:\n  %s", strings.Join(missing, "\n  "))
	}
	if extra := diffKeys(documented, mounted); len(extra) > 0 {
		t.Errorf("in the OpenAPI document but not mounted:\n  %s", strings.Join(extra, "\n  "))
	}
	if len(mounted) < 5 {
		t.Errorf("walked only %d routes: %v", len(mounted), mounted)
	}
}

func diffKeys(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

const testBase = `
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Problem: {type: object}
`

func TestMergeFragments(t *testing.T) {
	t.Parallel()
	ok := map[string][]byte{
		"base.yaml": []byte(testBase),
		"a.yaml": []byte(`
paths:
  /a:
    get:
      responses:
        200: {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/AThing"}}}}
components:
  schemas:
    AThing:
      type: object
      required: [next]
      properties:
        next: {type: [string, "null"]}
`),
		"b.yaml": []byte(`
paths:
  /b: {get: {responses: {"204": {description: none}}}}
`),
	}
	c, err := buildContract(context.Background(), ok)
	if err != nil {
		t.Fatal(err)
	}
	if c.Doc.Paths.Value("/a") == nil || c.Doc.Paths.Value("/b") == nil || c.Doc.Components.Schemas["AThing"] == nil {
		t.Fatalf("merged document lacks a fragment's parts: %s", c.JSON)
	}
	// The 3.1 nullable form is honoured by the 2020-12 validator.
	s := c.Doc.Components.Schemas["AThing"].Value
	for v, valid := range map[string]bool{`{"next": null}`: true, `{"next": "/x"}`: true, `{"next": 5}`: false} {
		err := s.VisitJSON(mustJSON(t, v), openapi3.EnableJSONSchema2020())
		if (err == nil) != valid {
			t.Errorf("%s: valid=%v, err %v", v, valid, err)
		}
	}

	bad := []struct {
		name  string
		files map[string][]byte
		want  string
	}{
		{"duplicate path", map[string][]byte{"base.yaml": []byte(testBase),
			"a.yaml": []byte("paths: {/x: {get: {responses: {\"200\": {description: ok}}}}}"),
			"b.yaml": []byte("paths: {/x: {post: {responses: {\"200\": {description: ok}}}}}")},
			`paths "/x" is defined in both a.yaml and b.yaml`},
		{"schema shadowing base", map[string][]byte{"base.yaml": []byte(testBase),
			"a.yaml": []byte("components: {schemas: {Problem: {type: string}}}")},
			`components.schemas "Problem" is defined in both base.yaml and a.yaml`},
		{"foreign top-level key", map[string][]byte{"base.yaml": []byte(testBase),
			"a.yaml": []byte("info: {title: x}")},
			`a.yaml: a fragment may hold only paths and components`},
		{"security scheme in a fragment", map[string][]byte{"base.yaml": []byte(testBase),
			"a.yaml": []byte("components: {securitySchemes: {x: {type: http, scheme: basic}}}")},
			`components.securitySchemes belongs in base.yaml`},
		{"broken reference", map[string][]byte{"base.yaml": []byte(testBase),
			"a.yaml": []byte("paths: {/x: {get: {responses: {\"200\": {description: ok, content: {application/json: {schema: {$ref: \"#/components/schemas/Nope\"}}}}}}}}")},
			`Nope`},
		{"malformed type", map[string][]byte{"base.yaml": []byte(testBase),
			"a.yaml": []byte("components: {schemas: {X: {type: [string, 7]}}}")},
			`openapi:`},
		{"not yaml", map[string][]byte{"base.yaml": []byte(testBase), "a.yaml": []byte("paths: [")},
			`a.yaml`},
	}
	for _, tc := range bad {
		_, err := buildContract(context.Background(), tc.files)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func mustJSON(t *testing.T, s string) any {
	t.Helper()
	v, err := parseFragment("value", []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return map[string]any(v)
}

func TestDocsPageListsEveryOperation(t *testing.T) {
	t.Parallel()
	c, err := LoadContract(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	page := string(c.docs)
	for p, item := range c.Doc.Paths.Map() {
		for m, op := range item.Operations() {
			if !strings.Contains(page, "<code>"+m+" "+p+"</code>") {
				t.Errorf("reference page lacks %s %s", m, p)
			}
			if op.Summary != "" && !strings.Contains(page, template.HTMLEscapeString(op.Summary)) {
				t.Errorf("reference page lacks the summary of %s %s", m, p)
			}
		}
	}
	for name := range c.Doc.Components.Schemas {
		if !strings.Contains(page, `id="schema-`+name+`"`) {
			t.Errorf("reference page lacks schema %s", name)
		}
	}
	if strings.Contains(page, "<script") || strings.Contains(page, `src="http`) || strings.Contains(page, `href="http`) {
		t.Errorf("reference page loads or links something from elsewhere")
	}
}
