// Command dbgen migrates a database and dumps db/schema.sql for `make
// generate`. It depends on the migrations alone, so the schema can be
// regenerated while the code that will use a new query does not compile
// yet (sqlc has not generated it).
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/santkrupa/santkrupa/internal/migrate"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: dbgen OWNER_DATABASE_URL SCHEMA_FILE")
		os.Exit(2)
	}
	if err := migrate.Run(context.Background(), os.Args[1], nil, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "dbgen:", err)
		os.Exit(1)
	}
	if err := migrate.DumpSchema(os.Args[1], os.Args[2], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "dbgen:", err)
		os.Exit(1)
	}
}
