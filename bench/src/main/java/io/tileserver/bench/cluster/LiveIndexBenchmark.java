package io.tileserver.bench.cluster;

import io.tileserver.cluster.ClusterIndex;
import io.tileserver.cluster.LiveClusterIndex;
import io.tileserver.cluster.LiveIndexOptions;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Following a re-scrape of 1M changed listings (every fifth moved, the rest re-priced) in a live
 * index over 1.2M or 10M points: {@code apply} times the whole re-scrape in batches of 5,000 as the
 * sync applies them, with the default merge threshold (so background merges run meanwhile, as in
 * production); {@code merge} times folding the 1M-row delta and tombstones into a new main. Each
 * invocation starts from a fresh live index over the same base (setup, not timed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class LiveIndexBenchmark {
  private static final int CHANGES = 1_000_000;
  private static final int BATCH_ROWS = 5_000;

  @Param({"1200000", "10000000"})
  public int points;

  private ClusterIndex base;
  private Rescrape rescrape;
  private LiveClusterIndex live;

  @Setup(Level.Trial)
  public void generate() {
    base = GeneratedIndex.build(points);
    rescrape = new Rescrape(points, CHANGES);
  }

  /** A fresh live index; for {@link #merge} with the re-scrape already applied and not merged. */
  @Setup(Level.Invocation)
  public void freshIndex(BenchmarkParams params) {
    boolean forMerge = params.getBenchmark().endsWith(".merge");
    LiveIndexOptions options = forMerge ? LiveIndexOptions.defaults().withMergeRows(Integer.MAX_VALUE)
        : LiveIndexOptions.defaults();
    live = new LiveClusterIndex(base, options, null);
    if (forMerge) {
      rescrape.applyTo(live, BATCH_ROWS);
    }
  }

  @TearDown(Level.Invocation)
  public void close() {
    live.close();
  }

  @Benchmark
  public long apply() {
    return rescrape.applyTo(live, BATCH_ROWS);
  }

  @Benchmark
  public int merge() {
    live.merge().join();
    return live.size();
  }
}
