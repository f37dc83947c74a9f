package io.tileserver.cluster;

import io.vertx.core.Future;

/**
 * A cluster index in service and what its load met: what a cluster source reads tiles from. A
 * table's index is kept current by its change feed ({@code sync.ClusterSync}); a file's stays as it
 * was read ({@link FixedIndex}).
 */
public interface LoadedIndex {
  /** The live index: query it (or a snapshot of it) from any thread. */
  LiveClusterIndex index();

  /** What the initial load read (rows, rows without geometry, timings). */
  ClusterLoad load();

  /** Stops whatever keeps the index current and closes it (queries keep answering from its last snapshot). */
  Future<Void> close();
}
