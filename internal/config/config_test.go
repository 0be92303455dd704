package config

import (
	"strings"
	"testing"
)

func TestContextBinding(t *testing.T) {
	for _, tc := range []struct {
		value   string
		unbound bool
		err     string
	}{
		{"", false, ""},
		{"backend", false, ""},
		{"none", true, ""},
		{"None", false, "SANTKRUPA_CONTEXT_BINDING: want backend or none"},
		{"off", false, "SANTKRUPA_CONTEXT_BINDING: want backend or none"},
	} {
		c, err := Load(func(k string) string {
			if k == "SANTKRUPA_CONTEXT_BINDING" {
				return tc.value
			}
			return ""
		})
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: error %v, want %q", tc.value, err, tc.err)
		case tc.err == "" && err != nil:
			t.Errorf("%q: %v", tc.value, err)
		case tc.err == "" && c.UnboundContext != tc.unbound:
			t.Errorf("%q: unbound %v, want %v", tc.value, c.UnboundContext, tc.unbound)
		}
	}
}
