// Package store is the only door to clinic data. Every transaction it opens
// first sets the clinic context (clinic, acting user, role) with
// set_config(…, true), pipelined into the same round trip as the first
// statement, so row-level security in PostgreSQL scopes everything that
// follows and nothing survives the commit. Queries are sqlc's (package
// dbsqlc); the transaction is passed to them explicitly.
//
// Round trips: Read costs one per statement (each runs as its own implicit,
// read-only transaction); Tx costs one per statement plus one for COMMIT.
package store
