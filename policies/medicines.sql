-- medicines: the clinic's medicine catalog.
--
-- Clinic isolation: one permissive policy, for every command, that admits
-- only the transaction's clinic. Role rules: restrictive policies, which
-- can only narrow it.
ALTER TABLE medicines ENABLE ROW LEVEL SECURITY;
ALTER TABLE medicines FORCE ROW LEVEL SECURITY;

CREATE POLICY medicines_clinic ON medicines AS PERMISSIVE FOR ALL TO santkrupa_app
    USING (clinic_id = (SELECT app.current_clinic()))
    WITH CHECK (clinic_id = (SELECT app.current_clinic()));

-- Every role of the clinic reads it.
CREATE POLICY medicines_read ON medicines AS RESTRICTIVE FOR SELECT TO santkrupa_app
    USING ((SELECT app.current_app_role()) IS NOT NULL);

-- Written by: admin, doctor.
CREATE POLICY medicines_insert ON medicines AS RESTRICTIVE FOR INSERT TO santkrupa_app
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'doctor'));

-- Written by: admin, doctor.
CREATE POLICY medicines_update ON medicines AS RESTRICTIVE FOR UPDATE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin', 'doctor'))
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'doctor'));

-- Written by: admin.
CREATE POLICY medicines_delete ON medicines AS RESTRICTIVE FOR DELETE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin'));
