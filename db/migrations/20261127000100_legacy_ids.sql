-- migrate:up

-- Legacy ids: the primary key a row had in the clinic's previous system (the
-- Django "Santkrupa Healthcare Tracker"), kept so that `santkrupa import
-- legacy` can run twice and import nothing twice, and so that staff can
-- trace a record back. patients.legacy_id exists since the first schema.
-- Unique per clinic like every other key; NULL for rows born here.
-- The importer never updates the column, so it gets no UPDATE grant.
ALTER TABLE users ADD COLUMN legacy_id varchar(40),
    ADD CONSTRAINT users_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);
ALTER TABLE doctors ADD COLUMN legacy_id varchar(40),
    ADD CONSTRAINT doctors_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);
ALTER TABLE patient_visits ADD COLUMN legacy_id varchar(40),
    ADD CONSTRAINT patient_visits_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);
ALTER TABLE prescriptions ADD COLUMN legacy_id varchar(40),
    ADD CONSTRAINT prescriptions_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);
ALTER TABLE prescription_lines ADD COLUMN legacy_id varchar(40),
    ADD CONSTRAINT prescription_lines_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);
ALTER TABLE medicines ADD COLUMN legacy_id varchar(40),
    ADD CONSTRAINT medicines_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);
ALTER TABLE test_catalog ADD COLUMN legacy_id varchar(40),
    ADD CONSTRAINT test_catalog_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);
ALTER TABLE tests ADD COLUMN legacy_id varchar(40),
    ADD CONSTRAINT tests_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);
ALTER TABLE test_reports ADD COLUMN legacy_id varchar(40),
    ADD CONSTRAINT test_reports_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);
ALTER TABLE doctor_notes ADD COLUMN legacy_id varchar(40),
    ADD CONSTRAINT doctor_notes_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);
ALTER TABLE medical_reports ADD COLUMN legacy_id varchar(40),
    ADD CONSTRAINT medical_reports_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);

-- migrate:down
ALTER TABLE medical_reports DROP COLUMN legacy_id;
ALTER TABLE doctor_notes DROP COLUMN legacy_id;
ALTER TABLE test_reports DROP COLUMN legacy_id;
ALTER TABLE tests DROP COLUMN legacy_id;
ALTER TABLE test_catalog DROP COLUMN legacy_id;
ALTER TABLE medicines DROP COLUMN legacy_id;
ALTER TABLE prescription_lines DROP COLUMN legacy_id;
ALTER TABLE prescriptions DROP COLUMN legacy_id;
ALTER TABLE patient_visits DROP COLUMN legacy_id;
ALTER TABLE doctors DROP COLUMN legacy_id;
ALTER TABLE users DROP COLUMN legacy_id;
