// Command santkrupa-bench is the benchmark harness of `make bench`: it
// generates the benchmark data set, drives a real server with a load
// generator, runs pgbench and EXPLAIN beside it, and writes
// docs/benchmarks.md. See docs/benchmarks.md for what it measures.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage: santkrupa-bench <command> [flags]

commands:
  generate   make the benchmark data set in the benchmark database (reused when there)
  run        serve, load, pgbench, EXPLAIN; write the results (JSON) for report
  soak       a bounded mixed read/write run from many clinics, checked for isolation and lost writes
  report     write docs/benchmarks.md and its chart from the results

Settings: SANTKRUPA_BENCH_SUPERUSER_URL, SANTKRUPA_BENCH_DATABASE_URL (application role),
SANTKRUPA_CONTEXT_KEYS; flags with -h.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "santkrupa-bench:", err)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	env := loadEnv(getenv)
	switch args[0] {
	case "generate":
		return generateCmd(ctx, args[1:], env, stdout)
	case "run":
		return runCmd(ctx, args[1:], env, stdout)
	case "soak":
		return soakCmd(ctx, args[1:], env, stdout)
	case "report":
		return reportCmd(ctx, args[1:], env, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "santkrupa-bench: unknown command %q\n\n%s", args[0], usage)
		return errUsage
	}
}

// env is the harness's configuration from the environment.
type env struct {
	SuperuserURL string // a superuser on the benchmark database
	AppURL       string // the application role on the benchmark database
	NoRLSURL     string // the benchmark-only BYPASSRLS role
	PgbenchURL   string // the benchmark-only pgbench role
	ContextKeys  string
}

func loadEnv(getenv func(string) string) env {
	get := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	host := get("PGHOSTPORT", "127.0.0.1:5432")
	db := get("BENCH_DB", "santkrupa_bench")
	url := func(user, pass string) string {
		if pass != "" {
			user += ":" + pass
		}
		return "postgres://" + user + "@" + host + "/" + db + "?sslmode=disable"
	}
	return env{
		SuperuserURL: get("SANTKRUPA_BENCH_SUPERUSER_URL", url("postgres", "")),
		AppURL:       get("SANTKRUPA_BENCH_DATABASE_URL", url("santkrupa_app", "santkrupa_app")),
		NoRLSURL:     url("santkrupa_bench_norls", "santkrupa_bench_norls"),
		PgbenchURL:   url("santkrupa_bench_pgbench", "santkrupa_bench_pgbench"),
		ContextKeys:  getenv("SANTKRUPA_CONTEXT_KEYS"),
	}
}
