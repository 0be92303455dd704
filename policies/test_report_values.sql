-- test_report_values: the measured values of a test report.
--
-- Clinic isolation: one permissive policy, for every command, that admits
-- only the transaction's clinic. Role rules: restrictive policies, which
-- can only narrow it.
ALTER TABLE test_report_values ENABLE ROW LEVEL SECURITY;
ALTER TABLE test_report_values FORCE ROW LEVEL SECURITY;

CREATE POLICY test_report_values_clinic ON test_report_values AS PERMISSIVE FOR ALL TO santkrupa_app
    USING (clinic_id = (SELECT app.current_clinic()))
    WITH CHECK (clinic_id = (SELECT app.current_clinic()));

-- Staff read every value; a patient the values of reports they may read
-- (the subquery is itself held by the test_reports policies).
CREATE POLICY test_report_values_read ON test_report_values AS RESTRICTIVE FOR SELECT TO santkrupa_app
    USING ((SELECT app.current_app_role()) <> 'patient'
        OR ((SELECT app.current_app_role()) = 'patient' AND EXISTS (
            SELECT 1 FROM test_reports AS r
            WHERE r.clinic_id = test_report_values.clinic_id AND r.id = test_report_values.test_report_id)));

-- Written by: admin, doctor, lab_tech.
CREATE POLICY test_report_values_insert ON test_report_values AS RESTRICTIVE FOR INSERT TO santkrupa_app
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'doctor', 'lab_tech'));

-- Written by: admin, doctor, lab_tech.
CREATE POLICY test_report_values_update ON test_report_values AS RESTRICTIVE FOR UPDATE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin', 'doctor', 'lab_tech'))
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'doctor', 'lab_tech'));

-- Written by: admin, doctor, lab_tech.
CREATE POLICY test_report_values_delete ON test_report_values AS RESTRICTIVE FOR DELETE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin', 'doctor', 'lab_tech'));
