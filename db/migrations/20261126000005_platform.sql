-- migrate:up

-- app.platform_clinics: every clinic, for the platform operators' page.
-- The server offers it to super admins only; it returns clinic rows (name,
-- status, limits), never patient data.
CREATE FUNCTION app.platform_clinics()
    RETURNS SETOF public.clinics
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT c.* FROM public.clinics AS c ORDER BY c.name, c.id
$$;
GRANT CREATE ON SCHEMA app TO santkrupa_definer;
ALTER FUNCTION app.platform_clinics() OWNER TO santkrupa_definer;
REVOKE CREATE ON SCHEMA app FROM santkrupa_definer;
REVOKE ALL ON FUNCTION app.platform_clinics() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.platform_clinics() TO santkrupa_app;

-- migrate:down
DROP FUNCTION app.platform_clinics();
