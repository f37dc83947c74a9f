package io.tileserver.cluster;

import io.tileserver.filter.FilterSet;

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
  /** {@link #select}'s count before any column has been tested: every row of the block. */
  private static final int ALL_ROWS = -1;

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

  /** Only price and bedrooms are tested, so {@link PriceByBedrooms} can answer the filter. */
  boolean testsOnlyPriceAndBedrooms() {
    return !matchesNothing && !ranged[2] && !ranged[3] && typeMask == null && statusMask == null;
  }

  /** Only sqft is tested, so {@link SqftOrder} can answer the filter. */
  boolean testsOnlySqft() {
    return !matchesNothing && !ranged[0] && !ranged[1] && !ranged[2] && ranged[3] && typeMask == null
        && statusMask == null;
  }

  /** How many columns are tested (a price range is one). */
  int testedColumns() {
    int n = typeMask == null ? 0 : 1;
    n += statusMask == null ? 0 : 1;
    for (boolean r : ranged) {
      n += r ? 1 : 0;
    }
    return n;
  }

  /** Is bathrooms, type or status tested? */
  boolean testsBathsTypeOrStatus() {
    return ranged[2] || typeMask != null || statusMask != null;
  }

  /** Does a row with these bedrooms (-1 for NULL) pass the bedrooms test? */
  boolean admitsBedrooms(byte bedrooms) {
    return inRange(1, bedrooms) == 1;
  }

  /** Is a range on this number column tested? */
  boolean tests(ClusterAttribute column) {
    return ranged[column.ordinal()];
  }

  /** The least admitted packed value of a tested number column (≥ 0: the compiler starts every range at 0). */
  int low(ClusterAttribute column) {
    return low[column.ordinal()];
  }

  /** The greatest admitted packed value of a tested number column. */
  long high(ClusterAttribute column) {
    return low[column.ordinal()] + span[column.ordinal()];
  }

  /** Do rows with these bedrooms, bathrooms, type and status pass those four columns' tests? */
  boolean admits(byte bedrooms, byte bathrooms, byte type, byte status) {
    return (inRange(1, bedrooms) & inRange(2, bathrooms) & inSet(typeMask, type) & inSet(statusMask, status)) == 1;
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
   * Writes the matching rows of {@code [from, from + length)} to the start of {@code rows}, in
   * order, and returns how many there are. The first filtered column is tested over every row and
   * each further column only over the rows still listed, so the narrow byte columns go first and
   * the int columns read only survivors. Each test appends a row's number unconditionally and
   * advances the count by the 0/1 result: no branch per row, and no 0/1 array written per row and
   * read back.
   */
  int select(ClusterIndex index, int from, int length, int[] rows) {
    if (matchesNothing) {
      return 0;
    }
    int n = ALL_ROWS;
    n = range(index.bedrooms, 1, from, length, n, rows);
    n = range(index.bathrooms, 2, from, length, n, rows);
    n = set(index.types, typeMask, from, length, n, rows);
    n = set(index.statuses, statusMask, from, length, n, rows);
    n = range(index.prices, 0, from, length, n, rows);
    n = range(index.sqfts, 3, from, length, n, rows);
    if (n == ALL_ROWS) {
      for (int i = 0; i < length; i++) {
        rows[i] = from + i;
      }
      return length;
    }
    return n;
  }

  /** A byte column's first pass goes eight rows at a time ({@link ByteRangeSelect}). */
  private int range(byte[] column, int c, int from, int length, int n, int[] rows) {
    if (!ranged[c]) {
      return n;
    }
    int lo = low[c];
    long sp = span[c];
    if (n == ALL_ROWS) {
      return lo > Byte.MAX_VALUE ? 0
          : ByteRangeSelect.select(column, from, length, lo, (int) Math.min(Byte.MAX_VALUE, lo + sp), rows);
    }
    int kept = 0;
    for (int r = 0; r < n; r++) {
      int i = rows[r];
      rows[kept] = i;
      kept += within(column[i], lo, sp);
    }
    return kept;
  }

  private int range(int[] column, int c, int from, int length, int n, int[] rows) {
    if (!ranged[c]) {
      return n;
    }
    int lo = low[c];
    long sp = span[c];
    int kept = 0;
    if (n == ALL_ROWS) {
      for (int i = from, end = from + length; i < end; i++) {
        rows[kept] = i;
        kept += within(column[i], lo, sp);
      }
    } else {
      for (int r = 0; r < n; r++) {
        int i = rows[r];
        rows[kept] = i;
        kept += within(column[i], lo, sp);
      }
    }
    return kept;
  }

  private static int set(byte[] column, long[] mask, int from, int length, int n, int[] rows) {
    if (mask == null) {
      return n;
    }
    int kept = 0;
    if (n == ALL_ROWS) {
      for (int i = from, end = from + length; i < end; i++) {
        rows[kept] = i;
        kept += inSet(mask, column[i]);
      }
    } else {
      for (int r = 0; r < n; r++) {
        int i = rows[r];
        rows[kept] = i;
        kept += inSet(mask, column[i]);
      }
    }
    return kept;
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
