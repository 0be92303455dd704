package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/santkrupa/santkrupa/internal/api/apitest"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/server"
	"github.com/santkrupa/santkrupa/internal/store"
)

// TestRememberedMembership pins the membership the server remembers
// between requests: it saves the lookup's round trip, yet a role change, a
// deactivation or a suspension counts from the very next request — on
// routes that run a statement (the database confirms the membership in
// that statement's round trip) and on routes that answer from the actor
// alone (confirmed on its own before the answer goes out).
func TestRememberedMembership(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := apitest.NewWith(t, apitest.Options{ExposeRoundTrips: true})
	su := dbtest.Conn(t, dbtest.SuperuserURL())
	doctor := e.A.Users[store.RoleDoctor]
	tok := e.Token(t, e.A, store.RoleDoctor)
	patients := e.List(t, apitest.ClinicPath(e.A, "patients"), tok)
	if len(patients) == 0 {
		t.Fatal("clinic A lists no patients")
	}
	chart := apitest.ClinicPath(e.A, "patients/"+patients[0]["id"].(string)+"/chart")
	me := apitest.ClinicPath(e.A, "me")
	trips := func(what string, res *apitest.Response, want string) {
		t.Helper()
		if got := res.Header.Get(server.RoundTripsHeader); got != want {
			t.Errorf("%s: %s round trips, want %s", what, got, want)
		}
	}
	set := func(sql string, args ...any) {
		t.Helper()
		if _, err := su.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}

	// Remembered: the chart is one round trip, /me (no statement of its
	// own) one for the confirmation.
	trips("chart, remembered", e.Do(t, "GET", chart, tok, nil).Want(t, http.StatusOK), "1")
	trips("me, remembered", e.Do(t, "GET", me, tok, nil).Want(t, http.StatusOK), "1")

	// Made a lab technician: the remembered doctor's chart request is
	// refused by the database, looked up again and answered for the lab
	// technician (403); made a doctor again, the remembered lab
	// technician's 403 is not confirmed, and the request is answered for
	// the doctor.
	set("UPDATE users SET role = 'lab_tech' WHERE id = $1", doctor.ID)
	e.Do(t, "GET", chart, tok, nil).Want(t, http.StatusForbidden)
	e.Do(t, "GET", chart, tok, nil).Want(t, http.StatusForbidden)
	set("UPDATE users SET role = 'doctor' WHERE id = $1", doctor.ID)
	e.Do(t, "GET", chart, tok, nil).Want(t, http.StatusOK)
	trips("chart, remembered again", e.Do(t, "GET", chart, tok, nil).Want(t, http.StatusOK), "1")

	// Deactivated: refused at once, on the route with a statement and on
	// the one without, and nothing of the handler's answer leaks.
	set("UPDATE users SET active = false WHERE id = $1", doctor.ID)
	res := e.Do(t, "GET", me, tok, nil).Want(t, http.StatusNotFound)
	if res.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("refused /me: Content-Type %q", res.Header.Get("Content-Type"))
	}
	e.Do(t, "GET", chart, tok, nil).Want(t, http.StatusNotFound)
	e.Do(t, "GET", me, tok, nil).Want(t, http.StatusNotFound)
	set("UPDATE users SET active = true WHERE id = $1", doctor.ID)
	e.Do(t, "GET", me, tok, nil).Want(t, http.StatusOK)

	// Writes on a remembered membership that changed are refused before
	// they run: 404 in a suspended clinic, 409 after a role change (the
	// form was filled in under the old role).
	desk := e.Token(t, e.A, store.RoleReceptionist)
	register := func(name string) *apitest.Response {
		return e.Do(t, "POST", apitest.ClinicPath(e.A, "patients"), desk, map[string]any{"name": name})
	}
	e.Do(t, "GET", me, desk, nil).Want(t, http.StatusOK)
	set("UPDATE clinics SET subscription_status = 'suspended' WHERE id = $1", e.A.ID)
	register("Not Kept").Want(t, http.StatusNotFound)
	set("UPDATE clinics SET subscription_status = 'active' WHERE id = $1", e.A.ID)
	e.Do(t, "GET", me, desk, nil).Want(t, http.StatusOK)
	set("UPDATE users SET role = 'admin' WHERE id = $1", e.A.Users[store.RoleReceptionist].ID)
	if p := register("Not Kept").Want(t, http.StatusConflict).Problem(t); p.Kind() != "membership-changed" {
		t.Errorf("write after a role change: problem %+v", p)
	}
	var kept int
	if err := su.QueryRow(ctx, "SELECT count(*) FROM patients WHERE clinic_id = $1 AND name = 'Not Kept'", e.A.ID).Scan(&kept); err != nil {
		t.Fatal(err)
	}
	if kept != 0 {
		t.Errorf("%d refused registrations were kept", kept)
	}
	register("Kept").Want(t, http.StatusCreated) // as the admin it now is
	set("UPDATE users SET role = 'receptionist' WHERE id = $1", e.A.Users[store.RoleReceptionist].ID)
}
