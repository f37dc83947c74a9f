package io.tileserver.fonts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tileserver.config.FontsConfig;
import java.awt.Font;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Glyph ranges from the machine's DejaVu fonts (Debian's fonts-dejavu-core, which the test script
 * installs), decoded and checked against the fonts' own metrics.
 */
class GlyphServiceTest {
  private static final FontCatalog CATALOG = FontCatalog.scan(List.of(Path.of(FontsConfig.DEFAULT_DIRECTORY)));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GlyphService service = new GlyphService(CATALOG, 8 << 20, 8, Runnable::run, registry);

  private DecodedGlyphs.Stack range(String stack, int start) {
    byte[] bytes = service.range(service.stack(stack), new GlyphRange(start, start + 255)).join();
    DecodedGlyphs decoded = DecodedGlyphs.decode(bytes);
    assertThat(decoded.stacks()).hasSize(1);
    return decoded.stacks().getFirst();
  }

  private double rendered() {
    return registry.get("glyph_ranges_rendered").counter().count();
  }

  private static Font font(String name) {
    return CATALOG.find(name).orElseThrow().font();
  }

  @Test
  void theFirstRangeHoldsTheLatinGlyphsWithSdfBitmapsAndMetrics() {
    DecodedGlyphs.Stack stack = range("DejaVu Sans Bold", 0);
    assertThat(stack.name()).isEqualTo("DejaVu Sans Bold");
    assertThat(stack.range()).isEqualTo("0-255");
    assertThat(stack.glyphs().keySet()).contains(32, 36, 48, 65, 107, 0xE9).allMatch(id -> id >= 0 && id <= 255);

    SdfGlyph a = stack.glyphs().get((int) 'A');
    Font font = font("DejaVu Sans Bold").deriveFont(24f);
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
    // Order is the style's choice, not a detail: the other order takes the other font's glyph.
    DecodedGlyphs.Stack reversed = range("DejaVu Sans,DejaVu Sans Mono", 0);
    assertThat(reversed.name()).isEqualTo("DejaVu Sans,DejaVu Sans Mono");
    assertThat(reversed.glyphs().get((int) 'i')).usingRecursiveComparison().isEqualTo(sans.glyphs().get((int) 'i'));

    // Where the first font lacks a glyph, the second supplies it.
    Font monoFont = font("DejaVu Sans Mono");
    Font sansFont = font("DejaVu Sans");
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
  void everyOrderAndCombinationOfTwoFontsRendersEachFontsRangeOnce() {
    range("DejaVu Serif,DejaVu Sans", 0);
    assertThat(rendered()).isEqualTo(2);
    range("DejaVu Sans,DejaVu Serif", 0);
    range("DejaVu Sans", 0);
    range("DejaVu Serif", 0);
    // An alias of a face, and a name given twice, are the same font.
    range("DejaVu Sans Regular,DejaVu Serif,DejaVu Sans", 0);
    assertThat(rendered()).isEqualTo(2);
    range("DejaVu Sans,DejaVu Serif", 256);
    assertThat(rendered()).as("another range is another render per font").isEqualTo(4);
  }

  @Test
  void aFullRenderQueueRefusesTheRequestAndALaterOneRendersIt() throws Exception {
    ExecutorService pool = GlyphRenderPool.create(1, 1);
    GlyphService bounded = new GlyphService(CATALOG, 8 << 20, 8, pool, registry);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch drained = new CountDownLatch(1);
    try {
      // One task holds the only thread, one fills the queue.
      pool.execute(() -> awaitQuietly(release));
      pool.execute(drained::countDown);
      FontStack stack = bounded.stack("DejaVu Sans");
      assertThatThrownBy(() -> bounded.range(stack, new GlyphRange(0, 255)).get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause().isInstanceOf(GlyphRenderBusyException.class);
      assertThat(registry.get("glyph_renders_refused").counter().count()).isEqualTo(1);
      assertThat(rendered()).isZero();

      release.countDown();
      assertThat(drained.await(30, TimeUnit.SECONDS)).isTrue();
      byte[] bytes = bounded.range(stack, new GlyphRange(0, 255)).get(30, TimeUnit.SECONDS);
      assertThat(DecodedGlyphs.decode(bytes).stacks().getFirst().glyphs()).containsKey((int) 'A');
      assertThat(rendered()).isEqualTo(1);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aStackNamesOneToMaxDistinctFontsInItsOwnOrder() {
    assertThat(FontStack.parse(" B ,A,B,,A ", 2).fonts()).containsExactly("B", "A");
    assertThat(FontStack.parse("A,A,A,A,A,A,A,A,A,A,A,A", 1).fonts()).containsExactly("A");
    assertThat(FontStack.parse("F1,F2,F3,F4,F5,F6,F7,F8", 8).name()).isEqualTo("F1,F2,F3,F4,F5,F6,F7,F8");
    assertThatThrownBy(() -> FontStack.parse("F1,F2,F3,F4,F5,F6,F7,F8,F9", 8))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the font stack names 9 fonts; at most 8 are served");
    assertThatThrownBy(() -> FontStack.parse(" , ", 8))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the font stack names no font");
  }

  @Test
  void rangesMustBe256AlignedBlocksSpelledOneWay() {
    assertThat(GlyphRange.parse("0-255")).isEqualTo(new GlyphRange(0, 255));
    assertThat(GlyphRange.parse("65280-65535")).isEqualTo(new GlyphRange(65280, 65535));
    for (String bad : List.of("1-256", "0-256", "0-127", "65536-65791", "a-b", "-1-254",
        "00-255", "0-0255", "0256-511", "\u0660-255", "0-\u0662\u0665\u0665", "99999999999-255", "+0-255",
        " 0-255", "0-255 ", "0x0-0xff", "")) {
      assertThatThrownBy(() -> GlyphRange.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void anUnknownFontInTheStackFailsBeforeAnythingIsGenerated() {
    assertThatThrownBy(() -> service.range(service.stack("DejaVu Sans,No Such Font"), new GlyphRange(0, 255)).join())
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(UnknownFontException.class).hasMessage("unknown font No Such Font");
    assertThat(rendered()).isZero();
  }

  @Test
  void aRegularFaceIsAlsoKnownByItsRegularName() {
    assertThat(CATALOG.find("DejaVu Sans Regular")).isEqualTo(CATALOG.find("DejaVu Sans"));
  }
}
