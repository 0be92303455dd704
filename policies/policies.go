// Package policies embeds the row-level-security policies, one SQL file per
// table, so that `santkrupa migrate` applies exactly what a DBA reviewed.
package policies

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
)

//go:embed *.sql
var files embed.FS

// File is one policy file: its name and its SQL.
type File struct {
	Name string
	SQL  string
}

// Files returns the policy files in the order they are applied: by name,
// so 00_reset.sql runs first.
func Files() ([]File, error) {
	names, err := fs.Glob(files, "*.sql")
	if err != nil {
		return nil, fmt.Errorf("list policies: %w", err)
	}
	sort.Strings(names)
	out := make([]File, 0, len(names))
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("read policy %s: %w", n, err)
		}
		out = append(out, File{Name: n, SQL: string(b)})
	}
	return out, nil
}
