--liquibase formatted sql

--changeset tileserver:001-extensions
--comment: PostGIS for geometry, btree_gist for composite (geom, price) GIST indexes.
-- Extensions are database-wide and often installed by a DBA (the local services script puts them in
-- template1); IF NOT EXISTS makes this a no-op then, and rollback leaves them for other schemas.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS btree_gist;
--rollback SELECT 1;
