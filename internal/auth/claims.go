package auth

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/santkrupa/santkrupa/internal/store"
)

// ClaimRule provisions a membership from a claim value at login, e.g. the
// rule groups=santkrupa:{clinic}:{role} turns a "groups" value
// "santkrupa:apollo:doctor" into a doctor membership in clinic apollo.
type ClaimRule struct {
	Claim   string
	Pattern string
	re      *regexp.Regexp
}

// Grant is a membership a claim asks for.
type Grant struct {
	Slug string
	Role store.Role
}

// ParseClaimRules reads rules separated by ";" (empty: no rules). Each rule
// is claim=pattern, and the pattern must hold {clinic} and {role} once each.
func ParseClaimRules(s string) ([]ClaimRule, error) {
	var rules []ClaimRule
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		claim, pattern, ok := strings.Cut(part, "=")
		claim, pattern = strings.TrimSpace(claim), strings.TrimSpace(pattern)
		if !ok || claim == "" || strings.Count(pattern, "{clinic}") != 1 || strings.Count(pattern, "{role}") != 1 {
			return nil, fmt.Errorf("claim rule %q: want claim=pattern with {clinic} and {role}", part)
		}
		expr := regexp.QuoteMeta(pattern)
		expr = strings.Replace(expr, regexp.QuoteMeta("{clinic}"), `(?P<clinic>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)`, 1)
		expr = strings.Replace(expr, regexp.QuoteMeta("{role}"), `(?P<role>[a-z_]+)`, 1)
		re, err := regexp.Compile("^" + expr + "$")
		if err != nil {
			return nil, fmt.Errorf("claim rule %q: %w", part, err)
		}
		rules = append(rules, ClaimRule{Claim: claim, Pattern: pattern, re: re})
	}
	return rules, nil
}

// Grants returns the memberships the claims ask for. Only staff roles can
// be granted this way: a patient login must be linked to its patient record
// by the clinic, and super_admin is never a claim.
func (r ClaimRule) Grants(claims map[string]any) []Grant {
	var values []string
	switch v := claims[r.Claim].(type) {
	case string:
		values = []string{v}
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				values = append(values, s)
			}
		}
	}
	var out []Grant
	for _, v := range values {
		m := r.re.FindStringSubmatch(v)
		if m == nil {
			continue
		}
		role := store.Role(m[r.re.SubexpIndex("role")])
		if !role.Valid() || role == store.RolePatient {
			continue
		}
		out = append(out, Grant{Slug: m[r.re.SubexpIndex("clinic")], Role: role})
	}
	return out
}
