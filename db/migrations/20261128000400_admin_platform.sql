-- migrate:up

-- The platform operators' list of clinics with how much each holds, never a
-- patient's data. Both functions look across clinics, hence SECURITY
-- DEFINER; the definer may read only the columns the counts need
-- (patients.clinic_id; patient_visits.clinic_id, visit_date).

-- app.platform_clinic_page: a page of clinics by (name, id), after the
-- previous page's last row (NULL for the first page), or the one clinic
-- with p_slug.
CREATE FUNCTION app.platform_clinic_page(p_slug text, p_after_name text, p_after_id uuid, p_limit integer)
    RETURNS SETOF public.clinics
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT c.* FROM public.clinics AS c
    WHERE (p_slug IS NULL OR c.slug = p_slug)
      AND (p_after_name IS NULL OR (c.name::text, c.id) > (p_after_name, p_after_id))
    ORDER BY c.name::text, c.id
    LIMIT greatest(least(p_limit, 200), 1)
$$;

-- app.platform_clinic_counts: a clinic's patients, active staff and visits
-- this (clinic-local) month, as an array of three counts.
CREATE FUNCTION app.platform_clinic_counts(p_clinic uuid)
    RETURNS bigint[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT ARRAY[
        (SELECT count(p.clinic_id) FROM public.patients AS p WHERE p.clinic_id = c.id),
        (SELECT count(u.id) FROM public.users AS u
            WHERE u.clinic_id = c.id AND u.active AND u.role <> 'patient'),
        (SELECT count(v.clinic_id) FROM public.patient_visits AS v
            WHERE v.clinic_id = c.id
              AND v.visit_date >= date_trunc('month', now() AT TIME ZONE c.timezone)::date)]
    FROM public.clinics AS c
    WHERE c.id = p_clinic
$$;
GRANT SELECT (clinic_id) ON public.patients TO santkrupa_definer;
GRANT SELECT (clinic_id, visit_date) ON public.patient_visits TO santkrupa_definer;
GRANT CREATE ON SCHEMA app TO santkrupa_definer;
ALTER FUNCTION app.platform_clinic_page(text, text, uuid, integer) OWNER TO santkrupa_definer;
ALTER FUNCTION app.platform_clinic_counts(uuid) OWNER TO santkrupa_definer;
REVOKE CREATE ON SCHEMA app FROM santkrupa_definer;
REVOKE ALL ON FUNCTION app.platform_clinic_page(text, text, uuid, integer), app.platform_clinic_counts(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.platform_clinic_page(text, text, uuid, integer), app.platform_clinic_counts(uuid) TO santkrupa_app;

-- migrate:down
DROP FUNCTION app.platform_clinic_counts(uuid);
DROP FUNCTION app.platform_clinic_page(text, text, uuid, integer);
REVOKE SELECT (clinic_id, visit_date) ON public.patient_visits FROM santkrupa_definer;
REVOKE SELECT (clinic_id) ON public.patients FROM santkrupa_definer;
