--liquibase formatted sql

--changeset tileserver:009-notify-truncated splitStatements:false
--comment: TRUNCATE fires no row or DELETE triggers, so the change feed announces it on its own.
CREATE FUNCTION notify_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
-- Attach as an AFTER TRUNCATE ... FOR EACH STATEMENT trigger with the argument (channel). Sends the
-- payload 't:' on the channel at commit: every row the listener holds is gone. A listener re-reads
-- all of its ids (the ones that are back by then are kept); rows inserted afterwards arrive as
-- usual (notify_changed_ids in changeset 008).
BEGIN
  PERFORM pg_notify(TG_ARGV[0], 't:');
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION notify_truncated() IS
  'Statement-level change feed: NOTIFY channel TG_ARGV[0] with t: when the table is truncated.';
--rollback DROP FUNCTION notify_truncated();

--changeset tileserver:009-properties-truncate-feed
--comment: The cluster index follows a TRUNCATE of the listings too.
CREATE TRIGGER properties_notify_truncate AFTER TRUNCATE ON properties
  FOR EACH STATEMENT EXECUTE FUNCTION notify_truncated('properties_changed');
--rollback DROP TRIGGER properties_notify_truncate ON properties;
