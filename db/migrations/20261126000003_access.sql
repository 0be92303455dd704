-- migrate:up

-- What santkrupa_app may do: read and write rows, which the policies in
-- policies/ then narrow to the transaction's clinic. No TRUNCATE, REFERENCES
-- or TRIGGER (none of them is subject to row-level security), no CREATE.
GRANT USAGE ON SCHEMA app TO santkrupa_app;
GRANT EXECUTE ON FUNCTION app.current_clinic(), app.current_app_user(), app.current_app_role(),
    app.setting_uuid(text) TO santkrupa_app;

GRANT SELECT, INSERT ON clinics TO santkrupa_app;
GRANT SELECT, INSERT ON clinic_counters TO santkrupa_app;
GRANT SELECT, INSERT, DELETE ON
    users, patients, doctors, patient_visits, medicines,
    prescriptions, prescription_lines, test_catalog, tests, test_reports, test_report_values,
    doctor_notes, medical_reports
TO santkrupa_app;

-- UPDATE is granted column by column: clinic_id, ids and creation facts
-- are never updatable, so no row moves between clinics or changes identity.
GRANT UPDATE (value) ON clinic_counters TO santkrupa_app;
GRANT UPDATE (name, code, address, city, state, postal_code, phone, email, registration_number,
    timezone, subscription_status, subscription_ends_on, max_doctors, max_patients,
    max_receptionists, active) ON clinics TO santkrupa_app;
GRANT UPDATE (display_name, email, phone, role, oidc_issuer, oidc_subject, active, last_login_at)
    ON users TO santkrupa_app;
GRANT UPDATE (name, date_of_birth, age_years, sex, phone, email, address, weight_kg, blood_group,
    allergies, emergency_contact_name, emergency_contact_phone, status, user_id)
    ON patients TO santkrupa_app;
GRANT UPDATE (specialization, qualification, license_number, active) ON doctors TO santkrupa_app;
GRANT UPDATE (doctor_id, purpose, priority, status, started_at, completed_at, cancelled_at,
    cancel_reason, bp_systolic, bp_diastolic, pulse, temperature_c, spo2, blood_sugar, weight_kg,
    notes) ON patient_visits TO santkrupa_app;
GRANT UPDATE (name, generic_name, form, strength, default_dose, default_schedule,
    default_duration_days, active) ON medicines TO santkrupa_app;
GRANT UPDATE (status, diagnosis, advice, admission_recommended, admission_reason, follow_up_date,
    finalized_at) ON prescriptions TO santkrupa_app;
GRANT UPDATE (position, medicine_id, medicine_name, form, dose, schedule, frequency,
    duration_days, quantity, food_instruction, route, prn, instructions)
    ON prescription_lines TO santkrupa_app;
GRANT UPDATE (name, test_type, description, active) ON test_catalog TO santkrupa_app;
GRANT UPDATE (status, urgency, description, collected_at, completed_at, cancelled_at)
    ON tests TO santkrupa_app;
GRANT UPDATE (status, performed_by, performed_at, verified_by, verified_at, notes, file_content,
    file_content_type, file_name, file_size, file_sha256) ON test_reports TO santkrupa_app;
GRANT UPDATE (analyte, value, unit, reference_range, abnormal_flag)
    ON test_report_values TO santkrupa_app;
GRANT UPDATE (chief_complaint, observations, diagnosis, treatment_plan, notes, signed_at)
    ON doctor_notes TO santkrupa_app;
-- medical_reports: files are immutable; a wrong upload is deleted and replaced.

-- app.is_own_patient tells whether the acting patient user is the patient
-- a row belongs to. It runs with the caller's rights, so the patients
-- policies hold inside it too.
CREATE FUNCTION app.is_own_patient(p_clinic uuid, p_patient uuid) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.patients AS p
        WHERE p.clinic_id = p_clinic AND p.id = p_patient
          AND p.user_id = app.current_app_user())
$$;
REVOKE ALL ON FUNCTION app.is_own_patient(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.is_own_patient(uuid, uuid) TO santkrupa_app;

-- app.clinic_id_by_slug resolves the clinic named in a URL before any
-- clinic context exists, which is why it must look across clinics. It
-- answers only for active clinics and only with the id.
CREATE FUNCTION app.clinic_id_by_slug(p_slug text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT c.id FROM public.clinics AS c WHERE c.slug = p_slug AND c.active
$$;
REVOKE ALL ON FUNCTION app.clinic_id_by_slug(text) FROM PUBLIC;
GRANT SELECT (id, slug, active) ON clinics TO santkrupa_definer;
GRANT USAGE, CREATE ON SCHEMA app TO santkrupa_definer;
ALTER FUNCTION app.clinic_id_by_slug(text) OWNER TO santkrupa_definer;
REVOKE CREATE ON SCHEMA app FROM santkrupa_definer;
GRANT EXECUTE ON FUNCTION app.clinic_id_by_slug(text) TO santkrupa_app;

-- migrate:down
DROP FUNCTION app.clinic_id_by_slug(text);
DROP FUNCTION app.is_own_patient(uuid, uuid);
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM santkrupa_app, santkrupa_definer;
REVOKE ALL ON SCHEMA app FROM santkrupa_app, santkrupa_definer;
