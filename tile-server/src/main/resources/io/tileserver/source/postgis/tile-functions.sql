-- Functions that can serve tiles, Martin-style: f(z integer, x integer, y integer) returning bytea,
-- or f(z, x, y, query json|jsonb) returning bytea, where query carries the URL's filter parameters.
-- Argument names do not matter, only types and order. System schemas are left out.
-- Columns: schema, name, query_type (null, 'json' or 'jsonb'), description.
SELECT n.nspname::text                                        AS schema,
       p.proname::text                                        AS name,
       CASE WHEN p.pronargs = 4 THEN format_type(p.proargtypes[3], NULL) END AS query_type,
       obj_description(p.oid, 'pg_proc')                      AS description
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind = 'f'
  AND p.prorettype = 'bytea'::regtype
  AND NOT p.proretset
  AND p.pronargs IN (3, 4)
  AND p.proargtypes[0] = 'int4'::regtype
  AND p.proargtypes[1] = 'int4'::regtype
  AND p.proargtypes[2] = 'int4'::regtype
  AND (p.pronargs = 3 OR p.proargtypes[3] IN ('json'::regtype, 'jsonb'::regtype))
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'topology', 'tiger')
ORDER BY 1, 2, p.pronargs DESC
