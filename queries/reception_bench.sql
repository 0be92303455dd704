-- Test data for reception's benchmarks and tests only; no server code path
-- runs these.

-- name: BenchInsertPatients :execrows
-- @n synthetic patients in one statement, numbered BENCH-<batch>-<n>:
-- 16 first names × 12 surnames (so a name prefix such as "priya p" matches
-- about 1 in 192) followed by the sequence number, and distinct phone
-- numbers. They share one created_at: lists break the tie by id.
INSERT INTO patients (patient_number, name, sex, phone, date_of_birth)
SELECT format('BENCH-%s-%s', @batch::text, lpad(g::text, 7, '0')),
       (ARRAY['Aarav', 'Priya', 'Kiran', 'Sneha', 'Rahul', 'Pooja', 'Sanjay', 'Neha', 'Amit', 'Kavita',
              'Rajesh', 'Lata', 'Vijay', 'Anjali', 'Suresh', 'Deepa'])[1 + g % 16] || ' ' ||
       (ARRAY['Patil', 'Joshi', 'Kulkarni', 'Deshmukh', 'Jadhav', 'Gaikwad', 'More', 'Chavan', 'Bhosale',
              'Shinde', 'Pawar', 'Sawant'])[1 + (g / 16) % 12] || ' ' || g,
       (ARRAY['male', 'female'])[1 + g % 2],
       format('+91 9%s', lpad(((g::bigint * 7919 + @batch_offset::bigint) % 1000000000)::text, 9, '0')),
       date '1950-01-01' + (g * 37) % 20000
FROM generate_series(1, @n::integer) AS g;

-- name: BenchSetMaxPatients :one
-- Sets the clinic's plan limit on patients (acting as its admin).
UPDATE clinics SET max_patients = @max_patients WHERE id = app.current_clinic() RETURNING max_patients;
