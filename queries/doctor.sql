-- The doctor's day: queue, consultation, chart, notes, prescriptions, test
-- orders. Names start with Doctor so they never clash with other areas'.

-- name: DoctorQueue :many
-- Today's visits (clinic-local day) assigned to the acting doctor or to
-- nobody, cancelled ones left out: in consultation first, then waiting by
-- priority and token, then completed.
SELECT v.id, v.patient_id, v.doctor_id, v.token, v.purpose, v.priority, v.status,
       v.checked_in_at, v.started_at, v.completed_at,
       p.name AS patient_name, p.patient_number, p.sex, p.date_of_birth, p.age_years, p.allergies
FROM patient_visits AS v
JOIN patients AS p ON p.clinic_id = v.clinic_id AND p.id = v.patient_id
WHERE v.visit_date = (SELECT (now() AT TIME ZONE c.timezone)::date FROM clinics AS c WHERE c.id = app.current_clinic())
  AND v.status <> 'cancelled'
  AND (v.doctor_id IS NULL
       OR v.doctor_id = (SELECT d.id FROM doctors AS d WHERE d.user_id = @user_id::uuid))
ORDER BY CASE v.status WHEN 'in_consultation' THEN 0 WHEN 'checked_in' THEN 1 ELSE 2 END,
         CASE v.priority WHEN 'emergency' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END,
         v.token;

-- name: DoctorStartVisit :one
-- The acting doctor takes the visit: it must be theirs or unassigned, and
-- waiting (or already theirs in consultation: a second click is harmless).
UPDATE patient_visits AS v
SET status = 'in_consultation', started_at = COALESCE(v.started_at, now()), doctor_id = d.id
FROM doctors AS d
WHERE v.id = @id AND d.user_id = @user_id::uuid AND d.active
  AND v.status IN ('checked_in', 'in_consultation')
  AND (v.doctor_id IS NULL OR v.doctor_id = d.id)
RETURNING v.*;

-- name: DoctorCompleteVisit :one
-- Completes the visit and finalises its draft prescriptions, in one
-- statement (the CTE's update runs whether or not the visit matches; the
-- caller rolls back when it does not).
WITH doc AS (
    SELECT d.id FROM doctors AS d WHERE d.user_id = @user_id::uuid AND d.active
), rx AS (
    UPDATE prescriptions SET status = 'final', finalized_at = now()
    WHERE visit_id = @id AND status = 'draft'
    RETURNING id
)
UPDATE patient_visits AS v
SET status = 'completed', completed_at = now(), started_at = COALESCE(v.started_at, now()),
    doctor_id = doc.id
FROM doc
WHERE v.id = @id AND v.status IN ('checked_in', 'in_consultation')
  AND (v.doctor_id IS NULL OR v.doctor_id = doc.id)
RETURNING v.*, (SELECT count(*) FROM rx)::int AS finalized;

-- name: DoctorVisitRefusal :one
-- Why a visit operation matched no row: the visit's state and whether the
-- acting user has a doctor record (NULL doctor id: none).
SELECT v.status, v.doctor_id,
       COALESCE((SELECT d.id FROM doctors AS d WHERE d.user_id = @user_id::uuid AND d.active),
                '00000000-0000-0000-0000-000000000000'::uuid)::uuid AS my_doctor_id
FROM patient_visits AS v
WHERE v.id = @id;

-- name: DoctorConsultation :one
-- The consultation page in one statement: the visit, its patient, the
-- notes, prescriptions (with line counts) and tests of this visit.
SELECT sqlc.embed(v), sqlc.embed(p),
    COALESCE((SELECT u.display_name FROM doctors AS d JOIN users AS u ON u.clinic_id = d.clinic_id AND u.id = d.user_id
              WHERE d.id = v.doctor_id), '')::text AS doctor_name,
    COALESCE((SELECT json_agg(json_build_object(
                'id', n.id, 'chief_complaint', n.chief_complaint, 'observations', n.observations,
                'diagnosis', n.diagnosis, 'treatment_plan', n.treatment_plan, 'notes', n.notes,
                'signed_at', n.signed_at, 'created_at', n.created_at,
                'author_name', COALESCE(u.display_name, '')) ORDER BY n.created_at, n.id)
              FROM doctor_notes AS n LEFT JOIN users AS u ON u.clinic_id = n.clinic_id AND u.id = n.author_id
              WHERE n.visit_id = v.id), '[]')::json AS notes,
    COALESCE((SELECT json_agg(json_build_object(
                'id', rx.id, 'status', rx.status, 'diagnosis', rx.diagnosis, 'created_at', rx.created_at,
                'finalized_at', rx.finalized_at, 'admission_recommended', rx.admission_recommended,
                'line_count', (SELECT count(*) FROM prescription_lines AS l WHERE l.prescription_id = rx.id))
                ORDER BY rx.created_at, rx.id)
              FROM prescriptions AS rx WHERE rx.patient_id = v.patient_id AND rx.visit_id = v.id), '[]')::json AS prescriptions,
    COALESCE((SELECT json_agg(json_build_object(
                'id', t.id, 'name', t.name, 'test_type', t.test_type, 'urgency', t.urgency,
                'status', t.status, 'description', t.description, 'ordered_at', t.ordered_at) ORDER BY t.ordered_at, t.id)
              FROM tests AS t WHERE t.patient_id = v.patient_id AND t.visit_id = v.id), '[]')::json AS tests
FROM patient_visits AS v
JOIN patients AS p ON p.clinic_id = v.clinic_id AND p.id = v.patient_id
WHERE v.id = @id;

-- name: DoctorChart :one
-- A patient's whole chart in one statement: the record and JSON lists of
-- visits, notes, prescriptions with their lines, tests with their latest
-- report and its values, and documents (metadata only, never the bytes).
-- Each list holds the newest @max_items, with its full count beside it;
-- every subquery walks a (clinic_id, patient_id, …) index. Each list
-- aggregates the rows of a subquery whose column names are the API's
-- (json_agg of a row): name/value pairs through json_build_object, the
-- same JSON, took 20–25 % more of the statement's time for a chart of 200
-- visits (docs/scaling.md, item 8). A report's few values keep
-- json_build_object: they are ordered by a column they do not show.
SELECT sqlc.embed(p),
    (SELECT count(*) FROM patient_visits AS v WHERE v.patient_id = p.id) AS visit_count,
    (SELECT count(*) FROM doctor_notes AS n WHERE n.patient_id = p.id) AS note_count,
    (SELECT count(*) FROM prescriptions AS rx WHERE rx.patient_id = p.id) AS prescription_count,
    (SELECT count(*) FROM tests AS t WHERE t.patient_id = p.id) AS test_count,
    (SELECT count(*) FROM medical_reports AS m WHERE m.patient_id = p.id) AS report_count,
    COALESCE((SELECT json_agg(doctor)
              FROM (SELECT d.id, u.display_name AS name
                    FROM doctors AS d JOIN users AS u ON u.clinic_id = d.clinic_id AND u.id = d.user_id) AS doctor),
             '[]')::json AS doctors,
    COALESCE((SELECT json_agg(visit ORDER BY visit.checked_in_at DESC, visit.id DESC)
              FROM (SELECT v.id, v.visit_date, v.token, v.purpose, v.priority, v.status, v.doctor_id,
                           v.checked_in_at, v.completed_at, v.bp_systolic, v.bp_diastolic, v.pulse,
                           v.temperature_c, v.spo2, v.blood_sugar, v.weight_kg
                    FROM patient_visits AS v WHERE v.patient_id = p.id
                    ORDER BY v.checked_in_at DESC, v.id DESC LIMIT @max_items) AS visit), '[]')::json AS visits,
    COALESCE((SELECT json_agg(note ORDER BY note.created_at DESC, note.id DESC)
              FROM (SELECT n.id, n.visit_id, n.chief_complaint, n.observations, n.diagnosis, n.treatment_plan,
                           n.notes, n.signed_at, n.created_at, COALESCE(u.display_name, '') AS author_name
                    FROM (SELECT * FROM doctor_notes AS n WHERE n.patient_id = p.id
                          ORDER BY n.created_at DESC, n.id DESC LIMIT @max_items) AS n
                    LEFT JOIN users AS u ON u.clinic_id = n.clinic_id AND u.id = n.author_id) AS note),
             '[]')::json AS notes,
    COALESCE((SELECT json_agg(prescription ORDER BY prescription.created_at DESC, prescription.id DESC)
              FROM (SELECT rx.id, rx.visit_id, rx.doctor_id, rx.prescriber_name AS doctor_name, rx.status,
                           rx.diagnosis, rx.advice, rx.admission_recommended, rx.admission_reason,
                           rx.follow_up_date, rx.finalized_at, rx.created_at,
                           COALESCE((SELECT json_agg(line ORDER BY line.position)
                                     FROM (SELECT l.position, l.medicine_name, l.form, l.dose, l.schedule,
                                                  l.duration_days, l.quantity, l.food_instruction, l.route,
                                                  l.prn, l.instructions
                                           FROM prescription_lines AS l WHERE l.prescription_id = rx.id) AS line),
                                    '[]') AS lines
                    FROM (SELECT * FROM prescriptions AS rx WHERE rx.patient_id = p.id
                          ORDER BY rx.created_at DESC, rx.id DESC LIMIT @max_items) AS rx) AS prescription),
             '[]')::json AS prescriptions,
    COALESCE((SELECT json_agg(test ORDER BY test.ordered_at DESC, test.id DESC)
              FROM (SELECT t.id, t.visit_id, t.name, t.test_type, t.urgency, t.status, t.ordered_at,
                           t.completed_at, r.report
                    FROM (SELECT * FROM tests AS t WHERE t.patient_id = p.id
                          ORDER BY t.ordered_at DESC, t.id DESC LIMIT @max_items) AS t
                    LEFT JOIN LATERAL (
                        SELECT row_to_json(report) AS report
                        FROM (SELECT tr.id, tr.status, tr.performed_at, tr.verified_at, tr.notes, tr.file_name,
                                     COALESCE((SELECT json_agg(json_build_object(
                                                          'analyte', x.analyte, 'value', x.value, 'unit', x.unit,
                                                          'reference_range', x.reference_range,
                                                          'abnormal_flag', x.abnormal_flag) ORDER BY x.position)
                                               FROM test_report_values AS x WHERE x.test_report_id = tr.id),
                                              '[]') AS values
                              FROM test_reports AS tr WHERE tr.test_id = t.id
                              ORDER BY tr.created_at DESC, tr.id DESC LIMIT 1) AS report) AS r ON true) AS test),
             '[]')::json AS tests,
    COALESCE((SELECT json_agg(doc ORDER BY doc.created_at DESC, doc.id DESC)
              FROM (SELECT m.id, m.report_type, m.description, m.content_type, m.size_bytes,
                           m.original_filename, m.created_at
                    FROM medical_reports AS m WHERE m.patient_id = p.id
                    ORDER BY m.created_at DESC, m.id DESC LIMIT @max_items) AS doc), '[]')::json AS reports
FROM patients AS p
WHERE p.id = @id;

-- name: DoctorWriteNote :one
-- A signed note on a visit; the patient is the visit's.
INSERT INTO doctor_notes (visit_id, patient_id, author_id, chief_complaint, observations,
    diagnosis, treatment_plan, notes, signed_at)
SELECT v.id, v.patient_id, @author_id, @chief_complaint, @observations, @diagnosis,
    @treatment_plan, @notes, now()
FROM patient_visits AS v
WHERE v.id = @visit_id AND v.status <> 'cancelled'
RETURNING *;

-- name: DoctorNotesByPatient :many
-- A patient's notes, newest first, keyset-paginated on (created_at, id).
SELECT * FROM doctor_notes
WHERE patient_id = @patient_id
  AND (sqlc.narg(after_created_at)::timestamptz IS NULL
       OR (created_at, id) < (sqlc.narg(after_created_at)::timestamptz, sqlc.narg(after_id)::uuid))
ORDER BY created_at DESC, id DESC
LIMIT @max_rows;

-- name: DoctorCreatePrescription :one
-- A draft prescription by the acting doctor for a patient of this clinic,
-- optionally on one of that patient's visits (not a cancelled one), with
-- every line, in one statement (one implicit transaction: store.Write).
-- The caller chooses the id. A catalog line (medicine id not nil) takes
-- its name and form from the catalog, and its dose, schedule and duration
-- when left empty. No row, and nothing written, when the patient, the
-- doctor record, the visit or any catalog medicine is missing:
-- DoctorPrescriptionRefusal says which.
WITH l AS (
    SELECT l.position, m.id AS medicine_id,
        COALESCE(left(btrim(m.name || ' ' || m.strength), 200), l.medicine_name) AS medicine_name,
        COALESCE(m.form, '') AS form,
        CASE WHEN l.dose = '' THEN COALESCE(m.default_dose, '') ELSE l.dose END AS dose,
        CASE WHEN l.schedule = '' THEN COALESCE(m.default_schedule, '') ELSE l.schedule END AS schedule,
        COALESCE(NULLIF(l.duration_days, 0), m.default_duration_days) AS duration_days,
        l.quantity, l.food_instruction, l.route, l.prn, l.instructions
    FROM (SELECT unnest(@positions::smallint[]) AS position, unnest(@medicine_ids::uuid[]) AS medicine_id,
                 unnest(@medicine_names::text[]) AS medicine_name, unnest(@doses::text[]) AS dose,
                 unnest(@schedules::text[]) AS schedule, unnest(@durations::smallint[]) AS duration_days,
                 unnest(@quantities::text[]) AS quantity, unnest(@food_instructions::text[]) AS food_instruction,
                 unnest(@routes::text[]) AS route, unnest(@prns::boolean[]) AS prn,
                 unnest(@instructions::text[]) AS instructions) AS l
    LEFT JOIN medicines AS m ON m.id = l.medicine_id AND m.active
    WHERE l.medicine_id = '00000000-0000-0000-0000-000000000000'::uuid OR m.id IS NOT NULL
), rx AS (
    INSERT INTO prescriptions (id, patient_id, doctor_id, visit_id, diagnosis, advice,
        admission_recommended, admission_reason, follow_up_date, prescriber_name)
    SELECT @id::uuid, p.id, d.id, sqlc.narg(visit_id)::uuid, @diagnosis, @advice, @admission_recommended,
        @admission_reason, sqlc.narg(follow_up_date)::date, u.display_name
    FROM patients AS p
    JOIN doctors AS d ON d.clinic_id = p.clinic_id AND d.user_id = @user_id::uuid AND d.active
    JOIN users AS u ON u.clinic_id = d.clinic_id AND u.id = d.user_id
    WHERE p.id = @patient_id
      AND (sqlc.narg(visit_id)::uuid IS NULL OR EXISTS (
            SELECT 1 FROM patient_visits AS v
            WHERE v.id = sqlc.narg(visit_id)::uuid AND v.patient_id = p.id AND v.status <> 'cancelled'))
      AND (SELECT count(*) FROM l) = cardinality(@positions::smallint[])
    RETURNING *
), lines AS (
    INSERT INTO prescription_lines (prescription_id, position, medicine_id, medicine_name, form, dose,
        schedule, duration_days, quantity, food_instruction, route, prn, instructions)
    SELECT rx.id, l.position, l.medicine_id, l.medicine_name, l.form, l.dose, l.schedule,
        l.duration_days, l.quantity, l.food_instruction, l.route, l.prn, l.instructions
    FROM rx, l
)
SELECT * FROM rx;

-- name: DoctorPrescriptionRefusal :one
-- Why DoctorCreatePrescription inserted nothing; missing_medicines are the
-- positions of catalog lines this clinic does not have (or no longer
-- offers).
SELECT EXISTS (SELECT 1 FROM patients AS p WHERE p.id = @patient_id) AS patient_found,
       EXISTS (SELECT 1 FROM doctors AS d WHERE d.user_id = @user_id::uuid AND d.active) AS is_doctor,
       EXISTS (SELECT 1 FROM patient_visits AS v
               WHERE v.id = sqlc.narg(visit_id)::uuid AND v.patient_id = @patient_id
                 AND v.status <> 'cancelled') AS visit_ok,
       ARRAY(SELECT l.position
             FROM (SELECT unnest(@positions::smallint[]) AS position,
                          unnest(@medicine_ids::uuid[]) AS medicine_id) AS l
             WHERE l.medicine_id <> '00000000-0000-0000-0000-000000000000'::uuid
               AND NOT EXISTS (SELECT 1 FROM medicines AS m WHERE m.id = l.medicine_id AND m.active)
             ORDER BY l.position)::smallint[] AS missing_medicines;

-- name: DoctorPrescriptionFinalize :one
UPDATE prescriptions SET status = 'final', finalized_at = now()
WHERE id = @id AND status = 'draft'
RETURNING *;

-- name: DoctorPrescriptionPrint :one
-- What a printed prescription shows: the prescription, the clinic's
-- letterhead, the prescriber and the patient. Readable by a patient for
-- their own final prescriptions (the name comes from the snapshot, not
-- from users, which a patient cannot read).
SELECT sqlc.embed(rx),
    c.name AS clinic_name, c.address AS clinic_address, c.city AS clinic_city, c.state AS clinic_state,
    c.postal_code AS clinic_postal_code, c.phone AS clinic_phone, c.email AS clinic_email,
    c.registration_number AS clinic_registration_number, c.timezone AS clinic_timezone,
    COALESCE(NULLIF(rx.prescriber_name, ''), u.display_name, '')::text AS doctor_name,
    d.qualification AS doctor_qualification, d.specialization AS doctor_specialization,
    d.license_number AS doctor_license_number,
    p.name AS patient_name, p.patient_number, p.sex AS patient_sex, p.date_of_birth AS patient_date_of_birth,
    p.age_years AS patient_age_years, p.weight_kg AS patient_weight_kg, p.allergies AS patient_allergies
FROM prescriptions AS rx
JOIN clinics AS c ON c.id = rx.clinic_id
JOIN doctors AS d ON d.clinic_id = rx.clinic_id AND d.id = rx.doctor_id
JOIN patients AS p ON p.clinic_id = rx.clinic_id AND p.id = rx.patient_id
LEFT JOIN users AS u ON u.clinic_id = d.clinic_id AND u.id = d.user_id
WHERE rx.id = @id;

-- name: DoctorListPrescriptions :many
-- The clinic's prescriptions, newest first, keyset-paginated.
SELECT * FROM prescriptions
WHERE (sqlc.narg(after_created_at)::timestamptz IS NULL
       OR (created_at, id) < (sqlc.narg(after_created_at)::timestamptz, sqlc.narg(after_id)::uuid))
ORDER BY created_at DESC, id DESC
LIMIT @max_rows;

-- name: DoctorListPatientPrescriptions :many
-- One patient's prescriptions, newest first, keyset-paginated.
SELECT * FROM prescriptions
WHERE patient_id = @patient_id
  AND (sqlc.narg(after_created_at)::timestamptz IS NULL
       OR (created_at, id) < (sqlc.narg(after_created_at)::timestamptz, sqlc.narg(after_id)::uuid))
ORDER BY created_at DESC, id DESC
LIMIT @max_rows;

-- name: DoctorOrderTests :many
-- Tests for a visit's patient, every order in one statement; a catalog id
-- this clinic does not offer yields no row (the caller reports it).
INSERT INTO tests (patient_id, visit_id, catalog_id, ordered_by, test_type, name, description, urgency)
SELECT v.patient_id, v.id, c.id, @ordered_by::uuid, COALESCE(c.test_type, o.test_type),
    COALESCE(c.name, o.name), o.description, o.urgency
FROM patient_visits AS v
CROSS JOIN (SELECT unnest(@catalog_ids::uuid[]) AS catalog_id, unnest(@names::text[]) AS name,
                   unnest(@test_types::text[]) AS test_type, unnest(@descriptions::text[]) AS description,
                   unnest(@urgencies::text[]) AS urgency) AS o
LEFT JOIN test_catalog AS c ON c.id = o.catalog_id AND c.active
WHERE v.id = @visit_id AND v.status <> 'cancelled'
  AND (o.catalog_id = '00000000-0000-0000-0000-000000000000'::uuid OR c.id IS NOT NULL)
RETURNING *;

-- name: DoctorMedicineCatalog :many
-- The active medicines a prescription form offers, by name.
SELECT id, name, form, strength, default_dose, default_schedule, default_duration_days
FROM medicines WHERE active
ORDER BY name_search, form, strength, id
LIMIT @max_rows;

-- name: DoctorMedicineSearch :many
-- Active medicines whose name starts with a prefix (index range, usable
-- under row-level security, unlike LIKE).
SELECT id, name, form, strength, default_dose, default_schedule, default_duration_days
FROM medicines
WHERE active AND name_search >= lower(@prefix::text) AND name_search < (lower(@prefix::text) || chr(1114111))
ORDER BY name_search, form, strength, id
LIMIT @max_rows;
