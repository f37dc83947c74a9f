package io.tileserver.cluster;

import io.tileserver.filter.FilterSet;
import java.util.Arrays;

/**
 * A request's filters compiled against one {@link ClusterIndex}: an inclusive range on the packed
 * integer of each filtered number column and a 256-bit set of admitted codes for each filtered
 * dictionary column. Only filtered columns are read. Tests are branch-free (an unsigned range compare
 * turned into a 0/1 by a sign shift, a bit picked out of the mask), because a filter matching about
 * half the rows at random makes every branch a coin flip for the predictor. Immutable; build one per
 * request with {@link ClusterFilterCompiler#compile}.
 */
public final class ClusterFilter {
  private static final int NUMBERS = 4;

  private final String canonical;
  private final boolean matchesNothing;
  /** Per number column (price, bedrooms, bathrooms, sqft): filtered?, low bound, hi − lo unsigned. */
  private final boolean[] ranged;
  private final int[] low;
  private final long[] span;
  private final long[] typeMask;
  private final long[] statusMask;

  ClusterFilter(String canonical, boolean matchesNothing, boolean[] ranged, int[] low, long[] span,
      long[] typeMask, long[] statusMask) {
    this.canonical = canonical;
    this.matchesNothing = matchesNothing;
    this.ranged = ranged.clone();
    this.low = low.clone();
    this.span = span.clone();
    this.typeMask = typeMask == null ? null : typeMask.clone();
    this.statusMask = statusMask == null ? null : statusMask.clone();
  }

  /** The filter that admits every row. */
  public static ClusterFilter none() {
    return new ClusterFilter("", false, new boolean[NUMBERS], new int[NUMBERS], new long[NUMBERS], null, null);
  }

  /** Shorthand for {@link ClusterFilterCompiler#compile}. */
  public static ClusterFilter compile(FilterSet filters, ClusterIndex index) {
    return ClusterFilterCompiler.compile(filters, index);
  }

  /** No column is tested: every row matches. */
  public boolean isEmpty() {
    return !matchesNothing && !ranged[0] && !ranged[1] && !ranged[2] && !ranged[3] && typeMask == null
        && statusMask == null;
  }

  /** Some range is empty, a set admits no value, or a value is absent from the dictionary. */
  public boolean matchesNothing() {
    return matchesNothing;
  }

  /** Does one row match? For the occasional row (expansion, leaves); scans use {@link #match}. */
  public boolean matches(ClusterIndex index, int row) {
    if (matchesNothing) {
      return false;
    }
    return (inRange(0, index.prices[row]) & inRange(1, index.bedrooms[row]) & inRange(2, index.bathrooms[row])
        & inRange(3, index.sqfts[row]) & inSet(typeMask, index.types[row]) & inSet(statusMask, index.statuses[row]))
        == 1;
  }

  private int inRange(int column, int value) {
    return ranged[column] ? within(value, low[column], span[column]) : 1;
  }

  /**
   * Writes 1 to {@code out[i]} when row {@code from + i} matches and 0 otherwise, for i below
   * {@code length}. Each filtered column is one tight loop over its packed array.
   */
  void match(ClusterIndex index, int from, int length, int[] out) {
    Arrays.fill(out, 0, length, matchesNothing ? 0 : 1);
    if (ranged[0]) {
      andRange(index.prices, from, length, low[0], span[0], out);
    }
    if (ranged[1]) {
      andRange(index.bedrooms, from, length, low[1], span[1], out);
    }
    if (ranged[2]) {
      andRange(index.bathrooms, from, length, low[2], span[2], out);
    }
    if (ranged[3]) {
      andRange(index.sqfts, from, length, low[3], span[3], out);
    }
    if (typeMask != null) {
      andSet(index.types, from, length, typeMask, out);
    }
    if (statusMask != null) {
      andSet(index.statuses, from, length, statusMask, out);
    }
  }

  private static void andRange(int[] column, int from, int length, int low, long span, int[] out) {
    for (int i = 0; i < length; i++) {
      out[i] &= within(column[from + i], low, span);
    }
  }

  private static void andRange(byte[] column, int from, int length, int low, long span, int[] out) {
    for (int i = 0; i < length; i++) {
      out[i] &= within(column[from + i], low, span);
    }
  }

  private static void andSet(byte[] column, int from, int length, long[] mask, int[] out) {
    for (int i = 0; i < length; i++) {
      int code = column[from + i] & 0xFF;
      out[i] &= (int) (mask[code >>> 6] >>> code) & 1;
    }
  }

  /** 1 when {@code low <= value <= low + span} (unsigned difference ≤ span), else 0; no branch. */
  static int within(int value, int low, long span) {
    long d = (value - low) & 0xFFFF_FFFFL;
    return (int) ((d - span - 1) >>> 63);
  }

  private static int inSet(long[] mask, byte code) {
    if (mask == null) {
      return 1;
    }
    int c = code & 0xFF;
    return (int) (mask[c >>> 6] >>> c) & 1;
  }

  @Override
  public String toString() {
    return matchesNothing ? canonical + " (matches nothing)" : canonical;
  }
}
