package io.tileserver.source.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tileserver.cluster.LiveIndexOptions;
import io.tileserver.cluster.sync.SyncOptions;
import io.tileserver.config.ConfigException;
import io.tileserver.config.ConfigLoader;
import io.tileserver.config.EnvSubstitution;
import io.tileserver.config.SourceConfig;
import io.tileserver.filter.FilterSet;
import io.tileserver.source.Deadline;
import io.tileserver.source.SourceUnavailableException;
import io.tileserver.source.WorkerLane;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterSourceLoadingTest {
  private final Vertx vertx = Vertx.vertx();
  private final WorkerLane lane = new WorkerLane(vertx, "cluster", 1, 0, new SimpleMeterRegistry());

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static SourceConfig config(String yaml) {
    return new ConfigLoader(new EnvSubstitution(Map.<String, String>of()::get)).parse(yaml).sources().get("listings");
  }

  @Test
  void tilesAre503WhileTheIndexLoads() {
    ClusterSource source = ClusterSources.create(lane, "listings", config("sources: {listings: {kind: cluster}}"));
    assertThat(source.isLoaded()).isFalse();
    assertThatThrownBy(() -> source.getTile(new TileCoord(0, 0, 0), FilterSet.NONE, Deadline.after(System.nanoTime(), 60_000)).await())
        .isInstanceOfSatisfying(SourceUnavailableException.class, e -> assertThat(e.retryAfterSeconds()).isPositive());
  }

  @Test
  void aFilterOnAColumnTheIndexDoesNotKeepIsAConfigErrorNamingTheKey() {
    assertThatThrownBy(() -> ClusterSources.create(lane, "listings", config("""
        sources:
          listings:
            kind: cluster
            filters: {city: {column: city, op: "=", type: text}}
        """)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("sources.listings.filters: ")
        .hasMessageContaining("city");
  }

  @Test
  void theTileJsonFieldsUseMapLibreClusterNames() {
    ClusterSource source = ClusterSources.create(lane, "listings", config("sources: {listings: {kind: cluster}}"));
    assertThat(source.info().layers().get(0).fields()).containsKeys(
        "cluster", "cluster_id", "point_count", "point_count_abbreviated", "price_min", "price_avg", "price_max",
        "id", "price", "bedrooms", "bathrooms", "sqft", "property_type", "status");
    assertThat(source.info().kind()).isEqualTo("cluster");
  }

  @Test
  void theConfiguredCellSizeClusterMaxzoomAndMaxzoomReachTheLiveIndex() {
    LiveIndexOptions options = ClusterSources.indexOptions(config(
        "sources: {listings: {kind: cluster, cell-size: 32, cluster-maxzoom: 12, maxzoom: 16}}"));
    assertThat(options.cellPixels()).isEqualTo(32);
    assertThat(options.clusterMaxZoom()).isEqualTo(12);
    assertThat(options.changedTilesMaxZoom()).isEqualTo(16);
  }

  @Test
  void anUnconfiguredClusterSourceUsesTheDefaultCellSizeAndZooms() {
    LiveIndexOptions options = ClusterSources.indexOptions(config("sources: {listings: {kind: cluster}}"));
    assertThat(options.cellPixels()).isEqualTo(64);
    assertThat(options.clusterMaxZoom()).isEqualTo(14);
    assertThat(options.changedTilesMaxZoom()).isEqualTo(ClusterSources.DEFAULT_MAXZOOM);
  }

  @Test
  void theSyncBlockReachesTheLiveIndexAndTheSync() {
    SourceConfig source = config("""
        sources:
          listings:
            kind: cluster
            sync:
              parallel-threshold: 100000
              merge-rows: 50000
              channel: listings_changed
              id-batch: 2000
              poll-page-rows: 3000
              poll-interval-seconds: 120
              lookback-seconds: 10
              merge-idle-seconds: 2
        """);
    LiveIndexOptions index = ClusterSources.indexOptions(source);
    assertThat(index.parallelThreshold()).isEqualTo(100_000);
    assertThat(index.mergeRows()).isEqualTo(50_000);
    SyncOptions sync = ClusterSources.syncOptions(source);
    assertThat(sync.channel()).isEqualTo("listings_changed");
    assertThat(sync.idBatch()).isEqualTo(2_000);
    assertThat(sync.pollPageRows()).isEqualTo(3_000);
    assertThat(sync.pollInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(sync.lookback()).isEqualTo(Duration.ofSeconds(10));
    assertThat(sync.mergeIdle()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void withoutASyncBlockTheOptionsAreTheDefaults() {
    SourceConfig source = config("sources: {listings: {kind: cluster}}");
    assertThat(ClusterSources.syncOptions(source)).isEqualTo(SyncOptions.defaults());
    assertThat(ClusterSources.indexOptions(source).withChangedTilesMaxZoom(22)).isEqualTo(LiveIndexOptions.defaults());
  }

  @Test
  void aBadSyncValueIsAConfigErrorNamingTheKey() {
    assertThatThrownBy(() -> config("sources: {listings: {kind: cluster, sync: {merge-rows: 0}}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sources.listings.sync.merge-rows");
  }
}
