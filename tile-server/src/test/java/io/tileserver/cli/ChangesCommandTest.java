package io.tileserver.cli;

import static io.tileserver.testing.TestSql.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.sql.SqlIdentifiers;
import io.tileserver.testing.Notifications;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code tile-server changes install|uninstall} on a table whose names need quoting everywhere. */
class ChangesCommandTest {
  private static final String TABLE = "Odd \"Name\"; t";
  private static final String QUALIFIED = "public." + TABLE;
  private static final String CHANNEL = TABLE + "_tiles";
  private static DatabaseUrl db;

  @BeforeAll
  static void schema() throws SQLException {
    db = TestServices.freshDatabase("changes_cli");
    new SchemaMigrator(db).update();
    TestSql.execute(db, "CREATE TABLE " + SqlIdentifiers.quote(TABLE) + " (id int PRIMARY KEY, \"the geom\""
        + " geometry(Point, 3857), label text)");
    TestSql.execute(db, "CREATE TABLE two_geoms (id int, a geometry, b geometry)");
  }

  private record Run(int exit, String err) {}

  private static Run tileServer(String... args) {
    String[] withDb = new String[args.length + 2];
    System.arraycopy(args, 0, withDb, 0, args.length);
    withDb[args.length] = "--database-url";
    withDb[args.length + 1] = "postgresql://" + db.user() + ":" + db.password() + "@" + db.host() + ":" + db.port()
        + "/" + db.database();
    StringWriter err = new StringWriter();
    int exit = TileServerCommand.commandLine().setErr(new PrintWriter(err)).execute(withDb);
    return new Run(exit, err.toString());
  }

  private static long triggers(String table) throws SQLException {
    return count(db, "SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgrelid = '"
        + SqlIdentifiers.quote(table).replace("'", "''") + "'::regclass AND p.proname = 'notify_changed_boxes'");
  }

  /** Notifications on the table's channel while {@code statements} run. */
  private static List<String> heard(String... statements) throws SQLException {
    try (Connection listener = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
        Statement st = listener.createStatement()) {
      st.execute("LISTEN " + SqlIdentifiers.quote(CHANNEL));
      for (String statement : statements) {
        TestSql.execute(db, statement);
      }
      return Notifications.drain(listener).stream().map(n -> n.getParameter()).toList();
    }
  }

  @Test
  void installFollowsTheOnlyGeometryColumnIsIdempotentAndUninstallRemovesIt() throws SQLException {
    String table = SqlIdentifiers.quote(TABLE);
    assertThat(tileServer("changes", "install", QUALIFIED).exit()).isZero();
    assertThat(tileServer("changes", "install", QUALIFIED).exit()).as("installing twice").isZero();
    assertThat(triggers(TABLE)).isEqualTo(4);

    List<String> payloads = heard("INSERT INTO " + table + " VALUES (1, ST_Transform('SRID=4326;POINT(13.4 52.5)'::geometry, 3857), 'x')",
        "UPDATE " + table + " SET label = 'y'", "TRUNCATE " + table);
    assertThat(payloads).hasSize(3);
    assertThat(payloads.get(0)).matches("b:\\d+:133999\\d{3},524999\\d{3},134000\\d{3},525000\\d{3}");
    assertThat(payloads.get(2)).matches("t:\\d+");

    assertThat(tileServer("changes", "uninstall", QUALIFIED).exit()).isZero();
    assertThat(triggers(TABLE)).isZero();
    assertThat(heard("INSERT INTO " + table + " VALUES (2, 'SRID=3857;POINT(0 0)', 'z')")).isEmpty();
  }

  @Test
  void aTableWithSeveralGeometryColumnsNeedsGeometryAndAMissingTableIsNamed() throws SQLException {
    Run ambiguous = tileServer("changes", "install", "two_geoms");
    assertThat(ambiguous.exit()).isEqualTo(2);
    assertThat(ambiguous.err()).contains("2 geometry columns (a, b); give one with --geometry");
    assertThat(tileServer("changes", "install", "two_geoms", "--geometry", "b", "--channel", "two").exit()).isZero();
    assertThat(triggers("two_geoms")).isEqualTo(4);
    Run missing = tileServer("changes", "install", "no_such_table");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("no table \"no_such_table\"");
  }
}
