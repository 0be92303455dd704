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
ALTER TABLE bench.runs ADD COLUMN IF NOT EXISTS db_cpu_s double precision,
    ADD COLUMN IF NOT EXISTS harness_cpu_s double precision;

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

-- bench.clinic_bytes: the share of every clinic table's heap and indexes
-- that belongs to the clinics whose slug is LIKE pattern, apportioned by
-- row count (the indexes are per clinic, led by clinic_id). For the size
-- per clinic in docs/scaling.md.
CREATE OR REPLACE FUNCTION bench.clinic_bytes(pattern text, OUT bytes bigint, OUT clinics bigint)
    LANGUAGE plpgsql STABLE
AS $$
DECLARE
    t record;
    n bigint;
    total bigint;
BEGIN
    bytes := 0;
    SELECT count(*) INTO clinics FROM public.clinics WHERE slug LIKE pattern;
    FOR t IN
        SELECT c.oid, c.relname, c.reltuples::bigint AS total FROM pg_class AS c
        JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attname = 'clinic_id'
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
    LOOP
        -- An index-only count of the clinics' rows; the total from the
        -- statistics (exact enough right after VACUUM ANALYZE).
        EXECUTE format('SELECT count(*) FROM public.%I WHERE clinic_id IN (SELECT id FROM public.clinics WHERE slug LIKE %L)',
            t.relname, pattern) INTO n;
        total := greatest(t.total, n);
        IF total > 0 THEN
            bytes := bytes + (pg_total_relation_size(t.oid)::numeric * n / total)::bigint;
        END IF;
    END LOOP;
END
$$;
