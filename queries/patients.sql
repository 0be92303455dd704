-- name: RegisterPatient :one
-- The number comes from app.next_patient_number(): gapless per clinic and
-- year, in the same transaction as the insert.
INSERT INTO patients (patient_number, legacy_id, name, date_of_birth, age_years, sex, phone, email,
    address, weight_kg, blood_group, allergies, emergency_contact_name, emergency_contact_phone,
    registered_by, user_id)
VALUES (app.next_patient_number(), @legacy_id, @name, @date_of_birth, @age_years, @sex, @phone, @email,
    @address, @weight_kg, @blood_group, @allergies, @emergency_contact_name, @emergency_contact_phone,
    @registered_by, @user_id)
RETURNING *;

-- name: GetPatient :one
SELECT * FROM patients WHERE id = @id;

-- name: PatientByNumber :one
SELECT * FROM patients WHERE patient_number = @patient_number;

-- name: ListPatients :many
-- Newest first, keyset-paginated on (created_at, id): the rows before the
-- cursor. The first page passes a cursor past every row
-- (clinic.NewestPatients) rather than none: with an optional cursor
-- ("IS NULL OR …") PostgreSQL planned this statement afresh on every call,
-- 0.19–0.27 ms of planning for a 0.15–0.18 ms read, where this form keeps
-- one generic plan (docs/scaling.md).
SELECT * FROM patients
WHERE (created_at, id) < (@after_created_at::timestamptz, @after_id::uuid)
ORDER BY created_at DESC, id DESC
LIMIT @max_rows;

-- name: SearchPatientsByNamePrefix :many
-- name_search >= prefix AND < prefix || U+10FFFF: leakproof comparisons on a
-- "C"-collated column, so the (clinic_id, name_search) index serves it under
-- row-level security, where LIKE could not.
SELECT * FROM patients
WHERE name_search >= lower(@prefix::text)
  AND name_search < (lower(@prefix::text) || chr(1114111))
  AND (sqlc.narg(after_name)::text IS NULL
       OR (name_search, id) > (sqlc.narg(after_name)::text COLLATE "C", sqlc.narg(after_id)::uuid))
ORDER BY name_search, id
LIMIT @max_rows;

-- name: SearchPatientsByPhone :many
SELECT * FROM patients
-- The last ten digits decide, so a number typed with or without its country
-- code matches (phone_key).
WHERE phone_key = right(@digits::text, 10) AND phone_key <> ''  -- matches the partial index
  AND (sqlc.narg(after_name)::text IS NULL
       OR (name_search, id) > (sqlc.narg(after_name)::text COLLATE "C", sqlc.narg(after_id)::uuid))
ORDER BY name_search, id
LIMIT @max_rows;

-- name: UpdatePatientStatus :one
UPDATE patients SET status = @status WHERE id = @id RETURNING *;

-- name: LinkPatientUser :one
UPDATE patients SET user_id = @user_id WHERE id = @id RETURNING *;

-- name: CountPatients :one
SELECT count(*) FROM patients;

-- name: UpdatePatient :one
-- Applies only when the record is still at the version the editor read.
UPDATE patients SET name = @name, date_of_birth = @date_of_birth, age_years = @age_years, sex = @sex,
    phone = @phone, email = @email, address = @address, weight_kg = @weight_kg,
    blood_group = @blood_group, allergies = @allergies,
    emergency_contact_name = @emergency_contact_name, emergency_contact_phone = @emergency_contact_phone
WHERE id = @id AND updated_at = @version
RETURNING *;
