package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/santkrupa/santkrupa/internal/config"
	"github.com/santkrupa/santkrupa/internal/migrate"
)

func migrateCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	return migrate.Run(ctx, cfg.MigrationDatabaseURL, stdout)
}

func dumpSchemaCmd(_ context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("dump-schema", flag.ContinueOnError)
	out := fs.String("o", "db/schema.sql", "file to write")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	if err := migrate.DumpSchema(cfg.MigrationDatabaseURL, *out, stdout); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "wrote", *out)
	return nil
}
