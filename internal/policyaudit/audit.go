package policyaudit

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
)

// Status is the verdict of one finding.
type Status string

// The statuses. Fail makes the audit fail; Warn and Exception are printed
// for the reviewer (an Exception is a known, explained deviation).
const (
	Pass      Status = "pass"
	Fail      Status = "fail"
	Warn      Status = "warn"
	Exception Status = "exception"
)

// Finding is one checked fact.
type Finding struct {
	Check   string `json:"check"`
	Status  Status `json:"status"`
	Object  string `json:"object"`
	Message string `json:"message"`
}

// Report is the whole audit: the findings and, per table, what a DBA
// prints for a review.
type Report struct {
	Database      string        `json:"database"`
	ConnectedAs   string        `json:"connected_as"`
	ServerVersion string        `json:"server_version"`
	AppRole       string        `json:"app_role"`
	Findings      []Finding     `json:"findings"`
	Tables        []TableReport `json:"tables"`
}

// Failed reports whether any finding failed.
func (r *Report) Failed() bool {
	for _, f := range r.Findings {
		if f.Status == Fail {
			return true
		}
	}
	return false
}

// Count returns how many findings have status s.
func (r *Report) Count(s Status) int {
	n := 0
	for _, f := range r.Findings {
		if f.Status == s {
			n++
		}
	}
	return n
}

// Failures returns the failed findings of check (every check when "").
func (r *Report) Failures(check string) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Status == Fail && (check == "" || f.Check == check) {
			out = append(out, f)
		}
	}
	return out
}

// The checks, by the name findings carry.
const (
	CheckRLS         = "rls"
	CheckPermissive  = "policy.permissive"
	CheckCommands    = "policy.commands"
	CheckRoleAttrs   = "role.attributes"
	CheckRoleOwns    = "role.owns"
	CheckRolePrivs   = "role.privileges"
	CheckRoleCreate  = "role.create"
	CheckRoleMember  = "role.membership"
	CheckForeignKeys = "keys.foreign"
	CheckUnique      = "keys.unique"
	CheckPrimaryKeys = "keys.primary"
	CheckIndexes     = "keys.index"
	CheckViews       = "views"
	CheckDefiners    = "security_definer"
	CheckVersion     = "server.version"
	CheckAuditTrig   = "audit.triggers"
	CheckAppendOnly  = "audit.append_only"
	CheckContext     = "context.signed"
)

// The known, explained deviations from the rules. Each is still checked:
// an exception holds only while its condition does.
var (
	// tablesWithoutRLS are tables in public that hold no clinic data and
	// that the application role may not touch at all.
	tablesWithoutRLS = map[string]string{
		"public.schema_migrations": "dbmate's list of applied migrations: no clinic data, no privilege for the application role",
	}
	// globalUnique are unique keys of clinic tables without clinic_id.
	globalUnique = map[string]string{
		"clinics_slug_key": "a clinic's URL slug is unique across clinics by design; app.clinic_id_by_slug already answers whether an active slug exists",
	}
	// crossClinicIndexes are plain indexes not led by clinic_id.
	crossClinicIndexes = map[string]string{
		"users_identity_idx": "plain (non-unique) index for the login lookup across clinics (SECURITY DEFINER app.identity_memberships); uniqueness is per clinic",
	}
	// appendOnly are the tables the application may only insert into.
	appendOnly = []string{"public.audit_events"}
)

// Run checks every invariant against cat.
func Run(cat *Catalog, roles Roles) *Report {
	r := &Report{Database: cat.Server.DatabaseName, ConnectedAs: cat.Server.ConnectedAs,
		ServerVersion: cat.Server.Version, AppRole: roles.App}
	a := &auditor{cat: cat, roles: roles, r: r}
	a.index()
	a.checkRLS()
	a.checkPolicies()
	a.checkRole()
	a.checkKeys()
	a.checkViews()
	a.checkDefiners()
	a.checkVersion()
	a.checkAuditTriggers()
	a.checkAppendOnly()
	a.checkContext()
	r.Tables = a.tableReports()
	return r
}

type auditor struct {
	cat   *Catalog
	roles Roles
	r     *Report

	clinicTables []string // schema.table, sorted
	isClinic     map[string]bool
	privs        map[string]dbsqlc.AuditTablePrivilegesRow
	policies     map[string][]dbsqlc.AuditPoliciesRow
}

func (a *auditor) add(check string, s Status, object, format string, args ...any) {
	a.r.Findings = append(a.r.Findings, Finding{Check: check, Status: s, Object: object, Message: fmt.Sprintf(format, args...)})
}

func (a *auditor) index() {
	a.isClinic = map[string]bool{}
	a.privs = map[string]dbsqlc.AuditTablePrivilegesRow{}
	a.policies = map[string][]dbsqlc.AuditPoliciesRow{}
	for _, t := range a.cat.Tables {
		if t.HasClinicID {
			name := qualified(t.SchemaName, t.TableName)
			a.isClinic[name] = true
			a.clinicTables = append(a.clinicTables, name)
		}
	}
	sort.Strings(a.clinicTables)
	for _, p := range a.cat.AppPrivs {
		a.privs[qualified(p.SchemaName, p.TableName)] = p
	}
	for _, p := range a.cat.Policies {
		k := qualified(p.SchemaName, p.TableName)
		a.policies[k] = append(a.policies[k], p)
	}
}

// anyPrivilege reports whether the application role may do anything at all
// to table.
func (a *auditor) anyPrivilege(table string) bool {
	p, ok := a.privs[table]
	if !ok {
		return false
	}
	return p.CanSelect || p.CanInsert || p.CanUpdate || p.CanDelete || p.CanTruncate || p.CanReferences ||
		p.CanTrigger || len(p.SelectColumns)+len(p.InsertColumns)+len(p.UpdateColumns)+len(p.ReferencesColumns) > 0
}

// checkRLS: every clinic table and every table in public has row-level
// security enabled and forced.
func (a *auditor) checkRLS() {
	for _, t := range a.cat.Tables {
		name := qualified(t.SchemaName, t.TableName)
		if !t.HasClinicID && t.SchemaName != "public" {
			continue
		}
		if t.RlsEnabled && t.RlsForced {
			a.add(CheckRLS, Pass, name, "row-level security enabled and forced")
			continue
		}
		if why, ok := tablesWithoutRLS[name]; ok && !t.HasClinicID && !a.anyPrivilege(name) {
			a.add(CheckRLS, Exception, name, "no row-level security: %s", why)
			continue
		}
		a.add(CheckRLS, Fail, name, "row-level security enabled=%v forced=%v; a clinic table needs both "+
			"(without FORCE the owner, without ENABLE everyone, reads every clinic)", t.RlsEnabled, t.RlsForced)
	}
}

// clinicPredicate is the one expression the permissive policy may hold:
// the row's clinic equals the context's clinic, as PostgreSQL prints it.
var clinicPredicate = regexp.MustCompile(`^\((clinic_id|id) = \( SELECT app\.current_clinic\(\) AS current_clinic\)\)$`)

var commands = []string{"SELECT", "INSERT", "UPDATE", "DELETE"}

// checkPolicies: exactly one permissive policy per clinic table, for every
// command, for the application role, with USING and WITH CHECK both
// the clinic predicate; no USING (true) anywhere; every granted command is
// narrowed by a restrictive role policy (else: a warning).
func (a *auditor) checkPolicies() {
	for _, table := range a.tablesUnderRLS() {
		var permissive []dbsqlc.AuditPoliciesRow
		for _, p := range a.policies[table] {
			obj := table + " policy " + p.PolicyName
			if isTrue(p.UsingExpr) || isTrue(p.CheckExpr) {
				if p.Permissive {
					a.add(CheckPermissive, Fail, obj, "permissive policy with USING (true) or WITH CHECK (true): it admits every clinic's rows")
				} else {
					a.add(CheckCommands, Warn, obj, "restrictive policy that is always true narrows nothing")
				}
			}
			if slices.Contains(p.Roles, "public") && p.Permissive {
				a.add(CheckPermissive, Fail, obj, "permissive policy for PUBLIC: it applies to every role, not only %s", a.roles.App)
			}
			if p.Permissive {
				permissive = append(permissive, p)
			}
		}
		switch {
		case len(permissive) == 0:
			a.add(CheckPermissive, Fail, table, "no permissive policy: the table is closed to everyone, or opened some other way")
		case len(permissive) > 1:
			names := make([]string, len(permissive))
			for i, p := range permissive {
				names[i] = p.PolicyName
			}
			a.add(CheckPermissive, Fail, table, "%d permissive policies (%s): permissive policies are ORed, so each extra one widens access; "+
				"want exactly the clinic policy, role rules restrictive", len(permissive), strings.Join(names, ", "))
		}
		if len(permissive) == 1 {
			p := permissive[0]
			obj := table + " policy " + p.PolicyName
			var bad []string
			if p.Command != "ALL" {
				bad = append(bad, fmt.Sprintf("is FOR %s, not FOR ALL (the other commands have no clinic policy)", p.Command))
			}
			if len(p.Roles) != 1 || p.Roles[0] != a.roles.App {
				bad = append(bad, fmt.Sprintf("is TO %s, not TO %s alone", strings.Join(p.Roles, ", "), a.roles.App))
			}
			if !clinicPredicate.MatchString(p.UsingExpr) {
				bad = append(bad, fmt.Sprintf("USING is %q, not the clinic predicate clinic_id = (SELECT app.current_clinic())", p.UsingExpr))
			}
			if !clinicPredicate.MatchString(p.CheckExpr) {
				bad = append(bad, fmt.Sprintf("WITH CHECK is %q, not the clinic predicate clinic_id = (SELECT app.current_clinic())", p.CheckExpr))
			}
			if len(bad) > 0 {
				a.add(CheckPermissive, Fail, obj, "the clinic policy %s", strings.Join(bad, "; "))
			} else {
				a.add(CheckPermissive, Pass, obj, "the one permissive policy: FOR ALL TO %s, USING and WITH CHECK the clinic predicate", a.roles.App)
			}
		}
		// Every granted command: the clinic policy covers it (FOR ALL,
		// checked above); a role rule should narrow it.
		priv := a.privs[table]
		for _, cmd := range commands {
			if !granted(priv, cmd) {
				continue
			}
			restricted := false
			for _, p := range a.policies[table] {
				if !p.Permissive && (p.Command == cmd || p.Command == "ALL") {
					restricted = true
				}
			}
			if !restricted {
				a.add(CheckCommands, Warn, table, "%s is granted to %s and no restrictive policy narrows it: any role of the clinic may %s",
					cmd, a.roles.App, strings.ToLower(cmd))
			}
		}
	}
}

// tablesUnderRLS are the clinic tables and the other tables of public,
// minus the explained exceptions.
func (a *auditor) tablesUnderRLS() []string {
	var out []string
	for _, t := range a.cat.Tables {
		name := qualified(t.SchemaName, t.TableName)
		if !t.HasClinicID && t.SchemaName != "public" {
			continue
		}
		if _, ok := tablesWithoutRLS[name]; ok && !t.HasClinicID && !a.anyPrivilege(name) {
			continue
		}
		out = append(out, name)
	}
	return out
}

func isTrue(expr string) bool {
	e := strings.TrimSpace(expr)
	for strings.HasPrefix(e, "(") && strings.HasSuffix(e, ")") {
		e = strings.TrimSpace(e[1 : len(e)-1])
	}
	return e == "true"
}

func granted(p dbsqlc.AuditTablePrivilegesRow, cmd string) bool {
	switch cmd {
	case "SELECT":
		return p.CanSelect || len(p.SelectColumns) > 0
	case "INSERT":
		return p.CanInsert || len(p.InsertColumns) > 0
	case "UPDATE":
		return p.CanUpdate || len(p.UpdateColumns) > 0
	case "DELETE":
		return p.CanDelete
	}
	return false
}

// checkRole: the application role is not privileged, owns nothing, has no
// privilege that row-level security does not hold, creates nothing and
// cannot become a privileged role.
func (a *auditor) checkRole() {
	app := a.roles.App
	if len(a.cat.AppRole) == 0 {
		a.add(CheckRoleAttrs, Fail, app, "role %s does not exist", app)
		return
	}
	r := a.cat.AppRole[0]
	var bad []string
	if r.Superuser {
		bad = append(bad, "SUPERUSER (bypasses every policy)")
	}
	if r.BypassRLS {
		bad = append(bad, "BYPASSRLS")
	}
	if r.CreateRole {
		bad = append(bad, "CREATEROLE (can grant itself other roles)")
	}
	if r.CreateDb {
		bad = append(bad, "CREATEDB")
	}
	if r.Replication {
		bad = append(bad, "REPLICATION (streams every row)")
	}
	if len(bad) > 0 {
		a.add(CheckRoleAttrs, Fail, app, "has %s", strings.Join(bad, ", "))
	} else {
		a.add(CheckRoleAttrs, Pass, app, "NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOREPLICATION")
	}

	if len(a.cat.Owned) == 0 {
		a.add(CheckRoleOwns, Pass, app, "owns no table, function, schema or database")
	}
	for _, o := range a.cat.Owned {
		a.add(CheckRoleOwns, Fail, app, "owns %s %s (an owner bypasses non-forced row-level security and can change the object)", o.Kind, o.ObjectName)
	}

	clean := true
	for _, p := range a.cat.AppPrivs {
		name := qualified(p.SchemaName, p.TableName)
		var bad []string
		if p.CanTruncate {
			bad = append(bad, "TRUNCATE (empties every clinic; not subject to row-level security)")
		}
		if p.CanReferences || len(p.ReferencesColumns) > 0 {
			bad = append(bad, "REFERENCES (a foreign key onto it probes rows past row-level security)")
		}
		if p.CanTrigger {
			bad = append(bad, "TRIGGER (a trigger sees every row it fires on)")
		}
		if len(bad) > 0 {
			clean = false
			a.add(CheckRolePrivs, Fail, name, "%s has %s", app, strings.Join(bad, ", "))
		}
	}
	if clean {
		a.add(CheckRolePrivs, Pass, app, "no TRUNCATE, REFERENCES or TRIGGER on any table")
	}

	clean = true
	for _, s := range a.cat.SchemaPrivs {
		if s.CanCreate {
			clean = false
			a.add(CheckRoleCreate, Fail, "schema "+s.SchemaName, "%s may CREATE objects in it (views without security_invoker, functions that shadow search_path)", app)
		}
	}
	if a.cat.DBPrivs.CanCreate {
		clean = false
		a.add(CheckRoleCreate, Fail, "database "+a.cat.Server.DatabaseName, "%s may CREATE schemas in it", app)
	}
	if a.cat.DBPrivs.CanTemp {
		clean = false
		a.add(CheckRoleCreate, Fail, "database "+a.cat.Server.DatabaseName, "%s may create TEMPORARY objects (objects it owns, that shadow search_path)", app)
	}
	if clean {
		a.add(CheckRoleCreate, Pass, app, "no CREATE on any schema or the database, no TEMPORARY")
	}

	clean = true
	for _, m := range a.cat.Reachable {
		var bad []string
		if m.Superuser {
			bad = append(bad, "SUPERUSER")
		}
		if m.BypassRLS {
			bad = append(bad, "BYPASSRLS")
		}
		if m.CreateRole {
			bad = append(bad, "CREATEROLE")
		}
		if m.CreateDb {
			bad = append(bad, "CREATEDB")
		}
		if m.OwnsRelations {
			bad = append(bad, "owns tables")
		}
		clean = false
		if len(bad) > 0 {
			a.add(CheckRoleMember, Fail, app, "can SET ROLE %s, which has %s", m.RoleName, strings.Join(bad, ", "))
		} else {
			a.add(CheckRoleMember, Warn, app, "is a member of role %s (not privileged today; review why)", m.RoleName)
		}
	}
	if clean {
		a.add(CheckRoleMember, Pass, app, "is a member of no other role: it cannot SET ROLE to anything")
	}
}

// checkKeys: primary keys start with clinic_id (clinics: id); unique keys
// include it; foreign keys between clinic tables carry it; indexes lead
// with it.
func (a *auditor) checkKeys() {
	clinicCol := func(table string) string {
		if table == "public.clinics" {
			return "id"
		}
		return "clinic_id"
	}
	hasPK := map[string]bool{}
	for _, k := range a.cat.Constraints {
		table := qualified(k.SchemaName, k.TableName)
		if !a.isClinic[table] {
			continue
		}
		obj := table + " " + k.ConstraintName
		cols := strings.Join(k.Columns, ", ")
		switch k.Kind {
		case "p":
			hasPK[table] = true
			if len(k.Columns) > 0 && k.Columns[0] == clinicCol(table) {
				a.add(CheckPrimaryKeys, Pass, obj, "primary key (%s)", cols)
			} else {
				a.add(CheckPrimaryKeys, Fail, obj, "primary key (%s) does not start with %s", cols, clinicCol(table))
			}
		case "u":
			if includesClinic(k.Columns, table) {
				a.add(CheckUnique, Pass, obj, "unique (%s): per clinic", cols)
			} else if why, ok := globalUnique[k.ConstraintName]; ok {
				a.add(CheckUnique, Exception, obj, "unique (%s) across clinics: %s", cols, why)
			} else {
				a.add(CheckUnique, Fail, obj, "unique (%s) lacks clinic_id: a duplicate in another clinic fails, revealing that the value exists there", cols)
			}
		case "f":
			ref := qualified(k.SchemaName, k.RefTable)
			if !a.isClinic[ref] && k.RefTable != "clinics" {
				continue
			}
			if fkCarriesClinic(k, table, ref) {
				a.add(CheckForeignKeys, Pass, obj, "(%s) → %s (%s): carries the clinic", cols, k.RefTable, strings.Join(k.RefColumns, ", "))
			} else {
				a.add(CheckForeignKeys, Fail, obj, "(%s) → %s (%s) does not match clinic_id to clinic_id: foreign-key checks bypass "+
					"row-level security, so it can point at (and probe for) another clinic's row", cols, k.RefTable, strings.Join(k.RefColumns, ", "))
			}
		}
	}
	for _, t := range a.clinicTables {
		if !hasPK[t] {
			a.add(CheckPrimaryKeys, Fail, t, "no primary key")
		}
	}
	for _, x := range a.cat.Indexes {
		table := qualified(x.SchemaName, x.TableName)
		if !a.isClinic[table] || x.IsPrimary {
			continue
		}
		obj := table + " " + x.IndexName
		cols := strings.Join(x.Columns, ", ")
		if x.IsUnique {
			if a.constraintNamed(x.IndexName) {
				continue // reported as a constraint
			}
			if includesClinic(x.Columns, table) {
				a.add(CheckUnique, Pass, obj, "unique index (%s): per clinic", cols)
			} else if why, ok := globalUnique[x.IndexName]; ok {
				a.add(CheckUnique, Exception, obj, "unique index (%s) across clinics: %s", cols, why)
			} else {
				a.add(CheckUnique, Fail, obj, "unique index (%s) lacks clinic_id: a duplicate in another clinic fails, revealing the value", cols)
			}
			continue
		}
		if len(x.Columns) > 0 && (x.Columns[0] == "clinic_id" || (table == "public.clinics" && x.Columns[0] == "id")) {
			continue
		}
		if why, ok := crossClinicIndexes[x.IndexName]; ok {
			a.add(CheckIndexes, Exception, obj, "index (%s) not led by clinic_id: %s", cols, why)
		} else {
			a.add(CheckIndexes, Warn, obj, "index (%s) not led by clinic_id: it cannot serve a query scoped to one clinic well", cols)
		}
	}
}

func (a *auditor) constraintNamed(name string) bool {
	for _, k := range a.cat.Constraints {
		if k.ConstraintName == name {
			return true
		}
	}
	return false
}

func includesClinic(cols []string, table string) bool {
	return slices.Contains(cols, "clinic_id") || (table == "public.clinics" && slices.Contains(cols, "id"))
}

// fkCarriesClinic: the key maps the referencing clinic_id onto the
// referenced table's clinic column (clinic_id, or clinics.id).
func fkCarriesClinic(k dbsqlc.AuditConstraintsRow, table, ref string) bool {
	for i, c := range k.Columns {
		if c != "clinic_id" || i >= len(k.RefColumns) {
			continue
		}
		rc := k.RefColumns[i]
		if rc == "clinic_id" || (k.RefTable == "clinics" && rc == "id") {
			return true
		}
	}
	return false
}

// checkViews: views run with the invoker's rights; no materialised views
// (they hold a copy of the rows, outside row-level security).
func (a *auditor) checkViews() {
	if len(a.cat.Views) == 0 {
		a.add(CheckViews, Pass, a.cat.Server.DatabaseName, "no views")
	}
	for _, v := range a.cat.Views {
		obj := qualified(v.SchemaName, v.ViewName)
		if v.Kind == "m" {
			a.add(CheckViews, Fail, obj, "materialised view: it stores rows as its owner saw them, outside row-level security")
			continue
		}
		invoker := false
		for _, o := range v.Options {
			k, val, _ := strings.Cut(o, "=")
			if k == "security_invoker" && (val == "true" || val == "on" || val == "1" || val == "yes") {
				invoker = true
			}
		}
		if invoker {
			a.add(CheckViews, Pass, obj, "security_invoker: policies apply to the querying role")
		} else {
			a.add(CheckViews, Fail, obj, "view without security_invoker: it reads tables with its owner's rights, past the policies")
		}
	}
}

// checkDefiners: every SECURITY DEFINER function pins search_path to
// schemas nobody else can write, puts pg_temp last, and is executable only
// by named roles (never PUBLIC); who may execute it is listed.
func (a *auditor) checkDefiners() {
	if len(a.cat.Definers) == 0 {
		a.add(CheckDefiners, Pass, a.cat.Server.DatabaseName, "no SECURITY DEFINER functions")
	}
	for _, f := range a.cat.Definers {
		obj := f.Signature
		path, pinned := "", false
		for _, c := range f.Config {
			if v, ok := strings.CutPrefix(c, "search_path="); ok {
				path, pinned = v, true
			}
		}
		executors := f.Executors
		if f.DefaultAcl {
			executors = []string{"public", f.OwnerName}
		}
		who := strings.Join(executors, ", ")
		if !pinned {
			a.add(CheckDefiners, Fail, obj, "SECURITY DEFINER (owner %s) without a pinned search_path: a caller's objects can take the place of the ones it means; executable by %s", f.OwnerName, who)
			continue
		}
		schemas := splitPath(path)
		var bad []string
		for _, s := range schemas {
			if s == "$user" || slices.Contains(a.cat.Writable, s) {
				bad = append(bad, fmt.Sprintf("search_path names %s, where PUBLIC or %s can create objects", s, a.roles.App))
			}
		}
		if slices.Contains(executors, "public") {
			bad = append(bad, "EXECUTE is granted to PUBLIC (every role, present and future)")
		}
		if len(bad) > 0 {
			a.add(CheckDefiners, Fail, obj, "SECURITY DEFINER (owner %s, search_path %s): %s; executable by %s", f.OwnerName, path, strings.Join(bad, "; "), who)
			continue
		}
		if len(schemas) == 0 || schemas[len(schemas)-1] != "pg_temp" {
			a.add(CheckDefiners, Warn, obj, "SECURITY DEFINER (owner %s, search_path %s) does not name pg_temp last, so temporary objects are searched first; executable by %s",
				f.OwnerName, path, who)
			continue
		}
		if who == "" {
			who = "nobody but its owner (a trigger function)"
		}
		a.add(CheckDefiners, Pass, obj, "SECURITY DEFINER, owner %s, search_path %s; executable by %s", f.OwnerName, path, who)
	}
}

func splitPath(p string) []string {
	var out []string
	for _, s := range strings.Split(p, ",") {
		s = strings.Trim(strings.TrimSpace(s), `"`)
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// fixedMinor maps a major version to the first minor with fixes for
// CVE-2023-2455 (row security policies ignoring user-id changes after
// inlining) and CVE-2025-8713 (optimizer statistics exposing sampled data
// past row-level security). 0: no release of that major has the fix.
var fixedMinor = map[int][2]int{
	17: {0, 6}, 16: {0, 10}, 15: {3, 14}, 14: {8, 19}, 13: {11, 22}, 12: {15, 0}, 11: {20, 0},
}

// checkVersion: warn when the server lacks either fix.
func (a *auditor) checkVersion() {
	num := int(a.cat.Server.VersionNum)
	major, minor := num/10000, num%10000
	obj := "PostgreSQL " + a.cat.Server.Version
	if major >= 18 {
		a.add(CheckVersion, Pass, obj, "a release after the fixes for CVE-2023-2455 and CVE-2025-8713")
		return
	}
	fix, ok := fixedMinor[major]
	if !ok {
		a.add(CheckVersion, Warn, obj, "unsupported major version: no fixes for CVE-2023-2455 or CVE-2025-8713; upgrade (fixed in 17.6, 16.10, 15.14, 14.19, 13.22)")
		return
	}
	var missing []string
	if fix[0] > 0 && minor < fix[0] {
		missing = append(missing, fmt.Sprintf("CVE-2023-2455 (fixed in %d.%d; also 15.3/14.8/13.11/12.15/11.20)", major, fix[0]))
	}
	if fix[1] == 0 {
		missing = append(missing, fmt.Sprintf("CVE-2025-8713 (no fixed %d.x release; upgrade to 13.22 or later)", major))
	} else if minor < fix[1] {
		missing = append(missing, fmt.Sprintf("CVE-2025-8713 (fixed in %d.%d; also 17.6/16.10/15.14/14.19/13.22)", major, fix[1]))
	}
	if len(missing) > 0 {
		a.add(CheckVersion, Warn, obj, "lacks the fixes for %s", strings.Join(missing, " and "))
		return
	}
	a.add(CheckVersion, Pass, obj, "has the fixes for CVE-2023-2455 and CVE-2025-8713")
}

// auditFunction is the trigger function that records writes.
const auditFunction = "app.audit_row_change()"

// checkAuditTriggers: every clinic table but the log itself records its
// inserts, updates and deletes in audit_events.
func (a *auditor) checkAuditTriggers() {
	for _, table := range a.clinicTables {
		if slices.Contains(appendOnly, table) {
			continue
		}
		var ins, upd, del bool
		for _, t := range a.cat.Triggers {
			if qualified(t.SchemaName, t.TableName) != table || t.FunctionName != auditFunction ||
				!t.ForEachRow || t.Before || t.Enabled == "D" {
				continue
			}
			ins, upd, del = ins || t.OnInsert, upd || t.OnUpdate, del || t.OnDelete
		}
		var missing []string
		for _, m := range []struct {
			ok   bool
			what string
		}{{ins, "INSERT"}, {upd, "UPDATE"}, {del, "DELETE"}} {
			if !m.ok {
				missing = append(missing, m.what)
			}
		}
		if len(missing) > 0 {
			a.add(CheckAuditTrig, Fail, table, "no enabled AFTER … FOR EACH ROW trigger calling %s for %s: those writes leave no access-log event",
				auditFunction, strings.Join(missing, ", "))
		} else {
			a.add(CheckAuditTrig, Pass, table, "inserts, updates and deletes are recorded in audit_events")
		}
	}
}

// checkAppendOnly: the application role may not change or remove events,
// and the append-only trigger stands.
func (a *auditor) checkAppendOnly() {
	for _, table := range appendOnly {
		found := false
		for _, t := range a.cat.Tables {
			found = found || qualified(t.SchemaName, t.TableName) == table
		}
		if !found {
			a.add(CheckAppendOnly, Fail, table, "table missing")
			continue
		}
		p := a.privs[table]
		var bad []string
		if p.CanUpdate || len(p.UpdateColumns) > 0 {
			bad = append(bad, "UPDATE")
		}
		if p.CanDelete {
			bad = append(bad, "DELETE")
		}
		if p.CanTruncate {
			bad = append(bad, "TRUNCATE")
		}
		if len(bad) > 0 {
			a.add(CheckAppendOnly, Fail, table, "%s has %s on an append-only table", a.roles.App, strings.Join(bad, ", "))
		}
		var upd, del, trunc bool
		for _, t := range a.cat.Triggers {
			if qualified(t.SchemaName, t.TableName) != table || t.FunctionName != "app.audit_append_only()" || !t.Before || t.Enabled == "D" {
				continue
			}
			upd, del, trunc = upd || t.OnUpdate, del || t.OnDelete, trunc || t.OnTruncate
		}
		if !upd || !del || !trunc {
			a.add(CheckAppendOnly, Fail, table, "the append-only trigger (app.audit_append_only) is missing or disabled for UPDATE=%v DELETE=%v TRUNCATE=%v",
				upd, del, trunc)
		}
		if len(bad) == 0 && upd && del && trunc {
			a.add(CheckAppendOnly, Pass, table, "%s may only insert and read; UPDATE, DELETE and TRUNCATE are refused to everyone by trigger", a.roles.App)
		}
	}
}

// checkContext: the clinic context cannot be forged. The policy functions
// read it through app.verified_context(), which runs as its definer, and
// the application role cannot reach the signing keys.
func (a *auditor) checkContext() {
	found := map[string]dbsqlc.AuditContextFunctionsRow{}
	for _, f := range a.cat.ContextFuncs {
		found[f.Name] = f
	}
	if v, ok := found["verified_context"]; !ok || !v.SecurityDefiner {
		a.add(CheckContext, Fail, "app.verified_context()", "missing or not SECURITY DEFINER: nothing verifies the signed context")
	} else {
		a.add(CheckContext, Pass, v.FunctionName, "verifies the signed context as its definer")
	}
	for _, name := range []string{"current_clinic", "current_app_user", "current_app_role"} {
		f, ok := found[name]
		switch {
		case !ok:
			a.add(CheckContext, Fail, "app."+name+"()", "missing: the policies cannot read the context")
		case !f.Verifies:
			a.add(CheckContext, Fail, f.FunctionName, "does not read the context through app.verified_context(): a hand-set setting would be trusted")
		default:
			a.add(CheckContext, Pass, f.FunctionName, "reads the context through app.verified_context()")
		}
	}
	readable := false
	for _, s := range a.cat.SchemaPrivs {
		if s.SchemaName == "app_private" && (s.CanUse || s.CanCreate) {
			readable = true
		}
	}
	if readable {
		a.add(CheckContext, Fail, "schema app_private", "%s can use the schema that holds the context-signing keys", a.roles.App)
	} else {
		a.add(CheckContext, Pass, "schema app_private", "%s cannot reach the context-signing keys", a.roles.App)
	}
}
