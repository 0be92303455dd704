package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/santkrupa/santkrupa/internal/benchreport"
)

// reportCmd merges the run's results, the Go benchmarks' output and the
// soak's outcome (each optional but the first) into docs/benchmarks.md and
// its chart.
func reportCmd(_ context.Context, args []string, _ env, out io.Writer) error {
	fl := flag.NewFlagSet("report", flag.ContinueOnError)
	dir := fl.String("in", "bin/bench", "directory of results.json, gobench.txt and soak.json")
	md := fl.String("out", "docs/benchmarks.md", "the report")
	png := fl.String("chart", "docs/benchmarks.png", "the chart")
	if err := fl.Parse(args); err != nil {
		return errUsage
	}
	r, err := benchreport.Load(filepath.Join(*dir, "results.json"))
	if err != nil {
		return err
	}
	if f, err := os.Open(filepath.Join(*dir, "gobench.txt")); err == nil {
		r.GoBench, err = benchreport.ParseGoBench(f)
		f.Close()
		if err != nil {
			return err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if b, err := os.ReadFile(filepath.Join(*dir, "soak.json")); err == nil {
		var s benchreport.Soak
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("soak.json: %w", err)
		}
		r.Soak = &s
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	c, err := os.Create(*png)
	if err != nil {
		return err
	}
	if err := benchreport.Chart(r, c); err != nil {
		c.Close()
		return err
	}
	if err := c.Close(); err != nil {
		return err
	}
	m, err := os.Create(*md)
	if err != nil {
		return err
	}
	if err := benchreport.Markdown(r, filepath.Base(*png), m); err != nil {
		m.Close()
		return err
	}
	if err := m.Close(); err != nil {
		return err
	}
	fmt.Fprintf(out, "report: wrote %s and %s\n", *md, *png)
	return nil
}
