package io.tileserver.cluster;

import io.vertx.core.Future;

/** An index loaded once from a file: nothing follows it, so it never changes. */
public record FixedIndex(LiveClusterIndex index, ClusterLoad load) implements LoadedIndex {
  @Override
  public Future<Void> close() {
    index.close();
    return Future.succeededFuture();
  }
}
