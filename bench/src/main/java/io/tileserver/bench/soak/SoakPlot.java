package io.tileserver.bench.soak;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The soak's plot as SVG, written by hand so the bench needs no plotting package: three panels
 * sharing the time axis (answered requests/s, p95 ms, failed requests/s) with each fault's window
 * shaded and named.
 */
final class SoakPlot {
  record Second(long second, long ok, long failed, int p95Ms) {}

  record Span(String label, double from, double to) {}

  private static final int WIDTH = 1000;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int PANEL = 170;
  private static final int GAP = 40;
  private static final int TOP = 30;

  private final List<Second> seconds;
  private final List<Span> spans;
  private final double lastSecond;

  SoakPlot(List<Second> seconds, List<Span> spans) {
    this.seconds = seconds;
    this.spans = spans;
    this.lastSecond = Math.max(1, seconds.get(seconds.size() - 1).second());
  }

  String svg() {
    int height = TOP + 3 * (PANEL + GAP) + 20 + 10 * spans.size();
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
        WIDTH, height));
    panel(svg, 0, "answered requests/s", Second::ok, "#1f77b4");
    panel(svg, 1, "p95 latency (ms) of requests started that second", Second::p95Ms, "#2ca02c");
    panel(svg, 2, "failed requests/s", Second::failed, "#d62728");
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds since the load"
        + " started</text>\n</svg>\n", LEFT + (WIDTH - LEFT - RIGHT) / 2, height - 5));
    return svg.toString();
  }

  private void panel(StringBuilder svg, int index, String title, ToDoubleFunction<Second> value, String colour) {
    int top = TOP + index * (PANEL + GAP);
    double max = Math.max(1, seconds.stream().mapToDouble(value).max().orElse(1));
    for (int i = 0; i < spans.size(); i++) {
      Span span = spans.get(i);
      double x0 = x(span.from());
      svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\""
          + " fill=\"#ff7f0e\" fill-opacity=\"0.15\"/>\n", x0, top, Math.max(1, x(span.to()) - x0), PANEL));
      if (index == 2) {
        // Named under the last panel, one line each so neighbours do not overlap.
        // Past two thirds of the axis, the name ends at the window so it stays on the canvas.
        boolean late = x0 > LEFT + (WIDTH - LEFT - RIGHT) * 2 / 3.0;
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" fill=\"#b35900\""
            + " text-anchor=\"%s\">%s</text>\n", late ? x(span.to()) : x0, top + PANEL + 26 + i * 10,
            late ? "end" : "start", escape(span.label())));
      }
    }
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
        + " stroke=\"#888\"/>\n", LEFT, top, WIDTH - LEFT - RIGHT, PANEL));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>\n", LEFT + 4, top + 12, escape(title)));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%,.0f</text>\n", LEFT - 4,
        top + 10, max));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>\n", LEFT - 4,
        top + PANEL));
    for (int tick = 0; tick <= lastSecond; tick += 60) {
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n",
          x(tick), top + PANEL + 13, tick));
    }
    svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.2\" points=\"");
    for (Second s : seconds) {
      svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(s.second()), top + PANEL - value.applyAsDouble(s) / max * PANEL));
    }
    svg.append("\"/>\n");
  }

  private double x(double second) {
    return LEFT + second / lastSecond * (WIDTH - LEFT - RIGHT);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
