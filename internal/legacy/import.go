package legacy

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // clinic time zones resolve on any machine

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Options say where an import goes and how it runs.
type Options struct {
	// Clinic is the target clinic's slug. It is created from the legacy
	// hospital_clinic row when no active clinic has it.
	Clinic string
	// Code is a new clinic's patient-number code (PT-{CODE}-…); by default
	// the slug's letters and digits, upper-cased, at most 12.
	Code string
	// Timezone is a new clinic's time zone; by default Asia/Kolkata, the
	// tracker's TIME_ZONE.
	Timezone string
	// LegacyClinic is the hospital_clinic id to import. It may be left 0
	// only when the legacy database has at most one clinic.
	LegacyClinic int64
	// MediaDir is the tracker's MEDIA_ROOT, where uploaded files are; empty
	// when the files are not brought over.
	MediaDir string
	// DryRun runs the whole import and rolls it back.
	DryRun bool
	// Source describes the legacy database in the report.
	Source string
	// Progress, when set, is told about every row.
	Progress Progress
}

// ErrChooseClinic means the legacy database holds several clinics and
// Options.LegacyClinic does not name one of them.
var ErrChooseClinic = errors.New("choose the legacy clinic to import")

// errDryRun ends a dry run's transaction: the store rolls back on any error.
var errDryRun = errors.New("dry run: rolled back")

const defaultTimezone = "Asia/Kolkata"

var slugRe = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

// Import brings the legacy clinic into the Santkrupa clinic opt.Clinic, in
// one transaction acting as that clinic's admin (no user): all of it or,
// on any error, none of it. It returns the report in every case; for a
// dry run the report is what a real run would have done.
func Import(ctx context.Context, st *store.Store, src *Source, opt Options) (*Report, error) {
	rep := &Report{Source: opt.Source, Clinic: opt.Clinic, DryRun: opt.DryRun, Started: time.Now().UTC()}
	fail := func(err error) (*Report, error) {
		rep.Finished = time.Now().UTC()
		rep.Outcome = "failed: " + err.Error()
		return rep, err
	}
	if !slugRe.MatchString(opt.Clinic) || len(opt.Clinic) > 63 {
		return fail(fmt.Errorf("clinic slug %q: lower-case letters, digits and dashes only", opt.Clinic))
	}
	legacyClinic, err := chooseClinic(src, opt.LegacyClinic)
	if err != nil {
		return fail(err)
	}
	if legacyClinic != nil {
		rep.LegacyClinicID = legacyClinic.ID
	}
	if opt.MediaDir != "" {
		if fi, err := os.Stat(opt.MediaDir); err != nil || !fi.IsDir() {
			return fail(fmt.Errorf("media directory %s: not a readable directory", opt.MediaDir))
		}
	}

	create := false
	clinicID, err := st.ClinicIDBySlug(ctx, opt.Clinic)
	switch {
	case errors.Is(err, store.ErrNotFound):
		if legacyClinic == nil {
			return fail(fmt.Errorf("clinic %q does not exist and the legacy database has no clinic to create it from: create it first", opt.Clinic))
		}
		create = true
		clinicID = uuid.New()
	case err != nil:
		return fail(fmt.Errorf("find clinic %q: %w", opt.Clinic, err))
	}
	rep.ClinicID = clinicID
	rep.ClinicCreated = create

	prog := opt.Progress
	if prog == nil {
		prog = noProgress{}
	}
	scope := store.Scope{ClinicID: clinicID, Role: store.RoleAdmin}
	err = st.Tx(ctx, scope, func(tx dbsqlc.DBTX) error {
		r := &run{ctx: ctx, q: st.Queries(), tx: tx, src: src, opt: opt, rep: rep, prog: prog,
			legacy: legacyClinic, adoptNull: len(src.Clinics) <= 1, clinicID: clinicID}
		if err := r.all(create); err != nil {
			return err
		}
		if opt.DryRun {
			return errDryRun
		}
		return nil
	})
	rep.Finished = time.Now().UTC()
	switch {
	case errors.Is(err, errDryRun):
		rep.Outcome = "rolled back (dry run)"
		return rep, nil
	case err != nil:
		if create && strings.Contains(err.Error(), "clinics_slug_key") {
			err = fmt.Errorf("%w (a clinic with slug %q exists but is inactive: reactivate it first)", err, opt.Clinic)
		}
		rep.Outcome = "failed: " + err.Error()
		return rep, err
	}
	rep.Outcome = "committed"
	return rep, nil
}

// chooseClinic picks the hospital_clinic row to import: the one named, or
// the only one. With several and none named it refuses: which clinic a
// row belongs to is never guessed.
func chooseClinic(src *Source, id int64) (*Clinic, error) {
	if id != 0 {
		for i := range src.Clinics {
			if src.Clinics[i].ID == id {
				return &src.Clinics[i], nil
			}
		}
		return nil, fmt.Errorf("%w: the legacy database has no clinic %d (it has %s)", ErrChooseClinic, id, clinicList(src))
	}
	switch len(src.Clinics) {
	case 0:
		return nil, nil
	case 1:
		return &src.Clinics[0], nil
	}
	return nil, fmt.Errorf("%w: the legacy database has %d clinics (%s); name one with --legacy-clinic ID",
		ErrChooseClinic, len(src.Clinics), clinicList(src))
}

func clinicList(src *Source) string {
	if len(src.Clinics) == 0 {
		return "none"
	}
	var parts []string
	for _, c := range src.Clinics {
		parts = append(parts, fmt.Sprintf("%d %s %q", c.ID, c.Slug, c.Name))
	}
	return strings.Join(parts, ", ")
}

// run is one import's state, inside its transaction.
type run struct {
	ctx  context.Context
	q    *dbsqlc.Queries
	tx   dbsqlc.DBTX
	src  *Source
	opt  Options
	rep  *Report
	prog Progress

	legacy    *Clinic // nil: the legacy database has no clinics
	adoptNull bool    // NULL-clinic rows belong to the one clinic there is
	clinicID  uuid.UUID
	loc       *time.Location
	media     *os.Root

	// ids are the legacy ids the clinic already holds, per Santkrupa table.
	ids map[string]map[string]uuid.UUID

	users         map[int64]uuid.UUID
	doctors       map[int64]doctorRef
	patients      map[int64]uuid.UUID
	visits        map[int64]uuid.UUID
	prescriptions map[int64]rxRef
	medicines     map[string][]uuid.UUID // by lower-case name
	catalog       map[string]uuid.UUID   // by lower-case name
	placeholder   *doctorRef
}

type doctorRef struct{ id, user uuid.UUID }

// rxRef is what the children of a prescription need from it.
type rxRef struct {
	id, patient, author uuid.UUID
	visit               *uuid.UUID
	final               bool
	date                time.Time
}

func (r *run) all(create bool) error {
	if r.opt.MediaDir != "" {
		root, err := os.OpenRoot(r.opt.MediaDir)
		if err != nil {
			return fmt.Errorf("open media directory: %w", err)
		}
		defer root.Close()
		r.media = root
	}
	if err := r.clinic(create); err != nil {
		return err
	}
	if err := r.loadExisting(); err != nil {
		return err
	}
	r.prog.Start(r.total())
	defer r.prog.Done()
	steps := []func() error{r.importUsers, r.importDoctors, r.importMedicines, r.importCatalog,
		r.importPatients, r.importVisits, r.importPrescriptions, r.importLines, r.importTests,
		r.importTestReports, r.importNotes, r.importMedicalReports, r.reportUnmapped}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// total is every legacy row the import looks at, for the progress bar.
func (r *run) total() int {
	s := r.src
	n := len(s.Users) + len(s.Doctors) + len(s.Patients) + len(s.Visits) + len(s.Prescriptions) +
		len(s.Vitals) + len(s.Lines) + len(s.MasterMedicines) + len(s.MasterTests) + len(s.Tests) +
		len(s.Notes) + len(s.MedicalReports) + len(s.TestReports)
	for _, u := range s.Unmapped {
		n += len(u)
	}
	return n
}

// take starts the report of one legacy row, applying the clinic rule:
// rows of another legacy clinic are counted but not read (nil); rows with
// a NULL clinic belong to the legacy clinic only when the legacy database
// has one clinic (reported), and are skipped otherwise. Check done before
// using the row.
func (r *run) take(c *Counts, id string, clinic *int64) *rowLog {
	r.prog.Step(c.Legacy)
	if clinic != nil && (r.legacy == nil || *clinic != r.legacy.ID) {
		c.OtherClinics++
		return nil
	}
	l := r.rep.rowID(c, id)
	if clinic == nil {
		if !r.adoptNull {
			l.skip("clinic_id is NULL and the legacy database has %d clinics: not assigned to any by guessing", len(r.src.Clinics))
			return l
		}
		to, why := "(this import)", "written before the tracker had clinics; the legacy database has no clinic, so every row is this clinic's"
		if r.legacy != nil {
			to = fmt.Sprint(r.legacy.ID)
			why = "written before the tracker had clinics; the legacy database has exactly one clinic"
		}
		l.fix(&change{Field: "clinic_id", From: "NULL", To: to, Reason: why})
	}
	return l
}

// clinic creates the target clinic from the legacy one, or reads the
// existing one (whose details are left alone), and takes its time zone.
func (r *run) clinic(create bool) error {
	c := r.rep.counts("hospital_clinic", "clinics")
	var l *rowLog
	if r.legacy != nil {
		l = r.rep.row(c, r.legacy.ID)
	}
	if create {
		lc := r.legacy
		code, err := clinicCode(r.opt.Code, r.opt.Clinic)
		if err != nil {
			return err
		}
		tz := r.opt.Timezone
		if tz == "" {
			tz = defaultTimezone
		}
		if _, err := time.LoadLocation(tz); err != nil {
			return fmt.Errorf("time zone %q: %w", tz, err)
		}
		name, ch := normName("name", lc.Name)
		l.fix(ch)
		if name == "" {
			name = r.opt.Clinic
			l.note("name", "the legacy clinic has no name; the slug is used")
		}
		phone, ch := normPhone("phone_number", lc.Phone)
		l.fix(ch)
		phone, ch = clip("phone_number", phone, 30)
		l.fix(ch)
		status, ch := normSubscription(lc.SubscriptionStatus)
		l.fix(ch)
		if lc.Slug != r.opt.Clinic {
			l.fix(&change{Field: "slug", From: lc.Slug, To: r.opt.Clinic, Reason: "the clinic is created with the slug given to the import"})
		}
		for _, f := range []struct{ field, v string }{{"logo", lc.Logo}, {"website", lc.Website}} {
			if strings.TrimSpace(f.v) != "" {
				l.fix(&change{Field: f.field, From: f.v, Reason: "Santkrupa keeps no " + f.field + " for a clinic; not carried over"})
			}
		}
		if !lc.Active {
			l.note("is_active", "the legacy clinic is inactive; it is created active so it can be used")
		}
		text := func(field, s string, n int) string {
			out, ch := clip(field, cleanText(s), n)
			l.fix(ch)
			return out
		}
		_, err = r.q.CreateClinic(r.ctx, r.tx, dbsqlc.CreateClinicParams{
			Name: text("name", name, 200), Slug: r.opt.Clinic, Code: code,
			Address: text("address", lc.Address, 500), City: text("city", lc.City, 100),
			State: text("state", lc.State, 100), PostalCode: text("zip_code", lc.Zip, 20), Phone: phone,
			Email: text("email", lc.Email, 254), RegistrationNumber: text("registration_number", lc.RegistrationNumber, 100),
			Timezone: tz, SubscriptionStatus: status, MaxDoctors: limit(lc.MaxDoctors),
			MaxPatients: limit(lc.MaxPatients), MaxReceptionists: limit(lc.MaxReceptionists),
		})
		if err != nil {
			return fmt.Errorf("create clinic %s: %w", r.opt.Clinic, err)
		}
		l.add(ActCreated, "", "", "", fmt.Sprintf("clinic %s created with patient-number code %s", r.opt.Clinic, code))
		l.imported()
	} else if l != nil {
		l.already(fmt.Sprintf("clinic %s exists; its details are left as they are", r.opt.Clinic))
	}
	cl, err := r.q.GetCurrentClinic(r.ctx, r.tx)
	if err != nil {
		return fmt.Errorf("read clinic: %w", err)
	}
	loc, err := time.LoadLocation(cl.Timezone)
	if err != nil {
		return fmt.Errorf("clinic time zone %q: %w", cl.Timezone, err)
	}
	r.loc = loc
	return nil
}

// clinicCode is the patient-number code for a new clinic.
func clinicCode(code, slug string) (string, error) {
	if code == "" {
		var b strings.Builder
		for _, ch := range strings.ToUpper(slug) {
			if (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') {
				b.WriteRune(ch)
			}
		}
		code = b.String()
		if len(code) > 12 {
			code = code[:12]
		}
	}
	if !regexp.MustCompile(`^[A-Z0-9]{2,12}$`).MatchString(code) {
		return "", fmt.Errorf("clinic code %q: 2 to 12 upper-case letters or digits (set it with --code)", code)
	}
	return code, nil
}

func limit(n int64) int32 {
	if n < 0 {
		return 0
	}
	if n > 1<<31-1 {
		return 1<<31 - 1
	}
	return int32(n)
}

// loadExisting reads the legacy ids the clinic already holds.
func (r *run) loadExisting() error {
	rows, err := r.q.LegacyIDs(r.ctx, r.tx)
	if err != nil {
		return fmt.Errorf("read imported legacy ids: %w", err)
	}
	r.ids = map[string]map[string]uuid.UUID{}
	for _, row := range rows {
		if r.ids[row.TableName] == nil {
			r.ids[row.TableName] = map[string]uuid.UUID{}
		}
		r.ids[row.TableName][row.LegacyID] = row.ID
	}
	r.users = map[int64]uuid.UUID{}
	r.doctors = map[int64]doctorRef{}
	r.patients = map[int64]uuid.UUID{}
	r.visits = map[int64]uuid.UUID{}
	r.prescriptions = map[int64]rxRef{}
	r.medicines = map[string][]uuid.UUID{}
	r.catalog = map[string]uuid.UUID{}
	return nil
}

// existing returns the id a legacy row already has in table.
func (r *run) existing(table, legacyID string) (uuid.UUID, bool) {
	id, ok := r.ids[table][legacyID]
	return id, ok
}

func ptr[T any](v T) *T { return &v }

func lid(id int64) string { return fmt.Sprint(id) }
