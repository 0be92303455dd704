package policyaudit_test

import (
	"context"
	"strings"
	"testing"

	"github.com/santkrupa/santkrupa/internal/policyaudit"
)

func driftText(ds []policyaudit.Drift) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("\n  " + d.Kind + " " + d.Area + " " + d.Object + " live=" + d.Live + " defined=" + d.Defined)
	}
	return b.String()
}

func TestDiffReportsHandMadeChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newScratch(t)
	roles := policyaudit.DefaultRoles
	drift, err := policyaudit.DiffLive(ctx, s.Owner, roles)
	if err != nil {
		t.Fatal(err)
	}
	if len(drift) != 0 {
		t.Fatalf("control: a freshly migrated database drifts:%s", driftText(drift))
	}

	exec(t, s.Super,
		`ALTER POLICY users_read ON users USING (true)`,
		`ALTER POLICY patients_insert ON patients TO santkrupa_app, santkrupa_owner`,
		`DROP POLICY doctors_delete ON doctors`,
		`CREATE POLICY sneaky ON medicines FOR SELECT TO santkrupa_app USING (true)`,
		`ALTER TABLE tests NO FORCE ROW LEVEL SECURITY`,
		`GRANT EXECUTE ON FUNCTION app.platform_clinics() TO PUBLIC`,
		`GRANT UPDATE ON audit_events TO santkrupa_app`,
	)
	want := map[string]string{
		"policy public.users policy users_read":         "changed",
		"policy public.patients policy patients_insert": "changed",
		"policy public.doctors policy doctors_delete":   "missing",
		"policy public.medicines policy sneaky":         "extra",
		"rls public.tests":                              "changed",
		"security definer app.platform_clinics()":       "changed",
		"grant santkrupa_app on public.audit_events":    "changed",
	}
	for round := 1; round <= 2; round++ {
		// Twice: the first diff rolled its replay back, so the second
		// sees the same live catalog.
		drift, err := policyaudit.DiffLive(ctx, s.Owner, roles)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, d := range drift {
			got[d.Area+" "+d.Object] = d.Kind
		}
		for k, kind := range want {
			if got[k] != kind {
				t.Errorf("round %d: %s: %q, want %q; drift:%s", round, k, got[k], kind, driftText(drift))
			}
		}
		if len(drift) != len(want) {
			t.Errorf("round %d: %d differences, want %d:%s", round, len(drift), len(want), driftText(drift))
		}
	}
	var users string
	for _, d := range mustDiff(t, s) {
		if d.Object == "public.users policy users_read" {
			users = d.Live + " / " + d.Defined
		}
	}
	if !strings.Contains(users, "USING (true)") || !strings.Contains(users, "current_app_role") {
		t.Errorf("users_read drift shows %q; want the live USING (true) and the defined role test", users)
	}
}

func mustDiff(t *testing.T, s scratch) []policyaudit.Drift {
	t.Helper()
	d, err := policyaudit.DiffLive(context.Background(), s.Owner, policyaudit.DefaultRoles)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDiffAgainstReferenceSeesTableGrants: a column grant made by hand is
// invisible to the replay of policies/ (migrations own table grants) but
// not to a comparison with a freshly migrated reference database.
func TestDiffAgainstReferenceSeesTableGrants(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	live, ref := newScratch(t), newScratch(t)
	drift, err := policyaudit.DiffAgainst(ctx, live.Owner, ref.Owner, policyaudit.DefaultRoles)
	if err != nil {
		t.Fatal(err)
	}
	if len(drift) != 0 {
		t.Fatalf("control: two fresh databases differ:%s", driftText(drift))
	}
	exec(t, live.Super, `GRANT UPDATE (patient_number) ON patients TO santkrupa_app`, `REVOKE DELETE ON medicines FROM santkrupa_app`)
	drift, err = policyaudit.DiffAgainst(ctx, live.Owner, ref.Owner, policyaudit.DefaultRoles)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range drift {
		got[d.Object] = d.Live
	}
	if l := got["santkrupa_app on public.patients"]; !strings.Contains(l, "patient_number") {
		t.Errorf("patients grant drift %q; drift:%s", l, driftText(drift))
	}
	if l, ok := got["santkrupa_app on public.medicines"]; !ok || strings.Contains(l, "DELETE") {
		t.Errorf("medicines grant drift %q (reported %v); drift:%s", l, ok, driftText(drift))
	}
}
