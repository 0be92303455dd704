-- test_reports: results of a test, with an optional file.
--
-- Clinic isolation: one permissive policy, for every command, that admits
-- only the transaction's clinic. Role rules: restrictive policies, which
-- can only narrow it.
ALTER TABLE test_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE test_reports FORCE ROW LEVEL SECURITY;

CREATE POLICY test_reports_clinic ON test_reports AS PERMISSIVE FOR ALL TO santkrupa_app
    USING (clinic_id = (SELECT app.current_clinic()))
    WITH CHECK (clinic_id = (SELECT app.current_clinic()));

-- Staff read every row; a patient only their own final or corrected reports.
CREATE POLICY test_reports_read ON test_reports AS RESTRICTIVE FOR SELECT TO santkrupa_app
    USING ((SELECT app.current_app_role()) <> 'patient'
        OR ((SELECT app.current_app_role()) = 'patient' AND app.is_own_patient(clinic_id, patient_id) AND status IN ('final', 'corrected')));

-- Written by: admin, doctor, lab_tech.
CREATE POLICY test_reports_insert ON test_reports AS RESTRICTIVE FOR INSERT TO santkrupa_app
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'doctor', 'lab_tech'));

-- Written by: admin, doctor, lab_tech.
CREATE POLICY test_reports_update ON test_reports AS RESTRICTIVE FOR UPDATE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin', 'doctor', 'lab_tech'))
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'doctor', 'lab_tech'));

-- Written by: admin.
CREATE POLICY test_reports_delete ON test_reports AS RESTRICTIVE FOR DELETE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin'));
