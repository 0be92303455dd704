-- pgbench: get a patient, as the server does it (store.Read) for a
-- membership it remembers: the signed context, with the confirmation of
-- the receptionist's membership (app.confirm_membership), and the
-- statement pipelined in one round trip, one implicit read-only
-- transaction. The context is signed here in SQL with the
-- benchmark-only key (-D kid, -D secret): one HMAC per transaction that the
-- server computes in Go instead. The statement is queries/patients.sql
-- GetPatient; the id is derived as the generator derives it (md5).
-- Variables: -D tag, -D kid, -D secret, -D clinics, -D patients. (pgbench reads
-- :name even inside string literals, hence chr(58) for the colons.)
\set c random(0, :clinics - 1)
\set p random(0, :patients - 1)
\startpipeline
SELECT set_config('app.context', s.p || '.' || encode(crypto.hmac(convert_to(s.p, 'UTF8'), decode(:secret::text, 'base64'), 'sha256'), 'hex'), true),
       set_config('transaction_read_only', 'on', true),
       app.confirm_membership(s.clinic, s.usr, 'receptionist')
FROM (SELECT concat_ws('.', 'v1', :kid::text, i.clinic::text, i.usr::text, 'receptionist',
                       pg_backend_pid()::text, (extract(epoch FROM now())::bigint + 30)::text) AS p,
             i.clinic, i.usr
      FROM (SELECT md5(concat_ws(chr(58), :tag::text, 'clinic', 'bench-w' || lpad(:c::text, 4, '0'), '0'))::uuid AS clinic,
                   md5(concat_ws(chr(58), :tag::text, 'user' || chr(58) || 'reception', 'bench-w' || lpad(:c::text, 4, '0'), '0'))::uuid AS usr) AS i) AS s;
SELECT * FROM patients WHERE id = md5(concat_ws(chr(58), :tag::text, 'patient', 'bench-w' || lpad(:c::text, 4, '0'), :p::text))::uuid;
\endpipeline
