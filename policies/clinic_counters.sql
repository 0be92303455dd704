-- clinic_counters: per-clinic patient-number and queue-token counters.
--
-- Clinic isolation: one permissive policy, for every command, that admits
-- only the transaction's clinic. Role rules: restrictive policies, which
-- can only narrow it.
ALTER TABLE clinic_counters ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic_counters FORCE ROW LEVEL SECURITY;

CREATE POLICY clinic_counters_clinic ON clinic_counters AS PERMISSIVE FOR ALL TO santkrupa_app
    USING (clinic_id = (SELECT app.current_clinic()))
    WITH CHECK (clinic_id = (SELECT app.current_clinic()));

-- Staff read them (patients never need them).
CREATE POLICY clinic_counters_read ON clinic_counters AS RESTRICTIVE FOR SELECT TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin', 'doctor', 'receptionist', 'lab_tech'));

-- Advanced by whoever registers patients and checks them in.
CREATE POLICY clinic_counters_insert ON clinic_counters AS RESTRICTIVE FOR INSERT TO santkrupa_app
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'receptionist'));

-- Advanced by whoever registers patients and checks them in.
CREATE POLICY clinic_counters_update ON clinic_counters AS RESTRICTIVE FOR UPDATE TO santkrupa_app
    USING ((SELECT app.current_app_role()) IN ('admin', 'receptionist'))
    WITH CHECK ((SELECT app.current_app_role()) IN ('admin', 'receptionist'));

-- Nobody deletes a counter (a reset counter would hand out numbers twice);
-- santkrupa_app has no DELETE grant either, and this says so to the DBA.
CREATE POLICY clinic_counters_delete ON clinic_counters AS RESTRICTIVE FOR DELETE TO santkrupa_app
    USING (false);
