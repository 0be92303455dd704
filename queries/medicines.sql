-- name: CreateMedicine :one
INSERT INTO medicines (name, generic_name, form, strength, default_dose, default_schedule, default_duration_days)
VALUES (@name, @generic_name, @form, @strength, @default_dose, @default_schedule, @default_duration_days)
RETURNING *;

-- name: GetMedicine :one
SELECT * FROM medicines WHERE id = @id;

-- name: SearchMedicines :many
SELECT * FROM medicines
WHERE active AND name_search >= lower(@prefix::text) AND name_search < (lower(@prefix::text) || chr(1114111))
ORDER BY name_search, id
LIMIT @max_rows;

-- name: CreateCatalogTest :one
INSERT INTO test_catalog (name, test_type, description)
VALUES (@name, @test_type, @description)
RETURNING *;

-- name: ListCatalogTests :many
SELECT * FROM test_catalog WHERE active ORDER BY name, id;
