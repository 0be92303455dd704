-- Browser sessions (scs), a platform table without clinic data.

-- name: FindSession :one
SELECT data FROM platform.sessions WHERE token = @token AND expiry > now();

-- name: CommitSession :exec
INSERT INTO platform.sessions (token, data, expiry) VALUES (@token, @data, @expiry)
ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry;

-- name: DeleteSession :exec
DELETE FROM platform.sessions WHERE token = @token;

-- name: DeleteExpiredSessions :execrows
DELETE FROM platform.sessions WHERE expiry <= now();
