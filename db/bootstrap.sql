-- Cluster-level setup that only a superuser can do: the three roles and the
-- database. Run by db/postgres.sh (make run / make test) through psql with
--   -v db=NAME -v owner_password=... -v app_password=...
-- Everything inside the database (schema, grants, functions) is in
-- db/migrations and runs as santkrupa_owner. Safe to run again.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

-- santkrupa_owner: runs migrations and owns every table. Never used by serve.
SELECT 'CREATE ROLE santkrupa_owner LOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'santkrupa_owner') \gexec
ALTER ROLE santkrupa_owner NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB PASSWORD :'owner_password';

-- santkrupa_app: the role serve connects as. Owns nothing, bypasses nothing.
SELECT 'CREATE ROLE santkrupa_app LOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'santkrupa_app') \gexec
ALTER ROLE santkrupa_app NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOINHERIT PASSWORD :'app_password';

-- santkrupa_definer: cannot log in; owns the few SECURITY DEFINER functions
-- that must look across clinics (resolving a clinic's slug, the login
-- lookup). BYPASSRLS because FORCE ROW LEVEL SECURITY holds even for the
-- table owner. The owner may SET ROLE to it only to hand it those functions.
SELECT 'CREATE ROLE santkrupa_definer NOLOGIN BYPASSRLS'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'santkrupa_definer') \gexec
ALTER ROLE santkrupa_definer NOLOGIN NOSUPERUSER BYPASSRLS NOCREATEROLE NOCREATEDB;
GRANT santkrupa_definer TO santkrupa_owner;

SELECT format('CREATE DATABASE %I OWNER santkrupa_owner', :'db')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec

-- Only the roles named here may connect; nobody gets TEMP (temporary
-- objects would be objects the application role creates).
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO santkrupa_app', :'db') \gexec
SELECT format('GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO santkrupa_owner', :'db') \gexec
