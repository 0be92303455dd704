-- test_catalog: the clinic's catalog of orderable tests.
--
-- Clinic isolation: one permissive policy, for every command, that admits
-- only the transaction's clinic. Role rules: restrictive policies, which
-- can only narrow it.
ALTER TABLE test_catalog ENABLE ROW LEVEL SECURITY;
ALTER TABLE test_catalog FORCE ROW LEVEL SECURITY;

CREATE POLICY test_catalog_clinic ON test_catalog AS PERMISSIVE FOR ALL TO santkrupa_app
    USING (clinic_id = (SELECT app.current_clinic()))
    WITH CHECK (clinic_id = (SELECT app.current_clinic()));

-- Every role of the clinic reads it.
CREATE POLICY test_catalog_read ON test_catalog AS RESTRICTIVE FOR SELECT TO santkrupa_app
    USING ((SELECT app.current_app_role()) IS NOT NULL);

-- Written by: admin.
CREATE POLICY test_catalog_insert ON test_catalog AS RESTRICTIVE FOR INSERT TO santkrupa_app
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin'));

-- Written by: admin.
CREATE POLICY test_catalog_update ON test_catalog AS RESTRICTIVE FOR UPDATE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin'))
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin'));

-- Written by: admin.
CREATE POLICY test_catalog_delete ON test_catalog AS RESTRICTIVE FOR DELETE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin'));
