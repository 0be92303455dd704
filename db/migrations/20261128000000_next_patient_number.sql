-- migrate:up

-- The next patient number of the transaction's clinic: the clinic's yearly
-- counter (its row lock makes numbers gapless under concurrent
-- registration; a rolled-back registration gives its number back), in the
-- clinic's local year, as PT-<code>-<year>-<5+ digits>. Registration and
-- the legacy import both number patients with it. SECURITY INVOKER: the
-- caller's row-level security applies to the clinic and the counter.
CREATE FUNCTION app.next_patient_number() RETURNS text
    LANGUAGE sql VOLATILE
    AS $$
    WITH clinic AS (
        SELECT c.code, to_char(now() AT TIME ZONE c.timezone, 'YYYY') AS year
        FROM public.clinics AS c
        WHERE c.id = app.current_clinic()
    ), seq AS (
        INSERT INTO public.clinic_counters (counter, period, value)
        SELECT 'patient_number', clinic.year, 1 FROM clinic
        ON CONFLICT (clinic_id, counter, period) DO UPDATE SET value = public.clinic_counters.value + 1
        RETURNING value
    )
    SELECT format('PT-%s-%s-%s', clinic.code, clinic.year,
                  lpad(seq.value::text, greatest(5, length(seq.value::text)), '0'))
    FROM clinic, seq
$$;

-- migrate:down
DROP FUNCTION app.next_patient_number();
