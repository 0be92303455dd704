-- migrate:up

-- Idempotency keys of API creates: a client that retries a POST with the
-- same Idempotency-Key gets the first answer again instead of a second
-- record. One row per (clinic, user, key): a key is the user's own, never
-- shared with another user of the clinic. The row is committed "in
-- progress" (status NULL) before the create runs, then completed with the
-- response the client got; a row older than 24 hours is expired (reclaimed
-- by a new request with its key, pruned lazily). See docs/api.md.
CREATE TABLE api_idempotency (
    clinic_id        uuid NOT NULL DEFAULT app.current_clinic() REFERENCES clinics (id),
    user_id          uuid NOT NULL DEFAULT app.current_app_user(),
    key              varchar(200) NOT NULL CHECK (key <> ''),
    method           varchar(10) NOT NULL,
    path             varchar(2000) NOT NULL,
    -- sha256 of method, path, query and body: the same key with another
    -- request is refused.
    request_sha256   bytea NOT NULL CHECK (octet_length(request_sha256) = 32),
    -- The stored response; all NULL while in progress.
    status           smallint CHECK (status BETWEEN 100 AND 599),
    response_headers jsonb,
    response_body    bytea,
    created_at       timestamptz NOT NULL DEFAULT now(),
    completed_at     timestamptz,
    PRIMARY KEY (clinic_id, user_id, key),
    FOREIGN KEY (clinic_id, user_id) REFERENCES users (clinic_id, id) ON DELETE CASCADE,
    CHECK ((status IS NULL) = (completed_at IS NULL))
);

-- Closed from birth (policies/api_idempotency.sql adds the policies).
ALTER TABLE api_idempotency ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_idempotency FORCE ROW LEVEL SECURITY;

-- Claimed, completed (or reclaimed after expiry), released and pruned by the
-- application; nothing identifies a row but its key, so the key columns are
-- never updatable.
GRANT SELECT, INSERT, DELETE ON api_idempotency TO santkrupa_app;
GRANT UPDATE (method, path, request_sha256, status, response_headers, response_body, created_at, completed_at)
    ON api_idempotency TO santkrupa_app;

-- Recorded in the access log like every clinic table: a claim (insert), a
-- reclaim of an expired key, a release or prune (delete). Storing the
-- response of a completed create is no change worth an event: the create
-- itself is recorded by its own table.
CREATE TRIGGER api_idempotency_audit AFTER INSERT OR DELETE ON api_idempotency
    FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('', '');
CREATE TRIGGER api_idempotency_audit_update AFTER UPDATE ON api_idempotency
    FOR EACH ROW
    WHEN ((OLD.request_sha256, OLD.created_at) IS DISTINCT FROM (NEW.request_sha256, NEW.created_at))
    EXECUTE FUNCTION app.audit_row_change('', '');

-- migrate:down
DROP TABLE api_idempotency;
