package io.tileserver.style;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.weisj.jsvg.parser.LoaderContext;
import com.github.weisj.jsvg.parser.SVGLoader;
import com.github.weisj.jsvg.view.ViewBox;
import io.tileserver.config.ConfigException;
import io.tileserver.config.SpritesConfig;
import io.vertx.core.json.JsonObject;
import java.awt.Component;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directories of SVG files as MapLibre sprites (maplibre.org/maplibre-style-spec/sprite, and
 * Martin's "Sprite Sources"): the index lists every file by its path without {@code .svg} at its
 * CSS size times the pixel ratio, the PNG decodes to a sheet holding each image at its place, pixel
 * for pixel as JSVG draws the file alone, and simple shapes show their colours where they are.
 */
class SvgSpritesTest {
  @TempDir
  Path dir;

  private Path icons() throws IOException {
    Path icons = Files.createDirectories(dir.resolve("icons"));
    Files.writeString(icons.resolve("square.svg"), SvgFixtures.SQUARE);
    Files.writeString(icons.resolve("halves.svg"), SvgFixtures.HALVES);
    Files.writeString(Files.createDirectories(icons.resolve("shapes")).resolve("dot.svg"), SvgFixtures.DOT);
    return icons;
  }

  private static SpriteCatalog load(List<String> paths, Map<String, String> sources) {
    return SpriteCatalog.load(SpriteSheet.packaged(), new SpritesConfig(paths, sources));
  }

  /** What JSVG draws of {@code svg} at {@code width} × {@code height}, independently of the sprite code. */
  static BufferedImage drawAlone(String svg, int width, int height) {
    var document = new SVGLoader().load(new ByteArrayInputStream(svg.getBytes()), null, LoaderContext.createDefault());
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    document.render((Component) null, g, new ViewBox(0, 0, width, height));
    g.dispose();
    return image;
  }

  static BufferedImage decode(byte[] png) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  /** The pixels of {@code entry}'s rectangle in {@code sheet}. */
  static BufferedImage cut(BufferedImage sheet, JsonObject entry) {
    return sheet.getSubimage(entry.getInteger("x"), entry.getInteger("y"), entry.getInteger("width"),
        entry.getInteger("height"));
  }

  static void assertSamePixels(BufferedImage actual, BufferedImage expected) {
    assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
    assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
    for (int y = 0; y < expected.getHeight(); y++) {
      for (int x = 0; x < expected.getWidth(); x++) {
        int want = expected.getRGB(x, y);
        int got = actual.getRGB(x, y);
        // A fully transparent pixel's colour means nothing.
        if ((want >>> 24) != 0 || (got >>> 24) != 0) {
          assertThat(Integer.toHexString(got)).as("pixel %d,%d", x, y).isEqualTo(Integer.toHexString(want));
        }
      }
    }
  }

  @Test
  void eachSvgFileIsAnImageNamedByItsPathAtBothPixelRatios() throws IOException {
    SpriteCatalog sprites = load(List.of(icons().toString()), Map.of());
    assertThat(sprites.names()).containsExactly("icons", "listings");
    for (int ratio = 1; ratio <= 2; ratio++) {
      SpriteFiles files = sprites.sheet(List.of("icons"), new SheetKind(ratio, false));
      JsonObject index = files.index();
      assertThat(index.fieldNames()).containsExactlyInAnyOrder("square", "halves", "shapes/dot");
      Map<String, int[]> sizes = Map.of("square", new int[] {12, 12}, "halves", new int[] {20, 10},
          "shapes/dot", new int[] {10, 10});
      Map<String, String> svgs = Map.of("square", SvgFixtures.SQUARE, "halves", SvgFixtures.HALVES, "shapes/dot", SvgFixtures.DOT);
      BufferedImage sheet = decode(files.png());
      List<java.awt.Rectangle> placed = new ArrayList<>();
      for (String id : index.fieldNames()) {
        JsonObject entry = index.getJsonObject(id);
        assertThat(entry.getInteger("width")).as(id).isEqualTo(sizes.get(id)[0] * ratio);
        assertThat(entry.getInteger("height")).as(id).isEqualTo(sizes.get(id)[1] * ratio);
        assertThat(entry.getInteger("pixelRatio")).isEqualTo(ratio);
        var rectangle = new java.awt.Rectangle(entry.getInteger("x"), entry.getInteger("y"), entry.getInteger("width"),
            entry.getInteger("height"));
        assertThat(new java.awt.Rectangle(sheet.getWidth(), sheet.getHeight()).contains(rectangle)).as(id).isTrue();
        placed.forEach(other -> assertThat(other.intersects(rectangle)).as(id + " overlaps").isFalse());
        placed.add(rectangle);
        assertSamePixels(cut(sheet, entry), drawAlone(svgs.get(id), rectangle.width, rectangle.height));
      }
      BufferedImage square = cut(sheet, index.getJsonObject("square"));
      assertThat(square.getRGB(6 * ratio, 6 * ratio)).isEqualTo(0xFFFF0000);
      BufferedImage halves = cut(sheet, index.getJsonObject("halves"));
      assertThat(halves.getRGB(5 * ratio, 5 * ratio)).isEqualTo(0xFF0000FF);
      assertThat(halves.getRGB(15 * ratio, 5 * ratio)).isEqualTo(0xFF00FF00);
      BufferedImage dot = cut(sheet, index.getJsonObject("shapes/dot"));
      assertThat(dot.getRGB(5 * ratio, 5 * ratio)).isEqualTo(0xFF000000);
      assertThat(dot.getRGB(0, 0) >>> 24).isZero();
    }
  }

  @Test
  void composedSpritesHoldEveryImageAndTheLaterOneWinsASharedId() throws IOException {
    Path more = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(more.resolve("square.svg"), SvgFixtures.YELLOW_SQUARE);
    Files.writeString(more.resolve("wide.svg"), SvgFixtures.HALVES);
    SpriteCatalog sprites = load(List.of(icons().toString()), Map.of("more", more.toString()));
    assertThat(sprites.names()).containsExactly("icons", "listings", "more");

    SpriteFiles composed = sprites.sheet(List.of("icons", "more", "listings"), new SheetKind(2, false));
    assertThat(composed.index().fieldNames())
        .containsExactlyInAnyOrder("square", "halves", "shapes/dot", "wide", SpriteSheet.PILL);
    BufferedImage sheet = decode(composed.png());
    assertThat(cut(sheet, composed.index().getJsonObject("square")).getRGB(12, 12)).isEqualTo(0xFFFFFF00);
    assertThat(composed.index().getJsonObject(SpriteSheet.PILL).getBoolean("sdf")).isTrue();

    SpriteFiles reversed = sprites.sheet(List.of("more", "icons"), new SheetKind(1, false));
    assertThat(cut(decode(reversed.png()), reversed.index().getJsonObject("square")).getRGB(6, 6))
        .isEqualTo(0xFFFF0000);
  }

  @Test
  void sdfSheetsHoldDistanceFieldsWithTheEdgeAt192() throws IOException {
    SpriteCatalog sprites = load(List.of(icons().toString()), Map.of());
    for (int ratio = 1; ratio <= 2; ratio++) {
      SpriteFiles files = sprites.sheet(List.of("icons"), new SheetKind(ratio, true));
      JsonObject square = files.index().getJsonObject("square");
      assertThat(square.getBoolean("sdf")).isTrue();
      int border = SdfImage.BORDER_PX * ratio;
      assertThat(square.getInteger("width")).isEqualTo(12 * ratio + 2 * border);
      BufferedImage image = cut(decode(files.png()), square);
      int centre = border + 6 * ratio;
      assertThat(image.getRGB(centre, centre) >>> 24).as("inside, far from the edge").isEqualTo(255);
      // The sheet's first column is 3 CSS px from the square's first pixel, so its centre is 3 px less
      // half an image pixel from the edge: 32 units per CSS px below 192.
      double outside = (3.0 * ratio - 0.5) / ratio;
      assertThat(image.getRGB(0, centre) >>> 24).as("at the border").isEqualTo((int) Math.round(192 - 32 * outside));
      // The pixels on either side of the square's left edge straddle 192.
      assertThat(image.getRGB(border - 1, centre) >>> 24).isLessThan(192);
      assertThat(image.getRGB(border, centre) >>> 24).isGreaterThan(192);
      assertThat(image.getRGB(centre, centre) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }
  }

  @Test
  void aBadSvgStopsTheStartNamingTheFileAndKey() throws IOException {
    Path icons = icons();
    Path broken = icons.resolve("shapes/broken.svg");
    Files.writeString(broken, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"><rect");
    assertThatThrownBy(() -> load(List.of(icons.toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sprites.paths[0]").hasMessageContaining(broken.toString())
        .hasMessageContaining("not well-formed XML");
    Files.writeString(broken, "<html><body/></html>");
    assertThatThrownBy(() -> load(List.of(), Map.of("icons", icons.toString())))
        .hasMessageContaining("sprites.sources.icons").hasMessageContaining(broken.toString())
        .hasMessageContaining("not an SVG");
  }

  @Test
  void aMissingDirectoryOrATakenNameStopsTheStart() throws IOException {
    Path missing = dir.resolve("nowhere");
    assertThatThrownBy(() -> load(List.of(missing.toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sprites.paths[0]").hasMessageContaining(missing + " does not exist");
    Path file = Files.writeString(dir.resolve("one.svg"), SvgFixtures.SQUARE);
    assertThatThrownBy(() -> load(List.of(), Map.of("one", file.toString())))
        .hasMessageContaining("sprites.sources.one").hasMessageContaining("is not a directory");
    assertThatThrownBy(() -> load(List.of(), Map.of("listings", icons().toString())))
        .hasMessageContaining("sprites.sources.listings").hasMessageContaining("taken by the packaged sprite");
    assertThatThrownBy(() -> load(List.of(icons().toString()), Map.of("icons", icons().toString())))
        .hasMessageContaining("sprites.sources.icons").hasMessageContaining("taken already");
  }
}
