package io.tileserver.fonts;

import java.awt.Font;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.util.Arrays;

/**
 * Renders a glyph as the signed distance field MapLibre expects from fontnik/Martin glyph PBFs: the
 * outline at a 24 px em, a 3 px buffer around its pixel bounds, distances encoded so that the outline
 * sits at 192 (cutoff 0.25 of 256), 8 px outside is 0 and 2 px inside saturates at 255.
 *
 * <p>The distance of every pixel centre is exact: it is measured to the glyph outline's segments (the
 * curves flattened to 1/50 px), signed by the outline's own winding rule. This is what fontnik does
 * with FreeType outlines, and is sharper than a distance transform of a rasterized bitmap, whose
 * distances are off by up to half a pixel at the edge that matters.
 */
final class SdfRasterizer {
  static final float EM_PX = 24f;
  static final int BUFFER = 3;
  static final double RADIUS = 8;
  static final double CUTOFF = 0.25;
  private static final double FLATNESS = 0.02;
  private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

  private SdfRasterizer() {}

  /** The font at the em size the distance fields are rendered at. */
  static Font sized(Font font) {
    return font.deriveFont(EM_PX);
  }

  /** Pixels from the baseline up to the ascender line, rounded up as FreeType's size metrics are. */
  static int ascender(Font sized) {
    return (int) Math.ceil(sized.getLineMetrics("x", FRC).getAscent());
  }

  /** The glyph of {@code codePoint} in {@code sized} (which must be able to display it). */
  static SdfGlyph render(Font sized, int codePoint, int ascender) {
    GlyphVector vector = sized.createGlyphVector(FRC, Character.toChars(codePoint));
    int advance = (int) Math.round(vector.getGlyphMetrics(0).getAdvanceX());
    Shape outline = vector.getGlyphOutline(0);
    Rectangle2D bounds = outline.getBounds2D();
    if (bounds.isEmpty()) {
      return new SdfGlyph(codePoint, new byte[0], 0, 0, 0, -ascender, advance);
    }
    // Java 2D's y axis points down from the baseline; the protobuf's top counts up from it.
    int left = (int) Math.floor(bounds.getMinX());
    int right = (int) Math.ceil(bounds.getMaxX());
    int top = (int) Math.ceil(-bounds.getMinY());
    int bottom = (int) Math.floor(-bounds.getMaxY());
    int width = right - left;
    int height = top - bottom;
    double[] segments = segments(outline);
    int columns = width + 2 * BUFFER;
    int rows = height + 2 * BUFFER;
    byte[] bitmap = new byte[columns * rows];
    for (int row = 0; row < rows; row++) {
      double y = -(top + BUFFER - row - 0.5);
      for (int column = 0; column < columns; column++) {
        double x = left - BUFFER + column + 0.5;
        double distance = Math.sqrt(nearestSquared(segments, x, y));
        if (outline.contains(x, y)) {
          distance = -distance;
        }
        double value = 255 - 256 * (distance / RADIUS + CUTOFF);
        bitmap[row * columns + column] = (byte) Math.max(0, Math.min(255, Math.round(value)));
      }
    }
    return new SdfGlyph(codePoint, bitmap, width, height, left, top - ascender, advance);
  }

  /** The outline as line segments {x1, y1, x2, y2, …}, curves flattened. */
  private static double[] segments(Shape outline) {
    double[] out = new double[256];
    int n = 0;
    double[] c = new double[6];
    double startX = 0;
    double startY = 0;
    double lastX = 0;
    double lastY = 0;
    for (PathIterator it = outline.getPathIterator(null, FLATNESS); !it.isDone(); it.next()) {
      int type = it.currentSegment(c);
      if (type == PathIterator.SEG_MOVETO) {
        startX = lastX = c[0];
        startY = lastY = c[1];
        continue;
      }
      double x = type == PathIterator.SEG_CLOSE ? startX : c[0];
      double y = type == PathIterator.SEG_CLOSE ? startY : c[1];
      if (n + 4 > out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      out[n++] = lastX;
      out[n++] = lastY;
      out[n++] = x;
      out[n++] = y;
      lastX = x;
      lastY = y;
    }
    return Arrays.copyOf(out, n);
  }

  /** Squared distance from (x, y) to the nearest segment, capped at the encoded radius. */
  private static double nearestSquared(double[] s, double x, double y) {
    double best = (RADIUS + 1) * (RADIUS + 1);
    for (int i = 0; i < s.length; i += 4) {
      double ax = s[i];
      double ay = s[i + 1];
      double dx = s[i + 2] - ax;
      double dy = s[i + 3] - ay;
      double lengthSquared = dx * dx + dy * dy;
      double t = lengthSquared == 0 ? 0 : ((x - ax) * dx + (y - ay) * dy) / lengthSquared;
      t = Math.max(0, Math.min(1, t));
      double px = ax + t * dx - x;
      double py = ay + t * dy - y;
      best = Math.min(best, px * px + py * py);
    }
    return best;
  }
}
