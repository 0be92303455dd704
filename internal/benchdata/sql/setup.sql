-- Benchmark setup, run as a superuser in the benchmark database only
-- (never in a product database): the marker of what has been generated,
-- and the two benchmark-only roles. Safe to run again.

-- bench.generated: one row per generated clinic, written in the same
-- transaction as the clinic's rows, so an interrupted generation resumes
-- where it stopped and a finished one is reused.
CREATE SCHEMA IF NOT EXISTS bench;
CREATE TABLE IF NOT EXISTS bench.generated (
    slug         text PRIMARY KEY,
    kind         text NOT NULL,
    tag          text NOT NULL,
    rows         bigint NOT NULL,
    generated_at timestamptz NOT NULL DEFAULT now()
);
-- bench.runs: what each whole generation cost (rows per second).
CREATE TABLE IF NOT EXISTS bench.runs (
    id          bigserial PRIMARY KEY,
    tag         text NOT NULL,
    clinics     integer NOT NULL,
    rows        bigint NOT NULL,
    load_s      double precision NOT NULL,
    verify_s    double precision NOT NULL,
    vacuum_s    double precision NOT NULL,
    finished_at timestamptz NOT NULL DEFAULT now()
);

DO $$
BEGIN
    -- santkrupa_bench_norls: the baseline of "the cost of isolation". The
    -- same SELECTs with an explicit clinic_id filter, on a role that row-level
    -- security does not hold (BYPASSRLS: the tables keep their policies, so
    -- the application's side of the comparison is untouched). SELECT only.
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'santkrupa_bench_norls') THEN
        CREATE ROLE santkrupa_bench_norls LOGIN BYPASSRLS PASSWORD 'santkrupa_bench_norls';
    END IF;
    ALTER ROLE santkrupa_bench_norls NOSUPERUSER NOCREATEDB NOCREATEROLE;
    -- santkrupa_bench_pgbench: pgbench's role. A member of santkrupa_app, so
    -- the same policies hold it; it may also use pgcrypto's hmac(), with
    -- which its scripts sign their clinic context under a benchmark-only key.
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'santkrupa_bench_pgbench') THEN
        CREATE ROLE santkrupa_bench_pgbench LOGIN PASSWORD 'santkrupa_bench_pgbench';
    END IF;
    ALTER ROLE santkrupa_bench_pgbench NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO santkrupa_bench_norls, santkrupa_bench_pgbench',
        current_database());
END
$$;
GRANT santkrupa_app TO santkrupa_bench_pgbench;
GRANT USAGE ON SCHEMA public TO santkrupa_bench_norls;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO santkrupa_bench_norls;
GRANT USAGE ON SCHEMA crypto TO santkrupa_bench_pgbench;
