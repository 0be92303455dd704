// Package auditlog is the access log (PHI audit): who did what to which
// record of which patient, when, from where, with what outcome.
//
// Writes to clinic tables are recorded by the database itself (an AFTER
// trigger on every clinic table, in the writer's transaction), so no code
// path can skip them. What only the application sees is recorded here:
// reads of a patient's chart, report downloads and exports (RecordRead,
// RecordExport), logins (RecordLogin) and refused requests
// (RecordFailedAccess, RecordDenied). Events are append-only and form one
// hash chain per clinic; Verify recomputes the chains.
//
// Calling RecordRead: a handler that shows a patient's chart (or serves a
// report file) records the read in the same store.Tx that reads the data,
// so that data is never shown without its event:
//
//	err := st.Tx(ctx, actor.Scope, func(tx dbsqlc.DBTX) error {
//		p, err := q.GetPatient(ctx, tx, id)
//		if err != nil {
//			return err
//		}
//		return auditlog.RecordRead(ctx, tx, auditlog.FromRequest(r), auditlog.Resource{
//			Table: "patients", ID: p.ID, PatientID: p.ID})
//	})
//
// store.Read cannot be used for such handlers: its transactions are
// read-only, and the event is a write.
package auditlog
