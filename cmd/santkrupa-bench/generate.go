package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/santkrupa/santkrupa/internal/benchdata"
)

// specFlags registers the data-set size flags on fs; the defaults are the
// full set of docs/benchmarks.md, smaller values make a quick trial.
func specFlags(fs *flag.FlagSet) *benchdata.Spec {
	s := benchdata.DefaultSpec()
	fs.Uint64Var(&s.Seed, "seed", s.Seed, "random seed")
	fs.IntVar(&s.WideClinics, "wide-clinics", s.WideClinics, "clinics of the wide set")
	fs.IntVar(&s.WidePatients, "wide-patients", s.WidePatients, "patients per wide clinic")
	fs.IntVar(&s.DeepPatients, "deep-patients", s.DeepPatients, "patients of the deep clinic")
	fs.IntVar(&s.DeepVisits, "deep-visits", s.DeepVisits, "visits of the deep clinic")
	fs.IntVar(&s.SmallPatients, "small-patients", s.SmallPatients, "patients of the small clinic")
	return &s
}

func generateCmd(ctx context.Context, args []string, e env, out io.Writer) error {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	spec := specFlags(fs)
	workers := fs.Int("workers", 2, "parallel load connections")
	profile := fs.String("cpuprofile", "", "write the harness's CPU profile here")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	stop, err := startProfile(*profile)
	if err != nil {
		return err
	}
	defer stop()
	su, err := pgxpool.New(ctx, e.SuperuserURL)
	if err != nil {
		return fmt.Errorf("connect as superuser: %w", err)
	}
	defer su.Close()
	res, err := benchdata.Generate(ctx, su, *spec, benchdata.Options{Workers: *workers, Log: out})
	if err != nil {
		return err
	}
	if res.Clinics > 0 {
		fmt.Fprintf(out, "generate: %d clinics, %d rows in %s (%.0f rows/s); verify %s, vacuum %s\n",
			res.Clinics, res.Rows, res.Load.Round(1e6), res.RowsPerSecond(), res.Verify.Round(1e6), res.Vacuum.Round(1e6))
	}
	return prewarm(ctx, su, out)
}

// prewarm reads the data set into the page cache before anything is
// measured: this machine's host reclaims it within minutes (8.4 GiB of
// benchmark data fell to 3-4 GiB cached between two runs), and a cold
// cache showed as slow first phases, not as an error.
func prewarm(ctx context.Context, su *pgxpool.Pool, out io.Writer) error {
	start := time.Now()
	if _, err := su.Exec(ctx, benchdata.Q("CreatePrewarm")); err != nil {
		return fmt.Errorf("pg_prewarm: %w", err)
	}
	var n int64
	if err := su.QueryRow(ctx, benchdata.Q("Prewarm")).Scan(&n); err != nil {
		return fmt.Errorf("pre-read: %w", err)
	}
	fmt.Fprintf(out, "generate: pre-read %.1f GiB of tables and indexes in %s\n", float64(n)/(1<<30),
		time.Since(start).Round(time.Second))
	return nil
}

// startProfile writes the harness's CPU profile to path until stop is
// called ("" profiles nothing).
func startProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
