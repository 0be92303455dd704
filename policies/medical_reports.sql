-- medical_reports: uploaded documents (scans, referrals, discharge summaries).
--
-- Clinic isolation: one permissive policy, for every command, that admits
-- only the transaction's clinic. Role rules: restrictive policies, which
-- can only narrow it.
ALTER TABLE medical_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE medical_reports FORCE ROW LEVEL SECURITY;

CREATE POLICY medical_reports_clinic ON medical_reports AS PERMISSIVE FOR ALL TO santkrupa_app
    USING (clinic_id = (SELECT app.current_clinic()))
    WITH CHECK (clinic_id = (SELECT app.current_clinic()));

-- Staff read every row; a patient only their own documents.
CREATE POLICY medical_reports_read ON medical_reports AS RESTRICTIVE FOR SELECT TO santkrupa_app
    USING ((SELECT app.current_app_role()) <> 'patient'
        OR ((SELECT app.current_app_role()) = 'patient' AND app.is_own_patient(clinic_id, patient_id)));

-- Any staff member uploads; a patient only to their own record, and only
-- as themselves (uploaded_by is their own login), so an upload can never
-- be placed in another patient's record or attributed to someone else.
CREATE POLICY medical_reports_insert ON medical_reports AS RESTRICTIVE FOR INSERT TO santkrupa_app
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'doctor', 'receptionist', 'lab_tech')
        OR ((SELECT app.current_app_role()) = 'patient' AND app.is_own_patient(clinic_id, patient_id)
            AND uploaded_by = (SELECT app.current_app_user())));

-- Written by: admin, doctor.
CREATE POLICY medical_reports_delete ON medical_reports AS RESTRICTIVE FOR DELETE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin', 'doctor'));
