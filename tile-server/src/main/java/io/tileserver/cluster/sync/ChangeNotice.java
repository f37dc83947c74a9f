package io.tileserver.cluster.sync;

import java.util.Arrays;

/**
 * One notification of the change feed (sql/changes/008 and 009): {@code i:}, {@code u:} or
 * {@code d:} followed by a comma list of ids, {@code o:<op>:<count>} when a statement changed too
 * many rows to list, or {@code t:} when the table was truncated. Every listed id is treated alike —
 * re-read, and removed when the row is gone — so the kind only matters for overflow and truncation.
 *
 * @param kind 'i', 'u', 'd', 'o' for overflow or 't' for truncation
 * @param ids the listed ids; empty for overflow and truncation
 */
record ChangeNotice(char kind, long[] ids) {

  boolean overflow() {
    return kind == 'o';
  }

  /** Every row of the table is gone (TRUNCATE). */
  boolean truncated() {
    return kind == 't';
  }

  /** Parses a payload; throws {@link IllegalArgumentException} naming it when it is not one. */
  static ChangeNotice parse(String payload) {
    if (payload == null || payload.length() < 2 || payload.charAt(1) != ':' || "iudot".indexOf(payload.charAt(0)) < 0) {
      throw new IllegalArgumentException("not a change-feed payload: " + abbreviate(payload));
    }
    char kind = payload.charAt(0);
    if (kind == 'o' || kind == 't') {
      return new ChangeNotice(kind, new long[0]);
    }
    long[] ids = new long[16];
    int n = 0;
    int start = 2;
    try {
      for (int i = 2; i <= payload.length(); i++) {
        if (i == payload.length() || payload.charAt(i) == ',') {
          if (n == ids.length) {
            ids = Arrays.copyOf(ids, n * 2);
          }
          ids[n++] = Long.parseLong(payload, start, i, 10);
          start = i + 1;
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a change-feed payload: " + abbreviate(payload), e);
    }
    return new ChangeNotice(kind, Arrays.copyOf(ids, n));
  }

  private static String abbreviate(String payload) {
    return payload == null ? "null" : payload.length() <= 64 ? payload : payload.substring(0, 64) + "…";
  }
}
