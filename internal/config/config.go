// Package config reads Santkrupa's settings from the environment once, at
// start-up, into a typed struct that is passed down; nothing reads the
// environment later. Defaults make `make run` work on a developer machine.
package config

import (
	"fmt"
	"strconv"
	"time"
)

// Config is every setting of the binary.
type Config struct {
	// DatabaseURL is how serve and seed connect: as the application role,
	// which row-level security holds.
	DatabaseURL string
	// MigrationDatabaseURL is how migrate connects: as the schema owner.
	MigrationDatabaseURL string
	// Addr is the HTTP listen address.
	Addr string
	// MaxConns bounds the database pool.
	MaxConns int32
	// StatementTimeout bounds every statement the server runs.
	StatementTimeout time.Duration
	// RequestTimeout bounds the handling of one HTTP request.
	RequestTimeout time.Duration
	// ShutdownTimeout bounds the wait for in-flight requests on SIGTERM.
	ShutdownTimeout time.Duration
	// LogFormat is "text" or "json".
	LogFormat string
}

// Defaults for a local development database made by db/postgres.sh.
const (
	DefaultDatabaseURL          = "postgres://santkrupa_app:santkrupa_app@127.0.0.1:5432/santkrupa?sslmode=disable"
	DefaultMigrationDatabaseURL = "postgres://santkrupa_owner:santkrupa_owner@127.0.0.1:5432/santkrupa?sslmode=disable"
)

// Load reads the configuration through getenv (os.Getenv in main, a map in
// tests).
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL:          str(getenv, "SANTKRUPA_DATABASE_URL", DefaultDatabaseURL),
		MigrationDatabaseURL: str(getenv, "SANTKRUPA_MIGRATION_DATABASE_URL", DefaultMigrationDatabaseURL),
		Addr:                 str(getenv, "SANTKRUPA_ADDR", ":8080"),
		LogFormat:            str(getenv, "SANTKRUPA_LOG_FORMAT", "text"),
	}
	var err error
	if c.MaxConns, err = int32Env(getenv, "SANTKRUPA_DB_MAX_CONNS", 10); err != nil {
		return Config{}, err
	}
	if c.StatementTimeout, err = durationEnv(getenv, "SANTKRUPA_STATEMENT_TIMEOUT", 5*time.Second); err != nil {
		return Config{}, err
	}
	if c.RequestTimeout, err = durationEnv(getenv, "SANTKRUPA_REQUEST_TIMEOUT", 15*time.Second); err != nil {
		return Config{}, err
	}
	if c.ShutdownTimeout, err = durationEnv(getenv, "SANTKRUPA_SHUTDOWN_TIMEOUT", 20*time.Second); err != nil {
		return Config{}, err
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return Config{}, fmt.Errorf("SANTKRUPA_LOG_FORMAT: want text or json, got %q", c.LogFormat)
	}
	return c, nil
}

func str(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func int32Env(getenv func(string) string, key string, def int32) (int32, error) {
	v := getenv(key)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s: want a positive integer, got %q", key, v)
	}
	return int32(n), nil
}

func durationEnv(getenv func(string) string, key string, def time.Duration) (time.Duration, error) {
	v := getenv(key)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s: want a positive duration such as 5s, got %q", key, v)
	}
	return d, nil
}
