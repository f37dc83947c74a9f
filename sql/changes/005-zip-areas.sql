--liquibase formatted sql

--changeset tileserver:005-zip-areas
--comment: The ZIP boundary layer drawn beside the listings.
CREATE TABLE zip_areas (
  zip  text PRIMARY KEY,
  name text,
  geom geometry(MultiPolygon, 4326) NOT NULL
);
CREATE INDEX zip_areas_geom_idx ON zip_areas USING gist (geom);
COMMENT ON TABLE zip_areas IS 'ZIP code areas (boundary layer).';
--rollback DROP TABLE zip_areas;
