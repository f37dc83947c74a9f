--liquibase formatted sql

--changeset tileserver:008-change-feed-deletions
--comment: Every deleted row's id, kept for a while, so a listener that missed notifications (overflow,
--comment: dropped connection) can still learn of deletes: an updated_at watermark cannot see them.
CREATE TABLE change_feed_deletions (
  channel    text        NOT NULL,
  id         bigint      NOT NULL,
  deleted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_feed_deletions_channel_deleted_at_idx ON change_feed_deletions (channel, deleted_at);
COMMENT ON TABLE change_feed_deletions IS
  'Ids deleted from tables that publish a change feed; listeners read it after missing notifications and purge old rows.';
--rollback DROP TABLE change_feed_deletions;

--changeset tileserver:008-notify-changed-ids splitStatements:false
--comment: A generic statement-level change feed: NOTIFY the ids a statement changed, batched.
CREATE FUNCTION notify_changed_ids() RETURNS trigger LANGUAGE plpgsql AS $$
-- Attach as three AFTER ... FOR EACH STATEMENT triggers (INSERT with NEW TABLE AS new_rows, UPDATE
-- with NEW TABLE AS new_rows and OLD TABLE AS old_rows, DELETE with OLD TABLE AS old_rows), with the
-- arguments (channel, id column, most ids per statement). The id column must hold integers.
--
-- Payloads on the channel, each at most ~7,900 bytes (NOTIFY's limit is 8,000):
--   i:<ids>          rows inserted
--   u:<ids>          rows updated whose content changed (a no-op UPDATE sends nothing)
--   d:<ids>          rows deleted
--   o:<op>:<count>   overflow: the statement changed more rows than the limit (op i, u or d)
-- <ids> is a comma list of decimal ids in ascending order; a statement's ids are split over as
-- many notifications as needed. Notifications are delivered at commit, in commit order, and a
-- rolled-back statement sends none. A listener re-reads the rows by id (the current row wins, so
-- the order of notifications does not matter); a deleted row cannot be re-read, so its id is
-- also logged in change_feed_deletions. On o:… the listener polls instead: updated_at for inserts
-- and updates, change_feed_deletions for deletes. Sending hundreds of notifications for a bulk
-- statement would cost more than the listener's poll, hence the limit.
DECLARE
  channel     constant text := TG_ARGV[0];
  id_column   constant text := TG_ARGV[1];
  max_ids     constant integer := coalesce(TG_ARGV[2], '5000')::integer;
  op          constant text := CASE TG_OP WHEN 'INSERT' THEN 'i' WHEN 'UPDATE' THEN 'u' ELSE 'd' END;
  chunk_bytes constant integer := 7800;
  row_count   bigint;
  changed     bigint[];
  payload     text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    EXECUTE format('INSERT INTO change_feed_deletions (channel, id) SELECT $1, %I FROM old_rows', id_column)
      USING channel;
    SELECT count(*) INTO row_count FROM old_rows;
  ELSE
    SELECT count(*) INTO row_count FROM new_rows;
  END IF;
  IF row_count > max_ids THEN
    PERFORM pg_notify(channel, format('o:%s:%s', op, row_count));
    RETURN NULL;
  END IF;

  CASE TG_OP
    WHEN 'INSERT' THEN
      EXECUTE format('SELECT array_agg(%I ORDER BY %I) FROM new_rows', id_column, id_column) INTO changed;
    WHEN 'UPDATE' THEN
      -- Compared as text so any column type works; a row whose key changed counts as both ids.
      EXECUTE format('SELECT array_agg(DISTINCT k) FROM ('
          || ' SELECT n.%1$I AS k FROM new_rows n LEFT JOIN old_rows o ON o.%1$I = n.%1$I'
          || '  WHERE o.%1$I IS NULL OR n::text IS DISTINCT FROM o::text'
          || ' UNION ALL SELECT o.%1$I FROM old_rows o LEFT JOIN new_rows n ON n.%1$I = o.%1$I'
          || '  WHERE n.%1$I IS NULL) changed', id_column) INTO changed;
    ELSE
      EXECUTE format('SELECT array_agg(%I ORDER BY %I) FROM old_rows', id_column, id_column) INTO changed;
  END CASE;

  -- Chunks by running text length: every chunk's ids plus commas stay within chunk_bytes + one id.
  FOR payload IN
    SELECT op || ':' || string_agg(id::text, ',' ORDER BY id)
      FROM (SELECT id, sum(length(id::text) + 1) OVER (ORDER BY id) AS running
              FROM unnest(changed) AS id) numbered
     GROUP BY (running - 1) / chunk_bytes
     ORDER BY (running - 1) / chunk_bytes
  LOOP
    PERFORM pg_notify(channel, payload);
  END LOOP;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION notify_changed_ids() IS
  'Statement-level change feed: NOTIFY channel TG_ARGV[0] with the ids (column TG_ARGV[1]) a statement changed; see the body for the payload format.';
--rollback DROP FUNCTION notify_changed_ids();

--changeset tileserver:008-properties-change-feed
--comment: The listings publish their changes on properties_changed; the cluster index follows them.
CREATE TRIGGER properties_notify_insert AFTER INSERT ON properties
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_changed_ids('properties_changed', 'id', '5000');
CREATE TRIGGER properties_notify_update AFTER UPDATE ON properties
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_changed_ids('properties_changed', 'id', '5000');
CREATE TRIGGER properties_notify_delete AFTER DELETE ON properties
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_changed_ids('properties_changed', 'id', '5000');
--rollback DROP TRIGGER properties_notify_delete ON properties;
--rollback DROP TRIGGER properties_notify_update ON properties;
--rollback DROP TRIGGER properties_notify_insert ON properties;
