package main

import (
	"context"
	"flag"
	"io"

	"github.com/santkrupa/santkrupa/internal/config"
	"github.com/santkrupa/santkrupa/internal/seed"
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
	st, err := openStore(ctx, cfg, 2, "seed")
	if err != nil {
		return err
	}
	defer st.Pool().Close()
	return seed.Run(ctx, st, seed.Demo, stdout)
}
