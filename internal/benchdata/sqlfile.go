package benchdata

import (
	"embed"
	"fmt"
	"strings"
)

//go:embed sql/*.sql
var sqlFS embed.FS

// SQL returns the text of an embedded file under sql/.
func SQL(file string) string {
	b, err := sqlFS.ReadFile("sql/" + file)
	if err != nil {
		panic(fmt.Sprintf("benchdata: no embedded sql/%s", file)) // a build-time fact
	}
	return string(b)
}

// Named splits a file of "-- name: X" blocks into statements by name.
func Named(text string) map[string]string {
	out := map[string]string{}
	name := ""
	var b strings.Builder
	flush := func() {
		if name != "" {
			out[name] = strings.TrimSpace(b.String())
		}
		b.Reset()
	}
	for _, line := range strings.Split(text, "\n") {
		if n, ok := strings.CutPrefix(strings.TrimSpace(line), "-- name:"); ok {
			flush()
			name = strings.TrimSpace(n)
			continue
		}
		if name != "" {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	flush()
	return out
}

// Q is the harness statement called name in sql/queries.sql.
func Q(name string) string {
	q, ok := queries[name]
	if !ok {
		panic(fmt.Sprintf("benchdata: no statement %q in sql/queries.sql", name))
	}
	return q
}

var queries = Named(SQL("queries.sql"))
