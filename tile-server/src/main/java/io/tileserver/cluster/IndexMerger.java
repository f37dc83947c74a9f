package io.tileserver.cluster;

/**
 * Folds a snapshot's delta into a new main index by merging two sorted runs — main's live rows and
 * the delta's rows, both in key order — so no re-sort: stretches of main between delta keys and
 * outside dirty blocks are copied with {@link System#arraycopy}. The id order of the new main is
 * merged the same way from the old one (mapped through the new row numbers) and the delta's, which
 * is the only part sorted (it is small). Costs the new columns plus two int arrays of main's size
 * while the old snapshot keeps serving; runs on the live index's merge thread.
 */
final class IndexMerger {
  /** The new main and its id order. */
  record Merged(ClusterIndex main, IdOrder order) {}

  private final ClusterSnapshot from;
  private final ClusterIndex main;
  private final Tombstones dead;
  private final PackedRows out;
  private final int[] oldToNew;

  private IndexMerger(ClusterSnapshot from) {
    this.from = from;
    this.main = from.main;
    this.dead = from.dead;
    this.out = new PackedRows(from.size(), main.ids.isWide() || from.delta.ids.isWide());
    this.oldToNew = new int[main.size];
  }

  static Merged merge(ClusterSnapshot snapshot, IdOrder order) {
    return new IndexMerger(snapshot).run(order);
  }

  private Merged run(IdOrder order) {
    ClusterIndex delta = from.delta;
    int[] deltaToNew = new int[delta.size];
    int next = 0;
    for (int j = 0; j < delta.size; j++) {
      int upTo = CellAggregator.gallop(main.keys, delta.keys[j] + 1, next, main.size);
      copyLive(next, upTo);
      next = upTo;
      deltaToNew[j] = out.append(delta, j);
    }
    copyLive(next, main.size);
    ClusterIndex merged = out.toIndex(main).prepare(main.priceEdges());
    return new Merged(merged, new IdOrder(mergeIdOrder(order, delta, deltaToNew)));
  }

  /** Appends main's live rows of {@code [start, end)}, recording where each lands. */
  private void copyLive(int start, int end) {
    int s = start;
    while (s < end) {
      int block = s >>> BlockSums.BLOCK_BITS;
      int stop;
      if (dead.isDirtyBlock(block)) {
        stop = Math.min(end, (block + 1) << BlockSums.BLOCK_BITS);
        for (int r = s; r < stop; r++) {
          oldToNew[r] = dead.isDead(r) ? -1 : out.append(main, r);
        }
      } else {
        int lastBlock = (end - 1) >>> BlockSums.BLOCK_BITS;
        stop = (int) Math.min(end, (long) dead.nextDirtyBlock(block, lastBlock + 1) << BlockSums.BLOCK_BITS);
        int at = out.append(main, s, stop);
        for (int r = s; r < stop; r++) {
          oldToNew[r] = at + (r - s);
        }
      }
      s = stop;
    }
  }

  /** New rows in id order: main's survivors (already in id order) merged with the delta's rows. */
  private int[] mergeIdOrder(IdOrder order, ClusterIndex delta, int[] deltaToNew) {
    long[] deltaIds = new long[delta.size];
    for (int j = 0; j < delta.size; j++) {
      deltaIds[j] = delta.id(j) ^ Long.MIN_VALUE;
    }
    int[] deltaByIds = KeySorter.sort(deltaIds, delta.size).order();
    int[] rows = new int[out.size()];
    int w = 0;
    int a = 0;
    int b = 0;
    while (true) {
      while (a < order.size() && oldToNew[order.row(a)] < 0) {
        a++;
      }
      boolean mainLeft = a < order.size();
      boolean deltaLeft = b < deltaByIds.length;
      if (!mainLeft && !deltaLeft) {
        return rows;
      }
      if (mainLeft && (!deltaLeft || main.id(order.row(a)) < delta.id(deltaByIds[b]))) {
        rows[w++] = oldToNew[order.row(a++)];
      } else {
        rows[w++] = deltaToNew[deltaByIds[b++]];
      }
    }
  }
}
