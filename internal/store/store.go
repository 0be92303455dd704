package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/reqlog"
)

// Store runs scoped transactions on a pool connected as the application
// role.
type Store struct {
	pool *pgxpool.Pool
	db   unscoped // the pool, for the statements that need no clinic context
	q    *dbsqlc.Queries
	keys Keys
	// unbound signs contexts for backend 0, which the database accepts on
	// any connection: for a transaction-mode pooler, whose backend the
	// store cannot know (docs/scaling.md).
	unbound bool
}

// New wraps a pool. The pool must connect as the application role (see
// CheckRole); keys sign the clinic context and must be installed in the
// database (see CheckContext).
func New(pool *pgxpool.Pool, keys Keys) (*Store, error) {
	if len(keys) == 0 {
		return nil, ErrNoKeys
	}
	return &Store{pool: pool, db: unscoped{pool}, q: dbsqlc.New(), keys: keys}, nil
}

// SetUnboundContext makes the store sign contexts that are valid on any
// connection (until they expire) instead of on the backend they were made
// for. Call it before the store is used.
func (s *Store) SetUnboundContext(unbound bool) { s.unbound = unbound }

// Options tune Open.
type Options struct {
	MaxConns         int32
	StatementTimeout time.Duration
}

// Open connects a pool to databaseURL. Every session gets a statement
// timeout and a bound on idling inside a transaction, so a stuck request
// cannot hold rows or a connection for long.
func Open(ctx context.Context, databaseURL string, opt Options) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	if opt.MaxConns > 0 {
		cfg.MaxConns = opt.MaxConns
	}
	rp := cfg.ConnConfig.RuntimeParams
	rp["application_name"] = "santkrupa"
	if opt.StatementTimeout > 0 {
		rp["statement_timeout"] = fmt.Sprint(opt.StatementTimeout.Milliseconds())
		rp["idle_in_transaction_session_timeout"] = fmt.Sprint(2 * opt.StatementTimeout.Milliseconds())
	}
	cfg.AfterConnect = func(_ context.Context, c *pgx.Conn) error {
		registerTypes(c.TypeMap())
		return nil
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open pool: %w", err)
	}
	return pool, nil
}

// Queries returns the sqlc queries; each takes the transaction it runs in.
func (s *Store) Queries() *dbsqlc.Queries { return s.q }

// Pool returns the underlying pool (for health checks and statistics).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Tx runs fn in one transaction acting for scope and commits when fn
// returns nil. BEGIN and the context travel with fn's first statement;
// rollback runs even when ctx is already done.
func (s *Store) Tx(ctx context.Context, scope Scope, fn func(tx dbsqlc.DBTX) error) error {
	return s.run(ctx, scope, modeTx, fn)
}

// Read runs fn's statements read-only, each as its own implicit
// transaction with the context pipelined in front of it: one round trip per
// statement. Use Tx when several reads must see one snapshot.
func (s *Store) Read(ctx context.Context, scope Scope, fn func(tx dbsqlc.DBTX) error) error {
	return s.run(ctx, scope, modeRead, fn)
}

// Write runs fn's one statement as an implicit read-write transaction,
// pipelined behind the context: one round trip, no BEGIN or COMMIT. The
// statement commits when it succeeds and leaves nothing when it fails; a
// second statement is refused (use Tx).
func (s *Store) Write(ctx context.Context, scope Scope, fn func(tx dbsqlc.DBTX) error) error {
	return s.run(ctx, scope, modeWrite, fn)
}

func (s *Store) run(ctx context.Context, scope Scope, mode txMode, fn func(tx dbsqlc.DBTX) error) error {
	err := s.exec(ctx, scope, mode, fn)
	switch {
	case errors.Is(err, ErrForbidden):
		reqlog.From(ctx).Deny(reqlog.DenyRLS) // the metrics count what the database refused
	case errors.Is(err, ErrMembershipEnded):
		markEnded(ctx) // auth forgets the membership and looks again
	}
	return err
}

func (s *Store) exec(ctx context.Context, scope Scope, mode txMode, fn func(tx dbsqlc.DBTX) error) error {
	if err := scope.validate(); err != nil {
		return err
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return translate(fmt.Errorf("acquire connection: %w", err))
	}
	// pgxpool destroys a released connection that is not idle, so a
	// connection never returns to the pool inside a transaction.
	defer conn.Release()
	tx := &scopedConn{conn: conn.Conn(), mode: mode, scope: scope}
	pid := conn.Conn().PgConn().PID()
	if s.unbound {
		pid = 0
	}
	tx.context = s.sign(scope, pid)
	if err := fn(tx); err != nil {
		if rbErr := tx.rollback(ctx); rbErr != nil {
			return lost(ctx, tx.conn, errors.Join(err, rbErr))
		}
		return lost(ctx, tx.conn, err)
	}
	return lost(ctx, tx.conn, tx.commit(ctx))
}

// ClinicIDBySlug resolves a URL's clinic slug; inactive and unknown clinics
// are ErrNotFound. It is the one lookup that needs no clinic context.
func (s *Store) ClinicIDBySlug(ctx context.Context, slug string) (uuid.UUID, error) {
	id, err := s.q.ClinicIDBySlug(ctx, s.db, slug)
	if err != nil {
		return uuid.Nil, translate(fmt.Errorf("clinic by slug: %w", err))
	}
	if id == uuid.Nil {
		return uuid.Nil, &Error{Kind: ErrNotFound, Err: fmt.Errorf("no active clinic %q", slug)}
	}
	return id, nil
}

// ErrContextRejected is returned by CheckContext when the database does not
// accept the store's signed context.
var ErrContextRejected = errors.New("the database does not accept this server's clinic context: " +
	"either its signing key is not installed (run `santkrupa migrate` with the same SANTKRUPA_CONTEXT_KEYS) " +
	"or a transaction-mode pooler such as PgBouncer sits in between (set SANTKRUPA_CONTEXT_BINDING=none)")

// CheckContext proves that the database verifies this store's signed
// context, so a key mismatch is a start-up error rather than a server
// that sees no rows.
func (s *Store) CheckContext(ctx context.Context) error {
	probe := Scope{ClinicID: uuid.New(), Role: RoleAdmin}
	var got uuid.UUID // uuid.Nil when the database says NULL
	err := s.Read(ctx, probe, func(tx dbsqlc.DBTX) error {
		var err error
		got, err = s.q.ContextClinic(ctx, tx)
		return err
	})
	if err != nil {
		return fmt.Errorf("check clinic context: %w", err)
	}
	if got != probe.ClinicID {
		return ErrContextRejected
	}
	return nil
}

// ErrPrivilegedRole is returned by CheckRole for a role that could read
// past the policies.
var ErrPrivilegedRole = errors.New("database role can bypass row-level security")

// CheckRole refuses a connection role that is a superuser, has BYPASSRLS
// or owns a table: any of them sees every clinic whatever the policies say.
func (s *Store) CheckRole(ctx context.Context) error {
	r, err := s.q.CurrentRoleRisk(ctx, s.db)
	if err != nil {
		return translate(fmt.Errorf("check database role: %w", err))
	}
	var why []string
	if r.Superuser {
		why = append(why, "is (or can become) a superuser")
	}
	if r.BypassRLS {
		why = append(why, "has (or can become a role with) BYPASSRLS")
	}
	if r.OwnsTables {
		why = append(why, "owns (or can become the owner of) tables")
	}
	if r.ReadsKeys {
		why = append(why, "can read the context-signing keys")
	}
	if len(why) > 0 {
		return fmt.Errorf("%w: role %q %v; connect as the application role (santkrupa_app)",
			ErrPrivilegedRole, r.RoleName, why)
	}
	return nil
}
