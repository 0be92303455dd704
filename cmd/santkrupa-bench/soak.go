package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/santkrupa/santkrupa/internal/benchdata"
	"github.com/santkrupa/santkrupa/internal/benchreport"
	"github.com/santkrupa/santkrupa/internal/loadgen"
)

// soakCmd runs mixed reads and writes at a steady rate from many clinics
// for a bounded time, checks every response's clinic, and at the end
// looks every acknowledged write up in the database. It fails on a
// response from another clinic and on an acknowledged write that is
// missing or duplicated; error responses are reported (and fail the
// target "error rate 0" in the report).
func soakCmd(ctx context.Context, args []string, e env, out io.Writer) error {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	spec := specFlags(fs)
	dir := fs.String("out", "bin/bench", "directory for soak.json and the server log")
	dur := fs.Duration("duration", 2*time.Minute, "how long to soak")
	rate := fs.Int("rate", 150, "requests per second")
	nClinics := fs.Int("clinics", 200, "clinics of the wide set to draw from")
	binary := fs.String("server", "bin/santkrupa", "the server binary to drive")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	h, err := newHarness(ctx, e, *spec, *dir, out)
	if err != nil {
		return err
	}
	defer h.close()
	h.binary = *binary
	if *nClinics < len(h.fix.Wide) {
		h.fix.Wide = h.fix.Wide[:*nClinics]
	}
	perClinic := *rate * int(dur.Seconds()) / 10 / len(h.fix.Wide) * 2 // check-ins are 10% of the mix
	if err := h.fix.LoadCandidates(ctx, h.su, h.fix.Wide, max(perClinic, 4)); err != nil {
		return err
	}
	srv, err := h.startServer(ctx, nil)
	if err != nil {
		return err
	}
	runID := strconv.FormatInt(time.Now().Unix(), 36)
	soak := loadgen.NewSoak(h.fix, runID, uint64(time.Now().UnixNano()))
	res := benchreport.Soak{Clinics: len(h.fix.Wide), Rate: float64(*rate), RSSStart: srv.Mem().RSS}

	// Memory, sampled every second.
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				res.RSSEnd = srv.Mem().RSS
			}
		}
	}()

	h.logf("soak: %s at %d requests/s from %d clinics (marker %s)", *dur, *rate, len(h.fix.Wide), soak.MarkerPrefix())
	atk := vegeta.NewAttacker(vegeta.MaxWorkers(64), vegeta.KeepAlive(true), vegeta.Timeout(30*time.Second))
	start := time.Now()
	var m vegeta.Metrics
	for r := range atk.Attack(soak.Targeter(), vegeta.Rate{Freq: *rate, Per: time.Second}, *dur, "soak") {
		m.Add(r)
		soak.Check(r)
		if ctx.Err() != nil {
			atk.Stop()
		}
	}
	m.Close()
	res.Seconds = time.Since(start).Seconds()
	close(stop)
	wg.Wait()
	mem := srv.Mem()
	res.RSSEnd, res.RSSPeak = mem.RSS, mem.HWM
	srv.Stop()

	c := soak.Checks
	res.Requests, res.StatusCodes, res.Errors, res.WrongClinic, res.Unchecked = c.Requests, c.Codes, c.Errors,
		c.WrongClinic, c.Unchecked
	res.Samples = c.Samples
	res.P99 = float64(m.Latencies.P99) / float64(time.Millisecond)
	res.WritesAcked = soak.AckedN
	if err := h.verifySoak(ctx, soak, &res); err != nil {
		return err
	}
	b, _ := json.MarshalIndent(res, "", "  ")
	if err := os.WriteFile(filepath.Join(*dir, "soak.json"), b, 0o644); err != nil {
		return err
	}
	h.logf("soak: %d requests, %d errors, %d from another clinic, %d without a clinic_id; writes: %d acknowledged, "+
		"%d found once, %d missing, %d duplicated; RSS %.1f → %.1f MiB (peak %.1f)", res.Requests, res.Errors,
		res.WrongClinic, res.Unchecked, res.WritesAcked, res.WritesFound, res.WritesMissing, res.WritesDup,
		float64(res.RSSStart)/(1<<20), float64(res.RSSEnd)/(1<<20), float64(res.RSSPeak)/(1<<20))
	var errs []error
	if res.WrongClinic > 0 {
		errs = append(errs, fmt.Errorf("soak: %d responses carried another clinic's data", res.WrongClinic))
	}
	if res.WritesMissing > 0 || res.WritesDup > 0 {
		errs = append(errs, fmt.Errorf("soak: %d acknowledged writes missing, %d duplicated", res.WritesMissing, res.WritesDup))
	}
	return errors.Join(errs...)
}

// verifySoak looks up every write of the soak by its marker: each
// acknowledged one must be there exactly once, in the clinic it was sent
// to, a prescription with its three lines.
func (h *harness) verifySoak(ctx context.Context, s *loadgen.Soak, res *benchreport.Soak) error {
	ids := make([]uuid.UUID, len(h.fix.Wide))
	for i, c := range h.fix.Wide {
		ids[i] = h.spec.ClinicID(c.Slug)
	}
	rows, err := h.su.Query(ctx, benchdata.Q("SoakWrites"), ids, s.MarkerPrefix()+"%")
	if err != nil {
		return fmt.Errorf("soak writes: %w", err)
	}
	type found struct {
		n      int
		clinic uuid.UUID
		lines  int64
	}
	seen := map[string]*found{}
	for rows.Next() {
		var marker string
		var id, clinic uuid.UUID
		var lines int64
		if err := rows.Scan(&marker, &id, &clinic, &lines); err != nil {
			rows.Close()
			return err
		}
		f := seen[marker]
		if f == nil {
			f = &found{clinic: clinic, lines: lines}
			seen[marker] = f
		}
		f.n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	problem := func(format string, args ...any) {
		if len(res.Samples) < 20 {
			res.Samples = append(res.Samples, fmt.Sprintf(format, args...))
		}
	}
	for marker, f := range seen {
		switch {
		case f.n > 1:
			res.WritesDup++
			problem("%s is in the database %d times", marker, f.n)
		case f.clinic != h.spec.ClinicID(s.Sent[marker]):
			res.WrongClinic++
			problem("%s was written to clinic %s, sent to %s", marker, f.clinic, s.Sent[marker])
		case f.lines >= 0 && f.lines != 3:
			problem("%s has %d prescription lines, want 3", marker, f.lines)
		}
	}
	// Acknowledged writes whose response echoed the marker are checked one
	// by one; the rest in total.
	for marker := range s.Acked {
		if f := seen[marker]; f == nil {
			res.WritesMissing++
			problem("%s was acknowledged but is not in the database", marker)
		} else if f.n == 1 {
			res.WritesFound++
		}
	}
	if len(s.Acked) < s.AckedN {
		once := 0
		for _, f := range seen {
			if f.n == 1 {
				once++
			}
		}
		res.WritesFound = once
		if once < s.AckedN {
			res.WritesMissing = s.AckedN - once
			problem("%d writes acknowledged, %d in the database", s.AckedN, once)
		}
	}
	return nil
}
