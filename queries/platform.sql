-- The platform operators' queries: the list crosses clinics through the
-- SECURITY DEFINER functions (no clinic context needed); every write runs
-- in the clinic's own context with the admin role.
-- name: PlatformClinicList :many
-- A page of clinics with their counts (patients, active staff, visits this
-- month), or the one clinic with slug.
SELECT c.*, app.platform_clinic_counts(c.id)::bigint[] AS counts
FROM app.platform_clinic_page(sqlc.narg(slug)::text, sqlc.narg(after_name)::text,
    sqlc.narg(after_id)::uuid, @max_rows::integer) AS c;

-- name: PlatformUpdateClinic :one
-- Name, plan limits and subscription, when still at the version the
-- operator read.
UPDATE clinics SET name = @name, max_doctors = @max_doctors, max_patients = @max_patients,
    max_receptionists = @max_receptionists, subscription_status = @subscription_status,
    subscription_ends_on = @subscription_ends_on
WHERE id = app.current_clinic() AND updated_at = @version
RETURNING *;

-- name: PlatformSuspendClinic :one
-- Suspends a clinic that is not suspended; its members lose access at
-- their next request.
UPDATE clinics SET subscription_status = 'suspended'
WHERE id = app.current_clinic() AND subscription_status <> 'suspended'
RETURNING *;

-- name: PlatformReactivateClinic :one
-- Reactivates a suspended clinic.
UPDATE clinics SET subscription_status = 'active'
WHERE id = app.current_clinic() AND subscription_status = 'suspended'
RETURNING *;

-- name: PlatformCreateClinic :one
-- The transaction's context is the new clinic's id, chosen by the caller.
INSERT INTO clinics (id, name, slug, code, city, state, timezone, subscription_status,
    subscription_ends_on, max_doctors, max_patients, max_receptionists)
VALUES (app.current_clinic(), @name, @slug, @code, @city, @state, @timezone, @subscription_status,
    @subscription_ends_on, @max_doctors, @max_patients, @max_receptionists)
RETURNING *;
