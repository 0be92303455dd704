-- migrate:up

-- Corrections keep the earlier version. A corrected test report is a new
-- row that names the report it replaces for display (supersedes); the
-- replaced one stays, readable as history. The key carries clinic_id and
-- patient_id, so a correction can name only a report of the same clinic
-- and the same patient. Each version is replaced at most once: two
-- corrections of the same report at once cannot both succeed, and history
-- is a chain, never a tree. The column is never updated, so it gets no
-- UPDATE grant (the table-level INSERT grant covers it).
ALTER TABLE test_reports ADD COLUMN supersedes uuid,
    ADD CONSTRAINT test_reports_supersedes_fkey FOREIGN KEY (clinic_id, supersedes, patient_id)
        REFERENCES test_reports (clinic_id, id, patient_id),
    ADD CONSTRAINT test_reports_supersedes_check CHECK (supersedes IS NULL OR (status = 'corrected' AND supersedes <> id));
CREATE UNIQUE INDEX test_reports_supersedes_key ON test_reports (clinic_id, supersedes) WHERE supersedes IS NOT NULL;

-- The documents of a whole clinic, newest first (the API's list without a
-- patient): keyset pages read the index in order.
CREATE INDEX medical_reports_created_idx ON medical_reports (clinic_id, created_at DESC, id DESC);

-- migrate:down
DROP INDEX medical_reports_created_idx;
DROP INDEX test_reports_supersedes_key;
ALTER TABLE test_reports DROP COLUMN supersedes;
