// Package clinic holds the business rules of a clinic's day: registering
// and finding patients, the visit queue, consultations, prescriptions, lab
// work, files, staff, catalogs and settings. The web pages and the JSON API
// both call it, so a rule exists once. Every method takes the acting
// store.Scope; isolation itself is PostgreSQL's (row-level security), and
// the rules here are what a clinic expects on top of it.
//
// Methods return the store's error kinds (store.ErrNotFound, …) or the
// errors of this package (FieldErrors, ErrStale, *StateError, *LimitError,
// *DuplicateError); internal/httperr maps both to statuses.
package clinic
