package io.tileserver.source.postgis;

import io.tileserver.filter.FilterOp;
import io.tileserver.filter.FilterSpec;
import io.tileserver.sql.SqlIdentifiers;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the tile query of a table source for one filter shape (the set of filter parameters a
 * request uses). The text depends only on the source and the shape, never on values: every value
 * is a {@code $n} parameter, so the pg client's prepared-statement cache (keyed by SQL text) plans
 * each shape once per connection. The template is assembled here rather than loaded from a
 * {@code .sql} file because most of it varies by source (projection, columns, filters, limit); the
 * finished text for a 4326 table with one filter reads:
 *
 * <pre>{@code
 * SELECT ST_AsMVT(mvt_row, $4::text, 4096, 'mvt_geom', $5::text)      -- layer, id column
 * FROM (
 *   SELECT ST_AsMVTGeom(ST_Transform("geom", 3857),                   -- clip in Web Mercator
 *            ST_TileEnvelope($1::int4, $2::int4, $3::int4), 4096, 64, true) AS "mvt_geom",
 *          "id", "name", "price"::float8 AS "price"
 *   FROM "public"."listings"
 *   WHERE "geom" && ST_Transform(ST_ClipByBox2D(                      -- index test in the column's SRID
 *           ST_TileEnvelope($1::int4, $2::int4, $3::int4, margin => (64::float8 / 4096)),
 *           ST_TileEnvelope(0, 0, 0)::box2d), 4326)
 *     AND "price" >= $6::float8                                       -- filters, bound
 *   LIMIT 10000                                                       -- max-features, if set
 * ) AS mvt_row
 * }</pre>
 *
 * <p>Why this shape:
 *
 * <ul>
 *   <li>The {@code &&} test compares the column as stored with the tile envelope transformed into
 *       the column's SRID, so the GIST index on the column serves it; transforming the column
 *       instead would scan the table.
 *   <li>The envelope is widened by the buffer ({@code margin => buffer/extent}) so features just
 *       outside the tile that reach into its buffer are not missed.
 *   <li>Before it leaves 3857 the widened envelope is clipped to the Mercator world: at the
 *       antimeridian its margin would reach past 180°, which the transform wraps to -180°, turning
 *       the box of an edge tile into a box around the whole world minus that tile (the golden test
 *       {@code antimeridian_14_16383_8977} caught this).
 *   <li>For SRIDs other than 4326 and 3857 the envelope is densified (16 segments a side) before it
 *       is transformed: most projections bend straight edges, and a box built from the four
 *       transformed corners could miss features near the edges. It is also clipped to the data's
 *       extent ({@code $6..$9}, Web Mercator metres, with a margin) rather than the world: a
 *       projection such as UTM cannot take points far outside its zone, and a low-zoom tile's
 *       envelope failed to transform (FixtureTilesSweepTest, a 500 at z1).
 *   <li>A geography column is compared as stored with the densified envelope as a geography (its
 *       index serves that) and read as a geometry.
 *   <li>A 3857 column needs no transform at all. A column that declares no SRID has its values given
 *       the configured one ({@code srid}, else {@code database.default-srid}) before the transform.
 *   <li>A column whose type admits curves or surfaces (plain {@code geometry} among them) has
 *       them made lines and polygons first; a column of points, lines or polygons is read as is.
 *   <li>Parameters carry explicit casts so their types never depend on inference.
 * </ul>
 *
 * <p>Parameters: {@code $1..$3} z, x, y; {@code $4} layer name; {@code $5} feature-id column name
 * (NULL for none); for a projected SRID ({@link #clipsToData}) {@code $6..$9} the data's extent;
 * then the filter values in the order of {@code filterNames}.
 */
final class TableTileSql {
  /** Segments per side when densifying an envelope: 40075016.69 m (the world) / 16. */
  private static final String SEGMENT_LENGTH = "2504688.5428486555";
  /** The Web Mercator world; a widened envelope is clipped to it before leaving 3857. */
  private static final String WORLD = "ST_TileEnvelope(0, 0, 0)::box2d";
  static final int FIRST_FILTER_PARAMETER = 6;
  /**
   * A geometry of any kind ({@code %1$s}) as one ST_AsMVTGeom takes: it refuses curves ("Invalid
   * type") and triangles, TINs and polyhedral surfaces, which are legal values of a column typed
   * {@code geometry} or for them, and one such row failed every tile that covered it with a 500.
   * Curves become lines and polygons (ST_CurveToLine, as Martin does); surfaces become the
   * multipolygon of their faces, a triangle being rebuilt as the polygon of its ring.
   */
  private static final String ENCODABLE = "CASE WHEN ST_GeometryType(%1$s)"
      + " IN ('ST_Triangle', 'ST_Tin', 'ST_PolyhedralSurface')"
      + " THEN (SELECT ST_Collect(CASE WHEN ST_GeometryType(face.geom) = 'ST_Triangle'"
      + " THEN ST_MakePolygon(ST_ExteriorRing(face.geom)) ELSE face.geom END) FROM ST_Dump(%1$s) AS face)"
      + " ELSE ST_CurveToLine(%1$s) END";

  private TableTileSql() {}

  /** The tile query for {@code spec} with the filters named in {@code filterNames}, in that order. */
  static String build(TableSourceSpec spec, List<String> filterNames) {
    Set<String> taken = new HashSet<>();
    spec.attributes().forEach(a -> taken.add(a.name()));
    if (spec.idColumn() != null) {
      taken.add(spec.idColumn());
    }
    String geomAlias = unusedName("mvt_geom", taken);
    taken.add(geomAlias);
    String rowAlias = unusedName("mvt_row", taken);

    StringBuilder sql = new StringBuilder()
        .append("SELECT ST_AsMVT(").append(rowAlias).append(", $4::text, ").append(spec.extent())
        .append(", '").append(geomAlias).append("', $5::text)\nFROM (\n  SELECT ST_AsMVTGeom(")
        .append(webMercator(spec)).append(", ST_TileEnvelope($1::int4, $2::int4, $3::int4), ")
        .append(spec.extent()).append(", ").append(spec.buffer()).append(", ").append(spec.clip())
        .append(") AS ").append(SqlIdentifiers.quote(geomAlias));
    if (spec.idColumn() != null) {
      sql.append(",\n    ").append(SqlIdentifiers.quote(spec.idColumn()));
    }
    for (AttributeColumn attribute : spec.attributes()) {
      sql.append(",\n    ").append(attribute.selectSql());
    }
    sql.append("\n  FROM ").append(spec.qualifiedTable())
        .append("\n  WHERE ").append(SqlIdentifiers.quote(spec.geometryColumn())).append(" && ")
        .append(envelopeInSourceSrid(spec));
    int parameter = clipsToData(spec) ? FIRST_FILTER_PARAMETER + 4 : FIRST_FILTER_PARAMETER;
    for (String name : filterNames) {
      FilterSpec filter = spec.filters().get(name);
      if (filter == null) {
        throw new IllegalArgumentException("source " + spec.id() + " declares no filter " + name);
      }
      sql.append("\n    AND ").append(condition(filter, parameter++));
    }
    if (spec.maxFeatures() != null) {
      sql.append("\n  LIMIT ").append(spec.maxFeatures());
    }
    return sql.append("\n) AS ").append(rowAlias).toString();
  }

  /** {@code "col" >= $6::float8}, or {@code "col" = ANY($6::text[])} for an in-list. */
  static String condition(FilterSpec filter, int parameter) {
    String column = SqlIdentifiers.quote(filter.column());
    String cast = filter.type().sqlType();
    if (filter.op() == FilterOp.IN) {
      return column + " = ANY($" + parameter + "::" + cast + "[])";
    }
    String operator = filter.op() == FilterOp.NE ? "<>" : filter.op().symbol();
    return column + " " + operator + " $" + parameter + "::" + cast;
  }

  private static String webMercator(TableSourceSpec spec) {
    String column = spec.relation().geometrySql();
    String encodable = spec.relation().holdsOnlyEncodableTypes() ? column
        : String.format(Locale.ROOT, ENCODABLE, column);
    // A geometry column that declares no SRID holds values of SRID 0, which ST_Transform refuses:
    // they get the configured one.
    String located = spec.relation().srid() > 0 || spec.relation().geography() ? encodable
        : "ST_SetSRID(" + encodable + ", " + spec.srid() + ")";
    return spec.srid() == 3857 ? located : "ST_Transform(" + located + ", 3857)";
  }

  private static String envelopeInSourceSrid(TableSourceSpec spec) {
    String envelope = String.format(Locale.ROOT,
        "ST_TileEnvelope($1::int4, $2::int4, $3::int4, margin => (%d::float8 / %d))", spec.buffer(), spec.extent());
    if (spec.srid() == 3857) {
      return envelope;
    }
    String clipped = "ST_ClipByBox2D(" + envelope + ", "
        + (clipsToData(spec) ? "ST_MakeEnvelope($6::float8, $7::float8, $8::float8, $9::float8)::box2d" : WORLD) + ")";
    if (spec.relation().geography()) {
      // Geography's && compares geocentric boxes around the envelope's great-circle edges. Densified,
      // the edges follow the tile's sides; as four corners, the world's envelope (top and bottom
      // edges from -180° to 180°, one meridian) matched nothing at z0 (GeographyColumnsTest).
      return "ST_Transform(ST_Segmentize(" + clipped + ", " + SEGMENT_LENGTH + " / power(2, $1::int4)), "
          + spec.srid() + ")::geography";
    }
    return spec.srid() == 4326
        ? "ST_Transform(" + clipped + ", 4326)"
        : "ST_Transform(ST_Segmentize(" + clipped + ", " + SEGMENT_LENGTH + " / power(2, $1::int4)), "
            + spec.srid() + ")";
  }

  /** A projected SRID: the envelope is clipped to the data's extent (parameters 6 to 9) before the transform. */
  static boolean clipsToData(TableSourceSpec spec) {
    return spec.srid() != 3857 && spec.srid() != 4326 && !spec.relation().geography();
  }

  /** {@code base}, or {@code base_1}, {@code base_2}, … whichever no column already uses. */
  private static String unusedName(String base, Set<String> taken) {
    String name = base;
    for (int i = 1; taken.contains(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }
}
