package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/api/apitest"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The platform API: operators only, clinic rows and counts only.

type platformClinicOut struct {
	ID                 uuid.UUID `json:"id"`
	Slug               string    `json:"slug"`
	Name               string    `json:"name"`
	SubscriptionStatus string    `json:"subscription_status"`
	SubscriptionEndsOn *string   `json:"subscription_ends_on"`
	MaxDoctors         int       `json:"max_doctors"`
	Patients           int       `json:"patients"`
	Staff              int       `json:"staff"`
	VisitsThisMonth    int       `json:"visits_this_month"`
}

func TestPlatformAPIIsForOperatorsOnly(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	base := "/api/v1/platform/clinics"
	one := base + "/" + e.A.Slug
	for _, role := range store.Roles {
		tok := e.Token(t, e.A, role)
		for _, c := range []struct {
			method, path string
			body         any
			headers      []string
		}{
			{"GET", base, nil, nil},
			{"POST", base, map[string]any{"name": "Mine", "slug": "mine-" + e.A.Slug, "code": "MINE", "admin_email": "me@mine.example"}, nil},
			{"GET", one, nil, nil},
			{"PATCH", one, map[string]any{"max_doctors": 99}, []string{"If-Match", `"x"`}},
			{"POST", one + "/suspend", nil, nil},
			{"POST", one + "/reactivate", nil, nil},
		} {
			p := e.Do(t, c.method, c.path, tok, c.body, c.headers...).Want(t, http.StatusForbidden).Problem(t)
			if p.Kind() != "forbidden" {
				t.Errorf("%s %s as %s: %+v", c.method, c.path, role, p)
			}
		}
	}
	pc, err := clinic.New(e.Store, clinic.Options{}).PlatformClinicBySlug(context.Background(), e.A.Slug)
	if err != nil || pc.MaxDoctors != 10 || pc.SubscriptionStatus != "active" {
		t.Fatalf("clinic A after refused platform calls: %+v, %v", pc, err)
	}
	if _, err := clinic.New(e.Store, clinic.Options{}).PlatformClinicBySlug(context.Background(), "mine-"+e.A.Slug); err == nil {
		t.Error("a clinic member created a clinic")
	}
}

func TestPlatformAPIListsCountsNotPatients(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	op := e.SuperAdminToken(t)
	// Walk the whole list (it holds every test's clinics) and keep the raw
	// pages, to look for patient data in them.
	var bodies []string
	byslug := map[string]platformClinicOut{}
	path := apitest.Query("/api/v1/platform/clinics", "limit", "200")
	for path != "" {
		res := e.Do(t, "GET", path, op, nil).Want(t, http.StatusOK)
		bodies = append(bodies, string(res.Body))
		var page struct {
			Items []platformClinicOut `json:"items"`
			Next  *string             `json:"next"`
		}
		res.Decode(t, &page)
		for _, c := range page.Items {
			if _, dup := byslug[c.Slug]; dup {
				t.Errorf("clinic %s listed twice", c.Slug)
			}
			byslug[c.Slug] = c
		}
		path = ""
		if page.Next != nil {
			path = *page.Next
		}
	}
	a, ok := byslug[e.A.Slug]
	if !ok || a.Patients != 2 || a.Staff != 5 || a.ID != e.A.ID {
		t.Fatalf("clinic A in the list: %+v (found %v)", a, ok)
	}
	if _, ok := byslug[e.B.Slug]; !ok {
		t.Fatal("clinic B is not listed")
	}
	svc := clinic.New(e.Store, clinic.Options{})
	for _, c := range []struct {
		sc   store.Scope
		slug string
	}{{e.A.Scope(store.RoleAdmin), e.A.Slug}, {e.B.Scope(store.RoleAdmin), e.B.Slug}} {
		patients, err := svc.FindPatients(context.Background(), c.sc, clinic.PatientQuery{})
		if err != nil || len(patients.Items) == 0 {
			t.Fatal(err)
		}
		for _, p := range patients.Items {
			for _, s := range []string{p.ID.String(), p.Name, p.PatientNumber, p.Phone} {
				for _, body := range bodies {
					if strings.Contains(body, s) {
						t.Errorf("the platform list shows patient data of %s: %q", c.slug, s)
					}
				}
			}
		}
	}
	res := e.Do(t, "GET", "/api/v1/platform/clinics/"+e.B.Slug, op, nil).Want(t, http.StatusOK)
	if res.Header.Get("ETag") == "" {
		t.Error("GET one clinic has no ETag")
	}
	e.Do(t, "GET", "/api/v1/platform/clinics/no-such-clinic-"+e.A.Slug, op, nil).Want(t, http.StatusNotFound)
	e.Send(t, apitest.Request{Method: "GET", Path: "/api/v1/platform/clinics/Bad_Slug", Token: op}).Want(t, http.StatusNotFound)
}

func TestPlatformAPIClinicLifecycle(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	op := e.SuperAdminToken(t)
	slug := "api-" + strings.ReplaceAll(uuid.NewString(), "-", "")[:12]
	base := "/api/v1/platform/clinics"
	body := map[string]any{"name": "Api Clinic", "slug": slug, "code": "api", "admin_email": "boss@" + slug + ".example",
		"max_doctors": 1, "subscription_ends_on": "2027-01-31"}
	res := e.Do(t, "POST", base, op, body).Want(t, http.StatusCreated)
	var c platformClinicOut
	res.Decode(t, &c)
	if res.Header.Get("Location") != base+"/"+slug || c.Staff != 1 || c.Patients != 0 || c.MaxDoctors != 1 ||
		c.SubscriptionStatus != "trial" || c.SubscriptionEndsOn == nil || *c.SubscriptionEndsOn != "2027-01-31" {
		t.Fatalf("created: %+v at %s", c, res.Header.Get("Location"))
	}
	adminProblem(t, e.Do(t, "POST", base, op, body).Want(t, http.StatusConflict), "conflict")
	adminProblem(t, e.Send(t, apitest.Request{Method: "POST", Path: base, Token: op, ContentType: "application/json",
		Body: []byte(`{"name":"","slug":"Bad Slug","code":"x","admin_email":"nope","max_doctors":-1,"timezone":"Nowhere/Town","subscription_ends_on":"soon"}`)}).
		Want(t, http.StatusUnprocessableEntity), "validation", "subscription_ends_on")
	adminProblem(t, e.Send(t, apitest.Request{Method: "POST", Path: base, Token: op, ContentType: "application/json",
		Body: []byte(`{"name":"","slug":"Bad Slug","code":"x","admin_email":"nope","max_doctors":-1,"timezone":"Nowhere/Town"}`)}).
		Want(t, http.StatusUnprocessableEntity), "validation", "name", "slug", "code", "admin_email", "max_doctors", "timezone")

	// The first admin's invitation is in the new clinic.
	one := base + "/" + slug
	res = e.Do(t, "GET", one, op, nil).Want(t, http.StatusOK)
	tag := res.Header.Get("ETag")
	res = e.Do(t, "PATCH", one, op, map[string]any{"name": "Api Clinic Two", "max_doctors": 4, "subscription_status": "active",
		"subscription_ends_on": nil}, "If-Match", tag).Want(t, http.StatusOK)
	res.Decode(t, &c)
	if c.Name != "Api Clinic Two" || c.MaxDoctors != 4 || c.SubscriptionStatus != "active" || c.SubscriptionEndsOn != nil || c.Staff != 1 {
		t.Errorf("after patch: %+v", c)
	}
	adminProblem(t, e.Do(t, "PATCH", one, op, map[string]any{"max_doctors": 5}, "If-Match", tag).Want(t, http.StatusPreconditionFailed), "stale")
	e.Send(t, apitest.Request{Method: "PATCH", Path: one, Token: op, ContentType: "application/json", Body: []byte(`{"max_doctors":5}`)}).
		Want(t, http.StatusPreconditionRequired)

	// Suspension closes clinic A to its own members, once.
	adminTok := e.Token(t, e.A, store.RoleAdmin)
	e.Do(t, "GET", apitest.ClinicPath(e.A, "me"), adminTok, nil).Want(t, http.StatusOK)
	res = e.Do(t, "POST", base+"/"+e.A.Slug+"/suspend", op, nil).Want(t, http.StatusOK)
	res.Decode(t, &c)
	if c.SubscriptionStatus != "suspended" {
		t.Errorf("after suspend: %+v", c)
	}
	e.Do(t, "GET", apitest.ClinicPath(e.A, "me"), adminTok, nil).Want(t, http.StatusNotFound)
	e.Do(t, "GET", apitest.ClinicPath(e.B, "me"), e.Token(t, e.B, store.RoleAdmin), nil).Want(t, http.StatusOK)
	adminProblem(t, e.Do(t, "POST", base+"/"+e.A.Slug+"/suspend", op, nil).Want(t, http.StatusConflict), "state")
	e.Do(t, "POST", base+"/"+e.A.Slug+"/reactivate", op, nil).Want(t, http.StatusOK)
	adminProblem(t, e.Do(t, "POST", base+"/"+e.A.Slug+"/reactivate", op, nil).Want(t, http.StatusConflict), "state")
	e.Do(t, "GET", apitest.ClinicPath(e.A, "me"), adminTok, nil).Want(t, http.StatusOK)
	e.Do(t, "POST", base+"/no-such-clinic-"+slug+"/suspend", op, nil).Want(t, http.StatusNotFound)
}
