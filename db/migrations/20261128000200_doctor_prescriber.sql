-- migrate:up

-- The prescriber's name as it was when the prescription was written: a
-- prescription is a signed document and must print the same later (a
-- renamed account does not rewrite it). It also lets a patient print their
-- own prescription: the users policy shows a patient only their own row,
-- so the doctor's name cannot come from a join for them. Written once, at
-- insert: no UPDATE grant.
ALTER TABLE prescriptions ADD COLUMN prescriber_name varchar(200) NOT NULL DEFAULT '';

-- The clinic-wide prescription list (newest first, keyset-paginated).
CREATE INDEX prescriptions_created_idx ON prescriptions (clinic_id, created_at DESC, id DESC);

-- migrate:down
DROP INDEX prescriptions_created_idx;
ALTER TABLE prescriptions DROP COLUMN prescriber_name;
