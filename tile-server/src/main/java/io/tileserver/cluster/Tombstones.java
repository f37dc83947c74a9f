package io.tileserver.cluster;

/**
 * The rows of a main {@link ClusterIndex} that a live index has deleted or superseded: one bit per
 * row, plus one bit per {@link BlockSums} block that holds any, so a scan asks once per block
 * whether it must look at rows at all. Per dirty block it also keeps the dead rows' share of the
 * block sums (count, X, Y, price sum, priced rows) and whether a dead row held the block's min or
 * max price, so an unfiltered scan takes a dirty block's sums less that share in one step, and only
 * scans rows when the survivors' price extremes are unknown.
 *
 * <p>Immutable: {@link #with} copies (a bit a row plus ~30 bytes a block: 1.6 MB at 10M rows), which
 * is what lets readers use a snapshot without locks while a writer prepares the next one.
 */
final class Tombstones {
  static final Tombstones NONE = new Tombstones(new long[0], new long[0], new long[0], null, 0);

  private final long[] rows;
  private final long[] blocks;
  private final long[] extremes;
  private final DeadShare share;
  private final int count;

  /** The dead rows' share of each full block's sums. */
  private record DeadShare(int[] count, long[] sumX, long[] sumY, long[] sumPrice, int[] priced) {
    static DeadShare of(int fullBlocks) {
      return new DeadShare(new int[fullBlocks], new long[fullBlocks], new long[fullBlocks], new long[fullBlocks],
          new int[fullBlocks]);
    }

    DeadShare copy() {
      return new DeadShare(count.clone(), sumX.clone(), sumY.clone(), sumPrice.clone(), priced.clone());
    }
  }

  private Tombstones(long[] rows, long[] blocks, long[] extremes, DeadShare share, int count) {
    this.rows = rows;
    this.blocks = blocks;
    this.extremes = extremes;
    this.share = share;
    this.count = count;
  }

  /** Rows marked dead. */
  int count() {
    return count;
  }

  boolean isDead(int row) {
    return count != 0 && (rows[row >>> 6] >>> row & 1) != 0;
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

  /** Did a dead row of this (full) block hold its min or max price? Its survivors' extremes are unknown then. */
  boolean hidesExtreme(int block) {
    return (extremes[block >>> 6] >>> block & 1) != 0;
  }

  int deadCount(int block) {
    return share.count[block];
  }

  long deadSumX(int block) {
    return share.sumX[block];
  }

  long deadSumY(int block) {
    return share.sumY[block];
  }

  long deadSumPrice(int block) {
    return share.sumPrice[block];
  }

  int deadPriced(int block) {
    return share.priced[block];
  }

  /** Dead rows in {@code [from, to)}: a population count over their words. */
  int countIn(int from, int to) {
    if (count == 0 || from >= to) {
      return 0;
    }
    int first = from >>> 6;
    int last = (to - 1) >>> 6;
    if (first == last) {
      return Long.bitCount(rows[first] & (-1L << from) & (-1L >>> (63 - ((to - 1) & 63))));
    }
    int n = Long.bitCount(rows[first] & (-1L << from)) + Long.bitCount(rows[last] & (-1L >>> (63 - ((to - 1) & 63))));
    for (int w = first + 1; w < last; w++) {
      n += Long.bitCount(rows[w]);
    }
    return n;
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

  /** The first dead row in {@code [from, to)}, or {@code to}. */
  int nextDead(int from, int to) {
    if (count == 0 || from >= to) {
      return to;
    }
    int word = from >>> 6;
    long bits = rows[word] & (-1L << from);
    while (bits == 0) {
      word++;
      if ((word << 6) >= to) {
        return to;
      }
      bits = rows[word];
    }
    return Math.min(to, (word << 6) + Long.numberOfTrailingZeros(bits));
  }

  /** Drops the dead rows from the first {@code n} of {@code selected}, in place; returns how many are left. */
  int keepLive(int[] selected, int n) {
    long[] bits = rows;
    int kept = 0;
    for (int r = 0; r < n; r++) {
      int i = selected[r];
      selected[kept] = i;
      kept += ~(int) (bits[i >>> 6] >>> i) & 1;
    }
    return kept;
  }

  /** A copy with the first {@code n} of {@code dead} (rows of {@code main}) also marked. */
  Tombstones with(int[] dead, int n, ClusterIndex main) {
    if (n == 0) {
      return this;
    }
    int blockCount = (main.size + BlockSums.BLOCK - 1) >>> BlockSums.BLOCK_BITS;
    int fullBlocks = main.size >>> BlockSums.BLOCK_BITS;
    boolean fresh = count == 0;
    long[] r = fresh ? new long[(main.size + 63) >>> 6] : rows.clone();
    long[] b = fresh ? new long[(blockCount + 63) >>> 6] : blocks.clone();
    long[] e = fresh ? new long[(blockCount + 63) >>> 6] : extremes.clone();
    DeadShare s = fresh ? DeadShare.of(fullBlocks) : share.copy();
    int c = count;
    for (int k = 0; k < n; k++) {
      int row = dead[k];
      long bit = 1L << row;
      if ((r[row >>> 6] & bit) != 0) {
        continue;
      }
      r[row >>> 6] |= bit;
      int block = row >>> BlockSums.BLOCK_BITS;
      b[block >>> 6] |= 1L << block;
      c++;
      if (block < fullBlocks) {
        long key = main.keys[row];
        int price = main.prices[row];
        s.count[block]++;
        s.sumX[block] += MortonKey.x(key);
        s.sumY[block] += MortonKey.y(key);
        if (price >= 0) {
          s.sumPrice[block] += price;
          s.priced[block]++;
          if (main.sums.isExtreme(block, price)) {
            e[block >>> 6] |= 1L << block;
          }
        }
      }
    }
    return new Tombstones(r, b, e, s, c);
  }

  @Override
  public String toString() {
    return count + " dead rows";
  }
}
