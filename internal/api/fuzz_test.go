package api

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/santkrupa/santkrupa/internal/httperr"
)

// FuzzDecodeJSON: whatever a client sends, decoding answers nil or a 4xx
// problem, never a panic or a 500.
func FuzzDecodeJSON(f *testing.F) {
	f.Add("application/json", `{"name":"Ravi","age":40,"tags":["a"]}`)
	f.Add("application/json", `{"name":"Ravi","unknown":1}`)
	f.Add("application/json", `{"age":"forty"}`)
	f.Add("application/json", `{"name":"a"}{"name":"b"}`)
	f.Add("application/json; charset=utf-8", `{`)
	f.Add("text/plain", `{}`)
	f.Add("application/json", strings.Repeat("[", 10000))
	f.Fuzz(func(t *testing.T, contentType, body string) {
		var dst struct {
			Name string   `json:"name"`
			Age  *int     `json:"age"`
			Tags []string `json:"tags"`
		}
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		r.Header.Set("Content-Type", contentType)
		err := decodeJSON(httptest.NewRecorder(), r, &dst)
		if err == nil {
			return
		}
		var e *httperr.Error
		if !errors.As(err, &e) || e.Status < 400 || e.Status >= 500 {
			t.Fatalf("decodeJSON(%q, %q) = %v, want a 4xx", contentType, body, err)
		}
	})
}
