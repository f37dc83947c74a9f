--liquibase formatted sql

--changeset tileserver:010-notify-changed-boxes splitStatements:false
--comment: A generic statement-level feed of where a table changed: the bounding boxes of the old and
--comment: new geometries a statement touched, so table and function sources retire exactly those tiles.
CREATE FUNCTION notify_changed_boxes() RETURNS trigger LANGUAGE plpgsql AS $$
-- Attach as four AFTER ... FOR EACH STATEMENT triggers (INSERT with NEW TABLE AS new_rows, UPDATE
-- with NEW TABLE AS new_rows and OLD TABLE AS old_rows, DELETE with OLD TABLE AS old_rows, and
-- TRUNCATE), with the arguments (channel, geometry column, most rows per statement).
-- `tile-server changes install <table>` does exactly that for any table.
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

--changeset tileserver:010-properties-tile-feed
--comment: The listings table source (and properties_mvt, which reads it) follow properties_tiles.
CREATE TRIGGER properties_tiles_insert AFTER INSERT ON properties
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_changed_boxes('properties_tiles', 'geom', '1000');
CREATE TRIGGER properties_tiles_update AFTER UPDATE ON properties
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_changed_boxes('properties_tiles', 'geom', '1000');
CREATE TRIGGER properties_tiles_delete AFTER DELETE ON properties
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_changed_boxes('properties_tiles', 'geom', '1000');
CREATE TRIGGER properties_tiles_truncate AFTER TRUNCATE ON properties
  FOR EACH STATEMENT EXECUTE FUNCTION notify_changed_boxes('properties_tiles', 'geom', '1000');
--rollback DROP TRIGGER properties_tiles_truncate ON properties;
--rollback DROP TRIGGER properties_tiles_delete ON properties;
--rollback DROP TRIGGER properties_tiles_update ON properties;
--rollback DROP TRIGGER properties_tiles_insert ON properties;

--changeset tileserver:010-zip-areas-tile-feed
--comment: The ZIP polygons follow zip_areas_tiles.
CREATE TRIGGER zip_areas_tiles_insert AFTER INSERT ON zip_areas
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_changed_boxes('zip_areas_tiles', 'geom', '1000');
CREATE TRIGGER zip_areas_tiles_update AFTER UPDATE ON zip_areas
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_changed_boxes('zip_areas_tiles', 'geom', '1000');
CREATE TRIGGER zip_areas_tiles_delete AFTER DELETE ON zip_areas
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_changed_boxes('zip_areas_tiles', 'geom', '1000');
CREATE TRIGGER zip_areas_tiles_truncate AFTER TRUNCATE ON zip_areas
  FOR EACH STATEMENT EXECUTE FUNCTION notify_changed_boxes('zip_areas_tiles', 'geom', '1000');
--rollback DROP TRIGGER zip_areas_tiles_truncate ON zip_areas;
--rollback DROP TRIGGER zip_areas_tiles_delete ON zip_areas;
--rollback DROP TRIGGER zip_areas_tiles_update ON zip_areas;
--rollback DROP TRIGGER zip_areas_tiles_insert ON zip_areas;
