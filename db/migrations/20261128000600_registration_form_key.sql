-- migrate:up

-- The registration form's key, like the check-in form's: the page puts a
-- fresh key in each registration form, so a form submitted twice (a double
-- click, a resubmission after a timeout) finds the patient its first
-- submission registered instead of registering them again. Unique per
-- clinic; NULL for patients registered without one (the API has
-- Idempotency-Key instead). Never updated, so no UPDATE grant.
ALTER TABLE patients ADD COLUMN form_key uuid,
    ADD CONSTRAINT patients_clinic_id_form_key_key UNIQUE (clinic_id, form_key);

-- migrate:down
ALTER TABLE patients DROP COLUMN form_key;
