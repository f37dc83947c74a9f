--liquibase formatted sql

--changeset tileserver:007-properties-mvt splitStatements:false
--comment: The listings tile function, served as a function source: properties_mvt(z, x, y, query)
--comment: returns one MVT layer "properties" with the listings in tile z/x/y that pass the filters
--comment: in query (a JSON object of strings, as the server passes URL parameters).
CREATE FUNCTION properties_mvt(z integer, x integer, y integer, query jsonb)
RETURNS bytea
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
-- Filters, each optional (absent, null or empty means "no filter"):
--   minPrice, maxPrice  numbers: price >= minPrice, price <= maxPrice
--   beds, baths         numbers: bedrooms >= beds, bathrooms >= baths
--   type, status        comma lists: property_type / status is one of them
-- A value that is present but not a number raises invalid_parameter_value (22023) naming the
-- parameter, rather than silently serving an unfiltered tile; the server validates declared
-- filters before calling, so only direct callers can meet this error. Unknown keys are ignored.
DECLARE
  number_pattern constant text := '^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?\s*$';
  min_price numeric;
  max_price numeric;
  min_beds  numeric;
  min_baths numeric;
  types     text[];
  statuses  text[];
  tile      bytea;
  name      text;
  raw       text;
BEGIN
  query := coalesce(query, '{}'::jsonb);
  IF jsonb_typeof(query) <> 'object' THEN
    RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
      MESSAGE = format('properties_mvt: query must be a JSON object, was %s', left(query::text, 64));
  END IF;

  -- Number filters: checked against the pattern before the cast, so a bad value is a clear error.
  FOREACH name IN ARRAY ARRAY['minPrice', 'maxPrice', 'beds', 'baths'] LOOP
    raw := nullif(btrim(query ->> name), '');
    CONTINUE WHEN raw IS NULL;
    IF raw !~ number_pattern THEN
      RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
        MESSAGE = format('properties_mvt: query parameter %s must be a number, was %s', name, left(raw, 64));
    END IF;
    CASE name
      WHEN 'minPrice' THEN min_price := raw::numeric;
      WHEN 'maxPrice' THEN max_price := raw::numeric;
      WHEN 'beds' THEN min_beds := raw::numeric;
      ELSE min_baths := raw::numeric;
    END CASE;
  END LOOP;

  -- List filters: comma-separated, items trimmed, empty items dropped; an empty list is no filter.
  SELECT nullif(array_agg(btrim(item)) FILTER (WHERE btrim(item) <> ''), '{}')
    INTO types FROM unnest(string_to_array(query ->> 'type', ',')) AS item;
  SELECT nullif(array_agg(btrim(item)) FILTER (WHERE btrim(item) <> ''), '{}')
    INTO statuses FROM unnest(string_to_array(query ->> 'status', ',')) AS item;

  -- The tile envelope (widened by the 64/4096 buffer) is transformed to the column's SRID, never
  -- the column to 3857, so the GIST index on geom serves the && test. It is clipped to the
  -- Mercator world first: at the antimeridian the margin would reach past 180° and wrap to -180°.
  SELECT ST_AsMVT(mvt_row, 'properties', 4096, 'geom', 'id')
    INTO tile
    FROM (
      SELECT ST_AsMVTGeom(ST_Transform(p.geom, 3857), ST_TileEnvelope(z, x, y), 4096, 64, true) AS geom,
             p.id, p.price, p.bedrooms, p.bathrooms, p.property_type, p.status
        FROM properties p
       WHERE p.geom && ST_Transform(ST_ClipByBox2D(ST_TileEnvelope(z, x, y, margin => (64.0 / 4096)),
                                                   ST_TileEnvelope(0, 0, 0)::box2d), 4326)
         AND (min_price IS NULL OR p.price >= min_price)
         AND (max_price IS NULL OR p.price <= max_price)
         AND (min_beds IS NULL OR p.bedrooms >= min_beds)
         AND (min_baths IS NULL OR p.bathrooms >= min_baths)
         AND (types IS NULL OR p.property_type = ANY (types))
         AND (statuses IS NULL OR p.status = ANY (statuses))
    ) AS mvt_row;
  RETURN tile;
END
$$;
COMMENT ON FUNCTION properties_mvt(integer, integer, integer, jsonb) IS
  'Listings tile (layer properties) filtered by query: minPrice, maxPrice, beds, baths, type, status.';
--rollback DROP FUNCTION properties_mvt(integer, integer, integer, jsonb);
