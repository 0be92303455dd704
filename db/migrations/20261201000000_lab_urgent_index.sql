-- migrate:up transaction:false

-- The lab's list of urgent (or stat) tests, in order, a page at a time:
-- LabListUrgentTests reads a page of keys from this index alone. Through
-- (clinic_id, status, ordered_at), a filter on urgency read a large status
-- whole and sorted it, because the planner cannot see the clinic (an
-- init-plan value of the policies) and, with the filter, expected fewer
-- rows than a page: urgent completed tests of the 100,000-patient
-- benchmark clinic took 93–239 ms. patient_id is included because the
-- tests' read policy looks at it, so the scan need not visit the table.
-- Partial: routine tests, most of a clinic's, are what the status index
-- finds first anyway, and leaving them out keeps this index at a tenth of
-- the full one's size (8 MB against 76 MB on the benchmark data set).
--
-- CONCURRENTLY, outside a transaction and alone in its file: a plain
-- CREATE INDEX would stop every write to tests while it reads the whole
-- table. If the build fails it leaves an invalid index and the migration
-- unrecorded; drop the index (DROP INDEX CONCURRENTLY
-- tests_status_urgency_idx) and migrate again.
CREATE INDEX CONCURRENTLY tests_status_urgency_idx ON tests (clinic_id, status, urgency, ordered_at, id)
    INCLUDE (patient_id) WHERE urgency <> 'routine';

-- migrate:down transaction:false

DROP INDEX CONCURRENTLY tests_status_urgency_idx;
