--liquibase formatted sql

--changeset tileserver:010-notify-changed-boxes splitStatements:false
--comment: A generic statement-level feed of where a table changed: the bounding boxes of the old and
--comment: new geometries a statement touched, so table and function sources retire exactly those tiles.
CREATE FUNCTION notify_changed_boxes() RETURNS trigger LANGUAGE plpgsql AS $$
-- Attach as four AFTER ... FOR EACH STATEMENT triggers (INSERT with NEW TABLE AS new_rows, UPDATE
-- with NEW TABLE AS new_rows and OLD TABLE AS old_rows, DELETE with OLD TABLE AS old_rows, and
-- TRUNCATE), with the arguments (channel, geometry column, most rows per statement).
-- install_tile_feed(table, channel, column) below does exactly that for any table.
--
-- Payloads on the channel, each at most ~7,800 bytes (NOTIFY's limit is 8,000):
--   b:<ms>:<box>;<box>;…   boxes of changed geometries; <box> is west,south,east,north in
--                          units of 1e-7 degree (EPSG:4326), rounded outward and widened by one
--                          unit, so a point on a tile edge touches the tiles on both sides
--   o:<ms>:<count>         overflow: the statement changed more rows than the limit
--   t:<ms>                 the table was truncated
-- <ms> is clock_timestamp() in epoch milliseconds when the statement ended (close to its commit
-- for a short transaction), for the listener's lag metric. An UPDATE counts the old and the new
-- geometry of every row whose text changed, so a no-op UPDATE sends nothing; a row that changed
-- only in a column no tile shows still counts. Geometries without an SRID are taken as EPSG:4326.
-- Notifications are delivered at commit, and a rolled-back statement sends none.
DECLARE
  channel     constant text := TG_ARGV[0];
  geom_column constant text := TG_ARGV[1];
  max_rows    constant integer := coalesce(TG_ARGV[2], '1000')::integer;
  chunk_bytes constant integer := 7700;
  stamp       constant text := floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint::text;
  row_count   bigint;
  changed     text;
  payload     text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify(channel, 't:' || stamp);
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    SELECT count(*) INTO row_count FROM old_rows;
  ELSE
    SELECT count(*) INTO row_count FROM new_rows;
  END IF;
  IF row_count > max_rows THEN
    PERFORM pg_notify(channel, format('o:%s:%s', stamp, row_count));
    RETURN NULL;
  END IF;

  changed := CASE TG_OP
    WHEN 'INSERT' THEN format('SELECT %I::geometry AS g FROM new_rows', geom_column)
    WHEN 'DELETE' THEN format('SELECT %I::geometry AS g FROM old_rows', geom_column)
    -- Rows are compared as text so any column type works (json has no equality).
    ELSE format('SELECT n.%1$I::geometry AS g FROM new_rows n WHERE n::text NOT IN (SELECT o::text FROM old_rows o)'
             || ' UNION ALL'
             || ' SELECT o.%1$I::geometry FROM old_rows o WHERE o::text NOT IN (SELECT n::text FROM new_rows n)',
                geom_column)
  END;

  -- Chunks by running text length, as in notify_changed_ids (changeset 008).
  FOR payload IN EXECUTE format(
      'SELECT ''b:'' || $1 || '':'' || string_agg(box, '';'' ORDER BY box)'
   || '  FROM (SELECT box, sum(length(box) + 1) OVER (ORDER BY box) AS running'
   || '          FROM (SELECT DISTINCT concat_ws('','','
   || '                         floor(ST_XMin(b) * 1e7)::bigint - 1, floor(ST_YMin(b) * 1e7)::bigint - 1,'
   || '                         ceil(ST_XMax(b) * 1e7)::bigint + 1, ceil(ST_YMax(b) * 1e7)::bigint + 1) AS box'
   || '                  FROM (SELECT Box2D(ST_Transform(CASE ST_SRID(g) WHEN 0 THEN ST_SetSRID(g, 4326) ELSE g END,'
   || '                                                 4326)) AS b'
   || '                          FROM (%s) changed WHERE g IS NOT NULL AND NOT ST_IsEmpty(g)) boxes) distinct_boxes'
   || '       ) numbered'
   || ' GROUP BY (running - 1) / $2'
   || ' ORDER BY (running - 1) / $2', changed) USING stamp, chunk_bytes
  LOOP
    PERFORM pg_notify(channel, payload);
  END LOOP;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION notify_changed_boxes() IS
  'Statement-level tile change feed: NOTIFY channel TG_ARGV[0] with the boxes of the geometries (column TG_ARGV[1]) a statement changed; see the body for the payload format.';
--rollback DROP FUNCTION notify_changed_boxes();

--changeset tileserver:010-install-tile-feed splitStatements:false
--comment: One definition of a table's feed, used here and by `tile-server changes install <table>`.
CREATE FUNCTION uninstall_tile_feed(target regclass) RETURNS integer LANGUAGE plpgsql AS $$
-- Drops every notify_changed_boxes trigger of the table; returns how many there were.
DECLARE
  trigger_name name;
  dropped      integer := 0;
BEGIN
  FOR trigger_name IN
    SELECT t.tgname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
     WHERE t.tgrelid = target AND p.proname = 'notify_changed_boxes' AND NOT t.tgisinternal
  LOOP
    EXECUTE format('DROP TRIGGER %I ON %s', trigger_name, target);
    dropped := dropped + 1;
  END LOOP;
  RETURN dropped;
END
$$;
COMMENT ON FUNCTION uninstall_tile_feed(regclass) IS 'Removes the tile change feed (notify_changed_boxes triggers) from a table.';

CREATE FUNCTION install_tile_feed(target regclass, channel text, geom_column text, max_rows integer DEFAULT 1000)
RETURNS void LANGUAGE plpgsql AS $$
-- Replaces the table's feed with the four statement-level triggers notify_changed_boxes needs
-- (tile_changes_insert, _update, _delete, _truncate), so installing twice leaves one feed.
DECLARE
  event      text;
  transition text;
BEGIN
  PERFORM uninstall_tile_feed(target);
  FOR event, transition IN
    VALUES ('insert', 'REFERENCING NEW TABLE AS new_rows'),
           ('update', 'REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows'),
           ('delete', 'REFERENCING OLD TABLE AS old_rows'),
           ('truncate', '')
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER %s ON %s %s FOR EACH STATEMENT'
                   ' EXECUTE FUNCTION notify_changed_boxes(%L, %L, %L)',
                   'tile_changes_' || event, upper(event), target, transition, channel, geom_column, max_rows);
  END LOOP;
END
$$;
COMMENT ON FUNCTION install_tile_feed(regclass, text, text, integer) IS
  'Installs (or replaces) the tile change feed of a table: NOTIFY channel with the boxes of geom_column that statements change.';
--rollback DROP FUNCTION install_tile_feed(regclass, text, text, integer);
--rollback DROP FUNCTION uninstall_tile_feed(regclass);

--changeset tileserver:010-properties-zip-areas-tile-feed
--comment: The listings (served as a table and through properties_mvt) and the ZIP polygons follow their tables.
SELECT install_tile_feed('properties', 'properties_tiles', 'geom');
SELECT install_tile_feed('zip_areas', 'zip_areas_tiles', 'geom');
--rollback SELECT uninstall_tile_feed('zip_areas');
--rollback SELECT uninstall_tile_feed('properties');
