-- The patient portal. The record is the one linked to the acting login
-- (user_id), never one named by a URL; row-level security holds a patient
-- login to that record and to its released rows whatever these say, and the
-- status filters below say it again so the queries mean the same for any
-- caller.

-- name: PortalDashboard :one
-- Everything the dashboard shows, in one statement: the newest 100 of each
-- list (visits, final prescriptions with their lines, tests with their
-- current released result, uploaded documents).
SELECT sqlc.embed(p),
    COALESCE((
        SELECT json_agg(x ORDER BY x.checked_in_at DESC, x.id DESC) FROM (
            SELECT v.id, v.visit_date, v.checked_in_at, v.token, v.purpose, v.status, v.completed_at,
                d.specialization AS doctor_specialization
            FROM patient_visits AS v
            LEFT JOIN doctors AS d ON d.clinic_id = v.clinic_id AND d.id = v.doctor_id
            WHERE v.clinic_id = p.clinic_id AND v.patient_id = p.id
            ORDER BY v.checked_in_at DESC, v.id DESC LIMIT 100) AS x
    ), '[]'::json)::json AS visits,
    COALESCE((
        SELECT json_agg(x ORDER BY x.finalized_at DESC, x.id DESC) FROM (
            SELECT rx.id, rx.diagnosis, rx.advice, rx.follow_up_date, rx.finalized_at,
                COALESCE((
                    SELECT json_agg(l ORDER BY l.position) FROM (
                        SELECT pl.position, pl.medicine_name, pl.form, pl.dose, pl.schedule, pl.duration_days,
                            pl.food_instruction, pl.instructions
                        FROM prescription_lines AS pl
                        WHERE pl.clinic_id = rx.clinic_id AND pl.prescription_id = rx.id) AS l
                ), '[]'::json) AS lines
            FROM prescriptions AS rx
            WHERE rx.clinic_id = p.clinic_id AND rx.patient_id = p.id AND rx.status = 'final'
            ORDER BY rx.finalized_at DESC, rx.id DESC LIMIT 100) AS x
    ), '[]'::json)::json AS prescriptions,
    COALESCE((
        SELECT json_agg(x ORDER BY x.ordered_at DESC, x.id DESC) FROM (
            SELECT t.id, t.name, t.test_type, t.status, t.ordered_at, t.completed_at,
                cur.id AS report_id, cur.status AS report_status, cur.verified_at, cur.notes,
                cur.file_name, cur.file_content_type, cur.versions,
                COALESCE((
                    SELECT json_agg(v ORDER BY v.position) FROM (
                        SELECT rv.position, rv.analyte, rv.value, rv.unit, rv.reference_range, rv.abnormal_flag
                        FROM test_report_values AS rv
                        WHERE rv.clinic_id = t.clinic_id AND rv.test_report_id = cur.id) AS v
                ), '[]'::json) AS "values"
            FROM tests AS t
            LEFT JOIN LATERAL (
                SELECT r.id, r.status, r.verified_at, r.notes, r.file_name, r.file_content_type,
                    count(*) OVER () AS versions
                FROM test_reports AS r
                WHERE r.clinic_id = t.clinic_id AND r.test_id = t.id AND r.status IN ('final', 'corrected')
                ORDER BY r.created_at DESC, r.id DESC LIMIT 1) AS cur ON true
            WHERE t.clinic_id = p.clinic_id AND t.patient_id = p.id AND t.status <> 'cancelled'
            ORDER BY t.ordered_at DESC, t.id DESC LIMIT 100) AS x
    ), '[]'::json)::json AS tests,
    COALESCE((
        SELECT json_agg(x ORDER BY x.created_at DESC, x.id DESC) FROM (
            SELECT m.id, m.report_type, m.description, m.content_type, m.size_bytes, m.original_filename,
                m.created_at, m.uploaded_by
            FROM medical_reports AS m
            WHERE m.clinic_id = p.clinic_id AND m.patient_id = p.id
            ORDER BY m.created_at DESC, m.id DESC LIMIT 100) AS x
    ), '[]'::json)::json AS documents
FROM patients AS p
WHERE p.user_id = @user_id::uuid;
