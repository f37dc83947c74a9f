package io.tileserver.source.postgis;

import static io.tileserver.source.postgis.FixtureDatabase.source;
import static io.tileserver.source.postgis.FixtureDatabase.tile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.tileserver.config.ConfigException;
import io.tileserver.filter.FilterSet;
import io.tileserver.source.SourceInfo;
import io.tileserver.source.TileSource;
import io.tileserver.tile.Bounds;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Explicit {@code sources:} entries: what they override, and the errors that name their keys. */
class ConfiguredSourcesTest {
  private static FixtureDatabase db;

  @BeforeAll
  static void load() {
    db = FixtureDatabase.create("configured", "points", "functions", "discovery_edge_cases", "filter_listings");
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static List<TileSource> discover(String sources) {
    return db.discover("database:\n  url: ${DB}\n" + sources);
  }

  @Test
  void configOverridesEverySettingDiscoveryWouldChoose() {
    List<TileSource> sources = discover("""
        sources:
          homes:
            schema: public
            table: listings
            geometry-column: geom
            id-column: id
            layer: for_sale
            properties: [status, price]
            minzoom: 10
            maxzoom: 16
            bounds: [-123, 47, -122, 48]
            extent: 512
            buffer: 8
            clip: false
            max-features: 5
            description: Homes for sale
        """);
    SourceInfo info = source(sources, "homes").info();
    assertThat(info.minzoom()).isEqualTo(10);
    assertThat(info.maxzoom()).isEqualTo(16);
    assertThat(info.bounds()).isEqualTo(new Bounds(-123, 47, -122, 48));
    assertThat(info.description()).isEqualTo("Homes for sale");
    assertThat(info.layers()).singleElement().satisfies(layer -> {
      assertThat(layer.id()).isEqualTo("for_sale");
      assertThat(layer.fields()).containsExactly(Map.entry("status", "String"), Map.entry("price", "Number"));
    });

    JtsLayer layer = TileDump.decode(tile(source(sources, "homes"), 14, 2624, 5721, FilterSet.NONE)).getLayer("for_sale");
    assertThat(layer.getExtent()).isEqualTo(512);
    assertThat(layer.getGeometries()).hasSize(5)
        .allSatisfy(g -> assertThat(((Map<?, ?>) g.getUserData()).keySet())
            .isEqualTo(Set.of(TileDump.ID_KEY, "status", "price")));
  }

  @Test
  void configuringSourcesWithoutAutoPublishServesOnlyThem() {
    assertThat(discover("sources:\n  points: {}\n")).extracting(TileSource::id).containsExactly("points");
  }

  @Test
  void autoPublishBesideConfiguredSourcesDoesNotPublishATableTwice() {
    List<TileSource> sources = discover("""
          auto-publish: {schemas: [public], functions: false}
        sources:
          my_points: {table: points}
        """);
    assertThat(sources).extracting(TileSource::id).startsWith("my_points").contains("listings").doesNotContain("points");
  }

  @Test
  void aConfiguredSridServesAColumnThatDeclaresNone() {
    addPointsWithAndWithoutSrid();
    List<TileSource> sources = discover("sources:\n  no_srid: {srid: 4326}\n");
    assertThat(TileDump.featureCount(tile(source(sources, "no_srid"), 14, 2624, 5721, FilterSet.NONE)))
        .isEqualTo(db.count("SELECT count(*) FROM no_srid"));
  }

  @Test
  void withADefaultSridAColumnThatDeclaresNoneIsPublishedWithIt() {
    addPointsWithAndWithoutSrid();
    List<TileSource> sources = db.discover("database:\n  url: ${DB}\n  default-srid: 4326\n");
    assertThat(TileDump.featureCount(tile(source(sources, "no_srid"), 14, 2624, 5721, FilterSet.NONE)))
        .isEqualTo(db.count("SELECT count(*) FROM no_srid"));
  }

  /** One point that carries SRID 4326 and one that carries none (0), as unconstrained columns hold them. */
  private static void addPointsWithAndWithoutSrid() {
    db.execute("INSERT INTO no_srid SELECT coalesce(max(id), 0) + 1, 'SRID=4326;POINT(-122.335 47.613)' FROM no_srid");
    db.execute("INSERT INTO no_srid SELECT max(id) + 1, 'POINT(-122.334 47.612)' FROM no_srid");
  }

  @Test
  void aConfiguredFunctionWithDeclaredFiltersDoesNotPassTheQueryThrough() {
    List<TileSource> sources = discover("""
        sources:
          filtered:
            kind: function
            function: fixture_filtered
            layer: fixture_filtered
            filters:
              minValue: {column: value, op: ">=", type: int}
        """);
    SourceInfo info = source(sources, "filtered").info();
    assertThat(info.kind()).isEqualTo("function");
    assertThat(info.passThroughQuery()).isFalse();
    assertThat(info.filters()).containsOnlyKeys("minValue");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "`nope: {}`"
        + "| sources.nope.table: no table, view or materialized view \"nope\" with a geometry column; found: ",
    "`listings: {filters: {minPrice: {column: pricee, op: \">=\", type: number}}}`"
        + "| sources.listings.filters.minPrice.column: no column \"pricee\" in public.listings; columns: id, price, bedrooms,",
    "`listings: {filters: {status: {column: status, type: number}}}`"
        + "| sources.listings.filters.status.type: number cannot be compared with column \"status\" of type text",
    "`listings: {properties: [price, nope]}`"
        + "| sources.listings.properties[1]: no column \"nope\" in public.listings; columns: ",
    "`t: {table: text_ids, id-column: label}`"
        + "| sources.t.id-column: column \"label\" of public.text_ids is text; the feature id must be an integer column",
    "`two_geoms: {}`"
        + "| sources.two_geoms.geometry-column: public.two_geoms has several geometry columns (a, b); set geometry-column",
    "`two_geoms: {geometry-column: c}`"
        + "| sources.two_geoms.geometry-column: no geometry column \"c\" in public.two_geoms; geometry columns: a, b",
    "`roads: {}`"
        + "| sources.roads.schema: \"roads\" exists in schemas other, public; set schema to one of them",
    "`no_srid: {}`"
        + "| sources.no_srid.srid: public.no_srid.geom declares no SRID",
    "`tiles: {}`"
        + "| sources.tiles: \"tiles\" is reserved for the server's own URLs",
    "`f: {function: nope}`"
        + "| sources.f.function: no function \"nope\" taking (z integer, x integer, y integer[, query json|jsonb])"
        + " and returning bytea; tile functions found: public.fixture_filtered, public.fixture_tile",
    "`f: {function: fixture_tile, filters: {a: {column: a}}}`"
        + "| sources.f.filters: public.fixture_tile(z, x, y) takes no query argument",
    "`points: {minzoom: 12, maxzoom: 3}`"
        + "| config key `sources.points.minzoom` must not exceed maxzoom (3), was 12"
  })
  void configErrorsNameTheKeyWhatWasAskedAndWhatExists(String sources, String message) {
    assertThatThrownBy(() -> discover("sources:\n  " + sources + "\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }
}
