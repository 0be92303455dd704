-- name: CreateMedicalReport :one
INSERT INTO medical_reports (patient_id, uploaded_by, report_type, description, content,
    content_type, size_bytes, sha256, original_filename)
VALUES (@patient_id, @uploaded_by, @report_type, @description, @content, @content_type,
    @size_bytes, @sha256, @original_filename)
RETURNING id, clinic_id, patient_id, uploaded_by, report_type, description, content_type,
    size_bytes, sha256, original_filename, created_at;

-- name: GetMedicalReportFile :one
SELECT * FROM medical_reports WHERE id = @id;

-- name: ListPatientMedicalReports :many
SELECT id, clinic_id, patient_id, uploaded_by, report_type, description, content_type,
       size_bytes, sha256, original_filename, created_at
FROM medical_reports WHERE patient_id = @patient_id ORDER BY created_at DESC, id DESC;
