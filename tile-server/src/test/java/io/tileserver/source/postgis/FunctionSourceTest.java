package io.tileserver.source.postgis;

import static io.tileserver.source.postgis.FixtureDatabase.source;
import static io.tileserver.source.postgis.FixtureDatabase.tile;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.filter.FilterSet;
import io.tileserver.source.TileSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

/** Function sources: what the function receives, and what its result becomes. */
class FunctionSourceTest {
  private static FixtureDatabase db;
  private static List<TileSource> sources;

  @BeforeAll
  static void load() {
    db = FixtureDatabase.create("functions", "functions");
    sources = db.discover("""
        database:
          url: ${DB}
          auto-publish: {schemas: [public]}
        sources:
          declared:
            kind: function
            function: fixture_filtered
            filters:
              minValue: {column: value, op: ">=", type: int}
              kinds: {column: kind, op: in, type: text}
          open: {function: fixture_filtered, layer: fixture_filtered}
        """);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  /** The query attribute fixture_filtered echoes, and the ids it served. */
  private static Map<Long, String> received(TileSource source, FilterSet filters) {
    return TileDump.decode(tile(source, 14, 2624, 5721, filters)).getLayer("fixture_filtered").getGeometries().stream()
        .map(Geometry::getUserData).map(Map.class::cast)
        .collect(Collectors.toMap(m -> (Long) m.get(TileDump.ID_KEY), m -> (String) m.get("query")));
  }

  @Test
  void theQueryJsonCarriesTheCanonicalFilterValuesAsStrings() {
    TileSource declared = source(sources, "declared");
    FilterSet filters = FilterSet.parse(declared.info().filters(),
        Map.of("minValue", List.of("2.0"), "kinds", List.of("b,a,b")));
    assertThat(received(declared, filters))
        .containsOnlyKeys(81L, 82L)
        .containsValue("{\"kinds\": \"a,b\", \"minValue\": \"2\"}");
  }

  @Test
  void withoutFiltersTheFunctionReceivesAnEmptyObject() {
    assertThat(Set.copyOf(received(source(sources, "declared"), FilterSet.NONE).values())).containsExactly("{}");
  }

  @Test
  void aPassThroughFunctionReceivesEveryParameterAsText() {
    TileSource passThrough = source(sources, "open");
    assertThat(passThrough.info().passThroughQuery()).isTrue();
    FilterSet query = FixtureDatabase.passThrough(Map.of("minValue", List.of("3"), "who", List.of("it's \"me\"")));
    assertThat(received(passThrough, query))
        .containsOnlyKeys(82L)
        .containsValue("{\"who\": \"it's \\\"me\\\"\", \"minValue\": \"3\"}");
  }

  @Test
  void aConfiguredFunctionIsNotAutoPublishedAgain() {
    assertThat(sources).extracting(TileSource::id).containsExactly("declared", "open", "fixture_tile");
  }

  @Test
  void aFunctionWithoutTheQueryArgumentIsCalledWithZxyOnly() {
    PostgisFunctionSource plain = (PostgisFunctionSource) source(sources, "fixture_tile");
    assertThat(plain.sql()).isEqualTo("SELECT \"public\".\"fixture_tile\"($1::int4, $2::int4, $3::int4)");
    assertThat(TileDump.featureCount(tile(plain, 14, 2624, 5721, FilterSet.NONE))).isEqualTo(2);
  }

  @Test
  void aNullResultIsAnEmptyTile() {
    assertThat(tile(source(sources, "fixture_tile"), 17, 20992, 45770, FilterSet.NONE)).isEmpty();
  }
}
