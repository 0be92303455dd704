-- migrate:up

-- The clinic context. Every policy reads it through these functions, so that
-- an unset setting, an empty one ('' is what current_setting returns once a
-- transaction-local value has ended) or a malformed one all mean NULL: no
-- rows, no writes.
CREATE SCHEMA app;
REVOKE ALL ON SCHEMA app FROM PUBLIC;

CREATE FUNCTION app.setting_uuid(name text) RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog
AS $$
    SELECT CASE
        WHEN s ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN s::uuid
    END
    FROM (SELECT lower(current_setting(name, true)) AS s) AS setting
$$;

-- app.current_clinic is the clinic the transaction acts for.
CREATE FUNCTION app.current_clinic() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog
AS $$ SELECT app.setting_uuid('app.current_clinic') $$;

-- app.current_app_user is the users row that acts (NULL for system work such
-- as seeding).
CREATE FUNCTION app.current_app_user() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog
AS $$ SELECT app.setting_uuid('app.current_user') $$;

-- app.current_app_role is the clinic role that acts; anything outside the
-- five known roles is NULL.
CREATE FUNCTION app.current_app_role() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog
AS $$
    SELECT CASE
        WHEN r IN ('admin', 'doctor', 'receptionist', 'lab_tech', 'patient') THEN r
    END
    FROM (SELECT current_setting('app.current_role', true) AS r) AS setting
$$;

-- app.touch_updated_at keeps updated_at honest whatever the query sets.
CREATE FUNCTION app.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

-- migrate:down
DROP SCHEMA app CASCADE;
