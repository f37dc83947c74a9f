package io.tileserver.cluster;

import io.tileserver.tile.WebMercator;

/**
 * The space-filling key the index is sorted by: the Web-Mercator position quantized to 31 bits per
 * axis ({@code X = floor(x·2^31)}, likewise Y), bits interleaved X-even/Y-odd into a 62-bit Z-order
 * (Morton) code. The top {@code 2z} bits of a key are the Morton code of its tile at zoom z, so every
 * quadtree node — a tile, or a grid cell that is a tile of a deeper zoom — is one contiguous key
 * range: {@link #rangeStart} inclusive to {@link #rangeEnd} exclusive.
 *
 * <p>Interleaving uses {@link Long#expand}/{@link Long#compress}, which HotSpot compiles to the
 * BMI2 PDEP/PEXT instructions on x86 (one cycle each) and to a bit loop elsewhere.
 */
public final class MortonKey {
  /** Bits per axis; a quantum is 2^-31 of the world (about 1.9 cm at the equator). */
  public static final int BITS = 31;
  /** Deepest zoom whose nodes are ranges of the key. */
  public static final int MAX_ZOOM = BITS;
  static final long EVEN = 0x5555_5555_5555_5555L;
  static final long ODD = 0xAAAA_AAAA_AAAA_AAAAL;
  private static final long MAX_COORD = (1L << BITS) - 1;
  private static final double SCALE = 1L << BITS;

  private MortonKey() {}

  /** {@code floor(fraction·2^31)}, clamped so the east/south world edge falls in the last quantum. */
  public static int quantize(double fraction) {
    return (int) Math.max(0, Math.min(MAX_COORD, (long) Math.floor(fraction * SCALE)));
  }

  public static long of(double lon, double lat) {
    return interleave(quantize(WebMercator.x(lon)), quantize(WebMercator.y(lat)));
  }

  /** Morton code of (x, y), each in [0, 2^bits) for any bits ≤ 31. */
  public static long interleave(long x, long y) {
    return Long.expand(x, EVEN) | Long.expand(y, ODD);
  }

  public static int x(long key) {
    return (int) Long.compress(key, EVEN);
  }

  public static int y(long key) {
    return (int) Long.compress(key, ODD);
  }

  /** The Morton code of the quadtree node at {@code zoom} that holds {@code key}. */
  public static long node(long key, int zoom) {
    return key >>> shift(zoom);
  }

  /** First key of the node with Morton code {@code node} at {@code zoom}. */
  public static long rangeStart(long node, int zoom) {
    return node << shift(zoom);
  }

  /** One past the last key of the node (2^62 for the last node: keys are below it). */
  public static long rangeEnd(long node, int zoom) {
    return (node + 1) << shift(zoom);
  }

  static int shift(int zoom) {
    if (zoom < 0 || zoom > MAX_ZOOM) {
      throw new IllegalArgumentException("zoom must be 0.." + MAX_ZOOM + ", was " + zoom);
    }
    return 2 * (BITS - zoom);
  }

  /** The centre of the quantum at X or Y, as a world fraction. */
  public static double fraction(double quantum) {
    return (quantum + 0.5) / SCALE;
  }
}
