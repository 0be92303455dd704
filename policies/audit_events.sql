-- audit_events: the access log (PHI audit). Append-only and hash-chained per
-- clinic; see db/migrations/20261127000200_audit_events.sql.
--
-- Clinic isolation: one permissive policy, for every command, that admits
-- only the transaction's clinic. Role rules: restrictive policies, which
-- can only narrow it.
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;

CREATE POLICY audit_events_clinic ON audit_events AS PERMISSIVE FOR ALL TO santkrupa_app
    USING (clinic_id = (SELECT app.current_clinic()))
    WITH CHECK (clinic_id = (SELECT app.current_clinic()));

-- Admins read the clinic's whole log; a patient reads the events about their
-- own record ("who accessed my record"); other roles read none.
CREATE POLICY audit_events_read ON audit_events AS RESTRICTIVE FOR SELECT TO santkrupa_app
    USING ((SELECT app.current_app_role()) = 'admin'
        OR ((SELECT app.current_app_role()) = 'patient' AND patient_id IS NOT NULL
            AND app.is_own_patient(clinic_id, patient_id)));

-- Every clinic role records events (the triggers record its writes, the
-- application its reads); who acted is taken from the context by the
-- audit_events_chain trigger, so nobody records in someone else's name.
CREATE POLICY audit_events_insert ON audit_events AS RESTRICTIVE FOR INSERT TO santkrupa_app
    WITH CHECK ((SELECT app.current_app_role()) IS NOT NULL);

-- Nobody changes an event; santkrupa_app has no UPDATE grant either, and
-- this says so to the DBA.
CREATE POLICY audit_events_update ON audit_events AS RESTRICTIVE FOR UPDATE TO santkrupa_app
    USING (false)
    WITH CHECK (false);

-- Nobody deletes an event; santkrupa_app has no DELETE grant either.
CREATE POLICY audit_events_delete ON audit_events AS RESTRICTIVE FOR DELETE TO santkrupa_app
    USING (false);

-- The access log's grants and SECURITY DEFINER functions, re-asserted each
-- time policies are applied (a drifted grant is put back):
--
--   app.audit_chain_append()              trigger: stamps each event, links its clinic's chain
--   app.record_failed_access(slug, …)     -> void  a refused request, before any clinic context
--   app.audit_chain(slug, after, limit)   -> rows  the chain, for `santkrupa audit verify` (owner only)
REVOKE ALL ON audit_events FROM santkrupa_app, santkrupa_definer;
GRANT SELECT, INSERT ON audit_events TO santkrupa_app;
GRANT SELECT, INSERT ON audit_events TO santkrupa_definer;
ALTER FUNCTION app.audit_chain_append() OWNER TO santkrupa_definer;
ALTER FUNCTION app.record_failed_access(text, text, text, inet, text, text, text) OWNER TO santkrupa_definer;
ALTER FUNCTION app.audit_chain(text, uuid, bigint, integer) OWNER TO santkrupa_definer;
REVOKE ALL ON FUNCTION app.audit_chain_append(), app.audit_row_change(), app.audit_append_only(),
    app.record_failed_access(text, text, text, inet, text, text, text), app.audit_chain(text, uuid, bigint, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION app.record_failed_access(text, text, text, inet, text, text, text),
    app.audit_chain(text, uuid, bigint, integer) FROM santkrupa_app, santkrupa_owner;
GRANT EXECUTE ON FUNCTION app.record_failed_access(text, text, text, inet, text, text, text) TO santkrupa_app;
GRANT EXECUTE ON FUNCTION app.audit_chain(text, uuid, bigint, integer) TO santkrupa_owner;
