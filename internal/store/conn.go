package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
)

type txMode int

const (
	modeTx    txMode = iota // explicit transaction: BEGIN … COMMIT
	modeRead                // each statement an implicit read-only transaction
	modeWrite               // one statement, an implicit read-write transaction
)

// Transaction control travels in the same pipeline as the context and the
// first statement; these are the only statements the store writes itself.
const (
	sqlBegin    = "BEGIN"
	sqlCommit   = "COMMIT"
	sqlRollback = "ROLLBACK"
)

// scopedConn is the dbsqlc.DBTX handed to a store closure. Until the first
// statement nothing has been sent; that statement goes out in one batch
// behind the prologue (BEGIN and SetContext, or SetReadContext), which
// PostgreSQL runs in one round trip.
type scopedConn struct {
	conn    *pgx.Conn
	context string // the signed app.context value
	scope   Scope  // for the membership to confirm, when scope.Confirm
	mode    txMode
	began   bool // modeTx: BEGIN has been sent; modeWrite: the statement has been sent
}

// errSecondWrite refuses a second statement in a Write: it would run as a
// transaction of its own, and the two would not be atomic.
var errSecondWrite = errors.New("store: Write runs exactly one statement; use Tx for more")

var _ dbsqlc.DBTX = (*scopedConn)(nil)

// direct reports whether a statement can go straight to the connection:
// inside an explicit transaction whose prologue has already run.
func (c *scopedConn) direct() bool { return c.mode == modeTx && c.began }

// send queues the prologue and the statement and sends them, then consumes
// the prologue's results. The caller reads the statement's result and
// closes the batch.
func (c *scopedConn) send(ctx context.Context, sql string, args []any) (pgx.BatchResults, error) {
	b := &pgx.Batch{}
	prologue := 1
	switch c.mode {
	case modeTx:
		b.Queue(sqlBegin)
		c.queueContext(b, false)
		prologue = 2
		c.began = true
	case modeRead:
		c.queueContext(b, true)
	case modeWrite:
		if c.began {
			return nil, errSecondWrite
		}
		c.began = true
		c.queueContext(b, false)
	}
	b.Queue(sql, args...)
	countRoundTrip(ctx)
	br := c.conn.SendBatch(ctx, b)
	for i := 0; i < prologue; i++ {
		if _, err := br.Exec(); err != nil {
			_ = br.Close()
			return nil, fmt.Errorf("set clinic context: %w", err)
		}
	}
	if c.scope.Confirm {
		markConfirmed(ctx)
	}
	return br, nil
}

// queueContext queues the context statement: read-only or not, with the
// membership confirmation when the scope asks for it.
func (c *scopedConn) queueContext(b *pgx.Batch, readOnly bool) {
	sc := c.scope
	switch {
	case sc.Confirm && readOnly:
		b.Queue(dbsqlc.SetReadContextConfirmSQL, c.context, sc.ClinicID, sc.UserID, string(sc.Role))
	case sc.Confirm:
		b.Queue(dbsqlc.SetContextConfirmSQL, c.context, sc.ClinicID, sc.UserID, string(sc.Role))
	case readOnly:
		b.Queue(dbsqlc.SetReadContextSQL, c.context)
	default:
		b.Queue(dbsqlc.SetContextSQL, c.context)
	}
}

func (c *scopedConn) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if c.direct() {
		countRoundTrip(ctx)
		return c.conn.Exec(ctx, sql, args...)
	}
	br, err := c.send(ctx, sql, args)
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	tag, err := br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return tag, err
}

func (c *scopedConn) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if c.direct() {
		countRoundTrip(ctx)
		return c.conn.Query(ctx, sql, args...)
	}
	br, err := c.send(ctx, sql, args)
	if err != nil {
		return nil, err
	}
	rows, err := br.Query()
	if err != nil {
		_ = br.Close()
		return nil, err
	}
	return &batchRows{Rows: rows, br: br}, nil
}

func (c *scopedConn) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if c.direct() {
		countRoundTrip(ctx)
		return c.conn.QueryRow(ctx, sql, args...)
	}
	rows, err := c.Query(ctx, sql, args...)
	return &firstRow{rows: rows, err: err}
}

func (c *scopedConn) commit(ctx context.Context) error {
	if !c.began || c.mode != modeTx {
		return nil
	}
	countRoundTrip(ctx)
	tag, err := c.conn.Exec(ctx, sqlCommit)
	if err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	// COMMIT of a failed transaction answers ROLLBACK rather than an error.
	if tag.String() != sqlCommit {
		return fmt.Errorf("commit: transaction was rolled back")
	}
	return nil
}

func (c *scopedConn) rollback(ctx context.Context) error {
	if !c.began || c.mode != modeTx || c.conn.IsClosed() {
		return nil
	}
	countRoundTrip(ctx)
	// Rollback runs even when ctx is done, but not for ever: on a stalled
	// network it gives up, and the pool discards the connection.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), rollbackTimeout)
	defer cancel()
	if _, err := c.conn.Exec(rctx, sqlRollback); err != nil {
		return fmt.Errorf("rollback: %w", err)
	}
	return nil
}

// rollbackTimeout bounds a rollback that runs after the caller gave up.
const rollbackTimeout = 5 * time.Second

// batchRows closes the batch once its rows are closed.
type batchRows struct {
	pgx.Rows
	br       pgx.BatchResults
	closed   bool
	closeErr error
}

func (r *batchRows) Close() {
	if r.closed {
		return
	}
	r.closed = true
	r.Rows.Close()
	r.closeErr = r.br.Close()
}

func (r *batchRows) Err() error {
	if err := r.Rows.Err(); err != nil {
		return err
	}
	return r.closeErr
}

// firstRow is pgx.Row over batchRows, as pgx's own QueryRow does it.
type firstRow struct {
	rows pgx.Rows
	err  error
}

func (r *firstRow) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	defer r.rows.Close()
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return pgx.ErrNoRows
	}
	if err := r.rows.Scan(dest...); err != nil {
		return err
	}
	r.rows.Close()
	return r.rows.Err()
}
