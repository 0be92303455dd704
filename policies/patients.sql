-- patients: the clinic's patients.
--
-- Clinic isolation: one permissive policy, for every command, that admits
-- only the transaction's clinic. Role rules: restrictive policies, which
-- can only narrow it.
ALTER TABLE patients ENABLE ROW LEVEL SECURITY;
ALTER TABLE patients FORCE ROW LEVEL SECURITY;

CREATE POLICY patients_clinic ON patients AS PERMISSIVE FOR ALL TO santkrupa_app
    USING (clinic_id = (SELECT app.current_clinic()))
    WITH CHECK (clinic_id = (SELECT app.current_clinic()));

-- Staff read every patient; a patient user reads only the row linked to them.
CREATE POLICY patients_read ON patients AS RESTRICTIVE FOR SELECT TO santkrupa_app
    USING ((SELECT app.current_app_role()) <> 'patient'
        OR ((SELECT app.current_app_role()) = 'patient' AND user_id = (SELECT app.current_app_user())));

-- Written by: admin, receptionist.
CREATE POLICY patients_insert ON patients AS RESTRICTIVE FOR INSERT TO santkrupa_app
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'receptionist'));

-- Written by: admin, receptionist, doctor.
CREATE POLICY patients_update ON patients AS RESTRICTIVE FOR UPDATE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin', 'receptionist', 'doctor'))
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'receptionist', 'doctor'));

-- Written by: admin.
CREATE POLICY patients_delete ON patients AS RESTRICTIVE FOR DELETE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin'));
