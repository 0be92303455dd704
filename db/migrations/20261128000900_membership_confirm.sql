-- migrate:up

-- app.confirm_membership lets the server remember an identity's membership
-- between requests without a stale one ever acting: the store puts it in
-- the context statement of every transaction that acts on a remembered
-- membership, so the database checks, in the same round trip as the
-- work, that the users row is still active with that role in an active,
-- unsuspended clinic. Otherwise it raises 28000
-- (invalid_authorization_specification), which aborts the pipeline before
-- the request's statement runs: nothing is read or written. It answers
-- only yes (nothing) or no (the error) about the arguments it is given,
-- less than app.clinic_membership already tells the same caller.
CREATE FUNCTION app.confirm_membership(p_clinic uuid, p_user uuid, p_role text) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM FROM public.users AS u JOIN public.clinics AS c ON c.id = u.clinic_id
    WHERE u.clinic_id = p_clinic AND u.id = p_user AND u.role = p_role AND u.active
      AND c.id = p_clinic AND c.active AND c.subscription_status <> 'suspended';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'membership is no longer current' USING ERRCODE = '28000';
    END IF;
END
$$;
GRANT CREATE ON SCHEMA app TO santkrupa_definer;
ALTER FUNCTION app.confirm_membership(uuid, uuid, text) OWNER TO santkrupa_definer;
REVOKE CREATE ON SCHEMA app FROM santkrupa_definer;
REVOKE ALL ON FUNCTION app.confirm_membership(uuid, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.confirm_membership(uuid, uuid, text) TO santkrupa_app;

-- migrate:down
DROP FUNCTION app.confirm_membership(uuid, uuid, text);
