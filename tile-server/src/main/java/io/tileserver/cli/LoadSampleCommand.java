package io.tileserver.cli;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.sample.KingCountyCsv;
import io.tileserver.sample.ListingGenerator;
import io.tileserver.sample.ListingWriter;
import io.tileserver.sample.LoadReport;
import io.tileserver.sample.SourceRow;
import io.tileserver.sample.ZipAreaLoader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tile-server load-sample}: fills {@code properties} (and optionally {@code zip_areas}). */
@Command(
    name = "load-sample",
    mixinStandardHelpOptions = true,
    description = {
      "Load listings into the properties table: synthetic ones from a seeded generator (default),",
      "or a King County house-sales CSV; optionally ZIP polygons into zip_areas.",
      "Rows are upserted by external id, so loading twice is safe."
    })
final class LoadSampleCommand implements Callable<Integer> {
  private static final Logger LOGGER = LoggerFactory.getLogger(LoadSampleCommand.class);
  static final long MAX_ROWS = 10_000_000;

  /** Input formats {@code --format} accepts. */
  enum Format {
    kingcounty
  }

  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "200000",
      description = "Synthetic listings to generate, 1..10000000 (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "Generator seed; the same seed gives the same listings (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--csv", paramLabel = "FILE", description = "Load this CSV instead of generating.")
  Path csv;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "kingcounty",
      description = "Format of --csv: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--zip-geojson", paramLabel = "FILE",
      description = "Also load ZIP polygons from this GeoJSON FeatureCollection into zip_areas.")
  Path zipGeojson;

  @Option(names = "--if-empty",
      description = "Do nothing when properties already holds rows (for start-up scripts).")
  boolean ifEmpty;

  @Override
  public Integer call() throws Exception {
    if (rows < 1 || rows > MAX_ROWS) {
      throw new IllegalArgumentException("--rows must be 1.." + MAX_ROWS + ", was " + rows);
    }
    DatabaseUrl url = options.database(options.config());
    if (ifEmpty && propertiesHasRows(url)) {
      LOGGER.info("properties already holds rows; nothing loaded (--if-empty)");
      return 0;
    }
    int exit = 0;
    boolean zipOnly = zipGeojson != null && csv == null && !spec.commandLine().getParseResult().hasMatchedOption("--rows");
    if (!zipOnly) {
      exit = report("listings", loadListings(url));
    }
    if (zipGeojson != null) {
      exit = Math.max(exit, report("zip areas", new ZipAreaLoader(url).load(zipGeojson)));
    }
    return exit;
  }

  private LoadReport loadListings(DatabaseUrl url) throws Exception {
    ListingWriter writer = new ListingWriter(url);
    if (csv != null) {
      try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
          ProgressBar bar = progressBar("csv rows", -1)) {
        return writer.write(new KingCountyCsv(reader), bar::stepTo);
      }
    }
    try (ProgressBar bar = progressBar("listings", rows)) {
      return writer.write(SourceRow.numbered(new ListingGenerator(seed, rows)), bar::stepTo);
    }
  }

  private static ProgressBar progressBar(String task, long max) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" rows", 1)
        .showSpeed()
        .setUpdateIntervalMillis(500)
        .build();
  }

  private static int report(String what, LoadReport report) {
    LOGGER.info("{}: {} written, {} rejected in {} ms ({} rows/s)", what, report.written(),
        report.rejected(), report.millis(), Math.round(report.rowsPerSecond()));
    for (LoadReport.Rejection r : report.firstRejections()) {
      LOGGER.warn("{}: line {} rejected: {}", what, r.line(), r.reason());
    }
    if (report.rejected() > report.firstRejections().size()) {
      LOGGER.warn("{}: {} more rejected rows not listed", what, report.rejected() - report.firstRejections().size());
    }
    return report.rejected() > 0 ? 3 : 0;
  }

  private static boolean propertiesHasRows(DatabaseUrl url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
        ResultSet rs = c.createStatement().executeQuery("SELECT EXISTS (SELECT 1 FROM properties)")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
