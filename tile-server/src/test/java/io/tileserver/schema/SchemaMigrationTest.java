package io.tileserver.schema;

import static io.tileserver.testing.TestSql.count;
import static io.tileserver.testing.TestSql.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.sample.ListingGenerator;
import io.tileserver.sample.ListingWriter;
import io.tileserver.sample.SourceRow;
import io.tileserver.testing.TestServices;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SchemaMigrationTest {
  private static final String SCHEMA_OBJECTS =
      "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = 'public' AND c.relname IN"
          + " ('properties', 'zip_areas', 'property_geom_health', 'city_stats')";
  private static final String ROWS_CHECKSUM =
      "SELECT md5(string_agg(p::text, '|' ORDER BY id)) FROM properties p";

  @Test
  void migrationsApplyToAnEmptyDatabaseRollBackCompletelyAndReapply() throws SQLException {
    DatabaseUrl db = TestServices.freshDatabase("schema_roundtrip");
    SchemaMigrator migrator = new SchemaMigrator(db);

    migrator.update();
    assertThat(count(db, SCHEMA_OBJECTS)).isEqualTo(4);
    long applied = count(db, "SELECT count(*) FROM databasechangelog");

    migrator.rollbackCount((int) applied);
    assertThat(count(db, SCHEMA_OBJECTS)).isZero();
    assertThat(count(db, "SELECT count(*) FROM databasechangelog")).isZero();
    assertThat(count(db, "SELECT count(*) FROM pg_proc WHERE proname LIKE 'properties\\_%'")).isZero();

    migrator.update();
    assertThat(count(db, SCHEMA_OBJECTS)).isEqualTo(4);
    assertThat(count(db, "SELECT count(*) FROM databasechangelog")).isEqualTo(applied);
  }

  @Test
  void migratingATableThatHolds100kRowsKeepsEveryRowUnchanged() throws SQLException {
    DatabaseUrl db = TestServices.freshDatabase("schema_populated");
    SchemaMigrator migrator = new SchemaMigrator(db);
    migrator.updateCount(2); // extensions + the properties table, nothing after it
    new ListingWriter(db).write(SourceRow.numbered(new ListingGenerator(7, 100_000)), n -> {});
    String checksum = (String) scalar(db, ROWS_CHECKSUM);

    migrator.update();
    assertThat(count(db, "SELECT count(*) FROM properties")).isEqualTo(100_000);
    assertThat(scalar(db, ROWS_CHECKSUM)).isEqualTo(checksum);

    migrator.rollbackCount(4);
    migrator.update();
    assertThat(count(db, "SELECT count(*) FROM properties")).isEqualTo(100_000);
    assertThat(scalar(db, ROWS_CHECKSUM)).isEqualTo(checksum);
  }
}
