-- name: CreateTestReport :one
INSERT INTO test_reports (test_id, patient_id, status, performed_by, notes, file_content,
    file_content_type, file_name, file_size, file_sha256)
VALUES (@test_id, @patient_id, @status, @performed_by, @notes, @file_content, @file_content_type,
    @file_name, @file_size, @file_sha256)
RETURNING *;

-- name: AddTestReportValue :one
INSERT INTO test_report_values (test_report_id, patient_id, position, analyte, value, unit,
    reference_range, abnormal_flag)
VALUES (@test_report_id, @patient_id, @position, @analyte, @value, @unit, @reference_range,
    @abnormal_flag)
RETURNING *;

-- name: VerifyTestReport :one
UPDATE test_reports SET status = 'final', verified_by = @verified_by, verified_at = now()
WHERE id = @id
RETURNING *;

-- name: GetTestReport :one
SELECT * FROM test_reports WHERE id = @id;

-- name: ListTestReportValues :many
SELECT * FROM test_report_values WHERE test_report_id = @test_report_id ORDER BY position;

-- name: ListPatientTestReports :many
SELECT id, clinic_id, test_id, patient_id, status, performed_by, performed_at, verified_by,
       verified_at, notes, file_content_type, file_name, file_size, created_at
FROM test_reports WHERE patient_id = @patient_id ORDER BY performed_at DESC, id DESC;
