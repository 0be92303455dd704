-- pgTAP: behaviour. Two clinics are made as the superuser inside the
-- transaction (rolled back at the end); then, as santkrupa_app, each
-- context sees exactly its own rows.
--
-- The clinic context is signed (app.context, HMAC-SHA256 under a key in
-- app_private.context_keys, bound to the backend, short-lived). The test
-- signs its contexts the way the store does, with the key the database has
-- installed: only a role that can read that key (a superuser, here) can do
-- so, which is the point. It also checks that hand-set plain settings and
-- a forged signature grant nothing.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(24);

-- pg_temp.ctx signs a context for (clinic, user, role) on this backend.
CREATE FUNCTION pg_temp.ctx(p_clinic uuid, p_user uuid, p_role text) RETURNS text
    LANGUAGE sql AS $$
    SELECT payload || '.' || encode(crypto.hmac(convert_to(payload, 'UTF8'), k.secret, 'sha256'), 'hex')
    FROM (SELECT kid, secret FROM app_private.context_keys ORDER BY created_at DESC, kid LIMIT 1) AS k,
         LATERAL (SELECT format('v1.%s.%s.%s.%s.%s.%s', k.kid, p_clinic, COALESCE(p_user::text, ''), p_role,
                                pg_backend_pid(), extract(epoch FROM now())::bigint + 300) AS payload) AS p
$$;

-- Fixtures: clinic A (3 patients, the first linked to A's patient user),
-- clinic B (2 patients).
INSERT INTO clinics (id, name, slug, code) VALUES
    ('a0000000-0000-4000-8000-00000000000a', 'pgTAP clinic A', 'pgtap-a-' || pg_backend_pid(), 'PGTA'),
    ('b0000000-0000-4000-8000-00000000000b', 'pgTAP clinic B', 'pgtap-b-' || pg_backend_pid(), 'PGTB');
INSERT INTO users (clinic_id, id, display_name, role) VALUES
    ('a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-0000000000a1', 'A admin', 'admin'),
    ('a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-0000000000a2', 'A doctor', 'doctor'),
    ('a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-0000000000a3', 'A reception', 'receptionist'),
    ('a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-0000000000a5', 'A patient', 'patient'),
    ('b0000000-0000-4000-8000-00000000000b', 'b0000000-0000-4000-8000-0000000000b1', 'B admin', 'admin');
INSERT INTO patients (clinic_id, id, patient_number, name, user_id) VALUES
    ('a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-00000000aa01', 'PT-A-1', 'A one', 'a0000000-0000-4000-8000-0000000000a5'),
    ('a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-00000000aa02', 'PT-A-2', 'A two', NULL),
    ('a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-00000000aa03', 'PT-A-3', 'A three', NULL),
    ('b0000000-0000-4000-8000-00000000000b', 'b0000000-0000-4000-8000-00000000bb01', 'PT-B-1', 'B one', NULL),
    ('b0000000-0000-4000-8000-00000000000b', 'b0000000-0000-4000-8000-00000000bb02', 'PT-B-2', 'B two', NULL);

-- No context: no rows, no writes.
SET LOCAL ROLE santkrupa_app;
SELECT is((SELECT count(*) FROM patients), 0::bigint, 'no context: no patients');
SELECT is((SELECT count(*) FROM audit_events), 0::bigint, 'no context: no access-log events');
SELECT throws_ok($$INSERT INTO patients (clinic_id, patient_number, name) VALUES ('a0000000-0000-4000-8000-00000000000a', 'X', 'X')$$,
    '42501', NULL, 'no context: an insert is refused');
-- Hand-set plain settings (the pre-signing way in) grant nothing.
SELECT set_config('app.current_clinic', 'a0000000-0000-4000-8000-00000000000a', true),
       set_config('app.current_user', 'a0000000-0000-4000-8000-0000000000a1', true),
       set_config('app.current_role', 'admin', true);
SELECT is((SELECT count(*) FROM patients), 0::bigint, 'hand-set settings: no patients');
-- A context with a forged signature grants nothing.
SELECT set_config('app.context', 'v1.dev1.a0000000-0000-4000-8000-00000000000a.a0000000-0000-4000-8000-0000000000a1.admin.'
    || pg_backend_pid() || '.9999999999.' || repeat('0', 64), true);
SELECT is((SELECT count(*) FROM patients), 0::bigint, 'forged context: no patients');
RESET ROLE;

-- Clinic A's admin.
SELECT set_config('app.context', pg_temp.ctx('a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-0000000000a1', 'admin'), true);
SET LOCAL ROLE santkrupa_app;
SELECT is((SELECT count(*) FROM patients), 3::bigint, 'A admin sees A''s 3 patients');
SELECT is((SELECT count(*) FROM patients WHERE clinic_id = 'b0000000-0000-4000-8000-00000000000b'), 0::bigint,
    'A admin sees none of B''s patients, even asking for them');
SELECT is((SELECT count(*) FROM clinics), 1::bigint, 'A admin sees one clinic');
SELECT throws_ok($$INSERT INTO patients (clinic_id, patient_number, name) VALUES ('b0000000-0000-4000-8000-00000000000b', 'PT-X', 'Intruder')$$,
    '42501', NULL, 'A admin cannot insert a patient into B');
SELECT is((SELECT count(*) FROM audit_events WHERE action = 'create' AND resource_table = 'patients'), 3::bigint,
    'A admin reads the creation events of A''s 3 patients (and not B''s)');
SELECT throws_ok($$UPDATE audit_events SET outcome = 'failure'$$, '42501', NULL, 'the access log cannot be updated');
SELECT throws_ok($$DELETE FROM audit_events$$, '42501', NULL, 'the access log cannot be deleted from');
RESET ROLE;

-- Clinic A's receptionist registers a patient: the trigger records who.
SELECT set_config('app.context', pg_temp.ctx('a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-0000000000a3', 'receptionist'), true);
SET LOCAL ROLE santkrupa_app;
SELECT lives_ok($$INSERT INTO patients (id, patient_number, name) VALUES ('a0000000-0000-4000-8000-00000000aa04', 'PT-A-4', 'A four')$$,
    'A receptionist registers a patient');
SELECT is((SELECT count(*) FROM audit_events), 0::bigint, 'a receptionist reads no access-log events');
RESET ROLE;
SELECT set_config('app.context', pg_temp.ctx('a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-0000000000a1', 'admin'), true);
SET LOCAL ROLE santkrupa_app;
SELECT results_eq(
    $$SELECT actor_user_id, actor_role::text, action::text FROM audit_events WHERE resource_id = 'a0000000-0000-4000-8000-00000000aa04'$$,
    $$VALUES ('a0000000-0000-4000-8000-0000000000a3'::uuid, 'receptionist', 'create')$$,
    'the registration is recorded with the receptionist as actor');
RESET ROLE;

-- Clinic A's doctor and patient.
SELECT set_config('app.context', pg_temp.ctx('a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-0000000000a2', 'doctor'), true);
SET LOCAL ROLE santkrupa_app;
SELECT is((SELECT count(*) FROM patients), 4::bigint, 'A doctor sees A''s 4 patients');
RESET ROLE;
SELECT set_config('app.context', pg_temp.ctx('a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-0000000000a5', 'patient'), true);
SET LOCAL ROLE santkrupa_app;
SELECT results_eq($$SELECT id FROM patients$$, $$VALUES ('a0000000-0000-4000-8000-00000000aa01'::uuid)$$,
    'A patient sees only their own record');
SELECT is((SELECT count(*) FROM audit_events WHERE patient_id IS DISTINCT FROM 'a0000000-0000-4000-8000-00000000aa01'), 0::bigint,
    'A patient reads only events about their own record');
SELECT is((SELECT count(*) FROM audit_events), 1::bigint, 'A patient reads the one event about their record (its creation)');
-- A patient uploads a document to their own record, as themselves; not to
-- another patient's, and not in someone else's name.
SELECT lives_ok($$INSERT INTO medical_reports (patient_id, uploaded_by, content, content_type, size_bytes, sha256)
    VALUES ('a0000000-0000-4000-8000-00000000aa01', 'a0000000-0000-4000-8000-0000000000a5', '\x25504446', 'application/pdf', 4, sha256('\x25504446'))$$,
    'A patient uploads a document to their own record');
SELECT throws_ok($$INSERT INTO medical_reports (patient_id, uploaded_by, content, content_type, size_bytes, sha256)
    VALUES ('a0000000-0000-4000-8000-00000000aa02', 'a0000000-0000-4000-8000-0000000000a5', '\x25504446', 'application/pdf', 4, sha256('\x25504446'))$$,
    '42501', NULL, 'A patient cannot upload to another patient''s record');
SELECT throws_ok($$INSERT INTO medical_reports (patient_id, uploaded_by, content, content_type, size_bytes, sha256)
    VALUES ('a0000000-0000-4000-8000-00000000aa01', 'a0000000-0000-4000-8000-0000000000a1', '\x25504446', 'application/pdf', 4, sha256('\x25504446'))$$,
    '42501', NULL, 'A patient cannot upload in someone else''s name');
SELECT throws_ok($$INSERT INTO medical_reports (patient_id, content, content_type, size_bytes, sha256)
    VALUES ('a0000000-0000-4000-8000-00000000aa01', '\x25504446', 'application/pdf', 4, sha256('\x25504446'))$$,
    '42501', NULL, 'A patient cannot upload anonymously');
RESET ROLE;

-- Clinic B's admin.
SELECT set_config('app.context', pg_temp.ctx('b0000000-0000-4000-8000-00000000000b', 'b0000000-0000-4000-8000-0000000000b1', 'admin'), true);
SET LOCAL ROLE santkrupa_app;
SELECT is((SELECT count(*) FROM patients), 2::bigint, 'B admin sees B''s 2 patients');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
