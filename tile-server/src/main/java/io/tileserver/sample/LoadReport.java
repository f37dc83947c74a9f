package io.tileserver.sample;

import java.util.List;

/**
 * What a load did: rows written, rows refused and the first refusals with their line numbers (all
 * refusals are counted; only the first {@link #SHOWN} are kept so a bad file cannot exhaust memory).
 */
public record LoadReport(long written, long rejected, List<Rejection> firstRejections, long millis) {
  public static final int SHOWN = 50;

  /** One refused row: its line in the input and why. */
  public record Rejection(long line, String reason) {}

  public double rowsPerSecond() {
    return millis == 0 ? written : written * 1000.0 / millis;
  }
}
