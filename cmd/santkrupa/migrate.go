package main

import (
	"context"
	"flag"
	"io"

	"github.com/santkrupa/santkrupa/internal/config"
	"github.com/santkrupa/santkrupa/internal/migrate"
	"github.com/santkrupa/santkrupa/internal/store"
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
	var keys store.Keys
	if cfg.ContextKeys != "" {
		if keys, err = store.ParseKeys(cfg.ContextKeys); err != nil {
			return err
		}
	}
	return migrate.Run(ctx, cfg.MigrationDatabaseURL, keys, stdout)
}
