package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/santkrupa/santkrupa/internal/api/apitest"
	"github.com/santkrupa/santkrupa/internal/store"
)

func TestContractIsPublic(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	res := e.Send(t, apitest.Request{Method: "GET", Path: "/api/v1/openapi.json"}).Want(t, http.StatusOK)
	if string(res.Body) != string(e.Contract.JSON) {
		t.Errorf("served document differs from the merged contract")
	}
	doc, _ := res.Value.(map[string]any)
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v", doc["openapi"])
	}
	res = e.Send(t, apitest.Request{Method: "GET", Path: "/api/v1/docs"}).Want(t, http.StatusOK)
	page := string(res.Body)
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || !strings.Contains(page, "/api/v1/clinics/{slug}/audit-events") {
		t.Errorf("reference page: %s %.200s", res.Header.Get("Content-Type"), page)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("reference page CSP %q", csp)
	}
}

func TestMe(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	for _, role := range store.Roles {
		tok := e.Token(t, e.A, role)
		var me struct {
			Memberships []struct {
				ClinicSlug string `json:"clinic_slug"`
				Role       string `json:"role"`
			} `json:"memberships"`
		}
		e.Do(t, "GET", "/api/v1/me", tok, nil).Want(t, http.StatusOK).Decode(t, &me)
		if len(me.Memberships) != 1 || me.Memberships[0].ClinicSlug != e.A.Slug || me.Memberships[0].Role != string(role) {
			t.Errorf("%s: memberships %+v", role, me.Memberships)
		}
		e.Do(t, "GET", apitest.ClinicPath(e.A, "me"), tok, nil).Want(t, http.StatusOK)
		p := e.Do(t, "GET", apitest.ClinicPath(e.B, "me"), tok, nil).Want(t, http.StatusNotFound).Problem(t)
		if p.Kind() != "not-found" {
			t.Errorf("%s on clinic B: problem %+v", role, p)
		}
	}
	var me struct {
		SuperAdmin bool `json:"super_admin"`
	}
	e.Do(t, "GET", "/api/v1/me", e.SuperAdminToken(t), nil).Want(t, http.StatusOK).Decode(t, &me)
	if !me.SuperAdmin {
		t.Errorf("the platform operator's token is not super_admin")
	}
	e.Do(t, "GET", apitest.ClinicPath(e.A, "me"), e.SuperAdminToken(t), nil).Want(t, http.StatusNotFound)
}

func TestAuditEventsRoles(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	path := apitest.ClinicPath(e.A, "audit-events")
	for _, role := range store.Roles {
		res := e.Do(t, "GET", path, e.Token(t, e.A, role), nil)
		if role == store.RoleAdmin {
			res.Want(t, http.StatusOK)
		} else if p := res.Want(t, http.StatusForbidden).Problem(t); p.Kind() != "forbidden" {
			t.Errorf("%s: %+v", role, p)
		}
	}
	admin := e.Token(t, e.A, store.RoleAdmin)
	e.Do(t, "GET", apitest.Query(path, "limit", "1", "action", "read"), admin, nil).Want(t, http.StatusOK)
	// Values the document already rejects still get a 422 from the server.
	for _, q := range [][]string{{"limit", "0"}, {"limit", "x"}, {"patient_id", "nope"}, {"since", "yesterday"}, {"action", "dance"}} {
		p := e.Send(t, apitest.Request{Method: "GET", Path: apitest.Query(path, q...), Token: admin}).
			Want(t, http.StatusUnprocessableEntity).Problem(t)
		if p.Errors[q[0]] == "" {
			t.Errorf("%v: no message for %s in %+v", q, q[0], p)
		}
	}
	e.Do(t, "GET", apitest.ClinicPath(e.B, "audit-events"), admin, nil).Want(t, http.StatusNotFound)
}
