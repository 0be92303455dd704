-- tests: lab tests ordered for a patient.
--
-- Clinic isolation: one permissive policy, for every command, that admits
-- only the transaction's clinic. Role rules: restrictive policies, which
-- can only narrow it.
ALTER TABLE tests ENABLE ROW LEVEL SECURITY;
ALTER TABLE tests FORCE ROW LEVEL SECURITY;

CREATE POLICY tests_clinic ON tests AS PERMISSIVE FOR ALL TO santkrupa_app
    USING (clinic_id = (SELECT app.current_clinic()))
    WITH CHECK (clinic_id = (SELECT app.current_clinic()));

-- Staff read every row; a patient only their own tests.
CREATE POLICY tests_read ON tests AS RESTRICTIVE FOR SELECT TO santkrupa_app
    USING ((SELECT app.current_app_role()) <> 'patient'
        OR ((SELECT app.current_app_role()) = 'patient' AND app.is_own_patient(clinic_id, patient_id)));

-- Written by: admin, doctor.
CREATE POLICY tests_insert ON tests AS RESTRICTIVE FOR INSERT TO santkrupa_app
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'doctor'));

-- Written by: admin, doctor, lab_tech.
CREATE POLICY tests_update ON tests AS RESTRICTIVE FOR UPDATE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin', 'doctor', 'lab_tech'))
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'doctor', 'lab_tech'));

-- Written by: admin.
CREATE POLICY tests_delete ON tests AS RESTRICTIVE FOR DELETE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin'));
