// Package benchdata makes the benchmark data set of `make bench`: many
// clinics of realistic size (the wide set), one very large clinic (the
// deep set) and one small clinic to compare it with, generated from a
// seed so that every run and every machine gets the same rows.
//
// Rows are written with COPY, which PostgreSQL refuses for any role that
// row-level security holds ("COPY FROM not supported with row-level
// security"): the application role and the schema owner (FORCE ROW LEVEL
// SECURITY) both are. The loader therefore connects as a superuser, in the
// benchmark database only, and each load transaction sets
// session_replication_role = replica, which skips the tables' triggers:
//
//   - the audit triggers (app.audit_row_change): the generated history was
//     not acted by anyone, so "created by nobody" events would be noise,
//     and they would double the rows written and serialise every clinic's
//     load on its chain lock. audit_events grows only with the writes of
//     the load run itself (docs/scaling.md estimates its share from them);
//   - the foreign-key triggers: checked row by row they cost more than the
//     COPY itself. Verify runs every foreign key of the schema as one
//     set-based anti-join after loading instead, so the data is proven to
//     satisfy them all (CHECK, NOT NULL and UNIQUE constraints are checked
//     during COPY as always; updated_at triggers fire on UPDATE only).
//
// Ids are derived, not random: a row's id is the MD5 of
// "<tag>:<kind>:<clinic slug>:<index>" read as a UUID, so the load
// generator and pgbench scripts (md5(...)::uuid) name any generated row
// without asking the database. They look as random as version-4 UUIDs to
// the indexes.
package benchdata
