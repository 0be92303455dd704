-- users: one row per person per clinic membership.
--
-- Clinic isolation: one permissive policy, for every command, that admits
-- only the transaction's clinic. Role rules: restrictive policies, which
-- can only narrow it.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;

CREATE POLICY users_clinic ON users AS PERMISSIVE FOR ALL TO santkrupa_app
    USING (clinic_id = (SELECT app.current_clinic()))
    WITH CHECK (clinic_id = (SELECT app.current_clinic()));

-- Staff read the clinic's users; a patient reads only their own row.
CREATE POLICY users_read ON users AS RESTRICTIVE FOR SELECT TO santkrupa_app
    USING ((SELECT app.current_app_role()) <> 'patient'
        OR ((SELECT app.current_app_role()) = 'patient' AND id = (SELECT app.current_app_user())));

-- Admins manage every membership; reception may add and edit patient logins only.
CREATE POLICY users_insert ON users AS RESTRICTIVE FOR INSERT TO santkrupa_app
    WITH CHECK ((SELECT app.current_app_role()) = 'admin' OR ((SELECT app.current_app_role()) = 'receptionist' AND role = 'patient'));

-- Admins manage every membership; reception may add and edit patient logins only.
CREATE POLICY users_update ON users AS RESTRICTIVE FOR UPDATE TO santkrupa_app
    USING ((SELECT app.current_app_role()) = 'admin' OR ((SELECT app.current_app_role()) = 'receptionist' AND role = 'patient'))
    WITH CHECK ((SELECT app.current_app_role()) = 'admin' OR ((SELECT app.current_app_role()) = 'receptionist' AND role = 'patient'));

-- Admins manage every membership; reception may remove patient logins only.
CREATE POLICY users_delete ON users AS RESTRICTIVE FOR DELETE TO santkrupa_app
    USING ((SELECT app.current_app_role()) = 'admin' OR ((SELECT app.current_app_role()) = 'receptionist' AND role = 'patient'));
