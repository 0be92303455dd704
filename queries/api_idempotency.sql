-- Idempotency keys of API creates (internal/api/idempotency.go). Every
-- query acts on the current user's own keys (the policies say so too).

-- name: ClaimIdempotencyKey :many
-- Claims a key for a request: a new key, or one that has expired (24 hours),
-- is (re)set in progress and returned; a live key returns nothing (read it
-- with GetIdempotencyKey). A concurrent claim of the same key waits here
-- for the first to commit, then returns nothing.
INSERT INTO api_idempotency (key, method, path, request_sha256)
VALUES (@key, @method, @path, @request_sha256)
ON CONFLICT (clinic_id, user_id, key) DO UPDATE
    SET method = EXCLUDED.method, path = EXCLUDED.path, request_sha256 = EXCLUDED.request_sha256,
        status = NULL, response_headers = NULL, response_body = NULL, created_at = now(), completed_at = NULL
    WHERE api_idempotency.created_at < now() - interval '24 hours'
RETURNING created_at;

-- name: GetIdempotencyKey :many
SELECT method, path, request_sha256, status, response_headers, response_body, created_at, completed_at
FROM api_idempotency
WHERE user_id = app.current_app_user() AND key = @key;

-- name: CompleteIdempotencyKey :execrows
-- Stores the response of the claimed request, and prunes the user's expired
-- keys on the way.
WITH pruned AS (
    DELETE FROM api_idempotency AS old
    WHERE old.user_id = app.current_app_user() AND old.key <> @key AND old.created_at < now() - interval '24 hours'
)
UPDATE api_idempotency AS k
SET status = @status, response_headers = @response_headers, response_body = @response_body, completed_at = now()
WHERE k.user_id = app.current_app_user() AND k.key = @key AND k.request_sha256 = @request_sha256 AND k.completed_at IS NULL;

-- name: ReleaseIdempotencyKey :execrows
-- Frees a claimed key whose request failed, so that it can be retried.
DELETE FROM api_idempotency
WHERE user_id = app.current_app_user() AND key = @key AND request_sha256 = @request_sha256 AND completed_at IS NULL;
