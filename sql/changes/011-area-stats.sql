--liquibase formatted sql

--changeset tileserver:011-zip-stats
--comment: Listings per ZIP polygon (a listing counts where it lies, not by its scraped zip text), for
--comment: the area statistics API and for shading ZIP areas by median price. The unique index on zip
--comment: is what REFRESH MATERIALIZED VIEW CONCURRENTLY needs. ZIP areas without listings have a row
--comment: with zero counts and NULL prices.
CREATE MATERIALIZED VIEW zip_stats AS
SELECT z.zip,
       count(p.id)                                                         AS listing_count,
       count(p.id) FILTER (WHERE p.status = 'active')                      AS active_count,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY p.price)                AS median_price,
       round(avg(p.price))::bigint                                         AS avg_price,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY p.price::double precision / nullif(p.sqft, 0))
                                                                           AS median_price_per_sqft
FROM zip_areas z
LEFT JOIN properties p ON ST_Intersects(z.geom, p.geom)
GROUP BY z.zip;
CREATE UNIQUE INDEX zip_stats_zip_idx ON zip_stats (zip);
--rollback DROP MATERIALIZED VIEW zip_stats;

--changeset tileserver:011-zip-price-areas
--comment: ZIP polygons with their statistics: a table source the map shades by median price.
CREATE VIEW zip_price_areas AS
SELECT z.zip, z.name, s.listing_count, s.median_price, s.median_price_per_sqft, z.geom
FROM zip_areas z LEFT JOIN zip_stats s USING (zip);
--rollback DROP VIEW zip_price_areas;

--changeset tileserver:011-stats-refreshes
--comment: When each statistics view was last refreshed, by any instance: the age every answer carries.
--comment: city_stats is refreshed here so that its first recorded time is true (zip_stats was just made).
CREATE TABLE stats_refreshes (
  view_name    text PRIMARY KEY,
  refreshed_at timestamptz NOT NULL
);
REFRESH MATERIALIZED VIEW city_stats;
INSERT INTO stats_refreshes VALUES ('city_stats', now()), ('zip_stats', now());
--rollback DROP TABLE stats_refreshes;
