package benchdata

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// ProductQuery reads query name from the product's queries/*.sql under dir
// and rewrites sqlc's parameters (@x, sqlc.arg(x), sqlc.narg(x)) to $1…
// in order of first use, as sqlc does: EXPLAIN then sees exactly the
// statement the server runs. It returns the statement and the parameter
// names in order.
func ProductQuery(dir, name string) (string, []string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil {
		return "", nil, err
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", nil, err
		}
		for n, q := range Named(string(b)) {
			// "-- name: X :one" — the name is the first word.
			if strings.Fields(n)[0] == name {
				sql, params := sqlcParams(q)
				return sql, params, nil
			}
		}
	}
	return "", nil, fmt.Errorf("no query %q in %s", name, dir)
}

var (
	paramRe = regexp.MustCompile(`sqlc\.n?arg\(\s*'?([a-z_][a-z0-9_]*)'?\s*\)|@([a-z_][a-z0-9_]*)`)
	embedRe = regexp.MustCompile(`sqlc\.embed\(\s*([a-z_][a-z0-9_]*)\s*\)`)
)

func sqlcParams(q string) (string, []string) {
	var names []string
	index := map[string]int{}
	// Comments first: they may hold an @ or a quote.
	var lines []string
	for _, l := range strings.Split(q, "\n") {
		if i := strings.Index(l, "--"); i >= 0 {
			l = l[:i]
		}
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	// sqlc.embed(p) selects p's columns.
	text := embedRe.ReplaceAllString(strings.Join(lines, "\n"), "$1.*")
	out := paramRe.ReplaceAllStringFunc(text, func(m string) string {
		sub := paramRe.FindStringSubmatch(m)
		n := sub[1] + sub[2]
		if _, ok := index[n]; !ok {
			names = append(names, n)
			index[n] = len(names)
		}
		return fmt.Sprintf("$%d", index[n])
	})
	return strings.TrimSuffix(strings.TrimSpace(out), ";"), names
}

// Explain runs EXPLAIN (ANALYZE, BUFFERS) of sql with args through the
// store as scope — the application role, under row-level security, as
// the server runs it — and returns the plan.
func Explain(ctx context.Context, st *store.Store, scope store.Scope, sql string, args ...any) (string, error) {
	var plan []string
	err := st.Read(ctx, scope, func(tx dbsqlc.DBTX) error {
		rows, err := tx.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+sql, args...)
		if err != nil {
			return err
		}
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		plan = lines
		return err
	})
	if err != nil {
		return "", fmt.Errorf("explain: %w", err)
	}
	return strings.Join(plan, "\n"), nil
}
