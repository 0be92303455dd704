package devidp

import (
	"testing"
)

// TestNewRefuses checks that configuration mistakes fail at start-up, not
// at the first login.
func TestNewRefuses(t *testing.T) {
	t.Parallel()
	valid := func() Config {
		return Config{
			Issuer: "http://localhost:8080/dev-idp", Users: testUsers(), APIAudience: testAudience,
			Clients: []Client{{ID: webID, Secret: webSecret, RedirectURIs: []string{"http://localhost:8080/auth/callback"}}},
		}
	}
	tests := []struct {
		name string
		edit func(*Config)
	}{
		{"relative issuer", func(c *Config) { c.Issuer = "/dev-idp" }},
		{"issuer of another scheme", func(c *Config) { c.Issuer = "ftp://localhost/dev-idp" }},
		{"issuer with a query", func(c *Config) { c.Issuer = "http://localhost:8080/dev-idp?x=1" }},
		{"no api audience", func(c *Config) { c.APIAudience = "" }},
		{"api audience equal to a client id", func(c *Config) { c.APIAudience = webID }},
		{"negative ttl", func(c *Config) { c.TokenTTL = -1 }},
		{"no users", func(c *Config) { c.Users = nil }},
		{"user without subject", func(c *Config) { c.Users = append(c.Users, User{Name: "Nobody"}) }},
		{"duplicate subject", func(c *Config) { c.Users = append(c.Users, c.Users[0]) }},
		{"no clients", func(c *Config) { c.Clients = nil }},
		{"client without id", func(c *Config) { c.Clients[0].ID = "" }},
		{"duplicate client", func(c *Config) { c.Clients = append(c.Clients, c.Clients[0]) }},
		{"client without redirect uris", func(c *Config) { c.Clients[0].RedirectURIs = nil }},
		{"relative redirect uri", func(c *Config) { c.Clients[0].RedirectURIs = []string{"/auth/callback"} }},
		{"redirect uri with fragment", func(c *Config) { c.Clients[0].RedirectURIs = []string{"http://localhost/cb#x"} }},
		{"relative post-logout uri", func(c *Config) { c.Clients[0].PostLogoutRedirectURIs = []string{"/"} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := valid()
			tt.edit(&cfg)
			if _, err := New(cfg); err == nil {
				t.Error("New accepted the configuration")
			}
		})
	}
}

// TestNewCopiesConfig checks that the provider does not share the
// caller's slices: changing them afterwards changes nothing.
func TestNewCopiesConfig(t *testing.T) {
	t.Parallel()
	users := testUsers()
	clients := []Client{{ID: webID, RedirectURIs: []string{"http://localhost/cb"}}}
	p, err := New(Config{Issuer: "http://localhost/dev-idp", Users: users, Clients: clients, APIAudience: testAudience})
	if err != nil {
		t.Fatal(err)
	}
	users[0].Groups[0] = "santkrupa:santkrupa:super_admin"
	users[0].Subject = "changed"
	clients[0].RedirectURIs[0] = "https://evil.example/cb"
	if u, ok := p.user("dev-asha"); !ok || u.Groups[0] != "santkrupa:santkrupa:doctor" {
		t.Errorf("user after the caller's change: %+v", u)
	}
	if got := p.clients[webID].RedirectURIs[0]; got != "http://localhost/cb" {
		t.Errorf("redirect uri after the caller's change: %s", got)
	}
	if p.Issuer() != "http://localhost/dev-idp" {
		t.Errorf("Issuer() = %q", p.Issuer())
	}
}
