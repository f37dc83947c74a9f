package io.tileserver.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a JMH JSON result file ({@code -rf json}) as the Markdown table in bench/README.md:
 * throughput and bytes allocated per tile for both encoders, and our ratio to the reference.
 */
public final class ResultsTable {
  private ResultsTable() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ResultsTable bench/results/encoder-<date>.json");
      System.exit(2);
    }
    Map<String, double[]> rows = new LinkedHashMap<>();
    for (JsonNode run : new ObjectMapper().readTree(new File(args[0]))) {
      String method = run.path("benchmark").asText().replaceAll(".*\\.", "");
      String key = run.path("params").path("tile").asText() + " | "
          + run.path("params").path("input").asText();
      double[] row = rows.computeIfAbsent(key, k -> new double[6]);
      int offset = method.equals("ours") ? 0 : 3;
      row[offset] = run.path("primaryMetric").path("score").asDouble();
      row[offset + 1] = run.path("primaryMetric").path("scoreError").asDouble();
      row[offset + 2] = run.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score")
          .asDouble();
    }
    StringBuilder out = new StringBuilder();
    out.append("| tile | input | ours ops/s | reference ops/s | speed-up | ours B/op"
        + " | reference B/op | allocation ratio |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, double[]> e : rows.entrySet()) {
      double[] r = e.getValue();
      out.append(String.format(Locale.ROOT,
          "| %s | %,.0f ± %,.0f | %,.1f ± %,.1f | **%.1f×** | %,.0f | %,.0f | %.1f× less |%n",
          e.getKey(), r[0], r[1], r[3], r[4], r[0] / r[3], r[2], r[5], r[5] / r[2]));
    }
    System.out.print(out);
  }
}
