-- prescriptions: prescriptions written by the clinic's doctors.
--
-- Clinic isolation: one permissive policy, for every command, that admits
-- only the transaction's clinic. Role rules: restrictive policies, which
-- can only narrow it.
ALTER TABLE prescriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE prescriptions FORCE ROW LEVEL SECURITY;

CREATE POLICY prescriptions_clinic ON prescriptions AS PERMISSIVE FOR ALL TO santkrupa_app
    USING (clinic_id = (SELECT app.current_clinic()))
    WITH CHECK (clinic_id = (SELECT app.current_clinic()));

-- Staff read every row; a patient only their own finalised prescriptions.
CREATE POLICY prescriptions_read ON prescriptions AS RESTRICTIVE FOR SELECT TO santkrupa_app
    USING ((SELECT app.current_app_role()) <> 'patient'
        OR ((SELECT app.current_app_role()) = 'patient' AND app.is_own_patient(clinic_id, patient_id) AND status = 'final'));

-- Written by: admin, doctor.
CREATE POLICY prescriptions_insert ON prescriptions AS RESTRICTIVE FOR INSERT TO santkrupa_app
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'doctor'));

-- Written by: admin, doctor.
CREATE POLICY prescriptions_update ON prescriptions AS RESTRICTIVE FOR UPDATE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin', 'doctor'))
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'doctor'));

-- Written by: admin, doctor.
CREATE POLICY prescriptions_delete ON prescriptions AS RESTRICTIVE FOR DELETE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin', 'doctor'));
