package io.tileserver.source.postgis;

import java.util.List;

/** What a SQLSTATE says about the database itself; shared by the tile path and the start-up wait. */
public final class SqlStates {
  /**
   * SQLSTATE classes that say the database, not the query, is the problem: 08 connection exception,
   * 53 insufficient resources (e.g. 53300 too many connections), 57P operator intervention
   * (57P01 admin shutdown, 57P03 cannot connect now).
   */
  private static final List<String> UNAVAILABLE_CLASSES = List.of("08", "53", "57P");

  private SqlStates() {}

  /** True when {@code state} says the database cannot serve now: retrying later may succeed. */
  public static boolean databaseUnavailable(String state) {
    return state != null && UNAVAILABLE_CLASSES.stream().anyMatch(state::startsWith);
  }
}
