-- The context-signing keys, managed by `santkrupa migrate` as the schema
-- owner (santkrupa_app cannot read this table).

-- name: UpsertContextKey :exec
INSERT INTO app_private.context_keys (kid, secret) VALUES (@kid, @secret)
ON CONFLICT (kid) DO UPDATE SET secret = EXCLUDED.secret
WHERE app_private.context_keys.secret IS DISTINCT FROM EXCLUDED.secret;

-- name: RetireContextKeys :many
-- Deletes every key not in the configured set: contexts signed with a
-- retired key stop verifying at once.
DELETE FROM app_private.context_keys WHERE NOT (kid = ANY (@keep::text[]))
RETURNING kid;
