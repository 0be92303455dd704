-- name: ClinicIDBySlug :one
-- Resolves a URL's clinic before any context exists (SECURITY DEFINER).
SELECT app.clinic_id_by_slug(@slug::text)::uuid AS id;

-- name: CreateClinic :one
-- The transaction's context is the new clinic's id, chosen by the caller.
INSERT INTO clinics (id, name, slug, code, address, city, state, postal_code, phone, email,
    registration_number, timezone, subscription_status, max_doctors, max_patients, max_receptionists)
VALUES (app.current_clinic(), @name, @slug, @code, @address, @city, @state, @postal_code, @phone,
    @email, @registration_number, @timezone, @subscription_status, @max_doctors, @max_patients,
    @max_receptionists)
RETURNING *;

-- name: GetCurrentClinic :one
SELECT * FROM clinics WHERE id = app.current_clinic();

-- name: ListVisibleClinics :many
-- Only the context's clinic is ever visible; used by the isolation tests.
SELECT * FROM clinics ORDER BY name;

-- name: SetClinicActive :one
UPDATE clinics SET active = @active WHERE id = @id RETURNING *;
