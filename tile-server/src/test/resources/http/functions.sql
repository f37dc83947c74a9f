-- Function sources for the HTTP tests (TileServerHttpTest): each exercises one failure or cache path.
-- Regenerate: nothing to regenerate; the test runs this file against its own database.

-- Sleeps past the test's statement timeout: the server must cancel it and answer 503.
CREATE FUNCTION slow_tile(z integer, x integer, y integer) RETURNS bytea
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_sleep(3);
  RETURN NULL;
END
$$;

-- Counts its calls, so a test can prove that concurrent misses cause one query.
CREATE TABLE tile_calls (n integer NOT NULL);
INSERT INTO tile_calls VALUES (0);
CREATE FUNCTION counted_tile(z integer, x integer, y integer) RETURNS bytea
LANGUAGE plpgsql AS $$
DECLARE
  tile bytea;
BEGIN
  UPDATE tile_calls SET n = n + 1;
  PERFORM pg_sleep(0.3);
  SELECT ST_AsMVT(q, 'counted') INTO tile
  FROM (SELECT ST_AsMVTGeom(ST_Transform(ST_TileEnvelope(z, x, y), 3857), ST_TileEnvelope(z, x, y)) AS geom) q;
  RETURN tile;
END
$$;

-- Fails with a message that must never reach a client.
CREATE FUNCTION broken_tile(z integer, x integer, y integer) RETURNS bytea
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'secret internal detail from broken_tile: password=hunter2';
END
$$;
