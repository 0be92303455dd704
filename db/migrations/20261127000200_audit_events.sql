-- migrate:up

-- The access log (PHI audit): who did what to which record of which patient,
-- when, from where, and with what outcome. A clinic table like the others
-- (clinic_id first, key (clinic_id, id), forced row-level security), and
-- append-only: santkrupa_app may insert and read, never update or delete,
-- and a trigger refuses UPDATE, DELETE and TRUNCATE to everyone, the owner
-- included, until someone with DDL rights removes it.
--
-- Tamper evidence: each clinic's events form a hash chain. An event's hash
-- is sha256(prev_hash || app.audit_event_text(event)), where prev_hash is
-- the hash of the clinic's previous event (32 zero bytes for the first) and
-- seq counts the clinic's events from 1 without gaps. `santkrupa audit
-- verify` recomputes every link. The chain fields, the time and the actor
-- are filled in by the BEFORE INSERT trigger, never by the caller.
CREATE TABLE audit_events (
    clinic_id        uuid NOT NULL DEFAULT app.current_clinic() REFERENCES clinics (id),
    id               uuid NOT NULL DEFAULT gen_random_uuid(),
    seq              bigint NOT NULL CHECK (seq > 0),
    occurred_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- Who: the acting users row and role (from the clinic context; NULL for
    -- system work), and the OIDC identity when the event knows it (logins,
    -- refused access).
    actor_user_id    uuid,
    actor_role       varchar(16),
    identity_issuer  varchar(500),
    identity_subject varchar(255),
    -- What.
    action           varchar(16) NOT NULL
        CHECK (action IN ('read', 'create', 'update', 'delete', 'export', 'login', 'failed_access')),
    resource_table   varchar(63),
    resource_id      uuid,
    patient_id       uuid,
    -- From where (NULL for changes made below the HTTP layer).
    ip               inet,
    user_agent       varchar(512),
    request_id       varchar(200),
    outcome          varchar(8) NOT NULL DEFAULT 'success'
        CHECK (outcome IN ('success', 'denied', 'failure')),
    -- A short machine-readable note (route, reason); never clinical content.
    detail           varchar(500) NOT NULL DEFAULT '',
    prev_hash        bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash             bytea NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (clinic_id, id),
    UNIQUE (clinic_id, seq)
);
-- No foreign keys to users or patients on purpose: an event outlives the
-- row it names.
CREATE INDEX audit_events_time_idx ON audit_events (clinic_id, occurred_at DESC);
CREATE INDEX audit_events_patient_idx ON audit_events (clinic_id, patient_id, seq DESC) WHERE patient_id IS NOT NULL;
CREATE INDEX audit_events_actor_idx ON audit_events (clinic_id, actor_user_id, seq DESC) WHERE actor_user_id IS NOT NULL;

-- Closed from birth (policies/audit_events.sql adds the policies).
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;

-- app.audit_field renders one field of the canonical text: "-" for NULL,
-- else its length in bytes, a colon and the value, so that no choice of
-- values can make two different events read the same.
CREATE FUNCTION app.audit_field(v text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog
AS $$ SELECT CASE WHEN v IS NULL THEN '-' ELSE octet_length(v)::text || ':' || v END $$;

-- app.audit_event_text is the canonical text of an event that its hash
-- covers: every column but the hashes, in a fixed order, one a line, the
-- time in UTC with microseconds. Changing it breaks every chain: a new
-- format needs a new version tag ("v1") and verify must know both.
CREATE FUNCTION app.audit_event_text(e public.audit_events) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog
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

-- app.audit_chain_append (BEFORE INSERT) stamps an event: time, actor from
-- the clinic context, and the next link of its clinic's chain. Appends are
-- serialised per clinic by a transaction-level advisory lock, so two
-- transactions never take the same seq (and UNIQUE (clinic_id, seq) would
-- refuse it if they did). SECURITY DEFINER: it must read the clinic's last
-- event whatever the inserting role may read (a patient's own read event,
-- say); it reads only seq and hash.
CREATE FUNCTION app.audit_chain_append() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    last record;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('santkrupa.audit:' || NEW.clinic_id::text));
    SELECT e.seq, e.hash INTO last
    FROM public.audit_events AS e
    WHERE e.clinic_id = NEW.clinic_id
    ORDER BY e.seq DESC
    LIMIT 1;
    NEW.id := gen_random_uuid();
    NEW.occurred_at := clock_timestamp();
    NEW.actor_user_id := app.current_app_user();
    NEW.actor_role := app.current_app_role();
    NEW.seq := COALESCE(last.seq, 0) + 1;
    NEW.prev_hash := COALESCE(last.hash, decode(repeat('00', 32), 'hex'));
    NEW.hash := sha256(NEW.prev_hash || convert_to(app.audit_event_text(NEW), 'UTF8'));
    RETURN NEW;
END
$$;

-- app.audit_append_only refuses to change or remove events, to everyone.
CREATE FUNCTION app.audit_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION app.audit_chain_append();
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION app.audit_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION app.audit_append_only();

-- app.audit_row_change (AFTER INSERT/UPDATE/DELETE on every clinic table,
-- see the next migration) records a write in the same transaction, with
-- the writer's rights: so no code path that writes a clinic row can skip
-- its event, and a rolled-back write leaves none. Arguments: the column
-- holding the row's id ('' for none) and where the patient is: 'id' (the
-- patients table), 'patient_id', 'prescription' (through the parent
-- prescription) or '' (not about one patient).
CREATE FUNCTION app.audit_row_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
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

-- app.record_failed_access records a refused request against the clinic
-- named in its URL, before any clinic context exists (the requester is no
-- member: that is why it was refused). It writes only a failed_access event
-- with the identity and request it is given, for active clinics only, and
-- answers nothing.
CREATE FUNCTION app.record_failed_access(p_slug text, p_issuer text, p_subject text, p_ip inet,
        p_user_agent text, p_request_id text, p_detail text) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    INSERT INTO public.audit_events (clinic_id, identity_issuer, identity_subject, action, ip, user_agent,
        request_id, outcome, detail)
    SELECT c.id, left(p_issuer, 500), left(p_subject, 255), 'failed_access', p_ip, left(p_user_agent, 512),
        left(p_request_id, 200), 'denied', left(p_detail, 500)
    FROM public.clinics AS c
    WHERE c.slug = p_slug AND c.active
$$;

-- app.audit_chain returns the events of one clinic (p_slug) or of every
-- clinic (NULL), in chain order after (p_after_clinic, p_after_seq), at most
-- p_limit of them, with the canonical text their hashes cover: what
-- `santkrupa audit verify` reads, page by page. For the schema owner (the
-- auditor's connection), never the application.
CREATE FUNCTION app.audit_chain(p_slug text, p_after_clinic uuid, p_after_seq bigint, p_limit integer)
    RETURNS TABLE (clinic_id uuid, clinic_slug text, seq bigint, id uuid, prev_hash bytea, hash bytea,
        canonical text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT e.clinic_id, c.slug::text, e.seq, e.id, e.prev_hash, e.hash, app.audit_event_text(e)
    FROM public.audit_events AS e
    JOIN public.clinics AS c ON c.id = e.clinic_id
    WHERE (p_slug IS NULL OR c.slug = p_slug)
      AND (e.clinic_id, e.seq) > (p_after_clinic, p_after_seq)
    ORDER BY e.clinic_id, e.seq
    LIMIT p_limit
$$;

GRANT SELECT, INSERT ON audit_events TO santkrupa_app;
-- The definer role appends (identity changes made by the identity
-- functions, refused access) and reads the chain; it has no UPDATE/DELETE.
GRANT SELECT, INSERT ON audit_events TO santkrupa_definer;
GRANT CREATE ON SCHEMA app TO santkrupa_definer;
ALTER FUNCTION app.audit_chain_append() OWNER TO santkrupa_definer;
ALTER FUNCTION app.record_failed_access(text, text, text, inet, text, text, text) OWNER TO santkrupa_definer;
ALTER FUNCTION app.audit_chain(text, uuid, bigint, integer) OWNER TO santkrupa_definer;
REVOKE CREATE ON SCHEMA app FROM santkrupa_definer;
REVOKE ALL ON FUNCTION app.audit_chain_append(), app.audit_row_change(), app.audit_append_only(),
    app.record_failed_access(text, text, text, inet, text, text, text), app.audit_chain(text, uuid, bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.record_failed_access(text, text, text, inet, text, text, text) TO santkrupa_app;
GRANT EXECUTE ON FUNCTION app.audit_chain(text, uuid, bigint, integer) TO santkrupa_owner;

-- migrate:down
DROP FUNCTION app.audit_chain(text, uuid, bigint, integer);
DROP FUNCTION app.record_failed_access(text, text, text, inet, text, text, text);
DROP TABLE audit_events;
DROP FUNCTION app.audit_row_change();
DROP FUNCTION app.audit_append_only();
DROP FUNCTION app.audit_chain_append();
DROP FUNCTION app.audit_event_text(public.audit_events);
DROP FUNCTION app.audit_field(text);
