-- migrate:up

-- app.is_uuid_text, cheaper: the same strings pass (the canonical,
-- lower-case 8-4-4-4-12 form), checked by LIKE for the shape and a regular
-- expression in the "C" collation for the digits, instead of translate.
-- translate compares every character with each of the sixteen digits
-- through the multi-byte machinery; app.verified_context calls this twice
-- and runs once per clinic-context reference in every statement (about a
-- dozen for a check-in with its audit events), where it was the largest
-- single item of the database's CPU profile. 1.65 µs a call before, 0.26 µs
-- after (docs/scaling.md, item 6); the two forms agreed on 373,006 generated
-- strings, canonical and not.
CREATE OR REPLACE FUNCTION app.is_uuid_text(s text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT s LIKE '________-____-____-____-____________'
       AND s COLLATE "C" ~ '^[0-9a-f]*-[0-9a-f]*-[0-9a-f]*-[0-9a-f]*-[0-9a-f]*$'
$$;

-- migrate:down

CREATE OR REPLACE FUNCTION app.is_uuid_text(s text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT s LIKE '________-____-____-____-____________' AND translate(s, '0123456789abcdef', '') = '----'
$$;
