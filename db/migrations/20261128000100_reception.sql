-- migrate:up

-- The check-in form's key: the page puts a fresh key in each check-in form,
-- so that a form submitted twice (a double click, a resubmission after a
-- timeout) finds the visit its first submission made instead of failing as
-- "already checked in". Unique per clinic like every key; NULL for visits
-- checked in without one (the API, which has Idempotency-Key instead).
-- Never updated, so no UPDATE grant.
ALTER TABLE patient_visits ADD COLUMN form_key uuid,
    ADD CONSTRAINT patient_visits_clinic_id_form_key_key UNIQUE (clinic_id, form_key);

-- The phone number's last ten digits: the same number written with or
-- without the country code (+91 98220 11111, 098220 11111, 9822011111)
-- has the same key, so search and the duplicate warning find it however
-- it was typed. Shorter numbers are their own key. Replaces the index on
-- all the digits, which no query uses any more.
ALTER TABLE patients ADD COLUMN phone_key text COLLATE "C"
    GENERATED ALWAYS AS (right(regexp_replace(phone, '[^0-9]', '', 'g'), 10)) STORED;
CREATE INDEX patients_phone_key_idx ON patients (clinic_id, phone_key) WHERE phone_key <> '';
DROP INDEX patients_phone_idx;

-- Name search pages in (name_search, id) order: with id in the index a page
-- is read in order and stops at its limit, instead of sorting every
-- patient whose name has the prefix (a quarter of the clinic for "s").
-- Equality on name_search (the duplicate warning) uses it too.
CREATE INDEX patients_name_search_id_idx ON patients (clinic_id, name_search, id);
DROP INDEX patients_name_search_idx;

-- migrate:down
CREATE INDEX patients_name_search_idx ON patients (clinic_id, name_search);
DROP INDEX patients_name_search_id_idx;
CREATE INDEX patients_phone_idx ON patients (clinic_id, phone_digits) WHERE phone_digits <> '';
DROP INDEX patients_phone_key_idx;
ALTER TABLE patients DROP COLUMN phone_key;
ALTER TABLE patient_visits DROP COLUMN form_key;
