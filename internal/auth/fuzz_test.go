package auth

// Fuzz tests of what auth parses from outside: the Authorization header,
// and the claim rules and claim values that provision memberships. Seed
// corpora: testdata/fuzz/<Fuzz name>. (The whole bearer path, token
// verification included, is fuzzed over HTTP in internal/app.)

import (
	"regexp"
	"strings"
	"testing"

	"github.com/santkrupa/santkrupa/internal/store"
)

func FuzzBearerToken(f *testing.F) {
	for _, s := range []string{"", "Bearer", "Bearer ", "Bearer abc", "bearer abc", "BEARER  a b ", "Basic dXNlcjpwdw==",
		"Bearer\tabc", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig", "Bearer \x00", "Bearerabc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		tok, ok := BearerToken(header)
		if !ok {
			if tok != "" {
				t.Fatalf("BearerToken(%q) = %q with ok false", header, tok)
			}
			return
		}
		if tok == "" || tok != strings.TrimSpace(tok) {
			t.Fatalf("BearerToken(%q) = %q: empty or untrimmed", header, tok)
		}
		if len(header) < 7 || !strings.EqualFold(header[:6], "Bearer") || header[6] != ' ' {
			t.Fatalf("BearerToken(%q) = %q: accepted another scheme", header, tok)
		}
		// Whatever follows "Bearer ", trimmed, is the token.
		if again, ok := BearerToken("Bearer " + tok); !ok || again != tok {
			t.Fatalf("BearerToken(\"Bearer \"+%q) = %q, %v", tok, again, ok)
		}
	})
}

var (
	grantSlug = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`)
	// staffRoles are the only roles a claim may grant.
	staffRoles = map[store.Role]bool{store.RoleAdmin: true, store.RoleDoctor: true,
		store.RoleReceptionist: true, store.RoleLabTech: true}
)

func FuzzClaimRules(f *testing.F) {
	for _, s := range [][2]string{
		{"groups=santkrupa:{clinic}:{role}", "santkrupa:apollo:doctor"},
		{"groups=santkrupa:{clinic}:{role}", "santkrupa:apollo:patient"},
		{"groups=santkrupa:{clinic}:{role}", "santkrupa:apollo:super_admin"},
		{"roles={role}@{clinic}; groups=x/{clinic}/{role}", "admin@lonavala"},
		{"groups={clinic}{role}", "apollodoctor"},
		{"a=.*{clinic}(|){role}+", ".*x(|)admin+"},
		{"=", ""}, {";;", ""}, {"g={clinic}", "x"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, rules, value string) {
		rs, err := ParseClaimRules(rules)
		if err != nil {
			return
		}
		for _, r := range rs {
			for _, claims := range []map[string]any{
				{r.Claim: value},
				{r.Claim: []any{value, 7, nil, value + "x"}},
				{r.Claim: map[string]any{"v": value}},
			} {
				for _, g := range r.Grants(claims) {
					if !staffRoles[g.Role] {
						t.Fatalf("rule %q grants role %q from %q: only staff roles may come from a claim", r.Pattern, g.Role, value)
					}
					if !grantSlug.MatchString(g.Slug) {
						t.Fatalf("rule %q grants clinic %q from %q: not a slug", r.Pattern, g.Slug, value)
					}
				}
			}
			// The rule reads back what it describes, when the parts are
			// told apart by something between them.
			if sep := between(r.Pattern); sep != "" && !strings.ContainsAny(sep, "abcdefghijklmnopqrstuvwxyz0123456789-_") {
				v := strings.Replace(strings.Replace(r.Pattern, "{clinic}", "apollo", 1), "{role}", "doctor", 1)
				gs := r.Grants(map[string]any{r.Claim: v})
				if len(gs) != 1 || gs[0] != (Grant{Slug: "apollo", Role: store.RoleDoctor}) {
					t.Fatalf("rule %q on %q grants %+v, want apollo/doctor", r.Pattern, v, gs)
				}
			}
		}
	})
}

// between is the text between {clinic} and {role} in a pattern, in either
// order ("" when they touch).
func between(p string) string {
	c, r := strings.Index(p, "{clinic}"), strings.Index(p, "{role}")
	if c < r {
		return p[c+len("{clinic}") : r]
	}
	return p[r+len("{role}") : c]
}
