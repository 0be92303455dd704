package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/santkrupa/santkrupa/internal/config"
	"github.com/santkrupa/santkrupa/internal/policyaudit"
)

// The errors that make a DBA command exit 1 after its report is printed.
var (
	errAuditFailed = errors.New("policy audit: invariants fail (see the report)")
	errDrift       = errors.New("policy diff: the live catalog has drifted from the definitions")
	errBrokenChain = errors.New("audit verify: an access-log hash chain is broken")
)

// auditSettings are the settings of the DBA commands (policy, audit): the
// database they inspect and how they print.
type auditSettings struct {
	// DatabaseURL is SANTKRUPA_AUDIT_DATABASE_URL, else the migration
	// (owner) URL: catalog reads work as any role, but diff applies
	// policies/ (rolled back) and verify reads the chain, which need the
	// owner.
	DatabaseURL string
	Format      string
	Roles       policyaudit.Roles
}

func loadAuditSettings(fs *flag.FlagSet, args []string, getenv func(string) string) (auditSettings, error) {
	s := auditSettings{Roles: policyaudit.DefaultRoles}
	fs.StringVar(&s.Format, "format", "text", "report format: text or json")
	fs.StringVar(&s.Roles.App, "app-role", s.Roles.App, "the application role the checks are about")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return s, errUsage
	}
	if s.Format != "text" && s.Format != "json" {
		return s, fmt.Errorf("--format: want text or json, got %q", s.Format)
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return s, err
	}
	s.DatabaseURL = getenv("SANTKRUPA_AUDIT_DATABASE_URL")
	if s.DatabaseURL == "" {
		s.DatabaseURL = cfg.MigrationDatabaseURL
	}
	return s, nil
}

// connectAudit opens one connection for a DBA command; readOnly makes
// every transaction of the session read-only.
func connectAudit(ctx context.Context, url string, readOnly bool) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse SANTKRUPA_AUDIT_DATABASE_URL: %w", err)
	}
	cfg.RuntimeParams["application_name"] = "santkrupa-audit"
	if readOnly {
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	return conn, nil
}

const policyUsage = `usage: santkrupa policy <audit|diff> [flags]

  audit   check the live database against the isolation invariants; exit 1 on a failure
  diff    compare the live policies, RLS flags, grants and SECURITY DEFINER functions
          with policies/ and the migrations; exit 1 on drift
`

func policyCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, policyUsage)
		return errUsage
	}
	switch args[0] {
	case "audit":
		return policyAudit(ctx, args[1:], getenv, stdout)
	case "diff":
		return policyDiff(ctx, args[1:], getenv, stdout)
	}
	fmt.Fprintf(stderr, "santkrupa policy: unknown command %q\n\n%s", args[0], policyUsage)
	return errUsage
}

func policyAudit(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	s, err := loadAuditSettings(flag.NewFlagSet("policy audit", flag.ContinueOnError), args, getenv)
	if err != nil {
		return err
	}
	conn, err := connectAudit(ctx, s.DatabaseURL, true)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	cat, err := policyaudit.LoadCatalog(ctx, conn, s.Roles)
	if err != nil {
		return err
	}
	rep := policyaudit.Run(cat, s.Roles)
	if s.Format == "json" {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteText(stdout)
	}
	if err != nil {
		return err
	}
	if rep.Failed() {
		return errAuditFailed
	}
	return nil
}

func policyDiff(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("policy diff", flag.ContinueOnError)
	reference := fs.String("reference-url", "", "compare with this database (built from the same migrations) instead of replaying policies/; covers table grants too")
	s, err := loadAuditSettings(fs, args, getenv)
	if err != nil {
		return err
	}
	conn, err := connectAudit(ctx, s.DatabaseURL, *reference != "")
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var drift []policyaudit.Drift
	if *reference != "" {
		ref, err := connectAudit(ctx, *reference, true)
		if err != nil {
			return fmt.Errorf("reference: %w", err)
		}
		defer ref.Close(context.WithoutCancel(ctx))
		drift, err = policyaudit.DiffAgainst(ctx, conn, ref, s.Roles)
		if err != nil {
			return err
		}
	} else if drift, err = policyaudit.DiffLive(ctx, conn, s.Roles); err != nil {
		return err
	}
	if s.Format == "json" {
		err = writeJSON(stdout, struct {
			Drift   []policyaudit.Drift `json:"drift"`
			Drifted bool                `json:"drifted"`
		}{append([]policyaudit.Drift{}, drift...), len(drift) > 0})
	} else {
		err = policyaudit.WriteDriftText(stdout, drift)
	}
	if err != nil {
		return err
	}
	if len(drift) > 0 {
		return errDrift
	}
	return nil
}
