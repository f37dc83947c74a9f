package io.tileserver.cluster;

/**
 * A binary min-heap of item numbers ordered by (rank, id) pairs kept in parallel arrays by its user:
 * built in linear time, so a walk that stops early pays a logarithm only for the items it takes.
 */
final class RankHeap {
  private RankHeap() {}

  /** Items {@code 0 .. n-1} as a heap. */
  static int[] of(int n, long[] rank, long[] id) {
    int[] heap = new int[n];
    for (int i = 0; i < n; i++) {
      heap[i] = i;
    }
    for (int i = n / 2 - 1; i >= 0; i--) {
      siftDown(heap, n, i, rank, id);
    }
    return heap;
  }

  /** Restores the order of {@code heap[0, n)} below position {@code i}, whose item's pair changed or was replaced. */
  static void siftDown(int[] heap, int n, int i, long[] rank, long[] id) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= n) {
        return;
      }
      int child = left + 1 < n && before(heap[left + 1], heap[left], rank, id) ? left + 1 : left;
      if (!before(heap[child], heap[i], rank, id)) {
        return;
      }
      int t = heap[i];
      heap[i] = heap[child];
      heap[child] = t;
      i = child;
    }
  }

  private static boolean before(int a, int b, long[] rank, long[] id) {
    return rank[a] < rank[b] || (rank[a] == rank[b] && id[a] < id[b]);
  }
}
