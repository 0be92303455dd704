-- api_idempotency: Idempotency-Key records of API creates, with the stored
-- response (which may hold patient data: the same data the user just
-- created).
--
-- Clinic isolation: one permissive policy, for every command, that admits
-- only the transaction's clinic. Role rules: restrictive policies, which
-- can only narrow it: every role may use keys, and each user sees and
-- changes only their own.
ALTER TABLE api_idempotency ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_idempotency FORCE ROW LEVEL SECURITY;

CREATE POLICY api_idempotency_clinic ON api_idempotency AS PERMISSIVE FOR ALL TO santkrupa_app
    USING (clinic_id = (SELECT app.current_clinic()))
    WITH CHECK (clinic_id = (SELECT app.current_clinic()));

-- Read by: the key's own user.
CREATE POLICY api_idempotency_read ON api_idempotency AS RESTRICTIVE FOR SELECT TO santkrupa_app
    USING (user_id = (SELECT app.current_app_user()));

-- Written by: the key's own user.
CREATE POLICY api_idempotency_insert ON api_idempotency AS RESTRICTIVE FOR INSERT TO santkrupa_app
    WITH CHECK (user_id = (SELECT app.current_app_user()));

-- Written by: the key's own user.
CREATE POLICY api_idempotency_update ON api_idempotency AS RESTRICTIVE FOR UPDATE TO santkrupa_app
    USING (user_id = (SELECT app.current_app_user()))
    WITH CHECK (user_id = (SELECT app.current_app_user()));

-- Released and pruned by: the key's own user.
CREATE POLICY api_idempotency_delete ON api_idempotency AS RESTRICTIVE FOR DELETE TO santkrupa_app
    USING (user_id = (SELECT app.current_app_user()));
