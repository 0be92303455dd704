-- pgbench: list patients, first page of 50 (queries/patients.sql
-- ListPatients with the first page's cursor, clinic.NewestPatients),
-- pipelined behind the signed context as in pgbench_get_patient.sql.
\set c random(0, :clinics - 1)
\startpipeline
SELECT set_config('app.context', s.p || '.' || encode(crypto.hmac(convert_to(s.p, 'UTF8'), decode(:secret::text, 'base64'), 'sha256'), 'hex'), true),
       set_config('transaction_read_only', 'on', true),
       app.confirm_membership(s.clinic, s.usr, 'receptionist')
FROM (SELECT concat_ws('.', 'v1', :kid::text, i.clinic::text, i.usr::text, 'receptionist',
                       pg_backend_pid()::text, (extract(epoch FROM now())::bigint + 30)::text) AS p,
             i.clinic, i.usr
      FROM (SELECT md5(concat_ws(chr(58), :tag::text, 'clinic', 'bench-w' || lpad(:c::text, 4, '0'), '0'))::uuid AS clinic,
                   md5(concat_ws(chr(58), :tag::text, 'user' || chr(58) || 'reception', 'bench-w' || lpad(:c::text, 4, '0'), '0'))::uuid AS usr) AS i) AS s;
SELECT * FROM patients
WHERE (created_at, id) < ('infinity'::timestamptz, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid)
ORDER BY created_at DESC, id DESC
LIMIT 50;
\endpipeline
