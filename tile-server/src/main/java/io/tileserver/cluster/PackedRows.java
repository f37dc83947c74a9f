package io.tileserver.cluster;

/**
 * Packed columns filled with rows copied from other indexes in ascending key order — the output of
 * merging sorted runs — and handed to a {@link ClusterIndex} without sorting. Runs of consecutive
 * rows copy with {@link System#arraycopy}. Sized up front; not thread-safe.
 */
final class PackedRows {
  private final RowIds ids;
  private final long[] keys;
  private final int[] prices;
  private final int[] sqfts;
  private final byte[] bedrooms;
  private final byte[] bathrooms;
  private final byte[] types;
  private final byte[] statuses;
  private int size;

  /** @param wideIds whether any id to be held may not fit an int (a source's ids are wide) */
  PackedRows(int capacity, boolean wideIds) {
    ids = RowIds.allocate(capacity, wideIds);
    keys = new long[capacity];
    prices = new int[capacity];
    sqfts = new int[capacity];
    bedrooms = new byte[capacity];
    bathrooms = new byte[capacity];
    types = new byte[capacity];
    statuses = new byte[capacity];
  }

  int size() {
    return size;
  }

  /** Appends rows {@code [from, to)} of {@code source}; returns the position of the first. */
  int append(ClusterIndex source, int from, int to) {
    int n = to - from;
    int at = size;
    ids.copy(source.ids, from, at, n);
    System.arraycopy(source.keys, from, keys, at, n);
    System.arraycopy(source.prices, from, prices, at, n);
    System.arraycopy(source.sqfts, from, sqfts, at, n);
    System.arraycopy(source.bedrooms, from, bedrooms, at, n);
    System.arraycopy(source.bathrooms, from, bathrooms, at, n);
    System.arraycopy(source.types, from, types, at, n);
    System.arraycopy(source.statuses, from, statuses, at, n);
    size += n;
    return at;
  }

  /** Appends one row of {@code source}; returns its position. */
  int append(ClusterIndex source, int row) {
    int at = size++;
    ids.set(at, source.ids.get(row));
    keys[at] = source.keys[row];
    prices[at] = source.prices[row];
    sqfts[at] = source.sqfts[row];
    bedrooms[at] = source.bedrooms[row];
    bathrooms[at] = source.bathrooms[row];
    types[at] = source.types[row];
    statuses[at] = source.statuses[row];
    return at;
  }

  /** The rows as an index with {@code like}'s columns and dictionaries; must be full. */
  ClusterIndex toIndex(ClusterIndex like) {
    if (size != keys.length) {
      throw new IllegalStateException("packed " + size + " rows of " + keys.length);
    }
    return new ClusterIndex(like.columns(), size, ids, keys, prices, sqfts, bedrooms, bathrooms, types, statuses,
        like.dictionary(ClusterAttribute.PROPERTY_TYPE), like.dictionary(ClusterAttribute.STATUS));
  }

  /** Do row {@code a} of {@code x} and row {@code b} of {@code y} hold the same packed values? */
  static boolean samePacked(ClusterIndex x, int a, ClusterIndex y, int b) {
    return x.ids.get(a) == y.ids.get(b) && x.keys[a] == y.keys[b] && x.prices[a] == y.prices[b]
        && x.sqfts[a] == y.sqfts[b]
        && x.bedrooms[a] == y.bedrooms[b] && x.bathrooms[a] == y.bathrooms[b] && x.types[a] == y.types[b]
        && x.statuses[a] == y.statuses[b];
  }
}
