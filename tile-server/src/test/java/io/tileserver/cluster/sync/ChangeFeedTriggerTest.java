package io.tileserver.cluster.sync;

import static io.tileserver.testing.TestSql.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The properties change feed (sql/changes/008) as a listener on the channel sees it. */
class ChangeFeedTriggerTest {
  private static DatabaseUrl db;
  private static Connection listener;
  private static Connection writer;

  @BeforeAll
  static void migrate() throws SQLException {
    db = TestServices.freshDatabase("change_feed");
    new SchemaMigrator(db).update();
    listener = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
    writer = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
    try (Statement st = listener.createStatement()) {
      st.execute("LISTEN properties_changed");
    }
  }

  @AfterAll
  static void close() throws SQLException {
    listener.close();
    writer.close();
  }

  @BeforeEach
  void drain() throws SQLException {
    payloads();
  }

  private static void sql(String statement) throws SQLException {
    try (Statement st = writer.createStatement()) {
      st.execute(statement);
    }
  }

  /** Notifications received so far (delivered at commit; the writer auto-commits). */
  private static List<String> payloads() throws SQLException {
    List<String> out = new ArrayList<>();
    PGConnection pg = listener.unwrap(PGConnection.class);
    PGNotification[] batch;
    while ((batch = pg.getNotifications(200)) != null && batch.length > 0) {
      for (PGNotification n : batch) {
        out.add(n.getParameter());
      }
    }
    return out;
  }

  private static String insert(long id) {
    return "(" + id + ", 'feed-" + id + "', 40.7, -74.0, 500000, 'house')";
  }

  @Test
  void insertsUpdatesAndDeletesSendTheirIdsOneNotificationPerStatement() throws SQLException {
    sql("INSERT INTO properties (id, external_id, latitude, longitude, price, property_type) VALUES "
        + insert(101) + ", " + insert(102) + ", " + insert(103));
    sql("UPDATE properties SET price = 600000 WHERE id IN (101, 103)");
    sql("DELETE FROM properties WHERE id = 102");
    assertThat(payloads()).containsExactly("i:101,102,103", "u:101,103", "d:102");
    assertThat(count(db, "SELECT count(*) FROM change_feed_deletions WHERE channel = 'properties_changed'"
        + " AND id = 102")).isEqualTo(1);
  }

  @Test
  void anUpdateThatChangesNothingSendsNothing() throws SQLException {
    sql("INSERT INTO properties (id, external_id, latitude, longitude, price, property_type) VALUES " + insert(201));
    payloads();
    sql("UPDATE properties SET price = price, city = city WHERE id = 201");
    assertThat(payloads()).isEmpty();
  }

  @Test
  void aRolledBackStatementSendsNothing() throws SQLException {
    writer.setAutoCommit(false);
    try {
      sql("INSERT INTO properties (id, external_id, latitude, longitude, price, property_type) VALUES "
          + insert(301));
      writer.rollback();
    } finally {
      writer.setAutoCommit(true);
    }
    assertThat(payloads()).isEmpty();
  }

  @Test
  void manyLongIdsAreSplitIntoPayloadsUnderTheLimitThatListEveryIdOnce() throws SQLException {
    long base = 4_000_000_000_000_000L;
    sql("INSERT INTO properties (id, external_id, latitude, longitude, price, property_type)"
        + " SELECT " + base + " + g, 'long-' || g, 40.7, -74.0, 1000, 'condo' FROM generate_series(1, 3000) g");
    List<String> payloads = payloads();
    assertThat(payloads).hasSizeGreaterThan(5);
    List<Long> ids = new ArrayList<>();
    for (String p : payloads) {
      assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThan(8000);
      assertThat(p).startsWith("i:");
      for (String id : p.substring(2).split(",")) {
        ids.add(Long.parseLong(id));
      }
    }
    assertThat(ids).containsExactlyElementsOf(LongStream.rangeClosed(base + 1, base + 3000).boxed().toList());
  }

  @Test
  void aStatementChangingMoreRowsThanTheLimitSendsOneOverflowNotice() throws SQLException {
    sql("INSERT INTO properties (id, external_id, latitude, longitude, price, property_type)"
        + " SELECT 1000000 + g, 'bulk-' || g, 40.7, -74.0, 1000, 'land' FROM generate_series(1, 6000) g");
    sql("UPDATE properties SET price = price + 1 WHERE id BETWEEN 1000001 AND 1006000");
    sql("DELETE FROM properties WHERE id BETWEEN 1000001 AND 1006000");
    assertThat(payloads()).containsExactly("o:i:6000", "o:u:6000", "o:d:6000");
    assertThat(count(db, "SELECT count(*) FROM change_feed_deletions WHERE id BETWEEN 1000001 AND 1006000"))
        .isEqualTo(6000);
  }

  @Test
  void aTruncateSendsOneTruncateNoticeAtCommit() throws SQLException {
    sql("INSERT INTO properties (id, external_id, latitude, longitude, price, property_type) VALUES " + insert(501));
    payloads();
    sql("TRUNCATE properties");
    assertThat(payloads()).containsExactly("t:");
  }
}
