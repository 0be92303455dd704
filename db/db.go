// Package db holds the schema: dbmate migrations (embedded in the binary so
// that `santkrupa migrate` needs no files beside it), the superuser
// bootstrap and the committed schema dump that sqlc reads.
package db

import "embed"

// Migrations is the migrations folder, in dbmate's format.
//
//go:embed migrations/*.sql
var Migrations embed.FS
