-- The clinic administrator's queries: dashboard, staff and plan limits,
-- doctor profiles, the medicine and test catalogs, clinic settings.

-- name: AdminDashboard :one
-- The dashboard in one statement. "Today" and "this month" are the
-- clinic's own, in its timezone.
WITH c AS (
    SELECT cl.name, cl.timezone, cl.max_doctors, cl.max_receptionists, cl.max_patients,
        (now() AT TIME ZONE cl.timezone)::date AS today
    FROM clinics AS cl
    WHERE cl.id = app.current_clinic()
)
SELECT c.name AS clinic_name, c.timezone, c.today::date AS today, c.max_doctors, c.max_receptionists, c.max_patients,
    v.checked_in, v.in_consultation, v.completed, v.cancelled,
    (SELECT count(*) FROM patients AS p
        WHERE p.created_at >= (date_trunc('month', c.today::timestamp) AT TIME ZONE c.timezone)) AS patients_this_month,
    (SELECT count(*) FROM patients) AS patients_total,
    (SELECT count(*) FROM tests AS t WHERE t.status IN ('ordered', 'collected')) AS tests_pending,
    s.admins, s.doctors, s.receptionists, s.lab_techs, s.invited
FROM c,
LATERAL (
    SELECT count(*) FILTER (WHERE pv.status = 'checked_in') AS checked_in,
        count(*) FILTER (WHERE pv.status = 'in_consultation') AS in_consultation,
        count(*) FILTER (WHERE pv.status = 'completed') AS completed,
        count(*) FILTER (WHERE pv.status = 'cancelled') AS cancelled
    FROM patient_visits AS pv
    WHERE pv.visit_date = c.today
) AS v,
LATERAL (
    SELECT count(*) FILTER (WHERE u.role = 'admin') AS admins,
        count(*) FILTER (WHERE u.role = 'doctor') AS doctors,
        count(*) FILTER (WHERE u.role = 'receptionist') AS receptionists,
        count(*) FILTER (WHERE u.role = 'lab_tech') AS lab_techs,
        count(*) FILTER (WHERE u.oidc_subject IS NULL) AS invited
    FROM users AS u
    WHERE u.active AND u.role <> 'patient'
) AS s;

-- name: AdminListUsers :many
-- The clinic's members by name, keyset-paginated on (display_name, id).
SELECT * FROM users
WHERE (sqlc.narg(role)::text IS NULL OR role = sqlc.narg(role)::text)
  AND (NOT @staff_only::boolean OR role <> 'patient')
  AND (sqlc.narg(active)::boolean IS NULL OR active = sqlc.narg(active)::boolean)
  AND (sqlc.narg(after_name)::text IS NULL
       OR (display_name::text, id) > (sqlc.narg(after_name)::text, sqlc.narg(after_id)::uuid))
ORDER BY display_name::text, id
LIMIT @max_rows;

-- name: AdminLockStaffing :one
-- Serialises the clinic's staffing changes (invitations, role changes,
-- reactivations): a second admin's change waits here, and its next
-- statement counts seats afresh. NO KEY UPDATE does not conflict with the
-- key-share locks that inserts elsewhere take on the clinic row.
SELECT max_doctors, max_receptionists FROM clinics
WHERE id = app.current_clinic()
FOR NO KEY UPDATE;

-- name: AdminInviteStaff :one
-- Inserts the invitation only while the plan has a seat for its role
-- (active members and pending invitations hold seats). No row: the plan's
-- limit is reached.
INSERT INTO users (display_name, email, phone, role)
SELECT @display_name, @email, @phone, @role::text
FROM clinics AS c
WHERE c.id = app.current_clinic()
  AND (CASE @role::text WHEN 'doctor' THEN c.max_doctors WHEN 'receptionist' THEN c.max_receptionists END) IS NULL
       OR (SELECT count(*) FROM users AS o WHERE o.active AND o.role = @role::text)
          < (CASE @role::text WHEN 'doctor' THEN c.max_doctors WHEN 'receptionist' THEN c.max_receptionists END)
RETURNING *;

-- name: AdminUpdateStaff :one
-- Changes a member's role and/or active flag (NULL keeps it), only when the
-- record is still at version (NULL: any), a patient login stays one, a
-- member newly taking a doctor's or receptionist's seat finds one free, and
-- an active admin remains. No row: one of these failed (AdminStaffState
-- tells which).
UPDATE users AS u
SET role = coalesce(sqlc.narg(role)::text, u.role),
    active = coalesce(sqlc.narg(active)::boolean, u.active)
FROM clinics AS c
WHERE u.id = @id AND c.id = u.clinic_id
  AND (sqlc.narg(version)::timestamptz IS NULL OR u.updated_at = sqlc.narg(version)::timestamptz)
  AND (sqlc.narg(role)::text IS NULL OR (u.role <> 'patient' AND sqlc.narg(role)::text <> 'patient'))
  AND (NOT coalesce(sqlc.narg(active)::boolean, u.active)
       OR (u.active AND u.role = coalesce(sqlc.narg(role)::text, u.role))
       OR (CASE coalesce(sqlc.narg(role)::text, u.role)
               WHEN 'doctor' THEN c.max_doctors WHEN 'receptionist' THEN c.max_receptionists END) IS NULL
       OR (SELECT count(*) FROM users AS o
           WHERE o.active AND o.id <> u.id AND o.role = coalesce(sqlc.narg(role)::text, u.role))
          < (CASE coalesce(sqlc.narg(role)::text, u.role)
               WHEN 'doctor' THEN c.max_doctors WHEN 'receptionist' THEN c.max_receptionists END))
  AND ((coalesce(sqlc.narg(active)::boolean, u.active) AND coalesce(sqlc.narg(role)::text, u.role) = 'admin')
       OR NOT (u.active AND u.role = 'admin')
       OR EXISTS (SELECT 1 FROM users AS o WHERE o.active AND o.role = 'admin' AND o.id <> u.id))
RETURNING u.*;

-- name: AdminStaffState :one
-- A member with the seats the others hold, to explain a refused change.
SELECT sqlc.embed(u),
    (SELECT count(*) FROM users AS o WHERE o.active AND o.role = 'admin' AND o.id <> u.id) AS other_admins,
    (SELECT count(*) FROM users AS o WHERE o.active AND o.role = 'doctor' AND o.id <> u.id) AS other_doctors,
    (SELECT count(*) FROM users AS o WHERE o.active AND o.role = 'receptionist' AND o.id <> u.id) AS other_receptionists,
    c.max_doctors, c.max_receptionists
FROM users AS u
JOIN clinics AS c ON c.id = u.clinic_id
WHERE u.id = @id;

-- name: AdminListDoctors :many
-- Doctor profiles with their member's name, keyset-paginated on
-- (display_name, id).
SELECT d.id, d.clinic_id, d.user_id, d.specialization, d.qualification, d.license_number, d.active,
    d.created_at, d.updated_at, u.display_name, u.email, u.active AS user_active
FROM doctors AS d
JOIN users AS u ON u.clinic_id = d.clinic_id AND u.id = d.user_id
WHERE (sqlc.narg(after_name)::text IS NULL
       OR (u.display_name::text, d.id) > (sqlc.narg(after_name)::text, sqlc.narg(after_id)::uuid))
ORDER BY u.display_name::text, d.id
LIMIT @max_rows;

-- name: AdminGetDoctor :one
SELECT d.id, d.clinic_id, d.user_id, d.specialization, d.qualification, d.license_number, d.active,
    d.created_at, d.updated_at, u.display_name, u.email, u.active AS user_active
FROM doctors AS d
JOIN users AS u ON u.clinic_id = d.clinic_id AND u.id = d.user_id
WHERE d.id = @id;

-- name: AdminDoctorByUser :one
SELECT d.id, d.clinic_id, d.user_id, d.specialization, d.qualification, d.license_number, d.active,
    d.created_at, d.updated_at, u.display_name, u.email, u.active AS user_active
FROM doctors AS d
JOIN users AS u ON u.clinic_id = d.clinic_id AND u.id = d.user_id
WHERE d.user_id = @user_id;

-- name: AdminCreateDoctor :one
-- A doctor profile for a member whose role is doctor. No row: the member
-- is missing or not a doctor.
WITH ins AS (
    INSERT INTO doctors (user_id, specialization, qualification, license_number)
    SELECT u.id, @specialization, @qualification, @license_number
    FROM users AS u
    WHERE u.id = @user_id AND u.role = 'doctor'
    RETURNING *
)
SELECT ins.id, ins.clinic_id, ins.user_id, ins.specialization, ins.qualification, ins.license_number,
    ins.active, ins.created_at, ins.updated_at, u.display_name, u.email, u.active AS user_active
FROM ins
JOIN users AS u ON u.clinic_id = ins.clinic_id AND u.id = ins.user_id;

-- name: AdminUpdateDoctor :one
-- Applies only when the profile is still at the version the editor read.
WITH upd AS (
    UPDATE doctors SET specialization = @specialization, qualification = @qualification,
        license_number = @license_number, active = @active
    WHERE doctors.id = @id AND doctors.updated_at = @version
    RETURNING *
)
SELECT upd.id, upd.clinic_id, upd.user_id, upd.specialization, upd.qualification, upd.license_number,
    upd.active, upd.created_at, upd.updated_at, u.display_name, u.email, u.active AS user_active
FROM upd
JOIN users AS u ON u.clinic_id = upd.clinic_id AND u.id = upd.user_id;

-- name: AdminListMedicines :many
-- The catalog by name, active and inactive, optionally by name prefix
-- (leakproof comparisons on the "C"-collated name_search, as for patients).
SELECT * FROM medicines
WHERE name_search >= lower(@prefix::text)
  AND name_search < (lower(@prefix::text) || chr(1114111))
  AND (sqlc.narg(active)::boolean IS NULL OR active = sqlc.narg(active)::boolean)
  AND (sqlc.narg(after_name)::text IS NULL
       OR (name_search, id) > (sqlc.narg(after_name)::text COLLATE "C", sqlc.narg(after_id)::uuid))
ORDER BY name_search, id
LIMIT @max_rows;

-- name: AdminUpdateMedicine :one
-- Applies only when the medicine is still at the version the editor read.
UPDATE medicines SET name = @name, generic_name = @generic_name, form = @form, strength = @strength,
    default_dose = @default_dose, default_schedule = @default_schedule,
    default_duration_days = @default_duration_days, active = @active
WHERE id = @id AND updated_at = @version
RETURNING *;

-- name: AdminSetMedicineActive :one
UPDATE medicines SET active = @active WHERE id = @id RETURNING *;

-- name: AdminListCatalogTests :many
-- The test catalog by name, active and inactive, keyset-paginated on
-- (name, id).
SELECT * FROM test_catalog
WHERE (sqlc.narg(active)::boolean IS NULL OR active = sqlc.narg(active)::boolean)
  AND (sqlc.narg(after_name)::text IS NULL
       OR (name::text, id) > (sqlc.narg(after_name)::text, sqlc.narg(after_id)::uuid))
ORDER BY name::text, id
LIMIT @max_rows;

-- name: AdminGetCatalogTest :one
SELECT * FROM test_catalog WHERE id = @id;

-- name: AdminUpdateCatalogTest :one
-- Applies only when the entry is still at the version the editor read.
UPDATE test_catalog SET name = @name, test_type = @test_type, description = @description, active = @active
WHERE id = @id AND updated_at = @version
RETURNING *;

-- name: AdminSetCatalogTestActive :one
UPDATE test_catalog SET active = @active WHERE id = @id RETURNING *;

-- name: AdminUpdateClinicSettings :one
-- The clinic's own settings, when still at the version the admin read.
-- The timezone is used once here so that one PostgreSQL does not know
-- fails the update (22023) instead of every later dashboard.
UPDATE clinics SET name = @name, code = @code, address = @address, city = @city, state = @state,
    postal_code = @postal_code, phone = @phone, email = @email,
    registration_number = @registration_number, timezone = @timezone
WHERE id = app.current_clinic() AND updated_at = @version
  AND (now() AT TIME ZONE @timezone::text) IS NOT NULL
RETURNING *;
