package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// events lists clinic c's access log as its admin.
func (e *env) events(c dbtest.Clinic, f auditlog.Filter) []auditlog.Entry {
	e.t.Helper()
	es, err := auditlog.New(e.st).List(context.Background(), c.Scope(store.RoleAdmin), f)
	if err != nil {
		e.t.Fatal(err)
	}
	return es
}

// TestAccessLogRecordsLoginsAndRefusals: a login, a member's refused page
// and an outsider's refused clinic land in the right clinic's log.
func TestAccessLogRecordsLoginsAndRefusals(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	admin := e.browser()
	admin.login(subject(e.A, "admin"))
	logins := e.events(e.A, auditlog.Filter{Action: auditlog.ActionLogin})
	if len(logins) != 1 || logins[0].ActorUserID == nil || *logins[0].ActorUserID != e.A.Users[store.RoleAdmin].ID ||
		logins[0].IdentitySubject == nil || *logins[0].IdentitySubject != subject(e.A, "admin") || logins[0].Ip == nil {
		t.Fatalf("login events %+v; want the admin's", logins)
	}

	doctor := e.browser()
	doctor.login(subject(e.A, "doctor"))
	resp, body := doctor.get("/clinic/" + e.A.Slug + "/admin/audit/")
	wantStatus(t, "doctor on the access log", resp, body, http.StatusForbidden)
	denied := e.events(e.A, auditlog.Filter{Action: auditlog.ActionFailedAccess})
	if len(denied) != 1 || denied[0].ActorRole == nil || *denied[0].ActorRole != "doctor" || !strings.Contains(denied[0].Detail, "/admin/audit/") {
		t.Fatalf("failed-access events %+v; want the doctor's refusal", denied)
	}

	resp, body = admin.get("/clinic/" + e.B.Slug + "/")
	wantStatus(t, "A's admin in clinic B", resp, body, http.StatusNotFound)
	outsider := e.events(e.B, auditlog.Filter{Action: auditlog.ActionFailedAccess})
	if len(outsider) != 1 || outsider[0].IdentitySubject == nil || *outsider[0].IdentitySubject != subject(e.A, "admin") ||
		outsider[0].ActorUserID != nil {
		t.Fatalf("B's failed-access events %+v; want A's admin as an outsider", outsider)
	}

	// The admin's page shows and filters the log.
	resp, body = admin.get("/clinic/" + e.A.Slug + "/admin/audit/?action=failed_access")
	wantStatus(t, "access log", resp, body, http.StatusOK)
	if !strings.Contains(body, "<td>failed_access</td>") || strings.Contains(body, "<td>login</td>") {
		t.Errorf("filtered access log does not show just the refusal")
	}
	resp, body = admin.get("/clinic/" + e.A.Slug + "/admin/audit/?action=bogus&from=yesterday")
	wantStatus(t, "bad filter", resp, body, http.StatusUnprocessableEntity)
}

// TestPatientSeesWhoAccessedTheirRecord: the patient page lists the reads
// of their own record only; the admin page filters by patient number.
func TestPatientSeesWhoAccessedTheirRecord(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := setup(t, envOptions{})
	var mine, other dbsqlc.Patient
	err := e.st.Read(ctx, e.A.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		ps, err := e.st.Queries().ListPatients(ctx, tx, clinic.NewestPatients(10))
		for _, p := range ps {
			if p.UserID != nil && *p.UserID == e.A.Users[store.RolePatient].ID {
				mine = p
			} else {
				other = p
			}
		}
		return err
	})
	if err != nil || mine.ID == other.ID {
		t.Fatalf("fixture: %v", err)
	}
	for _, p := range []dbsqlc.Patient{mine, other} {
		err := e.st.Tx(ctx, e.A.Scope(store.RoleLabTech), func(tx dbsqlc.DBTX) error {
			return auditlog.RecordRead(ctx, tx, auditlog.Request{RequestID: "chart-" + p.PatientNumber},
				auditlog.Resource{Table: "patients", ID: p.ID, PatientID: p.ID})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	pat := e.browser()
	pat.login(subject(e.A, "patient"))
	resp, body := pat.get("/clinic/" + e.A.Slug + "/patient/access-log/")
	wantStatus(t, "patient access log", resp, body, http.StatusOK)
	if !strings.Contains(body, "A lab technician of the clinic") || strings.Count(body, "<td>read</td>") != 1 {
		t.Errorf("patient page does not show exactly the one read of their record:\n%s", body)
	}
	resp, body = pat.get("/clinic/" + e.A.Slug + "/admin/audit/")
	wantStatus(t, "patient on the admin log", resp, body, http.StatusForbidden)

	admin := e.browser()
	admin.login(subject(e.A, "admin"))
	resp, body = admin.get("/clinic/" + e.A.Slug + "/admin/audit/?action=read&patient=" + other.PatientNumber)
	wantStatus(t, "filter by patient number", resp, body, http.StatusOK)
	if !strings.Contains(body, other.PatientNumber) || strings.Contains(body, mine.PatientNumber) {
		t.Errorf("filter by %s shows the wrong patient's events", other.PatientNumber)
	}
	resp, body = admin.get("/clinic/" + e.A.Slug + "/patient/access-log/")
	wantStatus(t, "admin on the patient page", resp, body, http.StatusForbidden)
}

func TestAuditEventsAPI(t *testing.T) {
	t.Parallel()
	e := setup(t, envOptions{})
	b := e.browser()
	b.login(subject(e.A, "reception"))
	tok := e.token(subject(e.A, "admin"), 5*time.Minute)
	resp, body := e.api("/api/v1/clinics/"+e.A.Slug+"/audit-events?action=login&limit=5", tok)
	wantStatus(t, "audit events", resp, body, http.StatusOK)
	var out struct {
		Events []struct {
			Action    string  `json:"action"`
			ActorRole *string `json:"actor_role"`
			IP        *string `json:"ip"`
		} `json:"events"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Events) != 1 || out.Events[0].Action != "login" || out.Events[0].ActorRole == nil || *out.Events[0].ActorRole != "receptionist" {
		t.Errorf("audit events %s; want the receptionist's login", body)
	}
	resp, body = e.api("/api/v1/clinics/"+e.A.Slug+"/audit-events?since=yesterday", tok)
	wantStatus(t, "bad since", resp, body, http.StatusUnprocessableEntity)
	resp, body = e.api("/api/v1/clinics/"+e.A.Slug+"/audit-events", e.token(subject(e.A, "doctor"), 5*time.Minute))
	wantStatus(t, "doctor token", resp, body, http.StatusForbidden)
	resp, body = e.api("/api/v1/clinics/"+e.B.Slug+"/audit-events", tok)
	wantStatus(t, "other clinic", resp, body, http.StatusNotFound)
}
