-- migrate:up

-- A signed context may name backend 0: valid on any connection until it
-- expires. The server signs such contexts only when told to
-- (SANTKRUPA_CONTEXT_BINDING=none), for PgBouncer in transaction mode,
-- where it cannot know which backend will run the transaction
-- (docs/scaling.md). CREATE OR REPLACE keeps the owner
-- (santkrupa_definer) and the grants.
CREATE OR REPLACE FUNCTION app.verified_context() RETURNS text[]
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
    -- Backend 0 is a context the server signed for any connection, for a
    -- transaction-mode pooler (SANTKRUPA_CONTEXT_BINDING=none); it still
    -- cannot be forged and expires like any other.
    IF cardinality(f) <> 8 OR f[1] <> 'v1' OR (f[6] <> pg_backend_pid()::text AND f[6] <> '0') THEN
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

-- migrate:down
CREATE OR REPLACE FUNCTION app.verified_context() RETURNS text[]
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
