-- name: CheckInPatient :one
-- The queue token is the next value of the clinic's counter for the
-- clinic-local day; the partial unique index refuses a second open visit.
WITH clinic AS (
    SELECT (now() AT TIME ZONE c.timezone)::date AS today
    FROM clinics AS c
    WHERE c.id = app.current_clinic()
), seq AS (
    INSERT INTO clinic_counters (counter, period, value)
    SELECT 'visit_token', to_char(clinic.today, 'YYYY-MM-DD'), 1 FROM clinic
    ON CONFLICT (clinic_id, counter, period) DO UPDATE SET value = clinic_counters.value + 1
    RETURNING value
)
INSERT INTO patient_visits (patient_id, doctor_id, checked_in_by, visit_date, token, purpose,
    priority, bp_systolic, bp_diastolic, pulse, temperature_c, spo2, blood_sugar, weight_kg, notes)
SELECT @patient_id, @doctor_id, @checked_in_by, clinic.today, seq.value, @purpose, @priority,
       @bp_systolic, @bp_diastolic, @pulse, @temperature_c, @spo2, @blood_sugar, @weight_kg, @notes
FROM clinic, seq
RETURNING *;

-- name: GetVisit :one
SELECT * FROM patient_visits WHERE id = @id;

-- name: TodayQueue :many
SELECT v.*, p.name AS patient_name, p.patient_number
FROM patient_visits AS v
JOIN patients AS p ON p.clinic_id = v.clinic_id AND p.id = v.patient_id
WHERE v.visit_date = (SELECT (now() AT TIME ZONE c.timezone)::date FROM clinics AS c WHERE c.id = app.current_clinic())
ORDER BY CASE v.priority WHEN 'emergency' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END, v.token;

-- name: StartConsultation :one
UPDATE patient_visits SET status = 'in_consultation', started_at = now()
WHERE id = @id AND status = 'checked_in'
RETURNING *;

-- name: CompleteVisit :one
UPDATE patient_visits SET status = 'completed', completed_at = now()
WHERE id = @id AND status IN ('checked_in', 'in_consultation')
RETURNING *;

-- name: CancelVisit :one
UPDATE patient_visits SET status = 'cancelled', cancelled_at = now(), cancel_reason = @cancel_reason
WHERE id = @id AND status IN ('checked_in', 'in_consultation')
RETURNING *;

-- name: ListPatientVisits :many
SELECT * FROM patient_visits WHERE patient_id = @patient_id ORDER BY checked_in_at DESC, id DESC;
