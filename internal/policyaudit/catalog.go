package policyaudit

import (
	"context"
	"fmt"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
)

// Roles names the database roles the checks are about.
type Roles struct {
	// App is the role the server connects as (santkrupa_app).
	App string
	// Definer owns the SECURITY DEFINER functions (santkrupa_definer).
	Definer string
}

// DefaultRoles are the roles db/bootstrap.sql creates.
var DefaultRoles = Roles{App: "santkrupa_app", Definer: "santkrupa_definer"}

// Catalog is what the audit reads from one database.
type Catalog struct {
	Server      dbsqlc.AuditServerVersionRow
	Tables      []dbsqlc.AuditTablesRow
	Policies    []dbsqlc.AuditPoliciesRow
	AppPrivs    []dbsqlc.AuditTablePrivilegesRow
	AppRole     []dbsqlc.AuditRoleRow
	Reachable   []dbsqlc.AuditReachableRolesRow
	Owned       []dbsqlc.AuditOwnedObjectsRow
	SchemaPrivs []dbsqlc.AuditSchemaPrivilegesRow
	DBPrivs     dbsqlc.AuditDatabasePrivilegesRow
	Constraints []dbsqlc.AuditConstraintsRow
	Indexes     []dbsqlc.AuditIndexesRow
	Views       []dbsqlc.AuditViewsRow
	Definers    []dbsqlc.AuditSecurityDefinerFunctionsRow
	Writable    []string
	Triggers    []dbsqlc.AuditTriggersRow
	// ContextFuncs are the clinic-context functions in schema app.
	ContextFuncs []dbsqlc.AuditContextFunctionsRow
}

// LoadCatalog reads the catalog through db (any role may: pg_catalog is
// readable by all).
func LoadCatalog(ctx context.Context, db dbsqlc.DBTX, roles Roles) (*Catalog, error) {
	q := dbsqlc.New()
	c := &Catalog{}
	var err error
	steps := []struct {
		what string
		run  func() error
	}{
		{"server version", func() error { c.Server, err = q.AuditServerVersion(ctx, db); return err }},
		{"tables", func() error { c.Tables, err = q.AuditTables(ctx, db); return err }},
		{"policies", func() error { c.Policies, err = q.AuditPolicies(ctx, db); return err }},
		{"application role", func() error { c.AppRole, err = q.AuditRole(ctx, db, roles.App); return err }},
		{"constraints", func() error { c.Constraints, err = q.AuditConstraints(ctx, db); return err }},
		{"indexes", func() error { c.Indexes, err = q.AuditIndexes(ctx, db); return err }},
		{"views", func() error { c.Views, err = q.AuditViews(ctx, db); return err }},
		{"security definer functions", func() error { c.Definers, err = q.AuditSecurityDefinerFunctions(ctx, db); return err }},
		{"triggers", func() error { c.Triggers, err = q.AuditTriggers(ctx, db); return err }},
		{"context functions", func() error { c.ContextFuncs, err = q.AuditContextFunctions(ctx, db); return err }},
	}
	for _, s := range steps {
		if err := s.run(); err != nil {
			return nil, fmt.Errorf("read %s: %w", s.what, err)
		}
	}
	if len(c.AppRole) == 0 {
		// The role-dependent queries would fail on a role that does not
		// exist; the audit reports it.
		return c, nil
	}
	roleSteps := []struct {
		what string
		run  func() error
	}{
		{"application role's table privileges", func() error { c.AppPrivs, err = q.AuditTablePrivileges(ctx, db, roles.App); return err }},
		{"roles the application role can become", func() error { c.Reachable, err = q.AuditReachableRoles(ctx, db, roles.App); return err }},
		{"objects the application role owns", func() error { c.Owned, err = q.AuditOwnedObjects(ctx, db, roles.App); return err }},
		{"schema privileges", func() error { c.SchemaPrivs, err = q.AuditSchemaPrivileges(ctx, db, roles.App); return err }},
		{"database privileges", func() error { c.DBPrivs, err = q.AuditDatabasePrivileges(ctx, db, roles.App); return err }},
		{"writable schemas", func() error { c.Writable, err = q.AuditSchemaWriters(ctx, db, roles.App); return err }},
	}
	for _, s := range roleSteps {
		if err := s.run(); err != nil {
			return nil, fmt.Errorf("read %s: %w", s.what, err)
		}
	}
	return c, nil
}

func qualified(schema, name string) string { return schema + "." + name }
