-- name: CreateUser :one
INSERT INTO users (display_name, email, phone, role, oidc_issuer, oidc_subject)
VALUES (@display_name, @email, @phone, @role, @oidc_issuer, @oidc_subject)
RETURNING *;

-- name: GetUser :one
SELECT * FROM users WHERE id = @id;

-- name: ListUsers :many
SELECT * FROM users ORDER BY role, display_name, id;

-- name: UserByEmail :one
SELECT * FROM users WHERE lower(email) = lower(@email::text) AND email <> '';

-- name: InviteUser :one
-- A pending invitation is a users row with an email and no identity yet;
-- the first login with that verified email binds it.
INSERT INTO users (display_name, email, phone, role)
VALUES (@display_name, @email, @phone, @role)
RETURNING *;

-- name: SetUserRole :one
UPDATE users SET role = @role WHERE id = @id RETURNING *;
