package devidp

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-chi/chi/v5"
)

// TestHandlerMounts checks that the handler serves every way the
// application might mount it, proved by go-oidc discovering the provider,
// fetching its keys to verify a token, and the picker page loading.
func TestHandlerMounts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		path  string
		mount func(path string, h http.Handler) http.Handler
	}{
		{"ServeMux, full paths", "/dev-idp", func(path string, h http.Handler) http.Handler {
			m := http.NewServeMux()
			m.Handle(path+"/", h)
			return m
		}},
		{"StripPrefix", "/dev-idp", func(path string, h http.Handler) http.Handler {
			m := http.NewServeMux()
			m.Handle(path+"/", http.StripPrefix(path, h))
			return m
		}},
		{"chi Mount", "/dev-idp", func(path string, h http.Handler) http.Handler {
			r := chi.NewRouter()
			r.Mount(path, h)
			return r
		}},
		{"chi Mount, nested path", "/auth/dev-idp", func(path string, h http.Handler) http.Handler {
			r := chi.NewRouter()
			r.Mount(path, h)
			return r
		}},
		{"at the root", "", func(_ string, h http.Handler) http.Handler { return h }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var root http.Handler
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				root.ServeHTTP(w, r)
			}))
			t.Cleanup(srv.Close)
			redirect := srv.URL + "/cb"
			p, err := New(Config{
				Issuer: srv.URL + tt.path, Users: testUsers(), APIAudience: testAudience,
				Clients: []Client{{ID: cliID, RedirectURIs: []string{redirect}}},
			})
			if err != nil {
				t.Fatal(err)
			}
			root = tt.mount(tt.path, p.Handler())

			ctx := t.Context()
			op, err := oidc.NewProvider(ctx, p.Issuer())
			if err != nil {
				t.Fatalf("discovery: %v", err)
			}
			raw, err := p.IDToken("dev-asha", cliID, "", time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := op.Verifier(&oidc.Config{ClientID: cliID}).Verify(ctx, raw); err != nil {
				t.Errorf("verify through the served keys: %v", err)
			}
			f := newFlow()
			conf := (&bundle{}).cli
			conf.ClientID, conf.RedirectURL, conf.Endpoint, conf.Scopes = cliID, redirect, op.Endpoint(), []string{oidc.ScopeOpenID}
			if resp, body := get(t, http.DefaultClient, f.authURL(conf)); resp.StatusCode != http.StatusOK {
				t.Errorf("authorize: %d\n%s", resp.StatusCode, body)
			}
		})
	}
}
