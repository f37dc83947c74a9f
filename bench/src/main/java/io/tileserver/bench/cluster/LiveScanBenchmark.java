package io.tileserver.bench.cluster;

import io.tileserver.cluster.ClusterCells;
import io.tileserver.cluster.ClusterFilter;
import io.tileserver.cluster.LiveClusterIndex;
import io.tileserver.cluster.LiveIndexOptions;
import io.tileserver.tile.TileCoord;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One cluster tile (the midtown Manhattan tile at z0 or z4, 64 px cells, one thread) read from a
 * live index over 10M points with {@code changes} re-scraped listings applied and not yet merged:
 * 0 is the fixed-index path; 100,000 is a full merge threshold of delta and tombstones, the worst a
 * reader meets between merges. Compare with {@link CellAggregationBenchmark} for the fixed index.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LiveScanBenchmark {
  @Param({"10000000"})
  public int points;

  @Param({"0", "100000"})
  public int changes;

  @Param({"0", "4"})
  public int zoom;

  @Param({"none", "minPrice=300000&maxPrice=1000000&beds=3"})
  public String filter;

  private LiveClusterIndex live;
  private ClusterFilter compiled;
  private TileCoord tile;
  private final ClusterCells cells = new ClusterCells();

  @Setup(Level.Trial)
  public void setUp() {
    live = new LiveClusterIndex(GeneratedIndex.build(points),
        LiveIndexOptions.defaults().withMergeRows(Integer.MAX_VALUE), null);
    if (changes > 0) {
      new Rescrape(points, changes).applyTo(live, 5_000);
    }
    compiled = live.compile(GeneratedIndex.filters(filter));
    tile = GeneratedIndex.tile(zoom);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    live.close();
  }

  @Benchmark
  public ClusterCells aggregate() {
    live.aggregate(tile, compiled, cells);
    return cells;
  }
}
