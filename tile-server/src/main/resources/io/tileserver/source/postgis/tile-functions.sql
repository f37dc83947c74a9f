-- Functions that can serve tiles, in every form Martin documents: f(z integer, x integer, y integer)
-- or f(z, x, y, query json|jsonb), where query carries the URL's filter parameters, returning the
-- tile as bytea, as the one column of a record or table (OUT or RETURNS TABLE), or as a record or
-- table of (bytea, text), the text being the tile's key. Argument names do not matter, only types
-- and order. System schemas are left out.
-- Columns: schema, name, query_type (null, 'json' or 'jsonb'), description, in_from_clause (true
-- when the result is read as a row source: a set, or a record of two columns).
-- Sorted byte by byte (COLLATE "C"), as Martin sorts them, whatever the database's collation.
SELECT n.nspname::text                                        AS schema,
       p.proname::text                                        AS name,
       CASE WHEN p.pronargs = 4 THEN format_type(p.proargtypes[3], NULL) END AS query_type,
       obj_description(p.oid, 'pg_proc')                      AS description,
       p.proretset OR p.prorettype = 'record'::regtype        AS in_from_clause
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind = 'f'
  AND (p.prorettype = 'bytea'::regtype
       OR (p.prorettype = 'record'::regtype
           AND ARRAY(SELECT a.type FROM unnest(p.proallargtypes, p.proargmodes) WITH ORDINALITY AS a(type, mode, i)
                      WHERE a.mode IN ('o', 't') ORDER BY a.i)
               = ARRAY['bytea'::regtype, 'text'::regtype]::oid[]))
  AND p.pronargs IN (3, 4)
  AND p.proargtypes[0] = 'int4'::regtype
  AND p.proargtypes[1] = 'int4'::regtype
  AND p.proargtypes[2] = 'int4'::regtype
  AND (p.pronargs = 3 OR p.proargtypes[3] IN ('json'::regtype, 'jsonb'::regtype))
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'topology', 'tiger')
ORDER BY n.nspname::text COLLATE "C", p.proname::text COLLATE "C", p.pronargs DESC
