-- The access log (PHI audit). Writes to clinic tables are recorded by the
-- database's own triggers; these queries record what only the application
-- sees (reads, exports, logins, refused access) and read the log back.
-- seq, the hashes, the time and the actor are filled in by the
-- audit_events_chain trigger from the clinic context, never from here.

-- name: RecordAuditEvent :exec
INSERT INTO audit_events (action, resource_table, resource_id, patient_id, identity_issuer,
    identity_subject, ip, user_agent, request_id, outcome, detail)
VALUES (@action, sqlc.narg(resource_table), sqlc.narg(resource_id), sqlc.narg(patient_id),
    sqlc.narg(identity_issuer), sqlc.narg(identity_subject), sqlc.narg(ip), sqlc.narg(user_agent),
    sqlc.narg(request_id), @outcome, @detail);

-- name: RecordFailedAccess :exec
-- A refused request against the clinic named in the URL, before any clinic
-- context exists (SECURITY DEFINER; unknown and inactive slugs record nothing).
SELECT app.record_failed_access(@slug::text, @issuer::text, @subject::text, sqlc.narg(ip)::inet,
    @user_agent::text, @request_id::text, @detail::text);

-- name: ListAuditEvents :many
-- The clinic's log, newest first, keyset-paginated on seq; every filter is
-- optional. Only admins (all events) and patients (their own record's) see
-- rows at all: the read policy decides.
SELECT e.clinic_id, e.id, e.seq, e.occurred_at, e.actor_user_id, e.actor_role, e.identity_issuer,
       e.identity_subject, e.action, e.resource_table, e.resource_id, e.patient_id, e.ip, e.user_agent,
       e.request_id, e.outcome, e.detail,
       u.display_name AS actor_name, p.patient_number, p.name AS patient_name
FROM audit_events AS e
LEFT JOIN users AS u ON u.clinic_id = e.clinic_id AND u.id = e.actor_user_id
LEFT JOIN patients AS p ON p.clinic_id = e.clinic_id AND p.id = e.patient_id
WHERE (sqlc.narg(patient_id)::uuid IS NULL OR e.patient_id = sqlc.narg(patient_id)::uuid)
  AND (sqlc.narg(actor_user_id)::uuid IS NULL OR e.actor_user_id = sqlc.narg(actor_user_id)::uuid)
  AND (sqlc.narg(action)::text IS NULL OR e.action = sqlc.narg(action)::text)
  AND (sqlc.narg(since)::timestamptz IS NULL OR e.occurred_at >= sqlc.narg(since)::timestamptz)
  AND (sqlc.narg(until)::timestamptz IS NULL OR e.occurred_at < sqlc.narg(until)::timestamptz)
  AND (sqlc.narg(before_seq)::bigint IS NULL OR e.seq < sqlc.narg(before_seq)::bigint)
ORDER BY e.seq DESC
LIMIT @max_rows;

-- name: OwnPatientID :one
-- The patient record linked to the acting patient user.
SELECT id FROM patients WHERE user_id = app.current_app_user();

-- name: AuditChain :many
-- The events of one clinic (or of all, with a NULL slug) in chain order
-- after (after_clinic, after_seq), a page at a time, with the canonical
-- text each hash covers. For `santkrupa audit verify`,
-- as the schema owner (SECURITY DEFINER, executable by the owner only).
SELECT c.clinic_id::uuid AS clinic_id, c.clinic_slug::text AS clinic_slug, c.seq::bigint AS seq,
       c.id::uuid AS id, c.prev_hash::bytea AS prev_hash, c.hash::bytea AS hash, c.canonical::text AS canonical
FROM app.audit_chain(sqlc.narg(slug)::text, @after_clinic::uuid, @after_seq::bigint, @max_rows::integer) AS c;
