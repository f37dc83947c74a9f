package io.tileserver.sample;

import static io.tileserver.testing.TestSql.count;
import static io.tileserver.testing.TestSql.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.cli.TileServerCommand;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.testing.TestData;
import io.tileserver.testing.TestServices;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadSampleTest {
  private DatabaseUrl db;

  @BeforeEach
  void freshSchema() {
    db = TestServices.freshDatabase("load_sample");
    new SchemaMigrator(db).update();
  }

  private int tileServer(String... args) {
    String[] withDb = new String[args.length + 2];
    System.arraycopy(args, 0, withDb, 0, args.length);
    withDb[args.length] = "--database-url";
    withDb[args.length + 1] = "postgresql://" + db.user() + ":" + db.password() + "@" + db.host() + ":" + db.port()
        + "/" + db.database();
    return TileServerCommand.commandLine().execute(withDb);
  }

  @Test
  void loadSampleLoadsExactlyTheRequestedRowsAllWithGeometry() throws SQLException {
    assertThat(tileServer("load-sample", "--rows", "50000")).isZero();
    assertThat(count(db, "SELECT count(*) FROM properties")).isEqualTo(50_000);
    assertThat(scalar(db, "SELECT coverage_pct FROM property_geom_health")).isEqualTo(new BigDecimal("100.00"));
    assertThat(count(db, "SELECT count(*) FROM pg_indexes WHERE tablename = 'properties'"))
        .as("indexes dropped for the bulk load are back").isEqualTo(7);
  }

  @Test
  void loadingTheSameSeedTwiceChangesNothing() throws SQLException {
    assertThat(tileServer("load-sample", "--rows", "5000", "--seed", "9")).isZero();
    String checksum = "SELECT md5(string_agg(p::text, '|' ORDER BY id)) FROM properties p";
    Object before = scalar(db, checksum);
    assertThat(tileServer("load-sample", "--rows", "5000", "--seed", "9")).isZero();
    assertThat(scalar(db, checksum)).isEqualTo(before);
  }

  @Test
  void ifEmptyLeavesAPopulatedTableAlone() throws SQLException {
    assertThat(tileServer("load-sample", "--rows", "1000")).isZero();
    assertThat(tileServer("load-sample", "--rows", "3000", "--seed", "8", "--if-empty")).isZero();
    assertThat(count(db, "SELECT count(*) FROM properties")).isEqualTo(1000);
  }

  @Test
  void theKingCountyLoaderLoadsEveryRowOfTheKingCountyCsv() throws SQLException {
    String csv = TestData.file("kc_house_data.csv").toString();
    assertThat(tileServer("load-sample", "--csv", csv, "--format", "kingcounty")).isZero();
    assertThat(count(db, "SELECT count(*) FROM properties")).isEqualTo(21_613);
    assertThat(count(db, "SELECT count(*) FROM properties WHERE geom IS NULL")).isZero();
    assertThat(scalar(db, "SELECT price FROM properties WHERE external_id = 'kc-7129300520-20141013T000000'"))
        .isEqualTo(221_900L);
  }

  @Test
  void rejectedRowsAreCountedAndReportedWithTheirLineNumbers() throws Exception {
    String header = "id,date,price,bedrooms,bathrooms,sqft_living,zipcode,lat,long\n";
    String csv = header
        + "\"1\",\"20140101T000000\",100000,3,2,1500,\"98001\",47.5,-122.2\n"
        + "\"2\",\"20140101T000000\",100000,3,2,1500,\"98001\",97.5,-122.2\n"
        + "\"3\",\"20140101T000000\",lots,3,2,1500,\"98001\",47.5,-122.2\n"
        + "\"4\",\"20140101T000000\",250000,4,2.5,2100,\"98002\",47.6,-122.1\n";
    LoadReport report = new ListingWriter(db).write(new KingCountyCsv(new StringReader(csv)), n -> {});
    assertThat(report.written()).isEqualTo(2);
    assertThat(report.rejected()).isEqualTo(2);
    assertThat(report.firstRejections()).containsExactly(
        new LoadReport.Rejection(3, "latitude must be -90..90, was 97.5"),
        new LoadReport.Rejection(4, "price is not a number: 'lots'"));
    assertThat(count(db, "SELECT count(*) FROM properties")).isEqualTo(2);
  }

  @Test
  void zipPolygonsLoadIntoZipAreas() throws SQLException {
    String geojson = TestData.file("king_county_zipcodes.geojson").toString();
    assertThat(tileServer("load-sample", "--zip-geojson", geojson)).isZero();
    assertThat(count(db, "SELECT count(*) FROM zip_areas")).isEqualTo(85);
    assertThat(count(db, "SELECT count(*) FROM properties")).isZero();
    assertThat(scalar(db, "SELECT bool_and(GeometryType(geom) = 'MULTIPOLYGON') FROM zip_areas")).isEqualTo(true);
    assertThat(scalar(db, "SELECT bool_and(ST_IsValid(geom)) FROM zip_areas"))
        .as("data/ keeps every polygon valid though its coordinates are rounded").isEqualTo(true);
  }
}
