package io.tileserver.fonts;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Glyph PBFs for a font stack and a 256-code-point range, generated on first request and kept in a
 * byte-bounded Caffeine cache. Concurrent requests for one range share one generation. In a stack
 * {@code "A,B"} each code point comes from the first font that has it, as MapLibre's own fallback
 * would pick; a code point no font has is left out, so the client shows nothing for it.
 */
public final class GlyphService {
  private final FontCatalog catalog;
  private final AsyncCache<Key, byte[]> cache;

  private record Key(List<String> stack, GlyphRange range) {}

  /**
   * @param executor runs the generation (CPU-bound: about a millisecond per glyph), never an event
   *     loop
   */
  public GlyphService(FontCatalog catalog, long maxBytes, Executor executor) {
    this.catalog = catalog;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .<Key, byte[]>weigher((key, bytes) -> bytes.length)
        .executor(executor)
        .buildAsync();
  }

  /** Parses a URL stack ({@code "DejaVu Sans Bold,Open Sans Bold"}) into font names. */
  public static List<String> stack(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
  }

  /**
   * The encoded range; fails with {@link UnknownFontException} when a font of the stack is not in
   * the catalog (checked before anything is generated or cached).
   */
  public CompletableFuture<byte[]> range(List<String> stack, GlyphRange range) {
    List<String> unknown = stack.stream().filter(name -> catalog.find(name).isEmpty()).toList();
    if (stack.isEmpty() || !unknown.isEmpty()) {
      return CompletableFuture.failedFuture(new UnknownFontException(stack.isEmpty() ? List.of("(empty)") : unknown));
    }
    return cache.get(new Key(stack, range), key -> generate(key.stack(), key.range()));
  }

  public FontCatalog catalog() {
    return catalog;
  }

  private byte[] generate(List<String> stack, GlyphRange range) {
    List<Font> fonts = new ArrayList<>();
    List<Integer> ascenders = new ArrayList<>();
    for (String name : stack) {
      Font sized = SdfRasterizer.sized(catalog.find(name).orElseThrow());
      fonts.add(sized);
      ascenders.add(SdfRasterizer.ascender(sized));
    }
    List<SdfGlyph> glyphs = new ArrayList<>();
    for (int codePoint = range.start(); codePoint <= range.end(); codePoint++) {
      if (Character.isSurrogate((char) codePoint)) {
        continue;
      }
      for (int i = 0; i < fonts.size(); i++) {
        if (fonts.get(i).canDisplay(codePoint)) {
          glyphs.add(SdfRasterizer.render(fonts.get(i), codePoint, ascenders.get(i)));
          break;
        }
      }
    }
    return GlyphPbf.encode(String.join(",", stack), range, glyphs);
  }
}
