-- The lab's work: pending tests, collection, results, verification and
-- corrections. Status transitions are guarded here (WHERE status …), so two
-- people acting at once cannot both move a record; a guard that matches no
-- row is told apart from a missing row by the caller (GetTest,
-- LabReportState).

-- name: LabListTests :many
-- Tests by status (any of statuses; NULL is all), urgency and patient,
-- oldest order first (a queue), keyset-paged on (ordered_at, id). Each
-- status is read on its own, in order, up to a page, through the
-- (clinic_id, status, ordered_at) index, and the pages are merged: the
-- planner cannot see how many tests the clinic has (its clinic is an
-- init-plan value of the policies) and, for one statement over every
-- status, read and sorted all of them, 330–590 ms for the first page in a
-- clinic of 229,000 tests (docs/scaling.md, item 11). An urgency other
-- than routine, without a patient, is LabListUrgentTests.
SELECT x.clinic_id, x.id, x.patient_id, x.visit_id, x.prescription_id, x.catalog_id, x.ordered_by,
       x.test_type, x.name, x.description, x.urgency, x.status, x.ordered_at, x.collected_at,
       x.completed_at, x.cancelled_at, x.created_at, x.updated_at, x.legacy_id, x.patient_number, x.patient_name
FROM unnest(COALESCE(sqlc.narg(statuses)::text[], '{ordered,collected,completed,cancelled}'::text[])) AS wanted(status)
CROSS JOIN LATERAL (
    SELECT t.*, p.patient_number, p.name AS patient_name
    FROM tests AS t
    JOIN patients AS p ON p.clinic_id = t.clinic_id AND p.id = t.patient_id
    WHERE t.status = wanted.status
      AND (sqlc.narg(urgency)::text IS NULL OR t.urgency = sqlc.narg(urgency)::text)
      AND (sqlc.narg(patient_id)::uuid IS NULL OR t.patient_id = sqlc.narg(patient_id)::uuid)
      -- A patient login's own tests, found through the login.
      AND (sqlc.narg(owner_user_id)::uuid IS NULL OR p.user_id = sqlc.narg(owner_user_id)::uuid)
      AND (sqlc.narg(after_ordered_at)::timestamptz IS NULL
           OR (t.ordered_at, t.id) > (sqlc.narg(after_ordered_at)::timestamptz, sqlc.narg(after_id)::uuid))
    ORDER BY t.ordered_at, t.id
    LIMIT @max_rows) AS x
ORDER BY x.ordered_at, x.id
LIMIT @max_rows;

-- name: LabListUrgentTests :many
-- LabListTests for one urgency other than routine, with no patient filter:
-- the lab's urgent worklist. Each status's page of keys is read in order
-- from the partial tests_status_urgency_idx alone (an index-only scan; the
-- literal "urgency <> 'routine'" lets the planner use the partial index),
-- and only the merged page is read from the table and joined to its
-- patients. The keyset cursor is not optional (the first page passes
-- '-infinity'). Through the status index, or with the heap in the scan,
-- the planner, which cannot see the clinic (an init-plan value of the
-- policies), expected fewer rows than a page and read the whole status
-- and sorted it: 93–239 ms for urgent completed tests in a clinic of
-- 229,000 tests (docs/scaling.md, item 12).
SELECT sqlc.embed(t), p.patient_number, p.name AS patient_name
FROM (
    SELECT k.clinic_id, k.id, k.ordered_at
    FROM unnest(COALESCE(sqlc.narg(statuses)::text[], '{ordered,collected,completed,cancelled}'::text[])) AS wanted(status)
    CROSS JOIN LATERAL (
        SELECT x.clinic_id, x.id, x.ordered_at
        FROM tests AS x
        WHERE x.status = wanted.status AND x.urgency = @urgency::text AND x.urgency <> 'routine'
          AND (x.ordered_at, x.id) > (@after_ordered_at::timestamptz, @after_id::uuid)
        ORDER BY x.ordered_at, x.id
        LIMIT @max_rows) AS k
    ORDER BY k.ordered_at, k.id
    LIMIT @max_rows) AS k
JOIN tests AS t ON t.clinic_id = k.clinic_id AND t.id = k.id
JOIN patients AS p ON p.clinic_id = t.clinic_id AND p.id = t.patient_id
ORDER BY k.ordered_at, k.id;

-- name: LabGetTest :one
-- A test with its patient and every report of it the caller may read
-- (newest first), each with its values: the lab's test page, the API's
-- test resource and the patient's result page, in one statement.
SELECT sqlc.embed(t), p.patient_number, p.name AS patient_name,
    COALESCE((
        SELECT json_agg(x ORDER BY x.created_at DESC, x.id DESC) FROM (
            SELECT r.id, r.status, r.supersedes,
                (SELECT s.id FROM test_reports AS s WHERE s.clinic_id = r.clinic_id AND s.supersedes = r.id) AS superseded_by,
                r.performed_by, r.performed_at, r.verified_by, r.verified_at, r.notes,
                r.file_name, r.file_content_type, r.file_size, r.created_at,
                COALESCE((
                    SELECT json_agg(v ORDER BY v.position) FROM (
                        SELECT rv.position, rv.analyte, rv.value, rv.unit, rv.reference_range, rv.abnormal_flag
                        FROM test_report_values AS rv
                        WHERE rv.clinic_id = r.clinic_id AND rv.test_report_id = r.id) AS v
                ), '[]'::json) AS "values"
            FROM test_reports AS r
            WHERE r.clinic_id = t.clinic_id AND r.test_id = t.id) AS x
    ), '[]'::json)::json AS reports
FROM tests AS t
JOIN patients AS p ON p.clinic_id = t.clinic_id AND p.id = t.patient_id
WHERE t.id = @id;

-- name: LabMarkCollected :one
UPDATE tests SET status = 'collected', collected_at = now()
WHERE id = @id AND status = 'ordered'
RETURNING *;

-- name: LabEnterResults :one
-- Results of a pending test: the test moves to completed (collected on the
-- way when the lab skipped that step), and a preliminary report with its
-- values is written, all in one statement. No row: the test is missing or
-- no longer pending.
WITH done AS (
    UPDATE tests SET status = 'completed', completed_at = now(), collected_at = COALESCE(collected_at, now())
    WHERE tests.id = @test_id AND tests.status IN ('ordered', 'collected')
    RETURNING tests.id, tests.patient_id
), report AS (
    INSERT INTO test_reports (test_id, patient_id, status, performed_by, notes, file_content,
        file_content_type, file_name, file_size, file_sha256)
    SELECT done.id, done.patient_id, 'preliminary', sqlc.narg(performed_by)::uuid, @notes,
        sqlc.narg(file_content)::bytea, sqlc.narg(file_content_type)::text, sqlc.narg(file_name)::text,
        sqlc.narg(file_size)::integer, sqlc.narg(file_sha256)::bytea
    FROM done
    RETURNING test_reports.id, test_reports.patient_id
), vals AS (
    INSERT INTO test_report_values (test_report_id, patient_id, position, analyte, value, unit,
        reference_range, abnormal_flag)
    SELECT report.id, report.patient_id, i::smallint, (@analytes::text[])[i], (@result_values::text[])[i],
        (@units::text[])[i], (@reference_ranges::text[])[i], (@abnormal_flags::text[])[i]
    FROM report, generate_subscripts(@analytes::text[], 1) AS i
    RETURNING 1
)
SELECT report.id FROM report;

-- name: LabVerifyReport :one
UPDATE test_reports SET status = 'final', verified_by = @verified_by, verified_at = now()
WHERE id = @id AND status = 'preliminary'
RETURNING id;

-- name: LabCorrectReport :one
-- A correction of the current version of a released report: a new row,
-- status corrected, released at once (verified by the corrector), naming
-- the version it replaces; that one stays as history. The values are the
-- full corrected set. The file is replaced, removed or kept (file_mode).
-- No row: the report is missing, not released, or already replaced; a
-- concurrent correction of the same version fails on
-- test_reports_supersedes_key.
WITH prev AS (
    SELECT r.* FROM test_reports AS r
    WHERE r.id = @supersedes AND r.status IN ('final', 'corrected')
      AND NOT EXISTS (SELECT 1 FROM test_reports AS s WHERE s.clinic_id = r.clinic_id AND s.supersedes = r.id)
), report AS (
    INSERT INTO test_reports (test_id, patient_id, status, supersedes, performed_by, performed_at,
        verified_by, verified_at, notes, file_content, file_content_type, file_name, file_size, file_sha256)
    SELECT prev.test_id, prev.patient_id, 'corrected', prev.id, prev.performed_by, prev.performed_at,
        @corrected_by::uuid, now(), @notes,
        CASE @file_mode::text WHEN 'replace' THEN sqlc.narg(file_content)::bytea WHEN 'keep' THEN prev.file_content END,
        CASE @file_mode::text WHEN 'replace' THEN sqlc.narg(file_content_type)::text WHEN 'keep' THEN prev.file_content_type END,
        CASE @file_mode::text WHEN 'replace' THEN sqlc.narg(file_name)::text WHEN 'keep' THEN prev.file_name END,
        CASE @file_mode::text WHEN 'replace' THEN sqlc.narg(file_size)::integer WHEN 'keep' THEN prev.file_size END,
        CASE @file_mode::text WHEN 'replace' THEN sqlc.narg(file_sha256)::bytea WHEN 'keep' THEN prev.file_sha256 END
    FROM prev
    RETURNING test_reports.id, test_reports.patient_id
), vals AS (
    INSERT INTO test_report_values (test_report_id, patient_id, position, analyte, value, unit,
        reference_range, abnormal_flag)
    SELECT report.id, report.patient_id, i::smallint, (@analytes::text[])[i], (@result_values::text[])[i],
        (@units::text[])[i], (@reference_ranges::text[])[i], (@abnormal_flags::text[])[i]
    FROM report, generate_subscripts(@analytes::text[], 1) AS i
    RETURNING 1
)
SELECT report.id FROM report;

-- name: LabReportState :one
-- Why a guarded report write matched no row: its status, and whether a
-- correction already replaced it.
SELECT r.status,
    EXISTS (SELECT 1 FROM test_reports AS s WHERE s.clinic_id = r.clinic_id AND s.supersedes = r.id) AS superseded
FROM test_reports AS r WHERE r.id = @id;

-- name: LabGetTestReport :one
-- One report with its values, its test and patient, and every version of
-- the test's results the caller may read (oldest first): the history.
SELECT r.id, r.clinic_id, r.test_id, r.patient_id, r.status, r.supersedes, s.id AS superseded_by,
    r.performed_by, r.performed_at, r.verified_by, r.verified_at, r.notes, r.file_content_type,
    r.file_name, r.file_size, r.file_sha256, r.created_at, r.updated_at,
    t.name AS test_name, t.test_type, t.urgency, t.status AS test_status,
    p.patient_number, p.name AS patient_name,
    COALESCE((
        SELECT json_agg(v ORDER BY v.position) FROM (
            SELECT rv.position, rv.analyte, rv.value, rv.unit, rv.reference_range, rv.abnormal_flag
            FROM test_report_values AS rv
            WHERE rv.clinic_id = r.clinic_id AND rv.test_report_id = r.id) AS v
    ), '[]'::json)::json AS "values",
    COALESCE((
        SELECT json_agg(h ORDER BY h.created_at, h.id) FROM (
            SELECT hr.id, hr.status, hr.supersedes, hr.performed_at, hr.verified_at, hr.created_at
            FROM test_reports AS hr
            WHERE hr.clinic_id = r.clinic_id AND hr.test_id = r.test_id) AS h
    ), '[]'::json)::json AS history
FROM test_reports AS r
JOIN tests AS t ON t.clinic_id = r.clinic_id AND t.id = r.test_id
JOIN patients AS p ON p.clinic_id = r.clinic_id AND p.id = r.patient_id
LEFT JOIN test_reports AS s ON s.clinic_id = r.clinic_id AND s.supersedes = r.id
WHERE r.id = @id;

-- name: LabTestReportFile :one
SELECT patient_id, file_content, file_content_type, file_name
FROM test_reports WHERE id = @id AND file_content IS NOT NULL;
