package main

import (
	"context"
	"fmt"

	"github.com/santkrupa/santkrupa/internal/config"
	"github.com/santkrupa/santkrupa/internal/store"
)

// openStore connects to the clinic data as the application role and
// refuses, on behalf of the command named what, a role that could bypass
// the policies or a database that does not accept the signing key. The
// caller closes the store's pool.
func openStore(ctx context.Context, cfg config.Config, maxConns int32, what string) (*store.Store, error) {
	keys, err := store.ParseKeys(cfg.ContextKeys)
	if err != nil {
		return nil, err
	}
	pool, err := store.Open(ctx, cfg.DatabaseURL, store.Options{MaxConns: maxConns, StatementTimeout: cfg.StatementTimeout})
	if err != nil {
		return nil, err
	}
	st, err := store.New(pool, keys)
	if err == nil {
		st.SetUnboundContext(cfg.UnboundContext)
		err = st.CheckRole(ctx)
	}
	if err == nil {
		err = st.CheckContext(ctx)
	}
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("refusing to %s: %w", what, err)
	}
	return st, nil
}
