-- pgbench: get a patient, as the server does it (store.Read): the signed
-- context and the statement pipelined in one round trip, one implicit
-- read-only transaction. The context is signed here in SQL with the
-- benchmark-only key (-D kid, -D secret): one HMAC per transaction that the
-- server computes in Go instead. The statement is queries/patients.sql
-- GetPatient; the id is derived as the generator derives it (md5).
-- Variables: -D tag, -D kid, -D secret, -D clinics, -D patients. (pgbench reads
-- :name even inside string literals, hence chr(58) for the colons.)
\set c random(0, :clinics - 1)
\set p random(0, :patients - 1)
\startpipeline
SELECT set_config('app.context', s.p || '.' || encode(crypto.hmac(convert_to(s.p, 'UTF8'), decode(:secret::text, 'base64'), 'sha256'), 'hex'), true),
       set_config('transaction_read_only', 'on', true)
FROM (SELECT concat_ws('.', 'v1', :kid::text,
             md5(concat_ws(chr(58), :tag::text, 'clinic', 'bench-w' || lpad(:c::text, 4, '0'), '0'))::uuid::text,
             '', 'receptionist', pg_backend_pid()::text, (extract(epoch FROM now())::bigint + 30)::text) AS p) AS s;
SELECT * FROM patients WHERE id = md5(concat_ws(chr(58), :tag::text, 'patient', 'bench-w' || lpad(:c::text, 4, '0'), :p::text))::uuid;
\endpipeline
