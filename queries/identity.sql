-- Cross-clinic identity lookups, through the SECURITY DEFINER functions
-- (see policies/zz_security_definer.sql). No clinic context is needed.

-- name: IdentityMemberships :many
SELECT * FROM app.identity_memberships(@issuer::text, @subject::text);

-- name: IdentityClinics :many
SELECT * FROM app.identity_clinics(@issuer::text, @subject::text);

-- name: ClinicMembership :many
SELECT * FROM app.clinic_membership(@slug::text, @issuer::text, @subject::text);

-- name: BindInvitations :many
SELECT * FROM app.bind_invitations(@issuer::text, @subject::text, @email::text);

-- name: RecordLogin :many
SELECT * FROM app.record_login(@issuer::text, @subject::text);

-- Just-in-time membership from a claim rule, inside the clinic's context:
-- creates the identity's users row or updates its role.
-- name: UpsertClaimMembership :one
INSERT INTO users (display_name, email, role, oidc_issuer, oidc_subject)
VALUES (@display_name, @email, @role, @oidc_issuer, @oidc_subject)
ON CONFLICT (clinic_id, oidc_issuer, oidc_subject)
DO UPDATE SET role = EXCLUDED.role, display_name = EXCLUDED.display_name
RETURNING *;

-- name: PlatformClinics :many
SELECT * FROM app.platform_clinics();
