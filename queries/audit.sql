-- Catalog queries for `santkrupa policy audit` and `santkrupa policy diff`.
-- They read pg_catalog only and change nothing. "Tenant schemas" are every
-- schema but PostgreSQL's own; objects that belong to an extension
-- (pgcrypto, pgTAP) are left out.

-- name: AuditServerVersion :one
SELECT current_setting('server_version_num')::int AS version_num,
       current_setting('server_version')::text AS version,
       current_database()::text AS database_name,
       current_user::text AS connected_as;

-- name: AuditTables :many
-- Every table outside PostgreSQL's schemas: its row-level-security flags,
-- whether it has a clinic_id column, its owner.
SELECT n.nspname::text AS schema_name, c.relname::text AS table_name,
       c.relrowsecurity AS rls_enabled, c.relforcerowsecurity AS rls_forced,
       EXISTS (SELECT 1 FROM pg_catalog.pg_attribute AS a
               WHERE a.attrelid = c.oid AND a.attname = 'clinic_id' AND a.attnum > 0 AND NOT a.attisdropped) AS has_clinic_id,
       pg_catalog.pg_get_userbyid(c.relowner)::text AS owner_name
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend AS d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2;

-- name: AuditPolicies :many
-- Every row-level-security policy, its expressions as PostgreSQL prints them.
SELECT n.nspname::text AS schema_name, c.relname::text AS table_name, p.polname::text AS policy_name,
       p.polpermissive AS permissive,
       (CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                      WHEN 'd' THEN 'DELETE' ELSE 'ALL' END)::text AS command,
       ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r)::text END
             FROM unnest(p.polroles) AS r ORDER BY 1)::text[] AS roles,
       COALESCE(pg_catalog.pg_get_expr(p.polqual, p.polrelid), '')::text AS using_expr,
       COALESCE(pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), '')::text AS check_expr
FROM pg_catalog.pg_policy AS p
JOIN pg_catalog.pg_class AS c ON c.oid = p.polrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
ORDER BY 1, 2, 3;

-- name: AuditTablePrivileges :many
-- What a role (or "public") may do to every table outside PostgreSQL's
-- schemas: table-level privileges, and the columns it may update, insert,
-- select or reference (column grants included).
SELECT n.nspname::text AS schema_name, c.relname::text AS table_name,
       pg_catalog.has_table_privilege(@role_name::text, c.oid, 'SELECT') AS can_select,
       pg_catalog.has_table_privilege(@role_name::text, c.oid, 'INSERT') AS can_insert,
       pg_catalog.has_table_privilege(@role_name::text, c.oid, 'UPDATE') AS can_update,
       pg_catalog.has_table_privilege(@role_name::text, c.oid, 'DELETE') AS can_delete,
       pg_catalog.has_table_privilege(@role_name::text, c.oid, 'TRUNCATE') AS can_truncate,
       pg_catalog.has_table_privilege(@role_name::text, c.oid, 'REFERENCES') AS can_references,
       pg_catalog.has_table_privilege(@role_name::text, c.oid, 'TRIGGER') AS can_trigger,
       ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute AS a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
               AND pg_catalog.has_column_privilege(@role_name::text, c.oid, a.attnum, 'SELECT')
             ORDER BY a.attnum)::text[] AS select_columns,
       ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute AS a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
               AND pg_catalog.has_column_privilege(@role_name::text, c.oid, a.attnum, 'INSERT')
             ORDER BY a.attnum)::text[] AS insert_columns,
       ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute AS a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
               AND pg_catalog.has_column_privilege(@role_name::text, c.oid, a.attnum, 'UPDATE')
             ORDER BY a.attnum)::text[] AS update_columns,
       ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute AS a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
               AND pg_catalog.has_column_privilege(@role_name::text, c.oid, a.attnum, 'REFERENCES')
             ORDER BY a.attnum)::text[] AS references_columns
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend AS d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2;

-- name: AuditRole :many
-- A role's attributes (no row: it does not exist).
SELECT r.rolname::text AS role_name, COALESCE(r.rolsuper, false)::bool AS superuser,
       COALESCE(r.rolbypassrls, false)::bool AS bypass_rls, COALESCE(r.rolcreaterole, false)::bool AS create_role,
       COALESCE(r.rolcreatedb, false)::bool AS create_db, COALESCE(r.rolinherit, false)::bool AS inherit,
       COALESCE(r.rolcanlogin, false)::bool AS can_login, COALESCE(r.rolreplication, false)::bool AS replication
FROM pg_catalog.pg_roles AS r
WHERE r.rolname = @role_name::text;

-- name: AuditReachableRoles :many
-- Every other role that role_name can become (SET ROLE) or inherits from,
-- with what would make that dangerous.
SELECT r.rolname::text AS role_name, COALESCE(r.rolsuper, false)::bool AS superuser,
       COALESCE(r.rolbypassrls, false)::bool AS bypass_rls,
       COALESCE(r.rolcreaterole, false)::bool AS create_role, COALESCE(r.rolcreatedb, false)::bool AS create_db,
       EXISTS (SELECT 1 FROM pg_catalog.pg_class AS c WHERE c.relowner = r.oid
                 AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)) AS owns_relations
FROM pg_catalog.pg_roles AS r
WHERE r.rolname <> @role_name::text
  AND pg_catalog.pg_has_role(@role_name::text, r.oid, 'MEMBER')
ORDER BY 1;

-- name: AuditOwnedObjects :many
-- Every object outside PostgreSQL's schemas that role_name owns.
SELECT 'relation'::text AS kind, c.oid::regclass::text AS object_name
FROM pg_catalog.pg_class AS c
WHERE c.relowner = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = @role_name::text)
  AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
UNION ALL
SELECT 'function'::text, p.oid::regprocedure::text
FROM pg_catalog.pg_proc AS p
WHERE p.proowner = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = @role_name::text)
  AND p.pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
UNION ALL
SELECT 'schema'::text, n.nspname::text
FROM pg_catalog.pg_namespace AS n
WHERE n.nspowner = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = @role_name::text)
UNION ALL
SELECT 'database'::text, d.datname::text
FROM pg_catalog.pg_database AS d
WHERE d.datdba = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = @role_name::text)
ORDER BY 1, 2;

-- name: AuditSchemaPrivileges :many
-- Whether role_name may create objects in, or use, each schema.
SELECT n.nspname::text AS schema_name,
       pg_catalog.has_schema_privilege(@role_name::text, n.oid, 'CREATE') AS can_create,
       pg_catalog.has_schema_privilege(@role_name::text, n.oid, 'USAGE') AS can_use
FROM pg_catalog.pg_namespace AS n
WHERE n.nspname NOT IN ('information_schema') AND n.nspname NOT LIKE 'pg\_%'
ORDER BY 1;

-- name: AuditDatabasePrivileges :one
-- Whether role_name may create schemas in, or temporary objects in, this database.
SELECT pg_catalog.has_database_privilege(@role_name::text, current_database(), 'CREATE') AS can_create,
       pg_catalog.has_database_privilege(@role_name::text, current_database(), 'TEMPORARY') AS can_temp,
       pg_catalog.has_database_privilege(@role_name::text, current_database(), 'CONNECT') AS can_connect;

-- name: AuditConstraints :many
-- Primary keys, unique constraints and foreign keys of every table outside
-- PostgreSQL's schemas, with their columns in key order.
SELECT n.nspname::text AS schema_name, c.relname::text AS table_name, k.conname::text AS constraint_name,
       k.contype::text AS kind,
       ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
             JOIN pg_catalog.pg_attribute AS a ON a.attrelid = k.conrelid AND a.attnum = u.attnum
             ORDER BY u.ord)::text[] AS columns,
       COALESCE(fc.relname::text, '')::text AS ref_table,
       ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS u(attnum, ord)
             JOIN pg_catalog.pg_attribute AS a ON a.attrelid = k.confrelid AND a.attnum = u.attnum
             ORDER BY u.ord)::text[] AS ref_columns
FROM pg_catalog.pg_constraint AS k
JOIN pg_catalog.pg_class AS c ON c.oid = k.conrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class AS fc ON fc.oid = k.confrelid
WHERE k.contype IN ('p', 'u', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
ORDER BY 1, 2, 3;

-- name: AuditIndexes :many
-- Every index of every table outside PostgreSQL's schemas: unique or not,
-- its key columns in order (an expression shows as "(expression)").
SELECT n.nspname::text AS schema_name, c.relname::text AS table_name, i.relname::text AS index_name,
       x.indisunique AS is_unique, x.indisprimary AS is_primary,
       ARRAY(SELECT CASE WHEN u.attnum = 0 THEN '(expression)' ELSE a.attname::text END
             FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS u(attnum, ord)
             LEFT JOIN pg_catalog.pg_attribute AS a ON a.attrelid = x.indrelid AND a.attnum = u.attnum
             WHERE u.ord <= x.indnkeyatts
             ORDER BY u.ord)::text[] AS columns,
       COALESCE(pg_catalog.pg_get_expr(x.indpred, x.indrelid), '')::text AS predicate
FROM pg_catalog.pg_index AS x
JOIN pg_catalog.pg_class AS i ON i.oid = x.indexrelid
JOIN pg_catalog.pg_class AS c ON c.oid = x.indrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
ORDER BY 1, 2, 3;

-- name: AuditViews :many
-- Views and materialised views outside PostgreSQL's schemas, with their
-- options (security_invoker, security_barrier).
SELECT n.nspname::text AS schema_name, c.relname::text AS view_name, c.relkind::text AS kind,
       COALESCE(c.reloptions, '{}')::text[] AS options
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend AS d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2;

-- name: AuditSecurityDefinerFunctions :many
-- Every SECURITY DEFINER function outside PostgreSQL's schemas and
-- extensions: owner, settings (search_path) and who may execute it. A NULL
-- ACL means PostgreSQL's default: the owner and PUBLIC.
SELECT p.oid::regprocedure::text AS signature,
       pg_catalog.pg_get_userbyid(p.proowner)::text AS owner_name,
       COALESCE(p.proconfig, '{}')::text[] AS config,
       (p.proacl IS NULL)::bool AS default_acl,
       ARRAY(SELECT CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(a.grantee)::text END
             FROM pg_catalog.aclexplode(p.proacl) AS a
             WHERE a.privilege_type = 'EXECUTE'
             ORDER BY 1)::text[] AS executors
FROM pg_catalog.pg_proc AS p
JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
WHERE p.prosecdef
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend AS d
                  WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1;

-- name: AuditSchemaWriters :many
-- Schemas where PUBLIC or role_name may create objects: a SECURITY DEFINER
-- search_path must not name them.
SELECT n.nspname::text AS schema_name
FROM pg_catalog.pg_namespace AS n
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND (pg_catalog.has_schema_privilege('public', n.oid, 'CREATE')
       OR pg_catalog.has_schema_privilege(@role_name::text, n.oid, 'CREATE'))
ORDER BY 1;

-- name: AuditTriggers :many
-- Row and statement triggers of every table outside PostgreSQL's schemas
-- (internal ones, such as foreign-key checks, left out).
SELECT n.nspname::text AS schema_name, c.relname::text AS table_name, t.tgname::text AS trigger_name,
       p.oid::regprocedure::text AS function_name,
       (t.tgtype & 1 = 1)::bool AS for_each_row,
       (t.tgtype & 2 = 2)::bool AS before,
       (t.tgtype & 4 = 4)::bool AS on_insert,
       (t.tgtype & 8 = 8)::bool AS on_delete,
       (t.tgtype & 16 = 16)::bool AS on_update,
       (t.tgtype & 32 = 32)::bool AS on_truncate,
       t.tgenabled::text AS enabled
FROM pg_catalog.pg_trigger AS t
JOIN pg_catalog.pg_class AS c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_proc AS p ON p.oid = t.tgfoid
WHERE NOT t.tgisinternal
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
ORDER BY 1, 2, 3;

-- name: AuditLockTimeout :exec
-- policy diff applies policies/ in a transaction it rolls back; it waits at
-- most this long for a table lock rather than queue behind long work.
SELECT set_config('lock_timeout', '3s', true);

-- name: AuditAppliedMigrations :many
-- The dbmate migrations applied to this database.
SELECT version::text AS version FROM public.schema_migrations ORDER BY 1;

-- name: AuditContextFunctions :many
-- The clinic-context functions: each policy function must read the
-- context through the verifying app.verified_context(), which must run as
-- its definer (the only role that can read the keys).
SELECT p.oid::regprocedure::text AS function_name,
       p.proname::text AS name,
       p.prosecdef AS security_definer,
       position('app.verified_context()' IN pg_catalog.pg_get_functiondef(p.oid)) > 0 AS verifies
FROM pg_catalog.pg_proc AS p
JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
WHERE n.nspname = 'app'
  AND p.proname IN ('current_clinic', 'current_app_user', 'current_app_role', 'verified_context')
ORDER BY 1;
