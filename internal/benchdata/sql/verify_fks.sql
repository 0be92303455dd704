-- Every foreign key of the public schema, checked as one anti-join per key
-- over the whole table (rows whose key columns are all set and whose parent
-- does not exist). Run as a superuser after a bulk load that skipped the
-- row-by-row checks; raises naming each violated key.
DO $$
DECLARE
    fk record;
    n bigint;
    bad text := '';
BEGIN
    FOR fk IN
        SELECT c.conname, c.conrelid::regclass AS child, c.confrelid::regclass AS parent,
               ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                     JOIN pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
                     ORDER BY k.ord) AS ccols,
               ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                     JOIN pg_attribute AS a ON a.attrelid = c.confrelid AND a.attnum = k.attnum
                     ORDER BY k.ord) AS pcols
        FROM pg_constraint AS c
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
        ORDER BY 1
    LOOP
        EXECUTE format('SELECT count(*) FROM %s AS ch WHERE %s AND NOT EXISTS (SELECT 1 FROM %s AS pa WHERE %s)',
            fk.child,
            (SELECT string_agg(format('ch.%I IS NOT NULL', x), ' AND ') FROM unnest(fk.ccols) AS x),
            fk.parent,
            (SELECT string_agg(format('pa.%I = ch.%I', u.p, u.c), ' AND ') FROM unnest(fk.pcols, fk.ccols) AS u(p, c)))
        INTO n;
        IF n > 0 THEN
            bad := bad || format('%s (%s rows) ', fk.conname, n);
        END IF;
    END LOOP;
    IF bad <> '' THEN
        RAISE EXCEPTION 'foreign keys violated: %', bad;
    END IF;
END
$$;
