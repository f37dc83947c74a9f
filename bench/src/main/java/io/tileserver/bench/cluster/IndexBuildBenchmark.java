package io.tileserver.bench.cluster;

import io.tileserver.cluster.ClusterColumns;
import io.tileserver.cluster.ClusterIndex;
import io.tileserver.cluster.ClusterIndexBuilder;
import io.tileserver.sample.Listing;
import io.tileserver.sample.ListingGenerator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building the index from rows already in memory (as the loader holds them after reading): adding
 * every row to the builder, the radix sort and the column gather. Single shot, because a build is a
 * one-off at start; the rows are generated once per fork in setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class IndexBuildBenchmark {
  @Param({"1200000", "10000000"})
  public int points;

  private long[] ids;
  private double[] lons;
  private double[] lats;
  private long[] prices;
  private int[] beds;
  private double[] baths;
  private long[] sqfts;
  private String[] types;
  private String[] statuses;

  @Setup(Level.Trial)
  public void generate() {
    ids = new long[points];
    lons = new double[points];
    lats = new double[points];
    prices = new long[points];
    beds = new int[points];
    baths = new double[points];
    sqfts = new long[points];
    types = new String[points];
    statuses = new String[points];
    ListingGenerator generator = new ListingGenerator(GeneratedIndex.SEED, points);
    for (int i = 0; i < points; i++) {
      Listing l = generator.next();
      ids[i] = i + 1;
      lons[i] = l.longitude();
      lats[i] = l.latitude();
      prices[i] = l.price();
      beds[i] = l.bedrooms();
      baths[i] = l.bathrooms();
      sqfts[i] = l.sqft() == null ? -1 : l.sqft();
      types[i] = l.propertyType().intern();
      statuses[i] = l.status().intern();
    }
  }

  @Benchmark
  public ClusterIndex build() {
    ClusterIndexBuilder builder = new ClusterIndexBuilder(ClusterColumns.properties(), points);
    for (int i = 0; i < points; i++) {
      builder.add(ids[i], lons[i], lats[i], prices[i], beds[i], baths[i], sqfts[i], types[i], statuses[i]);
    }
    return builder.build();
  }
}
