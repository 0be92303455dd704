-- The store's prologue, pipelined with each transaction's first statement.
-- Transaction-local (third argument true): nothing survives the commit.

-- name: SetContext :exec
SELECT set_config('app.current_clinic', @clinic_id::text, true),
       set_config('app.current_user', @user_id::text, true),
       set_config('app.current_role', @role::text, true);

-- SetReadContext also makes the transaction read-only.
-- name: SetReadContext :exec
SELECT set_config('app.current_clinic', @clinic_id::text, true),
       set_config('app.current_user', @user_id::text, true),
       set_config('app.current_role', @role::text, true),
       set_config('transaction_read_only', 'on', true);

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
       ) AS owns_tables
FROM reachable;
