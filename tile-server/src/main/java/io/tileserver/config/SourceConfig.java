package io.tileserver.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tileserver.filter.FilterSpec;
import java.util.List;
import java.util.Map;

/**
 * One configured source. Table sources override what discovery finds; function sources name a
 * {@code f(z, x, y[, query])} returning bytea. Unset keys keep discovered values or defaults.
 *
 * @param kind table (default), function, cluster, geojson, csv, mbtiles or pmtiles; with a {@code file} and no
 *     kind, told by the file's extension ({@link FileKinds})
 * @param file geojson, csv, mbtiles and pmtiles sources: the file; cluster sources: a CSV or GeoJSON
 *     file of listings read instead of the table (no change feed)
 * @param database table and function sources: the name of the {@code database.others} entry they
 *     read, instead of the main database
 * @param properties the columns published as attributes (default: every column of a supported type)
 * @param maxFeatures at most this many features per tile (default: no limit)
 * @param defaultSource part of the default composite served at {@code /tiles/{z}/{x}/{y}.pbf}
 * @param cacheControl the {@code Cache-Control} of this source's tiles no {@code cache} rule covers
 *     (default: the server's policy)
 * @param cache per-zoom-range {@code Cache-Control} policies of this source's tiles
 * @param clusterMaxzoom cluster sources: below this zoom points are aggregated, from it on they are
 *     served one by one (default 14)
 * @param cellSize cluster sources: the cell edge in pixels of a 512-px tile, a power of two (default 64)
 * @param sync cluster sources: scanning, merging and following the table ({@link ClusterSyncConfig})
 * @param changes table sources: {@code notify} follows the table's tile change feed (the triggers of
 *     sql/changes/010 or {@code tile-server changes install}) and retires the tiles a change touches;
 *     unset or {@code none}: tiles stay cached until their TTL or a purge
 * @param dependsOn function sources: the tables ({@code name} or {@code schema.name}) the function
 *     reads; the source follows their change feeds as a table source with {@code changes: notify} does
 */
public record SourceConfig(
    String kind,
    String description,
    String schema,
    String table,
    String function,
    String geometryColumn,
    String idColumn,
    Integer srid,
    String layer,
    List<String> properties,
    Integer minzoom,
    Integer maxzoom,
    List<Double> bounds,
    Integer extent,
    Integer buffer,
    Boolean clip,
    Integer maxFeatures,
    @JsonProperty("default") Boolean defaultSource,
    Map<String, FilterSpec> filters,
    String cacheControl,
    List<CacheRule> cache,
    Integer cacheMinzoom,
    Integer cacheMaxzoom,
    Integer clusterMaxzoom,
    Integer cellSize,
    ClusterSyncConfig sync,
    String changes,
    List<String> dependsOn,
    String file,
    String database) {
  private static final List<String> KINDS =
      List.of("table", "function", "cluster", "geojson", "csv", "mbtiles", "pmtiles");

  public SourceConfig {
    kind = kind == null ? (file != null ? FileKinds.ofFile(file) : function != null ? "function" : "table") : kind;
    InvalidValue.require(KINDS.contains(kind), "kind",
        "must be table, function, cluster, geojson, csv, mbtiles or pmtiles, was " + kind);
    boolean fromFile = FileKinds.FILE_KINDS.contains(kind);
    InvalidValue.require(!fromFile || (file != null && !file.isBlank()), "file",
        "is required for a " + kind + " source (the path of the file)");
    InvalidValue.require(fromFile || kind.equals("cluster") || file == null, "file", "is for geojson, csv, cluster,"
        + " mbtiles and pmtiles sources; a " + kind + " source reads the database");
    InvalidValue.require(file == null || table == null, "table",
        "and file exclude each other: the source reads the file " + file);
    InvalidValue.require(!kind.equals("function") || function != null, "function",
        "is required for a function source (the SQL function's name)");
    InvalidValue.require(database == null || kind.equals("table") || kind.equals("function"), "database",
        "is for table and function sources; a " + kind + " source reads the main database or a file");
    extent = extent == null ? 4096 : extent;
    InvalidValue.require(extent >= 256 && extent <= 65536, "extent", "must be 256..65536, was " + extent);
    buffer = buffer == null ? 64 : buffer;
    InvalidValue.require(buffer >= 0 && buffer <= extent / 2, "buffer", "must be 0..extent/2, was " + buffer);
    clip = clip == null || clip;
    InvalidValue.require(minzoom == null || (minzoom >= 0 && minzoom <= 30), "minzoom", "must be 0..30, was " + minzoom);
    InvalidValue.require(maxzoom == null || (maxzoom >= 0 && maxzoom <= 30), "maxzoom", "must be 0..30, was " + maxzoom);
    InvalidValue.require(minzoom == null || maxzoom == null || minzoom <= maxzoom, "minzoom",
        "must not exceed maxzoom (" + maxzoom + "), was " + minzoom);
    InvalidValue.require(maxFeatures == null || maxFeatures > 0, "max-features", "must be positive, was " + maxFeatures);
    InvalidValue.require(bounds == null || bounds.size() == 4, "bounds",
        "must be [west, south, east, north], was " + bounds);
    defaultSource = defaultSource != null && defaultSource;
    clusterMaxzoom = clusterMaxzoom == null ? 14 : clusterMaxzoom;
    InvalidValue.require(clusterMaxzoom >= 1 && clusterMaxzoom <= 21, "cluster-maxzoom",
        "must be 1..21, was " + clusterMaxzoom);
    cellSize = cellSize == null ? 64 : cellSize;
    InvalidValue.require(cellSize >= 8 && cellSize <= 256 && Integer.bitCount(cellSize) == 1, "cell-size",
        "must be a power of two in 8..256, was " + cellSize);
    sync = sync == null ? ClusterSyncConfig.DEFAULTS : sync;
    filters = filters == null ? Map.of() : Map.copyOf(filters);
    InvalidValue.require(!filters.containsKey("v"), "filters.v",
        "is reserved: ?v= carries the data version in tile URLs; name the filter otherwise");
    cache = cache == null ? List.of() : List.copyOf(cache);
    changes = changes == null ? "none" : changes;
    InvalidValue.require(List.of("notify", "none").contains(changes), "changes", "must be notify or none, was " + changes);
    InvalidValue.require(changes.equals("none") || kind.equals("table"), "changes",
        "is for table sources; a " + kind + " source "
            + (kind.equals("function") ? "names the tables it reads in depends-on" : "follows its table through sync"));
    dependsOn = dependsOn == null ? List.of() : dependsOn;
    InvalidValue.require(dependsOn.stream().noneMatch(t -> t == null || t.isBlank()), "depends-on",
        "must name tables (name or schema.name), was " + dependsOn);
    dependsOn = List.copyOf(dependsOn);
    InvalidValue.require(dependsOn.isEmpty() || kind.equals("function"), "depends-on",
        "is for function sources; a table source follows its own table with changes: notify");
  }

  /** Whether this source reads PostgreSQL: table and function sources, and cluster sources without a file. */
  public boolean needsDatabase() {
    return kind.equals("table") || kind.equals("function") || (kind.equals("cluster") && file == null);
  }

  /** Whether this source retires tiles on its tables' change feeds. */
  public boolean followsChanges() {
    return changes.equals("notify") || !dependsOn.isEmpty();
  }
}
