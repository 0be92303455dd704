package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/santkrupa/santkrupa/internal/config"
	"github.com/santkrupa/santkrupa/internal/seed"
	"github.com/santkrupa/santkrupa/internal/store"
)

func seedCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	pool, err := store.Open(ctx, cfg.DatabaseURL, store.Options{MaxConns: 2, StatementTimeout: cfg.StatementTimeout})
	if err != nil {
		return err
	}
	defer pool.Close()
	keys, err := store.ParseKeys(cfg.ContextKeys)
	if err != nil {
		return err
	}
	st, err := store.New(pool, keys)
	if err != nil {
		return err
	}
	if err := st.CheckRole(ctx); err != nil {
		return fmt.Errorf("refusing to seed: %w", err)
	}
	if err := st.CheckContext(ctx); err != nil {
		return fmt.Errorf("refusing to seed: %w", err)
	}
	return seed.Run(ctx, st, seed.Demo, stdout)
}
