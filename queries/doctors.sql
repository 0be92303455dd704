-- name: CreateDoctor :one
INSERT INTO doctors (user_id, specialization, qualification, license_number)
VALUES (@user_id, @specialization, @qualification, @license_number)
RETURNING *;

-- name: GetDoctor :one
SELECT * FROM doctors WHERE id = @id;

-- name: ListDoctors :many
SELECT d.*, u.display_name
FROM doctors AS d
JOIN users AS u ON u.clinic_id = d.clinic_id AND u.id = d.user_id
ORDER BY u.display_name, d.id;
