package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/mattn/go-isatty"

	"github.com/santkrupa/santkrupa/internal/config"
	"github.com/santkrupa/santkrupa/internal/legacy"
)

const importUsage = `usage: santkrupa import legacy (--sqlite FILE | --postgres URL) --clinic SLUG [flags]

Brings one clinic over from the Django tracker, in one transaction, as the
application role acting as the clinic's admin. Running it again imports
nothing twice. See docs/migrating.md.

flags:
`

// importCmd is `santkrupa import legacy`.
func importCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "legacy" {
		fmt.Fprint(stderr, importUsage)
		return errUsage
	}
	fs := flag.NewFlagSet("import legacy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, importUsage); fs.PrintDefaults() }
	var (
		sqlitePath   = fs.String("sqlite", "", "the tracker's SQLite database (`FILE`, opened read-only)")
		postgresURL  = fs.String("postgres", "", "the tracker's PostgreSQL database (`URL`)")
		media        = fs.String("media", "", "the tracker's MEDIA_ROOT (`DIR`), for uploaded report files")
		clinic       = fs.String("clinic", "", "the Santkrupa clinic (`SLUG`); created from the legacy clinic when it does not exist")
		legacyClinic = fs.Int64("legacy-clinic", 0, "the hospital_clinic `ID` to import (required when the legacy database has several)")
		code         = fs.String("code", "", "a new clinic's patient-number `CODE` (default: from the slug)")
		timezone     = fs.String("timezone", "", "a new clinic's time `ZONE` (default Asia/Kolkata)")
		dryRun       = fs.Bool("dry-run", false, "do everything, report it, then roll back")
		reportPath   = fs.String("report", "legacy-import-report.json", "where to write the JSON report (`FILE`)")
	)
	if err := fs.Parse(args[1:]); err != nil {
		return errUsage
	}
	if (*sqlitePath == "") == (*postgresURL == "") || *clinic == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}

	var src *sql.DB
	described := "sqlite:" + *sqlitePath
	if *sqlitePath != "" {
		src, err = legacy.OpenSQLite(ctx, *sqlitePath)
	} else {
		described = "postgres"
		src, err = legacy.OpenPostgres(ctx, *postgresURL)
	}
	if err != nil {
		return err
	}
	data, err := legacy.Load(ctx, src)
	src.Close()
	if err != nil {
		return err
	}

	st, err := openStore(ctx, cfg, 2, "import")
	if err != nil {
		return err
	}
	defer st.Pool().Close()

	opt := legacy.Options{
		Clinic: *clinic, Code: *code, Timezone: *timezone, LegacyClinic: *legacyClinic, MediaDir: *media,
		DryRun: *dryRun, Source: described,
	}
	if f, ok := stderr.(*os.File); ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())) {
		opt.Progress = &legacy.Bar{W: stderr}
	}
	rep, err := legacy.Import(ctx, st, data, opt)
	if errors.Is(err, legacy.ErrChooseClinic) {
		return err
	}
	rep.Summary(stdout)
	path, perr := filepath.Abs(*reportPath)
	if perr == nil {
		perr = rep.Write(path)
	}
	if perr != nil {
		fmt.Fprintf(stderr, "santkrupa: report not written: %v\n", perr)
	} else {
		fmt.Fprintf(stdout, "report: %s (%d rows changed, flagged or skipped)\n", path, len(rep.Rows))
	}
	if err != nil {
		return fmt.Errorf("import failed, nothing was written: %w", err)
	}
	if *dryRun {
		fmt.Fprintln(stdout, "dry run: nothing was written")
	}
	return nil
}
