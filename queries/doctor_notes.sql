-- name: CreateDoctorNote :one
INSERT INTO doctor_notes (visit_id, patient_id, author_id, chief_complaint, observations,
    diagnosis, treatment_plan, notes, signed_at)
VALUES (@visit_id, @patient_id, @author_id, @chief_complaint, @observations, @diagnosis,
    @treatment_plan, @notes, @signed_at)
RETURNING *;

-- name: GetDoctorNote :one
SELECT * FROM doctor_notes WHERE id = @id;

-- name: ListPatientDoctorNotes :many
SELECT * FROM doctor_notes WHERE patient_id = @patient_id ORDER BY created_at DESC, id DESC;
