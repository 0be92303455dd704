-- patient_visits: check-ins and the daily queue.
--
-- Clinic isolation: one permissive policy, for every command, that admits
-- only the transaction's clinic. Role rules: restrictive policies, which
-- can only narrow it.
ALTER TABLE patient_visits ENABLE ROW LEVEL SECURITY;
ALTER TABLE patient_visits FORCE ROW LEVEL SECURITY;

CREATE POLICY patient_visits_clinic ON patient_visits AS PERMISSIVE FOR ALL TO santkrupa_app
    USING (clinic_id = (SELECT app.current_clinic()))
    WITH CHECK (clinic_id = (SELECT app.current_clinic()));

-- Staff read every row; a patient only their own visits.
CREATE POLICY patient_visits_read ON patient_visits AS RESTRICTIVE FOR SELECT TO santkrupa_app
    USING ((SELECT app.current_app_role()) <> 'patient'
        OR ((SELECT app.current_app_role()) = 'patient' AND app.is_own_patient(clinic_id, patient_id)));

-- Written by: admin, receptionist.
CREATE POLICY patient_visits_insert ON patient_visits AS RESTRICTIVE FOR INSERT TO santkrupa_app
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'receptionist'));

-- Written by: admin, receptionist, doctor.
CREATE POLICY patient_visits_update ON patient_visits AS RESTRICTIVE FOR UPDATE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin', 'receptionist', 'doctor'))
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'receptionist', 'doctor'));

-- Written by: admin.
CREATE POLICY patient_visits_delete ON patient_visits AS RESTRICTIVE FOR DELETE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin'));
