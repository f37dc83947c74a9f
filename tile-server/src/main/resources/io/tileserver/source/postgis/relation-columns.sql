-- The columns of every relation that has a geometry or geography column, in table order, with the name of the
-- type (a domain reports its base type), so discovery can tell which become tile attributes.
-- Columns: schema, name, column_name, type.
SELECT n.nspname::text  AS schema,
       c.relname::text  AS name,
       a.attname::text  AS column_name,
       CASE WHEN t.typtype = 'd' THEN bt.typname ELSE t.typname END::text AS type
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
WHERE a.attnum > 0 AND NOT a.attisdropped
  AND (EXISTS (SELECT 1 FROM geometry_columns g
                WHERE g.f_table_schema = n.nspname AND g.f_table_name = c.relname)
       OR EXISTS (SELECT 1 FROM geography_columns g
                   WHERE g.f_table_schema = n.nspname AND g.f_table_name = c.relname))
ORDER BY n.nspname, c.relname, a.attnum
