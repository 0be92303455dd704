-- `santkrupa import legacy`: bringing a clinic over from the Django tracker.
-- Every statement runs in the target clinic's context (store.Tx, role
-- admin), so the policies hold the importer like any other writer. Each
-- imported row carries its legacy_id, unique per clinic: a second run finds
-- it (LegacyIDs) and imports nothing twice; ON CONFLICT on that
-- key is the belt to those braces.

-- name: LegacyIDs :many
-- Every legacy id the clinic already holds, per table, in one round trip.
SELECT 'users'::text AS table_name, legacy_id::text AS legacy_id, id FROM users WHERE legacy_id IS NOT NULL
UNION ALL
SELECT 'doctors'::text AS table_name, legacy_id::text AS legacy_id, id FROM doctors WHERE legacy_id IS NOT NULL
UNION ALL
SELECT 'patients'::text AS table_name, legacy_id::text AS legacy_id, id FROM patients WHERE legacy_id IS NOT NULL
UNION ALL
SELECT 'patient_visits'::text AS table_name, legacy_id::text AS legacy_id, id FROM patient_visits WHERE legacy_id IS NOT NULL
UNION ALL
SELECT 'prescriptions'::text AS table_name, legacy_id::text AS legacy_id, id FROM prescriptions WHERE legacy_id IS NOT NULL
UNION ALL
SELECT 'prescription_lines'::text AS table_name, legacy_id::text AS legacy_id, id FROM prescription_lines WHERE legacy_id IS NOT NULL
UNION ALL
SELECT 'medicines'::text AS table_name, legacy_id::text AS legacy_id, id FROM medicines WHERE legacy_id IS NOT NULL
UNION ALL
SELECT 'test_catalog'::text AS table_name, legacy_id::text AS legacy_id, id FROM test_catalog WHERE legacy_id IS NOT NULL
UNION ALL
SELECT 'tests'::text AS table_name, legacy_id::text AS legacy_id, id FROM tests WHERE legacy_id IS NOT NULL
UNION ALL
SELECT 'test_reports'::text AS table_name, legacy_id::text AS legacy_id, id FROM test_reports WHERE legacy_id IS NOT NULL
UNION ALL
SELECT 'doctor_notes'::text AS table_name, legacy_id::text AS legacy_id, id FROM doctor_notes WHERE legacy_id IS NOT NULL
UNION ALL
SELECT 'medical_reports'::text AS table_name, legacy_id::text AS legacy_id, id FROM medical_reports WHERE legacy_id IS NOT NULL;

-- The clinic's own keys the importer must not collide with when it imports
-- into a clinic that already has staff, doctors and catalogs.

-- name: LegacyExistingUsers :many
SELECT id, lower(email)::text AS email FROM users WHERE email <> '';

-- name: LegacyExistingDoctors :many
SELECT id, user_id, license_number FROM doctors;

-- name: LegacyExistingMedicines :many
SELECT id, name, form, strength FROM medicines;

-- name: LegacyExistingCatalogTests :many
SELECT id, name FROM test_catalog;

-- name: LegacyOpenVisitPatients :many
-- Patients with an open visit: the one-open-visit index allows no second.
SELECT patient_id FROM patient_visits WHERE status IN ('checked_in', 'in_consultation');

-- name: PatientByLegacyID :one
-- The number the patient had in the old system, as staff know it.
SELECT * FROM patients WHERE legacy_id = @legacy_id::text;

-- name: ImportUser :one
-- A pending invitation (email, no identity) or, without an email, a row an
-- admin completes later. No password or hash is ever carried over.
INSERT INTO users (legacy_id, display_name, email, phone, role, active, created_at)
VALUES (@legacy_id, @display_name, @email, @phone, @role, @active, @created_at)
ON CONFLICT (clinic_id, legacy_id) DO NOTHING
RETURNING *;

-- name: ImportDoctor :one
INSERT INTO doctors (legacy_id, user_id, specialization, qualification, license_number, active)
VALUES (@legacy_id, @user_id, @specialization, @qualification, @license_number, @active)
ON CONFLICT (clinic_id, legacy_id) DO NOTHING
RETURNING *;

-- name: ImportPatient :one
-- Numbered like RegisterPatient (app.next_patient_number()), plus what only
-- an import knows: the status and the legacy registration date. The caller
-- checks the legacy id first (LegacyPatientIDs), so no number is taken for a
-- row it skips.
INSERT INTO patients (patient_number, legacy_id, name, date_of_birth, age_years, sex, phone, email,
    address, weight_kg, blood_group, allergies, emergency_contact_name, emergency_contact_phone,
    status, registered_by, user_id, created_at)
VALUES (app.next_patient_number(), @legacy_id, @name, @date_of_birth, @age_years, @sex, @phone, @email,
    @address, @weight_kg, @blood_group, @allergies, @emergency_contact_name, @emergency_contact_phone,
    @status, @registered_by, @user_id, @created_at)
RETURNING *;

-- name: ImportVisit :one
-- A past visit keeps its check-in time; its day is the clinic-local date of
-- that time and its token the next of that day's counter, as CheckInPatient
-- would have given it, so a later check-in on the same day never collides.
WITH clinic AS (
    SELECT timezone(c.timezone, @checked_in_at::pg_catalog.timestamptz)::date AS day
    FROM clinics AS c
    WHERE c.id = app.current_clinic()
), seq AS (
    INSERT INTO clinic_counters (counter, period, value)
    SELECT 'visit_token', to_char(clinic.day, 'YYYY-MM-DD'), 1 FROM clinic
    ON CONFLICT (clinic_id, counter, period) DO UPDATE SET value = clinic_counters.value + 1
    RETURNING value
)
INSERT INTO patient_visits (legacy_id, patient_id, doctor_id, checked_in_by, checked_in_at,
    visit_date, token, purpose, priority, status, cancelled_at, cancel_reason, bp_systolic,
    bp_diastolic, pulse, temperature_c, spo2, blood_sugar, weight_kg, notes, created_at)
SELECT @legacy_id, @patient_id, @doctor_id, @checked_in_by, @checked_in_at::pg_catalog.timestamptz,
       clinic.day, seq.value, @purpose, 'normal', @status, @cancelled_at, @cancel_reason,
       @bp_systolic, @bp_diastolic, @pulse, @temperature_c, @spo2, @blood_sugar, @weight_kg,
       @notes, @checked_in_at::pg_catalog.timestamptz
FROM clinic, seq
RETURNING *;

-- name: ImportPrescription :one
INSERT INTO prescriptions (legacy_id, patient_id, doctor_id, visit_id, status, diagnosis, advice,
    admission_recommended, admission_reason, follow_up_date, finalized_at, created_at)
VALUES (@legacy_id, @patient_id, @doctor_id, @visit_id, @status, @diagnosis, @advice,
    @admission_recommended, @admission_reason, @follow_up_date, @finalized_at, @created_at)
ON CONFLICT (clinic_id, legacy_id) DO NOTHING
RETURNING *;

-- name: ImportPrescriptionLine :one
INSERT INTO prescription_lines (legacy_id, prescription_id, position, medicine_id, medicine_name,
    form, dose, schedule, frequency, duration_days, quantity, food_instruction, route, prn,
    instructions)
VALUES (@legacy_id, @prescription_id, @position, @medicine_id, @medicine_name, @form, @dose,
    @schedule, @frequency, @duration_days, @quantity, @food_instruction, @route, @prn,
    @instructions)
ON CONFLICT (clinic_id, legacy_id) DO NOTHING
RETURNING *;

-- name: ImportMedicine :one
INSERT INTO medicines (legacy_id, name, generic_name, form, strength, default_dose,
    default_schedule, default_duration_days, active, created_at)
VALUES (@legacy_id, @name, @generic_name, @form, @strength, @default_dose, @default_schedule,
    @default_duration_days, @active, @created_at)
ON CONFLICT (clinic_id, legacy_id) DO NOTHING
RETURNING *;

-- name: ImportCatalogTest :one
INSERT INTO test_catalog (legacy_id, name, test_type, description, active, created_at)
VALUES (@legacy_id, @name, @test_type, @description, @active, @created_at)
ON CONFLICT (clinic_id, legacy_id) DO NOTHING
RETURNING *;

-- name: ImportTest :one
INSERT INTO tests (legacy_id, patient_id, visit_id, prescription_id, catalog_id, ordered_by,
    test_type, name, description, urgency, status, ordered_at, completed_at, created_at)
VALUES (@legacy_id, @patient_id, @visit_id, @prescription_id, @catalog_id, @ordered_by,
    @test_type, @name, @description, 'routine', @status, @ordered_at, @completed_at, @ordered_at)
ON CONFLICT (clinic_id, legacy_id) DO NOTHING
RETURNING *;

-- name: ImportTestReport :one
INSERT INTO test_reports (legacy_id, test_id, patient_id, status, performed_by, performed_at,
    notes, file_content, file_content_type, file_name, file_size, file_sha256, created_at)
VALUES (@legacy_id, @test_id, @patient_id, @status, @performed_by, @performed_at, @notes,
    @file_content, @file_content_type, @file_name, @file_size, @file_sha256, @performed_at)
ON CONFLICT (clinic_id, legacy_id) DO NOTHING
RETURNING id, clinic_id, test_id, patient_id, status, performed_at, file_size, legacy_id;

-- name: ImportDoctorNote :one
INSERT INTO doctor_notes (legacy_id, visit_id, patient_id, author_id, chief_complaint,
    observations, diagnosis, treatment_plan, notes, signed_at, created_at)
VALUES (@legacy_id, @visit_id, @patient_id, @author_id, @chief_complaint, @observations,
    @diagnosis, @treatment_plan, @notes, @signed_at, @created_at)
ON CONFLICT (clinic_id, legacy_id) DO NOTHING
RETURNING *;

-- name: ImportMedicalReport :one
INSERT INTO medical_reports (legacy_id, patient_id, uploaded_by, report_type, description,
    content, content_type, size_bytes, sha256, original_filename, created_at)
VALUES (@legacy_id, @patient_id, @uploaded_by, @report_type, @description, @content,
    @content_type, @size_bytes, @sha256, @original_filename, @created_at)
ON CONFLICT (clinic_id, legacy_id) DO NOTHING
RETURNING id, clinic_id, patient_id, size_bytes, legacy_id;
