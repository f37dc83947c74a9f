package io.tileserver.bench.cluster;

import io.tileserver.cluster.CellAggregator;
import io.tileserver.cluster.ClusterCells;
import io.tileserver.cluster.ClusterFilter;
import io.tileserver.cluster.ClusterIndex;
import io.tileserver.cluster.ScanHelperPool;
import io.tileserver.tile.TileCoord;
import java.util.concurrent.ExecutorService;
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
 * One cluster tile's cells (64 px at 512) over generated listings: the tile holding midtown
 * Manhattan at z0, z4, z8 and z12, unfiltered and with the filter, on one thread or split
 * over two (the server's {@link ScanHelperPool}). The filter is compiled in setup, so the bytes/op
 * ({@code -prof gc}) are the scan's own. The index is built once per fork in setup (about 15 s for
 * 10M points, mostly the generator).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CellAggregationBenchmark {
  @Param({"1200000", "10000000"})
  public int points;

  @Param({"0", "4", "8", "12"})
  public int zoom;

  @Param({"none", "minPrice=300000&maxPrice=1000000&beds=3"})
  public String filter;

  @Param({"1", "2"})
  public int threads;

  private ExecutorService helper;
  private CellAggregator aggregator;
  private ClusterFilter compiled;
  private TileCoord tile;
  private final ClusterCells cells = new ClusterCells();

  @Setup(Level.Trial)
  public void setUp() {
    ClusterIndex index = GeneratedIndex.build(points);
    helper = threads > 1 ? ScanHelperPool.create() : null;
    aggregator = new CellAggregator(index, 64, helper, 262_144);
    compiled = ClusterFilter.compile(GeneratedIndex.filters(filter), index);
    tile = GeneratedIndex.tile(zoom);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (helper != null) {
      helper.shutdownNow();
    }
  }

  @Benchmark
  public ClusterCells aggregate() {
    aggregator.aggregate(tile, compiled, cells);
    return cells;
  }
}
