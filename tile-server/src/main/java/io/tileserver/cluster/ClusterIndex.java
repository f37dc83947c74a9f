package io.tileserver.cluster;

import io.tileserver.tile.TileCoord;
import io.tileserver.tile.WebMercator;

/**
 * The points of one table in memory as packed primitive columns sorted by {@link MortonKey}: 24
 * bytes a point (id 4 while ids fit an int, else 8; key 8, price 4, sqft 4, bedrooms, bathrooms,
 * type and status 1 each) plus {@link BlockSums} (~0.04), {@link BlockBounds} (~0.03) and, for a main
 * index, the {@link LowZoomOrder} (~9.5) and the {@link BlockTallies} (~0.06). The rows of a tile,
 * or of any quadtree node, are one contiguous run found by two binary searches ({@link #firstRow}).
 * Immutable once built and safe to share between threads; rows are addressed by their position
 * ("row index") in sorted order.
 */
public final class ClusterIndex {
  final int size;
  final RowIds ids;
  final long[] keys;
  final int[] prices;
  final int[] sqfts;
  final byte[] bedrooms;
  final byte[] bathrooms;
  final byte[] types;
  final byte[] statuses;
  final BlockSums sums;
  final BlockBounds bounds;
  private final ClusterColumns columns;
  private final AttributeDictionary typeDictionary;
  private final AttributeDictionary statusDictionary;
  private volatile LowZoomOrder lowZoomOrder;
  private volatile BlockTallies tallies;

  ClusterIndex(ClusterColumns columns, int size, RowIds ids, long[] keys, int[] prices, int[] sqfts,
      byte[] bedrooms, byte[] bathrooms, byte[] types, byte[] statuses, AttributeDictionary typeDictionary,
      AttributeDictionary statusDictionary) {
    this.columns = columns;
    this.size = size;
    this.ids = ids;
    this.keys = keys;
    this.prices = prices;
    this.sqfts = sqfts;
    this.bedrooms = bedrooms;
    this.bathrooms = bathrooms;
    this.types = types;
    this.statuses = statuses;
    this.typeDictionary = typeDictionary;
    this.statusDictionary = statusDictionary;
    this.sums = new BlockSums(keys, prices, size);
    this.bounds = new BlockBounds(ids, prices, sqfts, bedrooms, size);
  }

  public int size() {
    return size;
  }

  public ClusterColumns columns() {
    return columns;
  }

  public AttributeDictionary dictionary(ClusterAttribute attribute) {
    return switch (attribute) {
      case PROPERTY_TYPE -> typeDictionary;
      case STATUS -> statusDictionary;
      default -> throw new IllegalArgumentException(attribute + " is not dictionary-encoded");
    };
  }

  /**
   * The rows regrouped for filtered low-zoom tiles, built on first use. A main index
   * builds it up front ({@link #prepare}) so no request waits for it; a delta never needs it.
   */
  LowZoomOrder lowZoomOrder() {
    LowZoomOrder order = lowZoomOrder;
    if (order == null) {
      synchronized (this) {
        order = lowZoomOrder;
        if (order == null) {
          order = new LowZoomOrder(this);
          lowZoomOrder = order;
        }
      }
    }
    return order;
  }

  /**
   * Builds {@link #lowZoomOrder} and {@link #tallies} now, on the calling thread, the tallies with
   * price edges from this index's own prices; returns this index.
   */
  public ClusterIndex prepare() {
    lowZoomOrder();
    tallies();
    return this;
  }

  /**
   * As {@link #prepare()}, with {@code edges} (a merged index keeps its predecessor's, so a source's
   * histogram stays put); returns this index.
   */
  ClusterIndex prepare(PriceEdges edges) {
    lowZoomOrder();
    tallies(edges);
    return this;
  }

  /** The stats' per-block counts, built on first use unless {@link #prepare prepared}. */
  BlockTallies tallies() {
    return tallies(null);
  }

  /** The tallies, built now if not yet with {@code edges}, or when null with edges of this index's prices. */
  private BlockTallies tallies(PriceEdges edges) {
    BlockTallies built = tallies;
    if (built == null) {
      synchronized (this) {
        built = tallies;
        if (built == null) {
          built = new BlockTallies(this, edges != null ? edges : PriceEdges.of(ClusterSnapshot.of(this)));
          tallies = built;
        }
      }
    }
    return built;
  }

  /** The price histogram's bucket edges: from this index's prices, or inherited through merges. */
  public PriceEdges priceEdges() {
    return tallies().edges();
  }

  /** The first row whose key is ≥ {@code key} ({@link #size} when none is). */
  public int firstRow(long key) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (keys[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** First row of the tile. */
  public int tileStart(TileCoord tile) {
    return firstRow(MortonKey.rangeStart(MortonKey.interleave(tile.x(), tile.y()), tile.z()));
  }

  /** One past the last row of the tile. */
  public int tileEnd(TileCoord tile) {
    return firstRow(MortonKey.rangeEnd(MortonKey.interleave(tile.x(), tile.y()), tile.z()));
  }

  public long key(int row) {
    return keys[row];
  }

  public long id(int row) {
    return ids.get(row);
  }

  /** Web-Mercator x (world fraction) of the row, at the centre of its quantum. */
  public double x(int row) {
    return MortonKey.fraction(MortonKey.x(keys[row]));
  }

  public double y(int row) {
    return MortonKey.fraction(MortonKey.y(keys[row]));
  }

  public double lon(int row) {
    return WebMercator.lon(x(row));
  }

  public double lat(int row) {
    return WebMercator.lat(y(row));
  }

  /** The price, or -1 when NULL. */
  public int price(int row) {
    return prices[row];
  }

  public ClusterRow row(int row) {
    int price = prices[row];
    int beds = bedrooms[row];
    int baths = bathrooms[row];
    int sqft = sqfts[row];
    return new ClusterRow(ids.get(row), lon(row), lat(row),
        price < 0 ? null : (long) price,
        beds < 0 ? null : beds,
        baths < 0 ? null : baths / 2.0,
        sqft < 0 ? null : sqft,
        typeDictionary.value(types[row] & 0xFF),
        statusDictionary.value(statuses[row] & 0xFF));
  }

  /** Heap bytes of the columns and per-block structures (array headers aside). */
  public long memoryBytes() {
    LowZoomOrder order = lowZoomOrder;
    BlockTallies counts = tallies;
    return (long) keys.length * (ids.bytesPerRow() + 8 + 4 + 4 + 1 + 1 + 1 + 1) + sums.bytes()
        + bounds.bytes() + (order == null ? 0 : order.bytes()) + (counts == null ? 0 : counts.bytes());
  }
}
