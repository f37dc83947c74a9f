package io.tileserver.cluster;

import java.util.Arrays;

/**
 * Collects rows into growable primitive columns (no object per row), then sorts them by Morton key
 * into a {@link ClusterIndex}. Missing values are passed as the documented sentinels so that adding
 * a row never boxes: a negative price, bedroom count or sqft, a NaN bathroom count, a null string.
 * Not thread-safe; one builder per load.
 */
public final class ClusterIndexBuilder {
  static final int MAX_PRICE = Integer.MAX_VALUE - 1;
  private static final int MAX_ROWS = Integer.MAX_VALUE - 16;

  private final ClusterColumns columns;
  private final AttributeDictionary types;
  private final AttributeDictionary statuses;
  private long[] ids;
  private long[] keys;
  private int[] prices;
  private int[] sqfts;
  private byte[] bedrooms;
  private byte[] bathrooms;
  private byte[] typeCodes;
  private byte[] statusCodes;
  private int size;
  private long clampedPrices;

  public ClusterIndexBuilder(ClusterColumns columns, int expectedRows) {
    this(columns, expectedRows, new AttributeDictionary(columns.propertyType()),
        new AttributeDictionary(columns.status()));
  }

  /** A builder whose index shares {@code index}'s dictionaries (rows bound for a live index's delta). */
  static ClusterIndexBuilder sharing(ClusterIndex index, int expectedRows) {
    return new ClusterIndexBuilder(index.columns(), expectedRows, index.dictionary(ClusterAttribute.PROPERTY_TYPE),
        index.dictionary(ClusterAttribute.STATUS));
  }

  /** An index of no rows sharing {@code index}'s columns and dictionaries (a few small objects). */
  static ClusterIndex empty(ClusterIndex index) {
    return new PackedRows(0, false).toIndex(index);
  }

  private ClusterIndexBuilder(ClusterColumns columns, int expectedRows, AttributeDictionary types,
      AttributeDictionary statuses) {
    this.columns = columns;
    this.types = types;
    this.statuses = statuses;
    int capacity = Math.max(1024, expectedRows);
    ids = new long[capacity];
    keys = new long[capacity];
    prices = new int[capacity];
    sqfts = new int[capacity];
    bedrooms = new byte[capacity];
    bathrooms = new byte[capacity];
    typeCodes = new byte[capacity];
    statusCodes = new byte[capacity];
  }

  /**
   * Adds one row.
   *
   * @param price negative when NULL; clamped to 2,147,483,646 above it
   * @param beds negative when NULL; clamped to 127
   * @param baths NaN when NULL; rounded to the nearest half, clamped to 63.5
   * @param sqft negative when NULL; clamped to 2,147,483,647
   */
  public void add(long id, double lon, double lat, long price, int beds, double baths, long sqft,
      String type, String status) {
    if (size == ids.length) {
      grow();
    }
    int i = size++;
    ids[i] = id;
    keys[i] = MortonKey.of(lon, lat);
    if (price > MAX_PRICE) {
      clampedPrices++;
    }
    prices[i] = price < 0 ? -1 : (int) Math.min(price, MAX_PRICE);
    bedrooms[i] = (byte) (beds < 0 ? -1 : Math.min(beds, Byte.MAX_VALUE));
    bathrooms[i] = (byte) (Double.isNaN(baths) || baths < 0 ? -1 : Math.min(Math.round(baths * 2), Byte.MAX_VALUE));
    sqfts[i] = sqft < 0 ? -1 : (int) Math.min(sqft, Integer.MAX_VALUE);
    typeCodes[i] = types.encode(type);
    statusCodes[i] = statuses.encode(status);
  }

  public int size() {
    return size;
  }

  /** Rows whose price was above the int range and is kept as 2,147,483,646. */
  public long clampedPrices() {
    return clampedPrices;
  }

  /** Sorts the rows by key and hands the columns to the index; the builder is spent afterwards. */
  public ClusterIndex build() {
    KeySorter.Sorted sorted = KeySorter.sort(keys, size);
    int[] order = sorted.order();
    keys = null;
    ClusterIndex index = new ClusterIndex(columns, size, RowIds.of(gather(ids, order), size), sorted.keys(),
        gather(prices, order), gather(sqfts, order), gather(bedrooms, order), gather(bathrooms, order),
        gather(typeCodes, order), gather(statusCodes, order), types, statuses);
    ids = null;
    prices = null;
    sqfts = null;
    bedrooms = null;
    bathrooms = null;
    typeCodes = null;
    statusCodes = null;
    return index;
  }

  private void grow() {
    if (size >= MAX_ROWS) {
      throw new IllegalStateException("the cluster index holds at most " + MAX_ROWS + " rows");
    }
    int capacity = (int) Math.min(MAX_ROWS, size + (size >> 1) + 1024L);
    ids = Arrays.copyOf(ids, capacity);
    keys = Arrays.copyOf(keys, capacity);
    prices = Arrays.copyOf(prices, capacity);
    sqfts = Arrays.copyOf(sqfts, capacity);
    bedrooms = Arrays.copyOf(bedrooms, capacity);
    bathrooms = Arrays.copyOf(bathrooms, capacity);
    typeCodes = Arrays.copyOf(typeCodes, capacity);
    statusCodes = Arrays.copyOf(statusCodes, capacity);
  }

  private static long[] gather(long[] column, int[] order) {
    long[] out = new long[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = column[order[i]];
    }
    return out;
  }

  private static int[] gather(int[] column, int[] order) {
    int[] out = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = column[order[i]];
    }
    return out;
  }

  private static byte[] gather(byte[] column, int[] order) {
    byte[] out = new byte[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = column[order[i]];
    }
    return out;
  }
}
