-- Reception: registering and finding patients, check-in, the day's queue
-- and the visit's status changes, portal invitations. Every statement runs
-- in the clinic context; row-level security decides what it sees.

-- name: ReservePatientNumber :one
-- Registration, first statement: takes the next patient number
-- (app.next_patient_number: the clinic's yearly counter, whose row stays
-- locked until commit; that serialises concurrent registrations of the
-- clinic, so the capacity check of InsertPatient counts every earlier one)
-- and, when asked, lists possible duplicates: the same name and the same
-- phone (its last ten digits) or date of birth. A rolled-back registration
-- gives its number back.
SELECT app.next_patient_number()::text AS patient_number,
       c.max_patients,
       (SELECT coalesce(json_agg(json_build_object('id', d.id, 'patient_number', d.patient_number,
                    'name', d.name, 'date_of_birth', d.date_of_birth, 'phone', d.phone)
                    ORDER BY d.created_at, d.id), '[]')
        FROM (SELECT p.id, p.patient_number, p.name, p.date_of_birth, p.phone, p.created_at
              FROM patients AS p
              WHERE @check_duplicates::boolean
                AND p.name_search = lower(@name::text)
                AND ((@phone_digits::text <> '' AND p.phone_key = right(@phone_digits::text, 10))
                     OR p.date_of_birth = sqlc.narg(date_of_birth)::date)
              ORDER BY p.created_at, p.id
              LIMIT 5) AS d)::json AS duplicates
FROM clinics AS c
WHERE c.id = app.current_clinic();

-- name: InsertPatient :one
-- Registration, second statement: inserts the patient unless the clinic's
-- plan limit is reached (then no row).
INSERT INTO patients (patient_number, name, date_of_birth, age_years, sex, phone, email,
    address, weight_kg, blood_group, allergies, emergency_contact_name, emergency_contact_phone,
    registered_by, form_key)
SELECT @patient_number, @name, @date_of_birth, @age_years, @sex, @phone, @email, @address,
       @weight_kg, @blood_group, @allergies, @emergency_contact_name, @emergency_contact_phone,
       @registered_by, sqlc.narg(form_key)::uuid
WHERE (SELECT count(*) FROM patients) < @max_patients::integer
RETURNING *;

-- name: PatientByFormKey :one
-- The patient a registration form registered, for its second submission.
SELECT * FROM patients WHERE form_key = @form_key::uuid;

-- name: PatientRecord :one
-- The reception's view of one patient: demographics, portal login, the
-- number of visits and the latest ones (newest first), in one statement.
SELECT sqlc.embed(p),
       u.email AS portal_email,
       (u.oidc_subject IS NOT NULL)::boolean AS portal_active,
       u.last_login_at AS portal_last_login_at,
       (SELECT count(*) FROM patient_visits AS c WHERE c.patient_id = p.id) AS visit_count,
       (SELECT coalesce(json_agg(json_build_object('id', r.id, 'visit_date', r.visit_date, 'token', r.token,
                    'purpose', r.purpose, 'priority', r.priority, 'status', r.status,
                    'doctor_name', r.doctor_name, 'checked_in_at', r.checked_in_at,
                    'cancel_reason', r.cancel_reason)
                    ORDER BY r.checked_in_at DESC, r.id DESC), '[]')
        FROM (SELECT v.id, v.visit_date, v.token, v.purpose, v.priority, v.status, v.checked_in_at,
                     v.cancel_reason, du.display_name AS doctor_name
              FROM patient_visits AS v
              LEFT JOIN doctors AS d ON d.clinic_id = v.clinic_id AND d.id = v.doctor_id
              LEFT JOIN users AS du ON du.clinic_id = d.clinic_id AND du.id = d.user_id
              WHERE v.patient_id = p.id
              ORDER BY v.checked_in_at DESC, v.id DESC
              LIMIT @max_visits::integer) AS r)::json AS recent_visits
FROM patients AS p
LEFT JOIN users AS u ON u.clinic_id = p.clinic_id AND u.id = p.user_id
WHERE p.id = @id;

-- name: PatientPortalLogin :one
-- A patient and the portal login linked to it, if any.
SELECT p.id, p.name, p.phone, p.user_id, u.email AS login_email,
       (u.oidc_subject IS NOT NULL)::boolean AS login_active
FROM patients AS p
LEFT JOIN users AS u ON u.clinic_id = p.clinic_id AND u.id = p.user_id
WHERE p.id = @id;

-- name: InvitePatientToPortal :one
-- A pending invitation (a users row with role patient, the email and no
-- identity yet) linked to a patient without a login, in one statement;
-- the patient's first sign-in with that verified email binds it.
WITH p AS (
    SELECT id, name, phone FROM patients WHERE id = @patient_id AND user_id IS NULL
), u AS (
    INSERT INTO users (display_name, email, phone, role)
    SELECT p.name, @email, left(p.phone, 30), 'patient' FROM p
    RETURNING id, email
)
UPDATE patients SET user_id = u.id
FROM u
WHERE patients.id = @patient_id
RETURNING u.id AS user_id, u.email;

-- name: ChangePendingPortalEmail :one
-- Corrects the email of an invitation nobody has accepted yet.
UPDATE users SET email = @email
WHERE id = @id AND role = 'patient' AND oidc_issuer IS NULL
RETURNING id AS user_id, email;

-- name: CheckIn :one
-- The queue token is the next value of the clinic's counter for the
-- clinic-local day. No row when a doctor is named who is not an active
-- doctor of the clinic. The partial unique index refuses a second open
-- visit of the patient; form_key, a second submission of the same form.
-- The doctor is checked before the counter moves: a refused check-in
-- (no row) changes nothing, as it runs as one implicit transaction.
WITH clinic AS (
    SELECT (now() AT TIME ZONE c.timezone)::date AS today
    FROM clinics AS c
    WHERE c.id = app.current_clinic()
      AND (sqlc.narg(doctor_id)::uuid IS NULL
           OR EXISTS (SELECT 1 FROM doctors AS d WHERE d.id = sqlc.narg(doctor_id)::uuid AND d.active))
), seq AS (
    INSERT INTO clinic_counters (counter, period, value)
    SELECT 'visit_token', to_char(clinic.today, 'YYYY-MM-DD'), 1 FROM clinic
    ON CONFLICT (clinic_id, counter, period) DO UPDATE SET value = clinic_counters.value + 1
    RETURNING value
)
INSERT INTO patient_visits (patient_id, doctor_id, checked_in_by, visit_date, token, purpose,
    priority, bp_systolic, bp_diastolic, pulse, temperature_c, spo2, blood_sugar, weight_kg, notes,
    form_key)
SELECT @patient_id, sqlc.narg(doctor_id)::uuid, sqlc.narg(checked_in_by)::uuid, clinic.today, seq.value,
       @purpose, @priority, @bp_systolic, @bp_diastolic, @pulse, @temperature_c, @spo2, @blood_sugar,
       @weight_kg, @notes, sqlc.narg(form_key)::uuid
FROM clinic, seq
RETURNING id;

-- name: GetVisitDetail :one
-- A visit with its patient's name and number and its doctor's name.
SELECT sqlc.embed(v), p.name AS patient_name, p.patient_number, du.display_name AS doctor_name
FROM patient_visits AS v
JOIN patients AS p ON p.clinic_id = v.clinic_id AND p.id = v.patient_id
LEFT JOIN doctors AS d ON d.clinic_id = v.clinic_id AND d.id = v.doctor_id
LEFT JOIN users AS du ON du.clinic_id = d.clinic_id AND du.id = d.user_id
WHERE v.id = @id;

-- name: VisitDetailByFormKey :one
-- The visit a check-in form created, if it was submitted before.
SELECT sqlc.embed(v), p.name AS patient_name, p.patient_number, du.display_name AS doctor_name
FROM patient_visits AS v
JOIN patients AS p ON p.clinic_id = v.clinic_id AND p.id = v.patient_id
LEFT JOIN doctors AS d ON d.clinic_id = v.clinic_id AND d.id = v.doctor_id
LEFT JOIN users AS du ON du.clinic_id = d.clinic_id AND du.id = d.user_id
WHERE v.form_key = @form_key;

-- name: OpenVisitOfPatient :one
-- The patient's visit that is still waiting or in consultation, if any.
SELECT sqlc.embed(v), p.name AS patient_name, p.patient_number, du.display_name AS doctor_name
FROM patient_visits AS v
JOIN patients AS p ON p.clinic_id = v.clinic_id AND p.id = v.patient_id
LEFT JOIN doctors AS d ON d.clinic_id = v.clinic_id AND d.id = v.doctor_id
LEFT JOIN users AS du ON du.clinic_id = d.clinic_id AND du.id = d.user_id
WHERE v.patient_id = @patient_id AND v.status IN ('checked_in', 'in_consultation');

-- name: ListPatientVisitDetails :many
-- A patient's visits in queue order: newest day first, then emergency,
-- urgent, normal, then token; keyset-paginated on (visit_date, rank,
-- token), which is unique because tokens are unique per day. The patient
-- and the cursor are plain parameters (the first page passes a day after
-- every visit, clinic.historyStart), so that PostgreSQL keeps one generic
-- plan on the patient's index; with an optional patient and cursor it
-- planned every call afresh, 0.41 ms of planning for a 0.7 ms read
-- (docs/scaling.md, item 10). The cursor reads "before the cursor's day,
-- or that day after its (rank, token)", as ListVisitDay's.
SELECT sqlc.embed(v), p.name AS patient_name, p.patient_number, du.display_name AS doctor_name,
       (CASE v.priority WHEN 'emergency' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END)::integer AS priority_rank
FROM patient_visits AS v
JOIN patients AS p ON p.clinic_id = v.clinic_id AND p.id = v.patient_id
LEFT JOIN doctors AS d ON d.clinic_id = v.clinic_id AND d.id = v.doctor_id
LEFT JOIN users AS du ON du.clinic_id = d.clinic_id AND du.id = d.user_id
WHERE v.patient_id = @patient_id
  AND (sqlc.narg(visit_date)::date IS NULL OR v.visit_date = sqlc.narg(visit_date)::date)
  AND (sqlc.narg(status)::text IS NULL OR v.status = sqlc.narg(status)::text)
  AND (sqlc.narg(doctor_id)::uuid IS NULL OR v.doctor_id = sqlc.narg(doctor_id)::uuid)
  AND (@after_date::date, -sqlc.arg(after_rank)::integer, -sqlc.arg(after_token)::integer)
      > (v.visit_date, -(CASE v.priority WHEN 'emergency' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END), -v.token)
ORDER BY v.visit_date DESC, priority_rank, v.token
LIMIT @max_rows;

-- name: ListVisitDay :many
-- One day's visits in queue order, the queue's own statement. The day is
-- a plain parameter, so the one generic plan walks the day's index, and
-- the rest are filters; a statement with an optional day planned every
-- call afresh (its generic plan would not know the day and would walk the
-- clinic's whole history; docs/scaling.md, item 7). The keyset cursor is
-- not optional: the first page passes the day after (clinic.firstPageOf);
-- the row comparison reads as "before the cursor's day, or that day after
-- its (rank, token)" without an OR on visit_date, which would take the
-- index away from the day.
SELECT sqlc.embed(v), p.name AS patient_name, p.patient_number, du.display_name AS doctor_name,
       (CASE v.priority WHEN 'emergency' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END)::integer AS priority_rank
FROM patient_visits AS v
JOIN patients AS p ON p.clinic_id = v.clinic_id AND p.id = v.patient_id
LEFT JOIN doctors AS d ON d.clinic_id = v.clinic_id AND d.id = v.doctor_id
LEFT JOIN users AS du ON du.clinic_id = d.clinic_id AND du.id = d.user_id
WHERE v.visit_date = @visit_date::date
  AND (sqlc.narg(status)::text IS NULL OR v.status = sqlc.narg(status)::text)
  AND (sqlc.narg(doctor_id)::uuid IS NULL OR v.doctor_id = sqlc.narg(doctor_id)::uuid)
  AND (@after_date::date, -sqlc.arg(after_rank)::integer, -sqlc.arg(after_token)::integer)
      > (v.visit_date, -(CASE v.priority WHEN 'emergency' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END), -v.token)
ORDER BY priority_rank, v.token
LIMIT @max_rows;

-- name: ClinicToday :one
-- The clinic-local date today, the day a queue shows unless told another,
-- and the instant it ends (the clinic-local midnight after it), until which
-- the server may remember it.
SELECT t.today, ((t.today + 1)::timestamp AT TIME ZONE c.timezone)::timestamptz AS ends_at
FROM clinics AS c, LATERAL (SELECT (now() AT TIME ZONE c.timezone)::date AS today) AS t
WHERE c.id = app.current_clinic();

-- name: QueueDay :one
-- The day a queue shows (the clinic-local today unless given), how many of
-- its visits are in each status (optionally for one doctor), and the active
-- doctors to filter by.
WITH day AS (
    SELECT coalesce(sqlc.narg(visit_date)::date, (now() AT TIME ZONE c.timezone)::date)::date AS visit_date
    FROM clinics AS c
    WHERE c.id = app.current_clinic()
)
SELECT day.visit_date,
       count(v.id) FILTER (WHERE v.status = 'checked_in') AS checked_in,
       count(v.id) FILTER (WHERE v.status = 'in_consultation') AS in_consultation,
       count(v.id) FILTER (WHERE v.status = 'completed') AS completed,
       count(v.id) FILTER (WHERE v.status = 'cancelled') AS cancelled,
       (SELECT coalesce(json_agg(json_build_object('id', d.id, 'name', u.display_name,
                    'specialization', d.specialization) ORDER BY u.display_name, d.id), '[]')
        FROM doctors AS d
        JOIN users AS u ON u.clinic_id = d.clinic_id AND u.id = d.user_id
        WHERE d.active AND u.active)::json AS doctors
FROM day
LEFT JOIN patient_visits AS v ON v.visit_date = day.visit_date
    AND (sqlc.narg(doctor_id)::uuid IS NULL OR v.doctor_id = sqlc.narg(doctor_id)::uuid)
GROUP BY day.visit_date;

-- name: ActiveDoctors :many
-- The clinic's active doctors, for choosing one at check-in.
SELECT d.id, u.display_name, d.specialization
FROM doctors AS d
JOIN users AS u ON u.clinic_id = d.clinic_id AND u.id = d.user_id
WHERE d.active AND u.active
ORDER BY u.display_name, d.id;
