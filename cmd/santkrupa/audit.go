package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/santkrupa/santkrupa/internal/auditlog"
)

const auditUsage = `usage: santkrupa audit verify [--clinic SLUG] [--format text|json]

  verify  recompute each clinic's access-log hash chain; name the first broken link; exit 1 if any
`

func auditCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprint(stderr, auditUsage)
		return errUsage
	}
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	slug := fs.String("clinic", "", "verify only this clinic (its slug); default: every clinic")
	s, err := loadAuditSettings(fs, args[1:], getenv)
	if err != nil {
		return err
	}
	conn, err := connectAudit(ctx, s.DatabaseURL, true)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	chains, err := auditlog.Verify(ctx, conn, *slug)
	if err != nil {
		return err
	}
	broken := 0
	for _, c := range chains {
		if !c.OK() {
			broken++
		}
	}
	if s.Format == "json" {
		err = writeJSON(stdout, struct {
			Chains []auditlog.ChainResult `json:"chains"`
			OK     bool                   `json:"ok"`
		}{append([]auditlog.ChainResult{}, chains...), broken == 0})
	} else {
		err = writeChains(stdout, chains, *slug)
	}
	if err != nil {
		return err
	}
	if broken > 0 {
		return errBrokenChain
	}
	return nil
}

func writeChains(w io.Writer, chains []auditlog.ChainResult, slug string) error {
	if len(chains) == 0 {
		what := "any clinic"
		if slug != "" {
			what = "clinic " + slug
		}
		_, err := fmt.Fprintf(w, "no access-log events for %s\n", what)
		return err
	}
	for _, c := range chains {
		var err error
		if c.OK() {
			_, err = fmt.Fprintf(w, "ok      %s (%s): %d events, head seq %d hash %s\n", c.ClinicSlug, c.ClinicID, c.Events, c.HeadSeq, c.HeadHash)
		} else {
			_, err = fmt.Fprintf(w, "BROKEN  %s (%s): %d events; first broken link at seq %d (event %s): %s\n",
				c.ClinicSlug, c.ClinicID, c.Events, c.Broken.Seq, c.Broken.EventID, c.Broken.Reason)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
