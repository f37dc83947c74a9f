package io.tileserver.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.locationtech.jts.geom.Geometry;
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
 * Encodes the same tile with our encoder ({@code io.tileserver.mvt}) and with the reference,
 * mapbox-vector-tile-java. {@code tile} is the case; {@code input} says whether geometry arrives in
 * tile coordinates, already clipped (the cluster source's path: both encoders only encode), or in
 * EPSG:3857 with the tile bounds (a Java-side source reading PostGIS geometry: both encoders also
 * transform, clip to the tile plus a 64-unit buffer and round). A trial starts by checking that
 * both encoders wrote the same content ({@link ContentCheck}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EncoderBenchmark {
  @Param({"points5000", "clusters500", "polygons200", "lines2000"})
  public String tile;

  @Param({"tile", "mercator"})
  public String input;

  private BenchTile data;
  private boolean mercator;
  private List<Geometry> referenceInput;

  @Setup(Level.Trial)
  public void setUp() {
    data = switch (tile) {
      case "points5000" -> BenchTile.listings();
      case "clusters500" -> BenchTile.clusters();
      case "polygons200" -> BenchTile.polygons();
      case "lines2000" -> BenchTile.lines();
      default -> throw new IllegalArgumentException("unknown tile " + tile);
    };
    mercator = input.equals("mercator");
    referenceInput = Encoders.referenceInput(data, mercator);
    ContentCheck.assertSameContent(tile + "/" + input, Encoders.ours(data, mercator),
        Encoders.reference(data, referenceInput, mercator));
  }

  @Benchmark
  public byte[] ours() {
    return Encoders.ours(data, mercator);
  }

  @Benchmark
  public byte[] reference() {
    return Encoders.reference(data, referenceInput, mercator);
  }
}
