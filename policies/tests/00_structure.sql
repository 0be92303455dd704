-- pgTAP: the structure that isolates clinics, read from the catalog.
-- Run by `make pgtap` (part of `make test`) with pg_prove as a superuser
-- against the test database; pgTAP is installed inside the transaction and
-- rolled back with it, so it never stays in the database.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(22);

-- The application role.
SELECT isnt_superuser('santkrupa_app', 'santkrupa_app is not a superuser');
SELECT is((SELECT rolbypassrls FROM pg_roles WHERE rolname = 'santkrupa_app'), false, 'santkrupa_app has no BYPASSRLS');
SELECT is((SELECT count(*)::int FROM pg_class WHERE relowner = 'santkrupa_app'::regrole), 0, 'santkrupa_app owns no relation');
SELECT is((SELECT count(*)::int FROM pg_auth_members WHERE member = 'santkrupa_app'::regrole), 0,
    'santkrupa_app is a member of no role (it cannot SET ROLE)');
SELECT is(
    (SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
       AND (has_table_privilege('santkrupa_app', c.oid, 'TRUNCATE') OR has_table_privilege('santkrupa_app', c.oid, 'TRIGGER')
            OR has_any_column_privilege('santkrupa_app', c.oid, 'REFERENCES'))),
    NULL, 'santkrupa_app has no TRUNCATE, TRIGGER or REFERENCES on any table');
SELECT is(
    (SELECT array_agg(nspname::text ORDER BY nspname) FROM pg_namespace
     WHERE nspname NOT LIKE 'pg\_%' AND has_schema_privilege('santkrupa_app', oid, 'CREATE')),
    NULL, 'santkrupa_app may create objects in no schema');
SELECT ok(NOT has_database_privilege('santkrupa_app', current_database(), 'CREATE')
    AND NOT has_database_privilege('santkrupa_app', current_database(), 'TEMPORARY'),
    'santkrupa_app has neither CREATE nor TEMPORARY on the database');

-- Every clinic table: row-level security enabled and forced, exactly one
-- permissive policy, FOR ALL, TO santkrupa_app, clinic predicate both ways.
SELECT is(
    (SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
       AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'clinic_id')
       AND NOT (c.relrowsecurity AND c.relforcerowsecurity)),
    NULL, 'every clinic table has row-level security enabled and forced');
SELECT is(
    (SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
       AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'clinic_id')
       AND (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid AND p.polpermissive) <> 1),
    NULL, 'every clinic table has exactly one permissive policy');
SELECT is(
    (SELECT array_agg(p.polname::text ORDER BY p.polname) FROM pg_policy p
     WHERE p.polpermissive AND NOT (p.polcmd = '*' AND p.polroles = ARRAY['santkrupa_app'::regrole::oid]
       AND pg_get_expr(p.polqual, p.polrelid) ~ '^\((clinic_id|id) = \( SELECT app\.current_clinic\(\) AS current_clinic\)\)$'
       AND pg_get_expr(p.polwithcheck, p.polrelid) ~ '^\((clinic_id|id) = \( SELECT app\.current_clinic\(\) AS current_clinic\)\)$')),
    NULL, 'every permissive policy is FOR ALL TO santkrupa_app with the clinic predicate in USING and WITH CHECK');
SELECT is(
    (SELECT array_agg(p.polname::text ORDER BY p.polname) FROM pg_policy p
     WHERE pg_get_expr(p.polqual, p.polrelid) = 'true' OR pg_get_expr(p.polwithcheck, p.polrelid) = 'true'),
    NULL, 'no policy is USING (true) or WITH CHECK (true)');

-- The access log's policies, commands and grants.
SELECT policies_are('public', 'audit_events',
    ARRAY['audit_events_clinic', 'audit_events_read', 'audit_events_insert', 'audit_events_update', 'audit_events_delete'],
    'audit_events has exactly its five policies');
SELECT policy_cmd_is('public', 'audit_events', 'audit_events_read', 'select', 'audit_events_read is FOR SELECT');
SELECT policy_cmd_is('public', 'audit_events', 'audit_events_insert', 'insert', 'audit_events_insert is FOR INSERT');
SELECT policy_roles_are('public', 'audit_events', 'audit_events_clinic', ARRAY['santkrupa_app'], 'audit_events_clinic is for santkrupa_app');
SELECT table_privs_are('public', 'audit_events', 'santkrupa_app', ARRAY['SELECT', 'INSERT'],
    'santkrupa_app may only read and append to audit_events');
SELECT policies_are('public', 'patients',
    ARRAY['patients_clinic', 'patients_read', 'patients_insert', 'patients_update', 'patients_delete'],
    'patients has exactly its five policies');
SELECT table_privs_are('public', 'clinics', 'santkrupa_app', ARRAY['SELECT', 'INSERT'],
    'clinics: santkrupa_app reads and inserts (UPDATE by column), never deletes');
SELECT has_trigger('public', 'audit_events', 'audit_events_append_only', 'audit_events refuses UPDATE and DELETE by trigger');

-- Every clinic table but the log records its writes.
SELECT is(
    (SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname <> 'audit_events'
       AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'clinic_id')
       AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal
                       AND t.tgfoid = 'app.audit_row_change()'::regprocedure AND t.tgenabled <> 'D')),
    NULL, 'every clinic table has its audit trigger');

-- SECURITY DEFINER functions: pinned search_path, never PUBLIC.
SELECT is(
    (SELECT array_agg(p.oid::regprocedure::text ORDER BY 1) FROM pg_proc p
     WHERE p.prosecdef AND p.pronamespace = 'app'::regnamespace
       AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) AS c WHERE c LIKE 'search_path=%')),
    NULL, 'every SECURITY DEFINER function pins search_path');
SELECT is(
    (SELECT array_agg(p.oid::regprocedure::text ORDER BY 1) FROM pg_proc p
     WHERE p.prosecdef AND p.pronamespace = 'app'::regnamespace
       AND (p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0))),
    NULL, 'no SECURITY DEFINER function is executable by PUBLIC');

SELECT * FROM finish();
ROLLBACK;
