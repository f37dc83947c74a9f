package io.tileserver.source.changes;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.testing.Notifications;
import io.tileserver.testing.TestServices;
import io.tileserver.tile.Bounds;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tile change feed (sql/changes/010) on properties and zip_areas, as a listener sees it. */
class TileChangeFeedTriggerTest {
  private static DatabaseUrl db;
  private static Connection listener;
  private static Connection writer;

  @BeforeAll
  static void migrate() throws SQLException {
    db = TestServices.freshDatabase("tile_feed");
    new SchemaMigrator(db).update();
    listener = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
    writer = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
    try (Statement st = listener.createStatement()) {
      st.execute("LISTEN properties_tiles");
      st.execute("LISTEN zip_areas_tiles");
    }
  }

  @AfterAll
  static void close() throws SQLException {
    listener.close();
    writer.close();
  }

  @BeforeEach
  void drain() throws SQLException {
    sql("TRUNCATE properties");
    payloads();
  }

  private static void sql(String statement) throws SQLException {
    try (Statement st = writer.createStatement()) {
      st.execute(statement);
    }
  }

  private static List<String> payloads() throws SQLException {
    return Notifications.drain(listener).stream().map(n -> n.getName() + " " + n.getParameter()).toList();
  }

  private static String listing(long id, double lon, double lat) {
    return "(" + id + ", 'tile-feed-" + id + "', " + lat + ", " + lon + ", 500000, 'house')";
  }

  private static void insert(String... rows) throws SQLException {
    sql("INSERT INTO properties (id, external_id, latitude, longitude, price, property_type) VALUES "
        + String.join(", ", rows));
  }

  /** The boxes of one b: payload on properties_tiles. */
  private static List<Bounds> boxes(String notification) {
    assertThat(notification).startsWith("properties_tiles b:");
    return TileChangeNotice.parse(notification.substring("properties_tiles ".length())).boxes();
  }

  private static boolean around(Bounds box, double lon, double lat) {
    return box.west() < lon && lon < box.east() && box.south() < lat && lat < box.north()
        && box.east() - box.west() < 1e-6 && box.north() - box.south() < 1e-6;
  }

  @Test
  void insertsUpdatesAndDeletesSendTheBoxesOfTheOldAndNewGeometries() throws SQLException {
    insert(listing(1, -73.9, 40.7), listing(2, -73.95, 40.75));
    List<String> inserted = payloads();
    assertThat(inserted).hasSize(1);
    assertThat(boxes(inserted.get(0))).hasSize(2)
        .anySatisfy(b -> assertThat(around(b, -73.9, 40.7)).isTrue())
        .anySatisfy(b -> assertThat(around(b, -73.95, 40.75)).isTrue());

    sql("UPDATE properties SET price = price + 1 WHERE id = 1");
    List<String> priced = payloads();
    assertThat(priced).hasSize(1);
    assertThat(boxes(priced.get(0))).singleElement().satisfies(b -> assertThat(around(b, -73.9, 40.7)).isTrue());

    sql("UPDATE properties SET latitude = 41.0, longitude = -74.2 WHERE id = 1");
    List<String> moved = payloads();
    assertThat(moved).hasSize(1);
    assertThat(boxes(moved.get(0))).hasSize(2)
        .anySatisfy(b -> assertThat(around(b, -73.9, 40.7)).isTrue())
        .anySatisfy(b -> assertThat(around(b, -74.2, 41.0)).isTrue());

    sql("DELETE FROM properties WHERE id = 2");
    List<String> deleted = payloads();
    assertThat(deleted).hasSize(1);
    assertThat(boxes(deleted.get(0))).singleElement().satisfies(b -> assertThat(around(b, -73.95, 40.75)).isTrue());
    assertThat(deleted.get(0)).matches("properties_tiles b:\\d{13}:.*");
  }

  @Test
  void aNoOpUpdateAndARolledBackStatementSendNothing() throws SQLException {
    insert(listing(3, 10, 10));
    payloads();
    sql("UPDATE properties SET price = price WHERE id = 3");
    sql("BEGIN; UPDATE properties SET price = 1 WHERE id = 3; ROLLBACK");
    assertThat(payloads()).isEmpty();
  }

  @Test
  void manyRowsAreSplitUnderNotifysLimitAndPastTheRowLimitOverflow() throws SQLException {
    sql("INSERT INTO properties (id, external_id, latitude, longitude, price, property_type)"
        + " SELECT g, 'bulk-' || g, 40 + g * 0.001, -74 - g * 0.001, 1, 'land' FROM generate_series(1, 1000) g");
    List<String> split = payloads();
    assertThat(split.size()).isGreaterThan(1);
    assertThat(split).allSatisfy(p -> assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThan(8000));
    assertThat(split.stream().mapToInt(p -> boxes(p).size()).sum()).isEqualTo(1000);

    sql("UPDATE properties SET price = 2");
    assertThat(payloads().stream().mapToInt(p -> boxes(p).size()).sum())
        .as("a row whose geometry did not move sends its box once").isEqualTo(1000);
    sql("INSERT INTO properties (id, external_id, latitude, longitude, price, property_type)"
        + " SELECT g, 'bulk-' || g, 40, -74, 1, 'land' FROM generate_series(1001, 2001) g");
    assertThat(payloads()).singleElement().satisfies(p -> assertThat(p).matches("properties_tiles o:\\d{13}:1001"));
  }

  @Test
  void truncateIsAnnounced() throws SQLException {
    insert(listing(4, 1, 1));
    payloads();
    sql("TRUNCATE properties");
    assertThat(payloads()).singleElement().satisfies(p -> assertThat(p).matches("properties_tiles t:\\d{13}"));
  }

  @Test
  void aPolygonEditSendsItsOldAndNewBoxesOnItsOwnChannel() throws SQLException {
    sql("INSERT INTO zip_areas VALUES ('z1', 'z', ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 4326)))");
    payloads();
    sql("UPDATE zip_areas SET geom = ST_Multi(ST_Translate(geom, 2, 0)) WHERE zip = 'z1'");
    List<String> edited = payloads();
    assertThat(edited).singleElement().satisfies(p -> assertThat(p).startsWith("zip_areas_tiles b:"));
    List<Bounds> boxes = TileChangeNotice.parse(edited.get(0).substring("zip_areas_tiles ".length())).boxes();
    assertThat(boxes).containsExactlyInAnyOrder(new Bounds(-0.0000001, -0.0000001, 1.0000001, 1.0000001),
        new Bounds(1.9999999, -0.0000001, 3.0000001, 1.0000001));
  }
}
