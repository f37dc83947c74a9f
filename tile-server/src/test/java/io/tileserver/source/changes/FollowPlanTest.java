package io.tileserver.source.changes;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.config.ConfigException;
import io.tileserver.config.ConfigLoader;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.config.EnvSubstitution;
import io.tileserver.http.TestServer;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A source that follows changes needs its table's feed; the keys belong to their source kinds. */
class FollowPlanTest {
  private static final ConfigLoader LOADER = new ConfigLoader(new EnvSubstitution(Map.<String, String>of()::get));

  @Test
  void aFollowedTableWithoutAFeedFailsTheStartNamingTheCommandThatInstallsIt() throws SQLException {
    DatabaseUrl db = TestServices.freshDatabase("follow_plan");
    new SchemaMigrator(db).update();
    TestSql.execute(db, "CREATE TABLE plain (id int PRIMARY KEY, geom geometry(Point, 4326))");
    assertThatThrownBy(() -> TestServer.start(db, """
        database: {url: "${DATABASE_URL}"}
        sources:
          plain: {changes: notify}
        """).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sources.plain.changes: table \"plain\" has no tile change feed")
        .hasMessageContaining("tile-server changes install plain");
    assertThatThrownBy(() -> TestServer.start(db, """
        database: {url: "${DATABASE_URL}"}
        sources:
          properties_mvt: {function: properties_mvt, depends-on: [plain]}
        """).close())
        .isInstanceOf(ConfigException.class).hasMessageContaining("sources.properties_mvt.depends-on: table \"plain\" has no tile change feed");
  }

  @Test
  void changesIsForTableSourcesAndDependsOnForFunctionSources() {
    assertThatThrownBy(() -> LOADER.parse("sources:\n  f: {function: f, changes: notify}\n"))
        .hasMessageContaining("`sources.f.changes` is for table sources; a function source names the tables it reads"
            + " in depends-on");
    assertThatThrownBy(() -> LOADER.parse("sources:\n  t: {depends-on: [x]}\n"))
        .hasMessageContaining("`sources.t.depends-on` is for function sources");
    assertThatThrownBy(() -> LOADER.parse("sources:\n  t: {changes: listen}\n"))
        .hasMessageContaining("`sources.t.changes` must be notify or none, was listen");
  }
}
