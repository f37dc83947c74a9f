package io.tileserver.style;

import java.awt.image.BufferedImage;

/**
 * An image's signed distance field, as MapLibre reads SDF icons: white, the distance to the shape's
 * edge in the alpha channel, the edge at 192 and 32 units per CSS pixel (so 6 px outside is 0), with
 * a 3 CSS px border for halos. The same encoding as the SDF glyphs and the packaged pill.
 *
 * <p>The shape is the pixels at least half opaque, and distances are measured between pixel centres
 * with the exact Euclidean distance transform of Felzenszwalb and Huttenlocher (2012), written here
 * because it is forty lines and no imaging library on the class path has one.
 */
final class SdfImage {
  static final int BORDER_PX = 3;
  private static final double EDGE = 192;
  private static final double UNITS_PER_PX = 32;
  private static final double FAR = 1e20;

  private SdfImage() {}

  static BufferedImage of(BufferedImage image, int pixelRatio) {
    int border = BORDER_PX * pixelRatio;
    int width = image.getWidth() + 2 * border;
    int height = image.getHeight() + 2 * border;
    double[] toInside = new double[width * height];
    double[] toOutside = new double[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int sx = x - border;
        int sy = y - border;
        boolean inside = sx >= 0 && sy >= 0 && sx < image.getWidth() && sy < image.getHeight()
            && (image.getRGB(sx, sy) >>> 24) >= 128;
        toInside[y * width + x] = inside ? 0 : FAR;
        toOutside[y * width + x] = inside ? FAR : 0;
      }
    }
    transform(toInside, width, height);
    transform(toOutside, width, height);
    BufferedImage sdf = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    for (int i = 0; i < toInside.length; i++) {
      // Half a pixel either way puts the edge between the last pixel in and the first out.
      double px = toInside[i] > 0 ? Math.sqrt(toInside[i]) - 0.5 : 0.5 - Math.sqrt(toOutside[i]);
      long alpha = Math.round(EDGE - UNITS_PER_PX * px / pixelRatio);
      sdf.setRGB(i % width, i / width, (int) Math.max(0, Math.min(255, alpha)) << 24 | 0xFFFFFF);
    }
    return sdf;
  }

  /** Squared distances to the nearest zero, in place: columns, then rows. */
  private static void transform(double[] grid, int width, int height) {
    int n = Math.max(width, height);
    double[] line = new double[n];
    double[] out = new double[n];
    int[] parabolas = new int[n];
    double[] bounds = new double[n + 1];
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        line[y] = grid[y * width + x];
      }
      transform(line, height, out, parabolas, bounds);
      for (int y = 0; y < height; y++) {
        grid[y * width + x] = out[y];
      }
    }
    for (int y = 0; y < height; y++) {
      System.arraycopy(grid, y * width, line, 0, width);
      transform(line, width, out, parabolas, bounds);
      System.arraycopy(out, 0, grid, y * width, width);
    }
  }

  /** The lower envelope of the parabolas rooted at each sample (the one-dimensional transform). */
  private static void transform(double[] f, int n, double[] d, int[] v, double[] z) {
    int k = 0;
    v[0] = 0;
    z[0] = Double.NEGATIVE_INFINITY;
    z[1] = Double.POSITIVE_INFINITY;
    for (int q = 1; q < n; q++) {
      double s = intersection(f, q, v[k]);
      // z[0] is minus infinity, so this stops at k == 0.
      while (s <= z[k]) {
        k--;
        s = intersection(f, q, v[k]);
      }
      k++;
      v[k] = q;
      z[k] = s;
      z[k + 1] = Double.POSITIVE_INFINITY;
    }
    k = 0;
    for (int q = 0; q < n; q++) {
      while (z[k + 1] < q) {
        k++;
      }
      double dq = q - v[k];
      d[q] = dq * dq + f[v[k]];
    }
  }

  /** Where the parabolas rooted at samples {@code q} and {@code r} meet. */
  private static double intersection(double[] f, int q, int r) {
    return ((f[q] + (double) q * q) - (f[r] + (double) r * r)) / (2.0 * q - 2.0 * r);
  }
}
