package devidp

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestPickerPage checks what a person and a browser get from the sign-in
// page: every user, escaped; the hinted user suggested; no script; and
// headers that keep it out of frames and caches with a CSP that admits
// exactly its stylesheet.
func TestPickerPage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tests := []struct {
		name, hint, wantSuggested string
	}{
		{"no hint", "", ""},
		{"hint by subject", "dev-ravi", "dev-ravi"},
		{"hint by email", "ASHA@santkrupa.example", "dev-asha"},
		{"unknown hint", "nobody@example.com", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFlow()
			u := f.authURL(b.web)
			if tt.hint != "" {
				u += "&login_hint=" + tt.hint
			}
			resp, body := get(t, b.browser, u)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			h := resp.Header
			csp := h.Get("Content-Security-Policy")
			if h.Get("X-Frame-Options") != "DENY" || !strings.Contains(csp, "frame-ancestors 'none'") ||
				h.Get("Cache-Control") != "no-store" || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
				t.Errorf("headers %v", h)
			}
			style := regexp.MustCompile(`(?s)<style>(.*)</style>`).FindStringSubmatch(body)
			if style == nil {
				t.Fatal("no stylesheet")
			}
			sum := sha256.Sum256([]byte(style[1]))
			if want := "style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, want) {
				t.Errorf("CSP %q lacks %q", csp, want)
			}
			if !strings.Contains(csp, "form-action 'self' "+b.app.URL) {
				t.Errorf("CSP %q does not let the form's redirect reach the client", csp)
			}
			for _, want := range []string{
				`<html lang="en">`, `name="viewport"`, "<legend>Sign in as</legend>",
				"Dr. Asha Rao", "asha@santkrupa.example", "santkrupa · doctor",
				"Ravi &lt;Desk&gt; &amp; Co", "santkrupa · receptionist", webID,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			if strings.Contains(body, "<script") || strings.Contains(body, "<Desk>") {
				t.Error("page has a script or unescaped text")
			}
			form := parsePicker(t, body)
			if !slices.Equal(form.subjects, []string{"dev-asha", "dev-ravi"}) {
				t.Errorf("subjects %v", form.subjects)
			}
			if form.action != b.issuer+"/authorize" || form.fields.Get("state") != f.state ||
				form.fields.Get("nonce") != f.nonce || form.fields.Get("code_challenge_method") != "S256" {
				t.Errorf("form %s carries %v", form.action, form.fields)
			}
			got := regexp.MustCompile(`value="([^"]*)" class="user suggested" autofocus`).FindAllStringSubmatch(body, -1)
			var suggested string
			if len(got) == 1 {
				suggested = got[0][1]
			}
			if len(got) > 1 || suggested != tt.wantSuggested {
				t.Errorf("suggested %v, want %q", got, tt.wantSuggested)
			}
		})
	}
}
