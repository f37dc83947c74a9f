package io.tileserver.cluster;

/**
 * The outcome of loading a cluster index: the index and what the load met on the way.
 *
 * @param rowsRead rows the query returned
 * @param rowsWithoutGeometry rows skipped because their geometry was NULL
 * @param clampedPrices rows whose price exceeded the packed int and was clamped
 * @param readMillis time streaming the table; {@code buildMillis} time sorting it into the index
 */
public record ClusterLoad(
    ClusterIndex index, long rowsRead, long rowsWithoutGeometry, long clampedPrices, long readMillis, long buildMillis) {}
