package io.tileserver.cluster;

import java.util.Arrays;
import java.util.Optional;

/**
 * The orders a viewport search can list in. Each maps a row to a rank, smaller first, and ties go
 * by id ascending, so (rank, id) orders every listing strictly and a page can resume after the last
 * pair it returned. A NULL sorts last in either direction, like {@code ORDER BY … NULLS LAST}.
 *
 * <p>"newest" is the highest id first: the index keeps no listing date, and ids of the
 * {@code properties} table come from a {@code GENERATED … AS IDENTITY} sequence, so they grow with
 * insertion (an upsert keeps a listing's first id). Keeping {@code created_at} would cost 4 bytes a
 * point where 0.3 are left under the 40-byte budget (bench/README.md).
 */
public enum ListingSort {
  PRICE("price"),
  PRICE_DESC("-price"),
  NEWEST("newest"),
  OLDEST("-newest"),
  SQFT("sqft"),
  SQFT_DESC("-sqft"),
  BEDS("beds"),
  BEDS_DESC("-beds");

  /** The rank of a NULL: after every value. */
  static final long NULL_RANK = Long.MAX_VALUE;

  private final String parameter;

  ListingSort(String parameter) {
    this.parameter = parameter;
  }

  /** The value of {@code sort=} that names this order. */
  public String parameter() {
    return parameter;
  }

  public static Optional<ListingSort> of(String parameter) {
    return Arrays.stream(values()).filter(s -> s.parameter.equals(parameter)).findFirst();
  }

  /** Every accepted {@code sort=} value, for error messages. */
  public static String accepted() {
    return String.join(", ", Arrays.stream(values()).map(ListingSort::parameter).toList());
  }

  /** The row's rank in this order (ties broken by id by the caller). */
  long rank(ClusterIndex index, int row) {
    return switch (this) {
      case PRICE -> ascending(index.prices[row]);
      case PRICE_DESC -> descending(index.prices[row]);
      case NEWEST -> -index.ids.get(row);
      case OLDEST -> index.ids.get(row);
      case SQFT -> ascending(index.sqfts[row]);
      case SQFT_DESC -> descending(index.sqfts[row]);
      case BEDS -> ascending(index.bedrooms[row]);
      case BEDS_DESC -> descending(index.bedrooms[row]);
    };
  }

  /**
   * No row {@code filter} admits ranks before this: a range on the sorted column refuses NULLs and
   * values outside it, so "beds ≥ 3, fewest beds first" starts at rank 3 in every block.
   */
  long leastAdmitted(ClusterFilter filter) {
    ClusterAttribute column = switch (this) {
      case PRICE, PRICE_DESC -> ClusterAttribute.PRICE;
      case SQFT, SQFT_DESC -> ClusterAttribute.SQFT;
      case BEDS, BEDS_DESC -> ClusterAttribute.BEDROOMS;
      case NEWEST, OLDEST -> null;
    };
    if (column == null || !filter.tests(column)) {
      return Long.MIN_VALUE;
    }
    boolean descending = this == PRICE_DESC || this == SQFT_DESC || this == BEDS_DESC;
    return descending ? -filter.high(column) : filter.low(column);
  }

  /** Packed columns hold -1 for NULL and non-negative values otherwise. */
  private static long ascending(int value) {
    return value < 0 ? NULL_RANK : value;
  }

  private static long descending(int value) {
    return value < 0 ? NULL_RANK : -(long) value;
  }
}
