// Package policyaudit checks a live database against the isolation
// invariants of DESIGN.md, from the catalog alone (`santkrupa policy
// audit`), and compares the live policies, row-level-security flags,
// grants and SECURITY DEFINER functions with what policies/ defines
// (`santkrupa policy diff`).
//
// Both read the catalog through the sqlc queries of queries/audit.sql; the
// audit changes nothing, and the diff applies policies/ inside a
// transaction that it always rolls back.
package policyaudit
