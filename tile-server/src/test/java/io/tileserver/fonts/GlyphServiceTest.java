package io.tileserver.fonts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.config.FontsConfig;
import java.awt.Font;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Glyph ranges from the machine's DejaVu fonts (Debian's fonts-dejavu-core, which the test script
 * installs), decoded and checked against the fonts' own metrics.
 */
class GlyphServiceTest {
  private static final FontCatalog CATALOG = FontCatalog.scan(Path.of(FontsConfig.DEFAULT_DIRECTORY));
  private final GlyphService service = new GlyphService(CATALOG, 8 << 20, Runnable::run);

  private DecodedGlyphs.Stack range(String stack, int start) {
    byte[] bytes = service.range(GlyphService.stack(stack), new GlyphRange(start, start + 255)).join();
    DecodedGlyphs decoded = DecodedGlyphs.decode(bytes);
    assertThat(decoded.stacks()).hasSize(1);
    return decoded.stacks().getFirst();
  }

  @Test
  void theFirstRangeHoldsTheLatinGlyphsWithSdfBitmapsAndMetrics() {
    DecodedGlyphs.Stack stack = range("DejaVu Sans Bold", 0);
    assertThat(stack.name()).isEqualTo("DejaVu Sans Bold");
    assertThat(stack.range()).isEqualTo("0-255");
    assertThat(stack.glyphs().keySet()).contains(32, 36, 48, 65, 107, 0xE9).allMatch(id -> id >= 0 && id <= 255);

    SdfGlyph a = stack.glyphs().get((int) 'A');
    Font font = CATALOG.find("DejaVu Sans Bold").orElseThrow().deriveFont(24f);
    assertThat(a.advance()).isEqualTo(Math.round(font.createGlyphVector(
        new java.awt.font.FontRenderContext(null, true, true), "A").getGlyphMetrics(0).getAdvanceX()));
    // A capital is about 0.73 em tall in DejaVu: 17–18 px at 24 px, its top a few px below the ascender.
    assertThat(a.height()).isBetween(16, 19);
    assertThat(a.width()).isBetween(15, 20);
    assertThat(a.top()).isBetween(-8, 0);
    assertThat(a.bitmap()).hasSize((a.width() + 6) * (a.height() + 6));

    // The centre of the buffer's corner pixel is at least 2.5·√2 px outside the outline, so it
    // encodes 255 - 256·(3.54/8 + 0.25) ≈ 78 or less; the middle of the 'l' is inside, above the
    // edge's 192.
    SdfGlyph l = stack.glyphs().get((int) 'l');
    int columns = l.width() + 6;
    assertThat(l.bitmap()[0] & 0xFF).isLessThanOrEqualTo(78);
    int middle = (l.height() / 2 + 3) * columns + columns / 2;
    assertThat(l.bitmap()[middle] & 0xFF).isGreaterThan(192);

    SdfGlyph space = stack.glyphs().get(32);
    assertThat(space.bitmap()).isEmpty();
    assertThat(space.width()).isZero();
    assertThat(space.advance()).isPositive();
  }

  @Test
  void aCompositeStackTakesEachGlyphFromTheFirstFontThatHasIt() {
    DecodedGlyphs.Stack mono = range("DejaVu Sans Mono", 0);
    DecodedGlyphs.Stack sans = range("DejaVu Sans", 0);
    DecodedGlyphs.Stack both = range("DejaVu Sans Mono,DejaVu Sans", 0);
    assertThat(both.name()).isEqualTo("DejaVu Sans Mono,DejaVu Sans");
    assertThat(both.glyphs().get((int) 'i').advance()).isEqualTo(mono.glyphs().get((int) 'i').advance());
    assertThat(both.glyphs().get((int) 'i').advance()).isNotEqualTo(sans.glyphs().get((int) 'i').advance());

    // Where the first font lacks a glyph, the second supplies it.
    Font monoFont = CATALOG.find("DejaVu Sans Mono").orElseThrow();
    Font sansFont = CATALOG.find("DejaVu Sans").orElseThrow();
    int missing = -1;
    for (int cp = 0x100; cp < 0x3000 && missing < 0; cp++) {
      if (!monoFont.canDisplay(cp) && sansFont.canDisplay(cp)) {
        missing = cp;
      }
    }
    assertThat(missing).as("a code point DejaVu Sans has and Mono lacks").isPositive();
    int start = missing & ~0xFF;
    DecodedGlyphs.Stack fallback = range("DejaVu Sans Mono,DejaVu Sans", start);
    SdfGlyph expected = range("DejaVu Sans", start).glyphs().get(missing);
    assertThat(fallback.glyphs().get(missing)).usingRecursiveComparison().isEqualTo(expected);
    assertThat(range("DejaVu Sans Mono", start).glyphs()).doesNotContainKey(missing);
  }

  @Test
  void rangesMustBe256AlignedBlocks() {
    assertThat(GlyphRange.parse("256-511")).isEqualTo(new GlyphRange(256, 511));
    for (String bad : List.of("1-256", "0-256", "0-127", "65536-65791", "a-b", "-1-254")) {
      assertThatThrownBy(() -> GlyphRange.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void anUnknownFontInTheStackFailsBeforeAnythingIsGenerated() {
    assertThatThrownBy(() -> service.range(List.of("DejaVu Sans", "No Such Font"), new GlyphRange(0, 255)).join())
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(UnknownFontException.class).hasMessage("unknown font No Such Font");
  }

  @Test
  void aRegularFaceIsAlsoKnownByItsRegularName() {
    assertThat(CATALOG.find("DejaVu Sans Regular")).isEqualTo(CATALOG.find("DejaVu Sans"));
  }
}
