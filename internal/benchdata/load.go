package benchdata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/santkrupa/santkrupa/internal/procstat"
)

// Options tune Generate.
type Options struct {
	// Workers load clinics in parallel, one connection each.
	Workers int
	// BatchClinics is how many wide clinics one transaction loads.
	BatchClinics int
	// Log receives progress.
	Log io.Writer
}

// Result is what a generation did.
type Result struct {
	Clinics int // generated now (0: everything was there)
	Reused  int // found generated already
	Rows    int64
	Load    time.Duration
	Verify  time.Duration
	Vacuum  time.Duration
	// DBCPU is the CPU time of the loading database backends, HarnessCPU
	// that of this process: on a shared machine, rows per CPU second say
	// more than rows per second.
	DBCPU, HarnessCPU time.Duration
	PerTable          map[string]int64
}

// RowsPerSecond is the load rate (COPY only, without verification and
// vacuum).
func (r Result) RowsPerSecond() float64 {
	if r.Load <= 0 {
		return 0
	}
	return float64(r.Rows) / r.Load.Seconds()
}

// ErrOtherData is returned when the database holds data of another
// generator version or seed.
var ErrOtherData = errors.New("the benchmark database holds data of another generator version or seed: " +
	"drop it (make bench-reset) and run again")

// Setup prepares the benchmark database as a superuser: marker tables and
// the benchmark-only roles.
func Setup(ctx context.Context, su *pgxpool.Pool) error {
	if _, err := su.Exec(ctx, SQL("setup.sql"), pgx.QueryExecModeSimpleProtocol); err != nil {
		return fmt.Errorf("bench setup: %w", err)
	}
	return nil
}

// Generate loads every clinic of s that is not there yet, verifies the
// foreign keys and vacuums, through su, a superuser pool on the benchmark
// database.
func Generate(ctx context.Context, su *pgxpool.Pool, s Spec, opt Options) (Result, error) {
	if opt.Workers < 1 {
		opt.Workers = 2
	}
	if opt.BatchClinics < 1 {
		opt.BatchClinics = 25
	}
	logf := func(format string, args ...any) {
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, format+"\n", args...)
		}
	}
	if err := Setup(ctx, su); err != nil {
		return Result{}, err
	}
	done := map[string]bool{}
	rows, err := su.Query(ctx, Q("GeneratedClinics"))
	if err != nil {
		return Result{}, fmt.Errorf("read markers: %w", err)
	}
	for rows.Next() {
		var slug, tag string
		if err := rows.Scan(&slug, &tag); err != nil {
			return Result{}, err
		}
		if tag != s.Tag() {
			rows.Close()
			return Result{}, ErrOtherData
		}
		done[slug] = true
	}
	if err := rows.Err(); err != nil {
		return Result{}, fmt.Errorf("read markers: %w", err)
	}

	// Jobs: the deep clinic alone (the biggest, first), the small one, then
	// the wide set in batches.
	var jobs [][]Clinic
	var batch []Clinic
	res := Result{PerTable: map[string]int64{}}
	for _, c := range s.Clinics() {
		if done[c.Slug] {
			res.Reused++
			continue
		}
		if c.Kind != KindWide {
			jobs = append(jobs, []Clinic{c})
			continue
		}
		batch = append(batch, c)
		if len(batch) == opt.BatchClinics {
			jobs = append(jobs, batch)
			batch = nil
		}
	}
	if len(batch) > 0 {
		jobs = append(jobs, batch)
	}
	if len(jobs) == 0 {
		logf("generate: all %d clinics are there (tag %s); reused", res.Reused, s.Tag())
		return res, nil
	}

	start := time.Now()
	selfCPU, _ := procstat.CPU(os.Getpid())
	var total atomic.Int64
	var mu sync.Mutex
	work := make(chan []Clinic)
	errc := make(chan error, opt.Workers)
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range work {
				per, cpu, err := loadJob(ctx, su, s, job)
				if err != nil {
					errc <- err
					cancel()
					return
				}
				var n int64
				mu.Lock()
				for t, k := range per {
					res.PerTable[t] += k
					n += k
				}
				res.Clinics += len(job)
				res.DBCPU += cpu
				clinics := res.Clinics
				mu.Unlock()
				sum := total.Add(n)
				el := time.Since(start).Seconds()
				logf("generate: %d/%d clinics, %d rows, %.0f rows/s", clinics, res.Reused+clinics+0,
					sum, float64(sum)/el)
			}
		}()
	}
feed:
	for _, j := range jobs {
		select {
		case work <- j:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errc:
		return res, err
	default:
	}
	res.Rows = total.Load()
	res.Load = time.Since(start)
	if c, err := procstat.CPU(os.Getpid()); err == nil {
		res.HarnessCPU = c - selfCPU
	}
	logf("generate: loaded %d rows in %s: %.0f rows/s; CPU: database %s, harness %s",
		res.Rows, res.Load.Round(time.Millisecond), res.RowsPerSecond(), res.DBCPU.Round(time.Millisecond),
		res.HarnessCPU.Round(time.Millisecond))

	t := time.Now()
	if _, err := su.Exec(ctx, SQL("verify_fks.sql"), pgx.QueryExecModeSimpleProtocol); err != nil {
		return res, fmt.Errorf("verify foreign keys: %w", err)
	}
	res.Verify = time.Since(t)
	logf("generate: every foreign key holds (%s)", res.Verify.Round(time.Millisecond))

	// Hint bits, the visibility map and statistics now, not during the
	// measured run.
	t = time.Now()
	if _, err := su.Exec(ctx, Q("Vacuum")); err != nil {
		return res, fmt.Errorf("vacuum: %w", err)
	}
	res.Vacuum = time.Since(t)
	logf("generate: vacuumed and analysed (%s)", res.Vacuum.Round(time.Millisecond))
	if _, err := su.Exec(ctx, Q("RecordRun"), s.Tag(), res.Clinics, res.Rows, res.Load.Seconds(),
		res.Verify.Seconds(), res.Vacuum.Seconds(), res.DBCPU.Seconds(), res.HarnessCPU.Seconds()); err != nil {
		return res, fmt.Errorf("record run: %w", err)
	}
	return res, nil
}

// loadJob writes the clinics of one job in one transaction, marker
// included, and returns the rows written per table and the backend's CPU
// time.
func loadJob(ctx context.Context, su *pgxpool.Pool, s Spec, job []Clinic) (map[string]int64, time.Duration, error) {
	plans := make([]*plan, len(job))
	for i, c := range job {
		plans[i] = newPlan(s, c)
	}
	per := map[string]int64{}
	var cpu time.Duration
	err := pgx.BeginFunc(ctx, su, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, Q("ReplicaMode")); err != nil {
			return err
		}
		var pid int
		if err := tx.QueryRow(ctx, Q("BackendPID")).Scan(&pid); err != nil {
			return err
		}
		before, _ := procstat.CPU(pid) // zero when PostgreSQL runs elsewhere
		defer func() {
			if after, err := procstat.CPU(pid); err == nil {
				cpu = after - before
			}
		}()
		for _, tb := range tables {
			src := newSource(plans, tb)
			n, err := tx.CopyFrom(ctx, pgx.Identifier{tb.name}, tb.cols, src)
			src.stop()
			if err != nil {
				return fmt.Errorf("copy %s (%s…): %w", tb.name, job[0].Slug, err)
			}
			per[tb.name] += n
		}
		for _, p := range plans {
			if _, err := tx.Exec(ctx, Q("MarkGenerated"), p.c.Slug, string(p.c.Kind), s.Tag(), p.rows()); err != nil {
				return fmt.Errorf("mark %s: %w", p.c.Slug, err)
			}
		}
		return nil
	})
	return per, cpu, err
}

// source feeds one table's rows of several clinics to COPY.
type source struct {
	next func() ([]any, bool)
	stop func()
	row  []any
}

func newSource(plans []*plan, tb table) *source {
	all := func(yield func([]any) bool) {
		for _, p := range plans {
			for row := range tb.rows(p) {
				if !yield(row) {
					return
				}
			}
		}
	}
	next, stop := iter.Pull(iter.Seq[[]any](all))
	return &source{next: next, stop: stop}
}

func (s *source) Next() bool {
	var ok bool
	s.row, ok = s.next()
	return ok
}

func (s *source) Values() ([]any, error) { return s.row, nil }

func (s *source) Err() error { return nil }
