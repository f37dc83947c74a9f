package io.tileserver.source.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.cluster.LiveIndexOptions;
import io.tileserver.config.ConfigException;
import io.tileserver.config.ConfigLoader;
import io.tileserver.config.EnvSubstitution;
import io.tileserver.config.SourceConfig;
import io.tileserver.filter.FilterSet;
import io.tileserver.source.SourceUnavailableException;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Vertx;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterSourceLoadingTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static SourceConfig config(String yaml) {
    return new ConfigLoader(new EnvSubstitution(Map.<String, String>of()::get)).parse(yaml).sources().get("listings");
  }

  @Test
  void tilesAre503WhileTheIndexLoads() {
    ClusterSource source = ClusterSources.create(vertx, "listings", config("sources: {listings: {kind: cluster}}"));
    assertThat(source.isLoaded()).isFalse();
    assertThatThrownBy(() -> source.getTile(new TileCoord(0, 0, 0), FilterSet.NONE).await())
        .isInstanceOfSatisfying(SourceUnavailableException.class, e -> assertThat(e.retryAfterSeconds()).isPositive());
  }

  @Test
  void aFilterOnAColumnTheIndexDoesNotKeepIsAConfigErrorNamingTheKey() {
    assertThatThrownBy(() -> ClusterSources.create(vertx, "listings", config("""
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
    ClusterSource source = ClusterSources.create(vertx, "listings", config("sources: {listings: {kind: cluster}}"));
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
}
