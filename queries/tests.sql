-- name: OrderTest :one
INSERT INTO tests (patient_id, visit_id, prescription_id, catalog_id, ordered_by, test_type, name,
    description, urgency)
VALUES (@patient_id, @visit_id, @prescription_id, @catalog_id, @ordered_by, @test_type, @name,
    @description, @urgency)
RETURNING *;

-- name: GetTest :one
SELECT * FROM tests WHERE id = @id;

-- name: SetTestStatus :one
UPDATE tests SET status = @status::text,
    collected_at = CASE WHEN @status::text = 'collected' THEN now() ELSE collected_at END,
    completed_at = CASE WHEN @status::text = 'completed' THEN now() ELSE completed_at END,
    cancelled_at = CASE WHEN @status::text = 'cancelled' THEN now() ELSE cancelled_at END
WHERE id = @id
RETURNING *;

-- name: ListTestsByStatus :many
SELECT * FROM tests WHERE status = @status ORDER BY ordered_at, id LIMIT @max_rows;

-- name: ListPatientTests :many
SELECT * FROM tests WHERE patient_id = @patient_id ORDER BY ordered_at DESC, id DESC;
