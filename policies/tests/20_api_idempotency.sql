-- pgTAP: api_idempotency. Each user reads and writes only their own keys,
-- within their own clinic. Fixtures are made as the superuser and rolled
-- back; contexts are signed as in 10_behaviour.sql.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(12);

CREATE FUNCTION pg_temp.ctx(p_clinic uuid, p_user uuid, p_role text) RETURNS text
    LANGUAGE sql AS $$
    SELECT payload || '.' || encode(crypto.hmac(convert_to(payload, 'UTF8'), k.secret, 'sha256'), 'hex')
    FROM (SELECT kid, secret FROM app_private.context_keys ORDER BY created_at DESC, kid LIMIT 1) AS k,
         LATERAL (SELECT format('v1.%s.%s.%s.%s.%s.%s', k.kid, p_clinic, COALESCE(p_user::text, ''), p_role,
                                pg_backend_pid(), extract(epoch FROM now())::bigint + 300) AS payload) AS p
$$;

SELECT policies_are('public', 'api_idempotency',
    ARRAY['api_idempotency_clinic', 'api_idempotency_read', 'api_idempotency_insert', 'api_idempotency_update',
          'api_idempotency_delete'],
    'api_idempotency has exactly its five policies');
SELECT table_privs_are('public', 'api_idempotency', 'santkrupa_app', ARRAY['SELECT', 'INSERT', 'DELETE'],
    'api_idempotency: santkrupa_app reads, inserts and deletes (UPDATE by column, never the key)');

INSERT INTO clinics (id, name, slug, code) VALUES
    ('a0000000-0000-4000-8000-00000000000a', 'pgTAP clinic A', 'pgtap-ia-' || pg_backend_pid(), 'PGIA'),
    ('b0000000-0000-4000-8000-00000000000b', 'pgTAP clinic B', 'pgtap-ib-' || pg_backend_pid(), 'PGIB');
INSERT INTO users (clinic_id, id, display_name, role) VALUES
    ('a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-0000000000a1', 'A admin', 'admin'),
    ('a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-0000000000a3', 'A reception', 'receptionist'),
    ('b0000000-0000-4000-8000-00000000000b', 'b0000000-0000-4000-8000-0000000000b1', 'B admin', 'admin');

-- A's receptionist claims a key.
SELECT set_config('app.context', pg_temp.ctx('a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-0000000000a3', 'receptionist'), true);
SET LOCAL ROLE santkrupa_app;
SELECT lives_ok($$INSERT INTO api_idempotency (key, method, path, request_sha256) VALUES ('k1', 'POST', '/p', sha256('x'))$$,
    'A receptionist claims a key');
SELECT is((SELECT user_id FROM api_idempotency WHERE key = 'k1'), 'a0000000-0000-4000-8000-0000000000a3'::uuid,
    'the key belongs to the receptionist (user_id from the context)');
SELECT throws_ok($$INSERT INTO api_idempotency (user_id, key, method, path, request_sha256)
    VALUES ('a0000000-0000-4000-8000-0000000000a1', 'k2', 'POST', '/p', sha256('x'))$$,
    '42501', NULL, 'A receptionist cannot claim a key in the admin''s name');
RESET ROLE;

-- A's admin: another user of the same clinic sees and changes nothing of it.
SELECT set_config('app.context', pg_temp.ctx('a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-0000000000a1', 'admin'), true);
SET LOCAL ROLE santkrupa_app;
SELECT is((SELECT count(*) FROM api_idempotency), 0::bigint, 'A admin sees none of the receptionist''s keys');
SELECT is_empty($$UPDATE api_idempotency SET status = 201, completed_at = now() WHERE key = 'k1' RETURNING key$$,
    'A admin cannot complete the receptionist''s key');
SELECT is_empty($$DELETE FROM api_idempotency WHERE key = 'k1' RETURNING key$$,
    'A admin cannot release the receptionist''s key');
SELECT throws_ok($$UPDATE api_idempotency SET key = 'k9'$$, '42501', NULL, 'the key itself is never updatable');
RESET ROLE;

-- B's admin and no context see nothing.
SELECT set_config('app.context', pg_temp.ctx('b0000000-0000-4000-8000-00000000000b', 'b0000000-0000-4000-8000-0000000000b1', 'admin'), true);
SET LOCAL ROLE santkrupa_app;
SELECT is((SELECT count(*) FROM api_idempotency), 0::bigint, 'B admin sees none of A''s keys');
RESET ROLE;
SELECT set_config('app.context', '', true);
SET LOCAL ROLE santkrupa_app;
SELECT is((SELECT count(*) FROM api_idempotency), 0::bigint, 'no context: no keys');
RESET ROLE;

-- The receptionist still has the key, untouched.
SELECT set_config('app.context', pg_temp.ctx('a0000000-0000-4000-8000-00000000000a', 'a0000000-0000-4000-8000-0000000000a3', 'receptionist'), true);
SET LOCAL ROLE santkrupa_app;
SELECT results_eq($$SELECT key::text, status FROM api_idempotency$$, $$VALUES ('k1', NULL::smallint)$$,
    'the receptionist''s key is still theirs and still in progress');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
