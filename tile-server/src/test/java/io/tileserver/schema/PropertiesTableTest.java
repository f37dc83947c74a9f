package io.tileserver.schema;

import static io.tileserver.testing.TestSql.count;
import static io.tileserver.testing.TestSql.execute;
import static io.tileserver.testing.TestSql.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.testing.TestServices;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PropertiesTableTest {
  private static DatabaseUrl db;

  @BeforeAll
  static void migrate() {
    db = TestServices.freshDatabase("properties_table");
    new SchemaMigrator(db).update();
  }

  private static void insert(String externalId, String lat, String lon) throws SQLException {
    execute(db, "INSERT INTO properties (external_id, latitude, longitude, price, property_type)"
        + " VALUES ('" + externalId + "', " + lat + ", " + lon + ", 100000, 'house')");
  }

  private static boolean geomMatchesCoordinates(String externalId) throws SQLException {
    return (Boolean) scalar(db, "SELECT geom IS NOT NULL AND ST_Equals(geom,"
        + " ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)) AND ST_SRID(geom) = 4326"
        + " FROM properties WHERE external_id = '" + externalId + "'");
  }

  @Test
  void insertedCoordinatesBecomeTheGeometry() throws SQLException {
    insert("geom-insert", "47.6062", "-122.3321");
    assertThat(geomMatchesCoordinates("geom-insert")).isTrue();
  }

  @Test
  void updatedCoordinatesMoveTheGeometry() throws SQLException {
    insert("geom-update", "40.0", "-100.0");
    execute(db, "UPDATE properties SET latitude = 41.5, longitude = -99.25 WHERE external_id = 'geom-update'");
    assertThat(geomMatchesCoordinates("geom-update")).isTrue();
    assertThat(scalar(db, "SELECT ST_AsText(geom) FROM properties WHERE external_id = 'geom-update'"))
        .isEqualTo("POINT(-99.25 41.5)");
  }

  @Test
  void writingTheGeometryDirectlyCannotDesyncItFromTheCoordinates() throws SQLException {
    insert("geom-direct", "10.0", "20.0");
    execute(db, "UPDATE properties SET geom = ST_SetSRID(ST_MakePoint(0, 0), 4326) WHERE external_id = 'geom-direct'");
    assertThat(geomMatchesCoordinates("geom-direct")).isTrue();
  }

  @Test
  void missingCoordinatesGiveANullGeometryNotAnError() throws SQLException {
    insert("geom-null-both", "NULL", "NULL");
    insert("geom-null-lat", "NULL", "12.5");
    execute(db, "UPDATE properties SET latitude = NULL WHERE external_id = 'geom-null-lat'");
    assertThat(count(db, "SELECT count(*) FROM properties"
        + " WHERE external_id IN ('geom-null-both', 'geom-null-lat') AND geom IS NULL")).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0} is refused by {1}")
  @CsvSource(delimiter = '|', value = {
    "latitude = 91                  | latitude_must_be_between_minus_90_and_90",
    "longitude = -180.5             | longitude_must_be_between_minus_180_and_180",
    "price = -1                     | price_must_be_at_least_0",
    "bedrooms = 51                  | bedrooms_must_be_0_to_50",
    "status = 'rented'              | status_must_be_active_pending_or_sold",
    "property_type = 'castle'       | property_type_must_be_house_condo_townhouse_apartment_or_land"
  })
  void outOfRangeValuesAreRefusedWithAConstraintNamedForTheRule(String assignment, String constraint)
      throws SQLException {
    String id = "bad-" + constraint;
    insert(id, "1", "1");
    assertThatThrownBy(() -> execute(db, "UPDATE properties SET " + assignment + " WHERE external_id = '" + id + "'"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("violates check constraint \"" + constraint + "\"");
  }

  @Test
  void updatedAtMovesOnlyWhenARowReallyChanges() throws SQLException {
    insert("touch", "1", "2");
    String updatedAt = "SELECT updated_at::text FROM properties WHERE external_id = 'touch'";
    Object inserted = scalar(db, updatedAt);
    execute(db, "UPDATE properties SET price = price WHERE external_id = 'touch'");
    assertThat(scalar(db, updatedAt)).isEqualTo(inserted);
    execute(db, "UPDATE properties SET price = price + 1 WHERE external_id = 'touch'");
    assertThat(scalar(db, updatedAt)).isNotEqualTo(inserted);
  }

  @Test
  void cityStatsRefreshConcurrentlyAndGeometryHealthCountsRows() throws SQLException {
    execute(db, "INSERT INTO properties (external_id, city, state, latitude, longitude, price, property_type)"
        + " VALUES ('city-1', 'Springfield', 'IL', 39.78, -89.65, 200000, 'house'),"
        + " ('city-2', 'Springfield', 'IL', 39.80, -89.64, 400000, 'condo')");
    execute(db, "REFRESH MATERIALIZED VIEW CONCURRENTLY city_stats");
    assertThat(scalar(db, "SELECT median_price FROM city_stats WHERE city = 'Springfield'")).isEqualTo(300000L);
    assertThat(scalar(db, "SELECT (total, with_geometry) = ((SELECT count(*) FROM properties),"
        + " (SELECT count(geom) FROM properties)) FROM property_geom_health")).isEqualTo(true);
  }
}
