-- migrate:up

-- A clinic context that SQL cannot forge. The store no longer sets three
-- plain settings that any statement could overwrite; it sets one,
-- app.context, holding the clinic, acting user, role, the backend's process
-- id and an expiry, signed with HMAC-SHA256 under a key only the server and
-- the database know:
--
--   v1.<kid>.<clinic uuid>.<user uuid or empty>.<role>.<backend pid>.<expiry, unix seconds>.<hex hmac>
--
-- The policy functions verify it on every statement. A missing, malformed,
-- expired, forged or replayed (other connection) context reads as NULL: no
-- rows, no writes, exactly like no context at all.

-- pgcrypto provides hmac(); in its own schema, usable by the definer only.
CREATE SCHEMA crypto;
REVOKE ALL ON SCHEMA crypto FROM PUBLIC;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA crypto;

-- The keys. santkrupa_app has no USAGE on this schema, so it cannot read
-- them; `santkrupa migrate` installs them from SANTKRUPA_CONTEXT_KEYS.
CREATE SCHEMA app_private;
REVOKE ALL ON SCHEMA app_private FROM PUBLIC;
CREATE TABLE app_private.context_keys (
    kid        varchar(32) PRIMARY KEY CHECK (kid ~ '^[A-Za-z0-9_-]{1,32}$'),
    secret     bytea NOT NULL CHECK (octet_length(secret) >= 32),
    created_at timestamptz NOT NULL DEFAULT now()
);
GRANT USAGE ON SCHEMA app_private, crypto TO santkrupa_definer;
GRANT SELECT ON app_private.context_keys TO santkrupa_definer;

-- app.is_uuid_text: exactly the canonical lower-case form
-- (8-4-4-4-12 hex digits), checked without a regular expression.
CREATE FUNCTION app.is_uuid_text(s text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT length(s) = 36
       AND substr(s, 9, 1) = '-' AND substr(s, 14, 1) = '-' AND substr(s, 19, 1) = '-' AND substr(s, 24, 1) = '-'
       AND translate(s, '0123456789abcdef', '') = '----'
$$;

-- app.verified_context returns {clinic, user, role} of a context whose
-- backend, key and signature check out and that has not expired, else
-- NULL. It runs once per policy reference per statement, so it is written
-- for speed: cheap comparisons first, the HMAC once, no regular
-- expressions, and no cast that could raise on a hostile value (a value
-- can only ever produce NULL).
CREATE FUNCTION app.verified_context() RETURNS text[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    raw    text := current_setting('app.context', true);
    f      text[];
    secret bytea;
BEGIN
    IF raw IS NULL OR raw = '' OR length(raw) > 400 THEN
        RETURN NULL;
    END IF;
    f := string_to_array(raw, '.');
    -- Bound to this connection: a context copied into another session fails.
    IF cardinality(f) <> 8 OR f[1] <> 'v1' OR f[6] <> pg_backend_pid()::text THEN
        RETURN NULL;
    END IF;
    SELECT k.secret INTO secret FROM app_private.context_keys AS k WHERE k.kid = f[2];
    IF secret IS NULL
       OR encode(crypto.hmac(convert_to(array_to_string(f[1:7], '.'), 'UTF8'), secret, 'sha256'), 'hex') <> f[8] THEN
        RETURN NULL;
    END IF;
    -- Signed by the server; still checked, without casts that could raise.
    -- Short-lived: the expiry is compared with the transaction's start.
    IF length(f[7]) NOT BETWEEN 1 AND 12 OR translate(f[7], '0123456789', '') <> ''
       OR f[7]::bigint < extract(epoch FROM now())
       OR NOT app.is_uuid_text(f[3]) OR NOT (f[4] = '' OR app.is_uuid_text(f[4]))
       OR f[5] NOT IN ('admin', 'doctor', 'receptionist', 'lab_tech', 'patient') THEN
        RETURN NULL;
    END IF;
    RETURN ARRAY[f[3], f[4], f[5]];
END
$$;
REVOKE ALL ON FUNCTION app.verified_context() FROM PUBLIC;
GRANT CREATE ON SCHEMA app TO santkrupa_definer;
ALTER FUNCTION app.verified_context() OWNER TO santkrupa_definer;
REVOKE CREATE ON SCHEMA app FROM santkrupa_definer;
GRANT EXECUTE ON FUNCTION app.verified_context() TO santkrupa_app;

-- The three policy functions keep their names and meaning; they now read
-- the verified context instead of plain settings.
-- (Invoker functions without a SET clause, so the planner can inline them;
-- every name in them is schema-qualified.)
CREATE OR REPLACE FUNCTION app.current_clinic() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT ((app.verified_context())[1])::uuid $$;

CREATE OR REPLACE FUNCTION app.current_app_user() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT (NULLIF((app.verified_context())[2], ''))::uuid $$;

CREATE OR REPLACE FUNCTION app.current_app_role() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT (app.verified_context())[3] $$;

-- The plain-setting reader is no longer used by anything.
DROP FUNCTION app.setting_uuid(text);

-- migrate:down
CREATE FUNCTION app.setting_uuid(name text) RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog
AS $$
    SELECT CASE
        WHEN s ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN s::uuid
    END
    FROM (SELECT lower(current_setting(name, true)) AS s) AS setting
$$;
GRANT EXECUTE ON FUNCTION app.setting_uuid(text) TO santkrupa_app;
CREATE OR REPLACE FUNCTION app.current_clinic() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog
AS $$ SELECT app.setting_uuid('app.current_clinic') $$;
CREATE OR REPLACE FUNCTION app.current_app_user() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog
AS $$ SELECT app.setting_uuid('app.current_user') $$;
CREATE OR REPLACE FUNCTION app.current_app_role() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog
AS $$
    SELECT CASE WHEN r IN ('admin', 'doctor', 'receptionist', 'lab_tech', 'patient') THEN r END
    FROM (SELECT current_setting('app.current_role', true) AS r) AS setting
$$;
DROP FUNCTION app.verified_context();
DROP FUNCTION app.is_uuid_text(text);
DROP SCHEMA app_private CASCADE;
DROP EXTENSION pgcrypto;
DROP SCHEMA crypto;
