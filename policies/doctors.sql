-- doctors: the clinic's doctors (a user with a license).
--
-- Clinic isolation: one permissive policy, for every command, that admits
-- only the transaction's clinic. Role rules: restrictive policies, which
-- can only narrow it.
ALTER TABLE doctors ENABLE ROW LEVEL SECURITY;
ALTER TABLE doctors FORCE ROW LEVEL SECURITY;

CREATE POLICY doctors_clinic ON doctors AS PERMISSIVE FOR ALL TO santkrupa_app
    USING (clinic_id = (SELECT app.current_clinic()))
    WITH CHECK (clinic_id = (SELECT app.current_clinic()));

-- Every role of the clinic reads it.
CREATE POLICY doctors_read ON doctors AS RESTRICTIVE FOR SELECT TO santkrupa_app
    USING ((SELECT app.current_app_role()) IS NOT NULL);

-- Written by: admin.
CREATE POLICY doctors_insert ON doctors AS RESTRICTIVE FOR INSERT TO santkrupa_app
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin'));

-- Written by: admin.
CREATE POLICY doctors_update ON doctors AS RESTRICTIVE FOR UPDATE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin'))
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin'));

-- Written by: admin.
CREATE POLICY doctors_delete ON doctors AS RESTRICTIVE FOR DELETE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin'));
