package main

import (
	"context"
	"io"
)

func soakCmd(ctx context.Context, args []string, e env, out io.Writer) error { return nil }
