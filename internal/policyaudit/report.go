package policyaudit

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteJSON writes the report as one JSON document.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		*Report
		Passed bool `json:"passed"`
	}{r, !r.Failed()})
}

var statusMark = map[Status]string{Pass: "ok  ", Fail: "FAIL", Warn: "warn", Exception: "exc "}

// WriteText writes the report for a person: failures first, then the
// other findings by check, then one page per table.
func (r *Report) WriteText(w io.Writer) error {
	b := &strings.Builder{}
	fmt.Fprintf(b, "Santkrupa policy audit of database %s (connected as %s), PostgreSQL %s, application role %s\n\n",
		r.Database, r.ConnectedAs, r.ServerVersion, r.AppRole)
	fmt.Fprintf(b, "%d failed, %d warnings, %d explained exceptions, %d passed\n\n",
		r.Count(Fail), r.Count(Warn), r.Count(Exception), r.Count(Pass))
	for _, s := range []Status{Fail, Warn, Exception, Pass} {
		var fs []Finding
		for _, f := range r.Findings {
			if f.Status == s {
				fs = append(fs, f)
			}
		}
		if len(fs) == 0 {
			continue
		}
		title := map[Status]string{Fail: "FAILURES", Warn: "WARNINGS", Exception: "EXPLAINED EXCEPTIONS", Pass: "PASSED"}[s]
		fmt.Fprintf(b, "== %s\n", title)
		for _, f := range fs {
			fmt.Fprintf(b, "[%s] %-18s %s: %s\n", statusMark[f.Status], f.Check, f.Object, f.Message)
		}
		b.WriteString("\n")
	}
	b.WriteString("== TABLES: policies in plain words, and what each role may do in its own clinic\n")
	b.WriteString("   (yes: every row of the clinic; some rows: a further condition, e.g. own records; no: refused by a policy;\n")
	b.WriteString("    no grant: the application role lacks the privilege)\n")
	for _, t := range r.Tables {
		fmt.Fprintf(b, "\n-- %s  (row-level security: enabled=%v forced=%v)\n", t.Table, t.RLSEnabled, t.RLSForced)
		fmt.Fprintf(b, "   grants to %s: %s\n", r.AppRole, t.Grants)
		for _, p := range t.Policies {
			fmt.Fprintf(b, "   * %s (%s, %s): %s\n", p.Name, p.Kind, p.Command, p.Summary)
			if p.Comment != "" {
				fmt.Fprintf(b, "       \"%s\"\n", p.Comment)
			}
		}
		if len(t.Policies) == 0 {
			b.WriteString("   no policies\n")
		}
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "   role\t%s\t\n", strings.Join(commands, "\t"))
		for _, role := range ClinicRoles {
			cells := make([]string, len(commands))
			for i, c := range commands {
				cells[i] = string(t.Matrix[role][c])
			}
			fmt.Fprintf(tw, "   %s\t%s\t\n", role, strings.Join(cells, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if r.Failed() {
		b.WriteString("\nRESULT: FAILED\n")
	} else {
		b.WriteString("\nRESULT: passed\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
