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
-- policies: serve refuses to start when any column is true.
-- name: CurrentRoleRisk :one
SELECT r.rolname::text AS role_name,
       r.rolsuper AS superuser,
       r.rolbypassrls AS bypass_rls,
       EXISTS (
           SELECT 1 FROM pg_catalog.pg_class AS c
           WHERE c.relowner = r.oid AND c.relkind IN ('r', 'p', 'v', 'm')
             AND c.relnamespace = 'public'::regnamespace
       ) AS owns_tables
FROM pg_catalog.pg_roles AS r
WHERE r.rolname = current_user;
