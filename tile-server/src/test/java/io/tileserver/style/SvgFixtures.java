package io.tileserver.style;

/** Small SVG files whose pixels are known without drawing them: the sprite tests' fixtures. */
public final class SvgFixtures {
  /** A red 12 px square. */
  public static final String SQUARE = """
      <svg xmlns="http://www.w3.org/2000/svg" width="12" height="12"><rect width="12" height="12" fill="#ff0000"/></svg>
      """;
  /** 20 × 10 by its viewBox: the left half blue, the right half green. */
  public static final String HALVES = """
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10">
        <rect width="10" height="10" fill="#0000ff"/><rect x="10" width="10" height="10" fill="#00ff00"/>
      </svg>
      """;
  /** A black dot in a transparent 10 px square. */
  public static final String DOT = """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="3" fill="#000"/></svg>
      """;
  public static final String YELLOW_SQUARE = SQUARE.replace("#ff0000", "#ffff00");


  private SvgFixtures() {}
}
