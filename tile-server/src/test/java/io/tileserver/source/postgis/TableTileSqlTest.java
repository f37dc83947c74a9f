package io.tileserver.source.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.filter.FilterOp;
import io.tileserver.filter.FilterSpec;
import io.tileserver.filter.FilterType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SQL text of table sources (pure; the database tests run it). */
class TableTileSqlTest {
  private static final GeometryRelation RELATION = new GeometryRelation("public", "t", "table", null, "geom", 4326,
      "POINT", "id", false,
      List.of(new GeometryRelation.Column("id", "int4"), new GeometryRelation.Column("geom", "geometry")));

  private static TableSourceSpec spec(int srid, List<AttributeColumn> attributes, Map<String, FilterSpec> filters,
      Integer maxFeatures) {
    return new TableSourceSpec("t", RELATION, "geom", srid, "id", "t", attributes, 0, 30, null, 4096, 64, true,
        maxFeatures, null, filters);
  }

  private static FilterSpec filter(String column, FilterOp op, FilterType type) {
    return new FilterSpec(column, op, type, null, null, null, null);
  }

  @Test
  void theColumnIsComparedAsStoredWithTheEnvelopeTransformedToItsSrid() {
    String sql = TableTileSql.build(spec(4326, List.of(), Map.of(), null), List.of());
    assertThat(sql).contains("WHERE \"geom\" && ST_Transform(ST_ClipByBox2D(ST_TileEnvelope($1::int4, $2::int4, $3::int4,"
        + " margin => (64::float8 / 4096)), ST_TileEnvelope(0, 0, 0)::box2d), 4326)");
    assertThat(sql).contains("ST_AsMVTGeom(ST_Transform(\"geom\", 3857),"
        + " ST_TileEnvelope($1::int4, $2::int4, $3::int4), 4096, 64, true)");
  }

  @Test
  void onlyAColumnWhoseTypeAdmitsCurvesOrSurfacesHasThemConverted() {
    for (String type : List.of("POINT", "MULTIPOLYGONM", "LINESTRING")) {
      assertThat(TableTileSql.build(typed(type), List.of())).as(type).doesNotContain("ST_CurveToLine");
    }
    for (String type : List.of("GEOMETRY", "GEOMETRYCOLLECTIONM", "CIRCULARSTRING", "CURVEPOLYGON", "TIN")) {
      assertThat(TableTileSql.build(typed(type), List.of())).as(type)
          .contains("ST_AsMVTGeom(ST_Transform(CASE WHEN ST_GeometryType(\"geom\")")
          .contains("ELSE ST_CurveToLine(\"geom\") END, 3857)");
    }
  }

  private static TableSourceSpec typed(String geometryType) {
    GeometryRelation relation = new GeometryRelation("public", "t", "table", null, "geom", 4326, geometryType, "id",
        false, RELATION.columns());
    return new TableSourceSpec("t", relation, "geom", 4326, "id", "t", List.of(), 0, 30, null, 4096, 64, true, null,
        null, Map.of());
  }

  @Test
  void aWebMercatorColumnIsNeverTransformed() {
    String sql = TableTileSql.build(spec(3857, List.of(), Map.of(), null), List.of());
    assertThat(sql).doesNotContain("ST_Transform")
        .contains("\"geom\" && ST_TileEnvelope($1::int4, $2::int4, $3::int4, margin");
  }

  @Test
  void otherSridsGetADensifiedEnvelopeClippedToTheDataFirst() {
    Map<String, FilterSpec> filters = Map.of("beds", filter("beds", FilterOp.GE, FilterType.INT));
    String sql = TableTileSql.build(spec(32610, List.of(), filters, null), List.of("beds"));
    assertThat(sql).contains("ST_Transform(ST_Segmentize(ST_ClipByBox2D(").endsWith(") AS mvt_row")
        .contains("ST_MakeEnvelope($6::float8, $7::float8, $8::float8, $9::float8)::box2d)")
        .contains("/ power(2, $1::int4)), 32610)")
        .contains("\"beds\" >= $10::int");
  }

  @Test
  void filtersAreBoundWithTheCastOfTheirTypeInTheOrderGiven() {
    Map<String, FilterSpec> filters = Map.of(
        "beds", filter("bedrooms", FilterOp.GE, FilterType.INT),
        "minPrice", filter("price", FilterOp.GE, FilterType.NUMBER),
        "type", filter("property_type", FilterOp.IN, FilterType.TEXT),
        "notSold", filter("status", FilterOp.NE, FilterType.TEXT),
        "pool", filter("pool", FilterOp.EQ, FilterType.BOOL));
    String sql = TableTileSql.build(spec(4326, List.of(), filters, null),
        List.of("beds", "minPrice", "notSold", "pool", "type"));
    assertThat(sql).contains(
        "AND \"bedrooms\" >= $6::int8",
        "AND \"price\" >= $7::float8",
        "AND \"status\" <> $8::text",
        "AND \"pool\" = $9::bool",
        "AND \"property_type\" = ANY($10::text[])");
  }

  @Test
  void maxFeaturesLimitsTheRows() {
    assertThat(TableTileSql.build(spec(4326, List.of(), Map.of(), 500), List.of())).contains("\n  LIMIT 500\n");
  }

  @Test
  void attributesAreQuotedAndNumericIsCastToFloat() {
    String sql = TableTileSql.build(spec(4326, List.of(AttributeColumn.of("Price $", "numeric").orElseThrow(),
        AttributeColumn.of("a.b", "text").orElseThrow()), Map.of(), null), List.of());
    assertThat(sql).contains("\"Price $\"::float8 AS \"Price $\"", "\"a.b\"");
  }

  @Test
  void generatedAliasesStepAsideForColumnsThatUseTheirNames() {
    String sql = TableTileSql.build(spec(4326, List.of(AttributeColumn.of("mvt_geom", "text").orElseThrow(),
        AttributeColumn.of("mvt_row", "text").orElseThrow()), Map.of(), null), List.of());
    assertThat(sql).startsWith("SELECT ST_AsMVT(mvt_row_1, $4::text, 4096, 'mvt_geom_1', $5::text)")
        .endsWith(") AS mvt_row_1");
  }
}
