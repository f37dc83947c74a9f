package io.tileserver.fonts;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Glyph PBFs for a font stack and a 256-code-point range. Each font's range is rendered once, on
 * first request, and kept in a byte-bounded Caffeine cache (concurrent requests share one render);
 * a stack's answer is composed from its fonts' cached ranges without rendering anything, so a new
 * stack, or a new order of known fonts, costs a copy of bytes. In a stack {@code "A,B"} each code
 * point comes from the first font that has it, as MapLibre's own fallback would pick; a code point
 * no font has is left out, so the client shows nothing for it.
 */
public final class GlyphService {
  private final FontCatalog catalog;
  private final int maxStackFonts;
  private final Executor renderer;
  private final AsyncCache<Key, FontRange> ranges;
  private final Counter rendered;
  private final Counter refused;

  private record Key(FontFace face, GlyphRange range) {}

  /**
   * @param maxBytes bound on the cached rendered ranges
   * @param maxStackFonts the most distinct fonts a stack may name
   * @param renderer runs the renders (CPU-bound: up to a second a range), never an event loop; when
   *     it refuses a task the request fails with {@link GlyphRenderBusyException}
   */
  public GlyphService(FontCatalog catalog, long maxBytes, int maxStackFonts, Executor renderer,
      MeterRegistry registry) {
    this.catalog = catalog;
    this.maxStackFonts = maxStackFonts;
    this.renderer = renderer;
    this.ranges = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .<Key, FontRange>weigher((key, range) -> range.weight())
        .buildAsync();
    this.rendered = Counter.builder("glyph_ranges_rendered")
        .description("Glyph ranges (one font, 256 code points) rendered; stacks are composed from them")
        .register(registry);
    this.refused = Counter.builder("glyph_renders_refused")
        .description("Glyph range renders refused because the render queue was full (answered 503)")
        .register(registry);
  }

  /** Parses a URL stack ({@code "DejaVu Sans Bold,Open Sans Bold"}); see {@link FontStack#parse}. */
  public FontStack stack(String text) {
    return FontStack.parse(text, maxStackFonts);
  }

  public int maxStackFonts() {
    return maxStackFonts;
  }

  /**
   * The encoded range; fails with {@link UnknownFontException} when a font of the stack is not in
   * the catalog (checked before anything is rendered), with {@link GlyphRenderBusyException} when a
   * range it needs cannot be queued for rendering.
   */
  public CompletableFuture<byte[]> range(FontStack stack, GlyphRange range) {
    List<FontFace> faces = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String name : stack.fonts()) {
      catalog.find(name).ifPresentOrElse(faces::add, () -> unknown.add(name));
    }
    if (!unknown.isEmpty()) {
      return CompletableFuture.failedFuture(new UnknownFontException(unknown));
    }
    // Two names of one face (DejaVu Sans, DejaVu Sans Regular) are one range; the later never supplies a glyph.
    List<CompletableFuture<FontRange>> parts = new ArrayList<>();
    try {
      for (FontFace face : faces.stream().distinct().toList()) {
        parts.add(ranges.get(new Key(face, range), (key, cacheExecutor) -> render(key)));
      }
    } catch (GlyphRenderBusyException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(done -> compose(stack, range, parts.stream().map(CompletableFuture::join).toList()));
  }

  public FontCatalog catalog() {
    return catalog;
  }

  private CompletableFuture<FontRange> render(Key key) {
    try {
      return CompletableFuture.supplyAsync(() -> {
        rendered.increment();
        return FontRange.render(key.face(), key.range());
      }, renderer);
    } catch (RejectedExecutionException e) {
      refused.increment();
      // Thrown rather than returned as a failed future, which the cache would log as a failed load:
      // nothing is cached, and the next request tries again.
      throw new GlyphRenderBusyException();
    }
  }

  /** For each code point, the glyph of the first font that has it. */
  private static byte[] compose(FontStack stack, GlyphRange range, List<FontRange> fonts) {
    List<byte[]> glyphs = new ArrayList<>(range.end() - range.start() + 1);
    for (int offset = 0; offset <= range.end() - range.start(); offset++) {
      for (FontRange font : fonts) {
        byte[] glyph = font.glyph(offset);
        if (glyph != null) {
          glyphs.add(glyph);
          break;
        }
      }
    }
    return GlyphPbf.stack(stack.name(), range, glyphs);
  }
}
