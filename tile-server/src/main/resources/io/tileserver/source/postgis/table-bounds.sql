-- Bounds for TileJSON, step 1 of 2: the planner's estimate, read from the column's statistics in
-- constant time. ST_EstimatedExtent warns and returns NULL when there are no statistics (never
-- analysed, or a view); pg_stats is checked first so that case is a quiet NULL, and step 2
-- (ST_Extent over the rows, see TableBounds) takes over.
-- The box is transformed from the column's SRID ($4) to WGS84 as a polygon so that its corners
-- move with the projection, then measured again.
-- Parameters: $1 schema, $2 table, $3 geometry column, $4 SRID.
SELECT ST_XMin(b) AS west, ST_YMin(b) AS south, ST_XMax(b) AS east, ST_YMax(b) AS north
FROM (SELECT ST_Transform(ST_SetSRID(e::geometry, $4::int4), 4326) AS b
        FROM (SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_stats s
                                        WHERE s.schemaname = $1::text AND s.tablename = $2::text
                                          AND s.attname = $3::text)
                          THEN ST_EstimatedExtent($1::text, $2::text, $3::text) END AS e) est
       WHERE e IS NOT NULL) box
