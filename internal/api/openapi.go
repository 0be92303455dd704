package api

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"
)

// fragments are the pieces of the contract: base.yaml (info, security,
// shared components) and one file per area.
//
//go:embed openapi/*.yaml
var fragments embed.FS

// Contract is the merged OpenAPI document, loaded and validated once at
// start-up: the JSON the API serves, the parsed document for the
// reference page and for tests that validate traffic against it.
type Contract struct {
	Doc  *openapi3.T
	JSON []byte
	docs []byte
}

// LoadContract merges the embedded fragments and validates the result.
// Any fragment error is a start-up error: a server must not run with a
// contract it cannot state.
func LoadContract(ctx context.Context) (*Contract, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(fragments, "openapi", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fragments.ReadFile(p)
		files[path.Base(p)] = b
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read openapi fragments: %w", err)
	}
	return buildContract(ctx, files)
}

func buildContract(ctx context.Context, files map[string][]byte) (*Contract, error) {
	merged, err := mergeFragments(files)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(merged)
	if err != nil {
		return nil, fmt.Errorf("openapi: encode merged document: %w", err)
	}
	loader := openapi3.NewLoader()
	loader.Context = ctx
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		return nil, fmt.Errorf("openapi: load merged document: %w", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		return nil, fmt.Errorf("openapi: base.yaml must declare openapi 3.1.x, not %q", doc.OpenAPI)
	}
	// Validate applies OpenAPI 3.1 (JSON Schema 2020-12) rules because the
	// document says 3.1; examples and defaults are checked against their
	// schemas too.
	if err := doc.Validate(ctx, openapi3.EnableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("openapi: the merged document is not valid: %w", err)
	}
	c := &Contract{Doc: doc, JSON: raw}
	if c.docs, err = renderDocs(doc); err != nil {
		return nil, fmt.Errorf("openapi: reference page: %w", err)
	}
	return c, nil
}

// mergedSections are the maps a fragment may add to; a key defined twice
// is an error naming both files.
var mergedSections = [][]string{
	{"paths"},
	{"components", "schemas"},
	{"components", "parameters"},
	{"components", "responses"},
	{"components", "headers"},
	{"components", "requestBodies"},
}

// mergeFragments returns base.yaml with every other fragment's paths and
// components added. Fragments may hold only paths and components.
func mergeFragments(files map[string][]byte) (map[string]any, error) {
	baseRaw, ok := files["base.yaml"]
	if !ok {
		return nil, fmt.Errorf("openapi: base.yaml is missing")
	}
	base, err := parseFragment("base.yaml", baseRaw)
	if err != nil {
		return nil, err
	}
	// owner remembers which file defined each key, for the error message.
	owner := map[string]string{}
	for _, sec := range mergedSections {
		for k := range section(base, sec, false) {
			owner[strings.Join(sec, ".")+" "+k] = "base.yaml"
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		if name != "base.yaml" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		frag, err := parseFragment(name, files[name])
		if err != nil {
			return nil, err
		}
		for k, v := range frag {
			switch k {
			case "paths", "components":
				if _, ok := v.(map[string]any); !ok && v != nil {
					return nil, fmt.Errorf("openapi: %s: %s must be a mapping", name, k)
				}
			default:
				return nil, fmt.Errorf("openapi: %s: a fragment may hold only paths and components, not %q", name, k)
			}
		}
		if comps, ok := frag["components"].(map[string]any); ok {
			for k := range comps {
				if !slices.ContainsFunc(mergedSections, func(s []string) bool { return len(s) == 2 && s[1] == k }) {
					return nil, fmt.Errorf("openapi: %s: components.%s belongs in base.yaml", name, k)
				}
			}
		}
		for _, sec := range mergedSections {
			src := section(frag, sec, false)
			if len(src) == 0 {
				continue
			}
			dst := section(base, sec, true)
			for _, k := range sortedKeys(src) {
				id := strings.Join(sec, ".") + " " + k
				if prev, dup := owner[id]; dup {
					return nil, fmt.Errorf("openapi: %s %q is defined in both %s and %s", strings.Join(sec, "."), k, prev, name)
				}
				owner[id] = name
				dst[k] = src[k]
			}
		}
	}
	return base, nil
}

func parseFragment(name string, raw []byte) (map[string]any, error) {
	var v any
	if err := yaml.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("openapi: %s: %w", name, err)
	}
	if v == nil {
		return map[string]any{}, nil
	}
	m, ok := jsonable(v).(map[string]any)
	if !ok {
		return nil, fmt.Errorf("openapi: %s: the top level must be a mapping", name)
	}
	return m, nil
}

// jsonable turns YAML's decoded values into JSON's: mapping keys such as
// the status code 200 become strings.
func jsonable(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = jsonable(x)
		}
		return v
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = jsonable(x)
		}
		return out
	case []any:
		for i, x := range v {
			v[i] = jsonable(x)
		}
		return v
	}
	return v
}

// section finds (and with create, makes) the nested mapping at keys.
func section(doc map[string]any, keys []string, create bool) map[string]any {
	m := doc
	for _, k := range keys {
		next, ok := m[k].(map[string]any)
		if !ok {
			if !create {
				return nil
			}
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	return m
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// openAPIJSON (GET /api/v1/openapi.json) serves the contract; no token is
// needed to read it.
func (a *API) openAPIJSON(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(a.Contract.JSON)
}

// apiDocs (GET /api/v1/docs) serves the reference page rendered from the
// contract.
func (a *API) apiDocs(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(a.Contract.docs)
}
