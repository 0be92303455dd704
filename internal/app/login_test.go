package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/devidp"
	"github.com/santkrupa/santkrupa/internal/store"
)

func TestLoginEndToEnd(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	b := e.browser()

	resp, _ := b.get("/clinic/" + e.A.Slug + "/")
	wantStatus(t, "clinic page before login", resp, "", http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/login?next=") {
		t.Fatalf("redirect before login = %q, want /login?next=…", loc)
	}

	b.login(subject(e.A, "admin"))
	resp, _ = b.get("/")
	wantStatus(t, "home with one clinic", resp, "", http.StatusSeeOther)
	if got, want := resp.Header.Get("Location"), "/clinic/"+e.A.Slug+"/"; got != want {
		t.Errorf("home redirects to %q, want %q", got, want)
	}
	resp, body := b.get("/clinic/" + e.A.Slug + "/")
	wantStatus(t, "own clinic", resp, body, http.StatusOK)
	if !strings.Contains(body, e.A.Users[store.RoleAdmin].DisplayName) {
		t.Errorf("clinic page does not greet the admin %q", e.A.Users[store.RoleAdmin].DisplayName)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("response lacks %s", h)
		}
	}
	if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("CSP %q lacks frame-ancestors 'none'", resp.Header.Get("Content-Security-Policy"))
	}

	// The identity is bound to the invited row and the login recorded.
	u := e.A.Users[store.RoleAdmin]
	var got dbsqlc.User
	err := e.st.Read(context.Background(), e.A.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		var err error
		got, err = e.st.Queries().GetUser(context.Background(), tx, u.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.OIDCSubject == nil || *got.OIDCSubject != subject(e.A, "admin") || got.LastLoginAt == nil {
		t.Errorf("after login: subject %v, last login %v; want bound and stamped", got.OIDCSubject, got.LastLoginAt)
	}

	// Clinic B does not exist for A's admin: 404, like a slug nobody uses.
	for _, path := range []string{"/clinic/" + e.B.Slug + "/", "/clinic/" + e.B.Slug + "/admin-dashboard/", "/clinic/no-such-clinic/"} {
		resp, body := b.get(path)
		wantStatus(t, "other clinic "+path, resp, body, http.StatusNotFound)
	}
}

func TestLoginSessionCookieIsHardened(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	b := e.browser()
	b.login(subject(e.A, "doctor"))
	u, _ := url.Parse(e.srv.URL)
	resp, _ := b.get("/clinic/" + e.A.Slug + "/")
	wantStatus(t, "clinic page", resp, "", http.StatusOK)
	var found bool
	for _, c := range b.c.Jar.Cookies(u) {
		found = found || c.Name == "santkrupa_session"
	}
	if !found {
		t.Fatal("no session cookie")
	}
	// The jar hides attributes: check them on a fresh login response.
	b2 := e.browser()
	resp, _ = b2.post("/login", url.Values{})
	sc := resp.Header.Get("Set-Cookie")
	for _, attr := range []string{"HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(sc, attr) {
			t.Errorf("session cookie %q lacks %s", sc, attr)
		}
	}
}

func TestLoginRejectsTamperedState(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	b := e.browser()
	cb := b.pick(b.startLogin("/"), subject(e.A, "admin"))
	u, _ := url.Parse(cb)
	q := u.Query()
	q.Set("state", q.Get("state")+"x")
	u.RawQuery = q.Encode()
	resp, body := b.get(u.String())
	wantStatus(t, "tampered state", resp, body, http.StatusUnauthorized)
	// The pending login was consumed: the genuine callback is refused too.
	resp, body = b.get(cb)
	wantStatus(t, "callback after a failed attempt", resp, body, http.StatusUnauthorized)
	resp, _ = b.get("/clinic/" + e.A.Slug + "/")
	wantStatus(t, "clinic page after failed login", resp, "", http.StatusSeeOther)
}

func TestLoginRejectsReplayedCode(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	b := e.browser()
	cb := b.pick(b.startLogin("/"), subject(e.A, "admin"))
	resp, body := b.get(cb)
	wantStatus(t, "first callback", resp, body, http.StatusSeeOther)

	// Same browser, same URL: the pending login is gone.
	resp, body = b.get(cb)
	wantStatus(t, "replayed callback", resp, body, http.StatusUnauthorized)

	// An attacker's own fresh login with the victim's code: the provider
	// refuses the used code (and the verifier would not match anyway).
	attacker := e.browser()
	form := attacker.startLogin("/")
	stolen, _ := url.Parse(cb)
	forged := e.srv.URL + "/auth/callback?" + url.Values{"code": {stolen.Query().Get("code")}, "state": {form.Get("state")}}.Encode()
	resp, body = attacker.get(forged)
	wantStatus(t, "stolen code", resp, body, http.StatusUnauthorized)
}

func TestLoginRejectsWrongNonce(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	b := e.browser()
	form := b.startLogin("/")
	form.Set("nonce", "not-the-nonce-this-browser-sent")
	resp, body := b.get(b.pick(form, subject(e.A, "admin")))
	wantStatus(t, "wrong nonce", resp, body, http.StatusUnauthorized)
}

func TestLoginRejectsExpiredIDToken(t *testing.T) {
	t.Parallel()
	// The provider's clock runs an hour behind: its 15-minute tokens are
	// expired by the time the application verifies them.
	e := setup(t, envOptions{idpNow: func() time.Time { return time.Now().Add(-time.Hour) }})
	b := e.browser()
	resp, body := b.get(b.pick(b.startLogin("/"), subject(e.A, "admin")))
	wantStatus(t, "expired ID token", resp, body, http.StatusUnauthorized)
}

func TestLoginRedirectsOnlyToLocalPaths(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	for _, next := range []string{"https://evil.example/", "//evil.example/x", "/\\evil.example"} {
		b := e.browser()
		resp, _ := b.get(b.pick(b.startLogin(next), subject(e.A, "admin")))
		wantStatus(t, "login with next="+next, resp, "", http.StatusSeeOther)
		if loc := resp.Header.Get("Location"); loc != "/" {
			t.Errorf("next=%q: redirected to %q, want /", next, loc)
		}
	}
	b := e.browser()
	want := "/clinic/" + e.A.Slug + "/admin-dashboard/"
	resp, _ := b.get(b.pick(b.startLogin(want), subject(e.A, "admin")))
	if loc := resp.Header.Get("Location"); loc != want {
		t.Errorf("local next: redirected to %q, want %q", loc, want)
	}
}

func TestInvitationBindsOnlyVerifiedEmail(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{extraUsers: func(a, _ dbtest.Clinic) []devidp.User {
		return []devidp.User{
			{Subject: "t-" + a.Slug + "-newdoc", Name: "New Doctor", Email: "newdoc@" + a.Slug + ".example", EmailVerified: true},
			{Subject: "t-" + a.Slug + "-sneaky", Name: "Sneaky", Email: "newlab@" + a.Slug + ".example", EmailVerified: false},
		}
	}})
	admin := e.browser()
	admin.login(subject(e.A, "admin"))
	for _, inv := range []struct{ name, email, role string }{
		{"New Doctor", "newdoc@" + e.A.Slug + ".example", "doctor"},
		{"New Lab", "newlab@" + e.A.Slug + ".example", "lab_tech"},
	} {
		resp, body := admin.post("/clinic/"+e.A.Slug+"/admin/staff/invite",
			url.Values{"display_name": {inv.name}, "email": {inv.email}, "role": {inv.role}})
		wantStatus(t, "invite "+inv.email, resp, body, http.StatusSeeOther)
	}
	// A second invitation for the same email is a conflict, shown on the form.
	resp, body := admin.post("/clinic/"+e.A.Slug+"/admin/staff/invite",
		url.Values{"display_name": {"Again"}, "email": {"newdoc@" + e.A.Slug + ".example"}, "role": {"doctor"}})
	wantStatus(t, "duplicate invitation", resp, body, http.StatusConflict)
	resp, body = admin.post("/clinic/"+e.A.Slug+"/admin/staff/invite",
		url.Values{"display_name": {""}, "email": {"not-an-email"}, "role": {"super_admin"}})
	wantStatus(t, "invalid invitation", resp, body, http.StatusUnprocessableEntity)
	for _, msg := range []string{"Enter a name", "Enter an email address", "Choose one of the roles"} {
		if !strings.Contains(body, msg) {
			t.Errorf("invalid invitation page lacks %q", msg)
		}
	}

	doc := e.browser()
	doc.login("t-" + e.A.Slug + "-newdoc")
	resp, body = doc.get("/clinic/" + e.A.Slug + "/")
	wantStatus(t, "verified invitee", resp, body, http.StatusOK)
	if !strings.Contains(body, "New Doctor") || !strings.Contains(body, "doctor") {
		t.Errorf("verified invitee's page does not show the doctor membership")
	}

	sneaky := e.browser()
	sneaky.login("t-" + e.A.Slug + "-sneaky")
	resp, body = sneaky.get("/clinic/" + e.A.Slug + "/")
	wantStatus(t, "unverified email", resp, body, http.StatusNotFound)
	resp, body = sneaky.get("/")
	wantStatus(t, "unverified email home", resp, body, http.StatusOK)
	if !strings.Contains(body, "not a member of any clinic") {
		t.Errorf("unverified user's home page should say they belong nowhere")
	}
}

func TestClaimRulesProvisionStaffOnly(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{
		claimRules: "groups=santkrupa:{clinic}:{role}",
		extraUsers: func(a, b dbtest.Clinic) []devidp.User {
			return []devidp.User{{Subject: "t-" + a.Slug + "-claims", Name: "Claimed Tech", Email: "claims@elsewhere.example",
				EmailVerified: false, Groups: []string{
					"santkrupa:" + a.Slug + ":lab_tech",
					"santkrupa:" + b.Slug + ":super_admin",
					"santkrupa:" + b.Slug + ":patient",
					"other:" + b.Slug + ":admin",
					"santkrupa:no-such-clinic:doctor",
				}}}
		},
	})
	b := e.browser()
	b.login("t-" + e.A.Slug + "-claims")
	resp, body := b.get("/clinic/" + e.A.Slug + "/")
	wantStatus(t, "claimed clinic", resp, body, http.StatusOK)
	if !strings.Contains(body, "lab technician") {
		t.Errorf("claimed membership is not lab technician")
	}
	resp, body = b.get("/clinic/" + e.B.Slug + "/")
	wantStatus(t, "clinic named only by refused claims", resp, body, http.StatusNotFound)
	resp, body = b.get("/platform/clinics")
	wantStatus(t, "super_admin claim", resp, body, http.StatusNotFound)
}

func TestOneIdentityTwoClinics(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{extraUsers: func(a, _ dbtest.Clinic) []devidp.User {
		return []devidp.User{{Subject: "t-" + a.Slug + "-both", Name: "Dr. Both", Email: "both@" + a.Slug + ".example", EmailVerified: true}}
	}})
	email := "both@" + e.A.Slug + ".example"
	for _, c := range []dbtest.Clinic{e.A, e.B} {
		role := map[string]string{e.A.Slug: "doctor", e.B.Slug: "receptionist"}[c.Slug]
		err := e.st.Tx(context.Background(), c.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
			_, err := e.st.Queries().InviteUser(context.Background(), tx, dbsqlc.InviteUserParams{
				DisplayName: "Dr. Both", Email: email, Role: role})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	b := e.browser()
	b.login("t-" + e.A.Slug + "-both")
	resp, body := b.get("/")
	wantStatus(t, "home with two clinics", resp, body, http.StatusOK)
	for _, c := range []dbtest.Clinic{e.A, e.B} {
		if !strings.Contains(body, "/clinic/"+c.Slug+"/") {
			t.Errorf("home does not list %s", c.Slug)
		}
	}
	_, bodyA := b.get("/clinic/" + e.A.Slug + "/")
	_, bodyB := b.get("/clinic/" + e.B.Slug + "/")
	if !strings.Contains(bodyA, "doctor") || !strings.Contains(bodyB, "receptionist") {
		t.Errorf("the URL's clinic must choose the acting membership (doctor in A, receptionist in B)")
	}
	resp, body = b.get("/clinic/" + e.B.Slug + "/admin-dashboard/")
	wantStatus(t, "receptionist on an admin page", resp, body, http.StatusForbidden)
}

func TestRoleDeniedIs403(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	b := e.browser()
	b.login(subject(e.A, "doctor"))
	resp, body := b.get("/clinic/" + e.A.Slug + "/admin-dashboard/")
	wantStatus(t, "doctor on admin page", resp, body, http.StatusForbidden)
	resp, body = b.post("/clinic/"+e.A.Slug+"/admin/staff/invite",
		url.Values{"display_name": {"X"}, "email": {"x@example.com"}, "role": {"admin"}})
	wantStatus(t, "doctor inviting", resp, body, http.StatusForbidden)
}

func TestDeactivatedUserAndSuspendedClinicLoseAccess(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	doctor := e.browser()
	doctor.login(subject(e.A, "doctor"))
	resp, _ := doctor.get("/clinic/" + e.A.Slug + "/")
	wantStatus(t, "doctor before", resp, "", http.StatusOK)

	admin := e.browser()
	admin.login(subject(e.A, "admin"))
	docID := e.A.Users[store.RoleDoctor].ID
	resp, body := admin.post("/clinic/"+e.A.Slug+"/admin/staff/"+docID.String()+"/deactivate", nil)
	wantStatus(t, "deactivate", resp, body, http.StatusSeeOther)
	resp, body = doctor.get("/clinic/" + e.A.Slug + "/")
	wantStatus(t, "deactivated doctor's next request", resp, body, http.StatusNotFound)
	resp, body = admin.post("/clinic/"+e.A.Slug+"/admin/staff/"+docID.String()+"/activate", nil)
	wantStatus(t, "reactivate", resp, body, http.StatusSeeOther)
	resp, _ = doctor.get("/clinic/" + e.A.Slug + "/")
	wantStatus(t, "reactivated doctor", resp, "", http.StatusOK)

	op := e.browser()
	op.login("dev-super-admin")
	resp, body = op.get("/platform/clinics")
	wantStatus(t, "platform page", resp, body, http.StatusOK)
	for _, c := range []dbtest.Clinic{e.A, e.B} {
		// The list pages by name through every test's clinics; each has its page.
		resp, body = op.get("/platform/clinics/" + c.Slug + "/")
		wantStatus(t, "platform page of "+c.Slug, resp, body, http.StatusOK)
	}
	resp, body = op.post("/platform/clinics/"+e.A.Slug+"/suspend", nil)
	wantStatus(t, "suspend", resp, body, http.StatusSeeOther)
	resp, body = admin.get("/clinic/" + e.A.Slug + "/")
	wantStatus(t, "suspended clinic's admin", resp, body, http.StatusNotFound)
	resp, body = e.browser().get("/clinic/" + e.B.Slug + "/")
	wantStatus(t, "anonymous", resp, body, http.StatusSeeOther)
	resp, body = op.post("/platform/clinics/"+e.A.Slug+"/reactivate", nil)
	wantStatus(t, "reinstate", resp, body, http.StatusSeeOther)
	resp, _ = admin.get("/clinic/" + e.A.Slug + "/")
	wantStatus(t, "reinstated clinic's admin", resp, "", http.StatusOK)

	// A clinic admin is no platform operator.
	resp, body = admin.get("/platform/clinics")
	wantStatus(t, "clinic admin on platform page", resp, body, http.StatusNotFound)
}

func TestLogoutDestroysSessionServerSide(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	b := e.browser()
	b.login(subject(e.A, "admin"))
	u, _ := url.Parse(e.srv.URL)
	var stolen *http.Cookie
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == "santkrupa_session" {
			stolen = c
		}
	}
	if stolen == nil {
		t.Fatal("no session cookie after login")
	}
	resp, body := b.post("/logout", nil)
	wantStatus(t, "logout", resp, body, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); !strings.Contains(loc, "/dev-idp/end_session?") || !strings.Contains(loc, "id_token_hint=") {
		t.Errorf("logout redirect %q does not end the provider session", loc)
	}
	// Replaying the old cookie finds no session.
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/clinic/"+e.A.Slug+"/", nil)
	req.AddCookie(&http.Cookie{Name: stolen.Name, Value: stolen.Value})
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	wantStatus(t, "old session cookie after logout", resp, "", http.StatusSeeOther)
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	b := e.browser()
	b.login(subject(e.A, "admin"))
	form := url.Values{"display_name": {"Evil"}, "email": {"evil@example.com"}, "role": {"admin"}}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/clinic/"+e.A.Slug+"/admin/staff/invite", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, body := b.do(req)
	wantStatus(t, "cross-origin POST", resp, body, http.StatusForbidden)

	var n int
	err := e.st.Read(context.Background(), e.A.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		_, err := e.st.Queries().UserByEmail(context.Background(), tx, "evil@example.com")
		if err == nil {
			n = 1
		}
		return nil
	})
	if err != nil || n != 0 {
		t.Fatalf("the cross-origin POST created a user (err %v)", err)
	}
	// The same POST from the page itself goes through.
	req, _ = http.NewRequest(http.MethodPost, e.srv.URL+"/clinic/"+e.A.Slug+"/admin/staff/invite", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", e.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, body = b.do(req)
	wantStatus(t, "same-origin POST", resp, body, http.StatusSeeOther)
}

func TestSessionTokenRenewedWhenRoleChanges(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	b := e.browser()
	b.login(subject(e.A, "reception"))
	u, _ := url.Parse(e.srv.URL)
	token := func() string {
		for _, c := range b.c.Jar.Cookies(u) {
			if c.Name == "santkrupa_session" {
				return c.Value
			}
		}
		return ""
	}
	resp, _ := b.get("/clinic/" + e.A.Slug + "/")
	wantStatus(t, "receptionist", resp, "", http.StatusOK)
	before := token()
	resp, _ = b.get("/clinic/" + e.A.Slug + "/")
	wantStatus(t, "receptionist again", resp, "", http.StatusOK)
	if token() != before {
		t.Fatalf("the session token changed without a role change")
	}
	rec := e.A.Users[store.RoleReceptionist]
	err := e.st.Tx(context.Background(), e.A.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		_, err := e.st.Queries().SetUserRole(context.Background(), tx, dbsqlc.SetUserRoleParams{ID: rec.ID, Role: "lab_tech"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	resp, body := b.get("/clinic/" + e.A.Slug + "/")
	wantStatus(t, "after the role change", resp, body, http.StatusOK)
	if !strings.Contains(body, "lab technician") {
		t.Errorf("the page does not act with the new role")
	}
	if after := token(); after == before || after == "" {
		t.Errorf("session token after a role change = %q, want a new one (was %q)", after, before)
	}
}
