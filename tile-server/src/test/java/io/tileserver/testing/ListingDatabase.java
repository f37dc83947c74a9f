package io.tileserver.testing;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.sample.ListingGenerator;
import io.tileserver.sample.ListingWriter;
import io.tileserver.sample.SourceRow;
import io.tileserver.schema.SchemaMigrator;
import java.sql.SQLException;

/** The schema and generated listings, as most integration tests start. */
public final class ListingDatabase {
  private ListingDatabase() {}

  /** A fresh database (see {@link TestServices#freshDatabase}) with {@code rows} listings of {@code seed}. */
  public static DatabaseUrl fresh(String purpose, long seed, int rows) throws SQLException {
    DatabaseUrl db = TestServices.freshDatabase(purpose);
    load(db, seed, rows);
    return db;
  }

  /** Applies the schema to {@code db} and writes {@code rows} listings of {@code seed}. */
  public static void load(DatabaseUrl db, long seed, int rows) throws SQLException {
    new SchemaMigrator(db).update();
    new ListingWriter(db).write(SourceRow.numbered(new ListingGenerator(seed, rows)), n -> {});
  }
}
