--liquibase formatted sql

--changeset tileserver:006-property-geom-health
--comment: How many listings can be drawn: rows without coordinates have no geometry.
CREATE VIEW property_geom_health AS
SELECT count(*)                                                  AS total,
       count(geom)                                               AS with_geometry,
       round(100.0 * count(geom) / greatest(count(*), 1), 2)     AS coverage_pct
FROM properties;
--rollback DROP VIEW property_geom_health;

--changeset tileserver:006-city-stats
--comment: Per-city figures for dashboards and labels. The unique index on (city, state) is what
--comment: REFRESH MATERIALIZED VIEW CONCURRENTLY needs, so a refresh never blocks readers.
CREATE MATERIALIZED VIEW city_stats AS
SELECT city,
       coalesce(state, '')                                         AS state,
       count(*)                                                    AS listing_count,
       count(*) FILTER (WHERE status = 'active')                   AS active_count,
       round(avg(price))::bigint                                   AS avg_price,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY price)::bigint  AS median_price,
       min(price)                                                  AS min_price,
       max(price)                                                  AS max_price,
       ST_Centroid(ST_Collect(geom))::geometry(Point, 4326)        AS centre
FROM properties
WHERE city IS NOT NULL
GROUP BY city, coalesce(state, '');
CREATE UNIQUE INDEX city_stats_city_state_idx ON city_stats (city, state);
--rollback DROP MATERIALIZED VIEW city_stats;
