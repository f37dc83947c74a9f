package io.tileserver.cluster;

import java.util.Arrays;

/**
 * The rows of a main {@link ClusterIndex} that a live index has deleted or superseded: one bit per
 * row, plus one bit per {@link BlockSums} block that holds any, so a scan asks once per block
 * whether it must look at rows at all. A dirty block cannot use the precomputed block sums.
 * Immutable: {@link #with} copies (1 bit a row: 1.25 MB at 10M rows), which is what lets readers
 * use a snapshot without locks while a writer prepares the next one.
 */
final class Tombstones {
  static final Tombstones NONE = new Tombstones(new long[0], new long[0], 0);

  private final long[] rows;
  private final long[] blocks;
  private final int count;

  private Tombstones(long[] rows, long[] blocks, int count) {
    this.rows = rows;
    this.blocks = blocks;
    this.count = count;
  }

  /** Rows marked dead. */
  int count() {
    return count;
  }

  boolean isDead(int row) {
    return count != 0 && (rows[row >>> 6] >>> row & 1) != 0;
  }

  /** Dead bits of rows {@code 64·w .. 64·w+63}. */
  long word(int w) {
    return count == 0 ? 0 : rows[w];
  }

  /** Is any row of {@code [from, to)} dead? At most a few words read for a short range. */
  boolean anyIn(int from, int to) {
    if (count == 0 || from >= to) {
      return false;
    }
    int last = (to - 1) >>> BlockSums.BLOCK_BITS;
    return nextDirtyBlock(from >>> BlockSums.BLOCK_BITS, last + 1) <= last;
  }

  boolean isDirtyBlock(int block) {
    return count != 0 && (blocks[block >>> 6] >>> block & 1) != 0;
  }

  /** The first dirty block in {@code [from, to)}, or {@code to}. */
  int nextDirtyBlock(int from, int to) {
    if (count == 0) {
      return to;
    }
    int word = from >>> 6;
    long bits = from < to ? blocks[word] & (-1L << from) : 0;
    while (true) {
      if (bits != 0) {
        return Math.min(to, (word << 6) + Long.numberOfTrailingZeros(bits));
      }
      word++;
      if ((word << 6) >= to) {
        return to;
      }
      bits = blocks[word];
    }
  }

  /** Zeroes {@code match[j]} where row {@code from + j} is dead, for j below {@code length}. */
  void clearDead(int from, int length, int[] match) {
    long[] bits = rows;
    for (int j = 0; j < length; j++) {
      int i = from + j;
      match[j] &= ~(int) (bits[i >>> 6] >>> i) & 1;
    }
  }

  /** A copy with the first {@code n} of {@code dead} also marked, over a main of {@code mainSize} rows. */
  Tombstones with(int[] dead, int n, int mainSize) {
    if (n == 0) {
      return this;
    }
    long[] r = count == 0 ? new long[(mainSize + 63) >>> 6] : rows.clone();
    long[] b = count == 0 ? new long[(((mainSize + BlockSums.BLOCK - 1) >>> BlockSums.BLOCK_BITS) + 63) >>> 6]
        : blocks.clone();
    int c = count;
    for (int k = 0; k < n; k++) {
      int row = dead[k];
      long bit = 1L << row;
      if ((r[row >>> 6] & bit) == 0) {
        r[row >>> 6] |= bit;
        int block = row >>> BlockSums.BLOCK_BITS;
        b[block >>> 6] |= 1L << block;
        c++;
      }
    }
    return new Tombstones(r, b, c);
  }

  @Override
  public String toString() {
    return count + " dead rows in " + Arrays.stream(blocks).map(Long::bitCount).sum() + " blocks";
  }
}
