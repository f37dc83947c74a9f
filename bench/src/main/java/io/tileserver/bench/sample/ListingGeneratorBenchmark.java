package io.tileserver.bench.sample;

import io.tileserver.sample.ListingGenerator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Rows per second of the sample generator alone (no database), the upper bound of {@code load-sample},
 * which generates 10M rows. One operation is one generated listing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ListingGeneratorBenchmark {
  private static final int ROWS = 200_000;

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void generate(Blackhole sink) {
    ListingGenerator generator = new ListingGenerator(7, ROWS);
    while (generator.hasNext()) {
      sink.consume(generator.next());
    }
  }
}
