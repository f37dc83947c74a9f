package io.tileserver.cluster;

import java.util.Arrays;

/**
 * Applies one {@link ChangeBatch} to a snapshot, giving the next snapshot and the tiles that changed.
 * A pure function of its inputs (the live index calls it under its write lock, and again to replay
 * batches onto a freshly merged main). Each touched id is live in at most one place — a main row
 * not marked dead, or a delta row — and stays so: its old row is retired before its new one lands.
 */
final class BatchApplier {
  /** The next snapshot (null when nothing changed), its changed tiles, and rows that came back as they were. */
  record Result(ClusterSnapshot snapshot, ChangedTiles tiles, int unchangedRows) {}

  private BatchApplier() {}

  static Result apply(ClusterSnapshot s, IdOrder order, ChangeBatch batch, int reportMaxZoom) {
    ClusterIndex main = s.main;
    ClusterIndex delta = s.delta;
    ClusterIndex upserts = batch.upserts;
    long[] touched = batch.touched;
    int t = touched.length;
    int[] oldMain = new int[t];
    int[] oldDelta = new int[t];
    int[] newRow = new int[t];
    Arrays.fill(oldDelta, -1);
    Arrays.fill(newRow, -1);
    for (int k = 0; k < t; k++) {
      int row = order.find(main, touched[k]);
      oldMain[k] = row >= 0 && !s.dead.isDead(row) ? row : -1;
    }
    for (int j = 0; j < delta.size; j++) {
      int k = Arrays.binarySearch(touched, delta.id(j));
      if (k >= 0) {
        oldDelta[k] = j;
      }
    }
    for (int u = 0; u < upserts.size; u++) {
      newRow[Arrays.binarySearch(touched, upserts.id(u))] = u;
    }

    boolean[] effective = new boolean[t];
    int changed = 0;
    int unchanged = 0;
    int deadCount = 0;
    int droppedDelta = 0;
    int added = 0;
    int[] dead = new int[t];
    long[] keys = new long[2 * t];
    int keyCount = 0;
    for (int k = 0; k < t; k++) {
      boolean inMain = oldMain[k] >= 0;
      boolean inDelta = oldDelta[k] >= 0;
      int u = newRow[k];
      if (u >= 0 && (inMain && PackedRows.samePacked(main, oldMain[k], upserts, u)
          || inDelta && PackedRows.samePacked(delta, oldDelta[k], upserts, u))) {
        unchanged++;
        continue;
      }
      if (u < 0 && !inMain && !inDelta) {
        continue;
      }
      effective[k] = true;
      changed++;
      if (inMain) {
        dead[deadCount++] = oldMain[k];
        keys[keyCount++] = main.keys[oldMain[k]];
      }
      if (inDelta) {
        droppedDelta++;
        keys[keyCount++] = delta.keys[oldDelta[k]];
      }
      if (u >= 0) {
        added++;
        keys[keyCount++] = upserts.keys[u];
      }
    }
    if (changed == 0) {
      return new Result(null, null, unchanged);
    }

    PackedRows rows = new PackedRows(delta.size - droppedDelta + added, delta.ids.isWide() || upserts.ids.isWide());
    int j = 0;
    int u = 0;
    while (true) {
      j = nextKeptDelta(delta, j, touched, effective);
      u = nextAddedUpsert(upserts, u, touched, effective);
      boolean deltaLeft = j < delta.size;
      boolean upsertLeft = u < upserts.size;
      if (!deltaLeft && !upsertLeft) {
        break;
      }
      if (deltaLeft && (!upsertLeft || delta.keys[j] <= upserts.keys[u])) {
        rows.append(delta, j++);
      } else {
        rows.append(upserts, u++);
      }
    }
    long version = s.version() + 1;
    ClusterSnapshot next = new ClusterSnapshot(main, s.dead.with(dead, deadCount, main), rows.toIndex(main),
        version);
    return new Result(next, ChangedTiles.of(keys, keyCount, reportMaxZoom, changed, version), unchanged);
  }

  /** The first delta row at or after {@code j} whose id the batch leaves alone. */
  private static int nextKeptDelta(ClusterIndex delta, int j, long[] touched, boolean[] effective) {
    while (j < delta.size) {
      int k = Arrays.binarySearch(touched, delta.id(j));
      if (k < 0 || !effective[k]) {
        return j;
      }
      j++;
    }
    return j;
  }

  /** The first upsert at or after {@code u} that really changes its row. */
  private static int nextAddedUpsert(ClusterIndex upserts, int u, long[] touched, boolean[] effective) {
    while (u < upserts.size && !effective[Arrays.binarySearch(touched, upserts.id(u))]) {
      u++;
    }
    return u;
  }
}
