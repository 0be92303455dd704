package policyaudit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/santkrupa/santkrupa/internal/policyaudit"
)

func audit(t *testing.T, s scratch, roles policyaudit.Roles) *policyaudit.Report {
	t.Helper()
	cat, err := policyaudit.LoadCatalog(context.Background(), s.Owner, roles)
	if err != nil {
		t.Fatalf("load catalog: %v", err)
	}
	return policyaudit.Run(cat, roles)
}

func failuresText(fs []policyaudit.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\n  " + f.Check + " " + f.Object + ": " + f.Message)
	}
	return b.String()
}

// TestAuditPassesOnFreshDatabase is the control of every test below: the
// schema as migrated passes, with the known exceptions named, and the
// report's matrix says what roles.md says.
func TestAuditPassesOnFreshDatabase(t *testing.T) {
	t.Parallel()
	s := newScratch(t)
	r := audit(t, s, policyaudit.DefaultRoles)
	if r.Failed() {
		t.Fatalf("fresh database fails the audit:%s", failuresText(r.Failures("")))
	}
	var exceptions []string
	for _, f := range r.Findings {
		if f.Status == policyaudit.Exception {
			exceptions = append(exceptions, f.Object)
		}
	}
	want := []string{"public.schema_migrations", "public.clinics clinics_slug_key", "public.users users_identity_idx"}
	if strings.Join(exceptions, "|") != strings.Join(want, "|") {
		t.Errorf("exceptions %q, want %q", exceptions, want)
	}
	matrix := map[string]map[string]map[string]policyaudit.Access{}
	for _, tr := range r.Tables {
		matrix[tr.Table] = tr.Matrix
	}
	cells := []struct {
		table, role, cmd string
		want             policyaudit.Access
	}{
		{"public.users", "admin", "DELETE", policyaudit.Allowed},
		{"public.users", "receptionist", "INSERT", policyaudit.Conditional},
		{"public.users", "doctor", "INSERT", policyaudit.Denied},
		{"public.users", "patient", "SELECT", policyaudit.Conditional},
		{"public.doctor_notes", "receptionist", "SELECT", policyaudit.Denied},
		{"public.clinics", "admin", "DELETE", policyaudit.NoGrant},
		{"public.medical_reports", "doctor", "UPDATE", policyaudit.NoGrant},
		{"public.medical_reports", "patient", "INSERT", policyaudit.Conditional},
		{"public.medical_reports", "lab_tech", "INSERT", policyaudit.Allowed},
		{"public.clinic_counters", "patient", "SELECT", policyaudit.Denied},
		{"public.audit_events", "admin", "SELECT", policyaudit.Allowed},
		{"public.audit_events", "doctor", "SELECT", policyaudit.Denied},
		{"public.audit_events", "patient", "SELECT", policyaudit.Conditional},
		{"public.audit_events", "admin", "UPDATE", policyaudit.NoGrant},
	}
	for _, c := range cells {
		if got := matrix[c.table][c.role][c.cmd]; got != c.want {
			t.Errorf("%s %s %s = %q, want %q", c.table, c.role, c.cmd, got, c.want)
		}
	}
	var text, js bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"RESULT: passed", "-- public.patients", "patients_read (restrictive, SELECT)",
		"a patient user reads only the row linked to them", "receptionist  yes"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report lacks %q", want)
		}
	}
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Passed   bool                  `json:"passed"`
		Findings []policyaudit.Finding `json:"findings"`
		Tables   []struct {
			Table string `json:"table"`
		} `json:"tables"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil || !doc.Passed || len(doc.Findings) == 0 || len(doc.Tables) < 16 {
		t.Errorf("JSON report: passed=%v, %d findings, %d tables, err %v", doc.Passed, len(doc.Findings), len(doc.Tables), err)
	}
}

// TestAuditCatchesEachBrokenInvariant breaks one invariant per case in a
// scratch database, as the superuser, and expects the audit to name it.
func TestAuditCatchesEachBrokenInvariant(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		sql   []string
		check string
		// object is a substring of the failing finding's object.
		object string
	}{
		{"FORCE row-level security off", []string{`ALTER TABLE patients NO FORCE ROW LEVEL SECURITY`},
			policyaudit.CheckRLS, "public.patients"},
		{"row-level security off", []string{`ALTER TABLE doctors DISABLE ROW LEVEL SECURITY`},
			policyaudit.CheckRLS, "public.doctors"},
		{"a table in public without RLS", []string{`CREATE TABLE public.exports (id int PRIMARY KEY)`,
			`GRANT SELECT ON public.exports TO santkrupa_app`}, policyaudit.CheckRLS, "public.exports"},
		{"a permissive USING (true)", []string{`CREATE POLICY leak ON patients FOR SELECT TO santkrupa_app USING (true)`},
			policyaudit.CheckPermissive, "public.patients policy leak"},
		{"a second permissive policy", []string{`CREATE POLICY widen ON users AS PERMISSIVE FOR SELECT TO santkrupa_app
			USING (role = 'admin')`}, policyaudit.CheckPermissive, "public.users"},
		{"the clinic policy for SELECT only", []string{`DROP POLICY medicines_clinic ON medicines`,
			`CREATE POLICY medicines_clinic ON medicines FOR SELECT TO santkrupa_app USING (clinic_id = (SELECT app.current_clinic()))`},
			policyaudit.CheckPermissive, "public.medicines policy medicines_clinic"},
		{"the clinic policy without its WITH CHECK predicate", []string{
			`ALTER POLICY tests_clinic ON tests WITH CHECK (clinic_id IS NOT NULL)`},
			policyaudit.CheckPermissive, "public.tests policy tests_clinic"},
		{"the clinic policy for PUBLIC", []string{`ALTER POLICY doctors_clinic ON doctors TO public`},
			policyaudit.CheckPermissive, "public.doctors policy doctors_clinic"},
		{"the signing keys within the app role's reach", []string{`GRANT USAGE ON SCHEMA app_private TO santkrupa_app`},
			policyaudit.CheckContext, "schema app_private"},
		{"a policy function trusting a plain setting", []string{`CREATE OR REPLACE FUNCTION app.current_clinic() RETURNS uuid
			LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('app.current_clinic', true), '')::uuid $$`},
			policyaudit.CheckContext, "app.current_clinic()"},
		{"TRUNCATE granted", []string{`GRANT TRUNCATE ON patients TO santkrupa_app`},
			policyaudit.CheckRolePrivs, "public.patients"},
		{"REFERENCES on a column", []string{`GRANT REFERENCES (id) ON users TO santkrupa_app`},
			policyaudit.CheckRolePrivs, "public.users"},
		{"TRIGGER granted", []string{`GRANT TRIGGER ON doctor_notes TO santkrupa_app`},
			policyaudit.CheckRolePrivs, "public.doctor_notes"},
		{"CREATE on schema public", []string{`GRANT CREATE ON SCHEMA public TO santkrupa_app`},
			policyaudit.CheckRoleCreate, "schema public"},
		{"CREATE on schema app", []string{`GRANT CREATE ON SCHEMA app TO santkrupa_app`},
			policyaudit.CheckRoleCreate, "schema app"},
		{"a foreign key without clinic_id", []string{`ALTER TABLE doctors ADD CONSTRAINT doctors_id_key UNIQUE (id)`,
			`ALTER TABLE prescriptions ADD CONSTRAINT rx_doctor_loose FOREIGN KEY (doctor_id) REFERENCES doctors (id)`},
			policyaudit.CheckForeignKeys, "rx_doctor_loose"},
		{"a unique constraint without clinic_id", []string{`ALTER TABLE doctors ADD CONSTRAINT doctors_license_global UNIQUE (license_number)`},
			policyaudit.CheckUnique, "doctors_license_global"},
		{"a unique index without clinic_id", []string{`CREATE UNIQUE INDEX patients_phone_global ON patients (phone) WHERE phone <> ''`},
			policyaudit.CheckUnique, "patients_phone_global"},
		{"a primary key not led by clinic_id", []string{
			`CREATE TABLE public.payments (id uuid, clinic_id uuid NOT NULL REFERENCES clinics (id), PRIMARY KEY (id, clinic_id))`,
			`ALTER TABLE payments ENABLE ROW LEVEL SECURITY`, `ALTER TABLE payments FORCE ROW LEVEL SECURITY`,
			`CREATE POLICY payments_clinic ON payments FOR ALL TO santkrupa_app
				USING (clinic_id = (SELECT app.current_clinic())) WITH CHECK (clinic_id = (SELECT app.current_clinic()))`},
			policyaudit.CheckPrimaryKeys, "public.payments payments_pkey"},
		{"a view without security_invoker", []string{`CREATE VIEW patient_names AS SELECT id, name FROM patients`,
			`CREATE VIEW safe_names WITH (security_invoker = true) AS SELECT id, name FROM patients`},
			policyaudit.CheckViews, "public.patient_names"},
		{"a materialised view", []string{`CREATE MATERIALIZED VIEW patient_count AS SELECT clinic_id, count(*) FROM patients GROUP BY 1`},
			policyaudit.CheckViews, "public.patient_count"},
		{"a SECURITY DEFINER function without search_path", []string{
			`CREATE FUNCTION app.count_everyone() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS 'SELECT 1::bigint'`,
			`REVOKE ALL ON FUNCTION app.count_everyone() FROM PUBLIC`},
			policyaudit.CheckDefiners, "app.count_everyone()"},
		{"a SECURITY DEFINER function for PUBLIC", []string{`GRANT EXECUTE ON FUNCTION app.clinic_id_by_slug(text) TO PUBLIC`},
			policyaudit.CheckDefiners, "app.clinic_id_by_slug(text)"},
		{"a SECURITY DEFINER search_path through a writable schema", []string{
			`ALTER FUNCTION app.identity_clinics(text, text) SET search_path = public, pg_catalog, pg_temp`,
			`GRANT CREATE ON SCHEMA public TO PUBLIC`},
			policyaudit.CheckDefiners, "app.identity_clinics(text,text)"},
		{"a clinic table whose writes are not recorded", []string{`DROP TRIGGER patients_audit ON patients`},
			policyaudit.CheckAuditTrig, "public.patients"},
		{"a disabled audit trigger", []string{`ALTER TABLE doctor_notes DISABLE TRIGGER doctor_notes_audit`},
			policyaudit.CheckAuditTrig, "public.doctor_notes"},
		{"UPDATE on the access log", []string{`GRANT UPDATE ON audit_events TO santkrupa_app`},
			policyaudit.CheckAppendOnly, "public.audit_events"},
		{"the append-only trigger disabled", []string{`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`},
			policyaudit.CheckAppendOnly, "public.audit_events"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newScratch(t)
			if r := audit(t, s, policyaudit.DefaultRoles); len(r.Failures(tc.check)) > 0 {
				t.Fatalf("control: %s fails before the change:%s", tc.check, failuresText(r.Failures(tc.check)))
			}
			exec(t, s.Super, tc.sql...)
			r := audit(t, s, policyaudit.DefaultRoles)
			found := false
			for _, f := range r.Failures(tc.check) {
				found = found || strings.Contains(f.Object, tc.object)
			}
			if !found {
				t.Errorf("%s: no %s failure on %q; failures:%s", tc.name, tc.check, tc.object, failuresText(r.Failures("")))
			}
			if !r.Failed() {
				t.Errorf("%s: the report passes", tc.name)
			}
		})
	}
}

// TestAuditCatchesPrivilegedApplicationRoles runs the role checks on
// throw-away roles (role attributes are cluster-wide, so santkrupa_app
// itself is never touched).
func TestAuditCatchesPrivilegedApplicationRoles(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		attrs string
		// setup runs as the superuser with %s replaced by the role.
		setup []string
		check string
	}{
		{"BYPASSRLS", "BYPASSRLS", nil, policyaudit.CheckRoleAttrs},
		{"SUPERUSER", "SUPERUSER", nil, policyaudit.CheckRoleAttrs},
		{"CREATEROLE", "CREATEROLE", nil, policyaudit.CheckRoleAttrs},
		{"owns a table", "", []string{`CREATE TABLE public.mine (id int)`, `ALTER TABLE public.mine OWNER TO %s`}, policyaudit.CheckRoleOwns},
		{"owns a function", "", []string{`CREATE FUNCTION app.mine() RETURNS int LANGUAGE sql AS 'SELECT 1'`,
			`ALTER FUNCTION app.mine() OWNER TO %s`}, policyaudit.CheckRoleOwns},
		{"can SET ROLE to the BYPASSRLS definer", "", []string{`GRANT santkrupa_definer TO %s`}, policyaudit.CheckRoleMember},
		{"can SET ROLE to the table owner", "", []string{`GRANT santkrupa_owner TO %s`}, policyaudit.CheckRoleMember},
		{"TEMPORARY on the database", "", []string{`GRANT TEMPORARY ON DATABASE {db} TO %s`}, policyaudit.CheckRoleCreate},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newScratch(t)
			clean := tempRole(t, s, "NOSUPERUSER NOBYPASSRLS")
			control := audit(t, s, policyaudit.Roles{App: clean, Definer: "santkrupa_definer"})
			if fs := control.Failures(tc.check); len(fs) > 0 {
				t.Fatalf("control: a plain role fails %s:%s", tc.check, failuresText(fs))
			}
			role := tempRole(t, s, tc.attrs)
			for _, q := range tc.setup {
				exec(t, s.Super, strings.ReplaceAll(strings.ReplaceAll(q, "%s", role), "{db}", s.Name))
			}
			r := audit(t, s, policyaudit.Roles{App: role, Definer: "santkrupa_definer"})
			if len(r.Failures(tc.check)) == 0 {
				t.Errorf("role with %s: no %s failure; failures:%s", tc.name, tc.check, failuresText(r.Failures("")))
			}
		})
	}
}

// TestAuditReportsMissingRole: auditing a role that does not exist fails.
func TestAuditReportsMissingRole(t *testing.T) {
	t.Parallel()
	s := newScratch(t)
	r := audit(t, s, policyaudit.Roles{App: "no_such_role_" + randomName(""), Definer: "santkrupa_definer"})
	if len(r.Failures(policyaudit.CheckRoleAttrs)) != 1 {
		t.Errorf("missing role: failures %s", failuresText(r.Failures("")))
	}
}

// TestVersionWarnings: the CVE check by server version (the version of a
// running server cannot be changed, so this one runs on a catalog value).
func TestVersionWarnings(t *testing.T) {
	t.Parallel()
	cases := []struct {
		num  int32
		want policyaudit.Status
		cves []string
	}{
		{150002, policyaudit.Warn, []string{"CVE-2023-2455", "CVE-2025-8713"}},
		{150003, policyaudit.Warn, []string{"CVE-2025-8713"}},
		{150013, policyaudit.Warn, []string{"CVE-2025-8713"}},
		{150014, policyaudit.Pass, nil},
		{150020, policyaudit.Pass, nil},
		{140007, policyaudit.Warn, []string{"CVE-2023-2455", "CVE-2025-8713"}},
		{140019, policyaudit.Pass, nil},
		{160009, policyaudit.Warn, []string{"CVE-2025-8713"}},
		{170006, policyaudit.Pass, nil},
		{120015, policyaudit.Warn, []string{"CVE-2025-8713"}},
		{110000, policyaudit.Warn, []string{"CVE-2023-2455", "CVE-2025-8713"}},
		{100023, policyaudit.Warn, []string{"unsupported"}},
		{180001, policyaudit.Pass, nil},
	}
	for _, tc := range cases {
		cat := &policyaudit.Catalog{}
		cat.Server.VersionNum = tc.num
		var f policyaudit.Finding
		for _, x := range policyaudit.Run(cat, policyaudit.DefaultRoles).Findings {
			if x.Check == policyaudit.CheckVersion {
				f = x
			}
		}
		if f.Status != tc.want {
			t.Errorf("version %d: %s (%s), want %s", tc.num, f.Status, f.Message, tc.want)
		}
		for _, c := range tc.cves {
			if !strings.Contains(f.Message, c) {
				t.Errorf("version %d: %q does not name %s", tc.num, f.Message, c)
			}
		}
	}
}
