package io.tileserver.mvt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.tile.WebMercator;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/** Command arrays computed by hand, most of them the examples of spec 2.1 §4.3.5. */
class GeometryEncoderTest {
  private static final LayerOptions NO_CLIP = LayerOptions.DEFAULTS.withClip(false);
  private static final LayerOptions NO_BUFFER = LayerOptions.DEFAULTS.withBuffer(0);

  static Geometry wkt(String text) {
    try {
      return new WKTReader().read(text);
    } catch (ParseException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static int[] commands(String geometry) {
    return commands(wkt(geometry), LayerOptions.DEFAULTS, TileTransform.IDENTITY);
  }

  private static int[] commands(String geometry, LayerOptions options) {
    return commands(wkt(geometry), options, TileTransform.IDENTITY);
  }

  private static int[] commands(Geometry geometry, LayerOptions options, TileTransform transform) {
    IntList out = new IntList(8);
    new GeometryEncoder(options, transform).encode(geometry, out);
    return out.toArray();
  }

  private static int type(String geometry, LayerOptions options) {
    return new GeometryEncoder(options, TileTransform.IDENTITY).encode(wkt(geometry), new IntList(8));
  }

  private static Geometry roundTrip(String geometry, LayerOptions options) {
    IntList out = new IntList(8);
    int type = new GeometryEncoder(options, TileTransform.IDENTITY).encode(wkt(geometry), out);
    return new CommandDecoder(new GeometryFactory()).decode(type, out.toArray());
  }

  // Spec 2.1 §4.3.5 examples
  @Test
  void pointIsASingleMoveTo() {
    assertThat(commands("POINT (25 17)")).containsExactly(9, 50, 34);
  }

  @Test
  void multiPointMovesRelativeToThePreviousPoint() {
    assertThat(commands("MULTIPOINT ((5 7), (3 2))")).containsExactly(17, 10, 14, 3, 9);
  }

  @Test
  void lineStringIsMoveToThenLineTo() {
    assertThat(commands("LINESTRING (2 2, 2 10, 10 10)"))
        .containsExactly(9, 4, 4, 18, 0, 16, 16, 0);
  }

  @Test
  void multiLineStringKeepsTheCursorAcrossParts() {
    assertThat(commands("MULTILINESTRING ((2 2, 2 10, 10 10), (1 1, 3 5))"))
        .containsExactly(9, 4, 4, 18, 0, 16, 16, 0, 9, 17, 17, 10, 4, 8);
  }

  @Test
  void polygonRingIsClosedByClosePathWithoutRepeatingItsFirstPoint() {
    assertThat(commands("POLYGON ((3 6, 8 12, 20 34, 3 6))"))
        .containsExactly(9, 6, 12, 18, 10, 12, 24, 44, 15);
  }

  @Test
  void multiPolygonWithAHoleMatchesTheSpecExample() {
    assertThat(
            commands(
                "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)),"
                    + " ((11 11, 20 11, 20 20, 11 20, 11 11),"
                    + " (13 13, 13 17, 17 17, 17 13, 13 13)))"))
        .containsExactly(
            9, 0, 0, 26, 20, 0, 0, 20, 19, 0, 15, 9, 22, 2, 26, 18, 0, 0, 18, 17, 0, 15, 9, 4,
            13, 26, 0, 8, 8, 0, 0, 7, 15);
  }

  // Winding (§4.3.4.4): exterior rings clockwise, holes counter-clockwise, y down
  @Test
  void exteriorRingGivenCounterClockwiseIsReversedToClockwise() {
    assertThat(commands("POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0))"))
        .containsExactly(9, 0, 0, 26, 20, 0, 0, 20, 19, 0, 15);
  }

  @Test
  void polygonHoleIsCounterClockwise() {
    int[] holeGivenClockwise =
        commands(
            "POLYGON ((11 11, 20 11, 20 20, 11 20, 11 11), (13 13, 17 13, 17 17, 13 17, 13 13))");
    assertThat(holeGivenClockwise)
        .containsExactly(
            9, 22, 22, 26, 18, 0, 0, 18, 17, 0, 15, 9, 4, 13, 26, 0, 8, 8, 0, 0, 7, 15);
  }

  // What the spec forbids is dropped rather than emitted
  @Test
  void repeatedPointsAreDroppedAfterRounding() {
    assertThat(commands("LINESTRING (2 2, 2 2, 2 10, 2.2 10.1, 10 10)"))
        .containsExactly(9, 4, 4, 18, 0, 16, 16, 0);
  }

  @Test
  void lineThatRoundsToOnePointIsDropped() {
    assertThat(commands("LINESTRING (5 5, 5.2 5.1)")).isEmpty();
    assertThat(type("LINESTRING (5 5, 5.2 5.1)", LayerOptions.DEFAULTS))
        .isEqualTo(GeometryEncoder.UNKNOWN);
  }

  @Test
  void zeroLengthPartOfAMultiLineIsDroppedAndTheRestKept() {
    assertThat(commands("MULTILINESTRING ((7 7, 7 7), (2 2, 2 10))"))
        .containsExactly(9, 4, 4, 10, 0, 16);
  }

  @Test
  void ringWithZeroAreaIsDropped() {
    assertThat(commands("POLYGON ((0 0, 10 0, 20 0, 0 0))")).isEmpty();
  }

  @Test
  void ringThatRoundsToTwoPointsIsDropped() {
    assertThat(commands("POLYGON ((0 0, 10 0, 10.2 0.3, 0 0))")).isEmpty();
  }

  @Test
  void degenerateHoleIsDroppedAndItsPolygonKept() {
    assertThat(commands("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 4 2, 2 2))"))
        .containsExactly(9, 0, 0, 26, 20, 0, 0, 20, 19, 0, 15);
  }

  @Test
  void polygonWhoseExteriorCollapsesLosesItsHolesToo() {
    assertThat(
            commands(
                "MULTIPOLYGON (((0 0, 0.2 0, 0.2 0.2, 0 0), (0.1 0.1, 0.1 0.15, 0.15 0.15, 0.1 0.1)),"
                    + " ((0 0, 10 0, 10 10, 0 10, 0 0)))"))
        .containsExactly(9, 0, 0, 26, 20, 0, 0, 20, 19, 0, 15);
  }

  @Test
  void emptyGeometryEncodesNothing() {
    assertThat(type("POLYGON EMPTY", LayerOptions.DEFAULTS)).isEqualTo(GeometryEncoder.UNKNOWN);
    assertThat(type("MULTIPOINT EMPTY", LayerOptions.DEFAULTS))
        .isEqualTo(GeometryEncoder.UNKNOWN);
  }

  @Test
  void geometryCollectionIsRejectedWithAHint() {
    assertThatThrownBy(() -> commands("GEOMETRYCOLLECTION (POINT (1 1), LINESTRING (0 0, 1 1))"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got GeometryCollection")
        .hasMessageContaining("separate features");
  }

  // Clipping

  @Test
  void pointsOutsideTheTileAndBufferAreDropped() {
    assertThat(commands("MULTIPOINT ((-65 5), (5 5), (-64 5), (4161 5))"))
        .containsExactly(17, 10, 10, 137, 0);
  }

  @Test
  void lineLeavingTheTileEndsAtTheClipEdge() {
    assertThat(commands("LINESTRING (-100 10, 100 10)", NO_BUFFER))
        .containsExactly(9, 0, 20, 10, 200, 0);
  }

  @Test
  void lineLeavingAndReenteringTheTileIsSplitIntoParts() {
    assertThat(commands("LINESTRING (10 10, 10 -50, 20 -50, 20 10)", NO_BUFFER))
        .containsExactly(9, 20, 20, 10, 0, 19, 9, 20, 0, 10, 0, 20);
  }

  @Test
  void lineEntirelyOutsideIsDropped() {
    assertThat(type("LINESTRING (-500 -500, -400 -300)", LayerOptions.DEFAULTS))
        .isEqualTo(GeometryEncoder.UNKNOWN);
  }

  @Test
  void polygonIsCutAtTheTileEdgePlusBuffer() {
    Geometry clipped =
        roundTrip("POLYGON ((-100 -100, 100 -100, 100 100, -100 100, -100 -100))",
            LayerOptions.DEFAULTS.withBuffer(10));
    assertThat(clipped.getEnvelopeInternal()).isEqualTo(new Envelope(-10, 100, -10, 100));
    assertThat(clipped.getArea()).isEqualTo(110.0 * 110.0);
  }

  @Test
  void holeOutsideTheClipAreaIsDropped() {
    Geometry clipped =
        roundTrip(
            "POLYGON ((-300 10, 100 10, 100 100, -300 100, -300 10),"
                + " (-250 20, -200 20, -200 50, -250 50, -250 20))",
            NO_BUFFER);
    assertThat(clipped.getNumGeometries()).isOne();
    assertThat(((org.locationtech.jts.geom.Polygon) clipped).getNumInteriorRing()).isZero();
    assertThat(clipped.getArea()).isEqualTo(100.0 * 90.0);
  }

  @Test
  void clippingCanBeTurnedOffForPreClippedInput() {
    assertThat(commands("POINT (-1000 5000)", NO_CLIP)).containsExactly(9, 1999, 10000);
  }

  // Simplification before quantization, and projected input
  @Test
  void simplificationRemovesVerticesWithinTheToleranceBeforeRounding() {
    assertThat(commands("LINESTRING (0 0, 5 0.4, 10 0)"))
        .containsExactly(9, 0, 0, 18, 10, 0, 10, 0);
    assertThat(commands("LINESTRING (0 0, 5 0.4, 10 0)", NO_CLIP.withSimplifyTolerance(1)))
        .containsExactly(9, 0, 0, 10, 20, 0);
  }

  @Test
  void simplificationKeepsVerticesBeyondTheTolerance() {
    assertThat(commands("LINESTRING (0 0, 5 3, 10 0)", NO_CLIP.withSimplifyTolerance(1)))
        .containsExactly(9, 0, 0, 18, 10, 6, 10, 5);
  }

  @Test
  void mercatorInputIsMappedToTileCoordinatesWithYDown() {
    Envelope z1TopLeft = WebMercator.tileBounds(1, 0, 0);
    double half = WebMercator.HALF_WORLD;
    Geometry corners = wkt(
        "MULTIPOINT ((" + -half + " " + half + "), (" + -half / 2 + " " + half / 2 + "), (0 0))");
    TileTransform transform = TileTransform.fromBounds(z1TopLeft, 4096);
    assertThat(commands(corners, LayerOptions.DEFAULTS, transform))
        .containsExactly(GeometryEncoder.command(GeometryEncoder.MOVE_TO, 3), 0, 0,
            4096, 4096, 4096, 4096);
  }
}
