package io.tileserver.source.cluster;

import io.tileserver.cluster.ClusterColumns;

/** How one cluster source reads its table and lays out its tiles. */
record ClusterSettings(
    ClusterColumns columns, String layer, int extent, int buffer, int clusterMaxzoom, int cellSize, int maxFeatures) {}
