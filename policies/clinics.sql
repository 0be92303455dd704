-- clinics: the tenants themselves. A clinic sees only its own row.
--
-- Clinic isolation: one permissive policy, for every command, that admits
-- only the transaction's clinic. Role rules: restrictive policies, which
-- can only narrow it.
ALTER TABLE clinics ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinics FORCE ROW LEVEL SECURITY;

CREATE POLICY clinics_clinic ON clinics AS PERMISSIVE FOR ALL TO santkrupa_app
    USING (id = (SELECT app.current_clinic()))
    WITH CHECK (id = (SELECT app.current_clinic()));

-- Every role of the clinic reads it.
CREATE POLICY clinics_read ON clinics AS RESTRICTIVE FOR SELECT TO santkrupa_app
    USING ((SELECT app.current_app_role()) IS NOT NULL);

-- Created and changed by the clinic's admin (the platform acts as one when it creates a clinic).
CREATE POLICY clinics_insert ON clinics AS RESTRICTIVE FOR INSERT TO santkrupa_app
    WITH CHECK ((SELECT app.current_app_role()) = 'admin');

-- Written by: admin.
CREATE POLICY clinics_update ON clinics AS RESTRICTIVE FOR UPDATE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin'))
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin'));
