--liquibase formatted sql

--changeset tileserver:004-properties-indexes
--comment: Tile queries test geom && envelope; the composite GIST indexes (btree_gist) let a
--comment: filtered tile use one index scan; most maps show active listings, hence the partial index.
CREATE INDEX properties_geom_idx ON properties USING gist (geom);
CREATE INDEX properties_geom_price_idx ON properties USING gist (geom, price);
CREATE INDEX properties_geom_bedrooms_idx ON properties USING gist (geom, bedrooms);
CREATE INDEX properties_active_geom_idx ON properties USING gist (geom) WHERE status = 'active';
CREATE INDEX properties_updated_at_idx ON properties (updated_at);
--rollback DROP INDEX properties_updated_at_idx;
--rollback DROP INDEX properties_active_geom_idx;
--rollback DROP INDEX properties_geom_bedrooms_idx;
--rollback DROP INDEX properties_geom_price_idx;
--rollback DROP INDEX properties_geom_idx;
