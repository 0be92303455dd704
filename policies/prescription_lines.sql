-- prescription_lines: the medicines of a prescription.
--
-- Clinic isolation: one permissive policy, for every command, that admits
-- only the transaction's clinic. Role rules: restrictive policies, which
-- can only narrow it.
ALTER TABLE prescription_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE prescription_lines FORCE ROW LEVEL SECURITY;

CREATE POLICY prescription_lines_clinic ON prescription_lines AS PERMISSIVE FOR ALL TO santkrupa_app
    USING (clinic_id = (SELECT app.current_clinic()))
    WITH CHECK (clinic_id = (SELECT app.current_clinic()));

-- Staff read every line; a patient the lines of prescriptions they may read
-- (the subquery is itself held by the prescriptions policies).
CREATE POLICY prescription_lines_read ON prescription_lines AS RESTRICTIVE FOR SELECT TO santkrupa_app
    USING ((SELECT app.current_app_role()) <> 'patient'
        OR ((SELECT app.current_app_role()) = 'patient' AND EXISTS (
            SELECT 1 FROM prescriptions AS p
            WHERE p.clinic_id = prescription_lines.clinic_id AND p.id = prescription_lines.prescription_id)));

-- Written by: admin, doctor.
CREATE POLICY prescription_lines_insert ON prescription_lines AS RESTRICTIVE FOR INSERT TO santkrupa_app
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'doctor'));

-- Written by: admin, doctor.
CREATE POLICY prescription_lines_update ON prescription_lines AS RESTRICTIVE FOR UPDATE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin', 'doctor'))
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'doctor'));

-- Written by: admin, doctor.
CREATE POLICY prescription_lines_delete ON prescription_lines AS RESTRICTIVE FOR DELETE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin', 'doctor'));
