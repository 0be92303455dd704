// Command santkrupa is the whole product in one binary: the web server and
// the operator commands around it.
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

const usage = `usage: santkrupa <command>

commands:
  serve        serve the web UI and API (as the application role)
  migrate      apply migrations and policies (as the schema owner)
  seed         add the demo clinics, users and records (skips clinics that exist)
  import legacy bring a clinic over from the Django tracker (see docs/migrating.md)
  policy audit check the live database against the isolation invariants (as the audit role)
  policy diff  compare the live policies, RLS, grants, definer functions with policies/
  audit verify recompute the access log's hash chains and name the first broken link

Settings come from SANTKRUPA_* environment variables; see README.md.
`

func main() {
	ctx, stop := signalContext(context.Background())
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "santkrupa:", err)
		}
		os.Exit(1)
	}
}

// signalContext ends on SIGINT or SIGTERM: serve then shuts down
// gracefully.
func signalContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
}

var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, getenv, stderr)
	case "migrate":
		return migrateCmd(ctx, rest, getenv, stdout)
	case "seed":
		return seedCmd(ctx, rest, getenv, stdout)
	case "import":
		return importCmd(ctx, rest, getenv, stdout, stderr)
	case "policy":
		return policyCmd(ctx, rest, getenv, stdout, stderr)
	case "audit":
		return auditCmd(ctx, rest, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "santkrupa: unknown command %q\n\n%s", cmd, usage)
		return errUsage
	}
}
