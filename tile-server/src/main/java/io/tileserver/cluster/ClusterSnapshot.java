package io.tileserver.cluster;

import io.tileserver.filter.FilterSet;

/**
 * One consistent state of a (possibly live) cluster index: the main {@link ClusterIndex} minus its
 * {@link Tombstones} plus a small delta index (sorted by key, packed the same way, sharing the
 * dictionaries) holding the rows inserted or updated since main was built. Immutable; a live index
 * publishes a new snapshot per applied batch, so a reader that holds one sees no half-applied batch.
 *
 * <p>Rows are numbered across both parts: {@code 0 .. main.size()-1} are main's rows (dead ones
 * included, never returned by a query), {@code main.size() ..} the delta's. Row numbers are only
 * meaningful within their snapshot: decode them with the snapshot that produced them
 * ({@link ClusterCells#snapshot()}, {@link RowSelection#snapshot()}).
 */
public final class ClusterSnapshot {
  final ClusterIndex main;
  final Tombstones dead;
  final ClusterIndex delta;
  private final long version;

  ClusterSnapshot(ClusterIndex main, Tombstones dead, ClusterIndex delta, long version) {
    this.main = main;
    this.dead = dead;
    this.delta = delta;
    this.version = version;
  }

  /** A fixed index as a snapshot: nothing deleted, nothing added. */
  public static ClusterSnapshot of(ClusterIndex index) {
    return new ClusterSnapshot(index, Tombstones.NONE, ClusterIndexBuilder.empty(index), 0);
  }

  /** Live rows: what a query can return. */
  public int size() {
    return main.size - dead.count() + delta.size;
  }

  /** Grows by one with every applied batch and merge: a data version for cache keys and ETags. */
  public long version() {
    return version;
  }

  /** The price histogram's bucket edges: main's, fixed for the source as it first loaded. */
  public PriceEdges priceEdges() {
    return main.priceEdges();
  }

  /** Rows held in the delta (not yet merged into main). */
  public int deltaRows() {
    return delta.size;
  }

  /** Main rows deleted or superseded since main was built. */
  public int deadRows() {
    return dead.count();
  }

  public ClusterColumns columns() {
    return main.columns();
  }

  /** Compiles a request's filters; valid for this and every later snapshot of the same index. */
  public ClusterFilter compile(FilterSet filters) {
    return ClusterFilter.compile(filters, main);
  }

  /** The id of every live row: main's in key order, then the delta's. */
  public long[] ids() {
    long[] ids = new long[size()];
    int n = 0;
    for (int row = 0; row < main.size; row++) {
      if (!dead.isDead(row)) {
        ids[n++] = main.id(row);
      }
    }
    for (int row = 0; row < delta.size; row++) {
      ids[n++] = delta.id(row);
    }
    return ids;
  }

  /** Is the row part of this snapshot's data (not a deleted or superseded main row)? */
  public boolean isLive(int row) {
    return row >= main.size ? row - main.size < delta.size : !dead.isDead(row);
  }

  public long id(int row) {
    return row < main.size ? main.id(row) : delta.id(row - main.size);
  }

  public long key(int row) {
    return row < main.size ? main.key(row) : delta.key(row - main.size);
  }

  public double lon(int row) {
    return row < main.size ? main.lon(row) : delta.lon(row - main.size);
  }

  public double lat(int row) {
    return row < main.size ? main.lat(row) : delta.lat(row - main.size);
  }

  /** The price, or -1 when NULL. */
  public int price(int row) {
    return row < main.size ? main.price(row) : delta.price(row - main.size);
  }

  public ClusterRow row(int row) {
    return row < main.size ? main.row(row) : delta.row(row - main.size);
  }

  /** Heap bytes of main, delta and tombstones (array headers aside). */
  public long memoryBytes() {
    return main.memoryBytes() + delta.memoryBytes() + main.size / 8;
  }

  @Override
  public String toString() {
    return "snapshot v" + version + ": " + main.size + " main rows, " + dead.count() + " dead, " + delta.size
        + " in delta";
  }
}
