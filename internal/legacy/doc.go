// Package legacy brings a clinic over from the Django "Santkrupa Healthcare
// Tracker", the single-tenant application Santkrupa replaces. It reads the
// tracker's database (SQLite or PostgreSQL, through database/sql), maps
// each legacy row onto Santkrupa's schema, normalises what is clearly
// normalisable (phones, free-text vitals, durations) and reports every row
// it changed or skipped, with the reason.
//
// The import writes through internal/store only: one store.Tx acting as the
// target clinic's admin, so row-level security holds the importer like any
// other writer and it cannot touch another clinic. One transaction means
// all or nothing; every imported row keeps its legacy id (legacy_id, unique
// per clinic), so a second run imports nothing twice.
//
// The mapping rules, and why each was chosen, are in docs/migrating.md.
package legacy
