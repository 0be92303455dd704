-- migrate:up

-- Platform tables: no clinic data, so they live outside the clinic schema
-- and outside row-level security. Browser sessions hold who is logged in
-- (issuer, subject, name), never clinic rows.
CREATE SCHEMA platform;
REVOKE ALL ON SCHEMA platform FROM PUBLIC;

CREATE TABLE platform.sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON platform.sessions (expiry);

GRANT USAGE ON SCHEMA platform TO santkrupa_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON platform.sessions TO santkrupa_app;

-- The identity lookups. An OIDC identity (issuer, subject) maps to one
-- users row per clinic; finding those rows must look across clinics before
-- any clinic context exists, so these few functions run as
-- santkrupa_definer (BYPASSRLS, no login), with a pinned search_path,
-- executable by santkrupa_app alone. Each answers only about the identity it
-- is given and never returns patient data.

-- app.identity_memberships: every membership of an identity, active or
-- not, in clinics that are active.
CREATE FUNCTION app.identity_memberships(p_issuer text, p_subject text)
    RETURNS SETOF public.users
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT u.*
    FROM public.users AS u
    JOIN public.clinics AS c ON c.id = u.clinic_id
    WHERE u.oidc_issuer = p_issuer AND u.oidc_subject = p_subject AND c.active
    ORDER BY u.clinic_id
$$;

-- app.identity_clinics: the clinics where an identity may work today
-- (active membership, active and unsuspended clinic), for the clinic picker.
CREATE FUNCTION app.identity_clinics(p_issuer text, p_subject text)
    RETURNS SETOF public.clinics
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT c.*
    FROM public.clinics AS c
    JOIN public.users AS u ON u.clinic_id = c.id
    WHERE u.oidc_issuer = p_issuer AND u.oidc_subject = p_subject AND u.active
      AND c.active AND c.subscription_status <> 'suspended'
    ORDER BY c.name, c.id
$$;

-- app.clinic_membership: the one users row that acts when an identity opens
-- a clinic's URL, or nothing — unknown slug, no membership, deactivated
-- user, inactive or suspended clinic all look the same (the caller answers
-- 404). Checked on every request, so deactivation takes effect at once.
CREATE FUNCTION app.clinic_membership(p_slug text, p_issuer text, p_subject text)
    RETURNS SETOF public.users
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT u.*
    FROM public.clinics AS c
    JOIN public.users AS u ON u.clinic_id = c.id
    WHERE c.slug = p_slug AND c.active AND c.subscription_status <> 'suspended'
      AND u.oidc_issuer = p_issuer AND u.oidc_subject = p_subject AND u.active
$$;

-- app.bind_invitations: at login, binds an identity to every pending
-- invitation (a users row with that email and no identity yet) in clinics
-- where the identity is not a member already. The server calls it only for
-- an ID token whose email_verified is true; an email alone never binds
-- twice, because a bound row is no longer pending.
CREATE FUNCTION app.bind_invitations(p_issuer text, p_subject text, p_email text)
    RETURNS SETOF public.users
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    UPDATE public.users AS u
    SET oidc_issuer = p_issuer, oidc_subject = p_subject
    WHERE p_email <> '' AND lower(u.email) = lower(p_email)
      AND u.oidc_issuer IS NULL AND u.active
      AND NOT EXISTS (
          SELECT 1 FROM public.users AS m
          WHERE m.clinic_id = u.clinic_id AND m.oidc_issuer = p_issuer AND m.oidc_subject = p_subject)
    RETURNING u.*
$$;

-- app.record_login stamps last_login_at on an identity's memberships.
CREATE FUNCTION app.record_login(p_issuer text, p_subject text)
    RETURNS SETOF public.users
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    UPDATE public.users AS u SET last_login_at = now()
    WHERE u.oidc_issuer = p_issuer AND u.oidc_subject = p_subject
    RETURNING u.*
$$;

GRANT SELECT ON public.users, public.clinics TO santkrupa_definer;
GRANT UPDATE (oidc_issuer, oidc_subject, last_login_at, updated_at) ON public.users TO santkrupa_definer;
GRANT CREATE ON SCHEMA app TO santkrupa_definer;
ALTER FUNCTION app.identity_memberships(text, text) OWNER TO santkrupa_definer;
ALTER FUNCTION app.identity_clinics(text, text) OWNER TO santkrupa_definer;
ALTER FUNCTION app.clinic_membership(text, text, text) OWNER TO santkrupa_definer;
ALTER FUNCTION app.bind_invitations(text, text, text) OWNER TO santkrupa_definer;
ALTER FUNCTION app.record_login(text, text) OWNER TO santkrupa_definer;
REVOKE CREATE ON SCHEMA app FROM santkrupa_definer;
REVOKE ALL ON FUNCTION app.identity_memberships(text, text), app.identity_clinics(text, text),
    app.clinic_membership(text, text, text), app.bind_invitations(text, text, text),
    app.record_login(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.identity_memberships(text, text), app.identity_clinics(text, text),
    app.clinic_membership(text, text, text), app.bind_invitations(text, text, text),
    app.record_login(text, text) TO santkrupa_app;

-- migrate:down
DROP FUNCTION app.record_login(text, text);
DROP FUNCTION app.bind_invitations(text, text, text);
DROP FUNCTION app.clinic_membership(text, text, text);
DROP FUNCTION app.identity_clinics(text, text);
DROP FUNCTION app.identity_memberships(text, text);
REVOKE SELECT ON public.users, public.clinics FROM santkrupa_definer;
DROP SCHEMA platform CASCADE;
