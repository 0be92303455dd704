package policyaudit

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/santkrupa/santkrupa/db"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/policies"
)

// Snapshot is the part of a catalog that migrations and policies/ define
// and that isolation depends on.
type Snapshot struct {
	// Policies: "schema.table policy" → kind, command, roles, USING, WITH CHECK.
	Policies map[string]string
	// RLS: "schema.table" → enabled/forced.
	RLS map[string]string
	// Grants: "role on schema.table" → privileges (column lists included).
	Grants map[string]string
	// Definers: SECURITY DEFINER function signature → owner, settings, executors.
	Definers map[string]string
	// Migrations: the applied dbmate versions.
	Migrations []string
}

// TakeSnapshot reads a Snapshot through db. Grants are those of roles.App,
// roles.Definer and PUBLIC.
func TakeSnapshot(ctx context.Context, db dbsqlc.DBTX, roles Roles) (*Snapshot, error) {
	q := dbsqlc.New()
	s := &Snapshot{Policies: map[string]string{}, RLS: map[string]string{}, Grants: map[string]string{}, Definers: map[string]string{}}
	pols, err := q.AuditPolicies(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("read policies: %w", err)
	}
	for _, p := range pols {
		kind := "restrictive"
		if p.Permissive {
			kind = "permissive"
		}
		s.Policies[qualified(p.SchemaName, p.TableName)+" policy "+p.PolicyName] = fmt.Sprintf(
			"%s FOR %s TO %s USING (%s) WITH CHECK (%s)", kind, p.Command, strings.Join(p.Roles, ", "), p.UsingExpr, p.CheckExpr)
	}
	tables, err := q.AuditTables(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("read tables: %w", err)
	}
	for _, t := range tables {
		s.RLS[qualified(t.SchemaName, t.TableName)] = fmt.Sprintf("enabled=%v forced=%v", t.RlsEnabled, t.RlsForced)
	}
	for _, role := range []string{roles.App, roles.Definer, "public"} {
		privs, err := q.AuditTablePrivileges(ctx, db, role)
		if err != nil {
			return nil, fmt.Errorf("read privileges of %s: %w", role, err)
		}
		for _, p := range privs {
			if g := grantText(p); g != "none" {
				s.Grants[role+" on "+qualified(p.SchemaName, p.TableName)] = g
			}
		}
	}
	defs, err := q.AuditSecurityDefinerFunctions(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("read security definer functions: %w", err)
	}
	for _, f := range defs {
		exec := f.Executors
		if f.DefaultAcl {
			exec = []string{"public (default)"}
		}
		s.Definers[f.Signature] = fmt.Sprintf("owner %s; settings %s; EXECUTE: %s", f.OwnerName,
			strings.Join(f.Config, " "), strings.Join(exec, ", "))
	}
	if s.Migrations, err = q.AuditAppliedMigrations(ctx, db); err != nil {
		return nil, fmt.Errorf("read applied migrations: %w", err)
	}
	return s, nil
}

// Drift is one difference between the live catalog and the definitions.
type Drift struct {
	// Kind: "missing" (defined, not live), "extra" (live, not defined) or
	// "changed".
	Kind    string `json:"kind"`
	Area    string `json:"area"` // policy, rls, grant, security definer, migration
	Object  string `json:"object"`
	Live    string `json:"live,omitempty"`
	Defined string `json:"defined,omitempty"`
}

// Compare lists how live differs from defined, sorted.
func Compare(live, defined *Snapshot) []Drift {
	var out []Drift
	out = append(out, compareMaps("policy", live.Policies, defined.Policies)...)
	out = append(out, compareMaps("rls", live.RLS, defined.RLS)...)
	out = append(out, compareMaps("grant", live.Grants, defined.Grants)...)
	out = append(out, compareMaps("security definer", live.Definers, defined.Definers)...)
	out = append(out, compareMaps("migration", set(live.Migrations), set(defined.Migrations))...)
	return out
}

func set(xs []string) map[string]string {
	m := map[string]string{}
	for _, x := range xs {
		m[x] = "applied"
	}
	return m
}

func compareMaps(area string, live, defined map[string]string) []Drift {
	keys := slices.Collect(maps.Keys(live))
	for k := range defined {
		if _, ok := live[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []Drift
	for _, k := range keys {
		l, inLive := live[k]
		d, inDefined := defined[k]
		switch {
		case !inLive:
			out = append(out, Drift{Kind: "missing", Area: area, Object: k, Defined: d})
		case !inDefined:
			out = append(out, Drift{Kind: "extra", Area: area, Object: k, Live: l})
		case l != d:
			out = append(out, Drift{Kind: "changed", Area: area, Object: k, Live: l, Defined: d})
		}
	}
	return out
}

// DiffLive compares the live catalog of conn's database with what
// policies/ defines: in one transaction it takes a snapshot, applies
// every file of policies/ exactly as `santkrupa migrate` does, takes a
// second snapshot and rolls back, so nothing changes. It also compares the
// applied migrations with those built into the binary. conn must connect
// as the schema owner (applying policies needs it); the transaction holds
// table locks for milliseconds and waits at most 3 s for them.
//
// What it cannot see this way: table grants made by migrations (policies/
// does not re-assert them). DiffAgainst compares those with a reference
// database.
func DiffLive(ctx context.Context, conn *pgx.Conn, roles Roles) ([]Drift, error) {
	files, err := policies.Files()
	if err != nil {
		return nil, err
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if err := dbsqlc.New().AuditLockTimeout(ctx, tx); err != nil {
		return nil, fmt.Errorf("set lock timeout: %w", err)
	}
	live, err := TakeSnapshot(ctx, tx, roles)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if _, err := tx.Exec(ctx, f.SQL, pgx.QueryExecModeSimpleProtocol); err != nil {
			return nil, fmt.Errorf("apply %s (in a transaction that is rolled back): %w", f.Name, err)
		}
	}
	defined, err := TakeSnapshot(ctx, tx, roles)
	if err != nil {
		return nil, err
	}
	if defined.Migrations, err = builtInMigrations(); err != nil {
		return nil, err
	}
	if err := tx.Rollback(ctx); err != nil {
		return nil, fmt.Errorf("roll back: %w", err)
	}
	return Compare(live, defined), nil
}

// DiffAgainst compares the live catalog with a reference database built
// from the same migrations and policies/ (for example a fresh database
// that `santkrupa migrate` has just prepared): every area, table grants
// included.
func DiffAgainst(ctx context.Context, live, reference dbsqlc.DBTX, roles Roles) ([]Drift, error) {
	l, err := TakeSnapshot(ctx, live, roles)
	if err != nil {
		return nil, fmt.Errorf("live: %w", err)
	}
	r, err := TakeSnapshot(ctx, reference, roles)
	if err != nil {
		return nil, fmt.Errorf("reference: %w", err)
	}
	return Compare(l, r), nil
}

// builtInMigrations are the dbmate versions of the migrations embedded in
// the binary.
func builtInMigrations() ([]string, error) {
	names, err := fs.Glob(db.Migrations, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var out []string
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		v, _, _ := strings.Cut(base, "_")
		out = append(out, v)
	}
	sort.Strings(out)
	return out, nil
}

// WriteDriftText prints drift for a person.
func WriteDriftText(w io.Writer, drift []Drift) error {
	b := &strings.Builder{}
	if len(drift) == 0 {
		b.WriteString("no drift: the live policies, row-level-security flags, grants, SECURITY DEFINER functions and migrations match the definitions\n")
	}
	for _, d := range drift {
		fmt.Fprintf(b, "%-7s %-16s %s\n", strings.ToUpper(d.Kind), d.Area, d.Object)
		if d.Live != "" {
			fmt.Fprintf(b, "        live:    %s\n", d.Live)
		}
		if d.Defined != "" {
			fmt.Fprintf(b, "        defined: %s\n", d.Defined)
		}
	}
	if len(drift) > 0 {
		fmt.Fprintf(b, "\n%d differences: DRIFT\n", len(drift))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
