package io.tileserver.bench.cluster;

import io.tileserver.cluster.ClusterIndex;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Prints the heap an index of N generated points really occupies (live heap after a full GC, with
 * and without the index) beside the index's own column count, for the bytes/point figure. Not a
 * timing benchmark: heap is measured once.
 *
 * <p>Usage: {@code IndexMemoryReport 10000000}
 */
public final class IndexMemoryReport {
  private IndexMemoryReport() {}

  public static void main(String[] args) {
    int points = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = liveHeap(memory);
    ClusterIndex index = GeneratedIndex.build(points);
    long after = liveHeap(memory);
    System.out.printf("points=%d liveHeapBytesPerPoint=%.2f columnBytesPerPoint=%.2f%n", index.size(),
        (double) (after - before) / index.size(), (double) index.memoryBytes() / index.size());
  }

  private static long liveHeap(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
