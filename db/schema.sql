\restrict dbmate

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: app; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA app;


--
-- Name: app_private; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA app_private;


--
-- Name: crypto; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA crypto;


--
-- Name: platform; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA platform;


--
-- Name: pgcrypto; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA crypto;


--
-- Name: EXTENSION pgcrypto; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pgcrypto IS 'cryptographic functions';


--
-- Name: audit_append_only(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.audit_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog'
    AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;


--
-- Name: audit_chain(text, uuid, bigint, integer); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.audit_chain(p_slug text, p_after_clinic uuid, p_after_seq bigint, p_limit integer) RETURNS TABLE(clinic_id uuid, clinic_slug text, seq bigint, id uuid, prev_hash bytea, hash bytea, canonical text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT e.clinic_id, c.slug::text, e.seq, e.id, e.prev_hash, e.hash, app.audit_event_text(e)
    FROM public.audit_events AS e
    JOIN public.clinics AS c ON c.id = e.clinic_id
    WHERE (p_slug IS NULL OR c.slug = p_slug)
      AND (e.clinic_id, e.seq) > (p_after_clinic, p_after_seq)
    ORDER BY e.clinic_id, e.seq
    LIMIT p_limit
$$;


--
-- Name: audit_chain_append(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.audit_chain_append() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    last  record;
    actor text[] := app.verified_context(); -- as app.current_app_user and app.current_app_role read it
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('santkrupa.audit:' || NEW.clinic_id::text));
    SELECT e.seq, e.hash INTO last
    FROM public.audit_events AS e
    WHERE e.clinic_id = NEW.clinic_id
    ORDER BY e.seq DESC
    LIMIT 1;
    NEW.id := gen_random_uuid();
    NEW.occurred_at := clock_timestamp();
    NEW.actor_user_id := NULLIF(actor[2], '')::uuid;
    NEW.actor_role := actor[3];
    NEW.seq := COALESCE(last.seq, 0) + 1;
    NEW.prev_hash := COALESCE(last.hash, decode(repeat('00', 32), 'hex'));
    NEW.hash := sha256(NEW.prev_hash || convert_to(app.audit_event_text(NEW), 'UTF8'));
    RETURN NEW;
END
$$;


--
-- Name: current_clinic(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.current_clinic() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT ((app.verified_context())[1])::uuid $$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: audit_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_events (
    clinic_id uuid DEFAULT app.current_clinic() NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    seq bigint NOT NULL,
    occurred_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    actor_user_id uuid,
    actor_role character varying(16),
    identity_issuer character varying(500),
    identity_subject character varying(255),
    action character varying(16) NOT NULL,
    resource_table character varying(63),
    resource_id uuid,
    patient_id uuid,
    ip inet,
    user_agent character varying(512),
    request_id character varying(200),
    outcome character varying(8) DEFAULT 'success'::character varying NOT NULL,
    detail character varying(500) DEFAULT ''::character varying NOT NULL,
    prev_hash bytea NOT NULL,
    hash bytea NOT NULL,
    CONSTRAINT audit_events_action_check CHECK (((action)::text = ANY ((ARRAY['read'::character varying, 'create'::character varying, 'update'::character varying, 'delete'::character varying, 'export'::character varying, 'login'::character varying, 'failed_access'::character varying])::text[]))),
    CONSTRAINT audit_events_hash_check CHECK ((octet_length(hash) = 32)),
    CONSTRAINT audit_events_outcome_check CHECK (((outcome)::text = ANY ((ARRAY['success'::character varying, 'denied'::character varying, 'failure'::character varying])::text[]))),
    CONSTRAINT audit_events_prev_hash_check CHECK ((octet_length(prev_hash) = 32)),
    CONSTRAINT audit_events_seq_check CHECK ((seq > 0))
);

ALTER TABLE ONLY public.audit_events FORCE ROW LEVEL SECURITY;


--
-- Name: audit_event_text(public.audit_events); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.audit_event_text(e public.audit_events) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT concat_ws(E'\n', 'v1',
        app.audit_field(e.clinic_id::text),
        app.audit_field(e.id::text),
        app.audit_field(e.seq::text),
        app.audit_field(to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
        app.audit_field(e.actor_user_id::text),
        app.audit_field(e.actor_role::text),
        app.audit_field(e.identity_issuer::text),
        app.audit_field(e.identity_subject::text),
        app.audit_field(e.action::text),
        app.audit_field(e.resource_table::text),
        app.audit_field(e.resource_id::text),
        app.audit_field(e.patient_id::text),
        app.audit_field(e.ip::text),
        app.audit_field(e.user_agent::text),
        app.audit_field(e.request_id::text),
        app.audit_field(e.outcome::text),
        app.audit_field(e.detail::text))
$$;


--
-- Name: audit_field(text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.audit_field(v text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN v IS NULL THEN '-' ELSE octet_length(v)::text || ':' || v END $$;


--
-- Name: audit_row_change(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.audit_row_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    r record;
    v_id uuid;
    v_patient uuid;
BEGIN
    IF TG_OP = 'DELETE' THEN
        r := OLD;
    ELSE
        r := NEW;
    END IF;
    IF TG_ARGV[0] = 'id' THEN
        v_id := r.id;
    END IF;
    IF TG_ARGV[1] = 'id' THEN
        v_patient := r.id;
    ELSIF TG_ARGV[1] = 'patient_id' THEN
        v_patient := r.patient_id;
    ELSIF TG_ARGV[1] = 'prescription' THEN
        SELECT p.patient_id INTO v_patient
        FROM public.prescriptions AS p
        WHERE p.clinic_id = r.clinic_id AND p.id = r.prescription_id;
    END IF;
    -- seq and the hashes are left to app.audit_chain_append (NOT NULL is
    -- checked after BEFORE triggers).
    INSERT INTO public.audit_events (clinic_id, action, resource_table, resource_id, patient_id)
    VALUES (r.clinic_id,
            CASE TG_OP WHEN 'INSERT' THEN 'create' WHEN 'UPDATE' THEN 'update' ELSE 'delete' END,
            TG_TABLE_NAME, v_id, v_patient);
    RETURN NULL;
END
$$;


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    clinic_id uuid DEFAULT app.current_clinic() NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    display_name character varying(200) NOT NULL,
    email character varying(254) DEFAULT ''::character varying NOT NULL,
    phone character varying(30) DEFAULT ''::character varying NOT NULL,
    role character varying(16) NOT NULL,
    oidc_issuer character varying(500),
    oidc_subject character varying(255),
    active boolean DEFAULT true NOT NULL,
    last_login_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    legacy_id character varying(40),
    CONSTRAINT users_check CHECK (((oidc_issuer IS NULL) = (oidc_subject IS NULL))),
    CONSTRAINT users_display_name_check CHECK ((btrim((display_name)::text) <> ''::text)),
    CONSTRAINT users_role_check CHECK (((role)::text = ANY ((ARRAY['admin'::character varying, 'doctor'::character varying, 'receptionist'::character varying, 'lab_tech'::character varying, 'patient'::character varying])::text[])))
);

ALTER TABLE ONLY public.users FORCE ROW LEVEL SECURITY;


--
-- Name: bind_invitations(text, text, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.bind_invitations(p_issuer text, p_subject text, p_email text) RETURNS SETOF public.users
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
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


--
-- Name: clinic_id_by_slug(text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.clinic_id_by_slug(p_slug text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT c.id FROM public.clinics AS c WHERE c.slug = p_slug AND c.active
$$;


--
-- Name: clinic_membership(text, text, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.clinic_membership(p_slug text, p_issuer text, p_subject text) RETURNS SETOF public.users
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    RETURN QUERY
    SELECT u.*
    FROM public.clinics AS c
    JOIN public.users AS u ON u.clinic_id = c.id
    WHERE c.slug = p_slug AND c.active AND c.subscription_status <> 'suspended'
      AND u.oidc_issuer = p_issuer AND u.oidc_subject = p_subject AND u.active;
END
$$;


--
-- Name: confirm_membership(uuid, uuid, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.confirm_membership(p_clinic uuid, p_user uuid, p_role text) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    PERFORM FROM public.users AS u JOIN public.clinics AS c ON c.id = u.clinic_id
    WHERE u.clinic_id = p_clinic AND u.id = p_user AND u.role = p_role AND u.active
      AND c.id = p_clinic AND c.active AND c.subscription_status <> 'suspended';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'membership is no longer current' USING ERRCODE = '28000';
    END IF;
END
$$;


--
-- Name: current_app_role(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.current_app_role() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT (app.verified_context())[3] $$;


--
-- Name: current_app_user(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.current_app_user() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT (NULLIF((app.verified_context())[2], ''))::uuid $$;


--
-- Name: clinics; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.clinics (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name character varying(200) NOT NULL,
    slug character varying(63) NOT NULL,
    code character varying(12) NOT NULL,
    address character varying(500) DEFAULT ''::character varying NOT NULL,
    city character varying(100) DEFAULT ''::character varying NOT NULL,
    state character varying(100) DEFAULT ''::character varying NOT NULL,
    postal_code character varying(20) DEFAULT ''::character varying NOT NULL,
    phone character varying(30) DEFAULT ''::character varying NOT NULL,
    email character varying(254) DEFAULT ''::character varying NOT NULL,
    registration_number character varying(100) DEFAULT ''::character varying NOT NULL,
    timezone character varying(64) DEFAULT 'Asia/Kolkata'::character varying NOT NULL,
    subscription_status character varying(16) DEFAULT 'trial'::character varying NOT NULL,
    subscription_ends_on date,
    max_doctors integer DEFAULT 10 NOT NULL,
    max_patients integer DEFAULT 10000 NOT NULL,
    max_receptionists integer DEFAULT 5 NOT NULL,
    active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    clinic_id uuid GENERATED ALWAYS AS (id) STORED NOT NULL,
    CONSTRAINT clinics_code_check CHECK (((code)::text ~ '^[A-Z0-9]{2,12}$'::text)),
    CONSTRAINT clinics_max_doctors_check CHECK ((max_doctors >= 0)),
    CONSTRAINT clinics_max_patients_check CHECK ((max_patients >= 0)),
    CONSTRAINT clinics_max_receptionists_check CHECK ((max_receptionists >= 0)),
    CONSTRAINT clinics_name_check CHECK ((btrim((name)::text) <> ''::text)),
    CONSTRAINT clinics_slug_check CHECK (((slug)::text ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$'::text)),
    CONSTRAINT clinics_subscription_status_check CHECK (((subscription_status)::text = ANY ((ARRAY['trial'::character varying, 'active'::character varying, 'expired'::character varying, 'suspended'::character varying])::text[])))
);

ALTER TABLE ONLY public.clinics FORCE ROW LEVEL SECURITY;


--
-- Name: identity_clinics(text, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.identity_clinics(p_issuer text, p_subject text) RETURNS SETOF public.clinics
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT c.*
    FROM public.clinics AS c
    JOIN public.users AS u ON u.clinic_id = c.id
    WHERE u.oidc_issuer = p_issuer AND u.oidc_subject = p_subject AND u.active
      AND c.active AND c.subscription_status <> 'suspended'
    ORDER BY c.name, c.id
$$;


--
-- Name: identity_memberships(text, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.identity_memberships(p_issuer text, p_subject text) RETURNS SETOF public.users
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT u.*
    FROM public.users AS u
    JOIN public.clinics AS c ON c.id = u.clinic_id
    WHERE u.oidc_issuer = p_issuer AND u.oidc_subject = p_subject AND c.active
    ORDER BY u.clinic_id
$$;


--
-- Name: is_own_patient(uuid, uuid); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.is_own_patient(p_clinic uuid, p_patient uuid) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.patients AS p
        WHERE p.clinic_id = p_clinic AND p.id = p_patient
          AND p.user_id = app.current_app_user())
$$;


--
-- Name: is_uuid_text(text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.is_uuid_text(s text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
    SELECT s LIKE '________-____-____-____-____________'
       AND s COLLATE "C" ~ '^[0-9a-f]*-[0-9a-f]*-[0-9a-f]*-[0-9a-f]*-[0-9a-f]*$'
$_$;


--
-- Name: next_patient_number(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.next_patient_number() RETURNS text
    LANGUAGE sql
    AS $$
    WITH clinic AS (
        SELECT c.code, to_char(now() AT TIME ZONE c.timezone, 'YYYY') AS year
        FROM public.clinics AS c
        WHERE c.id = app.current_clinic()
    ), seq AS (
        INSERT INTO public.clinic_counters (counter, period, value)
        SELECT 'patient_number', clinic.year, 1 FROM clinic
        ON CONFLICT (clinic_id, counter, period) DO UPDATE SET value = public.clinic_counters.value + 1
        RETURNING value
    )
    SELECT format('PT-%s-%s-%s', clinic.code, clinic.year,
                  lpad(seq.value::text, greatest(5, length(seq.value::text)), '0'))
    FROM clinic, seq
$$;


--
-- Name: platform_clinic_counts(uuid); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.platform_clinic_counts(p_clinic uuid) RETURNS bigint[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
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


--
-- Name: platform_clinic_page(text, text, uuid, integer); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.platform_clinic_page(p_slug text, p_after_name text, p_after_id uuid, p_limit integer) RETURNS SETOF public.clinics
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT c.* FROM public.clinics AS c
    WHERE (p_slug IS NULL OR c.slug = p_slug)
      AND (p_after_name IS NULL OR (c.name::text, c.id) > (p_after_name, p_after_id))
    ORDER BY c.name::text, c.id
    LIMIT greatest(least(p_limit, 200), 1)
$$;


--
-- Name: platform_clinics(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.platform_clinics() RETURNS SETOF public.clinics
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT c.* FROM public.clinics AS c ORDER BY c.name, c.id
$$;


--
-- Name: record_failed_access(text, text, text, inet, text, text, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.record_failed_access(p_slug text, p_issuer text, p_subject text, p_ip inet, p_user_agent text, p_request_id text, p_detail text) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    INSERT INTO public.audit_events (clinic_id, identity_issuer, identity_subject, action, ip, user_agent,
        request_id, outcome, detail)
    SELECT c.id, left(p_issuer, 500), left(p_subject, 255), 'failed_access', p_ip, left(p_user_agent, 512),
        left(p_request_id, 200), 'denied', left(p_detail, 500)
    FROM public.clinics AS c
    WHERE c.slug = p_slug AND c.active
$$;


--
-- Name: record_login(text, text); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.record_login(p_issuer text, p_subject text) RETURNS SETOF public.users
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    UPDATE public.users AS u SET last_login_at = now()
    WHERE u.oidc_issuer = p_issuer AND u.oidc_subject = p_subject
    RETURNING u.*
$$;


--
-- Name: touch_updated_at(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog'
    AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;


--
-- Name: verified_context(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.verified_context() RETURNS text[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
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


--
-- Name: context_keys; Type: TABLE; Schema: app_private; Owner: -
--

CREATE TABLE app_private.context_keys (
    kid character varying(32) NOT NULL,
    secret bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT context_keys_kid_check CHECK (((kid)::text ~ '^[A-Za-z0-9_-]{1,32}$'::text)),
    CONSTRAINT context_keys_secret_check CHECK ((octet_length(secret) >= 32))
);


--
-- Name: sessions; Type: TABLE; Schema: platform; Owner: -
--

CREATE TABLE platform.sessions (
    token text NOT NULL,
    data bytea NOT NULL,
    expiry timestamp with time zone NOT NULL
);


--
-- Name: api_idempotency; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_idempotency (
    clinic_id uuid DEFAULT app.current_clinic() NOT NULL,
    user_id uuid DEFAULT app.current_app_user() NOT NULL,
    key character varying(200) NOT NULL,
    method character varying(10) NOT NULL,
    path character varying(2000) NOT NULL,
    request_sha256 bytea NOT NULL,
    status smallint,
    response_headers jsonb,
    response_body bytea,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    completed_at timestamp with time zone,
    CONSTRAINT api_idempotency_check CHECK (((status IS NULL) = (completed_at IS NULL))),
    CONSTRAINT api_idempotency_key_check CHECK (((key)::text <> ''::text)),
    CONSTRAINT api_idempotency_request_sha256_check CHECK ((octet_length(request_sha256) = 32)),
    CONSTRAINT api_idempotency_status_check CHECK (((status >= 100) AND (status <= 599)))
);

ALTER TABLE ONLY public.api_idempotency FORCE ROW LEVEL SECURITY;


--
-- Name: clinic_counters; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.clinic_counters (
    clinic_id uuid DEFAULT app.current_clinic() NOT NULL,
    counter character varying(32) NOT NULL,
    period character varying(10) NOT NULL,
    value bigint NOT NULL,
    CONSTRAINT clinic_counters_counter_check CHECK (((counter)::text = ANY ((ARRAY['patient_number'::character varying, 'visit_token'::character varying])::text[]))),
    CONSTRAINT clinic_counters_value_check CHECK ((value > 0))
);

ALTER TABLE ONLY public.clinic_counters FORCE ROW LEVEL SECURITY;


--
-- Name: doctor_notes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.doctor_notes (
    clinic_id uuid DEFAULT app.current_clinic() NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    visit_id uuid NOT NULL,
    patient_id uuid NOT NULL,
    author_id uuid NOT NULL,
    chief_complaint character varying(2000) DEFAULT ''::character varying NOT NULL,
    observations character varying(8000) DEFAULT ''::character varying NOT NULL,
    diagnosis character varying(2000) DEFAULT ''::character varying NOT NULL,
    treatment_plan character varying(4000) DEFAULT ''::character varying NOT NULL,
    notes character varying(8000) DEFAULT ''::character varying NOT NULL,
    signed_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    legacy_id character varying(40)
);

ALTER TABLE ONLY public.doctor_notes FORCE ROW LEVEL SECURITY;


--
-- Name: doctors; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.doctors (
    clinic_id uuid DEFAULT app.current_clinic() NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    specialization character varying(200) DEFAULT ''::character varying NOT NULL,
    qualification character varying(200) DEFAULT ''::character varying NOT NULL,
    license_number character varying(64) NOT NULL,
    active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    legacy_id character varying(40),
    CONSTRAINT doctors_license_number_check CHECK ((btrim((license_number)::text) <> ''::text))
);

ALTER TABLE ONLY public.doctors FORCE ROW LEVEL SECURITY;


--
-- Name: medical_reports; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.medical_reports (
    clinic_id uuid DEFAULT app.current_clinic() NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    patient_id uuid NOT NULL,
    uploaded_by uuid,
    report_type character varying(16) DEFAULT 'other'::character varying NOT NULL,
    description character varying(2000) DEFAULT ''::character varying NOT NULL,
    content bytea NOT NULL,
    content_type character varying(100) NOT NULL,
    size_bytes integer NOT NULL,
    sha256 bytea NOT NULL,
    original_filename character varying(255) DEFAULT ''::character varying NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    legacy_id character varying(40),
    CONSTRAINT medical_reports_check CHECK ((size_bytes = octet_length(content))),
    CONSTRAINT medical_reports_report_type_check CHECK (((report_type)::text = ANY ((ARRAY['lab'::character varying, 'imaging'::character varying, 'discharge'::character varying, 'referral'::character varying, 'prescription'::character varying, 'other'::character varying])::text[]))),
    CONSTRAINT medical_reports_sha256_check CHECK ((octet_length(sha256) = 32)),
    CONSTRAINT medical_reports_size_bytes_check CHECK (((size_bytes >= 0) AND (size_bytes <= 20971520)))
);

ALTER TABLE ONLY public.medical_reports FORCE ROW LEVEL SECURITY;


--
-- Name: medicines; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.medicines (
    clinic_id uuid DEFAULT app.current_clinic() NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name character varying(200) NOT NULL,
    name_search text GENERATED ALWAYS AS (lower((name)::text)) STORED COLLATE pg_catalog."C",
    generic_name character varying(200) DEFAULT ''::character varying NOT NULL,
    form character varying(32) DEFAULT 'tablet'::character varying NOT NULL,
    strength character varying(64) DEFAULT ''::character varying NOT NULL,
    default_dose character varying(64) DEFAULT ''::character varying NOT NULL,
    default_schedule character varying(32) DEFAULT ''::character varying NOT NULL,
    default_duration_days smallint,
    active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    legacy_id character varying(40),
    CONSTRAINT medicines_default_duration_days_check CHECK (((default_duration_days >= 1) AND (default_duration_days <= 365))),
    CONSTRAINT medicines_form_check CHECK (((form)::text = ANY ((ARRAY['tablet'::character varying, 'capsule'::character varying, 'syrup'::character varying, 'injection'::character varying, 'ointment'::character varying, 'drops'::character varying, 'inhaler'::character varying, 'powder'::character varying, 'other'::character varying])::text[]))),
    CONSTRAINT medicines_name_check CHECK ((btrim((name)::text) <> ''::text))
);

ALTER TABLE ONLY public.medicines FORCE ROW LEVEL SECURITY;


--
-- Name: patient_visits; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.patient_visits (
    clinic_id uuid DEFAULT app.current_clinic() NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    patient_id uuid NOT NULL,
    doctor_id uuid,
    checked_in_by uuid,
    checked_in_at timestamp with time zone DEFAULT now() NOT NULL,
    visit_date date NOT NULL,
    token integer NOT NULL,
    purpose character varying(500) DEFAULT ''::character varying NOT NULL,
    priority character varying(12) DEFAULT 'normal'::character varying NOT NULL,
    status character varying(20) DEFAULT 'checked_in'::character varying NOT NULL,
    started_at timestamp with time zone,
    completed_at timestamp with time zone,
    cancelled_at timestamp with time zone,
    cancel_reason character varying(500) DEFAULT ''::character varying NOT NULL,
    bp_systolic smallint,
    bp_diastolic smallint,
    pulse smallint,
    temperature_c numeric(4,1),
    spo2 smallint,
    blood_sugar numeric(5,1),
    weight_kg numeric(5,2),
    notes character varying(2000) DEFAULT ''::character varying NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    legacy_id character varying(40),
    form_key uuid,
    CONSTRAINT patient_visits_blood_sugar_check CHECK (((blood_sugar >= (0)::numeric) AND (blood_sugar <= (2000)::numeric))),
    CONSTRAINT patient_visits_bp_diastolic_check CHECK (((bp_diastolic >= 10) AND (bp_diastolic <= 200))),
    CONSTRAINT patient_visits_bp_systolic_check CHECK (((bp_systolic >= 30) AND (bp_systolic <= 300))),
    CONSTRAINT patient_visits_priority_check CHECK (((priority)::text = ANY ((ARRAY['normal'::character varying, 'urgent'::character varying, 'emergency'::character varying])::text[]))),
    CONSTRAINT patient_visits_pulse_check CHECK (((pulse >= 10) AND (pulse <= 300))),
    CONSTRAINT patient_visits_spo2_check CHECK (((spo2 >= 0) AND (spo2 <= 100))),
    CONSTRAINT patient_visits_status_check CHECK (((status)::text = ANY ((ARRAY['checked_in'::character varying, 'in_consultation'::character varying, 'completed'::character varying, 'cancelled'::character varying])::text[]))),
    CONSTRAINT patient_visits_temperature_c_check CHECK (((temperature_c >= (25)::numeric) AND (temperature_c <= (45)::numeric))),
    CONSTRAINT patient_visits_token_check CHECK ((token > 0)),
    CONSTRAINT patient_visits_weight_kg_check CHECK (((weight_kg > (0)::numeric) AND (weight_kg < (700)::numeric)))
);

ALTER TABLE ONLY public.patient_visits FORCE ROW LEVEL SECURITY;


--
-- Name: patients; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.patients (
    clinic_id uuid DEFAULT app.current_clinic() NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    patient_number character varying(40) NOT NULL,
    legacy_id character varying(40),
    name character varying(200) NOT NULL,
    name_search text GENERATED ALWAYS AS (lower((name)::text)) STORED COLLATE pg_catalog."C",
    date_of_birth date,
    age_years smallint,
    sex character varying(8) DEFAULT 'unknown'::character varying NOT NULL,
    phone character varying(30) DEFAULT ''::character varying NOT NULL,
    phone_digits text GENERATED ALWAYS AS (regexp_replace((phone)::text, '[^0-9]'::text, ''::text, 'g'::text)) STORED COLLATE pg_catalog."C",
    email character varying(254) DEFAULT ''::character varying NOT NULL,
    address character varying(500) DEFAULT ''::character varying NOT NULL,
    weight_kg numeric(5,2),
    blood_group character varying(8) DEFAULT 'unknown'::character varying NOT NULL,
    allergies character varying(2000) DEFAULT ''::character varying NOT NULL,
    emergency_contact_name character varying(200) DEFAULT ''::character varying NOT NULL,
    emergency_contact_phone character varying(30) DEFAULT ''::character varying NOT NULL,
    status character varying(20) DEFAULT 'registered'::character varying NOT NULL,
    registered_by uuid,
    user_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    phone_key text GENERATED ALWAYS AS ("right"(regexp_replace((phone)::text, '[^0-9]'::text, ''::text, 'g'::text), 10)) STORED COLLATE pg_catalog."C",
    form_key uuid,
    CONSTRAINT patients_age_years_check CHECK (((age_years >= 0) AND (age_years <= 150))),
    CONSTRAINT patients_blood_group_check CHECK (((blood_group)::text = ANY ((ARRAY['A+'::character varying, 'A-'::character varying, 'B+'::character varying, 'B-'::character varying, 'AB+'::character varying, 'AB-'::character varying, 'O+'::character varying, 'O-'::character varying, 'unknown'::character varying])::text[]))),
    CONSTRAINT patients_date_of_birth_check CHECK ((date_of_birth > '1880-01-01'::date)),
    CONSTRAINT patients_name_check CHECK ((btrim((name)::text) <> ''::text)),
    CONSTRAINT patients_sex_check CHECK (((sex)::text = ANY ((ARRAY['male'::character varying, 'female'::character varying, 'other'::character varying, 'unknown'::character varying])::text[]))),
    CONSTRAINT patients_status_check CHECK (((status)::text = ANY ((ARRAY['registered'::character varying, 'in_diagnosis'::character varying, 'treatment_started'::character varying, 'discharged'::character varying])::text[]))),
    CONSTRAINT patients_weight_kg_check CHECK (((weight_kg > (0)::numeric) AND (weight_kg < (700)::numeric)))
);

ALTER TABLE ONLY public.patients FORCE ROW LEVEL SECURITY;


--
-- Name: prescription_lines; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.prescription_lines (
    clinic_id uuid DEFAULT app.current_clinic() NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    prescription_id uuid NOT NULL,
    "position" smallint NOT NULL,
    medicine_id uuid,
    medicine_name character varying(200) NOT NULL,
    form character varying(32) DEFAULT ''::character varying NOT NULL,
    dose character varying(64) DEFAULT ''::character varying NOT NULL,
    schedule character varying(32) DEFAULT ''::character varying NOT NULL,
    frequency character varying(64) DEFAULT ''::character varying NOT NULL,
    duration_days smallint,
    quantity character varying(32) DEFAULT ''::character varying NOT NULL,
    food_instruction character varying(8) DEFAULT 'any'::character varying NOT NULL,
    route character varying(32) DEFAULT 'oral'::character varying NOT NULL,
    prn boolean DEFAULT false NOT NULL,
    instructions character varying(1000) DEFAULT ''::character varying NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    legacy_id character varying(40),
    CONSTRAINT prescription_lines_duration_days_check CHECK (((duration_days >= 1) AND (duration_days <= 365))),
    CONSTRAINT prescription_lines_food_instruction_check CHECK (((food_instruction)::text = ANY ((ARRAY['before'::character varying, 'after'::character varying, 'with'::character varying, 'any'::character varying])::text[]))),
    CONSTRAINT prescription_lines_medicine_name_check CHECK ((btrim((medicine_name)::text) <> ''::text)),
    CONSTRAINT prescription_lines_position_check CHECK ((("position" >= 1) AND ("position" <= 50)))
);

ALTER TABLE ONLY public.prescription_lines FORCE ROW LEVEL SECURITY;


--
-- Name: prescriptions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.prescriptions (
    clinic_id uuid DEFAULT app.current_clinic() NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    patient_id uuid NOT NULL,
    doctor_id uuid NOT NULL,
    visit_id uuid,
    status character varying(12) DEFAULT 'draft'::character varying NOT NULL,
    diagnosis character varying(2000) DEFAULT ''::character varying NOT NULL,
    advice character varying(4000) DEFAULT ''::character varying NOT NULL,
    admission_recommended boolean DEFAULT false NOT NULL,
    admission_reason character varying(2000) DEFAULT ''::character varying NOT NULL,
    follow_up_date date,
    finalized_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    legacy_id character varying(40),
    prescriber_name character varying(200) DEFAULT ''::character varying NOT NULL,
    CONSTRAINT prescriptions_check CHECK ((((status)::text <> 'final'::text) OR (finalized_at IS NOT NULL))),
    CONSTRAINT prescriptions_status_check CHECK (((status)::text = ANY ((ARRAY['draft'::character varying, 'final'::character varying, 'cancelled'::character varying])::text[])))
);

ALTER TABLE ONLY public.prescriptions FORCE ROW LEVEL SECURITY;


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version character varying NOT NULL
);


--
-- Name: test_catalog; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.test_catalog (
    clinic_id uuid DEFAULT app.current_clinic() NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name character varying(200) NOT NULL,
    test_type character varying(16) NOT NULL,
    description character varying(2000) DEFAULT ''::character varying NOT NULL,
    active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    legacy_id character varying(40),
    CONSTRAINT test_catalog_name_check CHECK ((btrim((name)::text) <> ''::text)),
    CONSTRAINT test_catalog_test_type_check CHECK (((test_type)::text = ANY ((ARRAY['blood'::character varying, 'urine'::character varying, 'x-ray'::character varying, 'ultrasound'::character varying, 'ecg'::character varying, 'ct'::character varying, 'mri'::character varying, 'other'::character varying])::text[])))
);

ALTER TABLE ONLY public.test_catalog FORCE ROW LEVEL SECURITY;


--
-- Name: test_report_values; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.test_report_values (
    clinic_id uuid DEFAULT app.current_clinic() NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    test_report_id uuid NOT NULL,
    patient_id uuid NOT NULL,
    "position" smallint NOT NULL,
    analyte character varying(200) NOT NULL,
    value character varying(200) NOT NULL,
    unit character varying(32) DEFAULT ''::character varying NOT NULL,
    reference_range character varying(100) DEFAULT ''::character varying NOT NULL,
    abnormal_flag character varying(10) DEFAULT 'normal'::character varying NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT test_report_values_abnormal_flag_check CHECK (((abnormal_flag)::text = ANY ((ARRAY['normal'::character varying, 'low'::character varying, 'high'::character varying, 'critical'::character varying, 'abnormal'::character varying])::text[]))),
    CONSTRAINT test_report_values_analyte_check CHECK ((btrim((analyte)::text) <> ''::text)),
    CONSTRAINT test_report_values_position_check CHECK ((("position" >= 1) AND ("position" <= 200)))
);

ALTER TABLE ONLY public.test_report_values FORCE ROW LEVEL SECURITY;


--
-- Name: test_reports; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.test_reports (
    clinic_id uuid DEFAULT app.current_clinic() NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    test_id uuid NOT NULL,
    patient_id uuid NOT NULL,
    status character varying(12) DEFAULT 'preliminary'::character varying NOT NULL,
    performed_by uuid,
    performed_at timestamp with time zone DEFAULT now() NOT NULL,
    verified_by uuid,
    verified_at timestamp with time zone,
    notes character varying(4000) DEFAULT ''::character varying NOT NULL,
    file_content bytea,
    file_content_type character varying(100),
    file_name character varying(255),
    file_size integer,
    file_sha256 bytea,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    legacy_id character varying(40),
    supersedes uuid,
    CONSTRAINT test_reports_check CHECK (((file_content IS NULL) = (file_sha256 IS NULL))),
    CONSTRAINT test_reports_check1 CHECK (((verified_by IS NULL) = (verified_at IS NULL))),
    CONSTRAINT test_reports_file_sha256_check CHECK ((octet_length(file_sha256) = 32)),
    CONSTRAINT test_reports_file_size_check CHECK (((file_size >= 0) AND (file_size <= 20971520))),
    CONSTRAINT test_reports_status_check CHECK (((status)::text = ANY ((ARRAY['preliminary'::character varying, 'final'::character varying, 'corrected'::character varying])::text[]))),
    CONSTRAINT test_reports_supersedes_check CHECK (((supersedes IS NULL) OR (((status)::text = 'corrected'::text) AND (supersedes <> id))))
);

ALTER TABLE ONLY public.test_reports FORCE ROW LEVEL SECURITY;


--
-- Name: tests; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tests (
    clinic_id uuid DEFAULT app.current_clinic() NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    patient_id uuid NOT NULL,
    visit_id uuid,
    prescription_id uuid,
    catalog_id uuid,
    ordered_by uuid,
    test_type character varying(16) NOT NULL,
    name character varying(200) NOT NULL,
    description character varying(2000) DEFAULT ''::character varying NOT NULL,
    urgency character varying(8) DEFAULT 'routine'::character varying NOT NULL,
    status character varying(12) DEFAULT 'ordered'::character varying NOT NULL,
    ordered_at timestamp with time zone DEFAULT now() NOT NULL,
    collected_at timestamp with time zone,
    completed_at timestamp with time zone,
    cancelled_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    legacy_id character varying(40),
    CONSTRAINT tests_name_check CHECK ((btrim((name)::text) <> ''::text)),
    CONSTRAINT tests_status_check CHECK (((status)::text = ANY ((ARRAY['ordered'::character varying, 'collected'::character varying, 'completed'::character varying, 'cancelled'::character varying])::text[]))),
    CONSTRAINT tests_test_type_check CHECK (((test_type)::text = ANY ((ARRAY['blood'::character varying, 'urine'::character varying, 'x-ray'::character varying, 'ultrasound'::character varying, 'ecg'::character varying, 'ct'::character varying, 'mri'::character varying, 'other'::character varying])::text[]))),
    CONSTRAINT tests_urgency_check CHECK (((urgency)::text = ANY ((ARRAY['routine'::character varying, 'urgent'::character varying, 'stat'::character varying])::text[])))
);

ALTER TABLE ONLY public.tests FORCE ROW LEVEL SECURITY;


--
-- Name: context_keys context_keys_pkey; Type: CONSTRAINT; Schema: app_private; Owner: -
--

ALTER TABLE ONLY app_private.context_keys
    ADD CONSTRAINT context_keys_pkey PRIMARY KEY (kid);


--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: platform; Owner: -
--

ALTER TABLE ONLY platform.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (token);


--
-- Name: api_idempotency api_idempotency_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_idempotency
    ADD CONSTRAINT api_idempotency_pkey PRIMARY KEY (clinic_id, user_id, key);


--
-- Name: audit_events audit_events_clinic_id_seq_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_events
    ADD CONSTRAINT audit_events_clinic_id_seq_key UNIQUE (clinic_id, seq);


--
-- Name: audit_events audit_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_events
    ADD CONSTRAINT audit_events_pkey PRIMARY KEY (clinic_id, id);


--
-- Name: clinic_counters clinic_counters_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.clinic_counters
    ADD CONSTRAINT clinic_counters_pkey PRIMARY KEY (clinic_id, counter, period);


--
-- Name: clinics clinics_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.clinics
    ADD CONSTRAINT clinics_pkey PRIMARY KEY (id);


--
-- Name: clinics clinics_slug_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.clinics
    ADD CONSTRAINT clinics_slug_key UNIQUE (slug);


--
-- Name: doctor_notes doctor_notes_clinic_id_legacy_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.doctor_notes
    ADD CONSTRAINT doctor_notes_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);


--
-- Name: doctor_notes doctor_notes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.doctor_notes
    ADD CONSTRAINT doctor_notes_pkey PRIMARY KEY (clinic_id, id);


--
-- Name: doctors doctors_clinic_id_legacy_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.doctors
    ADD CONSTRAINT doctors_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);


--
-- Name: doctors doctors_clinic_id_license_number_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.doctors
    ADD CONSTRAINT doctors_clinic_id_license_number_key UNIQUE (clinic_id, license_number);


--
-- Name: doctors doctors_clinic_id_user_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.doctors
    ADD CONSTRAINT doctors_clinic_id_user_id_key UNIQUE (clinic_id, user_id);


--
-- Name: doctors doctors_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.doctors
    ADD CONSTRAINT doctors_pkey PRIMARY KEY (clinic_id, id);


--
-- Name: medical_reports medical_reports_clinic_id_legacy_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.medical_reports
    ADD CONSTRAINT medical_reports_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);


--
-- Name: medical_reports medical_reports_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.medical_reports
    ADD CONSTRAINT medical_reports_pkey PRIMARY KEY (clinic_id, id);


--
-- Name: medicines medicines_clinic_id_legacy_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.medicines
    ADD CONSTRAINT medicines_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);


--
-- Name: medicines medicines_clinic_id_name_form_strength_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.medicines
    ADD CONSTRAINT medicines_clinic_id_name_form_strength_key UNIQUE (clinic_id, name, form, strength);


--
-- Name: medicines medicines_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.medicines
    ADD CONSTRAINT medicines_pkey PRIMARY KEY (clinic_id, id);


--
-- Name: patient_visits patient_visits_clinic_id_form_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patient_visits
    ADD CONSTRAINT patient_visits_clinic_id_form_key_key UNIQUE (clinic_id, form_key);


--
-- Name: patient_visits patient_visits_clinic_id_id_patient_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patient_visits
    ADD CONSTRAINT patient_visits_clinic_id_id_patient_id_key UNIQUE (clinic_id, id, patient_id);


--
-- Name: patient_visits patient_visits_clinic_id_legacy_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patient_visits
    ADD CONSTRAINT patient_visits_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);


--
-- Name: patient_visits patient_visits_clinic_id_visit_date_token_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patient_visits
    ADD CONSTRAINT patient_visits_clinic_id_visit_date_token_key UNIQUE (clinic_id, visit_date, token);


--
-- Name: patient_visits patient_visits_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patient_visits
    ADD CONSTRAINT patient_visits_pkey PRIMARY KEY (clinic_id, id);


--
-- Name: patients patients_clinic_id_form_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patients
    ADD CONSTRAINT patients_clinic_id_form_key_key UNIQUE (clinic_id, form_key);


--
-- Name: patients patients_clinic_id_legacy_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patients
    ADD CONSTRAINT patients_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);


--
-- Name: patients patients_clinic_id_patient_number_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patients
    ADD CONSTRAINT patients_clinic_id_patient_number_key UNIQUE (clinic_id, patient_number);


--
-- Name: patients patients_clinic_id_user_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patients
    ADD CONSTRAINT patients_clinic_id_user_id_key UNIQUE (clinic_id, user_id);


--
-- Name: patients patients_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patients
    ADD CONSTRAINT patients_pkey PRIMARY KEY (clinic_id, id);


--
-- Name: prescription_lines prescription_lines_clinic_id_legacy_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.prescription_lines
    ADD CONSTRAINT prescription_lines_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);


--
-- Name: prescription_lines prescription_lines_clinic_id_prescription_id_position_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.prescription_lines
    ADD CONSTRAINT prescription_lines_clinic_id_prescription_id_position_key UNIQUE (clinic_id, prescription_id, "position");


--
-- Name: prescription_lines prescription_lines_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.prescription_lines
    ADD CONSTRAINT prescription_lines_pkey PRIMARY KEY (clinic_id, id);


--
-- Name: prescriptions prescriptions_clinic_id_id_patient_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.prescriptions
    ADD CONSTRAINT prescriptions_clinic_id_id_patient_id_key UNIQUE (clinic_id, id, patient_id);


--
-- Name: prescriptions prescriptions_clinic_id_legacy_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.prescriptions
    ADD CONSTRAINT prescriptions_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);


--
-- Name: prescriptions prescriptions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.prescriptions
    ADD CONSTRAINT prescriptions_pkey PRIMARY KEY (clinic_id, id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: test_catalog test_catalog_clinic_id_legacy_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.test_catalog
    ADD CONSTRAINT test_catalog_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);


--
-- Name: test_catalog test_catalog_clinic_id_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.test_catalog
    ADD CONSTRAINT test_catalog_clinic_id_name_key UNIQUE (clinic_id, name);


--
-- Name: test_catalog test_catalog_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.test_catalog
    ADD CONSTRAINT test_catalog_pkey PRIMARY KEY (clinic_id, id);


--
-- Name: test_report_values test_report_values_clinic_id_test_report_id_position_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.test_report_values
    ADD CONSTRAINT test_report_values_clinic_id_test_report_id_position_key UNIQUE (clinic_id, test_report_id, "position");


--
-- Name: test_report_values test_report_values_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.test_report_values
    ADD CONSTRAINT test_report_values_pkey PRIMARY KEY (clinic_id, id);


--
-- Name: test_reports test_reports_clinic_id_id_patient_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.test_reports
    ADD CONSTRAINT test_reports_clinic_id_id_patient_id_key UNIQUE (clinic_id, id, patient_id);


--
-- Name: test_reports test_reports_clinic_id_legacy_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.test_reports
    ADD CONSTRAINT test_reports_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);


--
-- Name: test_reports test_reports_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.test_reports
    ADD CONSTRAINT test_reports_pkey PRIMARY KEY (clinic_id, id);


--
-- Name: tests tests_clinic_id_id_patient_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tests
    ADD CONSTRAINT tests_clinic_id_id_patient_id_key UNIQUE (clinic_id, id, patient_id);


--
-- Name: tests tests_clinic_id_legacy_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tests
    ADD CONSTRAINT tests_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);


--
-- Name: tests tests_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tests
    ADD CONSTRAINT tests_pkey PRIMARY KEY (clinic_id, id);


--
-- Name: users users_clinic_id_legacy_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_clinic_id_legacy_id_key UNIQUE (clinic_id, legacy_id);


--
-- Name: users users_clinic_id_oidc_issuer_oidc_subject_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_clinic_id_oidc_issuer_oidc_subject_key UNIQUE (clinic_id, oidc_issuer, oidc_subject);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (clinic_id, id);


--
-- Name: sessions_expiry_idx; Type: INDEX; Schema: platform; Owner: -
--

CREATE INDEX sessions_expiry_idx ON platform.sessions USING btree (expiry);


--
-- Name: audit_events_actor_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_events_actor_idx ON public.audit_events USING btree (clinic_id, actor_user_id, seq DESC) WHERE (actor_user_id IS NOT NULL);


--
-- Name: audit_events_patient_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_events_patient_idx ON public.audit_events USING btree (clinic_id, patient_id, seq DESC) WHERE (patient_id IS NOT NULL);


--
-- Name: audit_events_time_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_events_time_idx ON public.audit_events USING btree (clinic_id, occurred_at DESC);


--
-- Name: doctor_notes_patient_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX doctor_notes_patient_idx ON public.doctor_notes USING btree (clinic_id, patient_id, created_at DESC);


--
-- Name: doctor_notes_visit_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX doctor_notes_visit_idx ON public.doctor_notes USING btree (clinic_id, visit_id);


--
-- Name: medical_reports_created_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX medical_reports_created_idx ON public.medical_reports USING btree (clinic_id, created_at DESC, id DESC);


--
-- Name: medical_reports_patient_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX medical_reports_patient_idx ON public.medical_reports USING btree (clinic_id, patient_id, created_at DESC);


--
-- Name: medicines_name_search_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX medicines_name_search_idx ON public.medicines USING btree (clinic_id, name_search);


--
-- Name: patient_visits_one_open_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX patient_visits_one_open_idx ON public.patient_visits USING btree (clinic_id, patient_id) WHERE ((status)::text = ANY ((ARRAY['checked_in'::character varying, 'in_consultation'::character varying])::text[]));


--
-- Name: patient_visits_patient_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX patient_visits_patient_idx ON public.patient_visits USING btree (clinic_id, patient_id, checked_in_at DESC);


--
-- Name: patient_visits_queue_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX patient_visits_queue_idx ON public.patient_visits USING btree (clinic_id, visit_date, doctor_id, status);


--
-- Name: patients_created_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX patients_created_idx ON public.patients USING btree (clinic_id, created_at DESC, id DESC);


--
-- Name: patients_name_search_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX patients_name_search_id_idx ON public.patients USING btree (clinic_id, name_search, id);


--
-- Name: patients_phone_key_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX patients_phone_key_idx ON public.patients USING btree (clinic_id, phone_key) WHERE (phone_key <> ''::text);


--
-- Name: prescriptions_created_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX prescriptions_created_idx ON public.prescriptions USING btree (clinic_id, created_at DESC, id DESC);


--
-- Name: prescriptions_patient_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX prescriptions_patient_idx ON public.prescriptions USING btree (clinic_id, patient_id, created_at DESC);


--
-- Name: prescriptions_visit_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX prescriptions_visit_idx ON public.prescriptions USING btree (clinic_id, visit_id) WHERE (visit_id IS NOT NULL);


--
-- Name: test_reports_patient_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX test_reports_patient_idx ON public.test_reports USING btree (clinic_id, patient_id);


--
-- Name: test_reports_supersedes_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX test_reports_supersedes_key ON public.test_reports USING btree (clinic_id, supersedes) WHERE (supersedes IS NOT NULL);


--
-- Name: test_reports_test_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX test_reports_test_idx ON public.test_reports USING btree (clinic_id, test_id);


--
-- Name: tests_patient_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tests_patient_idx ON public.tests USING btree (clinic_id, patient_id, ordered_at DESC);


--
-- Name: tests_status_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tests_status_idx ON public.tests USING btree (clinic_id, status, ordered_at);


--
-- Name: tests_status_urgency_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tests_status_urgency_idx ON public.tests USING btree (clinic_id, status, urgency, ordered_at, id) INCLUDE (patient_id) WHERE ((urgency)::text <> 'routine'::text);


--
-- Name: users_clinic_email_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX users_clinic_email_key ON public.users USING btree (clinic_id, lower((email)::text)) WHERE ((email)::text <> ''::text);


--
-- Name: users_identity_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX users_identity_idx ON public.users USING btree (oidc_issuer, oidc_subject) WHERE (oidc_issuer IS NOT NULL);


--
-- Name: api_idempotency api_idempotency_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER api_idempotency_audit AFTER INSERT OR DELETE ON public.api_idempotency FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('', '');


--
-- Name: api_idempotency api_idempotency_audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER api_idempotency_audit_update AFTER UPDATE ON public.api_idempotency FOR EACH ROW WHEN (((old.request_sha256 IS DISTINCT FROM new.request_sha256) OR (old.created_at IS DISTINCT FROM new.created_at))) EXECUTE FUNCTION app.audit_row_change('', '');


--
-- Name: audit_events audit_events_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_events_append_only BEFORE DELETE OR UPDATE ON public.audit_events FOR EACH ROW EXECUTE FUNCTION app.audit_append_only();


--
-- Name: audit_events audit_events_chain; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_events_chain BEFORE INSERT ON public.audit_events FOR EACH ROW EXECUTE FUNCTION app.audit_chain_append();


--
-- Name: audit_events audit_events_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON public.audit_events FOR EACH STATEMENT EXECUTE FUNCTION app.audit_append_only();


--
-- Name: clinic_counters clinic_counters_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER clinic_counters_audit AFTER INSERT OR DELETE OR UPDATE ON public.clinic_counters FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('', '');


--
-- Name: clinics clinics_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER clinics_audit AFTER INSERT OR DELETE OR UPDATE ON public.clinics FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', '');


--
-- Name: clinics clinics_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER clinics_touch BEFORE UPDATE ON public.clinics FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();


--
-- Name: doctor_notes doctor_notes_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER doctor_notes_audit AFTER INSERT OR DELETE OR UPDATE ON public.doctor_notes FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'patient_id');


--
-- Name: doctor_notes doctor_notes_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER doctor_notes_touch BEFORE UPDATE ON public.doctor_notes FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();


--
-- Name: doctors doctors_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER doctors_audit AFTER INSERT OR DELETE OR UPDATE ON public.doctors FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', '');


--
-- Name: doctors doctors_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER doctors_touch BEFORE UPDATE ON public.doctors FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();


--
-- Name: medical_reports medical_reports_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER medical_reports_audit AFTER INSERT OR DELETE OR UPDATE ON public.medical_reports FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'patient_id');


--
-- Name: medicines medicines_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER medicines_audit AFTER INSERT OR DELETE OR UPDATE ON public.medicines FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', '');


--
-- Name: medicines medicines_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER medicines_touch BEFORE UPDATE ON public.medicines FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();


--
-- Name: patient_visits patient_visits_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER patient_visits_audit AFTER INSERT OR DELETE OR UPDATE ON public.patient_visits FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'patient_id');


--
-- Name: patient_visits patient_visits_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER patient_visits_touch BEFORE UPDATE ON public.patient_visits FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();


--
-- Name: patients patients_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER patients_audit AFTER INSERT OR DELETE OR UPDATE ON public.patients FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'id');


--
-- Name: patients patients_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER patients_touch BEFORE UPDATE ON public.patients FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();


--
-- Name: prescription_lines prescription_lines_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER prescription_lines_audit AFTER INSERT OR DELETE OR UPDATE ON public.prescription_lines FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'prescription');


--
-- Name: prescription_lines prescription_lines_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER prescription_lines_touch BEFORE UPDATE ON public.prescription_lines FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();


--
-- Name: prescriptions prescriptions_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER prescriptions_audit AFTER INSERT OR DELETE OR UPDATE ON public.prescriptions FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'patient_id');


--
-- Name: prescriptions prescriptions_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER prescriptions_touch BEFORE UPDATE ON public.prescriptions FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();


--
-- Name: test_catalog test_catalog_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER test_catalog_audit AFTER INSERT OR DELETE OR UPDATE ON public.test_catalog FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', '');


--
-- Name: test_catalog test_catalog_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER test_catalog_touch BEFORE UPDATE ON public.test_catalog FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();


--
-- Name: test_report_values test_report_values_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER test_report_values_audit AFTER INSERT OR DELETE OR UPDATE ON public.test_report_values FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'patient_id');


--
-- Name: test_reports test_reports_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER test_reports_audit AFTER INSERT OR DELETE OR UPDATE ON public.test_reports FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'patient_id');


--
-- Name: test_reports test_reports_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER test_reports_touch BEFORE UPDATE ON public.test_reports FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();


--
-- Name: tests tests_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tests_audit AFTER INSERT OR DELETE OR UPDATE ON public.tests FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'patient_id');


--
-- Name: tests tests_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tests_touch BEFORE UPDATE ON public.tests FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();


--
-- Name: users users_audit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER users_audit AFTER INSERT OR DELETE ON public.users FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', '');


--
-- Name: users users_audit_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER users_audit_update AFTER UPDATE ON public.users FOR EACH ROW WHEN (((((((((old.display_name)::text IS DISTINCT FROM (new.display_name)::text) OR ((old.email)::text IS DISTINCT FROM (new.email)::text)) OR ((old.phone)::text IS DISTINCT FROM (new.phone)::text)) OR ((old.role)::text IS DISTINCT FROM (new.role)::text)) OR ((old.oidc_issuer)::text IS DISTINCT FROM (new.oidc_issuer)::text)) OR ((old.oidc_subject)::text IS DISTINCT FROM (new.oidc_subject)::text)) OR (old.active IS DISTINCT FROM new.active))) EXECUTE FUNCTION app.audit_row_change('id', '');


--
-- Name: users users_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER users_touch BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();


--
-- Name: api_idempotency api_idempotency_clinic_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_idempotency
    ADD CONSTRAINT api_idempotency_clinic_id_fkey FOREIGN KEY (clinic_id) REFERENCES public.clinics(id);


--
-- Name: api_idempotency api_idempotency_clinic_id_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_idempotency
    ADD CONSTRAINT api_idempotency_clinic_id_user_id_fkey FOREIGN KEY (clinic_id, user_id) REFERENCES public.users(clinic_id, id) ON DELETE CASCADE;


--
-- Name: audit_events audit_events_clinic_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_events
    ADD CONSTRAINT audit_events_clinic_id_fkey FOREIGN KEY (clinic_id) REFERENCES public.clinics(id);


--
-- Name: clinic_counters clinic_counters_clinic_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.clinic_counters
    ADD CONSTRAINT clinic_counters_clinic_id_fkey FOREIGN KEY (clinic_id) REFERENCES public.clinics(id);


--
-- Name: doctor_notes doctor_notes_clinic_id_author_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.doctor_notes
    ADD CONSTRAINT doctor_notes_clinic_id_author_id_fkey FOREIGN KEY (clinic_id, author_id) REFERENCES public.users(clinic_id, id);


--
-- Name: doctor_notes doctor_notes_clinic_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.doctor_notes
    ADD CONSTRAINT doctor_notes_clinic_id_fkey FOREIGN KEY (clinic_id) REFERENCES public.clinics(id);


--
-- Name: doctor_notes doctor_notes_clinic_id_visit_id_patient_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.doctor_notes
    ADD CONSTRAINT doctor_notes_clinic_id_visit_id_patient_id_fkey FOREIGN KEY (clinic_id, visit_id, patient_id) REFERENCES public.patient_visits(clinic_id, id, patient_id);


--
-- Name: doctors doctors_clinic_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.doctors
    ADD CONSTRAINT doctors_clinic_id_fkey FOREIGN KEY (clinic_id) REFERENCES public.clinics(id);


--
-- Name: doctors doctors_clinic_id_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.doctors
    ADD CONSTRAINT doctors_clinic_id_user_id_fkey FOREIGN KEY (clinic_id, user_id) REFERENCES public.users(clinic_id, id);


--
-- Name: medical_reports medical_reports_clinic_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.medical_reports
    ADD CONSTRAINT medical_reports_clinic_id_fkey FOREIGN KEY (clinic_id) REFERENCES public.clinics(id);


--
-- Name: medical_reports medical_reports_clinic_id_patient_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.medical_reports
    ADD CONSTRAINT medical_reports_clinic_id_patient_id_fkey FOREIGN KEY (clinic_id, patient_id) REFERENCES public.patients(clinic_id, id);


--
-- Name: medical_reports medical_reports_clinic_id_uploaded_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.medical_reports
    ADD CONSTRAINT medical_reports_clinic_id_uploaded_by_fkey FOREIGN KEY (clinic_id, uploaded_by) REFERENCES public.users(clinic_id, id);


--
-- Name: medicines medicines_clinic_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.medicines
    ADD CONSTRAINT medicines_clinic_id_fkey FOREIGN KEY (clinic_id) REFERENCES public.clinics(id);


--
-- Name: patient_visits patient_visits_clinic_id_checked_in_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patient_visits
    ADD CONSTRAINT patient_visits_clinic_id_checked_in_by_fkey FOREIGN KEY (clinic_id, checked_in_by) REFERENCES public.users(clinic_id, id);


--
-- Name: patient_visits patient_visits_clinic_id_doctor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patient_visits
    ADD CONSTRAINT patient_visits_clinic_id_doctor_id_fkey FOREIGN KEY (clinic_id, doctor_id) REFERENCES public.doctors(clinic_id, id);


--
-- Name: patient_visits patient_visits_clinic_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patient_visits
    ADD CONSTRAINT patient_visits_clinic_id_fkey FOREIGN KEY (clinic_id) REFERENCES public.clinics(id);


--
-- Name: patient_visits patient_visits_clinic_id_patient_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patient_visits
    ADD CONSTRAINT patient_visits_clinic_id_patient_id_fkey FOREIGN KEY (clinic_id, patient_id) REFERENCES public.patients(clinic_id, id);


--
-- Name: patients patients_clinic_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patients
    ADD CONSTRAINT patients_clinic_id_fkey FOREIGN KEY (clinic_id) REFERENCES public.clinics(id);


--
-- Name: patients patients_clinic_id_registered_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patients
    ADD CONSTRAINT patients_clinic_id_registered_by_fkey FOREIGN KEY (clinic_id, registered_by) REFERENCES public.users(clinic_id, id);


--
-- Name: patients patients_clinic_id_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patients
    ADD CONSTRAINT patients_clinic_id_user_id_fkey FOREIGN KEY (clinic_id, user_id) REFERENCES public.users(clinic_id, id);


--
-- Name: prescription_lines prescription_lines_clinic_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.prescription_lines
    ADD CONSTRAINT prescription_lines_clinic_id_fkey FOREIGN KEY (clinic_id) REFERENCES public.clinics(id);


--
-- Name: prescription_lines prescription_lines_clinic_id_medicine_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.prescription_lines
    ADD CONSTRAINT prescription_lines_clinic_id_medicine_id_fkey FOREIGN KEY (clinic_id, medicine_id) REFERENCES public.medicines(clinic_id, id);


--
-- Name: prescription_lines prescription_lines_clinic_id_prescription_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.prescription_lines
    ADD CONSTRAINT prescription_lines_clinic_id_prescription_id_fkey FOREIGN KEY (clinic_id, prescription_id) REFERENCES public.prescriptions(clinic_id, id) ON DELETE CASCADE;


--
-- Name: prescriptions prescriptions_clinic_id_doctor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.prescriptions
    ADD CONSTRAINT prescriptions_clinic_id_doctor_id_fkey FOREIGN KEY (clinic_id, doctor_id) REFERENCES public.doctors(clinic_id, id);


--
-- Name: prescriptions prescriptions_clinic_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.prescriptions
    ADD CONSTRAINT prescriptions_clinic_id_fkey FOREIGN KEY (clinic_id) REFERENCES public.clinics(id);


--
-- Name: prescriptions prescriptions_clinic_id_patient_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.prescriptions
    ADD CONSTRAINT prescriptions_clinic_id_patient_id_fkey FOREIGN KEY (clinic_id, patient_id) REFERENCES public.patients(clinic_id, id);


--
-- Name: prescriptions prescriptions_clinic_id_visit_id_patient_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.prescriptions
    ADD CONSTRAINT prescriptions_clinic_id_visit_id_patient_id_fkey FOREIGN KEY (clinic_id, visit_id, patient_id) REFERENCES public.patient_visits(clinic_id, id, patient_id);


--
-- Name: test_catalog test_catalog_clinic_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.test_catalog
    ADD CONSTRAINT test_catalog_clinic_id_fkey FOREIGN KEY (clinic_id) REFERENCES public.clinics(id);


--
-- Name: test_report_values test_report_values_clinic_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.test_report_values
    ADD CONSTRAINT test_report_values_clinic_id_fkey FOREIGN KEY (clinic_id) REFERENCES public.clinics(id);


--
-- Name: test_report_values test_report_values_clinic_id_test_report_id_patient_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.test_report_values
    ADD CONSTRAINT test_report_values_clinic_id_test_report_id_patient_id_fkey FOREIGN KEY (clinic_id, test_report_id, patient_id) REFERENCES public.test_reports(clinic_id, id, patient_id) ON DELETE CASCADE;


--
-- Name: test_reports test_reports_clinic_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.test_reports
    ADD CONSTRAINT test_reports_clinic_id_fkey FOREIGN KEY (clinic_id) REFERENCES public.clinics(id);


--
-- Name: test_reports test_reports_clinic_id_performed_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.test_reports
    ADD CONSTRAINT test_reports_clinic_id_performed_by_fkey FOREIGN KEY (clinic_id, performed_by) REFERENCES public.users(clinic_id, id);


--
-- Name: test_reports test_reports_clinic_id_test_id_patient_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.test_reports
    ADD CONSTRAINT test_reports_clinic_id_test_id_patient_id_fkey FOREIGN KEY (clinic_id, test_id, patient_id) REFERENCES public.tests(clinic_id, id, patient_id);


--
-- Name: test_reports test_reports_clinic_id_verified_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.test_reports
    ADD CONSTRAINT test_reports_clinic_id_verified_by_fkey FOREIGN KEY (clinic_id, verified_by) REFERENCES public.users(clinic_id, id);


--
-- Name: test_reports test_reports_supersedes_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.test_reports
    ADD CONSTRAINT test_reports_supersedes_fkey FOREIGN KEY (clinic_id, supersedes, patient_id) REFERENCES public.test_reports(clinic_id, id, patient_id);


--
-- Name: tests tests_clinic_id_catalog_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tests
    ADD CONSTRAINT tests_clinic_id_catalog_id_fkey FOREIGN KEY (clinic_id, catalog_id) REFERENCES public.test_catalog(clinic_id, id);


--
-- Name: tests tests_clinic_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tests
    ADD CONSTRAINT tests_clinic_id_fkey FOREIGN KEY (clinic_id) REFERENCES public.clinics(id);


--
-- Name: tests tests_clinic_id_ordered_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tests
    ADD CONSTRAINT tests_clinic_id_ordered_by_fkey FOREIGN KEY (clinic_id, ordered_by) REFERENCES public.users(clinic_id, id);


--
-- Name: tests tests_clinic_id_patient_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tests
    ADD CONSTRAINT tests_clinic_id_patient_id_fkey FOREIGN KEY (clinic_id, patient_id) REFERENCES public.patients(clinic_id, id);


--
-- Name: tests tests_clinic_id_prescription_id_patient_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tests
    ADD CONSTRAINT tests_clinic_id_prescription_id_patient_id_fkey FOREIGN KEY (clinic_id, prescription_id, patient_id) REFERENCES public.prescriptions(clinic_id, id, patient_id);


--
-- Name: tests tests_clinic_id_visit_id_patient_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tests
    ADD CONSTRAINT tests_clinic_id_visit_id_patient_id_fkey FOREIGN KEY (clinic_id, visit_id, patient_id) REFERENCES public.patient_visits(clinic_id, id, patient_id);


--
-- Name: users users_clinic_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_clinic_id_fkey FOREIGN KEY (clinic_id) REFERENCES public.clinics(id);


--
-- Name: api_idempotency; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.api_idempotency ENABLE ROW LEVEL SECURITY;

--
-- Name: api_idempotency api_idempotency_clinic; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY api_idempotency_clinic ON public.api_idempotency TO santkrupa_app USING ((clinic_id = ( SELECT app.current_clinic() AS current_clinic))) WITH CHECK ((clinic_id = ( SELECT app.current_clinic() AS current_clinic)));


--
-- Name: api_idempotency api_idempotency_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY api_idempotency_delete ON public.api_idempotency AS RESTRICTIVE FOR DELETE TO santkrupa_app USING ((user_id = ( SELECT app.current_app_user() AS current_app_user)));


--
-- Name: api_idempotency api_idempotency_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY api_idempotency_insert ON public.api_idempotency AS RESTRICTIVE FOR INSERT TO santkrupa_app WITH CHECK ((user_id = ( SELECT app.current_app_user() AS current_app_user)));


--
-- Name: api_idempotency api_idempotency_read; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY api_idempotency_read ON public.api_idempotency AS RESTRICTIVE FOR SELECT TO santkrupa_app USING ((user_id = ( SELECT app.current_app_user() AS current_app_user)));


--
-- Name: api_idempotency api_idempotency_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY api_idempotency_update ON public.api_idempotency AS RESTRICTIVE FOR UPDATE TO santkrupa_app USING ((user_id = ( SELECT app.current_app_user() AS current_app_user))) WITH CHECK ((user_id = ( SELECT app.current_app_user() AS current_app_user)));


--
-- Name: audit_events; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.audit_events ENABLE ROW LEVEL SECURITY;

--
-- Name: audit_events audit_events_clinic; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY audit_events_clinic ON public.audit_events TO santkrupa_app USING ((clinic_id = ( SELECT app.current_clinic() AS current_clinic))) WITH CHECK ((clinic_id = ( SELECT app.current_clinic() AS current_clinic)));


--
-- Name: audit_events audit_events_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY audit_events_delete ON public.audit_events AS RESTRICTIVE FOR DELETE TO santkrupa_app USING (false);


--
-- Name: audit_events audit_events_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY audit_events_insert ON public.audit_events AS RESTRICTIVE FOR INSERT TO santkrupa_app WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) IS NOT NULL));


--
-- Name: audit_events audit_events_read; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY audit_events_read ON public.audit_events AS RESTRICTIVE FOR SELECT TO santkrupa_app USING (((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text) OR ((( SELECT app.current_app_role() AS current_app_role) = 'patient'::text) AND (patient_id IS NOT NULL) AND app.is_own_patient(clinic_id, patient_id))));


--
-- Name: audit_events audit_events_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY audit_events_update ON public.audit_events AS RESTRICTIVE FOR UPDATE TO santkrupa_app USING (false) WITH CHECK (false);


--
-- Name: clinic_counters; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.clinic_counters ENABLE ROW LEVEL SECURITY;

--
-- Name: clinic_counters clinic_counters_clinic; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY clinic_counters_clinic ON public.clinic_counters TO santkrupa_app USING ((clinic_id = ( SELECT app.current_clinic() AS current_clinic))) WITH CHECK ((clinic_id = ( SELECT app.current_clinic() AS current_clinic)));


--
-- Name: clinic_counters clinic_counters_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY clinic_counters_delete ON public.clinic_counters AS RESTRICTIVE FOR DELETE TO santkrupa_app USING (false);


--
-- Name: clinic_counters clinic_counters_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY clinic_counters_insert ON public.clinic_counters AS RESTRICTIVE FOR INSERT TO santkrupa_app WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'receptionist'::text])));


--
-- Name: clinic_counters clinic_counters_read; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY clinic_counters_read ON public.clinic_counters AS RESTRICTIVE FOR SELECT TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text, 'receptionist'::text, 'lab_tech'::text])));


--
-- Name: clinic_counters clinic_counters_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY clinic_counters_update ON public.clinic_counters AS RESTRICTIVE FOR UPDATE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'receptionist'::text]))) WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'receptionist'::text])));


--
-- Name: clinics; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.clinics ENABLE ROW LEVEL SECURITY;

--
-- Name: clinics clinics_clinic; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY clinics_clinic ON public.clinics TO santkrupa_app USING ((id = ( SELECT app.current_clinic() AS current_clinic))) WITH CHECK ((id = ( SELECT app.current_clinic() AS current_clinic)));


--
-- Name: clinics clinics_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY clinics_insert ON public.clinics AS RESTRICTIVE FOR INSERT TO santkrupa_app WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text));


--
-- Name: clinics clinics_read; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY clinics_read ON public.clinics AS RESTRICTIVE FOR SELECT TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) IS NOT NULL));


--
-- Name: clinics clinics_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY clinics_update ON public.clinics AS RESTRICTIVE FOR UPDATE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text)) WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text));


--
-- Name: doctor_notes; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.doctor_notes ENABLE ROW LEVEL SECURITY;

--
-- Name: doctor_notes doctor_notes_clinic; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY doctor_notes_clinic ON public.doctor_notes TO santkrupa_app USING ((clinic_id = ( SELECT app.current_clinic() AS current_clinic))) WITH CHECK ((clinic_id = ( SELECT app.current_clinic() AS current_clinic)));


--
-- Name: doctor_notes doctor_notes_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY doctor_notes_delete ON public.doctor_notes AS RESTRICTIVE FOR DELETE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text])));


--
-- Name: doctor_notes doctor_notes_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY doctor_notes_insert ON public.doctor_notes AS RESTRICTIVE FOR INSERT TO santkrupa_app WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text])));


--
-- Name: doctor_notes doctor_notes_read; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY doctor_notes_read ON public.doctor_notes AS RESTRICTIVE FOR SELECT TO santkrupa_app USING (((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text])) OR ((( SELECT app.current_app_role() AS current_app_role) = 'patient'::text) AND (signed_at IS NOT NULL) AND app.is_own_patient(clinic_id, patient_id))));


--
-- Name: doctor_notes doctor_notes_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY doctor_notes_update ON public.doctor_notes AS RESTRICTIVE FOR UPDATE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text]))) WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text])));


--
-- Name: doctors; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.doctors ENABLE ROW LEVEL SECURITY;

--
-- Name: doctors doctors_clinic; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY doctors_clinic ON public.doctors TO santkrupa_app USING ((clinic_id = ( SELECT app.current_clinic() AS current_clinic))) WITH CHECK ((clinic_id = ( SELECT app.current_clinic() AS current_clinic)));


--
-- Name: doctors doctors_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY doctors_delete ON public.doctors AS RESTRICTIVE FOR DELETE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text));


--
-- Name: doctors doctors_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY doctors_insert ON public.doctors AS RESTRICTIVE FOR INSERT TO santkrupa_app WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text));


--
-- Name: doctors doctors_read; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY doctors_read ON public.doctors AS RESTRICTIVE FOR SELECT TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) IS NOT NULL));


--
-- Name: doctors doctors_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY doctors_update ON public.doctors AS RESTRICTIVE FOR UPDATE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text)) WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text));


--
-- Name: medical_reports; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.medical_reports ENABLE ROW LEVEL SECURITY;

--
-- Name: medical_reports medical_reports_clinic; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY medical_reports_clinic ON public.medical_reports TO santkrupa_app USING ((clinic_id = ( SELECT app.current_clinic() AS current_clinic))) WITH CHECK ((clinic_id = ( SELECT app.current_clinic() AS current_clinic)));


--
-- Name: medical_reports medical_reports_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY medical_reports_delete ON public.medical_reports AS RESTRICTIVE FOR DELETE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text])));


--
-- Name: medical_reports medical_reports_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY medical_reports_insert ON public.medical_reports AS RESTRICTIVE FOR INSERT TO santkrupa_app WITH CHECK (((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text, 'receptionist'::text, 'lab_tech'::text])) OR ((( SELECT app.current_app_role() AS current_app_role) = 'patient'::text) AND app.is_own_patient(clinic_id, patient_id) AND (uploaded_by = ( SELECT app.current_app_user() AS current_app_user)))));


--
-- Name: medical_reports medical_reports_read; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY medical_reports_read ON public.medical_reports AS RESTRICTIVE FOR SELECT TO santkrupa_app USING (((( SELECT app.current_app_role() AS current_app_role) <> 'patient'::text) OR ((( SELECT app.current_app_role() AS current_app_role) = 'patient'::text) AND app.is_own_patient(clinic_id, patient_id))));


--
-- Name: medicines; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.medicines ENABLE ROW LEVEL SECURITY;

--
-- Name: medicines medicines_clinic; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY medicines_clinic ON public.medicines TO santkrupa_app USING ((clinic_id = ( SELECT app.current_clinic() AS current_clinic))) WITH CHECK ((clinic_id = ( SELECT app.current_clinic() AS current_clinic)));


--
-- Name: medicines medicines_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY medicines_delete ON public.medicines AS RESTRICTIVE FOR DELETE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text));


--
-- Name: medicines medicines_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY medicines_insert ON public.medicines AS RESTRICTIVE FOR INSERT TO santkrupa_app WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text])));


--
-- Name: medicines medicines_read; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY medicines_read ON public.medicines AS RESTRICTIVE FOR SELECT TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) IS NOT NULL));


--
-- Name: medicines medicines_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY medicines_update ON public.medicines AS RESTRICTIVE FOR UPDATE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text]))) WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text])));


--
-- Name: patient_visits; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.patient_visits ENABLE ROW LEVEL SECURITY;

--
-- Name: patient_visits patient_visits_clinic; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY patient_visits_clinic ON public.patient_visits TO santkrupa_app USING ((clinic_id = ( SELECT app.current_clinic() AS current_clinic))) WITH CHECK ((clinic_id = ( SELECT app.current_clinic() AS current_clinic)));


--
-- Name: patient_visits patient_visits_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY patient_visits_delete ON public.patient_visits AS RESTRICTIVE FOR DELETE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text));


--
-- Name: patient_visits patient_visits_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY patient_visits_insert ON public.patient_visits AS RESTRICTIVE FOR INSERT TO santkrupa_app WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'receptionist'::text])));


--
-- Name: patient_visits patient_visits_read; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY patient_visits_read ON public.patient_visits AS RESTRICTIVE FOR SELECT TO santkrupa_app USING (((( SELECT app.current_app_role() AS current_app_role) <> 'patient'::text) OR ((( SELECT app.current_app_role() AS current_app_role) = 'patient'::text) AND app.is_own_patient(clinic_id, patient_id))));


--
-- Name: patient_visits patient_visits_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY patient_visits_update ON public.patient_visits AS RESTRICTIVE FOR UPDATE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'receptionist'::text, 'doctor'::text]))) WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'receptionist'::text, 'doctor'::text])));


--
-- Name: patients; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.patients ENABLE ROW LEVEL SECURITY;

--
-- Name: patients patients_clinic; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY patients_clinic ON public.patients TO santkrupa_app USING ((clinic_id = ( SELECT app.current_clinic() AS current_clinic))) WITH CHECK ((clinic_id = ( SELECT app.current_clinic() AS current_clinic)));


--
-- Name: patients patients_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY patients_delete ON public.patients AS RESTRICTIVE FOR DELETE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text));


--
-- Name: patients patients_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY patients_insert ON public.patients AS RESTRICTIVE FOR INSERT TO santkrupa_app WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'receptionist'::text])));


--
-- Name: patients patients_read; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY patients_read ON public.patients AS RESTRICTIVE FOR SELECT TO santkrupa_app USING (((( SELECT app.current_app_role() AS current_app_role) <> 'patient'::text) OR ((( SELECT app.current_app_role() AS current_app_role) = 'patient'::text) AND (user_id = ( SELECT app.current_app_user() AS current_app_user)))));


--
-- Name: patients patients_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY patients_update ON public.patients AS RESTRICTIVE FOR UPDATE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'receptionist'::text, 'doctor'::text]))) WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'receptionist'::text, 'doctor'::text])));


--
-- Name: prescription_lines; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.prescription_lines ENABLE ROW LEVEL SECURITY;

--
-- Name: prescription_lines prescription_lines_clinic; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY prescription_lines_clinic ON public.prescription_lines TO santkrupa_app USING ((clinic_id = ( SELECT app.current_clinic() AS current_clinic))) WITH CHECK ((clinic_id = ( SELECT app.current_clinic() AS current_clinic)));


--
-- Name: prescription_lines prescription_lines_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY prescription_lines_delete ON public.prescription_lines AS RESTRICTIVE FOR DELETE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text])));


--
-- Name: prescription_lines prescription_lines_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY prescription_lines_insert ON public.prescription_lines AS RESTRICTIVE FOR INSERT TO santkrupa_app WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text])));


--
-- Name: prescription_lines prescription_lines_read; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY prescription_lines_read ON public.prescription_lines AS RESTRICTIVE FOR SELECT TO santkrupa_app USING (((( SELECT app.current_app_role() AS current_app_role) <> 'patient'::text) OR ((( SELECT app.current_app_role() AS current_app_role) = 'patient'::text) AND (EXISTS ( SELECT 1
   FROM public.prescriptions p
  WHERE ((p.clinic_id = prescription_lines.clinic_id) AND (p.id = prescription_lines.prescription_id)))))));


--
-- Name: prescription_lines prescription_lines_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY prescription_lines_update ON public.prescription_lines AS RESTRICTIVE FOR UPDATE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text]))) WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text])));


--
-- Name: prescriptions; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.prescriptions ENABLE ROW LEVEL SECURITY;

--
-- Name: prescriptions prescriptions_clinic; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY prescriptions_clinic ON public.prescriptions TO santkrupa_app USING ((clinic_id = ( SELECT app.current_clinic() AS current_clinic))) WITH CHECK ((clinic_id = ( SELECT app.current_clinic() AS current_clinic)));


--
-- Name: prescriptions prescriptions_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY prescriptions_delete ON public.prescriptions AS RESTRICTIVE FOR DELETE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text])));


--
-- Name: prescriptions prescriptions_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY prescriptions_insert ON public.prescriptions AS RESTRICTIVE FOR INSERT TO santkrupa_app WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text])));


--
-- Name: prescriptions prescriptions_read; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY prescriptions_read ON public.prescriptions AS RESTRICTIVE FOR SELECT TO santkrupa_app USING (((( SELECT app.current_app_role() AS current_app_role) <> 'patient'::text) OR ((( SELECT app.current_app_role() AS current_app_role) = 'patient'::text) AND app.is_own_patient(clinic_id, patient_id) AND ((status)::text = 'final'::text))));


--
-- Name: prescriptions prescriptions_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY prescriptions_update ON public.prescriptions AS RESTRICTIVE FOR UPDATE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text]))) WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text])));


--
-- Name: test_catalog; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.test_catalog ENABLE ROW LEVEL SECURITY;

--
-- Name: test_catalog test_catalog_clinic; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY test_catalog_clinic ON public.test_catalog TO santkrupa_app USING ((clinic_id = ( SELECT app.current_clinic() AS current_clinic))) WITH CHECK ((clinic_id = ( SELECT app.current_clinic() AS current_clinic)));


--
-- Name: test_catalog test_catalog_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY test_catalog_delete ON public.test_catalog AS RESTRICTIVE FOR DELETE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text));


--
-- Name: test_catalog test_catalog_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY test_catalog_insert ON public.test_catalog AS RESTRICTIVE FOR INSERT TO santkrupa_app WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text));


--
-- Name: test_catalog test_catalog_read; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY test_catalog_read ON public.test_catalog AS RESTRICTIVE FOR SELECT TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) IS NOT NULL));


--
-- Name: test_catalog test_catalog_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY test_catalog_update ON public.test_catalog AS RESTRICTIVE FOR UPDATE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text)) WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text));


--
-- Name: test_report_values; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.test_report_values ENABLE ROW LEVEL SECURITY;

--
-- Name: test_report_values test_report_values_clinic; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY test_report_values_clinic ON public.test_report_values TO santkrupa_app USING ((clinic_id = ( SELECT app.current_clinic() AS current_clinic))) WITH CHECK ((clinic_id = ( SELECT app.current_clinic() AS current_clinic)));


--
-- Name: test_report_values test_report_values_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY test_report_values_delete ON public.test_report_values AS RESTRICTIVE FOR DELETE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text, 'lab_tech'::text])));


--
-- Name: test_report_values test_report_values_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY test_report_values_insert ON public.test_report_values AS RESTRICTIVE FOR INSERT TO santkrupa_app WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text, 'lab_tech'::text])));


--
-- Name: test_report_values test_report_values_read; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY test_report_values_read ON public.test_report_values AS RESTRICTIVE FOR SELECT TO santkrupa_app USING (((( SELECT app.current_app_role() AS current_app_role) <> 'patient'::text) OR ((( SELECT app.current_app_role() AS current_app_role) = 'patient'::text) AND (EXISTS ( SELECT 1
   FROM public.test_reports r
  WHERE ((r.clinic_id = test_report_values.clinic_id) AND (r.id = test_report_values.test_report_id)))))));


--
-- Name: test_report_values test_report_values_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY test_report_values_update ON public.test_report_values AS RESTRICTIVE FOR UPDATE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text, 'lab_tech'::text]))) WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text, 'lab_tech'::text])));


--
-- Name: test_reports; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.test_reports ENABLE ROW LEVEL SECURITY;

--
-- Name: test_reports test_reports_clinic; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY test_reports_clinic ON public.test_reports TO santkrupa_app USING ((clinic_id = ( SELECT app.current_clinic() AS current_clinic))) WITH CHECK ((clinic_id = ( SELECT app.current_clinic() AS current_clinic)));


--
-- Name: test_reports test_reports_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY test_reports_delete ON public.test_reports AS RESTRICTIVE FOR DELETE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text));


--
-- Name: test_reports test_reports_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY test_reports_insert ON public.test_reports AS RESTRICTIVE FOR INSERT TO santkrupa_app WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text, 'lab_tech'::text])));


--
-- Name: test_reports test_reports_read; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY test_reports_read ON public.test_reports AS RESTRICTIVE FOR SELECT TO santkrupa_app USING (((( SELECT app.current_app_role() AS current_app_role) <> 'patient'::text) OR ((( SELECT app.current_app_role() AS current_app_role) = 'patient'::text) AND app.is_own_patient(clinic_id, patient_id) AND ((status)::text = ANY ((ARRAY['final'::character varying, 'corrected'::character varying])::text[])))));


--
-- Name: test_reports test_reports_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY test_reports_update ON public.test_reports AS RESTRICTIVE FOR UPDATE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text, 'lab_tech'::text]))) WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text, 'lab_tech'::text])));


--
-- Name: tests; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.tests ENABLE ROW LEVEL SECURITY;

--
-- Name: tests tests_clinic; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY tests_clinic ON public.tests TO santkrupa_app USING ((clinic_id = ( SELECT app.current_clinic() AS current_clinic))) WITH CHECK ((clinic_id = ( SELECT app.current_clinic() AS current_clinic)));


--
-- Name: tests tests_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY tests_delete ON public.tests AS RESTRICTIVE FOR DELETE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text));


--
-- Name: tests tests_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY tests_insert ON public.tests AS RESTRICTIVE FOR INSERT TO santkrupa_app WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text])));


--
-- Name: tests tests_read; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY tests_read ON public.tests AS RESTRICTIVE FOR SELECT TO santkrupa_app USING (((( SELECT app.current_app_role() AS current_app_role) <> 'patient'::text) OR ((( SELECT app.current_app_role() AS current_app_role) = 'patient'::text) AND app.is_own_patient(clinic_id, patient_id))));


--
-- Name: tests tests_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY tests_update ON public.tests AS RESTRICTIVE FOR UPDATE TO santkrupa_app USING ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text, 'lab_tech'::text]))) WITH CHECK ((( SELECT app.current_app_role() AS current_app_role) = ANY (ARRAY['admin'::text, 'doctor'::text, 'lab_tech'::text])));


--
-- Name: users; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;

--
-- Name: users users_clinic; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY users_clinic ON public.users TO santkrupa_app USING ((clinic_id = ( SELECT app.current_clinic() AS current_clinic))) WITH CHECK ((clinic_id = ( SELECT app.current_clinic() AS current_clinic)));


--
-- Name: users users_delete; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY users_delete ON public.users AS RESTRICTIVE FOR DELETE TO santkrupa_app USING (((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text) OR ((( SELECT app.current_app_role() AS current_app_role) = 'receptionist'::text) AND ((role)::text = 'patient'::text))));


--
-- Name: users users_insert; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY users_insert ON public.users AS RESTRICTIVE FOR INSERT TO santkrupa_app WITH CHECK (((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text) OR ((( SELECT app.current_app_role() AS current_app_role) = 'receptionist'::text) AND ((role)::text = 'patient'::text))));


--
-- Name: users users_read; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY users_read ON public.users AS RESTRICTIVE FOR SELECT TO santkrupa_app USING (((( SELECT app.current_app_role() AS current_app_role) <> 'patient'::text) OR ((( SELECT app.current_app_role() AS current_app_role) = 'patient'::text) AND (id = ( SELECT app.current_app_user() AS current_app_user)))));


--
-- Name: users users_update; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY users_update ON public.users AS RESTRICTIVE FOR UPDATE TO santkrupa_app USING (((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text) OR ((( SELECT app.current_app_role() AS current_app_role) = 'receptionist'::text) AND ((role)::text = 'patient'::text)))) WITH CHECK (((( SELECT app.current_app_role() AS current_app_role) = 'admin'::text) OR ((( SELECT app.current_app_role() AS current_app_role) = 'receptionist'::text) AND ((role)::text = 'patient'::text))));


--
-- PostgreSQL database dump complete
--

\unrestrict dbmate


--
-- Dbmate schema migrations
--

INSERT INTO public.schema_migrations (version) VALUES
    ('20261126000001'),
    ('20261126000002'),
    ('20261126000003'),
    ('20261126000004'),
    ('20261126000005'),
    ('20261127000001'),
    ('20261127000100'),
    ('20261127000200'),
    ('20261127000201'),
    ('20261128000000'),
    ('20261128000100'),
    ('20261128000200'),
    ('20261128000300'),
    ('20261128000400'),
    ('20261128000500'),
    ('20261128000600'),
    ('20261128000700'),
    ('20261128000800'),
    ('20261128000900'),
    ('20261129000000'),
    ('20261130000000'),
    ('20261130000100'),
    ('20261201000000');
