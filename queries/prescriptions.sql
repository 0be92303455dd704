-- name: CreatePrescription :one
INSERT INTO prescriptions (patient_id, doctor_id, visit_id, diagnosis, advice,
    admission_recommended, admission_reason, follow_up_date)
VALUES (@patient_id, @doctor_id, @visit_id, @diagnosis, @advice, @admission_recommended,
    @admission_reason, @follow_up_date)
RETURNING *;

-- name: AddPrescriptionLine :one
INSERT INTO prescription_lines (prescription_id, position, medicine_id, medicine_name, form, dose,
    schedule, frequency, duration_days, quantity, food_instruction, route, prn, instructions)
VALUES (@prescription_id, @position, @medicine_id, @medicine_name, @form, @dose, @schedule,
    @frequency, @duration_days, @quantity, @food_instruction, @route, @prn, @instructions)
RETURNING *;

-- name: FinalizePrescription :one
UPDATE prescriptions SET status = 'final', finalized_at = now()
WHERE id = @id AND status = 'draft'
RETURNING *;

-- name: GetPrescription :one
SELECT * FROM prescriptions WHERE id = @id;

-- name: ListPrescriptionLines :many
SELECT * FROM prescription_lines WHERE prescription_id = @prescription_id ORDER BY position;

-- name: ListPatientPrescriptions :many
SELECT * FROM prescriptions WHERE patient_id = @patient_id ORDER BY created_at DESC, id DESC;
