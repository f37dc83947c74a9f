package io.tileserver.cluster;

/** Receives a group's run {@code [from, to)} of positions in one of the low-zoom orders. */
@FunctionalInterface
interface RunSink {
  void accept(int group, int from, int to);
}
