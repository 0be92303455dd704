-- migrate:up

-- Every write to a clinic table is recorded in audit_events by the database
-- itself, in the writer's transaction (app.audit_row_change, previous
-- migration). Arguments: the row's id column ('' for none) and where its
-- patient is ('id', 'patient_id', 'prescription' or ''). A clinic table
-- added later needs its trigger too: `santkrupa policy audit` fails until
-- it has one.
CREATE TRIGGER clinics_audit AFTER INSERT OR UPDATE OR DELETE ON clinics
    FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', '');
-- users: a login stamp (last_login_at, updated_at) is no change worth an
-- event; the login itself is recorded by the application.
CREATE TRIGGER users_audit AFTER INSERT OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', '');
CREATE TRIGGER users_audit_update AFTER UPDATE ON users
    FOR EACH ROW
    WHEN ((OLD.display_name, OLD.email, OLD.phone, OLD.role, OLD.oidc_issuer, OLD.oidc_subject, OLD.active)
          IS DISTINCT FROM
          (NEW.display_name, NEW.email, NEW.phone, NEW.role, NEW.oidc_issuer, NEW.oidc_subject, NEW.active))
    EXECUTE FUNCTION app.audit_row_change('id', '');
CREATE TRIGGER patients_audit AFTER INSERT OR UPDATE OR DELETE ON patients
    FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'id');
CREATE TRIGGER doctors_audit AFTER INSERT OR UPDATE OR DELETE ON doctors
    FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', '');
CREATE TRIGGER clinic_counters_audit AFTER INSERT OR UPDATE OR DELETE ON clinic_counters
    FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('', '');
CREATE TRIGGER patient_visits_audit AFTER INSERT OR UPDATE OR DELETE ON patient_visits
    FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'patient_id');
CREATE TRIGGER medicines_audit AFTER INSERT OR UPDATE OR DELETE ON medicines
    FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', '');
CREATE TRIGGER prescriptions_audit AFTER INSERT OR UPDATE OR DELETE ON prescriptions
    FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'patient_id');
CREATE TRIGGER prescription_lines_audit AFTER INSERT OR UPDATE OR DELETE ON prescription_lines
    FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'prescription');
CREATE TRIGGER test_catalog_audit AFTER INSERT OR UPDATE OR DELETE ON test_catalog
    FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', '');
CREATE TRIGGER tests_audit AFTER INSERT OR UPDATE OR DELETE ON tests
    FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'patient_id');
CREATE TRIGGER test_reports_audit AFTER INSERT OR UPDATE OR DELETE ON test_reports
    FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'patient_id');
CREATE TRIGGER test_report_values_audit AFTER INSERT OR UPDATE OR DELETE ON test_report_values
    FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'patient_id');
CREATE TRIGGER doctor_notes_audit AFTER INSERT OR UPDATE OR DELETE ON doctor_notes
    FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'patient_id');
CREATE TRIGGER medical_reports_audit AFTER INSERT OR UPDATE OR DELETE ON medical_reports
    FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id', 'patient_id');

-- migrate:down
DROP TRIGGER medical_reports_audit ON medical_reports;
DROP TRIGGER doctor_notes_audit ON doctor_notes;
DROP TRIGGER test_report_values_audit ON test_report_values;
DROP TRIGGER test_reports_audit ON test_reports;
DROP TRIGGER tests_audit ON tests;
DROP TRIGGER test_catalog_audit ON test_catalog;
DROP TRIGGER prescription_lines_audit ON prescription_lines;
DROP TRIGGER prescriptions_audit ON prescriptions;
DROP TRIGGER medicines_audit ON medicines;
DROP TRIGGER patient_visits_audit ON patient_visits;
DROP TRIGGER clinic_counters_audit ON clinic_counters;
DROP TRIGGER doctors_audit ON doctors;
DROP TRIGGER patients_audit ON patients;
DROP TRIGGER users_audit_update ON users;
DROP TRIGGER users_audit ON users;
DROP TRIGGER clinics_audit ON clinics;
