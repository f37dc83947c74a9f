--liquibase formatted sql

--changeset tileserver:003-properties-geom-trigger splitStatements:false
--comment: geom follows latitude/longitude; a row without both coordinates gets a NULL geom, never an error.
CREATE FUNCTION properties_sync_geom() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.latitude IS NULL OR NEW.longitude IS NULL THEN
    NEW.geom := NULL;
  ELSE
    NEW.geom := ST_SetSRID(ST_MakePoint(NEW.longitude, NEW.latitude), 4326);
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER properties_sync_geom
  BEFORE INSERT OR UPDATE OF latitude, longitude, geom ON properties
  FOR EACH ROW EXECUTE FUNCTION properties_sync_geom();
--rollback DROP TRIGGER properties_sync_geom ON properties;
--rollback DROP FUNCTION properties_sync_geom();

--changeset tileserver:003-properties-updated-at-trigger splitStatements:false
--comment: updated_at moves only when a row really changes, so a scraper re-writing identical rows
--comment: does not make every listing look fresh (the cluster index and caches key off it).
CREATE FUNCTION properties_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW IS DISTINCT FROM OLD THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER properties_touch_updated_at
  BEFORE UPDATE ON properties
  FOR EACH ROW EXECUTE FUNCTION properties_touch_updated_at();
--rollback DROP TRIGGER properties_touch_updated_at ON properties;
--rollback DROP FUNCTION properties_touch_updated_at();
