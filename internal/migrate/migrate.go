// Package migrate brings a database to the current schema: dbmate's
// migrations from db/migrations, then every policy file from policies/, as
// the schema owner. It never runs as the application role.
package migrate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"time"

	"github.com/amacneil/dbmate/v2/pkg/dbmate"
	_ "github.com/amacneil/dbmate/v2/pkg/driver/postgres" // registers postgres:// with dbmate
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/santkrupa/santkrupa/db"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
	"github.com/santkrupa/santkrupa/policies"
)

// Run applies pending migrations, then, in one transaction, replaces the
// live policies with those in policies/ and installs the context-signing
// keys (retiring any key not in keys). With no keys the installed ones are
// left as they are.
func Run(ctx context.Context, ownerURL string, keys store.Keys, log io.Writer) error {
	m, err := newDBMate(ownerURL, log)
	if err != nil {
		return err
	}
	if err := m.Migrate(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := ApplyPolicies(ctx, ownerURL, keys, log); err != nil {
		return err
	}
	fmt.Fprintln(log, "policies applied")
	return nil
}

// ApplyPolicies runs every file of policies/ and installs keys in one
// transaction, so the live catalog switches at once. Re-creating policies
// locks each table in turn while the application may be writing, so a
// deadlock is possible; PostgreSQL then aborts one side, and this side
// tries again.
func ApplyPolicies(ctx context.Context, ownerURL string, keys store.Keys, log io.Writer) error {
	files, err := policies.Files()
	if err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		return fmt.Errorf("apply policies: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for attempt := 1; ; attempt++ {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			for _, f := range files {
				// Simple protocol: a policy file holds several statements.
				if _, err := tx.Exec(ctx, f.SQL, pgx.QueryExecModeSimpleProtocol); err != nil {
					return fmt.Errorf("apply policy %s: %w", f.Name, err)
				}
			}
			return installKeys(ctx, tx, keys, log)
		})
		var pgErr *pgconn.PgError
		if attempt < 5 && errors.As(err, &pgErr) && pgErr.Code == "40P01" {
			fmt.Fprintf(log, "policies: deadlock with concurrent writers, trying again (%d)\n", attempt)
			time.Sleep(time.Duration(attempt) * 100 * time.Millisecond)
			continue
		}
		return err
	}
}

// InstallKeys makes the database's context keys exactly keys, on its own:
// the key-rotation steps need no policy change.
func InstallKeys(ctx context.Context, ownerURL string, keys store.Keys, log io.Writer) error {
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		return fmt.Errorf("install keys: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error { return installKeys(ctx, tx, keys, log) })
}

// installKeys makes the database's context keys exactly keys: new ones
// added, changed secrets replaced, the rest retired. Secrets travel as bind
// parameters and are never printed.
func installKeys(ctx context.Context, tx pgx.Tx, keys store.Keys, log io.Writer) error {
	if len(keys) == 0 {
		fmt.Fprintln(log, "context keys: none configured, installed keys left as they are")
		return nil
	}
	q := dbsqlc.New()
	for _, k := range keys {
		if err := q.UpsertContextKey(ctx, tx, dbsqlc.UpsertContextKeyParams{Kid: k.ID, Secret: k.Secret}); err != nil {
			return fmt.Errorf("install context key %s: %w", k.ID, err)
		}
	}
	retired, err := q.RetireContextKeys(ctx, tx, keys.IDs())
	if err != nil {
		return fmt.Errorf("retire context keys: %w", err)
	}
	fmt.Fprintf(log, "context keys installed: %v (signing: %s)", keys.IDs(), keys[0].ID)
	if len(retired) > 0 {
		fmt.Fprintf(log, "; retired: %v", retired)
	}
	fmt.Fprintln(log)
	return nil
}

// DumpSchema writes dbmate's schema dump (pg_dump, schema only) to file.
func DumpSchema(ownerURL, file string, log io.Writer) error {
	m, err := newDBMate(ownerURL, log)
	if err != nil {
		return err
	}
	m.SchemaFile = file
	if err := m.DumpSchema(); err != nil {
		return fmt.Errorf("dump schema: %w", err)
	}
	return nil
}

func newDBMate(ownerURL string, log io.Writer) (*dbmate.DB, error) {
	u, err := url.Parse(ownerURL)
	if err != nil {
		return nil, fmt.Errorf("parse migration database url: %w", err)
	}
	m := dbmate.New(u)
	m.FS = db.Migrations
	m.MigrationsDir = []string{"migrations"}
	m.AutoDumpSchema = false
	m.Log = log
	m.Strict = true
	return m, nil
}
