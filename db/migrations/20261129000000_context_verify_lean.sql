-- migrate:up

-- app.verified_context, leaner: the same verdicts for every value the
-- application role can make, in fewer PL/pgSQL expressions. PL/pgSQL
-- prepares each expression of a function anew in every transaction, and
-- the store's reads are one transaction each, so every expression and
-- every function call in one is paid on every request, twice for staff
-- (docs/signed-context.md). What changed:
--   - every check of the fields is one IF, before the key lookup, and
--     app.is_uuid_text checks the canonical UUID form with LIKE and
--     translate (two calls) instead of length, four substr and translate
--     (six); the same strings pass;
--   - the signature and the expiry are one RETURN; the expiry is no longer
--     checked for digits first: it is cast only after the signature
--     matched, and the server signs digits.
-- CREATE OR REPLACE keeps the owners and the grants.
CREATE OR REPLACE FUNCTION app.is_uuid_text(s text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT s LIKE '________-____-____-____-____________' AND translate(s, '0123456789abcdef', '') = '----'
$$;

CREATE OR REPLACE FUNCTION app.verified_context() RETURNS text[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    raw    text := current_setting('app.context', true);
    f      text[] := string_to_array(raw, '.');
    secret bytea;
BEGIN
    -- Every check of the fields first, before the key lookup: 8 fields,
    -- version v1, at most 400 characters; bound to this connection (a
    -- context copied into another session fails) or, for a
    -- transaction-mode pooler, to backend 0 (SANTKRUPA_CONTEXT_BINDING=none);
    -- one of the five clinic roles (policies that name no role admit any
    -- role of the clinic, so an unknown one must read as no context); the
    -- clinic and the user (or empty) in the canonical lower-case UUID form
    -- only: PostgreSQL's uuid input also takes other spellings (no hyphens,
    -- braces), which must not name a clinic. Comparisons only: no value
    -- raises an error.
    IF f IS NULL OR length(raw) > 400 OR cardinality(f) <> 8 OR f[1] <> 'v1'
       OR (f[6] <> pg_backend_pid()::text AND f[6] <> '0')
       OR f[5] NOT IN ('admin', 'doctor', 'receptionist', 'lab_tech', 'patient')
       OR NOT app.is_uuid_text(f[3]) OR NOT (f[4] = '' OR app.is_uuid_text(f[4])) THEN
        RETURN NULL;
    END IF;
    SELECT k.secret INTO secret FROM app_private.context_keys AS k WHERE k.kid = f[2];
    -- An unknown key id leaves secret NULL, and so the HMAC: distinct from
    -- any signature. Short-lived: the expiry is compared with the
    -- transaction's start. CASE tests in order, so the expiry is cast only
    -- once the signature matched: only the server's own digits reach it.
    RETURN CASE
        WHEN encode(crypto.hmac(convert_to(array_to_string(f[1:7], '.'), 'UTF8'), secret, 'sha256'), 'hex')
             IS DISTINCT FROM f[8] THEN NULL
        WHEN f[7]::bigint < extract(epoch FROM now()) THEN NULL
        ELSE f[3:5]
    END;
END
$$;

-- migrate:down
CREATE OR REPLACE FUNCTION app.is_uuid_text(s text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT length(s) = 36
       AND substr(s, 9, 1) = '-' AND substr(s, 14, 1) = '-' AND substr(s, 19, 1) = '-' AND substr(s, 24, 1) = '-'
       AND translate(s, '0123456789abcdef', '') = '----'
$$;
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

