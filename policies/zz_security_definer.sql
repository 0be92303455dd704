-- The SECURITY DEFINER functions, for review: the only code that reads
-- across clinics. All are owned by santkrupa_definer (NOLOGIN, BYPASSRLS,
-- owns no table), pin search_path to pg_catalog, pg_temp, and may be
-- executed by santkrupa_app only. Their bodies are in db/migrations
-- (20261126000003_access.sql, 20261126000004_identity.sql,
-- 20261126000005_platform.sql,
-- 20261128000400_admin_platform.sql, 20261128000900_membership_confirm.sql).
--
--   app.clinic_id_by_slug(slug)                  -> uuid        URL routing: the clinic's id, if active
--   app.identity_memberships(issuer, subject)    -> users rows  the identity's memberships
--   app.identity_clinics(issuer, subject)        -> clinics     clinic picker after login
--   app.clinic_membership(slug, issuer, subject) -> users row   per-request authorisation
--   app.confirm_membership(clinic, user, role)   -> void        a remembered membership is still
--                                                               current, or error 28000
--   app.bind_invitations(issuer, subject, email) -> users rows  first login with a verified email
--   app.record_login(issuer, subject)            -> users rows  last_login_at
--   app.platform_clinics()                       -> clinics     the super admins' clinic list
--   app.platform_clinic_page(slug, after_name, after_id, limit)
--                                                -> clinics     the same, a page at a time (or one by slug)
--   app.platform_clinic_counts(clinic)           -> bigint[3]   patients, active staff, visits this month:
--                                                               counts only, never patient data
--
-- This file re-asserts their ownership and grants each time policies are
-- applied, so a drifted grant is put back.
ALTER FUNCTION app.clinic_id_by_slug(text) OWNER TO santkrupa_definer;
ALTER FUNCTION app.identity_memberships(text, text) OWNER TO santkrupa_definer;
ALTER FUNCTION app.identity_clinics(text, text) OWNER TO santkrupa_definer;
ALTER FUNCTION app.clinic_membership(text, text, text) OWNER TO santkrupa_definer;
ALTER FUNCTION app.confirm_membership(uuid, uuid, text) OWNER TO santkrupa_definer;
ALTER FUNCTION app.bind_invitations(text, text, text) OWNER TO santkrupa_definer;
ALTER FUNCTION app.record_login(text, text) OWNER TO santkrupa_definer;
ALTER FUNCTION app.platform_clinics() OWNER TO santkrupa_definer;
ALTER FUNCTION app.platform_clinic_page(text, text, uuid, integer) OWNER TO santkrupa_definer;
ALTER FUNCTION app.platform_clinic_counts(uuid) OWNER TO santkrupa_definer;
REVOKE ALL ON FUNCTION app.clinic_id_by_slug(text), app.identity_memberships(text, text),
    app.identity_clinics(text, text), app.clinic_membership(text, text, text),
    app.confirm_membership(uuid, uuid, text),
    app.bind_invitations(text, text, text), app.record_login(text, text), app.platform_clinics(),
    app.platform_clinic_page(text, text, uuid, integer), app.platform_clinic_counts(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.clinic_id_by_slug(text), app.identity_memberships(text, text),
    app.identity_clinics(text, text), app.clinic_membership(text, text, text),
    app.confirm_membership(uuid, uuid, text),
    app.bind_invitations(text, text, text), app.record_login(text, text), app.platform_clinics(),
    app.platform_clinic_page(text, text, uuid, integer), app.platform_clinic_counts(uuid) TO santkrupa_app;
