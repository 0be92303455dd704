-- Uploaded documents (medical_reports): upload, list, download. The
-- patient row is found in the same statement as the insert, so a patient
-- the caller cannot see (another clinic's, or for a patient login anyone
-- else's) is simply no row: nothing is written.

-- name: FilesUploadMedicalReport :one
INSERT INTO medical_reports (patient_id, uploaded_by, report_type, description, content,
    content_type, size_bytes, sha256, original_filename)
SELECT p.id, sqlc.narg(uploaded_by)::uuid, @report_type, @description, @content, @content_type,
    @size_bytes, @sha256, @original_filename
FROM patients AS p WHERE p.id = @patient_id
RETURNING id;

-- name: FilesUploadOwnMedicalReport :one
-- A patient's upload to their own record: the record is the one linked to
-- their login, never one named by the request.
INSERT INTO medical_reports (patient_id, uploaded_by, report_type, description, content,
    content_type, size_bytes, sha256, original_filename)
SELECT p.id, @user_id::uuid, @report_type, @description, @content, @content_type,
    @size_bytes, @sha256, @original_filename
FROM patients AS p WHERE p.user_id = @user_id::uuid
RETURNING id;

-- name: FilesListMedicalReports :many
-- Documents, newest first, keyset-paged on (created_at, id); of one patient
-- or of all the caller may read. The uploader's name needs users, of which
-- a patient reads only their own row: a staff uploader is NULL for them.
SELECT m.id, m.clinic_id, m.patient_id, m.uploaded_by, m.report_type, m.description, m.content_type,
    m.size_bytes, m.sha256, m.original_filename, m.created_at,
    p.patient_number, p.name AS patient_name, u.display_name AS uploader_name
FROM medical_reports AS m
JOIN patients AS p ON p.clinic_id = m.clinic_id AND p.id = m.patient_id
LEFT JOIN users AS u ON u.clinic_id = m.clinic_id AND u.id = m.uploaded_by
WHERE (sqlc.narg(patient_id)::uuid IS NULL OR m.patient_id = sqlc.narg(patient_id)::uuid)
  -- A patient login's own documents, found through the login (an index
  -- lookup) rather than by testing every document against the policy.
  AND (sqlc.narg(owner_user_id)::uuid IS NULL OR p.user_id = sqlc.narg(owner_user_id)::uuid)
  AND (sqlc.narg(after_created_at)::timestamptz IS NULL
       OR (m.created_at, m.id) < (sqlc.narg(after_created_at)::timestamptz, sqlc.narg(after_id)::uuid))
ORDER BY m.created_at DESC, m.id DESC
LIMIT @max_rows;

-- name: FilesGetMedicalReport :one
SELECT m.id, m.clinic_id, m.patient_id, m.uploaded_by, m.report_type, m.description, m.content_type,
    m.size_bytes, m.sha256, m.original_filename, m.created_at,
    p.patient_number, p.name AS patient_name, u.display_name AS uploader_name
FROM medical_reports AS m
JOIN patients AS p ON p.clinic_id = m.clinic_id AND p.id = m.patient_id
LEFT JOIN users AS u ON u.clinic_id = m.clinic_id AND u.id = m.uploaded_by
WHERE m.id = @id;

-- name: FilesMedicalReportFile :one
SELECT patient_id, content, content_type, original_filename FROM medical_reports WHERE id = @id;
