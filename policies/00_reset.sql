-- One migrate at a time: a second waits here rather than interleaving.
SELECT pg_advisory_xact_lock(hashtext('santkrupa.policies'));

-- Applied first, in the same transaction as every other file here: drops
-- every policy in the public schema, so that what is live is exactly what
-- this folder says. Until the files below recreate them, FORCE ROW LEVEL
-- SECURITY leaves each table closed (no policy, no rows), and nobody sees
-- the gap: the whole folder commits at once.
DO $$
DECLARE
    p record;
BEGIN
    FOR p IN SELECT policyname, tablename FROM pg_catalog.pg_policies WHERE schemaname = 'public'
    LOOP
        EXECUTE format('DROP POLICY %I ON public.%I', p.policyname, p.tablename);
    END LOOP;
END
$$;
