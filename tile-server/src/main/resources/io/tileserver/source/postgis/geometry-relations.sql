-- Every relation with a geometry or geography column, one row per such column: the candidates for
-- table sources. geometry_columns and geography_columns cover tables, views and materialized views
-- alike; srid is 0 when the column has no typmod (then config or database.default-srid names the
-- SRID of a geometry column; a geography column is in 4326 unless it says otherwise).
-- Columns: schema, name, kind, description, geometry_column, srid, geometry_type, primary_key,
-- geography (true for a geography column).
-- primary_key is the single-column primary key's name when that column is an integer (the MVT
-- feature id must be an integer); null otherwise. System schemas are left out.
-- Rows come sorted byte by byte (COLLATE "C"), as Martin sorts them, whatever the database's
-- collation: the order decides which of two tables whose ids collide gets the ".1".
WITH spatial_columns AS (
  SELECT f_table_schema, f_table_name, f_geometry_column AS f_column, srid, type, false AS geography
    FROM geometry_columns
  UNION ALL
  SELECT f_table_schema, f_table_name, f_geography_column, srid, type, true
    FROM geography_columns
)
SELECT g.f_table_schema::text                      AS schema,
       g.f_table_name::text                        AS name,
       CASE c.relkind WHEN 'v' THEN 'view'
                      WHEN 'm' THEN 'materialized view'
                      ELSE 'table' END             AS kind,
       obj_description(c.oid, 'pg_class')          AS description,
       g.f_column::text                            AS geometry_column,
       g.srid                                      AS srid,
       g.type::text                                AS geometry_type,
       (SELECT a.attname::text
          FROM pg_index i
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
         WHERE i.indrelid = c.oid AND i.indisprimary AND i.indnatts = 1
           AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)) AS primary_key,
       g.geography                                 AS geography
FROM spatial_columns g
JOIN pg_namespace n ON n.nspname = g.f_table_schema
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = g.f_table_name
WHERE g.f_table_schema NOT IN ('pg_catalog', 'information_schema', 'topology', 'tiger')
ORDER BY g.f_table_schema::text COLLATE "C", g.f_table_name::text COLLATE "C", g.f_column::text COLLATE "C"
