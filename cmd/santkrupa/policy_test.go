package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/santkrupa/santkrupa/internal/dbtest"
)

func auditEnv(url string) func(string) string {
	env := map[string]string{"SANTKRUPA_AUDIT_DATABASE_URL": url}
	return func(k string) string { return env[k] }
}

// TestPolicyAuditCommand: the test database passes; auditing the owner as
// if it were the application role fails (it owns every table), exit 1.
func TestPolicyAuditCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"policy", "audit", "--format", "json"}, auditEnv(dbtest.OwnerURL()), &out, io.Discard); err != nil {
		t.Fatalf("policy audit of the test database: %v\n%s", err, out.String())
	}
	var doc struct {
		Passed bool `json:"passed"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || !doc.Passed {
		t.Errorf("JSON report: passed=%v, %v", doc.Passed, err)
	}
	out.Reset()
	err := run(ctx, []string{"policy", "audit", "--app-role", "santkrupa_owner"}, auditEnv(dbtest.OwnerURL()), &out, io.Discard)
	if !errors.Is(err, errAuditFailed) || !strings.Contains(out.String(), "RESULT: FAILED") || !strings.Contains(out.String(), "owns relation patients") {
		t.Errorf("audit of the owner as application role: %v; report:\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"policy", "diff", "--reference-url", dbtest.OwnerURL()}, auditEnv(dbtest.OwnerURL()), &out, io.Discard); err != nil ||
		!strings.Contains(out.String(), "no drift") {
		t.Errorf("diff of a database with itself: %v\n%s", err, out.String())
	}
	if err := run(ctx, []string{"policy", "audit", "--format", "yaml"}, auditEnv(dbtest.OwnerURL()), io.Discard, io.Discard); err == nil {
		t.Errorf("--format yaml accepted")
	}
}

// TestAuditVerifyCommand: an intact clinic verifies; after an event is
// edited behind the triggers' back, verify exits 1 and names the link.
func TestAuditVerifyCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := dbtest.Store(t)
	c := dbtest.NewClinic(t, st, 1)
	var out bytes.Buffer
	args := []string{"audit", "verify", "--clinic", c.Slug}
	if err := run(ctx, args, auditEnv(dbtest.OwnerURL()), &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "ok ") {
		t.Fatalf("verify of a fresh clinic: %v\n%s", err, out.String())
	}
	// A superuser with triggers off for its session edits event 5.
	su := dbtest.Conn(t, dbtest.SuperuserURL())
	if _, err := su.Exec(ctx, `SET session_replication_role = replica`); err != nil {
		t.Fatal(err)
	}
	tag, err := su.Exec(ctx, `UPDATE audit_events SET detail = 'nothing to see' WHERE clinic_id = $1 AND seq = 5`, c.ID)
	if err != nil || tag.RowsAffected() != 1 {
		t.Fatalf("tamper: %v, %v", tag, err)
	}
	out.Reset()
	err = run(ctx, append(args, "--format", "json"), auditEnv(dbtest.OwnerURL()), &out, io.Discard)
	var doc struct {
		OK     bool `json:"ok"`
		Chains []struct {
			Broken *struct {
				Seq int64 `json:"seq"`
			} `json:"broken"`
		} `json:"chains"`
	}
	if jerr := json.Unmarshal(out.Bytes(), &doc); jerr != nil {
		t.Fatal(jerr)
	}
	if !errors.Is(err, errBrokenChain) || doc.OK || len(doc.Chains) != 1 || doc.Chains[0].Broken == nil || doc.Chains[0].Broken.Seq != 5 {
		t.Errorf("verify after tampering: %v\n%s", err, out.String())
	}
}
