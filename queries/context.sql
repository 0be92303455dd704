-- The store's prologue, pipelined with each transaction's first statement.
-- Transaction-local (third argument true): nothing survives the commit.

-- name: SetContext :exec
SELECT set_config('app.context', @context::text, true);

-- SetReadContext also makes the transaction read-only.
-- name: SetReadContext :exec
SELECT set_config('app.context', @context::text, true),
       set_config('transaction_read_only', 'on', true);

-- SetContextConfirm and SetReadContextConfirm also have the database
-- confirm a membership the server remembered from an earlier request
-- (app.confirm_membership): a users row deactivated, given another role or
-- of a suspended clinic since then raises 28000 here, and the pipeline
-- stops before the request's statement.
-- name: SetContextConfirm :exec
SELECT set_config('app.context', @context::text, true),
       app.confirm_membership(@clinic_id::uuid, @user_id::uuid, @role::text);

-- name: SetReadContextConfirm :exec
SELECT set_config('app.context', @context::text, true),
       set_config('transaction_read_only', 'on', true),
       app.confirm_membership(@clinic_id::uuid, @user_id::uuid, @role::text);

-- ContextClinic is what the database makes of the context: the clinic it
-- verified, or NULL. serve checks at start-up that its key is accepted.
-- name: ContextClinic :one
SELECT app.current_clinic()::uuid AS clinic_id;

-- CurrentRoleRisk reports whether the connected role could see past the
-- policies: serve refuses to start when any column is true. A role that
-- can become (SET ROLE) a superuser, a BYPASSRLS role or a table owner
-- counts as that role.
-- name: CurrentRoleRisk :one
WITH reachable AS (
    SELECT o.oid, o.rolsuper, o.rolbypassrls
    FROM pg_catalog.pg_roles AS o
    WHERE pg_catalog.pg_has_role(current_user, o.oid, 'MEMBER')
)
SELECT current_user::text AS role_name,
       COALESCE(bool_or(reachable.rolsuper), false)::bool AS superuser,
       COALESCE(bool_or(reachable.rolbypassrls), false)::bool AS bypass_rls,
       EXISTS (
           SELECT 1 FROM pg_catalog.pg_class AS c
           WHERE c.relowner IN (SELECT oid FROM reachable)
             AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
             AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
       ) AS owns_tables,
       -- Without USAGE on app_private no privilege on the key table helps.
       has_schema_privilege(current_user, 'app_private', 'USAGE')::bool AS reads_keys
FROM reachable;

-- ConfirmMembership is app.confirm_membership on its own, for a request
-- whose handler answers without a statement of its own.
-- name: ConfirmMembership :exec
SELECT app.confirm_membership(@clinic_id::uuid, @user_id::uuid, @role::text);
