package main

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when serve leaves a goroutine behind after it
// returned: a listener, a pool, the session sweeper.
//
// scs.New always starts an in-memory session store with a cleanup loop
// (one per App, ticking on an empty map) before auth replaces the store
// with PostgreSQL; it cannot be stopped reliably (its stop channel is made
// inside the goroutine), so it is the one exception.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("github.com/alexedwards/scs/v2/memstore.(*MemStore).startCleanup"))
}
