package io.tileserver.cluster;

import java.util.Arrays;

/**
 * A low-zoom order's groups while it is built: for each group its zoom-7 node, a tag (a member row,
 * the group's bedrooms, or none) and its first position, appended in position order.
 */
final class GroupDirectory {
  int[] node = new int[1024];
  int[] tag = new int[1024];
  int[] start = new int[1024];
  int count;

  void add(int n, int t, int first) {
    if (count == node.length) {
      node = Arrays.copyOf(node, 2 * count);
      tag = Arrays.copyOf(tag, 2 * count);
      start = Arrays.copyOf(start, 2 * count);
    }
    node[count] = n;
    tag[count] = t;
    start[count++] = first;
  }

  /** The first group of {@code node} in a built directory's ascending {@code nodes} (its length when none is at or after it). */
  static int firstOf(int[] nodes, int node) {
    int lo = 0;
    int hi = nodes.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (nodes[mid] < node) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The first positions with {@code size} appended: group {@code g} is [starts[g], starts[g + 1]). */
  int[] starts(int size) {
    int[] starts = Arrays.copyOf(start, count + 1);
    starts[count] = size;
    return starts;
  }
}
