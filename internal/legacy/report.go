package legacy

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"
)

// Report is what an import did: counts per legacy table and one entry per
// row it changed, flagged or skipped, so that nothing is dropped silently.
// It is written as JSON (Write) and summed up for a terminal (Summary).
// It holds patient data (names, phones): treat the file like the records.
type Report struct {
	Source         string    `json:"source"`
	Clinic         string    `json:"clinic"`
	ClinicID       uuid.UUID `json:"clinic_id"`
	ClinicCreated  bool      `json:"clinic_created"`
	LegacyClinicID int64     `json:"legacy_clinic_id"`
	DryRun         bool      `json:"dry_run"`
	// Outcome is "committed", "rolled back (dry run)" or "failed: …".
	Outcome  string    `json:"outcome"`
	Started  time.Time `json:"started_at"`
	Finished time.Time `json:"finished_at"`
	Tables   []*Counts `json:"tables"`
	Rows     []Entry   `json:"rows"`
}

// Counts are one legacy table's numbers. Every row read ends up imported,
// already imported or skipped: Read = Imported + Already + Skipped.
// Normalised and Flagged count imported rows with at least one changed
// or suspicious value. OtherClinics counts rows of other legacy clinics,
// which are not read into this import at all.
type Counts struct {
	Legacy       string `json:"legacy_table"`
	Into         string `json:"into"`
	Read         int    `json:"read"`
	Imported     int    `json:"imported"`
	Normalised   int    `json:"normalised"`
	Flagged      int    `json:"flagged"`
	Skipped      int    `json:"skipped"`
	Already      int    `json:"already_imported"`
	OtherClinics int    `json:"other_clinics"`
}

// Actions of report entries.
const (
	ActNormalised = "normalised" // imported with this value changed
	ActFlagged    = "flagged"    // imported as written, but the value looks wrong
	ActSkipped    = "skipped"    // not imported
	ActLinked     = "linked"     // matched a row the clinic already had
	ActCreated    = "created"    // made by the import (the clinic, a placeholder)
)

// Entry is one row (or one value of a row) the report tells about.
type Entry struct {
	LegacyTable string `json:"legacy_table"`
	LegacyID    string `json:"legacy_id"`
	Into        string `json:"into"`
	Action      string `json:"action"`
	Field       string `json:"field,omitempty"`
	From        string `json:"from,omitempty"`
	To          string `json:"to,omitempty"`
	Reason      string `json:"reason"`
}

// Table returns the counts of a legacy table, by its name.
func (r *Report) Table(legacy string) *Counts {
	for _, c := range r.Tables {
		if c.Legacy == legacy {
			return c
		}
	}
	return nil
}

func (r *Report) counts(legacy, into string) *Counts {
	if c := r.Table(legacy); c != nil {
		return c
	}
	c := &Counts{Legacy: legacy, Into: into}
	r.Tables = append(r.Tables, c)
	return c
}

// Entries returns the entries of a legacy table with an action.
func (r *Report) Entries(legacy, action string) []Entry {
	var out []Entry
	for _, e := range r.Rows {
		if e.LegacyTable == legacy && (action == "" || e.Action == action) {
			out = append(out, e)
		}
	}
	return out
}

// rowLog follows one legacy row through the import.
type rowLog struct {
	rep        *Report
	c          *Counts
	id         string
	normalised bool
	flagged    bool
	done       bool
}

func (r *Report) row(c *Counts, id int64) *rowLog { return r.rowID(c, strconv.FormatInt(id, 10)) }

func (r *Report) rowID(c *Counts, id string) *rowLog {
	c.Read++
	return &rowLog{rep: r, c: c, id: id}
}

func (l *rowLog) add(action, field, from, to, reason string) {
	l.rep.Rows = append(l.rep.Rows, Entry{LegacyTable: l.c.Legacy, LegacyID: l.id, Into: l.c.Into,
		Action: action, Field: field, From: from, To: to, Reason: reason})
}

// fix records a change (nil is no change).
func (l *rowLog) fix(ch *change) {
	if ch == nil {
		return
	}
	if ch.Flagged {
		l.flagged = true
		l.add(ActFlagged, ch.Field, ch.From, ch.To, ch.Reason)
		return
	}
	l.normalised = true
	l.add(ActNormalised, ch.Field, ch.From, ch.To, ch.Reason)
}

// note records a normalisation described by a reason alone.
func (l *rowLog) note(field, reason string) { l.fix(&change{Field: field, Reason: reason}) }

func (l *rowLog) imported() {
	if l.done {
		return
	}
	l.done = true
	l.c.Imported++
	if l.normalised {
		l.c.Normalised++
	}
	if l.flagged {
		l.c.Flagged++
	}
}

// skip records that the row was not imported, and why. Changes noted
// before a skip stay in the report but do not count as normalised.
func (l *rowLog) skip(format string, args ...any) {
	if l.done {
		return
	}
	l.done = true
	l.c.Skipped++
	l.add(ActSkipped, "", "", "", fmt.Sprintf(format, args...))
}

// already records a row the clinic already had: imported by an earlier
// run, or (with a reason) matched to one of the clinic's own rows.
func (l *rowLog) already(linkReason string) {
	if l.done {
		return
	}
	l.done = true
	l.c.Already++
	if linkReason != "" {
		l.add(ActLinked, "", "", "", linkReason)
	}
}

// Write saves the report as indented JSON, readable by its owner only.
func (r *Report) Write(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encode report: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// Summary prints the counts per table for a person.
func (r *Report) Summary(w io.Writer) {
	fmt.Fprintf(w, "legacy import into clinic %s (%s): %s\n", r.Clinic, r.ClinicID, r.Outcome)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "legacy table\tinto\tread\timported\tnormalised\tflagged\tskipped\talready imported\tother clinics\t")
	var tot Counts
	for _, c := range r.Tables {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", c.Legacy, c.Into, c.Read, c.Imported,
			c.Normalised, c.Flagged, c.Skipped, c.Already, c.OtherClinics)
		tot.Read += c.Read
		tot.Imported += c.Imported
		tot.Normalised += c.Normalised
		tot.Flagged += c.Flagged
		tot.Skipped += c.Skipped
		tot.Already += c.Already
		tot.OtherClinics += c.OtherClinics
	}
	fmt.Fprintf(tw, "total\t\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", tot.Read, tot.Imported, tot.Normalised,
		tot.Flagged, tot.Skipped, tot.Already, tot.OtherClinics)
	tw.Flush()
}
