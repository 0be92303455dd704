-- doctor_notes: clinical notes. Hidden from reception and the lab.
--
-- Clinic isolation: one permissive policy, for every command, that admits
-- only the transaction's clinic. Role rules: restrictive policies, which
-- can only narrow it.
ALTER TABLE doctor_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE doctor_notes FORCE ROW LEVEL SECURITY;

CREATE POLICY doctor_notes_clinic ON doctor_notes AS PERMISSIVE FOR ALL TO santkrupa_app
    USING (clinic_id = (SELECT app.current_clinic()))
    WITH CHECK (clinic_id = (SELECT app.current_clinic()));

-- Doctors and admins read notes; a patient their own signed notes; reception and lab
-- technicians read none.
CREATE POLICY doctor_notes_read ON doctor_notes AS RESTRICTIVE FOR SELECT TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin', 'doctor')
        OR ((SELECT app.current_app_role()) = 'patient' AND signed_at IS NOT NULL AND app.is_own_patient(clinic_id, patient_id)));

-- Written by: admin, doctor.
CREATE POLICY doctor_notes_insert ON doctor_notes AS RESTRICTIVE FOR INSERT TO santkrupa_app
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'doctor'));

-- Written by: admin, doctor.
CREATE POLICY doctor_notes_update ON doctor_notes AS RESTRICTIVE FOR UPDATE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin', 'doctor'))
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'doctor'));

-- Written by: admin, doctor.
CREATE POLICY doctor_notes_delete ON doctor_notes AS RESTRICTIVE FOR DELETE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin', 'doctor'));
