-- What the importer reads from the tracker's database. These tables belong
-- to the Django application, not to Santkrupa's schema, so they live here
-- rather than in queries/. Each statement is plain SQL that SQLite and
-- PostgreSQL both accept: no parameters (whole tables are read and filtered
-- by clinic in Go, where the NULL-clinic rule is applied and reported),
-- quoted identifiers, and values converted in values.go. Sections are
-- named "-- name: <key>" and read by source.go.

-- name: clinics
SELECT "id", "name", "slug", "logo", "address", "city", "state", "zip_code", "phone_number", "email",
       "website", "registration_number", "subscription_status", "max_doctors", "max_patients",
       "max_receptionists", "is_active"
FROM "hospital_clinic" ORDER BY "id";

-- name: users
SELECT "id", "clinic_id", "username", "first_name", "last_name", "email", "role", "mobile_number",
       "is_active", "is_superuser", "date_joined"
FROM "hospital_user" ORDER BY "id";

-- name: doctors
SELECT "id", "clinic_id", "user_id", "specialization", "license_number"
FROM "hospital_doctor" ORDER BY "id";

-- name: patients
SELECT "id", "clinic_id", "patient_id", "patient_name", "age", "gender", "address", "phone_number",
       "date_of_birth", "weight", "registration_date", "status", "registered_by_id", "user_id"
FROM "hospital_patient" ORDER BY "id";

-- name: visits
SELECT "id", "clinic_id", "patient_id", "checked_in_by_id", "check_in_date", "purpose", "status", "notes"
FROM "hospital_patientvisit" ORDER BY "id";

-- name: prescriptions
SELECT "id", "clinic_id", "patient_id", "doctor_id", "prescription_date", "status",
       "admission_recommended", "admission_reason"
FROM "hospital_prescription" ORDER BY "id";

-- name: vitals
SELECT "id", "clinic_id", "prescription_id", "bp", "pulse", "temp", "spo2", "sugar"
FROM "hospital_vitals" ORDER BY "id";

-- name: lines
SELECT "id", "clinic_id", "prescription_id", "medicine_name", "medicine_type", "dosage",
       "frequency_per_day", "schedule", "duration", "qty", "food_instruction", "instructions"
FROM "hospital_medicine" ORDER BY "id";

-- name: master_medicines
SELECT "id", "clinic_id", "medicine_name", "medicine_type", "default_dosage", "common_dosages",
       "default_schedule", "default_duration", "frequency_per_day", "food_instruction",
       "description", "is_active", "created_at"
FROM "hospital_mastermedicine" ORDER BY "id";

-- name: master_tests
SELECT "id", "clinic_id", "test_name", "test_type", "description", "category", "is_active", "created_at"
FROM "hospital_mastertest" ORDER BY "id";

-- name: tests
SELECT "id", "clinic_id", "prescription_id", "test_type", "test_name", "description", "test_date",
       "result", "is_completed"
FROM "hospital_test" ORDER BY "id";

-- name: notes
SELECT "id", "clinic_id", "prescription_id", "observations", "diagnosis", "treatment_plan", "notes",
       "checkin_purpose", "created_at", "updated_at"
FROM "hospital_doctornotes" ORDER BY "id";

-- name: medical_reports
SELECT "id", "clinic_id", "patient_id", "report_file", "report_type", "description", "uploaded_at"
FROM "hospital_medicalreport" ORDER BY "id";

-- name: test_reports
SELECT "id", "clinic_id", "patient_id", "uploaded_by_id", "test_type", "report_file", "uploaded_at",
       "test_date", "notes"
FROM "hospital_testreport" ORDER BY "id";

-- Tables Santkrupa has no place for yet. Only their ids and clinics are
-- read, so that every such row is counted and reported, never dropped
-- silently.

-- name: admissions
SELECT "id", "clinic_id" FROM "hospital_patientadmission" ORDER BY "id";

-- name: treatment_logs
SELECT "id", "clinic_id" FROM "hospital_treatmentlog" ORDER BY "id";

-- name: templates
SELECT "id", "clinic_id" FROM "hospital_standardprescriptiontemplate" ORDER BY "id";

-- name: associated_medicals
SELECT "id", "clinic_id" FROM "hospital_associatedmedical" ORDER BY "id";
