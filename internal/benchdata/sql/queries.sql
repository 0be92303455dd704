-- Named statements of the benchmark harness (never of the product: the
-- product's SQL is in queries/). Run as a superuser in the benchmark
-- database unless said otherwise.

-- name: GeneratedClinics
SELECT slug, tag FROM bench.generated;

-- name: MarkGenerated
INSERT INTO bench.generated (slug, kind, tag, rows) VALUES ($1, $2, $3, $4);

-- name: RecordRun
INSERT INTO bench.runs (tag, clinics, rows, load_s, verify_s, vacuum_s, db_cpu_s, harness_cpu_s)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8);

-- name: LastRun
SELECT clinics, rows, load_s, verify_s, vacuum_s, coalesce(db_cpu_s, 0), coalesce(harness_cpu_s, 0), finished_at
FROM bench.runs ORDER BY id DESC LIMIT 1;

-- name: ReplicaMode
-- Skips triggers (audit and foreign-key checks) for this transaction only.
SET LOCAL session_replication_role = replica;

-- name: RebindIssuer
-- Moves the generated staff identities to the issuer this run serves.
UPDATE users SET oidc_issuer = $1 WHERE oidc_issuer IS NOT NULL AND oidc_issuer <> $1
    AND oidc_subject LIKE 'bench-%';

-- name: InstallBenchKey
-- The benchmark-only context key that pgbench scripts sign with.
INSERT INTO app_private.context_keys (kid, secret) VALUES ($1, $2)
ON CONFLICT (kid) DO UPDATE SET secret = EXCLUDED.secret;

-- name: TableSizes
SELECT c.relname::text, c.reltuples::bigint, pg_table_size(c.oid), pg_indexes_size(c.oid)
FROM pg_class AS c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
ORDER BY pg_total_relation_size(c.oid) DESC;

-- name: OpenVisitFree
-- Patients of a clinic without an open visit, for check-ins.
SELECT p.id FROM patients AS p
WHERE p.clinic_id = $1
  AND NOT EXISTS (SELECT 1 FROM patient_visits AS v
                  WHERE v.clinic_id = p.clinic_id AND v.patient_id = p.id
                    AND v.status IN ('checked_in', 'in_consultation'))
ORDER BY p.id
LIMIT $2;

-- name: FullPagePrefixes
-- Name prefixes (three letters, as a receptionist types them) that match
-- at least $2 patients of clinic $1: a search for them fills the page in
-- that clinic, so the deep and the small clinic return the same rows.
SELECT left(p.name_search, 3) AS prefix FROM patients AS p
WHERE p.clinic_id = $1 AND length(p.name_search) >= 3
GROUP BY 1 HAVING count(*) >= $2
ORDER BY 1;

-- name: TodayQueueSize
SELECT count(*) FROM patient_visits AS v
WHERE v.clinic_id = $1 AND v.visit_date = (now() AT TIME ZONE 'Asia/Kolkata')::date;

-- name: Checkpoint
-- Before the load phases: write out what earlier work left dirty, so that
-- a timed checkpoint does not land in a measured phase (on a slow disk it
-- stalls every backend for seconds).
CHECKPOINT;

-- name: Vacuum
-- After a bulk load: hint bits, the visibility map and planner statistics
-- now rather than during the measured run.
VACUUM (ANALYZE);

-- name: BackendPID
SELECT pg_backend_pid();

-- name: ServerBackends
-- The server's database connections (their CPU is the database's share of
-- a request).
SELECT pid FROM pg_stat_activity
WHERE datname = current_database() AND application_name = 'santkrupa' AND backend_type = 'client backend';

-- name: WALPosition
-- Where WAL is being inserted now, as a byte offset and as text: the bytes
-- between two readings are all the WAL generated between them (every
-- session's, autovacuum's and checkpoints' included), written out yet or
-- not; pg_waldump --stats over the two positions tells what it was.
SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint, pg_current_wal_insert_lsn()::text;

-- name: VisiblePatients
-- Run after pgbench_check.sql in the same transaction: the patients its
-- context lets pgbench's role see.
SELECT count(*) FROM patients;

-- name: DatabaseSize
SELECT pg_database_size(current_database());

-- name: Settings
SELECT split_part(version(), ' on ', 1), current_setting('shared_buffers');

-- name: ClinicBytes
SELECT bytes, clinics FROM bench.clinic_bytes($1);

-- name: ClinicTablesBytes
-- Heap and indexes of every table with a clinic_id.
SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class AS c
JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attname = 'clinic_id'
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r';

-- name: ExplicitGetPatient
-- "The cost of isolation" baseline: queries/patients.sql GetPatient with an
-- explicit clinic filter instead of the policies (santkrupa_bench_norls).
SELECT * FROM patients WHERE clinic_id = $1 AND id = $2;

-- name: ExplicitListPatients
-- The same for ListPatients.
SELECT * FROM patients
WHERE clinic_id = $1
  AND (created_at, id) < ($2::timestamptz, $3::uuid)
ORDER BY created_at DESC, id DESC
LIMIT $4;

-- name: SoakWrites
-- The soak's writes in the database, by marker: prescriptions (with their
-- line count) and check-ins.
SELECT p.diagnosis::text AS marker, p.id, p.clinic_id,
       (SELECT count(*) FROM prescription_lines AS l WHERE l.clinic_id = p.clinic_id AND l.prescription_id = p.id)
FROM prescriptions AS p
WHERE p.clinic_id = ANY ($1::uuid[]) AND p.diagnosis LIKE $2
UNION ALL
SELECT v.purpose::text, v.id, v.clinic_id, -1
FROM patient_visits AS v
WHERE v.clinic_id = ANY ($1::uuid[]) AND v.purpose LIKE $2;

-- name: CreatePrewarm
CREATE EXTENSION IF NOT EXISTS pg_prewarm;

-- name: Prewarm
-- Reads every table and index of the data set into the operating system's
-- page cache (pg_prewarm's 'read' mode), so that a host that reclaimed the
-- cache since the last run does not slow the first measured phases. Bytes
-- read.
SELECT (coalesce(sum(pg_prewarm(c.oid, 'read')), 0) * current_setting('block_size')::bigint)::bigint
FROM pg_class AS c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i', 'm');
