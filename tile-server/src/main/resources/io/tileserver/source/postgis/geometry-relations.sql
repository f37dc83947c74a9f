-- Every relation with a geometry column, one row per geometry column: the candidates for table
-- sources. geometry_columns covers tables, views and materialized views alike; its srid is 0 when
-- the column has no typmod (then config must name the SRID).
-- Columns: schema, name, kind, description, geometry_column, srid, geometry_type, primary_key.
-- primary_key is the single-column primary key's name when that column is an integer (the MVT
-- feature id must be an integer); null otherwise. System schemas are left out.
SELECT g.f_table_schema::text                      AS schema,
       g.f_table_name::text                        AS name,
       CASE c.relkind WHEN 'v' THEN 'view'
                      WHEN 'm' THEN 'materialized view'
                      ELSE 'table' END             AS kind,
       obj_description(c.oid, 'pg_class')          AS description,
       g.f_geometry_column::text                   AS geometry_column,
       g.srid                                      AS srid,
       g.type::text                                AS geometry_type,
       (SELECT a.attname::text
          FROM pg_index i
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
         WHERE i.indrelid = c.oid AND i.indisprimary AND i.indnatts = 1
           AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)) AS primary_key
FROM geometry_columns g
JOIN pg_namespace n ON n.nspname = g.f_table_schema
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = g.f_table_name
WHERE g.f_table_schema NOT IN ('pg_catalog', 'information_schema', 'topology', 'tiger')
ORDER BY 1, 2, 5
