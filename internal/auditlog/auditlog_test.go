package auditlog_test

import (
	"context"
	"errors"
	"net/netip"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/store"
)

var errRollback = errors.New("rolled back on purpose")

type bundle struct {
	st   *store.Store
	log  *auditlog.Log
	A, B dbtest.Clinic
	// patientA is clinic A's patient linked to its patient user.
	patientA, otherA uuid.UUID
}

func setup(t *testing.T) bundle {
	t.Helper()
	st := dbtest.Store(t)
	b := bundle{st: st, log: auditlog.New(st), A: dbtest.NewClinic(t, st, 2), B: dbtest.NewClinic(t, st, 2)}
	err := st.Read(context.Background(), b.A.Scope(store.RoleAdmin), func(tx dbsqlc.DBTX) error {
		ps, err := st.Queries().ListPatients(context.Background(), tx, clinic.NewestPatients(10))
		for _, p := range ps {
			if p.UserID != nil && *p.UserID == b.A.Users[store.RolePatient].ID {
				b.patientA = p.ID
			} else {
				b.otherA = p.ID
			}
		}
		return err
	})
	if err != nil || b.patientA == uuid.Nil || b.otherA == uuid.Nil {
		t.Fatalf("fixture patients: %v", err)
	}
	return b
}

func list(t *testing.T, b bundle, scope store.Scope, f auditlog.Filter) []auditlog.Entry {
	t.Helper()
	es, err := b.log.List(context.Background(), scope, f)
	if err != nil {
		t.Fatalf("list as %s: %v", scope.Role, err)
	}
	return es
}

func sqlstate(err error) string {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code
	}
	return ""
}

// TestWritesAreRecordedByTheDatabase: a write through the product's
// queries leaves an event naming the writer, the row and the patient; a
// rolled-back write leaves none.
func TestWritesAreRecordedByTheDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	rec := b.A.Scope(store.RoleReceptionist)
	var p dbsqlc.Patient
	err := b.st.Tx(ctx, rec, func(tx dbsqlc.DBTX) error {
		var err error
		p, err = b.st.Queries().RegisterPatient(ctx, tx, dbsqlc.RegisterPatientParams{Name: "Audited Person", Sex: "unknown", BloodGroup: "unknown"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	doc := b.A.Scope(store.RoleDoctor)
	if err := b.st.Tx(ctx, doc, func(tx dbsqlc.DBTX) error {
		_, err := b.st.Queries().UpdatePatientStatus(ctx, tx, dbsqlc.UpdatePatientStatusParams{ID: p.ID, Status: "in_diagnosis"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// Rolled back: no event.
	err = b.st.Tx(ctx, doc, func(tx dbsqlc.DBTX) error {
		if _, err := b.st.Queries().UpdatePatientStatus(ctx, tx, dbsqlc.UpdatePatientStatusParams{ID: p.ID, Status: "discharged"}); err != nil {
			return err
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatal(err)
	}
	es := list(t, b, b.A.Scope(store.RoleAdmin), auditlog.Filter{PatientID: p.ID})
	if len(es) != 2 {
		t.Fatalf("%d events about the new patient, want 2 (create, update): %+v", len(es), es)
	}
	upd, cre := es[0], es[1]
	check := func(e auditlog.Entry, action string, scope store.Scope) {
		t.Helper()
		if e.Action != action || e.ResourceTable == nil || *e.ResourceTable != "patients" || e.ResourceID == nil || *e.ResourceID != p.ID ||
			e.ActorUserID == nil || *e.ActorUserID != scope.UserID || e.ActorRole == nil || *e.ActorRole != string(scope.Role) {
			t.Errorf("event %+v; want %s of patients/%s by %s %s", e, action, p.ID, scope.Role, scope.UserID)
		}
	}
	check(cre, "create", rec)
	check(upd, "update", doc)
	if upd.Seq <= cre.Seq {
		t.Errorf("update seq %d not after create seq %d", upd.Seq, cre.Seq)
	}
	// The counter the registration advanced was recorded too, by the same actor.
	counters := 0
	for _, e := range list(t, b, b.A.Scope(store.RoleAdmin), auditlog.Filter{UserID: rec.UserID, Action: auditlog.ActionUpdate}) {
		if e.ResourceTable != nil && *e.ResourceTable == "clinic_counters" {
			counters++
		}
	}
	if counters != 1 {
		t.Errorf("%d counter updates by the receptionist, want 1", counters)
	}
	// Clinic B's log has none of it.
	if es := list(t, b, b.B.Scope(store.RoleAdmin), auditlog.Filter{PatientID: p.ID}); len(es) != 0 {
		t.Errorf("clinic B sees %d events about A's patient", len(es))
	}
}

// TestReadsAreVisibleToAdminAndThePatientOnly: the application's read
// events; who may read the log.
func TestReadsAreVisibleToAdminAndThePatientOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	doc := b.A.Scope(store.RoleDoctor)
	req := auditlog.Request{IP: netip.MustParseAddr("203.0.113.7"), UserAgent: "test-agent", RequestID: "req-1"}
	for _, id := range []uuid.UUID{b.patientA, b.otherA} {
		err := b.st.Tx(ctx, doc, func(tx dbsqlc.DBTX) error {
			if _, err := b.st.Queries().GetPatient(ctx, tx, id); err != nil {
				return err
			}
			return auditlog.RecordRead(ctx, tx, req, auditlog.Resource{Table: "patients", ID: id, PatientID: id})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	reads := auditlog.Filter{Action: auditlog.ActionRead}
	admin := list(t, b, b.A.Scope(store.RoleAdmin), reads)
	if len(admin) != 2 {
		t.Fatalf("admin sees %d reads, want 2", len(admin))
	}
	e := admin[0]
	if e.Ip == nil || e.Ip.String() != "203.0.113.7" || e.UserAgent == nil || *e.UserAgent != "test-agent" ||
		e.RequestID == nil || *e.RequestID != "req-1" || e.ActorName == nil || *e.ActorName != b.A.Users[store.RoleDoctor].DisplayName {
		t.Errorf("read event %+v lacks the request or the actor's name", e)
	}
	for _, r := range []store.Role{store.RoleDoctor, store.RoleReceptionist, store.RoleLabTech} {
		if es := list(t, b, b.A.Scope(r), auditlog.Filter{}); len(es) != 0 {
			t.Errorf("%s sees %d events of the log, want 0", r, len(es))
		}
	}
	own, err := b.log.ListOwnRecord(ctx, b.A.Scope(store.RolePatient), reads)
	if err != nil {
		t.Fatal(err)
	}
	if len(own) != 1 || own[0].PatientID == nil || *own[0].PatientID != b.patientA {
		t.Errorf("patient sees %d reads (%+v), want the 1 of their own record", len(own), own)
	}
	// Even asking for the other patient, the database shows nothing.
	if es := list(t, b, b.A.Scope(store.RolePatient), auditlog.Filter{PatientID: b.otherA}); len(es) != 0 {
		t.Errorf("patient sees %d events about another patient", len(es))
	}
}

// TestEventsCannotBeForgedChangedOrMoved attacks the table from a raw
// connection as the application role.
func TestEventsCannotBeForgedChangedOrMoved(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	conn := dbtest.Conn(t, dbtest.AppURL())
	as := func(c dbtest.Clinic, r store.Role, fn func(tx pgx.Tx) error) error {
		tx, err := conn.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = tx.Rollback(ctx) }()
		sc := dbtest.SignedContext(t, conn, c.ID.String(), c.Users[r].ID.String(), string(r))
		if _, err := tx.Exec(ctx, `SELECT set_config('app.context', $1, true)`, sc); err != nil {
			t.Fatal(err)
		}
		if err := fn(tx); err != nil {
			return err
		}
		return tx.Commit(ctx)
	}
	attacks := []struct {
		name string
		sql  string
		args []any
		want string // SQLSTATE
	}{
		{"insert into clinic B", `INSERT INTO audit_events (clinic_id, action) VALUES ($1, 'read')`, []any{b.B.ID}, "42501"},
		{"update an event", `UPDATE audit_events SET outcome = 'failure'`, nil, "42501"},
		{"delete events", `DELETE FROM audit_events`, nil, "42501"},
		{"truncate the log", `TRUNCATE audit_events`, nil, "42501"},
		{"move events to B", `UPDATE audit_events SET clinic_id = $1`, []any{b.B.ID}, "42501"},
	}
	for _, a := range attacks {
		err := as(b.A, store.RoleAdmin, func(tx pgx.Tx) error { _, err := tx.Exec(ctx, a.sql, a.args...); return err })
		if sqlstate(err) != a.want {
			t.Errorf("%s: %v, want SQLSTATE %s", a.name, err, a.want)
		}
	}
	// Without a context: no rows, no insert.
	var n int64
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM audit_events`).Scan(&n); err != nil || n != 0 {
		t.Errorf("without context: %d events, %v; want 0", n, err)
	}
	if _, err := conn.Exec(ctx, `INSERT INTO audit_events (clinic_id, action) VALUES ($1, 'read')`, b.A.ID); sqlstate(err) != "42501" {
		t.Errorf("insert without context: %v, want 42501", err)
	}
	// An insert naming another actor and its own chain is stamped with the
	// context's actor and the real chain.
	victim := b.A.Users[store.RoleAdmin].ID
	err := as(b.A, store.RoleLabTech, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO audit_events (action, actor_user_id, actor_role, seq, prev_hash, hash, occurred_at, detail)
			VALUES ('read', $1, 'admin', 1, '\x00', '\x00', '2000-01-01', 'forged')`, victim)
		return err
	})
	if err != nil {
		t.Fatalf("lab_tech records a read: %v", err)
	}
	var forged auditlog.Entry
	for _, e := range list(t, b, b.A.Scope(store.RoleAdmin), auditlog.Filter{Action: auditlog.ActionRead}) {
		if e.Detail == "forged" {
			forged = e
		}
	}
	if forged.ActorUserID == nil || *forged.ActorUserID != b.A.Users[store.RoleLabTech].ID || forged.ActorRole == nil ||
		*forged.ActorRole != "lab_tech" || forged.OccurredAt.Year() < 2026 || forged.Seq < 2 {
		t.Errorf("forged event stored as %+v; want the lab_tech as actor, now as time, the next seq", forged)
	}
	owner := dbtest.Conn(t, dbtest.OwnerURL())
	chains, err := auditlog.Verify(ctx, owner, b.A.Slug)
	if err != nil || len(chains) != 1 || !chains[0].OK() {
		t.Errorf("after the forgery attempt the chain must verify: %+v, %v", chains, err)
	}
	// The owner matches no policy (FORCE): its UPDATE touches nothing; a
	// superuser's is refused by the append-only trigger.
	tag, err := owner.Exec(ctx, `UPDATE audit_events SET outcome = 'failure' WHERE clinic_id = $1`, b.A.ID)
	if err != nil || tag.RowsAffected() != 0 {
		t.Errorf("owner UPDATE: %v rows, %v; want 0 rows", tag.RowsAffected(), err)
	}
	su := dbtest.Conn(t, dbtest.SuperuserURL())
	if _, err := su.Exec(ctx, `UPDATE audit_events SET outcome = 'failure' WHERE clinic_id = $1`, b.A.ID); sqlstate(err) != "42501" {
		t.Errorf("superuser UPDATE: %v, want the append-only trigger's 42501", err)
	}
	if _, err := su.Exec(ctx, `DELETE FROM audit_events WHERE clinic_id = $1`, b.A.ID); sqlstate(err) != "42501" {
		t.Errorf("superuser DELETE: %v, want the append-only trigger's 42501", err)
	}
}

// TestVerifyNamesTheFirstBrokenLink: the chain of a seeded clinic
// verifies; an event edited by the owner (an insider who lifts the
// table's protections for a moment) breaks it at that event.
func TestVerifyNamesTheFirstBrokenLink(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	owner := dbtest.Conn(t, dbtest.OwnerURL())
	chains, err := auditlog.Verify(ctx, owner, b.A.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if len(chains) != 1 || !chains[0].OK() || chains[0].Events < 50 || chains[0].HeadSeq != chains[0].Events {
		t.Fatalf("control: %+v; want one intact chain of the seeded events", chains)
	}
	n := chains[0].Events
	Tamper(t, owner, b.A.ID, 7, `actor_role = 'doctor'`)
	chains, err = auditlog.Verify(ctx, owner, b.A.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if len(chains) != 1 || chains[0].OK() || chains[0].Broken.Seq != 7 || chains[0].Events != n {
		t.Fatalf("after editing seq 7: %+v; want broken at 7", chains)
	}
	// B is untouched, and verifying everything reports both.
	all, err := auditlog.Verify(ctx, owner, "")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range all {
		if c.ClinicSlug == b.A.Slug || c.ClinicSlug == b.B.Slug {
			seen[c.ClinicSlug] = c.OK()
		}
	}
	if ok, found := seen[b.A.Slug]; !found || ok {
		t.Errorf("verify of every clinic: A ok=%v found=%v; want broken", ok, found)
	}
	if ok := seen[b.B.Slug]; !ok {
		t.Errorf("verify of every clinic: B must be intact")
	}
	// The application role cannot read the chain at all.
	app := dbtest.Conn(t, dbtest.AppURL())
	if _, err := auditlog.Verify(ctx, app, b.A.Slug); sqlstate(err) != "42501" {
		t.Errorf("verify as the application role: %v, want 42501", err)
	}
}

// Tamper edits the event seq of clinic as the owner, lifting the table's
// protections inside the transaction (an insider DBA).
func Tamper(t *testing.T, owner *pgx.Conn, clinic uuid.UUID, seq int, set string) {
	t.Helper()
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, owner, func(tx pgx.Tx) error {
		for _, s := range []string{
			`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`,
			`ALTER TABLE audit_events NO FORCE ROW LEVEL SECURITY`,
		} {
			if _, err := tx.Exec(ctx, s); err != nil {
				return err
			}
		}
		tag, err := tx.Exec(ctx, `UPDATE audit_events SET `+set+` WHERE clinic_id = $1 AND seq = $2`, clinic, seq)
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 1 {
			return errors.New("tamper: no such event")
		}
		for _, s := range []string{
			`ALTER TABLE audit_events FORCE ROW LEVEL SECURITY`,
			`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`,
		} {
			if _, err := tx.Exec(ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("tamper: %v", err)
	}
}

// TestConcurrentAppendsKeepOneChain: writers in parallel in one clinic
// never fork its chain.
func TestConcurrentAppendsKeepOneChain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := []store.Role{store.RoleDoctor, store.RoleReceptionist, store.RoleLabTech, store.RolePatient}[i%4]
			errs <- b.log.RecordIn(ctx, b.A.Scope(r), auditlog.Event{Action: auditlog.ActionRead,
				Resource: auditlog.Resource{Table: "patients", ID: b.patientA, PatientID: b.patientA}})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	chains, err := auditlog.Verify(ctx, dbtest.Conn(t, dbtest.OwnerURL()), b.A.Slug)
	if err != nil || len(chains) != 1 || !chains[0].OK() {
		t.Fatalf("after 40 concurrent appends: %+v, %v", chains, err)
	}
	if got := list(t, b, b.A.Scope(store.RoleAdmin), auditlog.Filter{Action: auditlog.ActionRead, Limit: 100}); len(got) != 40 {
		t.Errorf("%d read events, want 40", len(got))
	}
}

// TestFailedAccessIsRecordedAgainstTheClinic: a refused outsider's request
// lands in the clinic's log with its identity; an unknown slug records
// nothing and is no error.
func TestFailedAccessIsRecordedAgainstTheClinic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	req := auditlog.Request{IP: netip.MustParseAddr("2001:db8::5"), RequestID: "r-9"}
	if err := b.log.RecordFailedAccess(ctx, b.A.Slug, "https://idp.example", "outsider", "GET /clinic/x/", req); err != nil {
		t.Fatal(err)
	}
	if err := b.log.RecordFailedAccess(ctx, "no-such-clinic-"+b.A.Slug, "https://idp.example", "outsider", "GET /", req); err != nil {
		t.Fatal(err)
	}
	es := list(t, b, b.A.Scope(store.RoleAdmin), auditlog.Filter{Action: auditlog.ActionFailedAccess})
	if len(es) != 1 || es[0].IdentitySubject == nil || *es[0].IdentitySubject != "outsider" || es[0].Outcome != "denied" ||
		es[0].ActorUserID != nil || es[0].Ip == nil || es[0].Ip.String() != "2001:db8::5" {
		t.Fatalf("failed access events %+v", es)
	}
	if es := list(t, b, b.B.Scope(store.RoleAdmin), auditlog.Filter{Action: auditlog.ActionFailedAccess}); len(es) != 0 {
		t.Errorf("B got %d failed-access events", len(es))
	}
}

// goldenEvent is one event with every kind of field: NULLs, a time zone
// other than UTC, an address, multi-byte text. goldenText is its canonical
// text as the first version of app.audit_event_text wrote it: every hash
// in every chain covers text of this form, so it must never change.
const (
	goldenEvent = `ROW('11111111-1111-4111-8111-111111111111'::uuid, '22222222-2222-4222-8222-222222222222'::uuid, 7::bigint,
		'2026-11-30 10:20:30.123456+05:30'::timestamptz, NULL::uuid, 'doctor', 'https://idp.example', NULL,
		'update', 'patients', '33333333-3333-4333-8333-333333333333'::uuid, NULL::uuid, '10.0.0.1'::inet,
		'agent ä', 'req-1', 'success', 'détail', '\x00'::bytea, '\x00'::bytea)::public.audit_events`
	goldenText = "v1\n36:11111111-1111-4111-8111-111111111111\n36:22222222-2222-4222-8222-222222222222\n1:7\n" +
		"27:2026-11-30T04:50:30.123456Z\n-\n6:doctor\n19:https://idp.example\n-\n6:update\n8:patients\n" +
		"36:33333333-3333-4333-8333-333333333333\n-\n11:10.0.0.1/32\n8:agent ä\n5:req-1\n7:success\n7:détail"
)

// TestCanonicalTextIsStable: the canonical text of an event is the one the
// chains were written with.
func TestCanonicalTextIsStable(t *testing.T) {
	t.Parallel()
	owner := dbtest.Conn(t, dbtest.OwnerURL())
	var got string
	if err := owner.QueryRow(context.Background(), `SELECT app.audit_event_text(`+goldenEvent+`)`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != goldenText {
		t.Fatalf("canonical text changed:\n got %q\nwant %q", got, goldenText)
	}
}

// TestCallersSearchPathCannotChangeStoredHashes: app.audit_event_text is
// inlined into its callers and so parsed under their search_path. A
// session whose search_path puts a function of its own ahead of
// pg_catalog changes the text it computes itself, but not the hash the
// database stores for its writes, nor what verification reads back: both
// are computed by SECURITY DEFINER functions that pin search_path.
func TestCallersSearchPathCannotChangeStoredHashes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	su := dbtest.Conn(t, dbtest.SuperuserURL())
	tx, err := su.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	// The shadowing schema is usable by every role, the functions' owner
	// included: only a pinned search_path keeps it out.
	for _, s := range []string{
		`CREATE SCHEMA zz_shadow`,
		`CREATE FUNCTION zz_shadow.octet_length(text) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 0'`,
		`GRANT USAGE ON SCHEMA zz_shadow TO PUBLIC`,
		`SET LOCAL search_path = zz_shadow, pg_catalog, public`,
	} {
		if _, err := tx.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	// The shadow takes effect for the session's own call.
	var own string
	if err := tx.QueryRow(ctx, `SELECT app.audit_event_text(`+goldenEvent+`)`).Scan(&own); err != nil {
		t.Fatal(err)
	}
	if own == goldenText {
		t.Fatal("control: the session's search_path did not reach its own call; the test proves nothing")
	}
	// A write as the application role under that search_path.
	sc := dbtest.SignedContext(t, su, b.A.ID.String(), b.A.Users[store.RoleAdmin].ID.String(), string(store.RoleAdmin))
	var seq int64
	err = errors.Join(
		func() error { _, err := tx.Exec(ctx, `SET LOCAL ROLE santkrupa_app`); return err }(),
		func() error { _, err := tx.Exec(ctx, `SELECT set_config('app.context', $1, true)`, sc); return err }(),
		tx.QueryRow(ctx, `INSERT INTO audit_events (action, detail) VALUES ('read', 'shadowed') RETURNING seq`).Scan(&seq),
		func() error { _, err := tx.Exec(ctx, `RESET ROLE`); return err }(),
	)
	if err != nil {
		t.Fatalf("write under the shadowing search_path: %v", err)
	}
	chains, err := auditlog.Verify(ctx, tx, b.A.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if len(chains) != 1 || !chains[0].OK() || chains[0].HeadSeq != seq {
		t.Fatalf("chain after the shadowed write: %+v; want intact up to seq %d", chains, seq)
	}
}
